// Identifies the caller: a session cookie (browser) or `Authorization: Bearer <api token>` (scripts).
//
// A credential is looked up in the database (one round trip before anything else), except on the
// routes in FOLDED when the viewer is claimed (auth/claim.ts): there the claim waits as `pending`
// and the route's own first read batch verifies it (withViewer, guard.ts), so the credential costs
// no round trip of its own. A browser sends its claim as a cookie; a script's API token has its
// claim from this isolate's memory of an earlier lookup (apiClaims), just as untrusted.
import { createMiddleware } from "hono/factory";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import { connect } from "../../db/client.ts";
import { viewerForSession } from "../../auth/sessions.ts";
import { claimGuard, claimOf, encodeClaim, parseClaim, type Claim, type Credential } from "../../auth/claim.ts";
import { viewerForApiToken } from "../../auth/api-tokens.ts";
import { csrfTokenFor } from "../../auth/tokens.ts";
import { localeFromHeader, messages } from "../../i18n/index.ts";
import { sha256Hex } from "../../auth/tokens.ts";
import type { AppContext, AppEnv, PendingClaim } from "../context.ts";

export const SESSION_COOKIE = "kq_session";
/** The viewer claim: not secret, not trusted (auth/claim.ts). */
export const CLAIM_COOKIE = "kq_claim";

/**
 * The routes whose handlers verify a claim in their first read (withViewer): the quick log and the
 * pages reps and managers open all day. Every other route looks the session up first, so a route
 * cannot read under an unverified claim by forgetting to fold the guard.
 */
const FOLDED = new Set(["POST /api/interactions", "GET /today", "GET /log", "GET /month", "GET /team"]);
/** Folded routes with an id in the path: a rep's page. */
const FOLDED_PATTERNS = [/^GET \/team\/reps\/\d+$/];

/** As the session cookie (pages/auth.tsx); 30 days, and a stale claim is replaced at the next full lookup. */
function claimCookieOptions(c: AppContext) {
  return { httpOnly: true, secure: c.env.APP_ORIGIN.startsWith("https:"), sameSite: "Lax" as const, path: "/", maxAge: 30 * 86_400 };
}

/**
 * The viewers API tokens were last found to belong to in this isolate, by the token's hash: the
 * claim a script cannot send. Bounded (oldest out first); a wrong entry costs only the full lookup.
 */
const apiClaims = new Map<string, Claim>();
const API_CLAIMS_MAX = 1000;

async function verifyApiToken(c: AppContext, token: string): Promise<void> {
  c.set("pending", null);
  const viewer = await viewerForApiToken(c.get("db"), token, c.get("now"), (work) => c.executionCtx.waitUntil(work));
  c.set("viewer", viewer);
  const hash = await sha256Hex(token);
  apiClaims.delete(hash);
  if (viewer) {
    apiClaims.set(hash, claimOf(viewer));
    if (apiClaims.size > API_CLAIMS_MAX) apiClaims.delete(apiClaims.keys().next().value!);
    setLocale(c, viewer.locale);
  }
}

/** The full lookup of a claimed credential (what its guard would have proved, in a round trip of its own). */
export function verifyPending(c: AppContext, pending: PendingClaim): Promise<void> {
  return pending.credential.kind === "session" ? verifySession(c, pending.credential.token) : verifyApiToken(c, pending.credential.token);
}

async function claimFor(c: AppContext, credential: Credential, claim: Claim): Promise<PendingClaim> {
  return { claim, credential, ...(await claimGuard(c.get("db"), credential, claim, c.get("now"))) };
}

function setLocale(c: AppContext, locale: AppEnv["Variables"]["locale"]) {
  c.set("locale", locale);
  c.set("t", messages(locale));
}

/**
 * The full session lookup (the old path): sets the verified viewer or none, and keeps the claim
 * cookie in step with it (set when missing or stale, removed when the session is gone).
 */
export async function verifySession(c: AppContext, token: string): Promise<void> {
  c.set("pending", null);
  const viewer = await viewerForSession(c.get("db"), token, c.get("now"), (work) => c.executionCtx.waitUntil(work));
  const sent = getCookie(c, CLAIM_COOKIE);
  if (!viewer) {
    c.set("viewer", null);
    c.set("sessionToken", null);
    c.set("csrf", null);
    if (sent !== undefined) deleteCookie(c, CLAIM_COOKIE, { path: "/" });
    setLocale(c, localeFromHeader(c.req.header("accept-language")));
    return;
  }
  c.set("viewer", viewer);
  c.set("sessionToken", token);
  c.set("csrf", await csrfTokenFor(token));
  const claim = encodeClaim(claimOf(viewer));
  if (sent !== claim) setCookie(c, CLAIM_COOKIE, claim, claimCookieOptions(c));
  setLocale(c, viewer.locale);
}

export const identify = createMiddleware<AppEnv>(async (c, next) => {
  const db = connect(c.env);
  const now = Date.now();
  c.set("db", db);
  c.set("now", now);
  c.set("viewer", null);
  c.set("pending", null);
  c.set("sessionToken", null);
  c.set("csrf", null);
  // A language before any database access, so even a 503 page can be written.
  setLocale(c, localeFromHeader(c.req.header("accept-language")));

  const bearer = c.req.header("authorization")?.match(/^Bearer\s+(\S+)$/i)?.[1];
  const cookie = getCookie(c, SESSION_COOKIE);
  const route = `${c.req.method} ${c.req.path}`;
  const folded = FOLDED.has(route) || FOLDED_PATTERNS.some((re) => re.test(route));
  if (bearer) {
    const claim = folded ? apiClaims.get(await sha256Hex(bearer)) : undefined;
    if (claim) {
      c.set("pending", await claimFor(c, { kind: "api", token: bearer }, claim));
      setLocale(c, claim.locale);
    } else {
      await verifyApiToken(c, bearer);
    }
  } else if (cookie) {
    const claim = folded ? parseClaim(getCookie(c, CLAIM_COOKIE)) : null;
    if (claim) {
      // The form token derives from the cookie alone; the guard proves the cookie before any write.
      c.set("pending", await claimFor(c, { kind: "session", token: cookie }, claim));
      c.set("sessionToken", cookie);
      c.set("csrf", await csrfTokenFor(cookie));
      setLocale(c, claim.locale);
    } else {
      await verifySession(c, cookie);
    }
  }
  await next();
});
