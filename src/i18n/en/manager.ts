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
  today: {
    allWell: "Nobody on the team is behind, and there are no overdue follow-ups, festival gaps or stores about to go 30 days without contact today.",
    behindTitle: "Reps behind pace",
    short: (n: number) => `${n} contacts short of expected`,
    overdueTitle: "Overdue follow-ups",
    daysOverdue: (n: number) => `${n} days overdue`,
    festivalsTitle: "Festival coverage gaps",
    festivalGap: (uncovered: number, total: number, daysLeft: number, end: string) => `${uncovered} of ${total} stores not covered, ${daysLeft} days left (until ${end})`,
    quietTitle: "Stores about to go 30 days without contact",
    quiet: (last: string, daysLeft: number) => `last contact ${last}, 30 days in ${daysLeft} days`,
  },
};
