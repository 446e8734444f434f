// `npm run bench:log`: the quick log under load. A seeded small organisation on a fresh sqld,
// `wrangler dev` serving the Worker, one API token per rep, then autocannon firing valid
// POST /api/interactions (visits with intel, calls, messages; every request its own idempotency
// key) from 50 connections for 20 s. Afterwards the database is checked against what the
// clients were told: rows stored == 201 responses, every visit has exactly the insights it was
// sent with, and a replay of a sample returns the first row instead of writing a copy.
//
//   npm run bench:log
//   npm run bench:log -- --connections 100 --duration 30 --reps 100 --stores-per-rep 20
//   npm run bench:log -- --keep-logs       keep the data folder and wrangler.log for a look
//   npm run bench:log -- --profile         sample the Worker's isolate (DevTools) during the run
//   npm run bench:log -- --rate 50         offer 50 requests/s in all instead of as many as the
//                                          connections can take: latency at a given load, not at
//                                          saturation (a closed loop of 50 clients measures capacity)
//   npm run bench:log -- --trace           sqld's write-lock manager logged (bench:sqld's TRACE=1):
//                                          its forced rollbacks per second next to the stalls
//   npm run bench:log -- --rtt 20          the database 20 ms away (the proxy holds each request back)
//   npm run bench:log -- --grid            instead of the one run: the cost of one request (round
//                                          trips, rows, CPU) and p50/p99 at 1, 10 and 50 clients ×
//                                          RTT 0, 20 and 80 ms (--clients, --rtts, --seconds)
//
// The Worker reaches sqld through the counting proxy (stack.ts) in every mode, so round trips and
// rows read/written per request are counted; every check of the database below covers every mode.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { cpus, loadavg, tmpdir, totalmem } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import autocannon from "autocannon";
import { startSqld } from "../../src/cli/sqld.ts";
import { migrateDatabase, nodeDb } from "../../src/cli/db.ts";
import { seedDatabase } from "../../src/seed/insert.ts";
import { createApiToken } from "../../src/auth/api-tokens.ts";
import { localDateOf } from "../../src/domain/dates.ts";
import { Cleanup, startTracedSqld, traceSummary, cpuMeter, groupProcesses, median, profileByModule, profileWorker, round, startCountingProxy, startWorker, summarizeProfiles, table } from "./stack.ts";
import { closedLoop, measureCost, numberList, type Cost, type Latency, type RequestFor } from "./latency.ts";

const { values: args } = parseArgs({
  options: {
    connections: { type: "string", default: "50" },
    duration: { type: "string", default: "20" },
    reps: { type: "string", default: "50" },
    "stores-per-rep": { type: "string", default: "20" },
    replays: { type: "string", default: "100" },
    "keep-logs": { type: "boolean", default: false },
    profile: { type: "boolean", default: false },
    rate: { type: "string" },
    rtt: { type: "string", default: "0" },
    grid: { type: "boolean", default: false },
    clients: { type: "string", default: "1,10,50" },
    rtts: { type: "string", default: "0,20,80" },
    seconds: { type: "string", default: "5" },
    trace: { type: "boolean", default: false },
  },
});
const connections = Number(args.connections);
const duration = Number(args.duration);
const repCount = Number(args.reps);
const storesPerRep = Number(args["stores-per-rep"]);
/** Requests per second offered by all connections together; unset: each sends as soon as its last answer came. */
const rate = args.rate === undefined ? null : Number(args.rate);
if (rate !== null && !(rate > 0)) throw new Error("--rate must be a number of requests per second > 0");
const log = (line: string) => process.stderr.write(`bench:log: ${line}\n`);

type Rep = { id: number; token: string; stores: { id: number; contactId: number | null }[] };
type Sent = { token: string; body: string; insights: number };

const INSIGHTS = [
  { kind: "product_feedback", subject: "复方丹参片", detail: "店员说顾客反映疗效稳定，回购多" },
  { kind: "competitor", subject: "同类竞品", detail: "竞品本月买二送一，陈列在收银台旁" },
  { kind: "slow_mover", subject: "维生素C泡腾片", detail: "近两月动销慢", reason: "陈列位置靠里", action: "下次拜访调整到端架" },
  { kind: "clerk_preference", detail: "喜欢喝无糖茶" },
] as const;

