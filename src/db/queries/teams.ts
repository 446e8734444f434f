// Teams as the admin's page lists them: each team with its members counted by role and its active
// managers. Creating, renaming and deleting teams is services/admin-users.ts.
import { and, asc, eq, isNotNull, sql } from "drizzle-orm";
import type { Db } from "../client.ts";
import { teams, users } from "../schema.ts";
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
