// Identifies the caller: a session cookie (browser) or `Authorization: Bearer <api token>` (scripts).
//
// A browser session is looked up in the database (one round trip before anything else), except on
// the routes in FOLDED with a viewer claim cookie (auth/claim.ts): there the claim waits as
// `pending` and the route's own first read batch verifies it (withViewer, guard.ts), so the session
// costs no round trip of its own. API bearer tokens keep their lookup (one indexed read; scripts do
// not carry a claim).
import { createMiddleware } from "hono/factory";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import { connect } from "../../db/client.ts";
import { viewerForSession } from "../../auth/sessions.ts";
import { claimGuard, claimOf, encodeClaim, parseClaim } from "../../auth/claim.ts";
import { viewerForApiToken } from "../../auth/api-tokens.ts";
import { csrfTokenFor } from "../../auth/tokens.ts";
import { localeFromHeader, messages } from "../../i18n/index.ts";
import type { AppContext, AppEnv } from "../context.ts";

export const SESSION_COOKIE = "kq_session";
/** The viewer claim: not secret, not trusted (auth/claim.ts). */
export const CLAIM_COOKIE = "kq_claim";

/**
 * The routes whose handlers verify a claim in their first read (withViewer): the quick log and the
 * pages reps and managers open all day. Every other route looks the session up first, so a route
 * cannot read under an unverified claim by forgetting to fold the guard.
 */
const FOLDED = new Set(["POST /api/interactions", "GET /today", "GET /log", "GET /month", "GET /team"]);

/** As the session cookie (pages/auth.tsx); 30 days, and a stale claim is replaced at the next full lookup. */
function claimCookieOptions(c: AppContext) {
  return { httpOnly: true, secure: c.env.APP_ORIGIN.startsWith("https:"), sameSite: "Lax" as const, path: "/", maxAge: 30 * 86_400 };
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
  if (bearer) {
    const viewer = await viewerForApiToken(db, bearer, now, (work) => c.executionCtx.waitUntil(work));
    c.set("viewer", viewer);
    if (viewer) setLocale(c, viewer.locale);
  } else if (cookie) {
    const claim = FOLDED.has(`${c.req.method} ${c.req.path}`) ? parseClaim(getCookie(c, CLAIM_COOKIE)) : null;
    if (claim) {
      // The form token derives from the cookie alone; the guard proves the cookie before any write.
      c.set("pending", { claim, token: cookie, ...(await claimGuard(db, cookie, claim, now)) });
      c.set("sessionToken", cookie);
      c.set("csrf", await csrfTokenFor(cookie));
      setLocale(c, claim.locale);
    } else {
      await verifySession(c, cookie);
    }
  }
  await next();
});
