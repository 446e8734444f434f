// Claims (kind, user, period) once in the outbox: the unique index makes a second cron run for the
// same quarter-hour (or an overlapping one) claim nothing. One INSERT … SELECT per time zone
// (db/queries/sending.ts).
import type { Db } from "../db/client.ts";
import { activeTimeZones, claimDueUsers, reclaimClaims, type ClaimRow } from "../db/queries/sending.ts";
import type { Policy } from "../domain/policy.ts";
import { dueWindow, periodOf } from "./due.ts";

export type Claim = ClaimRow;

/** A claim still unsent after this long was probably lost between claim and queue: queue it again. */
export const STALE_CLAIM_MS = 20 * 60_000;

export async function claimDue(db: Db, policy: Policy, now: number): Promise<Claim[]> {
  const claims: Claim[] = [];
  for (const timeZone of await activeTimeZones(db)) {
    const w = dueWindow(now, timeZone, policy);
    if (!w.open) continue;
    claims.push(...(await claimDueUsers(db, { kind: "digest", role: "rep", timeZone, period: periodOf("digest", w), time: w.time, now })));
    if (w.weeklyToday) claims.push(...(await claimDueUsers(db, { kind: "weekly", role: "manager", timeZone, period: periodOf("weekly", w), time: w.time, now })));
  }
  return claims;
}

/**
 * Claims that never reached the queue (the cron died in between, or the consumer dropped a message
 * it could not read): hand them out again, and move their clock so the next sweep leaves them alone
 * for another while.
 */
export function reclaimStale(db: Db, now: number, limit = 5000): Promise<Claim[]> {
  return reclaimClaims(db, now - STALE_CLAIM_MS, now, limit);
}
