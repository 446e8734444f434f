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
//   npm run bench -- --today 2026-11-02    the data's date (default 2026-11-27, a late day of a
//                                          month, so runs on different days compare)
//   npm run bench -- --reps 20000 --stores-per-rep 40 --data-dir /work/big   (not in CI: ~15 min)
//
// The data is seeded as of `--today` (Asia/Shanghai, the seed's zone). The cron is fired with that
// day's 07:00 as its scheduled time, and the consumer's clock is shifted by the same amount
// (CLOCK_OFFSET_MS, honoured outside production only, src/index.ts): it drops digests past their
// cut-off by its clock, and would otherwise drop every digest of a day that is not today. Managers
// are paused so the pass is the reps' digests only, whatever the weekday.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir, totalmem } from "node:os";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { Session } from "node:inspector/promises";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import type { Client, InArgs } from "@libsql/client";
import { startSqld } from "../../src/cli/sqld.ts";
import { migrateDatabase, nodeDb } from "../../src/cli/db.ts";
import { seedDatabase } from "../../src/seed/insert.ts";
import { isValidDate, localTimeOf } from "../../src/domain/dates.ts";
import { planCompose } from "../../src/services/compose.ts";
import { JOB_SIZE } from "../../src/scheduler/cron.ts";
import { runPlan } from "../../src/db/batch.ts";
import { startRecorder, type RecorderSummary } from "../helpers/resend-recorder.ts";
import { DIGEST_TIME, instantAt } from "./zones.ts";
import { floorContext, timeFloor } from "./floor.ts";
import {
  busyMs,
  Cleanup,
  cpuMeter,
  fireScheduled,
  groupProcesses,
  inspectWorker,
  median,
  percentile,
  profileByModule,
  round,
  startCountingProxy,
  startWorker,
  statementLabel,
  summarizeProfiles,
  table,
  type CountingProxy,
  type CpuProfile,
  type ProxyEntry,
  type StatementStat,
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
    today: { type: "string", default: "2026-11-27" },
    /** Jobs whose compose() is timed again in Node afterwards (a spread sample; default all). */
    "compose-jobs": { type: "string" },
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
const today = args.today;
if (!isValidDate(today)) throw new Error("--today must be a date, YYYY-MM-DD");
/** The seed's zone (Asia/Shanghai, UTC+8 all year): reps get their digest there at 06:00, the cron fires at 07:00. */
const ZONE = "Asia/Shanghai";
const ZONE_OFFSET_HOURS = 8;
const CRON_TIME = "07:00";

const CRON = "*/15 * * * *";
const log = (line: string) => process.stderr.write(`bench: ${line}\n`);

// ---- data folder (fresh, or kept between runs with --keep) --------------------------------------------

type Meta = { reps: number; storesPerRep: number; seed: number; historyDays: number; today: string; counts: Record<string, number>; seedMs: number };

const defaultKeepDir = join(tmpdir(), `keqing-bench-${reps}x${storesPerRep}-s${seed}-h${historyDays}-${today}`);
const dataDir = resolve(args["data-dir"] ?? (args.keep ? defaultKeepDir : mkdtempSync(join(tmpdir(), "keqing-bench-"))));
const metaFile = join(dataDir, "bench-meta.json");
const removeDataDir = !args.keep && !args["data-dir"];

function reusable(): Meta | null {
  if (!args.keep || !existsSync(metaFile)) return null;
  const meta = JSON.parse(readFileSync(metaFile, "utf8")) as Meta;
  const same = meta.reps === reps && meta.storesPerRep === storesPerRep && meta.seed === seed && meta.historyDays === historyDays && meta.today === today;
  return same ? meta : null;
}

// ---- measurements ---------------------------------------------------------------------------------

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
  /** V8 heap the job holds once read and composed (its rows and its mail), after a full GC, bytes. */
  liveBytes: number;
  /** The read's statements with sqld's counters (rows read is what Turso bills). */
  statements: StatementStat[];
};