/** Request n: visits with two or three insights half the time, calls and messages the rest. */
function makeBody(n: number, reps: Rep[], runId: string): { rep: Rep; body: string; insights: number } {
  const rep = reps[n % reps.length]!;
  const store = rep.stores[Math.floor(n / reps.length) % rep.stores.length]!;
  const kind = n % 4;
  const channel = kind <= 1 ? "visit" : kind === 2 ? "phone" : "message";
  const insights =
    channel !== "visit"
      ? []
      : kind === 0 && store.contactId
        ? [INSIGHTS[0], INSIGHTS[1], INSIGHTS[3]] // a clerk preference also updates the contact (R13)
        : [INSIGHTS[1], INSIGHTS[2]];
  const body = {
    storeId: store.id,
    channel,
    contactId: store.contactId,
    occurredAt: new Date(Date.now() - 5 * 60_000).toISOString(),
    notes: `压测 ${n}`,
    insights,
    idempotencyKey: `load-${runId}-${n}`,
  };
  return { rep, body: JSON.stringify(body), insights: insights.length };
}

async function main() {
  const cleanup = new Cleanup();
  cleanup.onSignals();
  try {
    const dir = mkdtempSync(join(tmpdir(), "keqing-load-"));
    cleanup.add(() => {
      if (args["keep-logs"]) log(`logs kept in ${dir}`);
      else rmSync(dir, { recursive: true, force: true });
    });
    const traceFile = args.trace ? join(tmpdir(), `keqing-load-sqld-trace-${Date.now()}.log`) : null;
    const sqld = traceFile ? await startTracedSqld(join(dir, "db"), traceFile) : await startSqld({ dbPath: join(dir, "db"), quiet: true });
    cleanup.add(sqld.stop);
    await migrateDatabase(sqld.url);
    const { client, db } = nodeDb(sqld.url);
    cleanup.add(() => client.close());
    log(`seeding ${repCount} reps × ${storesPerRep} stores…`);
    await seedDatabase(client, { reps: repCount, storesPerRep, seed: 3, today: localDateOf(Date.now(), "Asia/Shanghai"), onProgress: null });

    // One API token per rep, made the way the settings page makes them (hashed, shown once).
    const repRows = await client.execute("select id from users where role = 'rep' and active = 1 order by id");
    const storeRows = await client.execute(
      "select s.id, s.rep_id, (select min(c.id) from contacts c where c.store_id = s.id) as contact_id from stores s where s.archived = 0 and s.rep_id is not null order by s.id",
    );
    const reps: Rep[] = [];
    for (const r of repRows.rows) {
      const id = Number(r.id);
      // The Node client shares Drizzle's libSQL session with the Worker's web client.
      const { token } = await createApiToken(db, id, "load test");
      const stores = storeRows.rows.filter((s) => Number(s.rep_id) === id).map((s) => ({ id: Number(s.id), contactId: s.contact_id === null ? null : Number(s.contact_id) }));
      if (stores.length) reps.push({ id, token, stores });
    }
    const before = await client.execute("select (select count(*) from interactions) as i, (select count(*) from visit_insights) as v");

    const proxy = await startCountingProxy(sqld.url, { rttMs: Number(args.rtt) });
    cleanup.add(proxy.close);
    log("starting wrangler dev…");
    const worker = await startWorker({
      vars: { TURSO_DATABASE_URL: proxy.url, ENVIRONMENT: "test" },
      persistTo: join(dir, "wrangler"),
      logFile: join(dir, "wrangler.log"),
      // A log line per request would cost the 2-core machine more than the requests themselves.
      logLevel: "warn",
    });
    cleanup.add(worker.stop);
    // Warm the isolate (first request compiles the Worker) outside the measurement.
    await fetch(`${worker.url}/api/health`);

    const runId = Date.now().toString(36);
    // One client, one request at a time: the latency without queueing, for comparison.
    const single: number[] = [];
    for (let i = 0; i < 30; i++) {
      const { rep, body } = makeBody(i, reps, `${runId}x`);
      const t = performance.now();
      const res = await fetch(`${worker.url}/api/interactions`, { method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${rep.token}` }, body });
      await res.arrayBuffer();
      single.push(performance.now() - t);
    }
    const loadBefore = loadavg()[0]!;
    // Where the CPU goes during the run: sqld, workerd (and wrangler's Node), and the load generator.
    const meter = cpuMeter([{ pid: sqld.process.pid!, name: "sqld" }, ...groupProcesses(worker.process.pid!)]);
    const sent = new Map<string, Sent>();
    const created = new Set<string>();
    const statuses = new Map<number, number>();
    /** When each answer came, ms after the start: seconds without any show a stall. */
    const completions: number[] = [];
    let started = 0;
    let n = 0;

    // ---- --grid: the cost of one request, then latency per RTT × clients ----
    const quickLog: RequestFor = () => {
      const i = n++;
      const { rep, body, insights } = makeBody(i, reps, runId);
      sent.set(`load-${runId}-${i}`, { token: rep.token, body, insights });
      return { method: "POST", path: "/api/interactions", headers: { "content-type": "application/json", authorization: `Bearer ${rep.token}` }, body };
    };
    const onResponse = (status: number, context: Record<string, unknown>) => {
      statuses.set(status, (statuses.get(status) ?? 0) + 1);
      const key = (JSON.parse((context.request as { body: string }).body) as { idempotencyKey: string }).idempotencyKey;
      if (status === 201) created.add(key);
    };
    let cost: Cost | null = null;
    const grid: Latency[] = [];
    let gridTimeouts = 0;
    if (args.grid) {
      const gridRtts = numberList(args.rtts, "rtts");
      const gridClients = numberList(args.clients, "clients");
      proxy.setRtt(0);
      log("grid: the cost of one quick log…");
      cost = await measureCost(worker, proxy, quickLog, { n: 30, warm: 3, profile: true, onResponse });
      for (const rtt of gridRtts) {
        proxy.setRtt(rtt);
        for (const clients of gridClients) {
          log(`grid: RTT ${rtt} ms, ${clients} client(s), ${args.seconds} s…`);
          const l = await closedLoop(worker, quickLog, { clients, seconds: Number(args.seconds), rttMs: rtt, onResponse });
          gridTimeouts += l.timeouts;
          grid.push(l);
        }
      }
      proxy.setRtt(Number(args.rtt));
    }
    log(`autocannon: ${connections} connections for ${duration} s${rate ? `, ${rate} requests/s offered` : ""}…`);
    const run = () => autocannon({
      url: worker.url,
      connections,
      duration,
      ...(rate ? { overallRate: rate } : {}),
      timeout: 10,
      requests: [
        {
          method: "POST",
          path: "/api/interactions",
          setupRequest: (req, context) => {
            const i = n++;
            const { rep, body, insights } = makeBody(i, reps, runId);
            const key = `load-${runId}-${i}`;
            context.key = key;
            sent.set(key, { token: rep.token, body, insights });
            return { ...req, headers: { "content-type": "application/json", authorization: `Bearer ${rep.token}` }, body };
          },
          onResponse: (status, _body, context) => {
            completions.push(performance.now() - started);
            statuses.set(status, (statuses.get(status) ?? 0) + 1);
            if (status === 201) created.add(String(context.key));
          },
        },
      ],
    });
    // A probe beside the load, twice a second: sqld straight from Node, and the Worker's /api/health
    // (which also reads sqld). A stall of one and not the other says which side stalls.
    const probes: { at: number; sqldMs: number; workerMs: number }[] = [];
    let probing = true;
    const probe = (async () => {
      const t0 = performance.now();
      // oxlint-disable-next-line no-unmodified-loop-condition -- cleared by the run below while the probe awaits
      while (probing) {
        const a = performance.now();
        await client.execute("select 1").catch(() => {});
        const b = performance.now();
        await fetch(`${worker.url}/api/health`, { signal: AbortSignal.timeout(15_000) }).then((r) => r.arrayBuffer()).catch(() => {});
        const c = performance.now();
        probes.push({ at: (a - t0) / 1000, sqldMs: b - a, workerMs: c - b });
        await new Promise((r) => setTimeout(r, 500));
      }
    })();
    started = performance.now();
    const startedAt = Date.now();
    const { result, profile } = args.profile ? await profileWorker(worker, run) : { result: await run(), profile: null };
    const cpu = meter();
    probing = false;
    await probe;
    // Requests cut off at the end of the run may still be finishing in the Worker. After a write
    // stall (see the README: sqld's lock hand-off) sqld may still be busy or answer 429 for a while:
    // wait until it grants the write lock again before reading what it holds.
    await new Promise((r) => setTimeout(r, 1500));
    // Writes may have stopped for good (README: sqld's lock manager can livelock): then the run is
    // reported as such, and the checks below still read what was stored (reads go on).
    let writeLockBack = false;
    for (let t0 = performance.now(); performance.now() - t0 < 60_000; await new Promise((r) => setTimeout(r, 500))) {
      writeLockBack = await client.batch(["select 1"], "write").then(() => true, () => false);
      if (writeLockBack) break;
    }
    if (!writeLockBack) log("sqld did not grant the write lock within 60 s after the run: writes have stopped (see the README, the write stall)");
    if (result.non2xx > 0) {
      const errors = readFileSync(join(dir, "wrangler.log"), "utf8").split("\n").filter((l) => /error/i.test(l) && !/workers\.cloudflare\.com|Request\.cf/.test(l));
      log(`non-2xx answers; the Worker's log says:\n${[...new Set(errors)].slice(0, 8).join("\n")}`);
    }

    if (!writeLockBack) {
      // sqld is wedged (its stuck writers also fill its connection slots, so even reads answer 429):
      // the load's own figures are all there is to report.
      const perSec = Array.from({ length: Math.floor(result.duration) }, () => 0);
      for (const t of completions) if (t / 1000 < perSec.length) perSec[Math.floor(t / 1000)]!++;
      const partial = {
        date: new Date().toISOString(),
        machine: { cpus: cpus().length, node: process.version, loadAvgBefore: round(loadBefore, 2) },
        connections,
        writeLockBack,
        requestsPerSecond: round(result.requests.average, 1),
        latencyMs: { p50: result.latency.p50, p99: result.latency.p99, max: result.latency.max },
        statuses: Object.fromEntries(statuses),
        errors: result.errors,
        timeouts: result.timeouts,
        completionsPerSecond: perSec,
        cost,
        grid,
      };
      console.log(`\nQuick log under load — writes stopped for good during the run; the database could not be checked\n${table([
        ["requests per second", partial.requestsPerSecond],
        ["latency p50 / p99 / max", `${partial.latencyMs.p50} / ${partial.latencyMs.p99} / ${partial.latencyMs.max} ms`],
        ["responses", JSON.stringify(partial.statuses)],
        ["errors / timeouts", `${partial.errors} / ${partial.timeouts}`],
        ["completions per second", perSec.join(" ")],
      ])}`);
      console.log(`LOAD_JSON ${JSON.stringify(partial)}`);
      process.exitCode = 1;
      return;
    }

    // ---- what the database holds ----
    const stored = await client.execute({
      sql: "select i.idempotency_key as k, i.channel, (select count(*) from visit_insights v where v.interaction_id = i.id) as n from interactions i where i.idempotency_key like ?",
      args: [`load-${runId}-%`],
    });
    const storedKeys = new Map(stored.rows.map((r) => [String(r.k), Number(r.n)]));
    const missing = [...created].filter((k) => !storedKeys.has(k)); // a 201 whose row is gone: a lost write
    const unknown = [...storedKeys.keys()].filter((k) => !sent.has(k));
    const storedWithout201 = [...storedKeys.keys()].filter((k) => !created.has(k)); // timed out, or cut off at the end
    const wrongInsights = [...storedKeys].filter(([k, got]) => sent.get(k)?.insights !== got);
    const expectedInsights = [...storedKeys.keys()].reduce((s, k) => s + (sent.get(k)?.insights ?? 0), 0);
    const insightRows = [...storedKeys.values()].reduce((a, b) => a + b, 0);
    const orphans = await client.execute("select count(*) as n from visit_insights where interaction_id not in (select id from interactions)");
    const after = await client.execute("select (select count(*) from interactions) as i, (select count(*) from visit_insights) as v");

    // ---- idempotency: replaying accepted requests returns them and writes nothing ----
    const sample = [...created].slice(0, Number(args.replays));
    let replayOk = 0;
    for (const key of sample) {
      const s = sent.get(key)!;
      const res = await fetch(`${worker.url}/api/interactions`, { method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${s.token}` }, body: s.body, signal: AbortSignal.timeout(15_000) }).catch(() => null);
      if (res?.status === 200 && res.headers.get("idempotent-replayed") === "true") replayOk++;
      await res?.arrayBuffer();
    }
    const replayed = await client.execute({ sql: `select count(*) as n from interactions where idempotency_key in (${sample.map(() => "?").join(",") || "''"})`, args: sample });
    // Seconds of the run in which no request completed: the whole stack stood still.
    const perSecond = Array.from({ length: Math.floor(result.duration) }, () => 0); // whole seconds only
    for (const t of completions) if (t / 1000 < perSecond.length) perSecond[Math.floor(t / 1000)]!++;
    const stalls = perSecond.map((done, i) => [i, done] as const).filter(([, done]) => done === 0).map(([i]) => i);

    const out = {
      date: new Date().toISOString(),
      // Other work on the machine skews every figure: the 1-minute load average before the run.
      machine: { cpus: cpus().length, memGiB: round(totalmem() / 2 ** 30, 0), node: process.version, loadAvgBefore: round(loadBefore, 2) },
      connections,
      offeredRate: rate,
      durationSeconds: result.duration,
      requests: [...statuses.values()].reduce((a, b) => a + b, 0),
      requestsPerSecond: round(result.requests.average, 1),
      latencyMs: { p50: result.latency.p50, p99: result.latency.p99, max: result.latency.max, average: round(result.latency.average, 1) },
      unloadedLatencyMs: { p50: round(median(single)), max: round(Math.max(...single)) },
      cpuSeconds: cpu,
      workerProfile: profile ? { ...summarizeProfiles([profile], 20, worker.script), byModule: profileByModule([profile], worker.script) } : undefined,
      statuses: Object.fromEntries(statuses),
      errors: result.errors,
      timeouts: result.timeouts,
      non2xx: result.non2xx,
      created: created.size,
      rowsStored: storedKeys.size,
      rowsDelta: Number(after.rows[0]?.i) - Number(before.rows[0]?.i),
      insightRows,
      insightRowsExpected: expectedInsights,
      insightDelta: Number(after.rows[0]?.v) - Number(before.rows[0]?.v),
      lostWrites: missing.length,
      storedWithout201: storedWithout201.length,
      wrongInsightCounts: wrongInsights.length,
      orphanInsights: Number(orphans.rows[0]?.n ?? 0),
      unknownRows: unknown.length,
      replays: sample.length,
      replaysAnsweredWithFirst: replayOk,
      /** Rows holding the replayed keys: one each, or a replay wrote a copy. */
      rowsForReplayedKeys: Number(replayed.rows[0]?.n ?? 0),
      secondsWithoutACompletion: stalls,
      probeMaxMs: { sqld: round(Math.max(0, ...probes.map((p) => p.sqldMs))), workerHealth: round(Math.max(0, ...probes.map((p) => p.workerMs))) },
      slowProbes: probes.filter((p) => p.sqldMs > 1000 || p.workerMs > 1000).map((p) => ({ at: round(p.at), sqldMs: round(p.sqldMs), workerMs: round(p.workerMs) })),
      /** False when sqld still refused the write lock 60 s after the run (writes stopped for good). */
      writeLockBack,
      /** The database's distance for the main run (the proxy's added round-trip time). */
      rttMs: Number(args.rtt),
      /** --grid: one request's database round trips, rows, CPU; then p50/p99 per RTT and clients. */
      cost,
      grid,
      /** --trace: sqld's write-lock manager during the main run (per second: forced rollbacks, waits to the deadline). */
      sqldTrace: traceFile ? { file: traceFile, ...traceSummary(traceFile, startedAt, Math.ceil(result.duration)) } : undefined,
    };
    const rows: [string, string | number][] = [
      ["load", `${connections} connections × ${out.durationSeconds} s, ${rate ? `${rate} requests/s offered` : "each sending as soon as answered"}, ${reps.length} reps with a token each; RTT ${out.rttMs} ms`],
      ["requests per second", out.requestsPerSecond],
      ["latency p50 / p99 / max", `${out.latencyMs.p50} / ${out.latencyMs.p99} / ${out.latencyMs.max} ms`],
      ["one client alone: p50 / max", `${out.unloadedLatencyMs.p50} / ${out.unloadedLatencyMs.max} ms`],
      ["CPU seconds during the run", Object.entries(cpu).map(([k, v]) => `${k} ${v}`).join(", ")],
      ["responses", JSON.stringify(out.statuses)],
      ["errors / timeouts / non-2xx", `${out.errors} / ${out.timeouts} / ${out.non2xx}`],
      ["201 responses / rows stored", `${out.created} / ${out.rowsStored} (rows added in all: ${out.rowsDelta})`],
      ["insight rows / expected", `${out.insightRows} / ${out.insightRowsExpected} (added in all: ${out.insightDelta})`],
      ["lost / partial / orphan", `${out.lostWrites} / ${out.wrongInsightCounts} / ${out.orphanInsights}`],
      ["stored without a 201 seen", `${out.storedWithout201} (timed out, or cut off at the end of the run)`],
      ["replays answered with the first", `${out.replaysAnsweredWithFirst} of ${out.replays}, rows for those keys: ${out.rowsForReplayedKeys}`],
      ["writes after the run", writeLockBack ? "granted" : "REFUSED for 60 s: writes stopped for good"],
      ["seconds with no completion", out.secondsWithoutACompletion.length ? out.secondsWithoutACompletion.join(", ") : "none"],
      ["probe max: sqld / Worker health", `${out.probeMaxMs.sqld} / ${out.probeMaxMs.workerHealth} ms${out.slowProbes.length ? ` (slow: ${JSON.stringify(out.slowProbes.slice(0, 5))})` : ""}`],
    ];
    if (out.sqldTrace) {
      const t = out.sqldTrace;
      rows.push(["sqld lock manager (trace)", `forced rollbacks per second ${JSON.stringify(t.forcedRollbacksPerSecond)}; waits to the deadline ${JSON.stringify(t.waitsToDeadlinePerSecond)}; stale snapshots (517) ${t.busySnapshot}; closed holding the lock ${t.closedHoldingLock} (${t.file})`]);
    }
    if (cost) {
      rows.push([
        "one quick log (grid)",
        `${cost.roundTrips} round trips (max ${cost.roundTripsMax}, +${cost.background} after the answer), ${cost.rowsRead} rows read / ${cost.rowsWritten} written, ` +
          `CPU ${cost.isolateCpuMs ?? "n/a"} ms isolate / ${cost.workerdCpuMs} ms workerd, ${cost.latencyMs} ms alone`,
      ]);
      for (const l of grid) {
        rows.push([`  RTT ${l.rttMs} ms, ${l.clients} client(s)`, `p50 ${l.p50} ms, p99 ${l.p99} ms, ${l.rps} req/s${l.non2xx + l.errors + l.timeouts ? ` (non-2xx ${l.non2xx}, errors ${l.errors}, timeouts ${l.timeouts})` : ""}`]);
      }
    }
    console.log(`\nQuick log under load — ${out.date}, ${out.machine.cpus} CPUs, ${out.machine.memGiB} GiB, Node ${out.machine.node}, load average ${out.machine.loadAvgBefore}\n${table(rows)}`);
    if (out.workerProfile) {
      console.log(`\nThe Worker's isolate during the run (DevTools sampling), self time of ${out.workerProfile.totalMs} ms:`);
      for (const p of out.workerProfile.lines) console.log(`  ${String(p.selfMs).padStart(9)} ms ${String(p.share).padStart(5)}%  ${p.fn}  ${p.where}`);
      console.log(`  by module: ${Object.entries(out.workerProfile.byModule).map(([k, v]) => `${k} ${v} ms`).join(", ")}`);
    }
    console.log(`LOAD_JSON ${JSON.stringify(out)}`);
    const clean =
      writeLockBack &&
      out.lostWrites === 0 &&
      out.wrongInsightCounts === 0 &&
      out.orphanInsights === 0 &&
      out.unknownRows === 0 &&
      out.rowsStored === out.created + out.storedWithout201 &&
      out.storedWithout201 <= out.timeouts + connections + gridTimeouts + grid.reduce((a, l) => a + l.clients, 0) &&
      out.insightRows === out.insightRowsExpected &&
      out.replaysAnsweredWithFirst === out.replays &&
      out.rowsForReplayedKeys === out.replays;
    if (!clean) {
      process.exitCode = 1;
      log("the database does not match the responses (see the table above)");
    }
  } finally {
    await cleanup.run();
  }
}

await main();
