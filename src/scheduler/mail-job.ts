// The queue message (one job, src/scheduler/cron.ts → consumer.ts): its shape, checked when it
// arrives. A message that does not have it was not built by this version of the cron (or was
// damaged): retrying it could never succeed, so the consumer acknowledges it and logs why. Its
// claims, if any are real, are still `claimed` in the outbox and go out again as a well-formed job
// with the stale-claim sweep (claim.ts, reclaimStale), so nothing is lost by dropping the message.
import * as v from "valibot";
import { JOB_SIZE } from "./cron.ts";

const id = v.pipe(v.number(), v.safeInteger(), v.minValue(1));
const ids = v.pipe(v.array(id), v.maxLength(JOB_SIZE));

export const MailJobSchema = v.object({
  kind: v.picklist(["digest", "weekly"]),
  /** The local date of a digest, the ISO week of a weekly summary (a bad one fails the job's messages with the reason). */
  period: v.pipe(v.string(), v.maxLength(20)),
  outboxIds: ids,
  userIds: ids,
  /** The Resend idempotency key's stem: the same job always has the same key. */
  key: v.pipe(v.string(), v.minLength(1), v.maxLength(200)),
});

/**
 * One queue message: up to JOB_SIZE (≤ 100) claimed outbox rows of one kind and period, built and sent together
 * (one Resend batch call under `key`). Retries keep the group, so the idempotency key stays valid.
 */
export type MailJob = v.InferOutput<typeof MailJobSchema>;

/** The job, or why the message is not one: each issue's path and message. */
export function parseMailJob(body: unknown): { ok: true; job: MailJob } | { ok: false; issues: string[] } {
  const r = v.safeParse(MailJobSchema, body);
  if (r.success) return { ok: true, job: r.output };
  return { ok: false, issues: r.issues.map((i) => `${i.path?.map((p) => String(p.key)).join(".") || "body"}: ${i.message}`) };
}
