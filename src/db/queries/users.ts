// Users as the caller may see them (userVisible): one rep for the progress pages, the signed-in
// user's own settings, the admin's user list; creating, changing and deactivating accounts (their
// input schemas are services/admin-users.ts); the calendar-feed token's hash.
import { and, asc, eq, isNull, ne, or, sql, type SQL } from "drizzle-orm";
import type { SQLiteColumn } from "drizzle-orm/sqlite-core";
import type { Db } from "../client.ts";
import { apiTokens, sessions, signinTokens, teams, users } from "../schema.ts";
import { isUniqueViolation } from "../errors.ts";
import { userVisible } from "./scope.ts";
import type { Viewer } from "../../auth/identity.ts";
import type { Locale, Role } from "../../domain/types.ts";

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

// ---- accounts, as the admin keeps them ------------------------------------------------------------

/** A user's fields as the admin's form and the CLI give them (validated: services/admin-users.ts). */
export type UserValues = { email: string; name: string; role: Role; locale: Locale; digestTime: string; teamId: number | null };

export type FieldCodes = Record<string, string>;
export type SaveResult = { ok: true; id: number } | { ok: false; fields: FieldCodes } | { ok: false; notFound: true };

/** Creates a user after checking the e-mail is free and the team exists (one read round trip). */
export async function createUser(db: Db, input: UserValues): Promise<SaveResult> {
  const [taken, team] = await db.batch([
    db.select({ id: users.id }).from(users).where(eq(users.email, input.email)),
    db.select({ id: teams.id }).from(teams).where(eq(teams.id, input.teamId ?? 0)),
  ]);
  const fields: FieldCodes = {};
  if (taken.length > 0) fields.email = "email_taken";
  if (input.teamId !== null && team.length === 0) fields.teamId = "not_found";
  if (Object.keys(fields).length > 0) return { ok: false, fields };
  try {
    const [row] = await db.insert(users).values(input).returning({ id: users.id });
    return { ok: true, id: row!.id };
  } catch (err) {
    // Two admins (or a double click) raced past the check: the unique index decides.
    if (isUniqueViolation(err, "users.email")) return { ok: false, fields: { email: "email_taken" } };
    throw err;
  }
}

export async function updateUser(db: Db, id: number, input: UserValues, actingAdminId: number): Promise<SaveResult> {
  const [existing, taken, team] = await db.batch([
    db.select({ id: users.id }).from(users).where(eq(users.id, id)),
    db.select({ id: users.id }).from(users).where(and(eq(users.email, input.email), ne(users.id, id))),
    db.select({ id: teams.id }).from(teams).where(eq(teams.id, input.teamId ?? 0)),
  ]);
  if (existing.length === 0) return { ok: false, notFound: true };
  const fields: FieldCodes = {};
  if (taken.length > 0) fields.email = "email_taken";
  if (input.teamId !== null && team.length === 0) fields.teamId = "not_found";
  // An admin who demotes themselves may leave nobody able to undo it.
  if (id === actingAdminId && input.role !== "admin") fields.role = "own_role";
  if (Object.keys(fields).length > 0) return { ok: false, fields };
  try {
    await db.update(users).set(input).where(eq(users.id, id));
  } catch (err) {
    if (isUniqueViolation(err, "users.email")) return { ok: false, fields: { email: "email_taken" } };
    throw err;
  }
  return { ok: true, id };
}

/**
 * Deactivating a user ends every way in at once, atomically: sessions and API tokens are revoked,
 * unused sign-in links expire and the calendar feed token is dropped. Reactivating restores only
 * the account; the user signs in again.
 */
export async function setUserActive(db: Db, id: number, active: boolean, now: number): Promise<boolean> {
  if (active) {
    const rows = await db.update(users).set({ active: true }).where(eq(users.id, id)).returning({ id: users.id });
    return rows.length > 0;
  }
  const [rows] = await db.batch([
    db.update(users).set({ active: false, calendarTokenHash: null }).where(eq(users.id, id)).returning({ id: users.id }),
    db.update(sessions).set({ revokedAt: now }).where(and(eq(sessions.userId, id), isNull(sessions.revokedAt))),
    db.update(apiTokens).set({ revokedAt: now }).where(and(eq(apiTokens.userId, id), isNull(apiTokens.revokedAt))),
    db
      .update(signinTokens)
      .set({ expiresAt: now })
      .where(and(eq(signinTokens.userId, id), isNull(signinTokens.usedAt), sql`${signinTokens.expiresAt} > ${now}`)),
  ]);
  return rows.length > 0;
}

// ---- the calendar feed's token ----------------------------------------------------------------------

/** Sets (or with null drops) the hash of the user's feed token; the old URL stops working at once. */
export async function setCalendarTokenHash(db: Db, userId: number, hash: string | null): Promise<void> {
  await db.update(users).set({ calendarTokenHash: hash }).where(eq(users.id, userId));
}

export async function hasCalendarFeed(db: Db, userId: number): Promise<boolean> {
  const [row] = await db.select({ hash: users.calendarTokenHash }).from(users).where(eq(users.id, userId));
  return row?.hash != null;
}

/** The active user whose feed token hashes to `hash`, as a viewer. */
export async function userByCalendarTokenHash(db: Db, hash: string): Promise<Viewer | null> {
  const [row] = await db
    .select({ id: users.id, role: users.role, teamId: users.teamId, name: users.name, email: users.email, locale: users.locale, timeZone: users.timeZone })
    .from(users)
    .where(and(eq(users.calendarTokenHash, hash), eq(users.active, true)));
  return row ?? null;
}
