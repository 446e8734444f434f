// The weekly's lists in full for /team/lists (issue 13): the same selects as the weekly summary
// (db/queries/weekly.ts), uncapped and paged, scoped like /team (a manager: their team's reps; an
// admin: every rep), optionally one rep's. One source of truth: the page lists what the weekly
// counts for the same week.
import { and, asc, desc, eq, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/sqlite-core";
import type { Db } from "../client.ts";
import { users } from "../schema.ts";
import { userVisible } from "./scope.ts";
import { giftsOverCap, heldAtEndQuery, neglectedStores, weekNotes, weeklyQueriesForReps } from "./weekly.ts";
import { policyNumberSql } from "./policy.ts";
import type { NoteKind } from "../../domain/team-week.ts";
import type { Viewer } from "../../auth/identity.ts";
import type { WeekRange } from "../../domain/week-range.ts";

/** Stores not contacted for NEGLECT_DAYS by the week's end, by rep then longest first, with the total. */
export function notContactedSelect(db: Db, viewer: Viewer, week: WeekRange, page: { repId?: number; limit: number; offset: number }) {
  const n = neglectedStores(db, week.end, heldAtEndQuery(db, repsOf(db, viewer, page.repId), week.end));
  return db
    .select({ storeId: n.storeId, name: n.name, storeClass: n.storeClass, repId: n.repId, repName: users.name, last: n.last, since: n.since, total: sql<number>`count(*) over ()` })
    .from(n)
    .innerJoin(users, eq(users.id, n.repId))
    .orderBy(asc(users.name), asc(n.repId), asc(n.rn))
    .limit(page.limit)
    .offset(page.offset);
}

/** The week's notes of one kind (R16 competitor, R17 slow mover), newest first as the weekly lists them, with the total. */
export function notesSelect(db: Db, viewer: Viewer, week: WeekRange, kind: NoteKind, page: { repId?: number; limit: number; offset: number }) {
  const n = weekNotes(db, week, heldAtEndQuery(db, repsOf(db, viewer, page.repId), week.end));
  // The weekly names the rep who wrote the note (team-week.ts teamNotes), else the store's.
  const author = alias(users, "author");
  return db
    .select({
      id: n.id,
      subject: n.subject,
      detail: n.detail,
      reason: n.reason,
      action: n.action,
      localDate: n.localDate,
      storeId: n.storeId,
      storeName: n.storeName,
      storeClass: n.storeClass,
      repId: n.repId,
      repName: sql<string>`coalesce(${author.name}, ${users.name})`,
      total: sql<number>`count(*) over ()`,
    })
    .from(n)
    .innerJoin(users, eq(users.id, n.repId))
    .leftJoin(author, eq(author.id, n.authorId))
    .where(eq(n.kind, kind))
    .orderBy(desc(n.localDate), desc(n.id))
    .limit(page.limit)
    .offset(page.offset);
}

/** Stores over the yearly gift cap by the week's end, by rep then most first as the weekly ranks them, with the cap and the total. */
export function giftsSelect(db: Db, viewer: Viewer, week: WeekRange, page: { repId?: number; limit: number; offset: number }) {
  const g = giftsOverCap(db, week.end, heldAtEndQuery(db, repsOf(db, viewer, page.repId), week.end));
  return db
    .select({
      storeId: g.storeId,
      name: g.name,
      storeClass: g.storeClass,
      repId: g.repId,
      repName: users.name,
      total: g.total,
      cap: sql<number>`${policyNumberSql("giftCapPerStoreYear")}`,
      count: sql<number>`count(*) over ()`,
    })
    .from(g)
    .innerJoin(users, eq(users.id, g.repId))
    .orderBy(asc(users.name), asc(g.repId), asc(g.rn))
    .limit(page.limit)
    .offset(page.offset);
}

/**
 * The weekly summary's own selects (db/queries/weekly.ts) for the viewer's reps, or one of them: the
 * per-rep figures (R9–R11, festival coverage by class, the change on the week before) and the
 * follow-ups it counts overdue, with the contacts' names.
 */
export function weekSelects(db: Db, viewer: Viewer, week: WeekRange, repId: number | undefined) {
  return weeklyQueriesForReps(db, repsOf(db, viewer, repId), week);
}

/** The viewer's reps (a manager: their team's; an admin: all), or just one of them. */
function repsOf(db: Db, viewer: Viewer, repId: number | undefined) {
  return db
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.role, "rep"), userVisible(viewer), repId !== undefined ? eq(users.id, repId) : undefined));
}
