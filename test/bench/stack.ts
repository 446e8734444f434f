// The real local stack for benchmarks and system tests, started from Node: `wrangler dev` serving
// the Worker (workerd, local Queues, the cron handler at /cdn-cgi/local/scheduled), a counting HTTP proxy in
// front of sqld (one Hrana pipeline request = one database round trip), and a cleanup list that
// stops everything on success, on error and on Ctrl-C.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { closeSync, existsSync, openSync, readdirSync, readFileSync, readSync, statSync, writeFileSync } from "node:fs";
import { Agent, createServer, request as httpRequest, type Server } from "node:http";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { freePort, sqldBinary } from "../../src/cli/sqld.ts";
import { LOCAL_MAIL_FROM, projectRoot } from "../../src/cli/local.ts";

// ---- cleanup ------------------------------------------------------------------------------------

/** Last in, first out; every step runs even when an earlier one throws. */
export class Cleanup {
  #steps: (() => Promise<void> | void)[] = [];
  #ran = false;

  add(step: () => Promise<void> | void): void {
    this.#steps.push(step);
  }

  async run(): Promise<void> {
    if (this.#ran) return;
    this.#ran = true;
    for (const step of this.#steps.toReversed()) {
      try {
        await step();
      } catch (err) {
        process.stderr.write(`cleanup: ${err instanceof Error ? err.message : String(err)}\n`);
      }
    }
  }

  /**
   * Ctrl-C, a kill, or an error thrown where no try/finally reaches it (an event handler, such as
   * the Resend stand-in's or the proxy's, runs outside main()) stops the children too, instead of
   * leaving sqld and workerd running: sqld is not detached, but nothing kills it when Node dies.
   */
  onSignals(): void {
    for (const sig of ["SIGINT", "SIGTERM"] as const) {
      process.once(sig, () => {
        process.stderr.write(`\n${sig}: stopping the local stack…\n`);
        void this.run().finally(() => process.exit(130));
      });
    }
    const fatal = (kind: string) => (err: unknown) => {
      process.stderr.write(`\n${kind}: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\nstopping the local stack…\n`);
      void this.run().finally(() => process.exit(1));
    };
    process.once("uncaughtException", fatal("uncaught exception"));
    process.once("unhandledRejection", fatal("unhandled rejection"));
  }
}

// ---- wrangler dev ---------------------------------------------------------------------------------

export type Worker = {
  url: string;
  process: ChildProcess;
  /** The built Worker (one file) and wrangler dev's DevTools endpoint for CPU profiles. */
  script: string;
  inspectorUrl: string | null;
  stop: () => Promise<void>;
};

function wranglerBin(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve("wrangler/package.json")), "bin", "wrangler.js");
}

/** Kills a detached child's whole process group (wrangler, its esbuild and workerd). */
export function stopGroup(child: ChildProcess, graceMs = 5000): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null || !child.pid) return resolve();
    const pid = child.pid;
    const kill = (sig: NodeJS.Signals) => {
      try {
        process.kill(-pid, sig);
      } catch {
        // already gone
      }
    };
    const hard = setTimeout(() => kill("SIGKILL"), graceMs);
    child.once("exit", () => {
      clearTimeout(hard);
      // workerd may outlive wrangler by a moment: make sure nothing of the group is left.
      kill("SIGKILL");
      resolve();
    });
    kill("SIGTERM");
  });
}

