// System: the morning pass on the real local stack (wrangler dev: workerd, local Queues with
// wrangler.toml's consumer settings, the cron handler fired by hand; sqld; the real Resend SDK
// against the recorder) under Resend failures and overlapping cron runs. The queue retries at
// once (MAIL_RETRY_BASE_SECONDS=0), so only wrangler.toml's batch timeout (1 s) paces a retry.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { JOB_SIZE } from "../../src/scheduler/cron.ts";
import { fireCron, recorderLog, startLocalStack, until, type LocalStack } from "./local-stack.ts";

const REPS = 2 * JOB_SIZE + 20; // three consumer jobs
const JOBS = Math.ceil(REPS / JOB_SIZE);

let stack: LocalStack;
let repEmails: string[];

beforeAll(async () => {
  stack = await startLocalStack({ reps: REPS, storesPerRep: 3, vars: { MAIL_RETRY_BASE_SECONDS: "0" } });
  const rs = await stack.client.execute("select email from users where role = 'rep' and active = 1 order by id");
  repEmails = rs.rows.map((r) => String(r.email));
  expect(repEmails).toHaveLength(REPS);
});

afterAll(async () => {
  await stack?.stop();
});

async function outboxStates(): Promise<Record<string, number>> {
  const rs = await stack.client.execute({ sql: "select state, count(*) as n from outbox where kind = 'digest' and period = ? group by state", args: [stack.today] });
  return Object.fromEntries(rs.rows.map((r) => [String(r.state), Number(r.n)]));
}

const allSent = (s: Record<string, number>) => s.sent === REPS && Object.keys(s).length === 1;

async function resetMail(): Promise<void> {
  await stack.client.execute("delete from outbox");
  await fetch(`${stack.recorder.url}/__reset`, { method: "POST" });
}

/** Each rep received exactly one e-mail, and nobody else received any. */
function expectOneEach(delivered: { to: string | string[] }[]) {
  const counts = new Map<string, number>();
  for (const m of delivered) for (const to of [m.to].flat()) counts.set(to, (counts.get(to) ?? 0) + 1);
  expect([...counts.keys()].sort()).toEqual([...repEmails].sort());
  expect([...counts.values()].every((n) => n === 1)).toBe(true);
  expect(delivered).toHaveLength(REPS);
}

describe("Resend rate limits and server errors (system)", () => {
  it("retries through a storm of 429s and 5xx until every digest is sent exactly once, under the same keys", async () => {
    await resetMail();
    const storm = [429, 429, 500, 429, 503, 429];
    await fetch(`${stack.recorder.url}/__script`, { method: "POST", body: JSON.stringify({ fail: storm }) });

    expect((await fireCron(stack)).ok).toBe(true);
    await until("every digest sent", outboxStates, allSent, 90_000);

    const log = await recorderLog(stack);
    expectOneEach(log.delivered);
    // Every scripted failure was met by a call, and each job's retry reused its idempotency key.
    const failed = log.calls.filter((c) => c.status !== 200);
    expect(failed.map((c) => c.status)).toEqual(storm);
    const sends = log.calls.filter((c) => c.status === 200 && c.count > 0);
    expect(sends).toHaveLength(JOBS);
    expect(new Set(sends.map((c) => c.key)).size).toBe(JOBS);
    for (const f of failed) expect(sends.map((c) => c.key)).toContain(f.key);

    // The outbox says what happened: sent, with the provider's id, after more than one attempt for the jobs that failed.
    const rows = await stack.client.execute({ sql: "select state, attempts, provider_id, last_error from outbox where kind = 'digest' and period = ?", args: [stack.today] });
    expect(rows.rows.every((r) => r.state === "sent" && r.provider_id && r.last_error === null)).toBe(true);
    expect(rows.rows.filter((r) => Number(r.attempts) > 1).length).toBeGreaterThan(0);
    expect(Math.max(...rows.rows.map((r) => Number(r.attempts)))).toBeLessThanOrEqual(1 + storm.length);
  });
});

describe("overlapping cron runs (system)", () => {
  it("sends nothing twice when the cron fires several times at once and again while the pass runs", async () => {
    await resetMail();
    const burst = await Promise.all(Array.from({ length: 5 }, () => fireCron(stack)));
    expect(burst.every((r) => r.ok)).toBe(true);
    // The consumer is still working (220 digests take longer than the burst; wrangler.toml's batch timeout also holds a part-full batch for 1 s).
    const during = await outboxStates();
    expect(during.sent ?? 0).toBeLessThan(REPS);
    await Promise.all(Array.from({ length: 3 }, () => fireCron(stack)));
    await until("a first digest sent", outboxStates, (s) => (s.sent ?? 0) > 0, 60_000, 50);
    expect((await fireCron(stack)).ok).toBe(true);

    await until("every digest sent", outboxStates, allSent, 60_000);
    expect((await fireCron(stack)).ok).toBe(true); // and once more when all is done
    await new Promise((r) => setTimeout(r, 1000));

    const log = await recorderLog(stack);
    expectOneEach(log.delivered);
    expect(log.calls.filter((c) => c.status === 200 && c.count > 0)).toHaveLength(JOBS);
    const total = await stack.client.execute({ sql: "select count(*) as n from outbox where kind = 'digest' and period = ?", args: [stack.today] });
    expect(Number(total.rows[0]?.n)).toBe(REPS);
  });
});
