// Calls the Worker through its fetch handler, as a browser or a script would.
import { env, exports } from "cloudflare:workers";
import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import worker from "../../src/index.ts";
import { eq } from "drizzle-orm";
import { createSession, viewerColumns } from "../../src/auth/sessions.ts";
import { csrfTokenFor } from "../../src/auth/tokens.ts";
import { claimOf, encodeClaim } from "../../src/auth/claim.ts";
import { users } from "../../src/db/schema.ts";
import { db } from "./db.ts";

export const ORIGIN = "http://localhost:8787";

export type Agent = { cookie?: string; csrf?: string; bearer?: string };

/**
 * A browser signed in as `userId`: its session cookie and, as the Worker sets it after the first
 * lookup, the viewer claim (auth/claim.ts) as the user is now; `claim: false` for a browser without one.
 */
export async function signedIn(userId: number, opts: { claim?: boolean } = {}): Promise<Agent> {
  const token = await createSession(db(), userId, "vitest", Date.now());
  let cookie = `kq_session=${token}`;
  if (opts.claim !== false) {
    const [user] = await db().select(viewerColumns).from(users).where(eq(users.id, userId));
    cookie += `; kq_claim=${encodeClaim(claimOf(user!))}`;
  }
  return { cookie, csrf: await csrfTokenFor(token) };
}

/**
 * The request as `request` makes it, with the database round trips it took before its response
 * (work handed to waitUntil is not counted): every Hrana request to the test database is one. The
 * Worker gets its own client for this (another auth token in its env, ignored by the test sqld),
 * created while the counting fetch is in place (the client keeps the fetch it was made with).
 */
export async function countedRequest(path: string, init: RequestInit & { agent?: Agent } = {}): Promise<{ res: Response; roundTrips: number }> {
  installCountingFetch();
  const headers = new Headers(init.headers);
  if (init.agent?.cookie) headers.set("cookie", init.agent.cookie);
  const req = new Request(`${ORIGIN}${path}`, { ...init, headers, redirect: "manual" });
  const ctx = createExecutionContext();
  const before = dbRequests;
  const res = await worker.fetch(req, { ...env, TURSO_AUTH_TOKEN: "counted" }, ctx);
  const roundTrips = dbRequests - before;
  await waitOnExecutionContext(ctx);
  return { res, roundTrips };
}

let dbRequests = 0;
let counting = false;
function installCountingFetch() {
  if (counting) return;
  counting = true;
  const original = globalThis.fetch;
  const dbUrl = env.TURSO_DATABASE_URL;
  globalThis.fetch = (input, init) => {
    const url = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
    if (url.startsWith(dbUrl)) dbRequests++;
    return original(input, init);
  };
}

/** `settle`: resolve only once the work the request handed to waitUntil has finished too (see `settled`). */
export function request(path: string, init: RequestInit & { agent?: Agent; settle?: boolean } = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  const agent = init.agent;
  if (agent?.cookie) headers.set("cookie", agent.cookie);
  if (agent?.bearer) headers.set("authorization", `Bearer ${agent.bearer}`);
  const req = new Request(`${ORIGIN}${path}`, { ...init, headers, redirect: "manual" });
  return init.settle ? settled(req) : exports.default.fetch(req);
}

/**
 * The Worker's fetch handler with an ExecutionContext of the test's own, awaited until everything
 * handed to waitUntil (a mail sent after the response) has finished: what a test needs before it
 * asserts that something did not happen.
 */
async function settled(req: Request): Promise<Response> {
  const ctx = createExecutionContext();
  const res = await worker.fetch(req, env, ctx);
  await waitOnExecutionContext(ctx);
  return res;
}

export function sendJson(method: string, path: string, body: unknown, agent?: Agent) {
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (agent?.csrf) headers["x-csrf-token"] = agent.csrf;
  return request(path, { method, body: JSON.stringify(body), headers, agent });
}

/** Posts a form as the page would: with the session's CSRF token unless told otherwise. */
export function postForm(path: string, fields: Record<string, string | string[]>, agent?: Agent, opts: { csrf?: string | null; origin?: string; settle?: boolean } = {}) {
  const form = new URLSearchParams();
  const csrf = opts.csrf === undefined ? agent?.csrf : opts.csrf;
  if (csrf) form.set("_csrf", csrf);
  for (const [k, v] of Object.entries(fields)) for (const x of Array.isArray(v) ? v : [v]) form.append(k, x);
  const headers: Record<string, string> = { "content-type": "application/x-www-form-urlencoded" };
  if (opts.origin !== undefined) headers.origin = opts.origin;
  else headers.origin = ORIGIN;
  return request(path, { method: "POST", body: form.toString(), headers, agent, settle: opts.settle });
}