export async function waitForOk(url: string, child: ChildProcess | null, timeoutMs: number): Promise<void> {
  const started = Date.now();
  while (Date.now() - started < timeoutMs) {
    if (child && child.exitCode !== null) throw new Error(`process exited with ${child.exitCode} before ${url} answered`);
    try {
      if ((await fetch(url, { signal: AbortSignal.timeout(2000) })).ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${url} did not answer within ${timeoutMs} ms`);
}

/**
 * The Worker exactly as `wrangler deploy` would upload it, built once into `outdir`. Serving this
 * file with `--no-bundle` pins the code for the whole run: `wrangler dev` otherwise rebuilds and
 * restarts on every change in the source tree, which kills in-flight queue jobs and drops the
 * local queue's messages (other people edit the tree while benchmarks run).
 */
export function buildWorker(outdir: string): { script: string; config: string } {
  const run = spawnSync(process.execPath, [wranglerBin(), "deploy", "--dry-run", "--outdir", outdir], {
    cwd: projectRoot,
    encoding: "utf8",
    env: { ...process.env, WRANGLER_SEND_METRICS: "false" },
  });
  if (run.status !== 0) throw new Error(`wrangler deploy --dry-run failed with ${run.status}:\n${run.stdout}${run.stderr}`);
  // A copy of the configuration too: wrangler dev also restarts when its config file changes. Its
  // static assets' folder is relative to the file: pointed back at the project's public/.
  const config = join(outdir, "wrangler.toml");
  const toml = readFileSync(join(projectRoot, "wrangler.toml"), "utf8");
  writeFileSync(config, toml.replace(/^directory = "\.\/public"$/m, `directory = ${JSON.stringify(join(projectRoot, "public"))}`));
  return { script: join(outdir, "index.js"), config };
}

/**
 * `wrangler dev` on a free port with `--var` overrides (wrangler.toml stays as it is: the same
 * cron, queue and consumer settings as production), serving the pre-built Worker (buildWorker).
 * Its output goes to `logFile`.
 */
export async function startWorker(opts: {
  /** The committed wrangler.toml is production: name ENVIRONMENT and TURSO_DATABASE_URL (APP_ORIGIN and MAIL_FROM default to local ones). */
  vars: Record<string, string> & { ENVIRONMENT: "development" | "test"; TURSO_DATABASE_URL: string };
  /** Local state (queues, caches) of this run: a fresh folder keeps runs apart. */
  persistTo: string;
  logFile: string;
  /** wrangler's own log level: "warn" keeps it from printing a line per request under load. */
  logLevel?: "debug" | "info" | "log" | "warn" | "error";
  timeoutMs?: number;
  /**
   * Epoch ms the Worker's `Date.now()` always answers (the page snapshot's fixed today): prepended to
   * the built file on its first line, so source-map lines stay where they were.
   */
  fixedNow?: number;
}): Promise<Worker> {
  const { script, config } = buildWorker(`${opts.persistTo}-bundle`);
  if (opts.fixedNow !== undefined) writeFileSync(script, `Date.now = () => ${opts.fixedNow};${readFileSync(script, "utf8")}`);
  const port = await freePort();
  const inspectorPort = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const args = [
    wranglerBin(), "dev", script, "--no-bundle", "--config", config,
    "--port", String(port), "--ip", "127.0.0.1", "--inspector-port", String(inspectorPort), "--inspector-ip", "127.0.0.1",
    "--persist-to", opts.persistTo, "--show-interactive-dev-session=false",
  ];
  if (opts.logLevel) args.push("--log-level", opts.logLevel);
  for (const [k, v] of Object.entries({ APP_ORIGIN: url, MAIL_FROM: LOCAL_MAIL_FROM, ...opts.vars })) args.push("--var", `${k}:${v}`);
  const out = openSync(opts.logFile, "a");
  // Node 22 (process.execPath inside npm scripts): current wrangler refuses older ones.
  const child = spawn(process.execPath, args, { cwd: projectRoot, stdio: ["ignore", out, out], detached: true, env: { ...process.env, WRANGLER_SEND_METRICS: "false" } });
  closeSync(out);
  const worker: Worker = { url, process: child, script, inspectorUrl: `http://127.0.0.1:${inspectorPort}`, stop: () => stopGroup(child) };
  try {
    await waitForOk(`${url}/api/health`, child, opts.timeoutMs ?? 120_000);
  } catch (err) {
    await worker.stop();
    throw new Error(`wrangler dev did not start (see ${opts.logFile}): ${err instanceof Error ? err.message : String(err)}`, { cause: err });
  }
  return worker;
}

/**
 * Fires the Worker's scheduled handler as the cron trigger would, and waits for it to finish.
 * Miniflare's own trigger endpoint: `--test-scheduled`'s /__scheduled is injected by wrangler's
 * bundler, so it does not exist for a pre-built Worker. `scheduledTime` (epoch ms): the controller's
 * scheduledTime, as if the trigger had fired then.
 */
export function fireScheduled(worker: Worker, cron = "*/15 * * * *", scheduledTime?: number): Promise<Response> {
  const time = scheduledTime === undefined ? "" : `&time=${Math.round(scheduledTime)}`;
  return fetch(`${worker.url}/cdn-cgi/local/scheduled?cron=${encodeURIComponent(cron)}${time}`);
}

// ---- counting (and delaying) proxy in front of sqld ----------------------------------------------

/** One statement of a pipeline, with what sqld reports for it (`statements: true`). */
export type StatementStat = { sql: string; rowsRead: number; rowsWritten: number; ms: number; resultBytes: number };

export type ProxyEntry = {
  method: string;
  path: string;
  status: number;
  start: number;
  end: number;
  reqBytes: number;
  resBytes: number;
  /** Summed over the pipeline's statements, as sqld reports them in each Hrana result (what Turso bills). */
  rowsRead: number;
  rowsWritten: number;
  /** sqld's own time for the statements (`query_duration_ms`). */
  queryMs: number;
  tag?: string;
  statements?: StatementStat[];
};
export type CountingProxy = {
  url: string;
  entries: ProxyEntry[];
  /** Hrana pipeline requests (one per execute/batch/transaction step: a database round trip). */
  pipelines: (from?: number, to?: number) => ProxyEntry[];
  /** The round-trip time added to every request from now on (half on the way in, half on the way out). */
  setRtt: (ms: number) => void;
  /** Parse each pipeline's statements and results (costs CPU in this process: off while timing the pass). */
  setStatements: (on: boolean) => void;
  close: () => Promise<void>;
};

const sleep = (ms: number) => (ms > 0 ? new Promise<void>((r) => setTimeout(r, ms)) : Promise.resolve());

/** `"rows_read":n` of the Hrana results; inside packed JSON text a quote is escaped, so `\"` never matches. */
function sumField(body: string, field: string): number {
  const re = new RegExp(`(?<!\\\\)"${field}":([0-9.]+)`, "g");
  let sum = 0;
  for (const m of body.matchAll(re)) sum += Number(m[1]);
  return sum;
}

type HranaStmt = { sql?: string; sql_id?: number };
type HranaRequest = { type: string; sql?: string; sql_id?: number; stmt?: HranaStmt; batch?: { steps: { stmt: HranaStmt }[] } };
type HranaResult = { rows_read?: number; rows_written?: number; query_duration_ms?: number };
type HranaResponse = { type: string; result?: HranaResult & { step_results?: (HranaResult | null)[] } };

/** Each statement of a pipeline with its result's counters, in order. */
function statementStats(requestBody: string, responseBody: string): StatementStat[] {
  try {
    const req = JSON.parse(requestBody) as { requests?: HranaRequest[] };
    const res = JSON.parse(responseBody) as { results?: { type: string; response?: HranaResponse }[] };
    const out: StatementStat[] = [];
    // Node's client stores each SQL text once (store_sql) and refers to it by id.
    const stored = new Map<number, string>();
    (req.requests ?? []).forEach((r, i) => {
      if (r.type === "store_sql" && r.sql_id !== undefined) stored.set(r.sql_id, r.sql ?? "");
      const response = res.results?.[i]?.response;
      const one = (stmt: HranaStmt | undefined, result: HranaResult | null | undefined) =>
        out.push({
          sql: (stmt?.sql ?? (stmt?.sql_id !== undefined ? stored.get(stmt.sql_id) : undefined) ?? "").replace(/\s+/g, " ").trim(),
          rowsRead: result?.rows_read ?? 0,
          rowsWritten: result?.rows_written ?? 0,
          ms: result?.query_duration_ms ?? 0,
          resultBytes: result ? JSON.stringify(result).length : 0,
        });
      if (r.type === "execute") one(r.stmt, response?.result);
      else if (r.type === "batch") r.batch?.steps.forEach((step, j) => one(step.stmt, response?.result?.step_results?.[j]));
    });
    return out;
  } catch {
    return [];
  }
}

/**
 * Forwards every request to `target` and records it: bytes both ways, and the rows read and
 * written that sqld reports for each statement (newer sqld puts `rows_read`, `rows_written` and
 * `query_duration_ms` in every Hrana result; Turso bills those rows). With `rttMs` (or setRtt) every
 * request is held back half the round trip before it is forwarded and half before its answer is
 * sent, as if sqld were that far from the Worker. A request that fails upstream (sqld down) becomes
 * a 502, so the client sees a server error, as it would from Turso's edge.
 */
export async function startCountingProxy(
  target: string,
  opts: { classify?: (requestBody: string) => string | undefined; rttMs?: number; statements?: boolean } = {},
): Promise<CountingProxy> {
  const upstream = new URL(target);
  const agent = new Agent({ keepAlive: true, maxSockets: 256 });
  const entries: ProxyEntry[] = [];
  let rtt = opts.rttMs ?? 0;
  let statements = opts.statements ?? false;
  const server: Server = createServer((req, res) => {
    const start = performance.now();
    const half = rtt / 2;
    const parse = statements;
    let reqBytes = 0;
    const reqChunks: Buffer[] = [];
    const resChunks: Buffer[] = [];
    const entry = (status: number): ProxyEntry => {
      const requestBody = opts.classify || parse ? Buffer.concat(reqChunks).toString("utf8") : "";
      const responseBody = Buffer.concat(resChunks).toString("utf8");
      return {
        method: req.method ?? "GET",
        path: req.url ?? "/",
        status,
        start,
        end: performance.now(),
        reqBytes,
        resBytes: Buffer.byteLength(responseBody),
        rowsRead: sumField(responseBody, "rows_read"),
        rowsWritten: sumField(responseBody, "rows_written"),
        queryMs: sumField(responseBody, "query_duration_ms"),
        tag: opts.classify?.(requestBody),
        statements: parse ? statementStats(requestBody, responseBody) : undefined,
      };
    };
    req.on("data", (c: Buffer) => {
      reqBytes += c.length;
      reqChunks.push(c);
    });
    req.on("end", () => {
      void sleep(half).then(() => {
        // Uncompressed answers: rows and bytes are read from them (Node's fetch asks for gzip, the Worker's does not).
        const headers = { ...req.headers, host: upstream.host };
        delete headers["accept-encoding"];
        const up = httpRequest(
          { host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers, agent },
          (upRes) => {
            upRes.on("data", (c: Buffer) => resChunks.push(c));
            upRes.on("end", () => {
              // The whole answer travels back after half a round trip (responses here are small or packed).
              void sleep(half).then(() => {
                const answerHeaders = { ...upRes.headers };
                delete answerHeaders["transfer-encoding"];
                const body = Buffer.concat(resChunks);
                answerHeaders["content-length"] = String(body.length);
                res.writeHead(upRes.statusCode ?? 502, answerHeaders);
                res.end(body);
                entries.push(entry(upRes.statusCode ?? 502));
              });
            });
            upRes.on("error", () => res.destroy());
          },
        );
        up.on("error", (err) => {
          entries.push(entry(502));
          if (!res.headersSent) res.writeHead(502, { "content-type": "text/plain" });
          res.end(`proxy: ${err.message}`);
        });
        up.end(Buffer.concat(reqChunks));
      });
    });
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const addr = server.address();
  const port = typeof addr === "object" && addr ? addr.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    entries,
    pipelines: (from = 0, to = Number.POSITIVE_INFINITY) =>
      entries.filter((e) => e.start >= from && e.start < to && e.method === "POST" && /\/v[23]\/pipeline$/.test(e.path)),
    setRtt: (ms) => {
      rtt = ms;
    },
    setStatements: (on) => {
      statements = on;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
        agent.destroy();
      }),
  };
}

/** A statement for a report: its SQL without the packed wrapper (src/db/packed.ts), shortened. */
export function statementLabel(sql: string, length = 110): string {
  const inner = sql.replace(/^with p\([^)]*\) as \(/, "").replace(/"/g, "");
  return inner.length > length ? `${inner.slice(0, length)}…` : inner;
}

// ---- sqld with its write-lock manager traced -------------------------------------------------------

const TRACE_MAX_BYTES = 256 * 2 ** 20;
/** sqld's write-lock manager (one writer at a time, a FIFO queue, TXN_TIMEOUT before a waiter steals the lock). */
const TRACE_FILTER = process.env.RUST_LOG ?? "libsql_server::connection::connection_manager=debug";

/** sqld with its lock manager's debug log going to `logFile` (startSqld keeps sqld quiet or on the terminal). */
export async function startTracedSqld(dbPath: string, logFile: string) {
  const port = await freePort();
  const out = openSync(logFile, "a");
  const child = spawn(sqldBinary(), ["--db-path", dbPath, "--http-listen-addr", `127.0.0.1:${port}`, "--no-welcome"], {
    stdio: ["ignore", out, out],
    env: { ...process.env, RUST_LOG: TRACE_FILTER, RUST_LOG_STYLE: "never", NO_COLOR: "1" },
  });
  closeSync(out);
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once("exit", () => resolve());
      child.kill("SIGTERM");
      setTimeout(() => child.kill("SIGKILL"), 5000).unref();
    });
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitForOk(`${url}/health`, child, 20_000);
  } catch (err) {
    await stop();
    throw err;
  }
  // When the lock manager livelocks (README: a waiter spins on a slot handed to a connection that
  // never takes it) it logs about 1 GB a minute: past TRACE_MAX_BYTES sqld is stopped, said loudly.
  const watchdog = setInterval(() => {
    if (existsSync(logFile) && statSync(logFile).size > TRACE_MAX_BYTES) {
      process.stderr.write(`sqld's trace passed ${TRACE_MAX_BYTES / 2 ** 20} MiB: its write-lock manager is spinning (writes have stopped for good); stopping sqld\n`);
      clearInterval(watchdog);
      void stop();
    }
  }, 200);
  watchdog.unref();
  return {
    url,
    process: child,
    stop: () => {
      clearInterval(watchdog);
      return stop();
    },
  };
}

/** Per second of the run: the lock manager's forced rollbacks (a waiter stole the lock after TXN_TIMEOUT) and its waits that ran to the deadline. */
export function traceSummary(logFile: string, t0: number, seconds: number) {
  const forced = Array.from({ length: seconds }, () => 0);
  const timedOut = Array.from({ length: seconds }, () => 0);
  let lines = 0;
  /** A queued writer whose read snapshot went stale while it waited (SQLITE_BUSY_SNAPSHOT, 517): its statement fails. */
  let busySnapshot = 0;
  /** A connection closed while it still held the write slot (it failed to write, and kept the slot). */
  let closedHoldingLock = 0;
  // A spinning manager writes ~1 GB a second before it is stopped: only the start is read.
  const size = statSync(logFile).size;
  const head = Buffer.alloc(Math.min(size, TRACE_MAX_BYTES));
  const fd = openSync(logFile, "r");
  readSync(fd, head, 0, head.length, 0);
  closeSync(fd);
  for (const line of head.toString("utf8").split("\n")) {
    const at = Date.parse(line.slice(0, 30).trim().split(" ")[0] ?? "");
    const s = Number.isFinite(at) ? Math.floor((at - t0) / 1000) : -1;
    if (s < 0 || s >= seconds) continue;
    lines++;
    if (line.includes("forcing rollback")) forced[s]!++;
    if (/before_deadline\??: false/.test(line)) timedOut[s]!++;
    if (line.includes("Error code 517")) busySnapshot++;
    if (line.includes("closed without releasing lock")) closedHoldingLock++;
  }
  return { lines, bytes: size, spinning: size > TRACE_MAX_BYTES, forcedRollbacksPerSecond: forced, waitsToDeadlinePerSecond: timedOut, busySnapshot, closedHoldingLock };
}

// ---- V8 CPU profiles --------------------------------------------------------------------------------

type CpuNode = { id: number; callFrame: { functionName: string; url: string; lineNumber: number } };
export type CpuProfile = { nodes: CpuNode[]; samples?: number[]; timeDeltas?: number[] };
export type ProfileLine = { fn: string; where: string; selfMs: number; share: number };

/** Line → module of an esbuild bundle, from the `// src/…` and `// node_modules/…` markers it writes before each module. */
function bundleModules(file: string): { line: number; module: string }[] {
  if (!existsSync(file)) return [];
  const out: { line: number; module: string }[] = [];
  readFileSync(file, "utf8")
    .split("\n")
    .forEach((text, i) => {
      const m = text.match(/^\/\/ ((?:src|node_modules)\/\S+)$/);
      if (m) out.push({ line: i, module: m[1]! });
    });
  return out;
}

/** Self time per function over some profiles, largest first; bundle lines are mapped back to their source module. */
export function summarizeProfiles(profiles: CpuProfile[], top = 15, bundle?: string): { totalMs: number; lines: ProfileLine[] } {
  const modules = bundle ? bundleModules(bundle) : [];
  const moduleAt = (line: number) => {
    let lo = 0;
    let hi = modules.length - 1;
    let found = "";
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (modules[mid]!.line <= line) {
        found = modules[mid]!.module;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return found;
  };
  const self = new Map<string, { fn: string; where: string; ms: number }>();
  let total = 0;
  for (const p of profiles) {
    const byId = new Map(p.nodes.map((n) => [n.id, n]));
    const deltas = p.timeDeltas ?? [];
    (p.samples ?? []).forEach((id, i) => {
      const n = byId.get(id);
      const ms = (deltas[i + 1] ?? deltas[i] ?? 0) / 1000;
      if (!n) return;
      const f = n.callFrame;
      const where = modules.length && f.url.endsWith(".js") && !f.url.includes("node_modules")
        ? moduleAt(f.lineNumber)
        : f.url.replace(/^.*?\/(src|node_modules)\//, "$1/");
      const key = `${f.functionName}|${where}`;
      const e = self.get(key) ?? { fn: f.functionName || "(anonymous)", where, ms: 0 };
      e.ms += ms;
      self.set(key, e);
      total += ms;
    });
  }
  const lines = [...self.values()]
    .sort((a, b) => b.ms - a.ms)
    .slice(0, top)
    .map((e) => ({ fn: e.fn, where: e.where, selfMs: round(e.ms), share: round((100 * e.ms) / (total || 1)) }));
  return { totalMs: round(total), lines };
}

/** Self time summed per source module (or `(program)`, `(garbage collector)`, `(idle)`). */
export function profileByModule(profiles: CpuProfile[], bundle?: string): Record<string, number> {
  const all = summarizeProfiles(profiles, Number.MAX_SAFE_INTEGER, bundle);
  const by = new Map<string, number>();
  for (const l of all.lines) {
    const key = l.where ? l.where.replace(/^(node_modules\/(?:@[^/]+\/)?[^/]+).*$/, "$1") : l.fn;
    by.set(key, (by.get(key) ?? 0) + l.selfMs);
  }
  return Object.fromEntries([...by.entries()].sort((a, b) => b[1] - a[1]).slice(0, 15).map(([k, v]) => [k, round(v)]));
}

/**
 * Samples the Worker's isolate through wrangler dev's DevTools port while `work` runs: the one
 * way to see where workerd spends its CPU (it stops its own clocks while code runs).
 */
export async function profileWorker<T>(worker: Worker, work: () => Promise<T>): Promise<{ result: T; profile: CpuProfile | null }> {
  const { result, profile } = await inspectWorker(worker, work, { profile: true });
  return { result, profile };
}

/**
 * Watches the Worker's isolate through DevTools while `work` runs: with `profile`, V8's sampling
 * profiler; with `heapEveryMs`, the isolate's used heap (Runtime.getHeapUsage) polled that often,
 * the peak kept (what a Worker's 128 MB limit is about).
 */
export async function inspectWorker<T>(
  worker: Worker,
  work: () => Promise<T>,
  opts: { profile?: boolean; heapEveryMs?: number },
): Promise<{ result: T; profile: CpuProfile | null; heapPeakBytes: number | null }> {
  if (!worker.inspectorUrl) return { result: await work(), profile: null, heapPeakBytes: null };
  const targets = await (await fetch(`${worker.inspectorUrl}/json`)).json<{ webSocketDebuggerUrl?: string; title?: string }[]>();
  const target = targets.find((t) => t.webSocketDebuggerUrl && !/proxy/i.test(t.title ?? "")) ?? targets.find((t) => t.webSocketDebuggerUrl);
  if (!target?.webSocketDebuggerUrl) return { result: await work(), profile: null, heapPeakBytes: null };
  // wrangler's inspector proxy admits only known origins (Node's own WebSocket takes headers as an undici extension).
  const WithHeaders = WebSocket as unknown as new (url: string, init: { headers: Record<string, string> }) => WebSocket;
  const ws = new WithHeaders(target.webSocketDebuggerUrl, { headers: { origin: "http://localhost" } });
  await new Promise<void>((resolve, reject) => {
    ws.addEventListener("open", () => resolve(), { once: true });
    ws.addEventListener("error", () => reject(new Error("DevTools connection failed")), { once: true });
  });
  let id = 0;
  const pending = new Map<number, (v: unknown) => void>();
  ws.addEventListener("message", (ev) => {
    const msg = JSON.parse(String(ev.data)) as { id?: number; result?: unknown };
    if (msg.id !== undefined) pending.get(msg.id)?.(msg.result);
  });
  const call = (method: string, params?: unknown) =>
    new Promise<unknown>((resolve) => {
      const n = ++id;
      pending.set(n, resolve);
      ws.send(JSON.stringify({ id: n, method, params }));
    });
  let heapPeak: number | null = null;
  let polling = opts.heapEveryMs !== undefined;
  const poll = (async () => {
    // oxlint-disable-next-line no-unmodified-loop-condition -- cleared below once the work is done
    while (polling) {
      const usage = (await call("Runtime.getHeapUsage")) as { usedSize?: number } | undefined;
      if (usage?.usedSize !== undefined) heapPeak = Math.max(heapPeak ?? 0, usage.usedSize);
      await sleep(opts.heapEveryMs ?? 0);
    }
  })();
  try {
    if (opts.profile) {
      await call("Profiler.enable");
      await call("Profiler.setSamplingInterval", { interval: 500 });
      await call("Profiler.start");
    }
    const result = await work();
    const stopped = opts.profile ? ((await call("Profiler.stop")) as { profile?: CpuProfile } | undefined) : undefined;
    return { result, profile: stopped?.profile ?? null, heapPeakBytes: heapPeak };
  } finally {
    polling = false;
    await Promise.race([poll, sleep(2000)]);
    ws.close();
  }
}

/** CPU the profiled isolate spent, in ms: every sample but `(idle)` (GC and the runtime's own code count, as Cloudflare bills them). */
export function busyMs(profile: CpuProfile): number {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const deltas = profile.timeDeltas ?? [];
  let busy = 0;
  (profile.samples ?? []).forEach((nodeId, i) => {
    if (byId.get(nodeId)?.callFrame.functionName === "(idle)") return;
    busy += (deltas[i + 1] ?? deltas[i] ?? 0) / 1000;
  });
  return busy;
}

// ---- CPU time per process (Linux /proc) -----------------------------------------------------------

/** Processes of a process group (a detached child and everything it started), by command name. */
export function groupProcesses(pgid: number): { pid: number; name: string }[] {
  if (!existsSync("/proc")) return [];
  const out: { pid: number; name: string }[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      // Fields after the command name (which may hold spaces) start after the last ')'.
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      if (Number(fields[2]) === pgid) out.push({ pid: Number(entry), name: readFileSync(`/proc/${entry}/comm`, "utf8").trim() });
    } catch {
      // gone meanwhile
    }
  }
  return out;
}

/** User + system CPU seconds a process has used so far (0 when unknown). */
export function cpuSecondsOf(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    // utime and stime are fields 14 and 15 of stat (11 and 12 here), in clock ticks (100 per second on Linux).
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return 0;
  }
}

/** CPU seconds per process name over a stretch of work: call, work, then call the returned function. */
export function cpuMeter(pids: { pid: number; name: string }[]): () => Record<string, number> {
  const start = new Map(pids.map((p) => [p.pid, cpuSecondsOf(p.pid)]));
  const self = process.cpuUsage();
  return () => {
    const used: Record<string, number> = {};
    for (const p of pids) used[p.name] = round((used[p.name] ?? 0) + cpuSecondsOf(p.pid) - (start.get(p.pid) ?? 0), 2);
    const mine = process.cpuUsage(self);
    used["this process (load generator, checks)"] = round((mine.user + mine.system) / 1e6, 2);
    return used;
  };
}

// ---- small numbers --------------------------------------------------------------------------------

/** Nearest-rank percentile of a list (p in 0–100); NaN when empty. */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1]!;
}

export const median = (values: number[]) => percentile(values, 50);

export function round(n: number, digits = 1): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}

/** A plain two-column table for the terminal. */
export function table(rows: [string, string | number][]): string {
  const w = Math.max(...rows.map(([k]) => k.length));
  return rows.map(([k, v]) => `  ${k.padEnd(w)}  ${v}`).join("\n");
}
