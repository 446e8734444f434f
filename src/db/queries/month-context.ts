// What every rep's month is read and judged with (MonthContext): the policy and the festival
// definitions. Their values bound other selects' date ranges, so a caller either loads them first
// (one round trip more) or puts these two selects in its own batch and reads the policy in SQL.
import type { Db } from "../client.ts";
import { batchPlan, mapPlan, runPlan, type BatchPlan, type Rows } from "../batch.ts";
import { festivalFromRow, festivalRowsSelect } from "./festivals.ts";
import { policyOf, policySelect } from "./policy.ts";
import type { MonthContext } from "../../domain/rep-day.ts";

export function contextQueries(db: Db) {
  return { policy: policySelect(db), festivals: festivalRowsSelect(db) };
}

export type ContextRows = Rows<ReturnType<typeof contextQueries>>;

export function monthContextOf(rows: ContextRows): MonthContext {
  return { policy: policyOf(rows.policy), festivals: rows.festivals.map(festivalFromRow) };
}

export function monthContextPlan(db: Db): BatchPlan<MonthContext> {
  return mapPlan(batchPlan(contextQueries(db)), monthContextOf);
}

export function loadMonthContext(db: Db): Promise<MonthContext> {
  return runPlan(db, monthContextPlan(db));
}
