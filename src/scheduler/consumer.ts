// The queue consumer: one job = up to JOB_SIZE claimed messages of one kind (src/scheduler/cron.ts;
// at most 100, Resend's batch limit), built with a few set-based queries and sent with one Resend
// batch call under the job's idempotency key.
//
// Round trips per job: (1) read the claims, the policy and everything the messages need, in one
// batch; (2) take ownership of the claims and store the rendered messages, gzipped, with the
// contacts each names (outbox_mentions, for erasure); (3) after the send, record each message's
// state. A retry resends the stored messages under the same key, so Resend answers with the first
// result instead of sending twice.
import { policyOf, policySelect } from "../db/queries/policy.ts";
import { and, eq, inArray, sql } from "drizzle-orm";
import type { Env, MailJob } from "../env.ts";
import type { Db } from "../db/client.ts";
import { contacts, outbox, outboxMentions, users } from "../db/schema.ts";
import type { Policy } from "../domain/policy.ts";
import { localDateOf, localTimeOf } from "../domain/dates.ts";
import { sha256Hex } from "../auth/tokens.ts";
import { planCompose, type Composed } from "../services/compose.ts";
import { batchPlan, joinPlans, runPlan } from "../db/batch.ts";
import { isRetryable, mailConfigured, packMail, resendClient, storedMail, type MailEnv, type StoredMail } from "../mail/transport.ts";

export type JobOutcome = { ack: true; sent: number; skipped: number; failed: number } | { ack: false; retryable: true; error: string };

type Row = {
  id: number;
  userId: number;
  state: string;
  batchKey: string | null;
  toEmail: string;
  subject: string | null;
  html: string | null;
  text: string | null;
  content: Uint8Array | null;
  redactedAt: number | null;
  timeZone: string;
};

type Outgoing = { id: number; toEmail: string; mail: StoredMail };

/** Why a message being resent fails: its stored copy is gone, and an empty mail is never sent. */
export const ERASED_ERROR = "erased: the stored copy was removed because a contact it named was erased";
const NOTHING_STORED = "nothing stored to resend";

/**
 * Users whose mail one consumer invocation builds at once. Measured in V8 on the bench data (80
 * stores a rep): a job holds ~10 MB live at 50 users and ~20 MB at 100 (its read, the rendered
 * mail, the packed copies), plus what decoding the read leaves behind; a Worker has 128 MB. So two
 * full jobs (JOB_SIZE, 100) side by side, of the up to four a batch brings (wrangler.toml's max_batch_size).
 */
const USERS_IN_FLIGHT = 200;

/** Seconds before the n-th retry (n ≥ 1): 30 s, 1 min, 2 min … capped at 30 min (base 30 s by default). */
export function backoffSeconds(attempt: number, base = 30): number {
  return Math.min(base * 2 ** Math.max(0, attempt - 1), 1800);
}

/** A morning digest past its day or the cut-off is stale news: it is dropped, never sent late. */
function expired(job: MailJob, row: Row, pol: Policy, now: number): boolean {
  if (job.kind !== "digest") return false;
  return localDateOf(now, row.timeZone) !== job.period || localTimeOf(now, row.timeZone) >= pol.digest.cutoffTime;
}

