// Loads the month of MANY reps at once (the /today, /month and /team pages, GET /api/progress): the
// named selects of db/queries/rep-month.ts in one db.batch, grouped by rep in domain/rep-month.ts.
// The number of round trips is the same for 1 rep or 100. Without a preloaded MonthContext the
// policy and festivals take one more round trip first (their values bound the other selects' date
// ranges), so: 1 round trip with a context, 2 without.
import type { Db } from "../db/client.ts";
import { runQueries } from "../db/batch.ts";
import { loadMonthContext } from "../db/queries/month-context.ts";
import { repMonthQueries } from "../db/queries/rep-month.ts";
import type { Viewer } from "../auth/identity.ts";
import type { MonthContext, RepMonthData } from "../domain/rep-day.ts";
import { repMonthsOf } from "../domain/rep-month.ts";
import type { LocalDate } from "../domain/types.ts";

export type { MonthContext } from "../domain/rep-day.ts";

export type LoadOptions = {
  /** Policy and festivals already loaded (saves a round trip). */
  context?: MonthContext;
  /** When loading for a signed-in caller: rows outside their scope are left out (storeVisible/userVisible). */
  viewer?: Viewer;
};

/**
 * The month through `today` of every rep in `repIds`, keyed by rep id (a rep without stores or rows
 * gets an empty month). Round trips: 1 with `options.context`, 2 without; never more.
 */
export async function loadRepMonths(db: Db, repIds: number[], today: LocalDate, options: LoadOptions = {}): Promise<Map<number, RepMonthData>> {
  const ids = [...new Set(repIds.filter((id) => Number.isSafeInteger(id) && id > 0))];
  if (ids.length === 0) return new Map();
  const context = options.context ?? (await loadMonthContext(db));
  return repMonthsOf(context, ids, today, await runQueries(db, repMonthQueries(db, ids, today, context, options.viewer)));
}
