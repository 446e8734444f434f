// The cron trigger (every 15 minutes): claim who is due, then fan out through the queue in jobs of
// JOB_SIZE users — never one long loop over the organisation in this invocation.
import type { Env, MailJob } from "../env.ts";
import type { Db } from "../db/client.ts";
import { loadPolicy } from "../db/queries/policy.ts";
import { sha256Hex } from "../auth/tokens.ts";
import { claimDue, reclaimStale, type Claim } from "./claim.ts";
import { groupClaims } from "./due.ts";

/** Users per job: one Resend batch call (its limit is 100) and three database round trips each; a 100-rep job at 200 stores per rep reads ~3.4 MiB (the response limit is 10 MB). */
export const JOB_SIZE = 100;
/** Cloudflare Queues accept at most 100 messages per sendBatch call. */
const QUEUE_BATCH = 100;

/** The job's key is derived from the outbox ids in it: the same job always gets the same key. */
export async function jobOf(claims: Claim[]): Promise<MailJob> {
  const ids = claims.map((c) => c.id);
  const first = claims[0]!;
  const key = `${first.kind}/${first.period}/${(await sha256Hex(ids.join(","))).slice(0, 32)}`;
  return { kind: first.kind, period: first.period, outboxIds: ids, userIds: claims.map((c) => c.userId), key };
}

export async function enqueue(queue: Queue<MailJob>, claims: Claim[]): Promise<number> {
  const jobs = await Promise.all(groupClaims(claims, JOB_SIZE).map(jobOf));
  for (let i = 0; i < jobs.length; i += QUEUE_BATCH) {
    await queue.sendBatch(jobs.slice(i, i + QUEUE_BATCH).map((body) => ({ body, contentType: "json" as const })));
  }
  return jobs.length;
}

export async function runCron(env: Pick<Env, "MAIL_QUEUE">, db: Db, now: number) {
  const policy = await loadPolicy(db);
  const fresh = await claimDue(db, policy, now);
  const stale = await reclaimStale(db, now);
  const jobs = await enqueue(env.MAIL_QUEUE, [...fresh, ...stale]);
  return { claimed: fresh.length, reclaimed: stale.length, jobs };
}
