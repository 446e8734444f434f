// `npm run bench:cost`: dollars per rep per month on Workers Paid + Turso + Resend at list prices,
// from what the benchmarks measured (their JSON lines) and a stated usage model. Nothing here is
// measured: it multiplies measured unit costs (rows read and written, CPU, queue operations, e-mails
// per digest, quick log and page view) by usage and prices.
//
//   npm run bench -- … > bench.log; npm run bench:log -- --grid > log.log; npm run bench:pages > pages.log
//   npm run bench:cost -- --bench bench.log --log log.log --pages pages.log [--reps 2000,20000]
//
// Prices (USD), and where they were read (the search index of public pages, 2 December 2026):
// - Workers Paid: $5 a month; 10 M requests included, then $0.30 per million; 30 M CPU-ms included,
//   then $0.02 per million CPU-ms. developers.cloudflare.com/workers/platform/pricing (the stored
//   copy carries no date; the Standard model it describes has been in force since 1 March 2024).
// - Queues: 1 M operations a month included on Workers Paid, then $0.40 per million; an operation
//   per 64 KB written, read or deleted (a delivered message: 3). developers.cloudflare.com/queues/pricing.
// - Turso: the stored copy of turso.tech/pricing was not in the index; a transcription of it dated
//   2026-06-12 (api-evangelist/turso, plans/turso-plans-pricing.yml) gives Developer $4.99 (2.5 B
//   rows read, 25 M rows written, 9 GB), Scaler $24.92 (100 B read, 100 M written, 24 GB, $0.50/GB
//   beyond), Pro $416.58 (250 B read, 250 M written, 50 GB, $0.45/GB beyond), and overage of $1 per
//   billion rows read and $1 per million rows written (stated for the free plan; used here for every
//   plan, to be checked against the live page). Rows are what sqld reports read ("scanned") and written.
// - Resend (transactional): Pro $20 for 50,000 e-mails, Scale $90 for 100,000, overage $0.90 per
//   1,000 (resend.com changelog "Pay-as-you-go pricing"; flexprice.io "Resend pricing guide", 20 Aug
//   2025; owostack.com snapshot of resend.com/pricing verified 2026-03-09). Calls are not billed.
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { round, table } from "./stack.ts";
import { numberList } from "./latency.ts";

const { values: args } = parseArgs({
  options: {
    bench: { type: "string" },
    log: { type: "string" },
    pages: { type: "string" },
    reps: { type: "string", default: "2000,20000" },
    // The usage model (per rep): a digest every day; quick logs and page views on working days.
    "digest-days": { type: "string", default: "30" },
    "working-days": { type: "string", default: "22" },
    /** The seed's own rate: 983,628 interactions for 2,000 reps over 30 days (16.4 a day). */
    "logs-per-day": { type: "string", default: "16" },
    "today-views": { type: "string", default: "2" },
    "picker-views": { type: "string", default: "2" },
    /** The quick-log form, opened once per quick log from a digest link or the picker. */
    "form-views": { type: "string", default: "16" },
    "month-views": { type: "string", default: "1" },
    /** /team: a manager per ~10 reps looking twice a day. */
    "team-views": { type: "string", default: "0.2" },
    /** Months of history kept: storage grows with it (the bench seeds 30 days). */
    "history-months": { type: "string", default: "12" },
  },
});

/** The last `PREFIX {json}` line of a benchmark's output. */
function jsonLine(file: string | undefined, prefix: string): unknown {
  if (!file) throw new Error(`--${prefix === "BENCH_JSON" ? "bench" : prefix === "LOAD_JSON" ? "log" : "pages"} <file with the ${prefix} line> is required`);
  const line = readFileSync(file, "utf8").split("\n").findLast((l) => l.startsWith(`${prefix} `));
  if (!line) throw new Error(`${file} has no ${prefix} line`);
  return JSON.parse(line.slice(prefix.length + 1));
}

type UnitCost = { rowsRead: number; rowsWritten: number; workerdCpuMs: number };
type Bench = {
  reps: number;
  digestsSent: number;
  dbBytes: number;
  jobs: number;
  rows: { read: number; written: number };
  workerdCpuPerDigestMs: number;
  cpuPerDigestWithDecodeMs: { median: number };
  queueOperations: { operations: number };
  emailsRecorded: number;
};

const bench = jsonLine(args.bench, "BENCH_JSON") as Bench;
const quick = (jsonLine(args.log, "LOAD_JSON") as { cost: UnitCost | null }).cost;
if (!quick) throw new Error("the bench:log output has no cost: run it with --grid");
const pages = (jsonLine(args.pages, "PAGES_JSON") as { costs: Record<string, UnitCost> }).costs;
const page = (name: string): UnitCost => {
  const c = pages[name];
  if (!c) throw new Error(`the bench:pages output has no ${name}`);
  return c;
};

const n = (name: string) => Number(args[name as keyof typeof args]);
const workingDays = n("working-days");
const views: [UnitCost, number][] = [
  [page("/today"), n("today-views") * workingDays],
  [page("/log"), n("picker-views") * workingDays],
  [page("/log?storeId="), n("form-views") * workingDays],
  [page("/month"), n("month-views") * workingDays],
  [page("/team"), n("team-views") * workingDays],
];
const logs = n("logs-per-day") * workingDays;
const digests = n("digest-days");

