// Integration: cron → claim → queue → consumer → Resend (the real SDK, against the local
// recorder), inside workerd against sqld. Users live in a time zone where it is now mid-morning,
// so the tests hold whatever the wall clock says.
import { env } from "cloudflare:workers";
import { createExecutionContext, createMessageBatch, createScheduledController, getQueueResult, waitOnExecutionContext } from "cloudflare:test";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { and, eq, inArray } from "drizzle-orm";
import worker from "../../src/index.ts";
import { db, makeStore, makeTeam, makeUser, resetDb } from "../helpers/db.ts";
import { failNext, mailLog, mailsTo, resetMailbox } from "../helpers/mailbox.ts";
import { countingDb } from "../helpers/counting-db.ts";
import { outbox, policy } from "../../src/db/schema.ts";
import { claimDue, reclaimStale, STALE_CLAIM_MS } from "../../src/scheduler/claim.ts";
import { jobOf } from "../../src/scheduler/cron.ts";
import { processJob } from "../../src/scheduler/consumer.ts";
import { loadPolicy } from "../../src/db/queries/policy.ts";
import { DEFAULT_POLICY } from "../../src/domain/policy.ts";
import { isoWeekday, localDateOf } from "../../src/domain/dates.ts";
import { storedMail } from "../../src/mail/transport.ts";
import type { MailJob } from "../../src/env.ts";

/** An Etc/GMT zone where the local time is now `hour`:xx (Etc/GMT-9 is UTC+9). */
function zoneWhereItIs(hour: number): string {
  let off = (((hour - new Date().getUTCHours()) % 24) + 24) % 24;
  if (off > 14) off -= 24;
  return off === 0 ? "Etc/GMT" : off > 0 ? `Etc/GMT-${off}` : `Etc/GMT+${-off}`;
}

const MORNING = zoneWhereItIs(9);
const CRON = "*/15 * * * *";

async function org(opts: { reps?: number; storesPerRep?: number; tz?: string } = {}) {
  const tz = opts.tz ?? MORNING;
  const team = await makeTeam();
  const reps = [];
  for (let i = 0; i < (opts.reps ?? 3); i++) {
    const rep = await makeUser("rep", team.id, { timeZone: tz, digestTime: "07:30" });
    for (let s = 0; s < (opts.storesPerRep ?? 2); s++) await makeStore(rep.id, (["A", "B", "C"] as const)[s % 3]);
    reps.push(rep);
  }
  return { team, reps, tz };
}

async function outboxOf(userIds: number[]) {
  return db().select().from(outbox).where(and(inArray(outbox.userId, userIds), inArray(outbox.kind, ["digest", "weekly"])));
}

/**
 * The Worker's scheduled handler, run to completion, with its queue binding counted (the real queue
 * underneath). Returns the jobs it enqueued: a cron that enqueued none can send nothing, which is how
 * the tests below show that nothing else went out, without sleeping and hoping.
 */
async function fire(scheduledTime = Date.now()): Promise<number> {
  let jobs = 0;
  const queue: Queue<MailJob> = {
    metrics: () => env.MAIL_QUEUE.metrics(),
    send: (body, opts) => {
      jobs++;
      return env.MAIL_QUEUE.send(body, opts);
    },
    sendBatch: (messages, opts) => {
      const all = [...messages];
      jobs += all.length;
      return env.MAIL_QUEUE.sendBatch(all, opts);
    },
  };
  const ctx = createExecutionContext();
  await worker.scheduled(createScheduledController({ scheduledTime, cron: CRON }), { ...env, MAIL_QUEUE: queue }, ctx);
  await waitOnExecutionContext(ctx);
  return jobs;
}

beforeEach(async () => {
  await resetDb();
  await resetMailbox();
});

