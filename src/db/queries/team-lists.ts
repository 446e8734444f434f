// The weekly's lists in full for /team/lists (issue 13): the same selects as the weekly summary
// (db/queries/weekly.ts), uncapped and paged, scoped like /team (a manager: their team's reps; an
// admin: every rep), optionally one rep's. One source of truth: the page lists what the weekly
// counts for the same week.
import { and, asc, eq, sql } from "drizzle-orm";
import type { Db } from "../client.ts";
import { users } from "../schema.ts";
import { userVisible } from "./scope.ts";
import { heldAtEndQuery, neglectedStores } from "./weekly.ts";
import type { Viewer } from "../../auth/identity.ts";
import type { WeekRange } from "../../domain/week-range.ts";

/** Stores not contacted for NEGLECT_DAYS by the week's end, by rep then longest first, with the total. */
export function notContactedSelect(db: Db, viewer: Viewer, week: WeekRange, page: { repId?: number; limit: number; offset: number }) {
  const repsOf = db
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.role, "rep"), userVisible(viewer), page.repId !== undefined ? eq(users.id, page.repId) : undefined));
  const n = neglectedStores(db, week.end, heldAtEndQuery(db, repsOf, week.end));
  return db
    .select({ storeId: n.storeId, name: n.name, storeClass: n.storeClass, repId: n.repId, repName: users.name, last: n.last, since: n.since, total: sql<number>`count(*) over ()` })
    .from(n)
    .innerJoin(users, eq(users.id, n.repId))
    .orderBy(asc(users.name), asc(n.repId), asc(n.rn))
    .limit(page.limit)
    .offset(page.offset);
}
