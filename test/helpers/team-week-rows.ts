// A team's weekly rows with every list empty, for unit tests of the weekly (domain/team-week.ts)
// to fill in only what each one is about.
import { emptyTeamWeekRows as empty, type TeamWeekRows } from "../../src/domain/team-week.ts";
import { DEFAULT_FESTIVALS, DEFAULT_POLICY, type Policy } from "../../src/domain/policy.ts";

export function emptyTeamWeekRows(head: Pick<TeamWeekRows, "managers" | "reps">, policy: Policy = DEFAULT_POLICY): TeamWeekRows {
  return empty({ policy, festivals: DEFAULT_FESTIVALS }, head);
}
