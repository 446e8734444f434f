// Latency as a user would feel it with the database across a network: shared by `bench:log` and
// `bench:pages`. The Worker reaches sqld through the counting proxy (stack.ts), which holds every
// Hrana request back half a round trip each way (setRtt), so a request's time grows by its number of
// database round trips × RTT, as it does in production between a Worker and Turso.
//
// Two measurements per endpoint:
//   cost     one client, one request at a time (after a warm-up): the database round trips of each
//            request (pipelines that start while it is in flight), the rows sqld reports read and
//            written for it, database requests that start after the answer (waitUntil work), the
//            isolate's sampled CPU (DevTools) and workerd's own CPU (/proc) per request;
//   latency  `clients` connections in a closed loop (each sends again as soon as it is answered) for
//            a few seconds: p50 and p99, requests per second, answers that were not 2xx.
import autocannon, { type AutocannonRequest } from "autocannon";
import { busyMs, cpuMeter, groupProcesses, inspectWorker, median, round, type CountingProxy, type Worker } from "./stack.ts";

/** One request of an endpoint for client `client` (0-based), its `n`-th. */
export type RequestFor = (client: number, n: number) => { method?: string; path: string; headers?: Record<string, string>; body?: string };

export type Cost = {
  requests: number;
  statuses: Record<string, number>;
  /** Database round trips while the request was in flight: median, and the most any request took. */
  roundTrips: number;
  roundTripsMax: number;
  /** Database requests started after the answer, before the next request (waitUntil work), per request. */
  background: number;
  rowsRead: number;
  rowsWritten: number;
  /** The isolate's sampled CPU per request (all but idle), and workerd's whole process (an upper bound). */
  isolateCpuMs: number | null;
  workerdCpuMs: number;
  latencyMs: number;
};

export type Latency = { clients: number; rttMs: number; p50: number; p99: number; rps: number; requests: number; non2xx: number; errors: number; timeouts: number };

const send = async (worker: Worker, r: ReturnType<RequestFor>): Promise<number> => {
  const res = await fetch(`${worker.url}${r.path}`, { method: r.method ?? "GET", headers: r.headers, body: r.body, redirect: "manual" });
  await res.arrayBuffer();
  return res.status;
};

/** The cost of `n` requests sent one at a time, each after the last one's background work settled. */
export async function measureCost(
  worker: Worker,
  proxy: CountingProxy,
  requestFor: RequestFor,
  opts: { n: number; warm: number; profile: boolean; onResponse?: (status: number, context: Record<string, unknown>) => void },
): Promise<Cost> {
  const sendOne = async (c: number, n: number) => {
    const request = requestFor(c, n);
    const status = await send(worker, request);
    opts.onResponse?.(status, { request });
    return status;
  };
  for (let i = 0; i < opts.warm; i++) await sendOne(i, -1 - i);
  await new Promise((r) => setTimeout(r, 200));
  const windows: { start: number; end: number; status: number }[] = [];
  const meter = cpuMeter(groupProcesses(worker.process.pid!));
  const { profile } = await inspectWorker(
    worker,
    async () => {
      for (let i = 0; i < opts.n; i++) {
        const start = performance.now();
        const status = await sendOne(i, i);
        windows.push({ start, end: performance.now(), status });
        // Room for waitUntil work to start (and be counted as background, not as the next request's).
        await new Promise((r) => setTimeout(r, 30));
      }
    },
    { profile: opts.profile },
  );
  const cpu = meter();
  const t0 = windows[0]!.start;
  const t1 = performance.now();
  const trips = proxy.pipelines(t0, t1);
  const per = windows.map((w) => trips.filter((e) => e.start >= w.start && e.start < w.end));
  const inside = new Set(per.flat());
  const statuses: Record<string, number> = {};
  for (const w of windows) statuses[w.status] = (statuses[w.status] ?? 0) + 1;
  const counts = per.map((es) => es.length);
  return {
    requests: windows.length,
    statuses,
    roundTrips: median(counts),
    roundTripsMax: Math.max(...counts),
    background: round(trips.filter((e) => !inside.has(e)).length / windows.length, 2),
    rowsRead: round(median(per.map((es) => es.reduce((a, e) => a + e.rowsRead, 0))), 1),
    rowsWritten: round(median(per.map((es) => es.reduce((a, e) => a + e.rowsWritten, 0))), 1),
    isolateCpuMs: profile ? round(busyMs(profile) / windows.length, 2) : null,
    workerdCpuMs: round((1000 * (cpu.workerd ?? 0)) / windows.length, 2),
    latencyMs: round(median(windows.map((w) => w.end - w.start)), 1),
  };
}

/** `clients` connections, each sending its next request as soon as the last is answered, for `seconds`. */
export async function closedLoop(
  worker: Worker,
  requestFor: RequestFor,
  opts: { clients: number; seconds: number; rttMs: number; onResponse?: (status: number, context: Record<string, unknown>) => void; onRequest?: (context: Record<string, unknown>) => void },
): Promise<Latency> {
  let nextClient = 0;
  let n = 0;
  const result = await autocannon({
    url: worker.url,
    connections: opts.clients,
    duration: opts.seconds,
    timeout: 20,
    requests: [
      {
        setupRequest: (req: AutocannonRequest, context) => {
          // autocannon keeps one context per connection: the connection is the client.
          context.client ??= nextClient++;
          const r = requestFor(Number(context.client), n++);
          context.request = r;
          opts.onRequest?.(context);
          return { ...req, method: r.method ?? "GET", path: r.path, headers: r.headers ?? {}, body: r.body };
        },
        onResponse: (status, _body, context) => opts.onResponse?.(status, context),
      },
    ],
  });
  const requests = Object.values(result.statusCodeStats).reduce((a, s) => a + s.count, 0);
  return {
    clients: opts.clients,
    rttMs: opts.rttMs,
    p50: result.latency.p50,
    p99: result.latency.p99,
    rps: round(result.requests.average, 1),
    requests,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
  };
}

/** Parses `--clients 1,10,50` style lists. */
export function numberList(text: string, name: string): number[] {
  const xs = text.split(",").map((x) => Number(x.trim()));
  if (xs.length === 0 || xs.some((x) => !Number.isFinite(x) || x < 0)) throw new Error(`--${name} must be a comma-separated list of numbers ≥ 0`);
  return xs;
}
