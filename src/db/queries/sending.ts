// The outbox as the senders write it: a sign-in mail recorded and its outcome; the scheduled mail's
// claims (scheduler/claim.ts), and a job's reads and writes (scheduler/consumer.ts, whose header
// tells the three round trips they make).
import { and, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "../client.ts";
import { contacts, outbox, outboxMentions, users } from "../schema.ts";

/**
 * Records a sign-in mail before it is sent. Its body (which holds a live sign-in link) is kept only
 * when there is no mail provider (`local`), so local use can read it. The period is a random token:
 * every sign-in mail is its own (kind, user, period). Returns the row's id.
 */
export async function insertSigninMail(
  db: Db,
  row: { userId: number; toEmail: string; subject: string; text: string; local: boolean; period: string },
): Promise<number | null> {
  const [inserted] = await db
    .insert(outbox)
    .values({
      kind: "signin",
      userId: row.userId,
      period: row.period,
      toEmail: row.toEmail,
      subject: row.subject,
      text: row.local ? row.text : null,
      state: row.local ? "local" : "sending",
      attempts: row.local ? 0 : 1,
    })
    .returning({ id: outbox.id });
  return inserted?.id ?? null;
}

/** A sent message's provider id, or why it failed (at most 500 characters). */
export async function recordSendResult(db: Db, id: number, result: { ok: true; providerId: string | null } | { ok: false; error: string }, now: number): Promise<void> {
  await db
    .update(outbox)
    .set(result.ok ? { state: "sent", providerId: result.providerId, sentAt: now } : { state: "failed", lastError: result.error.slice(0, 500) })
    .where(eq(outbox.id, id));
}

// ---- the scheduled mail (scheduler/claim.ts, consumer.ts) --------------------------------------

export type ClaimKind = "digest" | "weekly";
export type ClaimRow = { id: number; kind: ClaimKind; userId: number; period: string };

/**
 * Claims (kind, user, period) in the outbox for the due users of one time zone and role, in one
 * INSERT … SELECT: the unique index makes a second run for the same period claim nothing.
 */
export async function claimDueUsers(
  db: Db,
  c: { kind: ClaimKind; role: "rep" | "manager"; timeZone: string; period: string; time: string; now: number },
): Promise<ClaimRow[]> {
  const rows = await db.all<{ id: number; user_id: number }>(sql`
    insert into ${outbox} (kind, user_id, period, to_email, state, created_at)
    select ${c.kind}, ${users.id}, ${c.period}, ${users.email}, 'claimed', ${c.now}
    from ${users}
    where ${users.active} = 1 and ${users.role} = ${c.role} and ${users.digestPaused} = 0
      and ${users.timeZone} = ${c.timeZone} and ${users.digestTime} <= ${c.time}
    on conflict (kind, user_id, period) do nothing
    returning id, user_id`);
  return rows.map((r) => ({ id: Number(r.id), kind: c.kind, userId: Number(r.user_id), period: c.period }));
}

/** The time zones of the active users: claims are made zone by zone. */
export async function activeTimeZones(db: Db): Promise<string[]> {
  return (await db.selectDistinct({ tz: users.timeZone }).from(users).where(eq(users.active, true))).map((r) => r.tz);
}

/**
 * Claims created before `before` and still unsent, up to `limit`: handed out again with their clock
 * moved to `now`, in one UPDATE … RETURNING, so two overlapping sweeps cannot both take one.
 */
export async function reclaimClaims(db: Db, before: number, now: number, limit: number): Promise<ClaimRow[]> {
  const rows = await db.all<{ id: number; kind: ClaimKind; user_id: number; period: string }>(sql`
    update ${outbox} set created_at = ${now}
    where id in (
      select id from ${outbox}
      where state = 'claimed' and kind in ('digest', 'weekly') and created_at < ${before}
      order by id limit ${limit})
    returning id, kind, user_id, period`);
  return rows.map((r) => ({ id: Number(r.id), kind: r.kind, userId: Number(r.user_id), period: r.period }));
}

/** A job's messages as the consumer finds them, with the recipient's time zone (a digest past its day is dropped). */
export function jobMessagesQuery(db: Db, outboxIds: number[]) {
  return db
    .select({
      id: outbox.id,
      userId: outbox.userId,
      state: outbox.state,
      batchKey: outbox.batchKey,
      toEmail: outbox.toEmail,
      subject: outbox.subject,
      html: outbox.html,
      text: outbox.text,
      content: outbox.content,
      redactedAt: outbox.redactedAt,
      timeZone: users.timeZone,
    })
    .from(outbox)
    .innerJoin(users, eq(users.id, outbox.userId))
    .where(inArray(outbox.id, outboxIds));
}

/**
 * Takes a claim still unowned for the job and stores its message (packed, see mail/transport.ts): it
 * is `sending`, or `local` (sent, in effect) without a mail provider. Returns the id when taken: a
 * twin delivery of the job finds the claim taken and gets nothing.
 */
export function takeClaim(db: Db, jobKey: string, m: { id: number; subject: string; content: Uint8Array }, local: boolean, now: number) {
  return db
    .update(outbox)
    .set({ state: local ? "local" : "sending", batchKey: jobKey, subject: m.subject, content: m.content, attempts: sql`${outbox.attempts} + 1`, ...(local ? { sentAt: now } : {}) })
    .where(and(eq(outbox.id, m.id), eq(outbox.state, "claimed")))
    .returning({ id: outbox.id });
}

/** Messages this job is sending again (a retry): one more attempt each; returns the ids still the job's. */
export function retakeSending(db: Db, jobKey: string, ids: number[]) {
  return db
    .update(outbox)
    .set({ attempts: sql`${outbox.attempts} + 1` })
    .where(and(inArray(outbox.id, ids), eq(outbox.state, "sending"), eq(outbox.batchKey, jobKey)))
    .returning({ id: outbox.id });
}

/** A message that ends here, failed with the reason, if it is still in the state the job saw (a twin's claim is never touched). */
export function failMessage(db: Db, jobKey: string, m: { id: number; error: string; state: "claimed" | "sending" }) {
  return db
    .update(outbox)
    .set({ state: "failed", lastError: m.error })
    .where(and(eq(outbox.id, m.id), eq(outbox.state, m.state), m.state === "sending" ? eq(outbox.batchKey, jobKey) : undefined));
}

/** Whom each stored message names (`[outbox id, contact id]` pairs), for erasure; only messages this job owns. */
export function recordMentions(db: Db, jobKey: string, pairs: [number, number][]) {
  return db.run(sql`
    insert or ignore into ${outboxMentions} (outbox_id, contact_id)
    select json_extract(j.value, '$[0]'), json_extract(j.value, '$[1]') from json_each(${JSON.stringify(pairs)}) as j
    where exists (select 1 from ${outbox} o where o.id = json_extract(j.value, '$[0]') and o.batch_key = ${jobKey})`);
}

/**
 * Drops at once the stored copy of any of the job's messages that names a contact erased since the
 * job read them, and fails it instead of sending (`error`); returns their ids.
 */
export function dropErasedMentions(db: Db, jobKey: string, ids: number[], error: string, now: number) {
  return db
    .update(outbox)
    .set({ state: "failed", lastError: error, content: null, html: null, text: null, redactedAt: now })
    .where(
      and(
        inArray(outbox.id, ids),
        eq(outbox.batchKey, jobKey),
        inArray(outbox.state, ["sending", "local"]),
        sql`exists (select 1 from ${outboxMentions} m where m.outbox_id = ${outbox.id} and not exists (select 1 from ${contacts} c where c.id = m.contact_id))`,
      ),
    )
    .returning({ id: outbox.id });
}

/** A failed send of the job's messages: the error, and `failed` unless it is worth another try. */
export async function recordJobFailure(db: Db, jobKey: string, ids: number[], error: string, retryable: boolean): Promise<void> {
  await db
    .update(outbox)
    .set(retryable ? { lastError: error } : { state: "failed", lastError: error })
    .where(and(inArray(outbox.id, ids), eq(outbox.batchKey, jobKey)));
}

/** The job's messages sent: each one's provider id, in one statement (`[outbox id, provider id]` pairs as JSON). */
export async function recordJobSent(db: Db, sent: [number, string | null][], now: number): Promise<void> {
  await db.run(sql`
    update ${outbox} set state = 'sent', provider_id = json_extract(j.value, '$[1]'), sent_at = ${now}, last_error = null
    from json_each(${JSON.stringify(sent)}) as j
    where ${outbox}.id = json_extract(j.value, '$[0]')`);
}

/** Messages of a job the queue gave up on (retries exhausted): failed, with why, unless already settled. */
export async function deadLetterMessages(db: Db, outboxIds: number[]): Promise<void> {
  await db
    .update(outbox)
    .set({ state: "failed", lastError: sql`'dead-lettered after ' || ${outbox.attempts} || ' attempts: ' || coalesce(${outbox.lastError}, 'no error recorded')` })
    .where(and(inArray(outbox.id, outboxIds), inArray(outbox.state, ["claimed", "sending"])));
}
