// Integration: what the committed wrangler.toml deploys, and a Worker that refuses to run without
// its production configuration (fetch, cron and queue alike) instead of linking to localhost.
import { env } from "cloudflare:workers";
import { createExecutionContext, createMessageBatch, createScheduledController, getQueueResult, waitOnExecutionContext } from "cloudflare:test";
import { afterEach, beforeEach, describe, expect, inject, it, vi } from "vitest";
import { eq } from "drizzle-orm";
import worker from "../../src/index.ts";
import type { Env, MailJob } from "../../src/env.ts";
import { db, countRows, makeStore, makeTeam, makeUser, resetDb } from "../helpers/db.ts";
import { mailLog, resetMailbox } from "../helpers/mailbox.ts";
import { outbox } from "../../src/db/schema.ts";
import { claimDue } from "../../src/scheduler/claim.ts";
import { jobOf } from "../../src/scheduler/cron.ts";
import { loadPolicy } from "../../src/db/queries/policy.ts";

const committed = inject("committedVars");

/**
 * The Worker as `wrangler deploy` would run it from the committed file alone: the test's bindings
 * (queue, mail stand-in) with wrangler.toml's [vars] in place of the test's own variables.
 */
function deployed(extra: Record<string, string | undefined> = {}): Env {
  const { ENVIRONMENT: _e, APP_ORIGIN: _a, TURSO_DATABASE_URL: _d, MAIL_FROM: _m, ...bindings } = env;
  return { ...bindings, ...committed, ...extra } as Env;
}

/** A production configuration that passes the check; the database is never reached by these requests. */
const PRODUCTION = { APP_ORIGIN: "https://keqing.example.com", TURSO_DATABASE_URL: "libsql://keqing-acme.turso.io", MAIL_FROM: "Keqing 客情 <digest@example.com>" };

let logged: string[];
beforeEach(() => {
  logged = [];
  vi.spyOn(console, "error").mockImplementation((...args: unknown[]) => void logged.push(args.map(String).join(" ")));
});
afterEach(() => vi.restoreAllMocks());

const refusals = () => logged.map((l) => JSON.parse(l) as { event: string; handler: string; problems: string[] }).filter((l) => l.event === "config_invalid");

function fetchAs(e: Env, path: string, init?: RequestInit) {
  return worker.fetch(new Request(`https://keqing.example.com${path}`, init), e, createExecutionContext());
}

