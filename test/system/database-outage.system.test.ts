// System: the quick log (POST /api/interactions) on the real local stack while the database dies.
// Clients keep logging visits with intel; sqld is killed (SIGKILL) partway and brought back on
// the same port and data. While it is down every answer must be a clean 503 in the API's error
// shape; nothing may be half-written (an interaction without its insights, or insights without
// their interaction); every 201 must be in the database; and once sqld is back, service is full
// and clients' retries (same idempotency keys) complete what the outage interrupted.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { repsWithTokens, startLocalStack, type LocalStack } from "./local-stack.ts";

let stack: LocalStack;
let reps: Awaited<ReturnType<typeof repsWithTokens>>;

beforeAll(async () => {
  stack = await startLocalStack({ reps: 8, storesPerRep: 5 });
  reps = await repsWithTokens(stack);
  expect(reps.length).toBeGreaterThan(0);
});

afterAll(async () => {
  await stack?.stop();
});

type Sent = { key: string; token: string; body: string; insights: number; start: number; end: number; status: number; json: unknown };

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("sqld stopped in the middle of a load run (system)", () => {
  it("answers 503 while the database is down, writes nothing partial, loses no 201, and recovers fully", async () => {
    const runId = `outage-${Date.now().toString(36)}`;
    const sent: Sent[] = [];
    let n = 0;
    let running = true;

    const post = async (s: Pick<Sent, "token" | "body">) => {
      try {
        const res = await fetch(`${stack.worker.url}/api/interactions`, {
          method: "POST",
          headers: { "content-type": "application/json", authorization: `Bearer ${s.token}` },
          body: s.body,
          signal: AbortSignal.timeout(20_000),
        });
        return { status: res.status, json: await res.json().catch(() => null) };
      } catch {
        return { status: 0, json: null }; // no HTTP answer at all
      }
    };

    const client = async () => {
      // oxlint-disable-next-line no-unmodified-loop-condition -- the test body clears `running` while the clients await
      while (running) {
        const i = n++;
        const rep = reps[i % reps.length]!;
        const store = rep.stores[i % rep.stores.length]!;
        const insights = [
          { kind: "competitor", subject: "竞品", detail: `竞品促销 ${i}` },
          { kind: "slow_mover", subject: "滞销品", detail: `动销慢 ${i}`, reason: "陈列", action: "调整陈列" },
          ...(i % 2 && store.contactId ? [{ kind: "family", contactId: store.contactId, detail: `孩子今年高考 ${i}` }] : []),
        ];
        const key = `${runId}-${i}`;
        const body = JSON.stringify({ storeId: store.id, channel: "visit", contactId: store.contactId, occurredAt: new Date(Date.now() - 60_000).toISOString(), insights, idempotencyKey: key });
        const start = performance.now();
        const { status, json } = await post({ token: rep.token, body });
        sent.push({ key, token: rep.token, body, insights: insights.length, start, end: performance.now(), status, json });
        if (status !== 201) await sleep(100); // a client backs off a little after a failure
      }
    };

    const clients = Array.from({ length: 5 }, () => client());
    await sleep(2500);
    const killedAt = performance.now();
    await stack.killSqld();
    await sleep(3000);
    const restartingAt = performance.now();
    await stack.restartSqld();
    const upAt = performance.now();
    await sleep(3500);
    running = false;
    await Promise.all(clients);

    // Before the kill: all stored. While down: clean 503s in the one error shape. After: all stored again.
    const before = sent.filter((s) => s.end < killedAt);
    const down = sent.filter((s) => s.start > killedAt + 100 && s.end < restartingAt);
    const after = sent.filter((s) => s.start > upAt + 1000);
    expect(before.length).toBeGreaterThan(10);
    expect(before.every((s) => s.status === 201)).toBe(true);
    expect(down.length).toBeGreaterThan(10);
    for (const s of down) {
      expect(s.status).toBe(503);
      expect(s.json).toEqual({ error: { code: "unavailable", message: expect.any(String) } });
    }
    expect(after.length).toBeGreaterThan(10);
    expect(after.every((s) => s.status === 201)).toBe(true);
    expect(sent.every((s) => s.status === 201 || s.status === 503)).toBe(true);

    // What the database holds: no partial interaction, every 201 present with exactly its insights.
    const stored = async () => {
      const rs = await stack.client.execute({
        sql: "select i.idempotency_key as k, i.id, (select count(*) from visit_insights v where v.interaction_id = i.id) as n from interactions i where i.idempotency_key like ?",
        args: [`${runId}-%`],
      });
      return new Map(rs.rows.map((r) => [String(r.k), { id: Number(r.id), insights: Number(r.n) }]));
    };
    const expected = new Map(sent.map((s) => [s.key, s.insights]));
    const rows = await stored();
    for (const [key, row] of rows) expect(row.insights, key).toBe(expected.get(key));
    for (const s of sent.filter((x) => x.status === 201)) {
      const row = rows.get(s.key);
      expect(row, s.key).toBeDefined();
      expect((s.json as { id: number }).id).toBe(row!.id);
    }
    const orphans = await stack.client.execute("select count(*) as n from visit_insights where interaction_id not in (select id from interactions)");
    expect(Number(orphans.rows[0]?.n)).toBe(0);

    // Clients retry what failed with the same keys: each completes once, and nothing is doubled.
    const failed = sent.filter((s) => s.status !== 201);
    for (const s of failed) {
      const { status } = await post(s);
      expect([200, 201]).toContain(status); // 200: the write had committed before the outage cut the answer off
    }
    const final = await stored();
    expect(final.size).toBe(sent.length);
    for (const [key, row] of final) expect(row.insights, key).toBe(expected.get(key));
  });
});