function claimsQuery(db: Db, outboxIds: number[]) {
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

export async function processJob(env: MailEnv & { APP_ORIGIN: string }, db: Db, job: MailJob, now: number): Promise<JobOutcome> {
  // (1) one read: the claims, the policy, and what the messages need
  const read = joinPlans({
    own: batchPlan({ claims: claimsQuery(db, job.outboxIds), policy: policySelect(db) }),
    compose: planCompose(db, job.kind, job.userIds, job.period, { origin: env.APP_ORIGIN, now }),
  });
  const {
    own: { claims: claimRows, policy: policyRows },
    compose,
  } = await runPlan(db, read);
  const pol = policyOf(policyRows);

  const fresh: (Outgoing & { mentions: number[] })[] = [];
  /** What the first attempt stored, to be sent again byte for byte. */
  const again: Outgoing[] = [];
  /** Messages that end here as failed; `state` is the one this job saw, so a twin's claim is never touched. */
  const drop: { id: number; error: string; state: "claimed" | "sending" }[] = [];
  let skipped = 0;
  let composed: Map<number, Composed | Error> | null = null;
  for (const row of claimRows) {
    if (row.state === "sending" && row.batchKey === job.key) {
      const mail = storedMail(row);
      if (mail) again.push({ id: row.id, toEmail: row.toEmail, mail });
      else drop.push({ id: row.id, error: row.redactedAt !== null ? ERASED_ERROR : NOTHING_STORED, state: "sending" });
    }
    else if (row.state !== "claimed") skipped++; // sent, failed, local, or owned by another job
    else if (expired(job, row, pol, now)) drop.push({ id: row.id, error: "expired: past the day's cut-off", state: "claimed" });
    else {
      composed ??= compose();
      const msg = composed.get(row.userId);
      if (!msg) drop.push({ id: row.id, error: "nothing to send for this user", state: "claimed" });
      else if (msg instanceof Error) drop.push({ id: row.id, error: `compose: ${msg.message}`.slice(0, 500), state: "claimed" });
      else fresh.push({ id: row.id, toEmail: row.toEmail, mail: { subject: msg.subject, html: msg.html, text: msg.text }, mentions: msg.mentions });
    }
  }

  const local = !mailConfigured(env);
  // (2) take ownership (only claims still unowned; a twin delivery of this job finds none) and store.
  const ownStatements = [
    ...fresh.map((r) =>
      db
        .update(outbox)
        .set({ state: local ? "local" : "sending", batchKey: job.key, subject: r.mail.subject, content: packMail(r.mail), attempts: sql`${outbox.attempts} + 1`, ...(local ? { sentAt: now } : {}) })
        .where(and(eq(outbox.id, r.id), eq(outbox.state, "claimed")))
        .returning({ id: outbox.id }),
    ),
    ...(again.length > 0
      ? [
          db
            .update(outbox)
            .set({ attempts: sql`${outbox.attempts} + 1` })
            .where(and(inArray(outbox.id, again.map((r) => r.id)), eq(outbox.state, "sending"), eq(outbox.batchKey, job.key)))
            .returning({ id: outbox.id }),
        ]
      : []),
    ...drop.map((d) =>
      db
        .update(outbox)
        .set({ state: "failed", lastError: d.error })
        .where(and(eq(outbox.id, d.id), eq(outbox.state, d.state), d.state === "sending" ? eq(outbox.batchKey, job.key) : undefined)),
    ),
    ...mentionStatements(db, job.key, fresh, now),
  ];
  const owned = new Set<number>();
  const erased = new Set<number>();
  if (ownStatements.length > 0) {
    const res = (await db.batch(ownStatements as unknown as Parameters<Db["batch"]>[0])) as unknown as { id: number }[][];
    res.slice(0, fresh.length + (again.length > 0 ? 1 : 0)).forEach((rows) => rows.forEach((r) => owned.add(r.id)));
    if (fresh.some((r) => r.mentions.length > 0)) (res.at(-1) ?? []).forEach((r) => erased.add(r.id));
  }
  const toSend = [...fresh, ...again].filter((r) => owned.has(r.id) && !erased.has(r.id)).sort((a, b) => a.id - b.id);
  if (local || toSend.length === 0) return { ack: true, sent: local ? toSend.length : 0, skipped, failed: drop.length + erased.size };

  // The key names exactly the messages sent: the same on every retry of this job.
  const idempotencyKey = `${job.key}/${(await sha256Hex(toSend.map((r) => r.id).join(","))).slice(0, 16)}`;
  const { data, error } = await resendClient(env).batch.send(
    toSend.map((r) => ({ from: env.MAIL_FROM, to: r.toEmail, subject: r.mail.subject, html: r.mail.html ?? undefined, text: r.mail.text })),
    { idempotencyKey },
  );

  // (3) record the outcome of every message.
  if (error) {
    const status = (error as { statusCode?: number | null }).statusCode ?? null;
    const message = `${status ?? "network"} ${error.name ?? ""}: ${error.message}`.slice(0, 500);
    const retryable = isRetryable(status, error.name);
    await db
      .update(outbox)
      .set(retryable ? { lastError: message } : { state: "failed", lastError: message })
      .where(and(inArray(outbox.id, toSend.map((r) => r.id)), eq(outbox.batchKey, job.key)));
    return retryable ? { ack: false, retryable: true, error: message } : { ack: true, sent: 0, skipped, failed: drop.length + toSend.length };
  }
  // One statement for the whole job: each message's provider id travels in a JSON array of [outbox id, provider id].
  const ids = (data as { data?: { id: string }[] } | null)?.data ?? [];
  const sent = JSON.stringify(toSend.map((r, i) => [r.id, ids[i]?.id ?? null]));
  await db.run(sql`
    update ${outbox} set state = 'sent', provider_id = json_extract(j.value, '$[1]'), sent_at = ${now}, last_error = null
    from json_each(${sent}) as j
    where ${outbox}.id = json_extract(j.value, '$[0]')`);
  return { ack: true, sent: toSend.length, skipped, failed: drop.length };
}

/**
 * Step (2)'s part for erasure: record whom each stored message names (only messages this job now
 * owns), then drop at once the copy of any that names a contact erased since step (1) read it, and
 * fail it instead of sending (returning their ids; the batch's last statement). None without mentions.
 */
function mentionStatements(db: Db, jobKey: string, fresh: { id: number; mentions: number[] }[], now: number) {
  const pairs = fresh.flatMap((r) => r.mentions.map((c) => [r.id, c]));
  if (pairs.length === 0) return [];
  const ids = fresh.filter((r) => r.mentions.length > 0).map((r) => r.id);
  return [
    db.run(sql`
      insert or ignore into ${outboxMentions} (outbox_id, contact_id)
      select json_extract(j.value, '$[0]'), json_extract(j.value, '$[1]') from json_each(${JSON.stringify(pairs)}) as j
      where exists (select 1 from ${outbox} o where o.id = json_extract(j.value, '$[0]') and o.batch_key = ${jobKey})`),
    db
      .update(outbox)
      .set({ state: "failed", lastError: ERASED_ERROR, content: null, html: null, text: null, redactedAt: now })
      .where(
        and(
          inArray(outbox.id, ids),
          eq(outbox.batchKey, jobKey),
          inArray(outbox.state, ["sending", "local"]),
          sql`exists (select 1 from ${outboxMentions} m where m.outbox_id = ${outbox.id} and not exists (select 1 from ${contacts} c where c.id = m.contact_id))`,
        ),
      )
      .returning({ id: outbox.id }),
  ];
}

/** Jobs the queue gave up on (retries exhausted): the outbox says so and why, and nothing more is sent. */
export async function deadLetter(db: Db, job: MailJob): Promise<void> {
  await db
    .update(outbox)
    .set({ state: "failed", lastError: sql`'dead-lettered after ' || ${outbox.attempts} || ' attempts: ' || coalesce(${outbox.lastError}, 'no error recorded')` })
    .where(and(inArray(outbox.id, job.outboxIds), inArray(outbox.state, ["claimed", "sending"])));
}

const retryBase = (env: Env) => (env.MAIL_RETRY_BASE_SECONDS ? Number(env.MAIL_RETRY_BASE_SECONDS) : 30);

/** Every job of the batch back to the queue with the usual backoff, untouched (the Worker is misconfigured). */
export function postpone(batch: MessageBatch<MailJob>, env: Env): void {
  for (const msg of batch.messages) msg.retry({ delaySeconds: backoffSeconds(msg.attempts, retryBase(env)) });
}

export async function handleQueue(batch: MessageBatch<MailJob>, env: Env, db: Db, now: number): Promise<void> {
  const dead = batch.queue.endsWith("-dlq");
  const base = retryBase(env);
  const handle = async (msg: Message<MailJob>) => {
    try {
      if (dead) {
        await deadLetter(db, msg.body);
        msg.ack();
        return;
      }
      const outcome = await processJob(env, db, msg.body, now);
      if (outcome.ack) msg.ack();
      else msg.retry({ delaySeconds: backoffSeconds(msg.attempts, base) });
    } catch (err) {
      // The database or the network failed under us: try the whole job again later.
      console.error({ msg: "mail job failed", key: msg.body.key, attempts: msg.attempts, error: err instanceof Error ? err.message : String(err) });
      msg.retry({ delaySeconds: backoffSeconds(msg.attempts, base) });
    }
  };
  // The batch's jobs run side by side, since a job spends much of its time waiting on the database
  // and Resend; at most USERS_IN_FLIGHT users' worth at once. Copies of one job (a redelivery) run
  // one after another, so a copy finds the mail sent instead of racing the first under its key.
  const byJob = new Map<string, Message<MailJob>[]>();
  for (const msg of batch.messages) byJob.set(msg.body.key, [...(byJob.get(msg.body.key) ?? []), msg]);
  const queue = [...byJob.values()];
  // `?.`: a malformed message fails on its own (in handle), not the whole batch here.
  const largest = Math.max(1, ...batch.messages.map((m) => m.body.userIds?.length ?? 0));
  const lanes = Math.max(1, Math.floor(USERS_IN_FLIGHT / largest));
  await Promise.all(
    Array.from({ length: Math.min(lanes, queue.length) }, async () => {
      for (let copies = queue.shift(); copies; copies = queue.shift()) for (const msg of copies) await handle(msg);
    }),
  );
}
