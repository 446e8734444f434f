import type { Messages } from "../zh-CN/index.ts";

export const manager: Messages["manager"] = {
  band: { on_pace: "on pace", slipping: "slipping", behind: "behind" },
  paceOf: (pct: number, band: string) => `${pct}% of expected · ${band}`,
  paceNone: "Nothing expected yet this month",
  export: {
    button: "Export this month (CSV)",
    month: "Month",
    team: "Team",
    rep: "Rep",
    storeId: "Store ID",
    store: "Store",
    city: "City",
    storeClass: "Class",
    item: "Channel / rule",
    required: "Required",
    done: "Done",
    expected: "Expected by now",
  },
};