describe("the committed configuration (integration)", () => {
  it("deploys production, with no development value in [vars]", () => {
    expect(committed.ENVIRONMENT).toBe("production");
    for (const [name, value] of Object.entries(committed)) {
      expect(`${name}=${String(value)}`).not.toMatch(/development|localhost|127\.0\.0\.1|\.local\b/);
    }
  });

  it("refuses every page and API call when deployed as committed (no APP_ORIGIN, no database URL): a 500 and one log line", async () => {
    const bare = deployed();
    const page = await fetchAs(bare, "/signin");
    expect(page.status).toBe(500);
    expect(page.headers.get("content-type")).toMatch(/text\/html/);
    expect(await page.text()).not.toContain("localhost");
    const api = await fetchAs(bare, "/api/me");
    expect(api.status).toBe(500);
    expect(await api.json()).toEqual({ error: { code: "internal", message: "service not configured" } });
    const post = await fetchAs(bare, "/signin", { method: "POST", body: new URLSearchParams({ email: "x@test.local" }), headers: { origin: "https://keqing.example.com" } });
    expect(post.status).toBe(500);

    const lines = refusals();
    expect(lines).toHaveLength(3);
    expect(lines[0]!.handler).toBe("fetch");
    expect(lines[0]!.problems.join(" ")).toMatch(/APP_ORIGIN is not set/);
    expect(lines[0]!.problems.join(" ")).toMatch(/TURSO_DATABASE_URL is not set/);
  });

  it.each([
    ["APP_ORIGIN on localhost", { APP_ORIGIN: "http://localhost:8787" }, /APP_ORIGIN/],
    ["APP_ORIGIN over plain http", { APP_ORIGIN: "http://keqing.example.com" }, /APP_ORIGIN/],
    ["APP_ORIGIN on a loopback address", { APP_ORIGIN: "https://127.0.0.1" }, /APP_ORIGIN/],
    ["the database on this machine", { TURSO_DATABASE_URL: "http://127.0.0.1:8080" }, /TURSO_DATABASE_URL/],
    ["a WebSocket database URL (the Worker speaks Hrana over HTTP only)", { TURSO_DATABASE_URL: "wss://keqing-acme.turso.io" }, /TURSO_DATABASE_URL/],
    ["no sender", { MAIL_FROM: undefined }, /MAIL_FROM/],
    ["a sender on a local domain", { MAIL_FROM: "Keqing <digest@keqing.local>" }, /MAIL_FROM/],
    ["an unknown environment", { ENVIRONMENT: "staging" }, /ENVIRONMENT/],
  ])("refuses production with %s", async (_what, bad, problem) => {
    const res = await fetchAs(deployed({ ...PRODUCTION, ...bad }), "/signin");
    expect(res.status).toBe(500);
    expect(refusals()).toHaveLength(1);
    expect(refusals()[0]!.problems.join(" ")).toMatch(problem);
  });

  it("serves once production is configured, and development only where asked", async () => {
    expect((await fetchAs(deployed(PRODUCTION), "/signin")).status).toBe(200);
    // Local addresses are fine in development and test, which npm start and the tests ask for.
    const local = { APP_ORIGIN: "http://localhost:8787", TURSO_DATABASE_URL: "http://127.0.0.1:8080", MAIL_FROM: "Keqing <digest@keqing.local>" };
    expect((await fetchAs(deployed({ ...local, ENVIRONMENT: "development" }), "/signin")).status).toBe(200);
    expect((await fetchAs(deployed({ ...local, ENVIRONMENT: "test" }), "/signin")).status).toBe(200);
    expect(refusals()).toHaveLength(0);
  });
});

describe("cron and queue without APP_ORIGIN (integration)", () => {
  /** Production with the test's database but no public origin: its mail would carry broken links. */
  const noOrigin = () => deployed({ ...PRODUCTION, APP_ORIGIN: undefined, TURSO_DATABASE_URL: env.TURSO_DATABASE_URL });

  async function dueRep() {
    await resetDb();
    await resetMailbox();
    // A zone where it is now mid-morning, so the digest is due whatever the wall clock says.
    const off = (((9 - new Date().getUTCHours()) % 24) + 24) % 24;
    const tz = off === 0 ? "Etc/GMT" : off > 14 ? `Etc/GMT+${24 - off}` : `Etc/GMT-${off}`;
    const rep = await makeUser("rep", (await makeTeam()).id, { timeZone: tz, digestTime: "07:30" });
    await makeStore(rep.id, "A");
    return rep;
  }

  it("the cron claims nothing and says why", async () => {
    await dueRep();
    const ctx = createExecutionContext();
    await worker.scheduled(createScheduledController({ scheduledTime: Date.now(), cron: "*/15 * * * *" }), noOrigin(), ctx);
    await waitOnExecutionContext(ctx);
    expect(await countRows("outbox")).toBe(0);
    expect(refusals().map((l) => l.handler)).toEqual(["scheduled"]);
  });

  it("the consumer builds and sends nothing, and hands the job back for later", async () => {
    const rep = await dueRep();
    const claims = await claimDue(db(), await loadPolicy(db()), Date.now());
    expect(claims).toHaveLength(1);
    const batch = createMessageBatch<MailJob>("keqing-mail", [{ id: "m", timestamp: new Date(), attempts: 1, body: await jobOf(claims) }]);
    const ctx = createExecutionContext();
    await worker.queue(batch, noOrigin(), ctx);
    const result = await getQueueResult(batch, ctx);
    expect(result.explicitAcks).toEqual([]);
    expect(result.retryMessages.map((m) => m.msgId)).toEqual(["m"]);
    expect((await mailLog()).delivered).toHaveLength(0);
    const [row] = await db().select().from(outbox).where(eq(outbox.userId, rep.id));
    expect(row).toMatchObject({ state: "claimed", content: null, attempts: 0 });
    expect(refusals().map((l) => l.handler)).toEqual(["queue"]);
  });
});
