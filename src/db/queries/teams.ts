// Teams as the admin's page lists them (each team with its members counted by role and its active
// managers), and creating, renaming and deleting them.
import { and, asc, eq, isNotNull, sql } from "drizzle-orm";
import type { Db } from "../client.ts";
import { teams, users } from "../schema.ts";
import { isUniqueViolation } from "../errors.ts";
import type { SaveResult } from "./users.ts";
import { userVisible } from "./scope.ts";
import type { Viewer } from "../../auth/identity.ts";

export type TeamOverview = {
  teams: { id: number; name: string }[];
  /** Members per team: reps, and everyone (a team with nobody in it may be deleted). */
  members: Map<number, { reps: number; all: number }>;
  managers: { teamId: number | null; id: number; name: string }[];
};

/** Every team, by name, with its members and active managers among the users the viewer may see; one round trip. */
export async function teamOverview(db: Db, viewer: Viewer): Promise<TeamOverview> {
  const [teamRows, counts, managers] = await db.batch([
    db.select({ id: teams.id, name: teams.name }).from(teams).orderBy(asc(teams.name)),
    db
      .select({ teamId: users.teamId, role: users.role, n: sql<number>`count(*)` })
      .from(users)
      .where(and(userVisible(viewer), isNotNull(users.teamId)))
      .groupBy(users.teamId, users.role),
    db
      .select({ teamId: users.teamId, id: users.id, name: users.name })
      .from(users)
      .where(and(userVisible(viewer), eq(users.role, "manager"), eq(users.active, true), isNotNull(users.teamId)))
      .orderBy(asc(users.name)),
  ]);
  const members = new Map<number, { reps: number; all: number }>();
  for (const r of counts) {
    const m = members.get(r.teamId!) ?? { reps: 0, all: 0 };
    m.all += Number(r.n);
    if (r.role === "rep") m.reps += Number(r.n);
    members.set(r.teamId!, m);
  }
  return { teams: teamRows, members, managers };
}

// ---- changes -------------------------------------------------------------------------------------

export async function listTeams(db: Db) {
  return db.select({ id: teams.id, name: teams.name }).from(teams).orderBy(asc(teams.name));
}

export async function createTeam(db: Db, name: string): Promise<SaveResult> {
  try {
    const [row] = await db.insert(teams).values({ name }).returning({ id: teams.id });
    return { ok: true, id: row!.id };
  } catch (err) {
    if (isUniqueViolation(err, "teams.name")) return { ok: false, fields: { name: "name_taken" } };
    throw err;
  }
}

export async function renameTeam(db: Db, id: number, name: string): Promise<SaveResult> {
  try {
    const rows = await db.update(teams).set({ name }).where(eq(teams.id, id)).returning({ id: teams.id });
    return rows.length > 0 ? { ok: true, id } : { ok: false, notFound: true };
  } catch (err) {
    if (isUniqueViolation(err, "teams.name")) return { ok: false, fields: { name: "name_taken" } };
    throw err;
  }
}

/** Deletes a team only while nobody is in it; the check and the delete are one statement. */
export async function deleteEmptyTeam(db: Db, id: number): Promise<"deleted" | "not_empty" | "not_found"> {
  const [deleted, exists] = await db.batch([
    db
      .delete(teams)
      .where(and(eq(teams.id, id), sql`not exists (select 1 from ${users} where ${users.teamId} = ${id})`))
      .returning({ id: teams.id }),
    db.select({ id: teams.id }).from(teams).where(eq(teams.id, id)),
  ]);
  if (deleted.length > 0) return "deleted";
  return exists.length > 0 ? "not_empty" : "not_found";
}
