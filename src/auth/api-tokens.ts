// Personal API tokens for scripts: shown once at creation, stored hashed, revocable.
import { and, desc, eq, isNull, sql } from "drizzle-orm";
import type { Db } from "../db/client.ts";
import { perDb } from "../db/prepared.ts";
import { apiTokens, users } from "../db/schema.ts";
import { randomToken, sha256Hex } from "./tokens.ts";
import type { Viewer } from "./identity.ts";
import { viewerColumns } from "./sessions.ts";

/** A recognisable prefix, so a leaked token is easy to spot in logs and code. */
const PREFIX = "kq_";

export async function createApiToken(db: Db, userId: number, name: string) {
  const token = PREFIX + randomToken();
  const [row] = await db
    .insert(apiTokens)
    .values({ userId, name, tokenHash: await sha256Hex(token) })
    .returning({ id: apiTokens.id, name: apiTokens.name, createdAt: apiTokens.createdAt });
  return { token, ...row! };
}

/** Every API call looks its token up: the statement is built once per client (db/prepared.ts). */
const byTokenHash = perDb((db) =>
  db
    .select({ ...viewerColumns, tokenId: apiTokens.id, lastUsedAt: apiTokens.lastUsedAt })
    .from(apiTokens)
    .innerJoin(users, eq(users.id, apiTokens.userId))
    .where(and(eq(apiTokens.tokenHash, sql.placeholder("tokenHash")), isNull(apiTokens.revokedAt), eq(users.active, true)))
    .prepare(),
);

/** A write per request would double the cost of every scripted call: last use is refreshed once a minute. */
export function apiTokenTouchDue(lastUsedAt: number | null, now: number): boolean {
  return !lastUsedAt || now - lastUsedAt > 60_000;
}

/** Records the token's use (for the settings page), off the response's path. */
export function touchApiToken(db: Db, tokenId: number, now: number): Promise<void> {
  return db
    .update(apiTokens)
    .set({ lastUsedAt: now })
    .where(eq(apiTokens.id, tokenId))
    // Only a hint for the settings page: a busy or unreachable database must not fail the call.
    .then(
      () => undefined,
      (err: unknown) => console.warn({ msg: "api token: last use not recorded", tokenId, error: String(err) }),
    );
}

/**
 * The viewer a token belongs to: one indexed read. The last-use time is refreshed at most once a
 * minute, handed to `background` (the request's waitUntil) so the caller never waits for that write.
 */
export async function viewerForApiToken(
  db: Db,
  token: string,
  now: number,
  background: (work: Promise<unknown>) => void,
): Promise<Viewer | null> {
  if (!token.startsWith(PREFIX)) return null;
  const [row] = await byTokenHash(db).all({ tokenHash: await sha256Hex(token) });
  if (!row) return null;
  if (apiTokenTouchDue(row.lastUsedAt, now)) background(touchApiToken(db, row.tokenId, now));
  const { tokenId: _, lastUsedAt: __, ...viewer } = row;
  return viewer;
}

export async function listApiTokens(db: Db, userId: number) {
  return db
    .select({ id: apiTokens.id, name: apiTokens.name, createdAt: apiTokens.createdAt, lastUsedAt: apiTokens.lastUsedAt })
    .from(apiTokens)
    .where(and(eq(apiTokens.userId, userId), isNull(apiTokens.revokedAt)))
    .orderBy(desc(apiTokens.id));
}

export async function revokeApiToken(db: Db, userId: number, id: number, now: number): Promise<boolean> {
  const rows = await db
    .update(apiTokens)
    .set({ revokedAt: now })
    .where(and(eq(apiTokens.id, id), eq(apiTokens.userId, userId), isNull(apiTokens.revokedAt)))
    .returning({ id: apiTokens.id });
  return rows.length > 0;
}
