// The queue consumer: one job = up to JOB_SIZE claimed messages of one kind (src/scheduler/cron.ts;
// at most 100, Resend's batch limit), built with a few set-based queries and sent with one Resend
// batch call under the job's idempotency key. A message that is not a job (mail-job.ts) is
// acknowledged and logged, never retried.
//
// Round trips per job: (1) read the claims, the policy and everything the messages need, in one
// batch; (2) take ownership of the claims and store the rendered messages, gzipped, with the
// contacts each names (outbox_mentions, for erasure); (3) after the send, record each message's
// state. A retry resends the stored messages under the same key, so Resend answers with the first
// result instead of sending twice. The statements are in db/queries/sending.ts.
import type { Env } from "../env.ts";
import type { Db } from "../db/client.ts";
import { batchPlan, joinPlans, runPlan, runQueries } from "../db/batch.ts";
import { policyOf, policySelect } from "../db/queries/policy.ts";
import {
  deadLetterMessages,
  dropErasedMentions,
  failMessage,
  jobMessagesQuery,
  recordJobFailure,
  recordJobSent,
  recordMentions,
  retakeSending,
  takeClaim,
} from "../db/queries/sending.ts";
import type { Policy } from "../domain/policy.ts";
import { localDateOf, localTimeOf } from "../domain/dates.ts";
import { sha256Hex } from "../auth/tokens.ts";
import { planCompose, type Composed, type Composer } from "../services/compose.ts";
import { isRetryable, mailConfigured, packMail, resendClient, storedMail, type MailEnv, type StoredMail } from "../mail/transport.ts";
import { parseMailJob, type MailJob } from "./mail-job.ts";

export type JobOutcome = { ack: true; sent: number; skipped: number; failed: number } | { ack: false; retryable: true; error: string };

type Row = Awaited<ReturnType<typeof jobMessagesQuery>>[number];

type Outgoing = { id: number; toEmail: string; mail: StoredMail };

/** What the job's read decided for each of its messages. */
type Sorted = {
  fresh: (Outgoing & { mentions: number[] })[];
  /** What the first attempt stored, to be sent again byte for byte. */
  again: Outgoing[];
  /** Messages that end here as failed; `state` is the one this job saw, so a twin's claim is never touched. */
  drop: { id: number; error: string; state: "claimed" | "sending" }[];
  /** Sent, failed, local, or owned by another job. */
  skipped: number;
};

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

export async function processJob(env: MailEnv & { APP_ORIGIN: string }, db: Db, job: MailJob, now: number): Promise<JobOutcome> {
  // (1) one read: the claims, the policy, and what the messages need
  const read = joinPlans({
    own: batchPlan({ claims: jobMessagesQuery(db, job.outboxIds), policy: policySelect(db) }),
    compose: planCompose(db, job.kind, job.userIds, job.period, { origin: env.APP_ORIGIN, now }),
  });
  const { own, compose } = await runPlan(db, read);
  const sorted = sortMessages(job, own.claims, policyOf(own.policy), compose, now);

  // (2) take ownership and store
  const local = !mailConfigured(env);
  const { owned, erased } = await takeOwnership(db, job.key, sorted, local, now);
  const toSend = [...sorted.fresh, ...sorted.again].filter((r) => owned.has(r.id) && !erased.has(r.id)).sort((a, b) => a.id - b.id);
  if (local || toSend.length === 0) return { ack: true, sent: local ? toSend.length : 0, skipped: sorted.skipped, failed: sorted.drop.length + erased.size };

  // (3) send, and record the outcome of every message
  return send(env, db, job.key, toSend, now, { skipped: sorted.skipped, failed: sorted.drop.length });
}

/** Each claim of the job: sent again (stored by an earlier attempt), dropped with the reason, composed now, or skipped. */
function sortMessages(job: MailJob, rows: Row[], pol: Policy, compose: Composer, now: number): Sorted {
  const out: Sorted = { fresh: [], again: [], drop: [], skipped: 0 };
  let composed: Map<number, Composed | Error> | null = null;
  for (const row of rows) {
    if (row.state === "sending" && row.batchKey === job.key) {
      const mail = storedMail(row);
      if (mail) out.again.push({ id: row.id, toEmail: row.toEmail, mail });
      else out.drop.push({ id: row.id, error: row.redactedAt !== null ? ERASED_ERROR : NOTHING_STORED, state: "sending" });
    } else if (row.state !== "claimed") out.skipped++;
    else if (expired(job, row, pol, now)) out.drop.push({ id: row.id, error: "expired: past the day's cut-off", state: "claimed" });
    else {
      composed ??= compose();
      const msg = composed.get(row.userId);
      if (!msg) out.drop.push({ id: row.id, error: "nothing to send for this user", state: "claimed" });
      else if (msg instanceof Error) out.drop.push({ id: row.id, error: `compose: ${msg.message}`.slice(0, 500), state: "claimed" });
      else out.fresh.push({ id: row.id, toEmail: row.toEmail, mail: { subject: msg.subject, html: msg.html, text: msg.text }, mentions: msg.mentions });
    }
  }
  return out;
}

/**
 * Step (2), one batch: take the claims still unowned (a twin delivery of this job finds none) and
 * store the messages, count another attempt of those sent again, fail the dropped ones; for erasure,
 * record whom each stored message names and drop at once the copy of any that names a contact erased
 * since step (1) read it (it fails instead of being sent). No statements, no round trip.
 */
