// Users as the caller may see them (userVisible): one rep for the progress pages, the signed-in
// user's own settings, and the admin's user list. Creating and changing accounts, with their rules,
// is services/admin-users.ts.
import { and, asc, eq, or, sql, type SQL } from "drizzle-orm";
import type { SQLiteColumn } from "drizzle-orm/sqlite-core";
import type { Db } from "../client.ts";
import { teams, users } from "../schema.ts";
import { userVisible } from "./scope.ts";
import type { Viewer } from "../../auth/identity.ts";
import type { Locale } from "../../domain/types.ts";

/** A user the viewer may see (a rep of a manager's team, anyone for an admin), to ride in a batch. */
export function visibleUserSelect(db: Db, viewer: Viewer, id: number) {
  return db
    .select({ id: users.id, name: users.name, role: users.role, teamId: users.teamId })
    .from(users)
    .where(and(eq(users.id, id), userVisible(viewer)));
}

// ---- one's own settings -----------------------------------------------------------------------

export type UserSettings = { locale: Locale; digestTime: string; digestPaused: boolean };

export async function userSettings(db: Db, userId: number): Promise<UserSettings | null> {
  const [row] = await db.select({ locale: users.locale, digestTime: users.digestTime, digestPaused: users.digestPaused }).from(users).where(eq(users.id, userId));
  return row ?? null;
}

export async function saveUserSettings(db: Db, userId: number, settings: UserSettings): Promise<void> {
  await db.update(users).set(settings).where(eq(users.id, userId));
}

// ---- the admin's list ---------------------------------------------------------------------------

export const USER_PAGE_SIZE = 50;

/** A LIKE pattern matching `q` anywhere, with its own % and _ taken literally. */
function likePattern(q: string): string {
  return `%${q.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
}

function contains(col: SQLiteColumn, pattern: string): SQL {
  return sql`${col} like ${pattern} escape '\\'`;
}

/**
 * A page of the users the viewer may see, by role then name; `q` matches name, e-mail or team
 * anywhere. One row more than a page, so the caller knows whether another page follows.
 */
export function searchUsers(db: Db, viewer: Viewer, q: string, page: number) {
  const pattern = likePattern(q);
  return db
    .select({ id: users.id, name: users.name, email: users.email, role: users.role, active: users.active, team: teams.name })
    .from(users)
    .leftJoin(teams, eq(teams.id, users.teamId))
    .where(and(userVisible(viewer), q ? or(contains(users.name, pattern), contains(users.email, pattern), contains(teams.name, pattern)) : undefined))
    .orderBy(asc(users.role), asc(users.name), asc(users.id))
    .limit(USER_PAGE_SIZE + 1)
    .offset((page - 1) * USER_PAGE_SIZE);
}

/** What the admin's user form shows of an account, or null when out of scope. */
export async function userForAdmin(db: Db, viewer: Viewer, id: number) {
  const [row] = await db
    .select({ email: users.email, name: users.name, role: users.role, teamId: users.teamId, locale: users.locale, digestTime: users.digestTime, active: users.active })
    .from(users)
    .where(and(eq(users.id, id), userVisible(viewer)));
  return row ?? null;
}
