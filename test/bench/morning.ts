// `npm run bench`: one full morning pass of the real local stack at SPEC §8's scale.
//
// Seeds a fresh sqld with a synthetic organisation (default 2,000 reps × 80 stores, 30 days of
// history: about a million interactions), starts the Resend recorder and `wrangler dev` (workerd,
// local Queues, the Worker built as `wrangler deploy` would upload it) with the database behind a
// counting proxy, fires the cron handler, waits until every claimed digest is sent, and reports
// wall time, digests per second, database round trips per consumer job, Resend calls, CPU per
// digest, and the floor: the bare set-based aggregation any digest needs, timed in the same run
// on the same data.
//
//   npm run bench                          2,000 reps × 80 stores (seeding alone takes minutes)
//   npm run bench -- --quick               100 reps × 20 stores (CI)
//   npm run bench -- --reps 500 --stores-per-rep 40 --seed 7
//   npm run bench -- --keep                keep the seeded data (in the temp folder, or --data-dir)
//                                          and reuse it next time: skips the seed while iterating
//   npm run bench -- --profile             V8 CPU profiles: compose() in Node, and the Worker's
//                                          isolate during the pass (through wrangler's DevTools port)
//
// Digests are only sent while it is morning where the rep lives (the consumer drops a digest past
// its day's cut-off by the real clock), so reps are moved to an Etc/GMT zone where it is now
// between 06:00 and 12:00 and the data's "today" is that zone's date. Managers are paused so the
// pass is the reps' digests only, whatever the weekday.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir, totalmem } from "node:os";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { Session } from "node:inspector/promises";
import type { Client, InArgs } from "@libsql/client";
import { startSqld } from "../../src/cli/sqld.ts";
import { migrateDatabase, nodeDb } from "../../src/cli/db.ts";
import { seedDatabase } from "../../src/seed/insert.ts";
import { localTimeOf } from "../../src/domain/dates.ts";
import { planCompose } from "../../src/services/compose.ts";
import { JOB_SIZE } from "../../src/scheduler/cron.ts";
import { runPlan } from "../../src/db/batch.ts";
import { startRecorder } from "../helpers/resend-recorder.ts";
import { DIGEST_TIME, instantAt, morningZone } from "./zones.ts";
import {
  Cleanup,
  fireScheduled,
  median,
  percentile,
  profileByModule,
  profileWorker,
  round,
  startCountingProxy,
  startWorker,
  summarizeProfiles,
  table,
  type CountingProxy,
  type CpuProfile,
  type ProxyEntry,
} from "./stack.ts";

const { values: args } = parseArgs({
  options: {
    reps: { type: "string" },
    "stores-per-rep": { type: "string" },
    seed: { type: "string", default: "1" },
    quick: { type: "boolean", default: false },
    keep: { type: "boolean", default: false },
    "data-dir": { type: "string" },
    profile: { type: "boolean", default: false },
    "floor-runs": { type: "string", default: "5" },
    "history-days": { type: "string", default: "30" },
    "timeout-s": { type: "string" },
  },
});

