// Claims (kind, user, period) once in the outbox: the unique index makes a second cron run for the
// same quarter-hour (or an overlapping one) claim nothing. One INSERT … SELECT per time zone.
import { eq, sql } from "drizzle-orm";
import type { Db } from "../db/client.ts";
import { outbox, users } from "../db/schema.ts";
import type { Policy } from "../domain/policy.ts";
import { dueWindow, periodOf, type MailKind } from "./due.ts";

export type Claim = { id: number; kind: MailKind; userId: number; period: string };

/** A claim still unsent after this long was probably lost between claim and queue: queue it again. */
export const STALE_CLAIM_MS = 20 * 60_000;

async function claimKind(db: Db, kind: MailKind, role: "rep" | "manager", tz: string, period: string, time: string, now: number): Promise<Claim[]> {
  const rows = await db.all<{ id: number; user_id: number }>(sql`
    insert into ${outbox} (kind, user_id, period, to_email, state, created_at)
    select ${kind}, ${users.id}, ${period}, ${users.email}, 'claimed', ${now}
    from ${users}
    where ${users.active} = 1 and ${users.role} = ${role} and ${users.digestPaused} = 0
      and ${users.timeZone} = ${tz} and ${users.digestTime} <= ${time}
    on conflict (kind, user_id, period) do nothing
    returning id, user_id`);
  return rows.map((r) => ({ id: Number(r.id), kind, userId: Number(r.user_id), period }));
}

export async function claimDue(db: Db, policy: Policy, now: number): Promise<Claim[]> {
  const zones = await db.selectDistinct({ tz: users.timeZone }).from(users).where(eq(users.active, true));
  const claims: Claim[] = [];
  for (const { tz } of zones) {
    const w = dueWindow(now, tz, policy);
    if (!w.open) continue;
    claims.push(...(await claimKind(db, "digest", "rep", tz, periodOf("digest", w), w.time, now)));
    if (w.weeklyToday) claims.push(...(await claimKind(db, "weekly", "manager", tz, periodOf("weekly", w), w.time, now)));
  }
  return claims;
}

/**
 * Claims that never reached the queue (the cron died in between): hand them out again, and move
 * their clock so the next sweep leaves them alone for another while. An UPDATE … RETURNING, so two
 * overlapping sweeps cannot both take the same claim.
 */
export async function reclaimStale(db: Db, now: number, limit = 5000): Promise<Claim[]> {
  const rows = await db.all<{ id: number; kind: MailKind; user_id: number; period: string }>(sql`
    update ${outbox} set created_at = ${now}
    where id in (
      select id from ${outbox}
      where state = 'claimed' and kind in ('digest', 'weekly') and created_at < ${now - STALE_CLAIM_MS}
      order by id limit ${limit})
    returning id, kind, user_id, period`);
  return rows.map((r) => ({ id: Number(r.id), kind: r.kind, userId: Number(r.user_id), period: r.period }));
}
