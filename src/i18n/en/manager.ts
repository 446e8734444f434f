import type { Messages } from "../zh-CN/index.ts";

export const manager: Messages["manager"] = {
  band: { on_pace: "on pace", slipping: "slipping", behind: "behind" },
  paceOf: (pct: number, band: string) => `${pct}% of expected · ${band}`,
  paceNone: "Nothing expected yet this month",
};
