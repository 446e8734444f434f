// `npm run bench:pages`: what a signed-in user waits for on the pages, with the database a network
// away. A seeded organisation on a fresh sqld, `wrangler dev` serving the Worker with its database
// behind the delaying, counting proxy (stack.ts), one session per client made as sign-in makes them
// (createSession: a random token, its hash stored) with the viewer claim cookie a browser holds after
// its first page (src/auth/claim.ts), then for each page and each round-trip time:
// the cost of one request (database round trips, rows read and written, CPU) and p50/p99 at 1, 10
// and 50 clients (latency.ts).
//
//   npm run bench:pages
//   npm run bench:pages -- --rtt 0,20,80 --clients 1,10,50 --seconds 5
//   npm run bench:pages -- --reps 50 --stores-per-rep 200      pages should not grow with stores
//   npm run bench:pages -- --only /today,/month
//
// Reps open /today, /log (the store picker), /log?storeId= (the quick-log form) and /month;
// managers open /team (a page of their reps' months) and their /today (own digest and the team's day).
import { mkdtempSync, rmSync } from "node:fs";
import { cpus, loadavg, tmpdir, totalmem } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { startSqld } from "../../src/cli/sqld.ts";
import { migrateDatabase, nodeDb } from "../../src/cli/db.ts";
import { seedDatabase } from "../../src/seed/insert.ts";
import { createSession } from "../../src/auth/sessions.ts";
import { encodeClaim } from "../../src/auth/claim.ts";
import type { Locale } from "../../src/domain/types.ts";
import { localDateOf } from "../../src/domain/dates.ts";
import { Cleanup, round, startCountingProxy, startWorker, table } from "./stack.ts";
import { closedLoop, measureCost, numberList, type Cost, type Latency, type RequestFor } from "./latency.ts";

const { values: args } = parseArgs({
  options: {
    reps: { type: "string", default: "50" },
    "stores-per-rep": { type: "string", default: "80" },
    rtt: { type: "string", default: "0,20,80" },
    clients: { type: "string", default: "1,10,50" },
    seconds: { type: "string", default: "5" },
    "cost-requests": { type: "string", default: "20" },
    only: { type: "string" },
    profile: { type: "boolean", default: true },
    "keep-logs": { type: "boolean", default: false },
  },
});
const rtts = numberList(args.rtt, "rtt");
const clientCounts = numberList(args.clients, "clients");
const seconds = Number(args.seconds);
const log = (line: string) => process.stderr.write(`bench:pages: ${line}\n`);

type Session = { userId: number; cookie: string; storeId: number };

