// Users and teams as the admin manages them (/admin/users, /admin/teams, `npm run cli -- users add`).
// Messages are codes translated by the caller (i18n `validation`, then `admin.errors`).
import * as v from "valibot";
import { and, asc, eq, isNull, ne, sql } from "drizzle-orm";
import type { Db } from "../db/client.ts";
import { apiTokens, sessions, signinTokens, teams, users } from "../db/schema.ts";
import { LOCALES, ROLES } from "../domain/types.ts";
import { requiredText, TIME_OF_DAY } from "../domain/fields.ts";
import { normaliseEmail } from "../auth/signin.ts";


export const UserFields = {
  email: v.pipe(
    v.string("required"),
    v.trim(),
    v.nonEmpty("required"),
    v.maxLength(254, "too_long"),
    v.email("bad_email"),
    v.transform(normaliseEmail),
  ),
  name: requiredText(60),
  role: v.picklist(ROLES, "unknown_value"),
  locale: v.optional(v.picklist(LOCALES, "unknown_value"), "zh-CN"),
  digestTime: v.optional(v.pipe(v.string("required"), v.trim(), v.regex(TIME_OF_DAY, "hhmm")), "07:30"),
};

/** The admin's user form: the team is an id from a select ("" for none). */
export const UserForm = v.object({
  ...UserFields,
  teamId: v.optional(
    v.pipe(
      v.string("invalid"),
      v.trim(),
      v.regex(/^\d{0,12}$/, "invalid"),
      v.transform((s) => (s === "" ? null : Number(s))),
    ),
    "",
  ),
});
export type UserInput = v.InferOutput<typeof UserForm>;

export const TeamForm = v.object({ name: requiredText(40) });

export type FieldCodes = Record<string, string>;
export type SaveResult = { ok: true; id: number } | { ok: false; fields: FieldCodes } | { ok: false; notFound: true };

function isUniqueViolation(err: unknown, column: string): boolean {
  // The cause is the driver's LibsqlError, whose text names the constraint.
  // oxlint-disable-next-line typescript/no-base-to-string -- a cause without its own toString just does not match
  const s = String(err instanceof Error && err.cause ? `${err} ${String(err.cause)}` : err);
  return s.includes("UNIQUE") && s.includes(column);
}

/** Creates a user after checking the e-mail is free and the team exists (one read round trip). */
export async function createUser(db: Db, input: UserInput): Promise<SaveResult> {
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

export async function updateUser(db: Db, id: number, input: UserInput, actingAdminId: number): Promise<SaveResult> {
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
