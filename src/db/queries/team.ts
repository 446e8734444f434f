// The team pages (/team, /team/reps/:id): a manager's reps (an admin's: any team's), the teams to
// filter by, and who may receive a rep's stores. Moving the stores is reassignStores (stores.ts),
// which decides with the same rule (`assignable`).
import { and, asc, between, eq, inArray, isNotNull, ne, sql } from "drizzle-orm";
import type { Db } from "../client.ts";
import { interactions, storeAssignments, stores, teams, users } from "../schema.ts";
import { inHoldingSql, quotaChannelSql } from "./rules.ts";
import { monthBounds } from "../../domain/dates.ts";
import { userVisible } from "./scope.ts";
import { assignable } from "./stores.ts";
import type { Viewer } from "../../auth/identity.ts";

/** Reps the viewer may see, by team then name, `limit` from `offset` (admins may narrow to one team). */
export function teamRepsSelect(db: Db, viewer: Viewer, page: { teamId?: number; limit: number; offset: number }) {
  return db
    .select({ id: users.id, name: users.name, active: users.active, teamId: users.teamId, teamName: teams.name })
    .from(users)
    .leftJoin(teams, eq(teams.id, users.teamId))
    .where(and(eq(users.role, "rep"), userVisible(viewer), page.teamId !== undefined ? eq(users.teamId, page.teamId) : undefined))
    .orderBy(asc(teams.name), asc(users.name), asc(users.id))
    .limit(page.limit)
    .offset(page.offset);
}

export type TeamRep = Awaited<ReturnType<typeof teamRepsSelect>>[number];

/**
 * The page's reps' visits with a check-in position at a located store between two dates (the caller
 * cuts them to the month): in the same batch as the reps, so /team keeps its round trips.
 */
export function checkInsSelect(db: Db, viewer: Viewer, page: { teamId?: number; limit: number; offset: number }, from: string, to: string) {
  const pageReps = teamRepsSelect(db, viewer, page).as("page_reps");
  return db
    .select({ repId: interactions.repId, localDate: interactions.localDate, lat: interactions.lat, lng: interactions.lng, accuracyM: interactions.accuracyM, storeLat: stores.lat, storeLng: stores.lng })
    .from(interactions)
    .innerJoin(stores, eq(stores.id, interactions.storeId))
    .where(
      and(
        inArray(interactions.repId, db.select({ id: pageReps.id }).from(pageReps)),
        between(interactions.localDate, from, to),
        eq(interactions.channel, "visit"),
        isNotNull(interactions.lat),
        isNotNull(stores.lat),
      ),
    );
}

/** The teams the viewer leads (a manager: their own) or may filter by (an admin: all), by name. */
export function teamsSelect(db: Db, viewer: Viewer) {
  return db
    .select({ id: teams.id, name: teams.name })
    .from(teams)
    .where(viewer.role === "admin" ? undefined : eq(teams.id, viewer.teamId ?? 0))
    .orderBy(asc(teams.name));
}

/**
 * Who may receive a rep's stores, by name: the reps the viewer may assign stores to, other than this
 * one; an admin sees one team at a time (`team`, by default the rep's own). With the teams an admin
 * may pick from (none for a manager). Two selects, for the caller's batch.
 */
export function reassignTargetsQueries(db: Db, viewer: Viewer, repId: number, team: number | undefined) {
  const ofTeam =
    viewer.role !== "admin" ? undefined : team !== undefined ? eq(users.teamId, team) : sql`${users.teamId} is (select u.team_id from users u where u.id = ${repId})`;
  return {
    targets: db
      .select({ id: users.id, name: users.name, teamName: teams.name })
      .from(users)
      .leftJoin(teams, eq(teams.id, users.teamId))
      .where(and(assignable(viewer), ne(users.id, repId), ofTeam))
      .orderBy(asc(users.name), asc(users.id)),
    teams: db
      .select({ id: teams.id, name: teams.name })
      .from(teams)
      .where(viewer.role === "admin" ? undefined : sql`0 = 1`)
      .orderBy(asc(teams.name)),
  };
}

/** Who may receive a rep's stores (reassignTargetsQueries' rows). */
export type ReassignTargets = { targets: { id: number; name: string; teamName: string | null }[]; teams: { id: number; name: string }[] };

/**
 * A rep's contacts of a month per store, channel and day, inside the stretches the rep held each
 * store (anyone's contact counts for the holder, as the month's pace counts it), quota channels
 * only: the rep page's done-versus-expected line (domain/month-line.ts). Scoped: a rep outside the
 * viewer's scope reads nothing.
 */
export function dailyContactsSelect(db: Db, viewer: Viewer, repId: number, month: string) {
  const a = storeAssignments;
  const { first, last } = monthBounds(month);
  const visible = db.select({ id: users.id }).from(users).where(and(eq(users.id, repId), userVisible(viewer)));
  return db
    .select({ storeId: interactions.storeId, channel: interactions.channel, localDate: interactions.localDate, count: sql<number>`count(*)` })
    .from(a)
    .innerJoin(interactions, eq(interactions.storeId, a.storeId))
    .where(and(inArray(a.repId, visible), between(interactions.localDate, first, last), inHoldingSql(a), quotaChannelSql()))
    .groupBy(interactions.storeId, interactions.channel, interactions.localDate);
}