// ---- per rep per month ----
const perDigest = {
  rowsRead: bench.rows.read / bench.digestsSent,
  rowsWritten: bench.rows.written / bench.digestsSent,
  // workerd's whole process over the pass (upper bound), or compose + decode in V8, whichever is larger.
  cpuMs: Math.max(bench.workerdCpuPerDigestMs, bench.cpuPerDigestWithDecodeMs.median),
  queueOps: bench.queueOperations.operations / bench.digestsSent,
};
const monthly = {
  requests: logs + views.reduce((a, [, k]) => a + k, 0) + digests / 400, // a consumer invocation per batch of 4 jobs of 100
  cpuMs: digests * perDigest.cpuMs + logs * quick.workerdCpuMs + views.reduce((a, [c, k]) => a + k * c.workerdCpuMs, 0),
  rowsRead: digests * perDigest.rowsRead + logs * quick.rowsRead + views.reduce((a, [c, k]) => a + k * c.rowsRead, 0),
  rowsWritten: digests * perDigest.rowsWritten + logs * quick.rowsWritten + views.reduce((a, [c, k]) => a + k * c.rowsWritten, 0),
  queueOps: digests * perDigest.queueOps,
  emails: digests + 1, // + about one sign-in link a month (sessions last 30 days)
  /** Bytes stored per rep: the seeded database holds 30 days of history. */
  storageBytes: (bench.dbBytes / bench.reps) * n("history-months"),
};

// ---- prices ----
const overage = (used: number, included: number, perUnit: number, unit: number) => (Math.max(0, used - included) / unit) * perUnit;
function workers(reps: number) {
  const base = 5;
  const requests = overage(monthly.requests * reps, 10e6, 0.3, 1e6);
  const cpu = overage(monthly.cpuMs * reps, 30e6, 0.02, 1e6);
  const queues = overage(monthly.queueOps * reps, 1e6, 0.4, 1e6);
  return { base, requests, cpu, queues, total: base + requests + cpu + queues };
}
const TURSO_PLANS = [
  { name: "Developer", price: 4.99, read: 2.5e9, written: 25e6, gb: 9, gbOver: 0.75 },
  { name: "Scaler", price: 24.92, read: 100e9, written: 100e6, gb: 24, gbOver: 0.5 },
  { name: "Pro", price: 416.58, read: 250e9, written: 250e6, gb: 50, gbOver: 0.45 },
];
function turso(reps: number) {
  const read = monthly.rowsRead * reps;
  const written = monthly.rowsWritten * reps;
  const gb = (monthly.storageBytes * reps) / 1e9;
  const priced = TURSO_PLANS.map((p) => {
    const total = p.price + overage(read, p.read, 1, 1e9) + overage(written, p.written, 1, 1e6) + overage(gb, p.gb, p.gbOver, 1);
    return { plan: p.name, total };
  });
  return { read, written, gb, ...priced.reduce((best, p) => (p.total < best.total ? p : best)) };
}
function resend(reps: number) {
  const emails = monthly.emails * reps;
  const plans = [
    { plan: "Pro", total: 20 + overage(emails, 50_000, 0.9, 1000) },
    { plan: "Scale", total: 90 + overage(emails, 100_000, 0.9, 1000) },
  ];
  return { emails, ...plans.reduce((best, p) => (p.total < best.total ? p : best)) };
}

const out = numberList(args.reps, "reps").map((reps) => {
  const w = workers(reps);
  const t = turso(reps);
  const r = resend(reps);
  const total = w.total + t.total + r.total;
  return { reps, workers: w, turso: t, resend: r, total, perRep: total / reps };
});

console.log(`\nPer rep per month (usage model: ${digests} digests, ${logs} quick logs, ${views.reduce((a, [, k]) => a + k, 0)} page views):`);
console.log(
  table([
    ["rows read", `${Math.round(monthly.rowsRead)} (digests ${Math.round(digests * perDigest.rowsRead)}, quick logs ${Math.round(logs * quick.rowsRead)}, pages ${Math.round(views.reduce((a, [c, k]) => a + k * c.rowsRead, 0))})`],
    ["rows written", `${Math.round(monthly.rowsWritten)} (digests ${Math.round(digests * perDigest.rowsWritten)}, quick logs ${Math.round(logs * quick.rowsWritten)})`],
    ["Worker requests / CPU", `${Math.round(monthly.requests)} / ${Math.round(monthly.cpuMs)} ms`],
    ["queue operations", round(monthly.queueOps, 2)],
    ["e-mails", monthly.emails],
    ["storage", `${round(monthly.storageBytes / 1e6, 1)} MB (${n("history-months")} months of history)`],
  ]),
);
for (const o of out) {
  console.log(`\n${o.reps} reps: $${round(o.total, 2)} a month, $${round(o.perRep, 4)} per rep`);
  console.log(
    table([
      ["Workers Paid", `$${round(o.workers.total, 2)} (base ${o.workers.base}, requests ${round(o.workers.requests, 2)}, CPU ${round(o.workers.cpu, 2)}, queues ${round(o.workers.queues, 2)})`],
      [`Turso (${o.turso.plan})`, `$${round(o.turso.total, 2)} (${round(o.turso.read / 1e9, 2)} B rows read, ${round(o.turso.written / 1e6, 2)} M written, ${round(o.turso.gb, 1)} GB)`],
      [`Resend (${o.resend.plan})`, `$${round(o.resend.total, 2)} (${o.resend.emails} e-mails)`],
    ]),
  );
}
console.log(`COST_JSON ${JSON.stringify({ monthlyPerRep: monthly, perDigest, quickLog: quick, out })}`);