async function main() {
  const cleanup = new Cleanup();
  cleanup.onSignals();
  try {
    const dir = mkdtempSync(join(tmpdir(), "keqing-pages-"));
    cleanup.add(() => {
      if (args["keep-logs"]) log(`logs kept in ${dir}`);
      else rmSync(dir, { recursive: true, force: true });
    });
    const sqld = await startSqld({ dbPath: join(dir, "db"), quiet: true });
    cleanup.add(sqld.stop);
    await migrateDatabase(sqld.url);
    const { client, db } = nodeDb(sqld.url);
    cleanup.add(() => client.close());
    const reps = Number(args.reps);
    const storesPerRep = Number(args["stores-per-rep"]);
    log(`seeding ${reps} reps × ${storesPerRep} stores…`);
    // Pages read "today" by the real clock: the data is seeded up to today.
    await seedDatabase(client, { reps, storesPerRep, seed: 4, today: localDateOf(Date.now(), "Asia/Shanghai"), onProgress: null });

    // One session per client, as sign-in creates them; users are reused round-robin when clients outnumber them.
    const maxClients = Math.max(...clientCounts);
    const sessionsOf = async (role: "rep" | "manager"): Promise<Session[]> => {
      const users = await client.execute({
        sql: "select u.id, u.team_id, u.locale, u.time_zone, (select min(s.id) from stores s where s.rep_id = u.id and s.archived = 0) as store from users u where u.role = ? and u.active = 1 order by u.id",
        args: [role],
      });
      if (users.rows.length === 0) throw new Error(`the seed has no ${role}`);
      const out: Session[] = [];
      for (let i = 0; i < maxClients; i++) {
        const u = users.rows[i % users.rows.length]!;
        const token = await createSession(db, Number(u.id), "bench:pages", Date.now());
        // The viewer claim the Worker sets after the first lookup (src/auth/claim.ts), as a browser sends it back.
        const claim = encodeClaim({ id: Number(u.id), role, teamId: u.team_id === null ? null : Number(u.team_id), locale: String(u.locale) as Locale, timeZone: String(u.time_zone) });
        out.push({ userId: Number(u.id), cookie: `kq_session=${token}; kq_claim=${claim}`, storeId: Number(u.store ?? 0) });
      }
      return out;
    };
    const repSessions = await sessionsOf("rep");
    const managerSessions = await sessionsOf("manager");

    const proxy = await startCountingProxy(sqld.url);
    cleanup.add(proxy.close);
    log("starting wrangler dev…");
    const worker = await startWorker({
      vars: { TURSO_DATABASE_URL: proxy.url, ENVIRONMENT: "test" },
      persistTo: join(dir, "wrangler"),
      logFile: join(dir, "wrangler.log"),
      logLevel: "warn",
    });
    cleanup.add(worker.stop);

    const page = (sessions: Session[], path: (s: Session) => string): RequestFor => (c) => {
      const s = sessions[c % sessions.length]!;
      return { path: path(s), headers: { cookie: s.cookie, "accept-language": "zh-CN" } };
    };
    const endpoints: [string, RequestFor][] = [
      ["/today", page(repSessions, () => "/today")],
      ["/log", page(repSessions, () => "/log")],
      ["/log?storeId=", page(repSessions, (s) => `/log?storeId=${s.storeId}`)],
      ["/month", page(repSessions, () => "/month")],
      ["/team", page(managerSessions, () => "/team")],
      ["/today (manager)", page(managerSessions, () => "/today")],
    ];
    const only = args.only ? new Set(args.only.split(",")) : null;
    const chosen = endpoints.filter(([name]) => !only || only.has(name));

    // Every session once, untimed: the first request of a session refreshes its last-seen time (a write).
    for (const [, req] of chosen) for (let c = 0; c < maxClients; c++) await fetch(`${worker.url}${req(c, 0).path}`, { headers: req(c, 0).headers }).then((r) => r.arrayBuffer());

    const loadBefore = loadavg()[0]!;
    const costs: Record<string, Cost> = {};
    const latencies: Record<string, Latency[]> = {};
    for (const [name, req] of chosen) {
      proxy.setRtt(0);
      log(`${name}: cost of one request…`);
      costs[name] = await measureCost(worker, proxy, req, { n: Number(args["cost-requests"]), warm: 10, profile: args.profile });
      for (const rtt of rtts) {
        proxy.setRtt(rtt);
        for (const clients of clientCounts) {
          log(`${name}: RTT ${rtt} ms, ${clients} client(s), ${seconds} s…`);
          (latencies[name] ??= []).push(await closedLoop(worker, req, { clients, seconds, rttMs: rtt }));
        }
      }
    }
    proxy.setRtt(0);
    const loadAfter = loadavg()[0]!;

    const out = {
      date: new Date().toISOString(),
      machine: { cpus: cpus().length, memGiB: round(totalmem() / 2 ** 30, 0), node: process.version, loadAvgBefore: round(loadBefore, 2), loadAvgAfter: round(loadAfter, 2) },
      reps,
      storesPerRep,
      seconds,
      costs,
      latencies,
    };
    const rows: [string, string | number][] = [];
    for (const [name] of chosen) {
      const c = costs[name]!;
      rows.push([
        name,
        `${c.roundTrips} round trips (max ${c.roundTripsMax}, +${c.background} after), ${c.rowsRead} rows read / ${c.rowsWritten} written, ` +
          `CPU ${c.isolateCpuMs ?? "n/a"} ms isolate / ${c.workerdCpuMs} ms workerd, ${c.latencyMs} ms alone; ${JSON.stringify(c.statuses)}`,
      ]);
      for (const l of latencies[name] ?? []) {
        rows.push([`  RTT ${l.rttMs} ms, ${l.clients} client(s)`, `p50 ${l.p50} ms, p99 ${l.p99} ms, ${l.rps} req/s${l.non2xx + l.errors + l.timeouts ? ` (non-2xx ${l.non2xx}, errors ${l.errors}, timeouts ${l.timeouts})` : ""}`]);
      }
    }
    console.log(`\nPages — ${out.date}, ${out.machine.cpus} CPUs, Node ${out.machine.node}, load average ${out.machine.loadAvgBefore} before / ${out.machine.loadAvgAfter} after; ${reps} reps × ${storesPerRep} stores\n${table(rows)}`);
    console.log(`PAGES_JSON ${JSON.stringify(out)}`);
    const bad = Object.values(costs).some((c) => Object.keys(c.statuses).some((s) => s !== "200"));
    if (bad) {
      process.exitCode = 1;
      log("a page did not answer 200 (see the statuses above)");
    }
  } finally {
    await cleanup.run();
  }
}

await main();