describe("cron → queue → consumer → Resend (integration)", () => {
  it("sends one digest per due rep, even when the cron fires twice in the same quarter-hour", async () => {
    const { reps } = await org({ reps: 3 });
    const paused = await makeUser("rep", null, { timeZone: MORNING, digestPaused: true });
    const inactive = await makeUser("rep", null, { timeZone: MORNING, active: false });
    const late = await makeUser("rep", null, { timeZone: MORNING, digestTime: "11:59" });
    const t = Date.now();
    expect(await fire(t)).toBe(1); // one job for the three reps
    expect(await fire(t + 1000)).toBe(0);
    // That one job has run once its rows are sent; no other job exists to send anything more.
    await vi.waitUntil(async () => (await outboxOf(reps.map((r) => r.id))).every((r) => r.state === "sent"), { timeout: 15_000, interval: 100 });
    expect(await fire(t + 2000)).toBe(0); // and once more after everything went out
    for (const rep of reps) {
      const mails = await mailsTo(rep.email);
      expect(mails).toHaveLength(1);
      expect(mails[0]!.subject).toBeTruthy();
      expect(mails[0]!.html).toContain("<table");
      expect(mails[0]!.text).toBeTruthy();
    }
    for (const u of [paused, inactive, late]) expect(await mailsTo(u.email)).toHaveLength(0);
    const rows = await outboxOf(reps.map((r) => r.id));
    expect(rows).toHaveLength(3);
    expect(rows.every((r) => r.period === localDateOf(t, MORNING) && r.providerId && r.attempts === 1)).toBe(true);
    // One Resend call for the job, not one per e-mail.
    expect((await mailLog()).calls.filter((c) => c.status === 200 && c.count > 0)).toHaveLength(1);
  });

  it("claims nothing after the cut-off, so no stale news goes out in the afternoon", async () => {
    const { reps } = await org({ reps: 2, tz: zoneWhereItIs(13) });
    expect(await fire()).toBe(0);
    expect(await outboxOf(reps.map((r) => r.id))).toHaveLength(0);
  });

  it("sends managers the weekly summary on the policy's weekday only", async () => {
    const { team, reps } = await org({ reps: 2 });
    const manager = await makeUser("manager", team.id, { timeZone: MORNING });
    const weekday = isoWeekday(localDateOf(Date.now(), MORNING));
    await db().update(policy).set({ data: { ...DEFAULT_POLICY, digest: { ...DEFAULT_POLICY.digest, weeklyDay: (weekday % 7) + 1 } } });
    await fire();
    await vi.waitUntil(async () => (await outboxOf(reps.map((r) => r.id))).every((r) => r.state === "sent"), { timeout: 15_000, interval: 100 });
    expect(await outboxOf([manager.id])).toHaveLength(0);

    await db().update(policy).set({ data: { ...DEFAULT_POLICY, digest: { ...DEFAULT_POLICY.digest, weeklyDay: weekday } } });
    await fire();
    await vi.waitUntil(async () => (await outboxOf([manager.id])).some((r) => r.state === "sent"), { timeout: 15_000, interval: 100 });
    const [row] = await outboxOf([manager.id]);
    expect(row!.kind).toBe("weekly");
    expect(row!.period).toMatch(/^\d{4}-W\d{2}$/);
    expect(await mailsTo(manager.email)).toHaveLength(1);
  });

  it("ends in the dead-letter queue with the outbox marked failed when Resend fails every time, sending nothing", async () => {
    const { reps } = await org({ reps: 2 });
    await failNext(...Array(30).fill(500));
    expect(await fire()).toBe(1);
    await vi.waitUntil(async () => (await outboxOf(reps.map((r) => r.id))).every((r) => r.state === "failed"), { timeout: 20_000, interval: 100 });
    const rows = await outboxOf(reps.map((r) => r.id));
    for (const r of rows) {
      expect(r.lastError).toMatch(/^dead-lettered after 7 attempts: 500/); // max_retries 6, then the DLQ
      expect(r.attempts).toBe(7);
    }
    expect((await mailLog()).delivered).toHaveLength(0);
    await failNext(); // clear the script
    expect(await fire()).toBe(0); // the failed claims are not claimed again: no job, so no mail
    expect((await mailLog()).delivered).toHaveLength(0);
    expect((await outboxOf(reps.map((r) => r.id))).every((r) => r.state === "failed" && r.attempts === 7)).toBe(true);
  });
});

