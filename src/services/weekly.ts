// The managers' weekly summary's reads for a job of managers (up to JOB_SIZE, 100) as one plan: the
// policy and the festivals and the summary's selects (db/queries/weekly.ts), in ONE db.batch, as the
// domain's TeamWeekRows (domain/team-week.ts computes each team's week from them).
import type { Db } from "../db/client.ts";
import { batchPlan, joinPlans, mapPlan, type BatchPlan } from "../db/batch.ts";
import { monthContextPlan } from "../db/queries/month-context.ts";
import { weeklyQueries } from "../db/queries/weekly.ts";
import type { TeamWeekRows } from "../domain/team-week.ts";
import type { WeekRange } from "../domain/week-range.ts";

export function teamWeekRowsPlan(db: Db, managerIds: readonly number[], week: WeekRange): BatchPlan<TeamWeekRows> {
  const plans = joinPlans({ context: monthContextPlan(db), weekly: batchPlan(weeklyQueries(db, managerIds, week)) });
  return mapPlan(plans, ({ context, weekly }) => ({ ...weekly, context }));
}