async function takeOwnership(db: Db, jobKey: string, s: Sorted, local: boolean, now: number): Promise<{ owned: Set<number>; erased: Set<number> }> {
  const pairs = s.fresh.flatMap((r) => r.mentions.map((c): [number, number] => [r.id, c]));
  const naming = s.fresh.filter((r) => r.mentions.length > 0).map((r) => r.id);
  const rows = await runQueries(db, {
    fresh: s.fresh.map((r) => takeClaim(db, jobKey, { id: r.id, subject: r.mail.subject, content: packMail(r.mail) }, local, now)),
    again: s.again.length > 0 ? [retakeSending(db, jobKey, s.again.map((r) => r.id))] : [],
    drop: s.drop.map((d) => failMessage(db, jobKey, d)),
    mentions: pairs.length > 0 ? [recordMentions(db, jobKey, pairs)] : [],
    erased: pairs.length > 0 ? [dropErasedMentions(db, jobKey, naming, ERASED_ERROR, now)] : [],
  });
  return {
    owned: new Set([...rows.fresh, ...rows.again].flat().map((r) => r.id)),
    erased: new Set(rows.erased.flat().map((r) => r.id)),
  };
}

/**
 * One Resend batch call under a key naming exactly the messages sent (the same on every retry of the
 * job), then one write. `counts.failed`: the messages the job dropped before sending.
 */
async function send(env: MailEnv, db: Db, jobKey: string, toSend: Outgoing[], now: number, counts: { skipped: number; failed: number }): Promise<JobOutcome> {
  const idempotencyKey = `${jobKey}/${(await sha256Hex(toSend.map((r) => r.id).join(","))).slice(0, 16)}`;
  const { data, error } = await resendClient(env).batch.send(
    toSend.map((r) => ({ from: env.MAIL_FROM, to: r.toEmail, subject: r.mail.subject, html: r.mail.html ?? undefined, text: r.mail.text })),
    { idempotencyKey },
  );
  if (error) {
    const status = (error as { statusCode?: number | null }).statusCode ?? null;
    const message = `${status ?? "network"} ${error.name ?? ""}: ${error.message}`.slice(0, 500);
    const retryable = isRetryable(status, error.name);
    await recordJobFailure(db, jobKey, toSend.map((r) => r.id), message, retryable);
    return retryable ? { ack: false, retryable: true, error: message } : { ack: true, sent: 0, skipped: counts.skipped, failed: counts.failed + toSend.length };
  }
  const ids = (data as { data?: { id: string }[] } | null)?.data ?? [];
  await recordJobSent(db, toSend.map((r, i) => [r.id, ids[i]?.id ?? null]), now);
  return { ack: true, sent: toSend.length, skipped: counts.skipped, failed: counts.failed };
}

/** Jobs the queue gave up on (retries exhausted): the outbox says so and why, and nothing more is sent. */
export async function deadLetter(db: Db, job: MailJob): Promise<void> {
  await deadLetterMessages(db, job.outboxIds);
}

const retryBase = (env: Env) => (env.MAIL_RETRY_BASE_SECONDS ? Number(env.MAIL_RETRY_BASE_SECONDS) : 30);

/** Every job of the batch back to the queue with the usual backoff, untouched (the Worker is misconfigured). */
export function postpone(batch: MessageBatch, env: Env): void {
  for (const msg of batch.messages) msg.retry({ delaySeconds: backoffSeconds(msg.attempts, retryBase(env)) });
}

/** The batch's jobs; a message that is not one is acknowledged here (a retry would fail the same way) and logged. */
function jobsOf(batch: MessageBatch): { msg: Message; job: MailJob }[] {
  const jobs: { msg: Message; job: MailJob }[] = [];
  for (const msg of batch.messages) {
    const parsed = parseMailJob(msg.body);
    if (parsed.ok) jobs.push({ msg, job: parsed.job });
    else {
      console.error({ msg: "mail job invalid: acknowledged, not retried", queue: batch.queue, id: msg.id, attempts: msg.attempts, issues: parsed.issues });
      msg.ack();
    }
  }
  return jobs;
}

export async function handleQueue(batch: MessageBatch, env: Env, db: Db, now: number): Promise<void> {
  const dead = batch.queue.endsWith("-dlq");
  const base = retryBase(env);
  const handle = async ({ msg, job }: { msg: Message; job: MailJob }) => {
    try {
      if (dead) {
        await deadLetter(db, job);
        msg.ack();
        return;
      }
      const outcome = await processJob(env, db, job, now);
      if (outcome.ack) msg.ack();
      else msg.retry({ delaySeconds: backoffSeconds(msg.attempts, base) });
    } catch (err) {
      // The database or the network failed under us: try the whole job again later.
      console.error({ msg: "mail job failed", key: job.key, attempts: msg.attempts, error: err instanceof Error ? err.message : String(err) });
      msg.retry({ delaySeconds: backoffSeconds(msg.attempts, base) });
    }
  };
  // The batch's jobs run side by side, since a job spends much of its time waiting on the database
  // and Resend; at most USERS_IN_FLIGHT users' worth at once. Copies of one job (a redelivery) run
  // one after another, so a copy finds the mail sent instead of racing the first under its key.
  const jobs = jobsOf(batch);
  const byJob = new Map<string, typeof jobs>();
  for (const j of jobs) byJob.set(j.job.key, [...(byJob.get(j.job.key) ?? []), j]);
  const queue = [...byJob.values()];
  const largest = Math.max(1, ...jobs.map((j) => j.job.userIds.length));
  const lanes = Math.max(1, Math.floor(USERS_IN_FLIGHT / largest));
  await Promise.all(
    Array.from({ length: Math.min(lanes, queue.length) }, async () => {
      for (let copies = queue.shift(); copies; copies = queue.shift()) for (const j of copies) await handle(j);
    }),
  );
}
