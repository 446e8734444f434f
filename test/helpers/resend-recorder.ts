// A local stand-in for Resend's HTTP API (the network edge we cannot reach from here), so tests
// drive the real Resend SDK. It records every accepted e-mail, honours Idempotency-Key the way
// Resend documents it (same key + same body → the first answer again; same key + another body →
// 409), and can be told to fail: `POST /__script` with `{ "fail": [429, 500, …] }` makes the next
// calls answer those statuses in turn.
//
// At benchmark scale (20,000 digests of ~30 kB) keeping and serialising every mail at once broke
// ("Invalid string length" from JSON.stringify): `/__log` now streams the mails one by one, and
// `keep: "summary"` keeps no bodies at all, only what `/__summary` reports (counts per recipient and
// the calls), which is all a benchmark checks.
import { createServer, type ServerResponse, type Server } from "node:http";
import { createHash, randomUUID } from "node:crypto";

export type RecordedEmail = { id: string; from: string; to: string | string[]; subject: string; text?: string; html?: string };
type Reply = { status: number; body: unknown };

export type Recorder = { url: string; close: () => Promise<void> };
type Call = { path: string; key: string | null; status: number; count: number };

/** What `/__summary` answers: enough to tell that every mail went out once, without the mails. */
export type RecorderSummary = { delivered: number; recipients: number; duplicated: number; calls: Call[] };

/** Writes `{"delivered":[…],"calls":[…]}` a mail at a time, waiting whenever the socket's buffer is full. */
async function streamLog(res: ServerResponse, delivered: readonly RecordedEmail[], calls: readonly Call[]): Promise<void> {
  const write = (chunk: string) => (res.write(chunk) ? Promise.resolve() : new Promise<void>((r) => res.once("drain", () => r())));
  res.writeHead(200, { "content-type": "application/json" });
  await write('{"delivered":[');
  for (let i = 0; i < delivered.length; i++) await write((i ? "," : "") + JSON.stringify(delivered[i]));
  await write(`],"calls":${JSON.stringify(calls)}}`);
  res.end();
}

/** `keep`: "all" (the tests: every mail, readable at /__log) or "summary" (benchmarks: counts only). */
export async function startRecorder(opts: { keep?: "all" | "summary" } = {}): Promise<Recorder> {
  const keepAll = (opts.keep ?? "all") === "all";
  let delivered: RecordedEmail[] = [];
  let perRecipient = new Map<string, number>();
  let deliveredCount = 0;
  let calls: Call[] = [];
  let script: number[] = [];
  const seen = new Map<string, { hash: string; reply: Reply }>();

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c) => chunks.push(c));
    req.on("end", () => {
      const raw = Buffer.concat(chunks).toString("utf8");
      const send = (r: Reply) => {
        res.writeHead(r.status, { "content-type": "application/json" });
        res.end(JSON.stringify(r.body));
      };
      const url = req.url ?? "/";
      if (url === "/__script" && req.method === "POST") {
        script = (JSON.parse(raw || "{}").fail ?? []) as number[];
        return send({ status: 200, body: { ok: true } });
      }
      if (url === "/__reset" && req.method === "POST") {
        delivered = [];
        perRecipient = new Map();
        deliveredCount = 0;
        calls = [];
        script = [];
        seen.clear();
        return send({ status: 200, body: { ok: true } });
      }
      if (url === "/__log" && req.method === "GET") {
        if (!keepAll) return send({ status: 409, body: { message: "this recorder keeps a summary only: GET /__summary" } });
        return void streamLog(res, delivered, calls).catch(() => res.destroy());
      }
      if (url === "/__summary" && req.method === "GET") {
        const duplicated = [...perRecipient.values()].filter((n) => n > 1).length;
        const summary: RecorderSummary = { delivered: deliveredCount, recipients: perRecipient.size, duplicated, calls };
        return send({ status: 200, body: summary });
      }
      if (req.method !== "POST" || (url !== "/emails" && url !== "/emails/batch")) {
        return send({ status: 404, body: { statusCode: 404, name: "not_found", message: "not found" } });
      }
      if (!String(req.headers.authorization ?? "").startsWith("Bearer re_")) {
        return send({ status: 401, body: { statusCode: 401, name: "missing_api_key", message: "Missing API key" } });
      }
      const key = (req.headers["idempotency-key"] as string | undefined) ?? null;
      const hash = createHash("sha256").update(raw).digest("hex");
      const record = (status: number, count: number) => calls.push({ path: url, key, status, count });
      if (key && seen.has(key)) {
        const prior = seen.get(key)!;
        if (prior.hash !== hash) {
          record(409, 0);
          return send({ status: 409, body: { statusCode: 409, name: "invalid_idempotent_request", message: "Same idempotency key used with a different request payload." } });
        }
        record(prior.reply.status, 0);
        return send(prior.reply);
      }
      const fail = script.shift();
      if (fail) {
        record(fail, 0);
        const name = fail === 429 ? "rate_limit_exceeded" : fail === 422 ? "validation_error" : "internal_server_error";
        return send({ status: fail, body: { statusCode: fail, name, message: `scripted ${fail}` } });
      }
      const emails = (url === "/emails" ? [JSON.parse(raw)] : JSON.parse(raw)) as Omit<RecordedEmail, "id">[];
      const accepted = emails.map((e) => ({ ...e, id: randomUUID() }));
      deliveredCount += accepted.length;
      for (const e of accepted) for (const to of [e.to].flat()) perRecipient.set(to, (perRecipient.get(to) ?? 0) + 1);
      if (keepAll) delivered.push(...accepted);
      const reply: Reply = { status: 200, body: url === "/emails" ? { id: accepted[0]!.id } : { data: accepted.map((e) => ({ id: e.id })) } };
      if (key) seen.set(key, { hash, reply });
      record(200, accepted.length);
      send(reply);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const addr = server.address();
  const port = typeof addr === "object" && addr ? addr.port : 0;
  return { url: `http://127.0.0.1:${port}`, close: () => new Promise((r) => server.close(() => r())) };
}
