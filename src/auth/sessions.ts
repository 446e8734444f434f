// Database-backed sessions: the cookie holds a random token, the table its hash. Revoking is a
// column update, so "sign out everywhere" takes effect on the next request of every device.
import { and, eq, gt, isNull, sql } from "drizzle-orm";
import type { Db } from "../db/client.ts";
import { apiTokens, sessions, users } from "../db/schema.ts";
import { forgetDevices } from "./signin-throttle.ts";
import { normaliseEmail } from "./signin.ts";
import { randomToken, sha256Hex } from "./tokens.ts";
import type { Viewer } from "./identity.ts";

export const SESSION_TTL_MS = 30 * 24 * 3600 * 1000;
/** lastSeenAt is refreshed at most this often, so reads do not turn into writes. */
const TOUCH_EVERY_MS = 3600 * 1000;

export async function createSession(db: Db, userId: number, userAgent: string | undefined, now: number) {
  const token = randomToken();
  await db.insert(sessions).values({
    idHash: await sha256Hex(token),
    userId,
    expiresAt: now + SESSION_TTL_MS,
    lastSeenAt: now,
    userAgent: userAgent?.slice(0, 200),
  });
  return token;
}

/** The user's columns a Viewer is made of, selected with every credential lookup. */
export const viewerColumns = {
  id: users.id,
  role: users.role,
  teamId: users.teamId,
  name: users.name,
  email: users.email,
  locale: users.locale,
  timeZone: users.timeZone,
};

/** Whether a session last seen at `lastSeenAt` is due its (hourly) lastSeenAt update. */
export function dueTouch(lastSeenAt: number | null, now: number): boolean {
  return !lastSeenAt || now - lastSeenAt > TOUCH_EVERY_MS;
}

/** Records that the session was used: rare (dueTouch), and off the response's path (the caller's waitUntil). */
export async function touchSession(db: Db, token: string, now: number): Promise<void> {
  try {
    await db
      .update(sessions)
      .set({ lastSeenAt: now })
      .where(eq(sessions.idHash, await sha256Hex(token)));
  } catch (err) {
    // Only a hint for the sessions list: a busy or unreachable database must not fail the request.
    console.warn({ msg: "session: last use not recorded", error: String(err) });
  }
}

/** The full lookup: the live session's user, or null. The lastSeenAt update goes to `defer`. */
export async function viewerForSession(db: Db, token: string, now: number, defer: (work: Promise<unknown>) => void): Promise<Viewer | null> {
  const idHash = await sha256Hex(token);
  const [row] = await db
    .select({ ...viewerColumns, lastSeenAt: sessions.lastSeenAt })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(and(eq(sessions.idHash, idHash), isNull(sessions.revokedAt), gt(sessions.expiresAt, now), eq(users.active, true)));
  if (!row) return null;
  if (dueTouch(row.lastSeenAt, now)) defer(touchSession(db, token, now));
  const { lastSeenAt: _, ...viewer } = row;
  return viewer;
}

export async function revokeSession(db: Db, token: string, now: number): Promise<void> {
  await db
    .update(sessions)
    .set({ revokedAt: now })
    .where(and(eq(sessions.idHash, await sha256Hex(token)), isNull(sessions.revokedAt)));
}

/**
 * "Sign out everywhere", in one transaction: every session ends, every device this address signed in
 * on becomes a stranger to the sign-in throttle, and the API tokens are revoked too when asked
 * (scripts stop working, so it is the user's choice). Counts what was revoked, or the tokens kept.
 */
export async function signOutEverywhere(db: Db, user: { id: number; email: string }, now: number, opts: { apiTokens: boolean }) {
  const liveTokens = and(eq(apiTokens.userId, user.id), isNull(apiTokens.revokedAt));
  const emailHash = await sha256Hex(normaliseEmail(user.email));
  const [ended, tokens] = await db.batch([
    db
      .update(sessions)
      .set({ revokedAt: now })
      .where(and(eq(sessions.userId, user.id), isNull(sessions.revokedAt)))
      .returning({ id: sessions.idHash }),
    opts.apiTokens
      ? db.update(apiTokens).set({ revokedAt: now }).where(liveTokens).returning({ id: apiTokens.id })
      : db.select({ id: apiTokens.id }).from(apiTokens).where(liveTokens),
    forgetDevices(db, emailHash),
  ]);
  return { sessions: ended.length, apiTokens: tokens.length, apiTokensRevoked: opts.apiTokens };
}

export async function countLiveSessions(db: Db, userId: number, now: number): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)` })
    .from(sessions)
    .where(and(eq(sessions.userId, userId), isNull(sessions.revokedAt), gt(sessions.expiresAt, now)));
  return row?.n ?? 0;
}
