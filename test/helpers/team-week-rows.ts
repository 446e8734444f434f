// A team's weekly rows with every list empty, for unit tests of the weekly (domain/team-week.ts)
// to fill in only what each one is about.
import type { TeamWeekRows } from "../../src/domain/team-week.ts";
import { DEFAULT_FESTIVALS, DEFAULT_POLICY, type Policy } from "../../src/domain/policy.ts";

export function emptyTeamWeekRows(head: Pick<TeamWeekRows, "managers" | "reps">, policy: Policy = DEFAULT_POLICY): TeamWeekRows {
  return {
    context: { policy, festivals: DEFAULT_FESTIVALS },
    ...head,
    storeCounts: [],
    pace: [],
    rules: [],
    festivalBins: [],
    activity: [],
    intel: [],
    gifts: [],
    overCap: [],
    neglected: [],
    notes: [],
    lifeEvents: [],
    linkedContacts: [],
    overdueBirthdays: [],
    birthdayGreetings: [],
  };
}
