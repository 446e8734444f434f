// The viewer claim: who a browser says it is, so a request can read before its session is looked up.
//
// Next to the random session token (the credential) the browser holds a second cookie that names
// the viewer: user id, role, team, time zone and locale. It is not secret and not trusted: a page
// that folds its verification reads *as* the claimed viewer and puts the guard below at the head of
// the same batch. The guard returns a row only when the token's session is live (not revoked, not
// expired), its user active, and that user is exactly the one claimed. Without a row the batch's
// results are dropped (StaleClaim) and the request starts over with the full session lookup, so a
// forged or stale claim never yields a row: it is tied to the token, which only sign-in hands out.
// One round trip fewer per request (issue 15); everything else looks the session up first.
import { sql } from "drizzle-orm";
import type { Db } from "../db/client.ts";
import type { Guard } from "../db/batch.ts";
import { apiTokens, sessions, users } from "../db/schema.ts";
import { dueTouch, touchSession } from "./sessions.ts";
import { apiTokenTouchDue, touchApiToken } from "./api-tokens.ts";
import { LOCALES, ROLES, type Locale, type Role } from "../domain/types.ts";
import { sha256Hex } from "./tokens.ts";
import type { Viewer } from "./identity.ts";

/** What the claim names: the viewer without the columns only pages show (name, e-mail). */
export type Claim = Omit<Viewer, "name" | "email">;

/** The claim's cookie value: `id.role.teamId.locale.timeZone` (teamId empty when none). */
export function encodeClaim(v: Claim): string {
  return [v.id, v.role, v.teamId ?? "", v.locale, v.timeZone].join(".");
}

export function claimOf(v: Viewer): Claim {
  return { id: v.id, role: v.role, teamId: v.teamId, locale: v.locale, timeZone: v.timeZone };
}

/** A cookie value back to a claim; anything malformed is no claim at all (the full lookup then). */
export function parseClaim(value: string | undefined): Claim | null {
  if (!value || value.length > 200) return null;
  const [id, role, teamId, locale, ...zone] = value.split(".");
  const timeZone = zone.join(".");
  const int = (s: string | undefined) => (s && /^\d{1,15}$/.test(s) ? Number(s) : null);
  const userId = int(id);
  if (userId === null || !ROLES.includes(role as Role) || !LOCALES.includes(locale as Locale)) return null;
  if (teamId !== "" && int(teamId) === null) return null;
  if (!/^[A-Za-z0-9_+\-/]{1,64}$/.test(timeZone)) return null;
  return { id: userId, role: role as Role, teamId: teamId === "" ? null : int(teamId), locale: locale as Locale, timeZone };
}

/** The secret a request carries: a browser's session cookie, or a script's API token. */
export type Credential = { kind: "session" | "api"; token: string };

/** The guard's row: the columns the claim does not carry, and when the credential was last used. */
export type ClaimRow = { name: string; email: string; lastUsedAt: number | null; tokenId: number | null };

/** Thrown by the guard's check when the claim does not hold: every result of its batch is dropped. */
export class StaleClaim extends Error {
  constructor() {
    super("the viewer claim does not match a live credential");
  }
}

/**
 * The guard for `claim` under `credential` (a session: live, not revoked, not expired; an API
 * token: not revoked), and the row it returned once its batch has run (null before, or when it
 * threw StaleClaim).
 */
export async function claimGuard(db: Db, credential: Credential, claim: Claim, now: number): Promise<{ guard: Guard; row(): ClaimRow | null }> {
  const hash = await sha256Hex(credential.token);
  const live =
    credential.kind === "session"
      ? sql`select ${sessions.lastSeenAt} as last_used, null as token_id, ${sessions.userId} as user_id from ${sessions}
          where ${sessions.idHash} = ${hash} and ${sessions.revokedAt} is null and ${sessions.expiresAt} > ${now}`
      : sql`select ${apiTokens.lastUsedAt} as last_used, ${apiTokens.id} as token_id, ${apiTokens.userId} as user_id from ${apiTokens}
          where ${apiTokens.tokenHash} = ${hash} and ${apiTokens.revokedAt} is null`;
  let found: ClaimRow | null = null;
  type Row = { name: string; email: string; last_used: number | null; token_id: number | null };
  const statement = db.all<Row>(
    sql`select ${users.name} as name, ${users.email} as email, c.last_used, c.token_id
      from (${live}) c inner join ${users} on ${users.id} = c.user_id
      where ${users.active} = 1 and ${users.id} = ${claim.id} and ${users.role} = ${claim.role} and ${users.teamId} is ${claim.teamId}
        and ${users.timeZone} = ${claim.timeZone} and ${users.locale} = ${claim.locale}`,
  );
  return {
    guard: {
      statement,
      check(rows) {
        const [r] = rows as Row[];
        if (!r) throw new StaleClaim();
        found = { name: r.name, email: r.email, lastUsedAt: r.last_used, tokenId: r.token_id };
      },
    },
    row: () => found,
  };
}

/** The credential's last-use update once its claim held, when due (hourly for a session, a minute for a token): work for waitUntil. */
export function touchAfterClaim(db: Db, credential: Credential, row: ClaimRow, now: number): Promise<void> | null {
  if (credential.kind === "session") return dueTouch(row.lastUsedAt, now) ? touchSession(db, credential.token, now) : null;
  return row.tokenId !== null && apiTokenTouchDue(row.lastUsedAt, now) ? touchApiToken(db, row.tokenId, now) : null;
}