describe("the consumer (integration)", () => {
  async function claimedJob(): Promise<{ job: MailJob; userIds: number[] }> {
    const { reps } = await org({ reps: 2 });
    const claims = await claimDue(db(), await loadPolicy(db()), Date.now());
    expect(claims).toHaveLength(2);
    return { job: await jobOf(claims), userIds: reps.map((r) => r.id) };
  }

  it("sends one e-mail per user when the same queue message is delivered twice", async () => {
    const { job, userIds } = await claimedJob();
    const batch = createMessageBatch<MailJob>("keqing-mail", [
      { id: "a", timestamp: new Date(), attempts: 1, body: job },
      { id: "b", timestamp: new Date(), attempts: 1, body: job },
    ]);
    const ctx = createExecutionContext();
    await worker.queue(batch, env, ctx);
    const result = await getQueueResult(batch, ctx);
    expect(result.explicitAcks.sort()).toEqual(["a", "b"]);
    await worker.queue(createMessageBatch<MailJob>("keqing-mail", [{ id: "c", timestamp: new Date(), attempts: 1, body: job }]), env, createExecutionContext());
    expect((await mailLog()).delivered).toHaveLength(2);
    expect((await outboxOf(userIds)).every((r) => r.state === "sent")).toBe(true);
  });

  it("retries after Resend answers 429, then sends once", async () => {
    const { job, userIds } = await claimedJob();
    await failNext(429);
    const batch = createMessageBatch<MailJob>("keqing-mail", [{ id: "x", timestamp: new Date(), attempts: 1, body: job }]);
    const ctx = createExecutionContext();
    await worker.queue(batch, env, ctx);
    const first = await getQueueResult(batch, ctx);
    expect(first.retryMessages.map((m) => m.msgId)).toEqual(["x"]);
    expect((await outboxOf(userIds)).every((r) => r.state === "sending" && r.lastError?.startsWith("429"))).toBe(true);

    const again = createMessageBatch<MailJob>("keqing-mail", [{ id: "x", timestamp: new Date(), attempts: 2, body: job }]);
    const ctx2 = createExecutionContext();
    await worker.queue(again, env, ctx2);
    expect((await getQueueResult(again, ctx2)).explicitAcks).toEqual(["x"]);
    const log = await mailLog();
    expect(log.calls.map((c) => c.status)).toEqual([429, 200]);
    expect(log.delivered).toHaveLength(2);
    expect((await outboxOf(userIds)).every((r) => r.state === "sent" && r.attempts === 2)).toBe(true);
  });

  it("does not send twice when the send went through but recording it failed", async () => {
    const { job, userIds } = await claimedJob();
    // First attempt: sent, but pretend the outcome was lost by putting the rows back to "sending".
    expect(await processJob(env, db(), job, Date.now())).toMatchObject({ ack: true, sent: 2 });
    await db().update(outbox).set({ state: "sending" }).where(inArray(outbox.userId, userIds));
    expect(await processJob(env, db(), job, Date.now())).toMatchObject({ ack: true, sent: 2 });
    const log = await mailLog();
    expect(log.delivered).toHaveLength(2); // Resend answered the repeat from its idempotency record
    expect(log.calls).toHaveLength(2);
    expect(log.calls[0]!.key).toBe(log.calls[1]!.key);
  });

  it("marks a message rejected by Resend (422) failed without retrying", async () => {
    const { job, userIds } = await claimedJob();
    await failNext(422);
    expect(await processJob(env, db(), job, Date.now())).toMatchObject({ ack: true, sent: 0, failed: 2 });
    expect((await outboxOf(userIds)).every((r) => r.state === "failed" && r.lastError?.startsWith("422"))).toBe(true);
  });

  it("uses the same few database round trips for a job of 2 users as for one of 20", async () => {
    const counts: number[] = [];
    for (const reps of [2, 20]) {
      await resetDb();
      await resetMailbox();
      await org({ reps, storesPerRep: 5 });
      const claims = await claimDue(db(), await loadPolicy(db()), Date.now());
      expect(claims).toHaveLength(reps);
      const counter = countingDb();
      expect(await processJob(env, counter.db, await jobOf(claims), Date.now())).toMatchObject({ ack: true, sent: reps });
      counts.push(counter.roundTrips());
    }
    expect(counts[0]).toBe(counts[1]);
    expect(counts[0]).toBeLessThanOrEqual(3);
  });

  it("acks or retries each job of a batch on its own, whatever the others do", async () => {
    const { reps } = await org({ reps: 4 });
    const claims = await claimDue(db(), await loadPolicy(db()), Date.now());
    const all = await Promise.all(claims.map((c) => jobOf([c])));
    const jobs = all.slice(0, 3);
    // A job that throws before it changes anything (its stored copy is damaged: gzip's checksum
    // fails), and a Resend 429 for whichever job calls first.
    const broken = { ...all[3]!, key: "digest/broken" };
    await db().update(outbox).set({ state: "sending", batchKey: broken.key, content: new Uint8Array([31, 139, 8, 0, 1, 2, 3]) }).where(eq(outbox.id, broken.outboxIds[0]!));
    await failNext(429);
    const batch = createMessageBatch<MailJob>("keqing-mail", [
      ...jobs.map((body, i) => ({ id: `j${i}`, timestamp: new Date(), attempts: 1, body })),
      { id: "broken", timestamp: new Date(), attempts: 1, body: broken },
    ]);
    const ctx = createExecutionContext();
    await worker.queue(batch, env, ctx);
    const result = await getQueueResult(batch, ctx);
    const retried = result.retryMessages.map((m) => m.msgId).sort();
    expect(retried).toHaveLength(2);
    expect(retried).toContain("broken");
    expect(result.explicitAcks).toHaveLength(2);
    const sending = reps.slice(0, 3).map((r) => r.id);
    const rows = await outboxOf(sending);
    expect(rows.filter((r) => r.state === "sent")).toHaveLength(2);
    expect(rows.filter((r) => r.state === "sending" && r.lastError?.startsWith("429"))).toHaveLength(1);
    expect((await outboxOf([reps[3]!.id]))[0]).toMatchObject({ state: "sending", batchKey: broken.key, attempts: 0, lastError: null });
    expect((await mailLog()).delivered).toHaveLength(2);

    // The retried job alone, later: sent once, nothing else again.
    const again = jobs[Number(retried.find((id) => id !== "broken")!.slice(1))]!;
    await worker.queue(createMessageBatch<MailJob>("keqing-mail", [{ id: "r", timestamp: new Date(), attempts: 2, body: again }]), env, createExecutionContext());
    expect((await outboxOf(sending)).every((r) => r.state === "sent")).toBe(true);
    const delivered = (await mailLog()).delivered;
    expect(delivered).toHaveLength(3);
    expect(new Set(delivered.map((m) => m.to)).size).toBe(3);
  });

  it("acknowledges a message that is not a job, logs why, and leaves its claims to the stale sweep (both queues)", async () => {
    const { reps } = await org({ reps: 2 });
    const claims = await claimDue(db(), await loadPolicy(db()), Date.now());
    const job = await jobOf(claims);
    const bodies: unknown[] = [
      { ...job, userIds: null },
      { ...job, kind: "monthly" },
      { ...job, outboxIds: job.outboxIds.map(String) },
      { ...job, key: "" },
      { kind: job.kind, period: job.period },
      "digest",
    ];
    const logged: unknown[] = [];
    const spy = vi.spyOn(console, "error").mockImplementation((entry: unknown) => void logged.push(entry));
    try {
      for (const queue of ["keqing-mail", "keqing-mail-dlq"]) {
        const batch = createMessageBatch(queue, bodies.map((body, i) => ({ id: `m${i}`, timestamp: new Date(), attempts: 3, body })));
        const ctx = createExecutionContext();
        await worker.queue(batch, env, ctx);
        const result = await getQueueResult(batch, ctx);
        expect(result.retryMessages, queue).toEqual([]);
        expect(result.explicitAcks.sort(), queue).toEqual(bodies.map((_, i) => `m${i}`));
      }
    } finally {
      spy.mockRestore();
    }
    expect(logged).toHaveLength(2 * bodies.length);
    expect(logged[0]).toEqual({ msg: "mail job invalid: acknowledged, not retried", queue: "keqing-mail", id: "m0", attempts: 3, issues: [expect.stringMatching(/^userIds: /)] });
    expect(logged.at(-1)).toMatchObject({ queue: "keqing-mail-dlq", id: `m${bodies.length - 1}`, issues: [expect.stringMatching(/^body: /)] });
    // Nothing was sent or marked: the claims are still claimed, and the stale sweep hands them out again as a job.
    expect((await mailLog()).delivered).toHaveLength(0);
    expect((await outboxOf(reps.map((r) => r.id))).map((r) => [r.state, r.attempts])).toEqual([
      ["claimed", 0],
      ["claimed", 0],
    ]);
    const later = Date.now() + STALE_CLAIM_MS + 1;
    expect((await reclaimStale(db(), later)).map((c) => c.id).sort((a, b) => a - b)).toEqual([...job.outboxIds].sort((a, b) => a - b));
  });

  it("stores each message compressed, not as plain HTML and text, and reads it back exactly", async () => {
    const { job, userIds } = await claimedJob();
    await failNext(429); // keep the rows in "sending", as a retry finds them
    expect(await processJob(env, db(), job, Date.now())).toMatchObject({ ack: false });
    const rows = await outboxOf(userIds);
    for (const row of rows) {
      expect(row.html).toBeNull();
      expect(row.text).toBeNull();
      const mail = storedMail(row)!;
      expect(mail.subject).toBe(row.subject);
      expect(mail.html).toContain("<table");
      expect(row.content!.byteLength).toBeLessThan((mail.html!.length + mail.text.length) / 3);
    }
  });

  it("resends a message stored before the content column (plain html and text) byte for byte", async () => {
    const { job, userIds } = await claimedJob();
    expect(await processJob(env, db(), job, Date.now())).toMatchObject({ ack: true, sent: 2 });
    // As the previous version stored a message being sent: the body in plain columns, no content.
    for (const m of (await mailLog()).delivered) {
      await db()
        .update(outbox)
        .set({ state: "sending", content: null, html: m.html ?? null, text: m.text ?? null })
        .where(eq(outbox.toEmail, String(m.to)));
    }
    expect(await processJob(env, db(), job, Date.now())).toMatchObject({ ack: true, sent: 2 });
    const log = await mailLog();
    expect(log.calls.map((c) => c.status)).toEqual([200, 200]); // another payload under the key would be a 409
    expect(log.delivered).toHaveLength(2);
    expect((await outboxOf(userIds)).every((r) => r.state === "sent")).toBe(true);
  });

  it("marks a message being sent with nothing stored failed, and never sends an empty one", async () => {
    const { job, userIds } = await claimedJob();
    await failNext(429); // leaves both rows in "sending" under this job's key
    expect(await processJob(env, db(), job, Date.now())).toMatchObject({ ack: false });
    const [lost, kept] = (await outboxOf(userIds)).sort((a, b) => a.id - b.id);
    await db().update(outbox).set({ content: null, html: null, text: null }).where(eq(outbox.id, lost!.id));
    expect(await processJob(env, db(), job, Date.now())).toMatchObject({ ack: true, sent: 1, failed: 1 });
    const rows = new Map((await outboxOf(userIds)).map((r) => [r.id, r]));
    expect(rows.get(lost!.id)).toMatchObject({ state: "failed", lastError: "nothing stored to resend" });
    expect(rows.get(kept!.id)!.state).toBe("sent");
    expect((await mailLog()).delivered.map((m) => m.to)).toEqual([kept!.toEmail]);
  });

  it("keeps local mail (no mail provider) readable from the outbox", async () => {
    const { job, userIds } = await claimedJob();
    expect(await processJob({ ...env, RESEND_API_KEY: undefined }, db(), job, Date.now())).toMatchObject({ ack: true, sent: 2 });
    const rows = await outboxOf(userIds);
    expect(rows.every((r) => r.state === "local" && r.content)).toBe(true);
    for (const row of rows) expect(storedMail(row)!.text).toBeTruthy();
    expect((await mailLog()).calls).toHaveLength(0);
  });

  it("drops a digest whose day has passed instead of sending it late", async () => {
    const { job, userIds } = await claimedJob();
    const tomorrow = Date.now() + 24 * 3600_000;
    expect(await processJob(env, db(), job, tomorrow)).toMatchObject({ ack: true, sent: 0, failed: 2 });
    expect((await outboxOf(userIds)).every((r) => r.state === "failed" && r.lastError?.startsWith("expired"))).toBe(true);
    expect((await mailLog()).delivered).toHaveLength(0);
  });
});