/** A full collection before a heap reading: `--expose-gc` set at run time, `gc` taken from a fresh context. */
setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;
const heapUsed = () => {
  gc();
  return process.memoryUsage().heapUsed;
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
async function timeCompose(proxy: CountingProxy, period: string, profileTo: string | null, maxJobs: number) {
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
  // At 20,000 reps every job twice more would double the run: a spread sample of them instead.
  const step = Math.max(1, Math.ceil(jobs.length / maxJobs));
  const sample = jobs.filter((_, i) => i % step === 0);
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
    // One job per call: when it returns, its rows and mail are unreachable, so the next job's
    // baseline does not carry them (an async function's suspended frame keeps a loop body's values).
    const measureJob = async (ids: number[], base: number): Promise<JobCpu> => {
      const plan = planCompose(appDb, "digest", ids, period, { origin: "http://bench.local", now: Date.now() });
      // The same statements through the bare client (server, transfer and Hrana decoding) and then
      // through Drizzle (plus row mapping), so the difference is what mapping costs.
      const raw = plan.statements.map((q) => {
        const { sql, params } = toSql(q);
        return { sql, args: params as InArgs };
      });
      proxy.setStatements(true);
      const r0 = performance.now();
      await client.batch(raw, "read");
      const rawReadMs = performance.now() - r0;
      proxy.setStatements(false);
      const rawTrip = lastTripMs();
      const statements = (proxy.entries.at(-1)?.statements ?? []).filter((st) => !/^(begin|commit|rollback)\b/i.test(st.sql));
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
      // Read and composed, both still referenced: what one job holds at its peak, minus garbage.
      const liveBytes = heapUsed() - base;
      if (composed.size === 0) throw new Error("a job read or composed nothing");
      return {
        users: ids.length,
        composed: ok,
        rawReadMs,
        readMs: t1 - t0,
        decodeMs: rawReadMs - rawTrip,
        decodeAndMapMs: t1 - t0 - trip,
        composeMs: t3 - t2,
        perDigestMs: ok ? (t3 - t2) / ok : 0,
        liveBytes,
        statements,
      };
    };
    for (const ids of sample) out.push(await measureJob(ids, heapUsed()));
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

/** Per statement of a job's read (by position in the batch), over the sampled jobs: median rows read, the largest, sqld's time. */
function statementTable(jobs: JobCpu[]) {
  const n = Math.max(0, ...jobs.map((j) => j.statements.length));
  return Array.from({ length: n }, (_, i) => {
    const per = jobs.map((j) => j.statements[i]).filter((st): st is StatementStat => st !== undefined);
    return {
      index: i,
      label: statementLabel(per[0]?.sql ?? ""),
      rowsRead: Math.round(median(per.map((st) => st.rowsRead))),
      rowsReadMax: Math.max(0, ...per.map((st) => st.rowsRead)),
      ms: round(median(per.map((st) => st.ms)), 2),
      resultBytes: Math.round(median(per.map((st) => st.resultBytes))),
    };
  });
}

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

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
    const kept = reusable();
    if (!kept) rmSync(join(dataDir, "db"), { recursive: true, force: true });

    const sqld = await startSqld({ dbPath: join(dataDir, "db"), quiet: true });
    cleanup.add(sqld.stop);
    await migrateDatabase(sqld.url);
    const { client } = nodeDb(sqld.url);
    cleanup.add(() => client.close());
    // Every database request of the run goes through it (the floor's and the Worker's alike), so
    // each is counted: round trips, bytes, rows read and written.
    const proxy = await startCountingProxy(sqld.url, { classify: jobStepOf });
    cleanup.add(proxy.close);

    let meta: Meta;
    if (kept) {
      meta = kept;
      log(`reusing the seeded organisation in ${dataDir} (today ${today}); seeded in ${round(meta.seedMs / 1000)} s`);
      await client.execute("delete from outbox");
    } else {
      log(`seeding ${reps} reps × ${storesPerRep} stores, ${historyDays} days of history (seed ${seed}, today ${today}) into ${dataDir}…`);
      // 06:00 of `today` in the reps' zone: nothing in the history is logged after it.
      const seedNow = instantAt(today, DIGEST_TIME, ZONE_OFFSET_HOURS);
      const t = performance.now();
      const counts = await seedDatabase(client, { reps, storesPerRep, seed, today, historyDays, now: seedNow, onProgress: args.quick ? null : undefined });
      meta = { reps, storesPerRep, seed, historyDays, today, counts, seedMs: performance.now() - t };
      if (args.keep || args["data-dir"]) writeFileSync(metaFile, JSON.stringify(meta, null, 2));
    }
    // Every rep due now; managers (weekly summaries on their weekday) and the admin out of the way.
    await client.batch(
      [
        { sql: "update users set time_zone = ?, digest_time = ?, digest_paused = 0 where role = 'rep'", args: [ZONE, DIGEST_TIME] },
        "update users set digest_paused = 1 where role <> 'rep'",
      ],
      "write",
    );
    const repRows = await client.execute("select id from users where role = 'rep' and active = 1 order by id");
    const repIds = repRows.rows.map((r) => Number(r.id));
    const totals = await client.execute("select (select count(*) from stores) as s, (select count(*) from interactions) as i, (select count(*) from visit_insights) as v, (select count(*) from life_events) as e, (select count(*) from contacts) as c");
    const storeCount = Number(totals.rows[0]?.s ?? 0);
    const interactionCount = Number(totals.rows[0]?.i ?? 0);
    const insightCount = Number(totals.rows[0]?.v ?? 0);
    const lifeEventCount = Number(totals.rows[0]?.e ?? 0);
    const contactCount = Number(totals.rows[0]?.c ?? 0);
    const dbBytes = dirBytes(join(dataDir, "db"));

    // The floor, before anything else runs on the machine; through the proxy, so its rows are counted.
    log(`timing the floor (${floorRuns} runs)…`);
    const floorClient = nodeDb(proxy.url);
    cleanup.add(() => floorClient.client.close());
    const fctx = await floorContext(floorClient.db, today);
    const floorOpts = { runs: floorRuns, jobSize: JOB_SIZE, inFlight: Math.max(1, Math.floor(200 / JOB_SIZE)) };
    const floor = await timeFloor(floorClient.client, fctx, repIds, floorOpts);
    // The delivered runs' requests: what reading the floor costs the way the pass reads (per run).
    const floorTrips = proxy.pipelines(floor.deliveredFrom, floor.deliveredTo);
    // The full floor: everything a digest reads (R9–R17 too), the fairer yardstick for the read.
    const fullFloor = await timeFloor(floorClient.client, fctx, repIds, { ...floorOpts, kind: "full" });
    const fullFloorTrips = proxy.pipelines(fullFloor.deliveredFrom, fullFloor.deliveredTo);

    const recorder = await startRecorder({ keep: "summary" });
    cleanup.add(recorder.close);
    log("starting wrangler dev…");
    // The consumer's clock runs from `today` 07:00 local (see the top of this file).
    const clockOffset = instantAt(today, CRON_TIME, ZONE_OFFSET_HOURS) - Date.now();
    const worker = await startWorker({
      vars: { TURSO_DATABASE_URL: proxy.url, RESEND_API_KEY: "re_bench_key", RESEND_BASE_URL: recorder.url, ENVIRONMENT: "test", CLOCK_OFFSET_MS: String(Math.round(clockOffset)) },
      persistTo: join(dataDir, "wrangler"),
      logFile: join(dataDir, "wrangler.log"),
    });
    cleanup.add(worker.stop);

    // ---- the pass: cron → claims → queue → consumer → Resend ----
    // Other work on the machine skews every figure: the 1-minute load average goes into the report.
    const loadBefore = loadavg()[0]!;
    log(`firing the cron for ${repIds.length} reps in ${ZONE} as of ${today} ${CRON_TIME} (really ${localTimeOf(Date.now(), ZONE)} there)…`);
    const timeoutMs = Number(args["timeout-s"] ?? Math.max(120, repIds.length)) * 1000;
    let tFire = 0;
    let tCron = 0;
    const meter = cpuMeter(groupProcesses(worker.process.pid!));
    const pass = async () => {
      tFire = performance.now();
      const cronRes = await fireScheduled(worker, CRON, Date.now() + clockOffset);
      tCron = performance.now();
      if (!cronRes.ok) throw new Error(`the scheduled handler failed (${cronRes.status}): ${await cronRes.text()}`);
      return waitForPass(client, today, repIds.length, timeoutMs);
    };
    // The isolate's heap is polled through DevTools all along (its peak is what the 128 MB limit is
    // about); with --profile its CPU is sampled too.
    const { result: states, profile: workerProfile, heapPeakBytes } = await inspectWorker(worker, pass, { profile: args.profile, heapEveryMs: 250 });
    const processCpu = meter();
    const pipelines = proxy.pipelines(tFire);
    const cronTrips = pipelines.filter((e) => e.start < tCron);
    const consumerTrips = pipelines.filter((e) => e.start >= tCron);
    const otherRequests = proxy.entries.filter((e) => e.start >= tFire).length - pipelines.length;
    const tEnd = Math.max(tCron, ...consumerTrips.map((e) => e.end));
    const wallMs = tEnd - tFire;
    const queueIdleMs = (consumerTrips[0] ? consumerTrips[0].start - tCron : 0) + idleGaps(consumerTrips);
    const dbBusyMs = consumerTrips.reduce((acc, e) => acc + (e.end - e.start), 0);
    const loadAfter = loadavg()[0]!;
    await worker.stop();
    proxy.entries.length = 0;

    const jobRows = await client.execute({ sql: "select batch_key, max(attempts) as a from outbox where kind = 'digest' and period = ? and batch_key is not null group by batch_key", args: [today] });
    const jobs = jobRows.rows.length;
    // A queue message is written once, read once per delivery, deleted once (each < 64 KB: one operation each).
    const deliveries = jobRows.rows.reduce((acc, r) => acc + Math.max(1, Number(r.a)), 0);
    const mail = await (await fetch(`${recorder.url}/__summary`)).json<RecorderSummary>();
    const sendCalls = mail.calls.filter((c) => c.status === 200 && c.count > 0);
    const duplicates = mail.duplicated;
    const sent = states.sent ?? 0;
    // A job's steps, told apart by their statements (jobs run side by side, so order says nothing):
    // (1) read, (2) own + store, (3) record the outcome — when every job shows each step once.
    const stepTrips = (tag: JobStep) => consumerTrips.filter((e) => e.tag === tag);
    const stepMs = (tag: JobStep) => median(stepTrips(tag).map((e) => e.end - e.start));
    const threeEach = consumerTrips.length === 3 * jobs && JOB_STEPS.every((t) => stepTrips(t).length === jobs);
    const rowsOf = (es: ProxyEntry[]) => ({ read: sum(es.map((e) => e.rowsRead)), written: sum(es.map((e) => e.rowsWritten)) });
    const passRows = rowsOf(pipelines);

    log("timing compose() per job in Node…");
    // Outside the data folder (removed at the end unless kept): open it in Chrome DevTools → Performance.
    const profilePath = args.profile ? join(tmpdir(), `keqing-bench-compose-${Date.now()}.cpuprofile`) : null;
    const cpu = await timeCompose(proxy, today, profilePath, Number(args["compose-jobs"] ?? Number.POSITIVE_INFINITY));
    const perDigest = cpu.jobs.map((j) => j.perDigestMs);
    const perDigestAll = cpu.jobs.map((j) => (j.composed ? (j.composeMs + j.decodeAndMapMs) / j.composed : 0));
    const composeTotalMs = sum(cpu.jobs.map((j) => j.composeMs));
    const statements = statementTable(cpu.jobs);
    const workerCpuSeconds = sum(Object.entries(processCpu).filter(([k]) => k === "workerd").map(([, v]) => v));

    const result = {
      date: new Date().toISOString(),
      today,
      machine: { cpus: cpus().length, memGiB: round(totalmem() / 2 ** 30, 0), node: process.version, loadAvgBeforePass: round(loadBefore, 2), loadAvgAfterPass: round(loadAfter, 2) },
      reps: repIds.length,
      stores: storeCount,
      contacts: contactCount,
      lifeEvents: lifeEventCount,
      interactions: interactionCount,
      visitInsights: insightCount,
      dbBytes,
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
      /** What Turso would bill for the pass: rows sqld reports read and written, cron and consumer. */
      rows: {
        read: passRows.read,
        written: passRows.written,
        readPerDigest: sent ? round(passRows.read / sent, 1) : 0,
        writtenPerDigest: sent ? round(passRows.written / sent, 2) : 0,
        cron: rowsOf(cronTrips),
        perStep: Object.fromEntries(JOB_STEPS.map((t) => [t, rowsOf(stepTrips(t))])),
      },
      queueOperations: { messages: jobs, deliveries, operations: 2 * jobs + deliveries },
      resendCalls: mail.calls.length,
      resendSendCalls: sendCalls.length,
      emailsRecorded: mail.delivered,
      emailsPerCall: sendCalls.length ? round(mail.delivered / sendCalls.length, 1) : 0,
      cpuPerDigestMs: { median: round(median(perDigest), 2), p99: round(percentile(perDigest, 99), 2), engine: "Node V8 (same engine as workerd)" },
      cpuPerDigestWithDecodeMs: { median: round(median(perDigestAll), 2), p99: round(percentile(perDigestAll, 99), 2) },
      /** workerd's own CPU over the pass (/proc), per digest: the isolate plus workerd's I/O and wrangler dev's layers (an upper bound). */
      workerdCpuSecondsDuringPass: round(workerCpuSeconds, 2),
      workerdCpuPerDigestMs: sent ? round((1000 * workerCpuSeconds) / sent, 2) : 0,
      /** --profile: the isolate's sampled CPU (all but idle), per digest. */
      isolateBusyPerDigestMs: workerProfile && sent ? round(busyMs(workerProfile) / sent, 2) : null,
      workerHeapPeakMiB: heapPeakBytes === null ? null : round(heapPeakBytes / 2 ** 20, 1),
      liveMiBPerJob: { median: round(median(cpu.jobs.map((j) => j.liveBytes)) / 2 ** 20, 1), max: round(Math.max(0, ...cpu.jobs.map((j) => j.liveBytes)) / 2 ** 20, 1), jobsMeasured: cpu.jobs.length },
      decodePerJobMs: { hrana: round(median(cpu.jobs.map((j) => j.decodeMs))), hranaAndDrizzle: round(median(cpu.jobs.map((j) => j.decodeAndMapMs))) },
      composeTotalSeconds: round(composeTotalMs / 1000, 2),
      nodeReadPerJobMs: {
        bareClient: round(median(cpu.jobs.map((j) => j.rawReadMs))),
        drizzle: round(median(cpu.jobs.map((j) => j.readMs))),
        p99: round(percentile(cpu.jobs.map((j) => j.readMs), 99)),
      },
      readBytesPerJob: threeEach ? Math.round(median(stepTrips("read").map((e) => e.resBytes))) : null,
      readBytesLargestJob: threeEach ? Math.max(...stepTrips("read").map((e) => e.resBytes)) : null,
      readStatements: statements,
      floor: {
        inDbMs: round(floor.inDbMs),
        deliveredMs: round(floor.deliveredMs),
        rows: floor.rows,
        inDbMsByPart: floor.inDbMsByPart,
        jobs: floor.jobs,
        inFlight: floor.inFlight,
        roundTripsPerRun: floorTrips.length / floorRuns,
        rowsReadPerRun: Math.round(sum(floorTrips.map((e) => e.rowsRead)) / floorRuns),
        deliveredBytesPerRun: Math.round(sum(floorTrips.map((e) => e.resBytes)) / floorRuns),
      },
      fullFloor: {
        inDbMs: round(fullFloor.inDbMs),
        deliveredMs: round(fullFloor.deliveredMs),
        inDbMsByPart: fullFloor.inDbMsByPart,
        rowsReadPerRun: Math.round(sum(fullFloorTrips.map((e) => e.rowsRead)) / floorRuns),
        deliveredBytesPerRun: Math.round(sum(fullFloorTrips.map((e) => e.resBytes)) / floorRuns),
      },
      ratioToFullFloor: round(wallMs / fullFloor.deliveredMs, 2),
      ratioToFullFloorExcludingIdle: round((wallMs - queueIdleMs) / fullFloor.deliveredMs, 2),
      ratioToFloor: round(wallMs / floor.inDbMs, 1),
      ratioToDeliveredFloor: round(wallMs / floor.deliveredMs, 2),
      /** Without the local queue's batch-timeout waits: the work itself. */
      ratioToDeliveredFloorExcludingIdle: round((wallMs - queueIdleMs) / floor.deliveredMs, 2),
      profile: args.profile
        ? {
            composeFile: profilePath,
            compose: cpu.profile,
            worker: workerProfile ? { ...summarizeProfiles([workerProfile], 20, worker.script), byModule: profileByModule([workerProfile], worker.script) } : null,
          }
        : undefined,
    };

    const mib = (b: number | null) => (b === null ? "n/a" : `${round(b / 2 ** 20, 2)} MiB`);
    const rows: [string, string | number][] = [
      ["organisation", `${result.reps} reps, ${result.stores} stores, ${result.contacts} contacts, ${result.lifeEvents} life events, ${result.interactions} interactions, ${result.visitInsights} insights; ${mib(dbBytes)} on disk`],
      ["data's date", `${today} (${ZONE})`],
      ["seed", kept ? `reused (${result.seedSeconds} s when seeded)` : `${result.seedSeconds} s`],
      ["full pass (cron → last sent)", `${result.wallSeconds} s (of which local queue idle ${result.queueIdleSeconds} s)`],
      ["digests sent / failed / duplicated", `${result.digestsSent} / ${result.digestsFailed} / ${duplicates}`],
      ["digests per second", result.digestsPerSecond],
      ["consumer jobs", `${jobs} (≤ ${JOB_SIZE} reps each); queue: ${deliveries} deliveries, ${result.queueOperations.operations} operations`],
      ["DB round trips per job", `${result.roundTripsPerJob} (cron itself: ${result.cronRoundTrips}; other requests: ${otherRequests})`],
      ["DB busy during the pass", `${result.dbBusySeconds} s of ${result.wallSeconds} s`],
      ["per job: read / own+store / record", threeEach ? `${result.jobStepMs!.read} / ${result.jobStepMs!.ownAndStore} / ${result.jobStepMs!.record} ms (median)` : "n/a"],
      ["job read response", `median ${mib(result.readBytesPerJob)}, largest ${mib(result.readBytesLargestJob)}`],
      ["rows read / written (pass)", `${result.rows.read} / ${result.rows.written}: ${result.rows.readPerDigest} / ${result.rows.writtenPerDigest} per digest`],
      ["Resend calls (send calls)", `${result.resendCalls} (${result.resendSendCalls}), ${result.emailsPerCall} e-mails per call`],
      ["CPU per digest, compose (Node V8)", `median ${result.cpuPerDigestMs.median} ms, p99 ${result.cpuPerDigestMs.p99} ms (compose total ${result.composeTotalSeconds} s)`],
      ["CPU per digest, + the read in Node", `median ${result.cpuPerDigestWithDecodeMs.median} ms, p99 ${result.cpuPerDigestWithDecodeMs.p99} ms (upper bound, see above)`],
      ["workerd CPU per digest (/proc)", `${result.workerdCpuPerDigestMs} ms (${result.workerdCpuSecondsDuringPass} s in all; upper bound)${result.isolateBusyPerDigestMs !== null ? `; isolate (profile) ${result.isolateBusyPerDigestMs} ms` : ""}`],
      ["memory", `Worker heap peak ${result.workerHeapPeakMiB ?? "n/a"} MiB during the pass; one job live ${result.liveMiBPerJob.median} MiB median, ${result.liveMiBPerJob.max} MiB max (V8 in Node, ${result.liveMiBPerJob.jobsMeasured} jobs)`],
      ["job read from Node (median)", `bare client ${result.nodeReadPerJobMs.bareClient} ms, with Drizzle mapping ${result.nodeReadPerJobMs.drizzle} ms (p99 ${result.nodeReadPerJobMs.p99} ms)`],
      ["floor: in sqld", `${result.floor.inDbMs} ms (${Object.entries(result.floor.inDbMsByPart).map(([k, v]) => `${k} ${v}`).join(", ")} ms; rows ${Object.entries(floor.rows).map(([k, v]) => `${k} ${v}`).join(", ")})`],
      ["floor: delivered", `${result.floor.deliveredMs} ms (${floor.jobs} jobs, ${floor.inFlight} in flight; per run ${result.floor.roundTripsPerRun} round trips, ${result.floor.rowsReadPerRun} rows read, ${mib(result.floor.deliveredBytesPerRun)})`],
      ["full pass ÷ floor", `${result.ratioToDeliveredFloor}× the delivered floor (without queue idle ${result.ratioToDeliveredFloorExcludingIdle}×; ÷ in-sqld floor ${result.ratioToFloor}×)`],
      ["full floor (all a digest reads)", `in sqld ${result.fullFloor.inDbMs} ms, delivered ${result.fullFloor.deliveredMs} ms (${result.fullFloor.rowsReadPerRun} rows read, ${mib(result.fullFloor.deliveredBytesPerRun)} per run; ${Object.entries(result.fullFloor.inDbMsByPart).map(([k, v]) => `${k} ${v}`).join(", ")} ms)`],
      ["full pass ÷ full floor", `${result.ratioToFullFloor}× (without queue idle ${result.ratioToFullFloorExcludingIdle}×)`],
    ];
    console.log(
      `\nMorning pass — ${result.date}, ${result.machine.cpus} CPUs, ${result.machine.memGiB} GiB, Node ${result.machine.node}, ` +
        `load average ${result.machine.loadAvgBeforePass} before / ${result.machine.loadAvgAfterPass} after the pass\n${table(rows)}`,
    );
    console.log(`\nA job's read, per statement (median over ${cpu.jobs.length} jobs; rows read as sqld reports them):`);
    for (const st of [...statements].sort((x, y) => y.rowsRead - x.rowsRead)) {
      console.log(`  #${String(st.index).padStart(2)} ${String(st.rowsRead).padStart(9)} rows read (max ${st.rowsReadMax}) ${String(st.ms).padStart(8)} ms ${String(st.resultBytes).padStart(9)} B  ${st.label}`);
    }
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
    if (sent !== repIds.length || duplicates > 0 || mail.delivered !== sent) {
      process.exitCode = 1;
      log(`the pass was not clean: ${sent} sent of ${repIds.length}, ${duplicates} duplicated, ${mail.delivered} recorded (see ${join(dataDir, "wrangler.log")})`);
    } else ok = true;
  } finally {
    await cleanup.run();
  }
}

/** Bytes of the files under a folder (the database and its WAL). */
function dirBytes(dir: string): number {
  let total = 0;
  for (const e of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (e.isFile()) total += statSync(join(e.parentPath, e.name)).size;
  }
  return total;
}

await main();
