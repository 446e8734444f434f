// The history of who held each store in which class (store_assignments, issue 11). Every write that
// changes a store's rep, class or archiving runs syncAssignments in the same batch (one transaction):
// the current row of each store whose rep or class no longer matches is closed on `today` and a new
// one opened from `today`; an archived store's current row is closed and none opened. A row opened
// today and changed again today is replaced rather than closed (the history is kept by the day).
import { sql, type SQL } from "drizzle-orm";
import type { Db } from "../client.ts";
import { storeAssignments, stores } from "../schema.ts";
import type { LocalDate } from "../../domain/types.ts";

/**
 * The three statements that bring the current assignments of the stores matching `which` (a
 * condition on `stores`, e.g. `eq(stores.id, id)`) in line with those stores' rep, class and
 * archiving, as of the organisation's local date `today`. Idempotent: running them again changes nothing.
 */
export function syncAssignments(db: Db, today: LocalDate, which: SQL | undefined) {
  const a = storeAssignments;
  const chosen = sql`${a.storeId} in (select ${stores.id} from ${stores} where ${which ?? sql`1 = 1`})`;
  const stale = sql`exists (select 1 from ${stores} s where s.id = ${a.storeId} and (s.archived = 1 or s.rep_id is not ${a.repId} or s.class <> ${a.tier}))`;
  return [
    db.run(sql`delete from ${a} where ${a.validTo} is null and ${a.validFrom} >= ${today} and ${chosen} and ${stale}`),
    db.run(sql`update ${a} set valid_to = ${today} where ${a.validTo} is null and ${chosen} and ${stale}`),
    db.run(
      sql`insert into ${a} (store_id, rep_id, tier, valid_from)
          select ${stores.id}, ${stores.repId}, ${stores.class}, ${today} from ${stores}
          where ${which ?? sql`1 = 1`} and ${stores.archived} = 0
            and not exists (select 1 from ${a} where ${a.storeId} = ${stores.id} and ${a.validTo} is null)`,
    ),
  ] as const;
}