const reps = Number(args.reps ?? (args.quick ? 100 : 2000));
const storesPerRep = Number(args["stores-per-rep"] ?? (args.quick ? 20 : 80));
const seed = Number(args.seed);
const floorRuns = Math.max(1, Number(args["floor-runs"]));
/** "About a month of history" (the issue): the month so far and the days before it, ~1 M interactions at full size. */
const historyDays = Number(args["history-days"]);
for (const [name, n] of [["reps", reps], ["stores-per-rep", storesPerRep], ["seed", seed]] as const) {
  if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} must be a whole number ≥ 1`);
}
if (!Number.isInteger(historyDays) || historyDays < 0) throw new Error("--history-days must be a whole number ≥ 0");

const CRON = "*/15 * * * *";
const log = (line: string) => process.stderr.write(`bench: ${line}\n`);

// ---- data folder (fresh, or kept between runs with --keep) --------------------------------------------

type Meta = { reps: number; storesPerRep: number; seed: number; historyDays: number; today: string; counts: Record<string, number>; seedMs: number };

const defaultKeepDir = join(tmpdir(), `keqing-bench-${reps}x${storesPerRep}-s${seed}-h${historyDays}`);
const dataDir = resolve(args["data-dir"] ?? (args.keep ? defaultKeepDir : mkdtempSync(join(tmpdir(), "keqing-bench-"))));
const metaFile = join(dataDir, "bench-meta.json");
const removeDataDir = !args.keep && !args["data-dir"];

function reusable(now: number): { meta: Meta; zone: string; offset: number; today: string } | null {
  if (!args.keep || !existsSync(metaFile)) return null;
  const meta = JSON.parse(readFileSync(metaFile, "utf8")) as Meta;
  if (meta.reps !== reps || meta.storesPerRep !== storesPerRep || meta.seed !== seed || meta.historyDays !== historyDays) return null;
  const z = morningZone(now, meta.today);
  if (!z) {
    log(`kept data is for ${meta.today}, and it is no longer morning anywhere on that date: seeding again`);
    return null;
  }
  return { meta, ...z };
}

// ---- measurements ---------------------------------------------------------------------------------

/** The bare aggregation every digest needs: contacts per rep, store and channel this month. */
const FLOOR_SQL = `select rep_id, store_id, channel, count(*) as n from interactions
  where local_date between ? and ? group by rep_id, store_id, channel`;

async function timeFloor(client: Client, monthStart: string, today: string, repIds: number[]) {
  // (a) Computed in sqld, one summary row out: the aggregation itself, without moving its rows.
  const inDb: number[] = [];
  let groups = 0;
  let contacts = 0;
  for (let i = 0; i < floorRuns; i++) {
    const t = performance.now();
    const rs = await client.execute({ sql: `select count(*) as g, coalesce(sum(n), 0) as c from (${FLOOR_SQL})`, args: [monthStart, today] });
    inDb.push(performance.now() - t);
    groups = Number(rs.rows[0]?.g ?? 0);
    contacts = Number(rs.rows[0]?.c ?? 0);
  }
  // (b) Its rows delivered to a client, one request per job's worth of reps: a single statement for
  // the whole organisation, or a batch of many, exceeds sqld's (and Turso's) response size limit.
  const delivered: number[] = [];
  let rows = 0;
  for (let i = 0; i < floorRuns; i++) {
    const stmts = [];
    for (let j = 0; j < repIds.length; j += JOB_SIZE) {
      const ids = repIds.slice(j, j + JOB_SIZE);
      stmts.push({
        sql: `select rep_id, store_id, channel, count(*) as n from interactions
          where rep_id in (${ids.map(() => "?").join(",")}) and local_date between ? and ? group by rep_id, store_id, channel`,
        args: [...ids, monthStart, today],
      });
    }
    const t = performance.now();
    rows = 0;
    for (const stmt of stmts) rows += (await client.execute(stmt)).rows.length;
    delivered.push(performance.now() - t);
  }
  return { inDbMs: median(inDb), deliveredMs: median(delivered), groups, contacts, rows };
}

type JobCpu = {
  users: number;
  composed: number;
  /** Bare client batch: sqld + transfer + Hrana decoding. */
  rawReadMs: number;
  /** Drizzle batch: the same, plus mapping rows to objects. */
  readMs: number;
  /**
   * Client-side time of the two reads beyond what the proxy saw: the response's transfer to Node,
   * Node's HTTP client and Hrana decoding (+ Drizzle's mapping). An upper bound on decoding, not a
   * measure of it: Node's client path is slower than the Worker's (about 100 ms more per 600 kB).
   */
  decodeMs: number;
  decodeAndMapMs: number;
  composeMs: number;
  perDigestMs: number;
};

type ToSql = { toSQL(): { sql: string; params: unknown[] } };

/** A plan statement's SQL: each is a Drizzle query or a packed select, which both have toSQL. */
function toSql(q: object): ReturnType<ToSql["toSQL"]> {
  if (!("toSQL" in q) || typeof q.toSQL !== "function") throw new TypeError("a statement without toSQL");
  return (q as ToSql).toSQL();
}

/**
 * CPU per digest, measured in Node's V8 (the engine workerd runs): workerd stops its clocks while
 * a request computes, so the Worker cannot time itself. The same jobs as the pass (the outbox's
 * claims in id order, JOB_SIZE each), the same planCompose → one batch → compose().
 */
async function timeCompose(proxy: CountingProxy, period: string, profileTo: string | null) {
  const { client, db } = nodeDb(proxy.url);
  const lastTripMs = () => {
    const e = proxy.entries.at(-1);
    return e ? e.end - e.start : 0;
  };
  // The Node client and the Worker's web client share Drizzle's libSQL session; only the driver differs.
  const appDb = db;
  const claims = await client.execute({ sql: "select id, user_id from outbox where kind = 'digest' and period = ? order by id", args: [period] });
  const userIds = claims.rows.map((r) => Number(r.user_id));
  const jobs: number[][] = [];
  for (let i = 0; i < userIds.length; i += JOB_SIZE) jobs.push(userIds.slice(i, i + JOB_SIZE));
  const session = profileTo ? new Session() : null;
  const profiles: CpuProfile[] = [];
  const out: JobCpu[] = [];
  try {
    // One untimed job first: V8 compiles the compose path once per isolate, as a warm Worker has.
    if (jobs[0]) {
      (await runPlan(appDb, planCompose(appDb, "digest", jobs[0], period, { origin: "http://bench.local", now: Date.now() })))();
    }
    if (session) {
      session.connect();
      await session.post("Profiler.enable");
      await session.post("Profiler.setSamplingInterval", { interval: 100 });
    }
    for (const ids of jobs) {
      const plan = planCompose(appDb, "digest", ids, period, { origin: "http://bench.local", now: Date.now() });
      // The same statements through the bare client (server, transfer and Hrana decoding) and then
      // through Drizzle (plus row mapping), so the difference is what mapping costs.
      const raw = plan.statements.map((q) => {
        const { sql, params } = toSql(q);
        return { sql, args: params as InArgs };
      });
      const r0 = performance.now();
      await client.batch(raw, "read");
      const rawReadMs = performance.now() - r0;
      const rawTrip = lastTripMs();
      const t0 = performance.now();
      const compose = await runPlan(appDb, plan);
      const t1 = performance.now();
      const trip = lastTripMs();
      if (session) await session.post("Profiler.start");
      const t2 = performance.now();
      const composed = compose();
      const t3 = performance.now();
      if (session) await session.post("Profiler.stop").then((r) => profiles.push(r.profile as CpuProfile));
      const ok = [...composed.values()].filter((m) => !(m instanceof Error)).length;
      out.push({
        users: ids.length,
        composed: ok,
        rawReadMs,
        readMs: t1 - t0,
        decodeMs: rawReadMs - rawTrip,
        decodeAndMapMs: t1 - t0 - trip,
        composeMs: t3 - t2,
        perDigestMs: ok ? (t3 - t2) / ok : 0,
      });
    }
  } finally {
    session?.disconnect();
    client.close();
  }
  if (profileTo && profiles[0]) writeFileSync(profileTo, JSON.stringify(profiles[0]));
  return { jobs: out, profile: profiles.length ? summarizeProfiles(profiles) : null };
}

// ---- the run ----------------------------------------------------------------------------------------

async function waitForPass(client: Client, period: string, expected: number, timeoutMs: number): Promise<Record<string, number>> {
  const started = Date.now();
  for (;;) {
    const rs = await client.execute({ sql: "select state, count(*) as n from outbox where kind = 'digest' and period = ? group by state", args: [period] });
    const states = Object.fromEntries(rs.rows.map((r) => [String(r.state), Number(r.n)]));
    const total = Object.values(states).reduce((a, b) => a + b, 0);
    const pending = (states.claimed ?? 0) + (states.sending ?? 0);
    if (total >= expected && pending === 0) return states;
    if (Date.now() - started > timeoutMs) throw new Error(`pass not finished after ${timeoutMs / 1000} s: ${JSON.stringify(states)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const JOB_STEPS = ["read", "own", "record"] as const;
type JobStep = (typeof JOB_STEPS)[number];

/** Which step of a consumer job (src/scheduler/consumer.ts) a Hrana pipeline request is, by its SQL. */
function jobStepOf(body: string): JobStep | undefined {
  const text = body.replaceAll('\\"', '"');
  if (text.includes('from "outbox" inner join "users"')) return "read";
  if (/"state" = \?, "batch_key" = \?/.test(text)) return "own"; // Drizzle writes set columns in table order
  if (text.includes("state = 'sent'")) return "record";
  return undefined;
}

/** Idle stretches of the consumer longer than half a second: the local queue's batch timeout (max_batch_timeout in wrangler.toml) holding a part-full batch. */
function idleGaps(entries: ProxyEntry[]): number {
  let idle = 0;
  for (let i = 1; i < entries.length; i++) {
    const gap = entries[i]!.start - entries[i - 1]!.end;
    if (gap > 500) idle += gap;
  }
  return idle;
}

async function main() {
  const cleanup = new Cleanup();
  cleanup.onSignals();
  let ok = false;
  try {
    mkdirSync(dataDir, { recursive: true });
    // A failed run keeps its folder (wrangler.log) for a look.
    if (removeDataDir) {
      cleanup.add(() => {
        if (ok) rmSync(dataDir, { recursive: true, force: true });
        else log(`kept ${dataDir} for inspection`);
      });
    }
    const now = Date.now();
    const kept = reusable(now);
    const z = kept ?? morningZone(now);
    if (!z) throw new Error("no Etc/GMT zone is in the morning now (cannot happen)");
    const today = z.today;
    if (!kept) rmSync(join(dataDir, "db"), { recursive: true, force: true });

    const sqld = await startSqld({ dbPath: join(dataDir, "db"), quiet: true });
    cleanup.add(sqld.stop);
    await migrateDatabase(sqld.url);
    const { client } = nodeDb(sqld.url);
    cleanup.add(() => client.close());

    let meta: Meta;
    if (kept) {
      meta = kept.meta;
      log(`reusing the seeded organisation in ${dataDir} (today ${today}); seeded in ${round(meta.seedMs / 1000)} s`);
      await client.execute("delete from outbox");
    } else {
      log(`seeding ${reps} reps × ${storesPerRep} stores, ${historyDays} days of history (seed ${seed}, today ${today}) into ${dataDir}…`);
      // 06:00 of `today` in the reps' zone: nothing in the history is logged after it.
      const seedNow = instantAt(today, DIGEST_TIME, z.offset);
      const t = performance.now();
      const counts = await seedDatabase(client, { reps, storesPerRep, seed, today, historyDays, now: seedNow, onProgress: args.quick ? null : undefined });
      meta = { reps, storesPerRep, seed, historyDays, today, counts, seedMs: performance.now() - t };
      if (args.keep || args["data-dir"]) writeFileSync(metaFile, JSON.stringify(meta, null, 2));
    }
    // Every rep due now; managers (weekly summaries on their weekday) and the admin out of the way.
    await client.batch(
      [
        { sql: "update users set time_zone = ?, digest_time = ?, digest_paused = 0 where role = 'rep'", args: [z.zone, DIGEST_TIME] },
        "update users set digest_paused = 1 where role <> 'rep'",
      ],
      "write",
    );
    const repRows = await client.execute("select id from users where role = 'rep' and active = 1 order by id");
    const repIds = repRows.rows.map((r) => Number(r.id));
    const totals = await client.execute("select (select count(*) from stores) as s, (select count(*) from interactions) as i, (select count(*) from visit_insights) as v");
    const storeCount = Number(totals.rows[0]?.s ?? 0);
    const interactionCount = Number(totals.rows[0]?.i ?? 0);
    const insightCount = Number(totals.rows[0]?.v ?? 0);

    // The floor, before anything else runs on the machine.
    const monthStart = `${today.slice(0, 7)}-01`;
    log(`timing the floor aggregation (${floorRuns} runs)…`);
    const floor = await timeFloor(client, monthStart, today, repIds);

    const recorder = await startRecorder();
    cleanup.add(recorder.close);
    const proxy = await startCountingProxy(sqld.url, jobStepOf);
    cleanup.add(proxy.close);
    log("starting wrangler dev…");
    const worker = await startWorker({
      vars: { TURSO_DATABASE_URL: proxy.url, RESEND_API_KEY: "re_bench_key", RESEND_BASE_URL: recorder.url, ENVIRONMENT: "test" },
      persistTo: join(dataDir, "wrangler"),
      logFile: join(dataDir, "wrangler.log"),
    });
    cleanup.add(worker.stop);

    // ---- the pass: cron → claims → queue → consumer → Resend ----
    // Other work on the machine skews every figure: the 1-minute load average goes into the report.
    const loadBefore = loadavg()[0]!;
    log(`firing the cron for ${repIds.length} reps in ${z.zone} (local ${localTimeOf(Date.now(), z.zone)})…`);
    const timeoutMs = Number(args["timeout-s"] ?? Math.max(120, repIds.length)) * 1000;
    let tFire = 0;
    let tCron = 0;
    // With --profile the Worker's isolate is sampled through DevTools for the whole pass.
    const pass = async () => {
      tFire = performance.now();
      const cronRes = await fireScheduled(worker, CRON);
      tCron = performance.now();
      if (!cronRes.ok) throw new Error(`the scheduled handler failed (${cronRes.status}): ${await cronRes.text()}`);
      return waitForPass(client, today, repIds.length, timeoutMs);
    };
    const { result: states, profile: workerProfile } = args.profile ? await profileWorker(worker, pass) : { result: await pass(), profile: null };
    const pipelines = proxy.pipelines(tFire);
    const cronTrips = pipelines.filter((e) => e.start < tCron);
    const consumerTrips = pipelines.filter((e) => e.start >= tCron);
    const otherRequests = proxy.entries.filter((e) => e.start >= tFire).length - pipelines.length;
    const tEnd = Math.max(tCron, ...consumerTrips.map((e) => e.end));
    const wallMs = tEnd - tFire;
    const queueIdleMs = (consumerTrips[0] ? consumerTrips[0].start - tCron : 0) + idleGaps(consumerTrips);
    const dbBusyMs = consumerTrips.reduce((s, e) => s + (e.end - e.start), 0);
    const loadAfter = loadavg()[0]!;
    await worker.stop();
    proxy.entries.length = 0;

    const jobRows = await client.execute({ sql: "select count(distinct batch_key) as n from outbox where kind = 'digest' and period = ? and batch_key is not null", args: [today] });
    const jobs = Number(jobRows.rows[0]?.n ?? 0);
    const mailLog = await (await fetch(`${recorder.url}/__log`)).json<{
      delivered: { to: string | string[] }[];
      calls: { status: number; count: number }[];
    }>();
    const sendCalls = mailLog.calls.filter((c) => c.status === 200 && c.count > 0);
    const perRecipient = new Map<string, number>();
    for (const m of mailLog.delivered) for (const to of [m.to].flat()) perRecipient.set(to, (perRecipient.get(to) ?? 0) + 1);
    const duplicates = [...perRecipient.values()].filter((n) => n > 1).length;
    const sent = states.sent ?? 0;
    // A job's steps, told apart by their statements (jobs run side by side, so order says nothing):
    // (1) read, (2) own + store, (3) record the outcome — when every job shows each step once.
    const stepTrips = (tag: JobStep) => consumerTrips.filter((e) => e.tag === tag);
    const stepMs = (tag: JobStep) => median(stepTrips(tag).map((e) => e.end - e.start));
    const threeEach = consumerTrips.length === 3 * jobs && JOB_STEPS.every((t) => stepTrips(t).length === jobs);

    log("timing compose() per job in Node…");
    // Outside the data folder (removed at the end unless kept): open it in Chrome DevTools → Performance.
    const profilePath = args.profile ? join(tmpdir(), `keqing-bench-compose-${Date.now()}.cpuprofile`) : null;
    const cpu = await timeCompose(proxy, today, profilePath);
    const perDigest = cpu.jobs.map((j) => j.perDigestMs);
    const perDigestAll = cpu.jobs.map((j) => (j.composed ? (j.composeMs + j.decodeAndMapMs) / j.composed : 0));
    const composeTotalMs = cpu.jobs.reduce((s, j) => s + j.composeMs, 0);

    const result = {
      date: new Date().toISOString(),
      machine: { cpus: cpus().length, memGiB: round(totalmem() / 2 ** 30, 0), node: process.version, loadAvgBeforePass: round(loadBefore, 2), loadAvgAfterPass: round(loadAfter, 2) },
      reps: repIds.length,
      stores: storeCount,
      interactions: interactionCount,
      visitInsights: insightCount,
      seedSeconds: round(meta.seedMs / 1000),
      reusedSeed: Boolean(kept),
      digestsSent: sent,
      digestsFailed: states.failed ?? 0,
      duplicates,
      wallSeconds: round(wallMs / 1000, 2),
      queueIdleSeconds: round(queueIdleMs / 1000, 2),
      digestsPerSecond: round(sent / (wallMs / 1000), 1),
      jobs,
      cronRoundTrips: cronTrips.length,
      roundTripsPerJob: jobs ? round(consumerTrips.length / jobs, 2) : 0,
      otherDbRequests: otherRequests,
      dbBusySeconds: round(dbBusyMs / 1000, 2),
      jobStepMs: threeEach ? { read: round(stepMs("read")), ownAndStore: round(stepMs("own")), record: round(stepMs("record")) } : null,
      resendCalls: mailLog.calls.length,
      resendSendCalls: sendCalls.length,
      emailsRecorded: mailLog.delivered.length,
      emailsPerCall: sendCalls.length ? round(mailLog.delivered.length / sendCalls.length, 1) : 0,
      cpuPerDigestMs: { median: round(median(perDigest), 2), p99: round(percentile(perDigest, 99), 2), engine: "Node V8 (same engine as workerd)" },
      cpuPerDigestWithDecodeMs: { median: round(median(perDigestAll), 2), p99: round(percentile(perDigestAll, 99), 2) },
      decodePerJobMs: { hrana: round(median(cpu.jobs.map((j) => j.decodeMs))), hranaAndDrizzle: round(median(cpu.jobs.map((j) => j.decodeAndMapMs))) },
      composeTotalSeconds: round(composeTotalMs / 1000, 2),
      nodeReadPerJobMs: {
        bareClient: round(median(cpu.jobs.map((j) => j.rawReadMs))),
        drizzle: round(median(cpu.jobs.map((j) => j.readMs))),
        p99: round(percentile(cpu.jobs.map((j) => j.readMs), 99)),
      },
      readBytesPerJob: threeEach ? Math.round(median(stepTrips("read").map((e) => e.resBytes))) : null,
      floor: { inDbMs: round(floor.inDbMs), deliveredMs: round(floor.deliveredMs), groups: floor.groups, monthContacts: floor.contacts },
      ratioToFloor: round(wallMs / floor.inDbMs, 1),
      ratioToDeliveredFloor: round(wallMs / floor.deliveredMs, 1),
      /** Without the local queue's batch-timeout waits: the work itself. */
      ratioToFloorExcludingIdle: round((wallMs - queueIdleMs) / floor.inDbMs, 1),
      profile: args.profile
        ? {
            composeFile: profilePath,
            compose: cpu.profile,
            worker: workerProfile ? { ...summarizeProfiles([workerProfile], 20, worker.script), byModule: profileByModule([workerProfile], worker.script) } : null,
          }
        : undefined,
    };

    const rows: [string, string | number][] = [
      ["organisation", `${result.reps} reps, ${result.stores} stores, ${result.interactions} interactions, ${result.visitInsights} insights`],
      ["seed", kept ? `reused (${result.seedSeconds} s when seeded)` : `${result.seedSeconds} s`],
      ["full pass (cron → last sent)", `${result.wallSeconds} s (of which local queue idle ${result.queueIdleSeconds} s)`],
      ["digests sent / failed / duplicated", `${result.digestsSent} / ${result.digestsFailed} / ${duplicates}`],
      ["digests per second", result.digestsPerSecond],
      ["consumer jobs", `${jobs} (≤ ${JOB_SIZE} reps each)`],
      ["DB round trips per job", `${result.roundTripsPerJob} (cron itself: ${result.cronRoundTrips}; other requests: ${otherRequests})`],
      ["DB busy during the pass", `${result.dbBusySeconds} s of ${result.wallSeconds} s`],
      ["per job: read / own+store / record", threeEach ? `${result.jobStepMs!.read} / ${result.jobStepMs!.ownAndStore} / ${result.jobStepMs!.record} ms (median)` : "n/a"],
      ["Resend calls (send calls)", `${result.resendCalls} (${result.resendSendCalls}), ${result.emailsPerCall} e-mails per call`],
      ["CPU per digest, compose (Node V8)", `median ${result.cpuPerDigestMs.median} ms, p99 ${result.cpuPerDigestMs.p99} ms (compose total ${result.composeTotalSeconds} s)`],
      ["CPU per digest, + the read in Node", `median ${result.cpuPerDigestWithDecodeMs.median} ms, p99 ${result.cpuPerDigestWithDecodeMs.p99} ms (upper bound, see above)`],
      ["Node client beyond the trip (median)", `bare ${result.decodePerJobMs.hrana} ms, with Drizzle mapping ${result.decodePerJobMs.hranaAndDrizzle} ms (transfer, HTTP client, decoding: an upper bound)`],
      ["job read from Node (median)", `bare client ${result.nodeReadPerJobMs.bareClient} ms, with Drizzle mapping ${result.nodeReadPerJobMs.drizzle} ms (p99 ${result.nodeReadPerJobMs.p99} ms); worker's read response ${result.readBytesPerJob ?? "n/a"} bytes`],
      ["floor: aggregation in sqld", `${result.floor.inDbMs} ms (${result.floor.groups} groups, ${result.floor.monthContacts} contacts this month)`],
      ["floor: rows delivered", `${result.floor.deliveredMs} ms`],
      ["full pass ÷ floor", `${result.ratioToFloor}× (without queue idle ${result.ratioToFloorExcludingIdle}×; ÷ delivered floor ${result.ratioToDeliveredFloor}×)`],
    ];
    console.log(
      `\nMorning pass — ${result.date}, ${result.machine.cpus} CPUs, ${result.machine.memGiB} GiB, Node ${result.machine.node}, ` +
        `load average ${result.machine.loadAvgBeforePass} before / ${result.machine.loadAvgAfterPass} after the pass\n${table(rows)}`,
    );
    if (result.profile) {
      const show = (title: string, lines: { fn: string; where: string; selfMs: number; share: number }[]) => {
        console.log(`\n${title}`);
        for (const p of lines) console.log(`  ${String(p.selfMs).padStart(9)} ms ${String(p.share).padStart(5)}%  ${p.fn}  ${p.where}`);
      };
      if (result.profile.compose) show(`compose() in Node, self time over all jobs (first job's profile: ${result.profile.composeFile}):`, result.profile.compose.lines);
      if (result.profile.worker) {
        show(`The Worker's isolate during the pass (DevTools sampling), self time of ${result.profile.worker.totalMs} ms:`, result.profile.worker.lines);
        console.log(`  by module: ${Object.entries(result.profile.worker.byModule).map(([k, v]) => `${k} ${v} ms`).join(", ")}`);
      }
    }
    console.log(`BENCH_JSON ${JSON.stringify(result)}`);
    if (args.keep) log(`data kept in ${dataDir} (reuse: the same flags with --keep)`);
    if (sent !== repIds.length || duplicates > 0 || mailLog.delivered.length !== sent) {
      process.exitCode = 1;
      log(`the pass was not clean: ${sent} sent of ${repIds.length}, ${duplicates} duplicated, ${mailLog.delivered.length} recorded (see ${join(dataDir, "wrangler.log")})`);
    } else ok = true;
  } finally {
    await cleanup.run();
  }
}

await main();
