// CSRF: every state-changing request made with the session cookie must prove it came from our pages.
// Forms carry a per-session token (`_csrf`); cookie-authenticated API calls send it as `X-CSRF-Token`.
// Page forms without a session (sign-in) must come from our own origin, against login CSRF.
// Bearer-token calls carry no ambient credential and need neither.
import { createMiddleware } from "hono/factory";
import { safeEqual } from "../../auth/tokens.ts";
import { ApiError } from "../errors.ts";
import type { AppEnv } from "../context.ts";

const SAFE = new Set(["GET", "HEAD", "OPTIONS"]);

export const csrfGuard = createMiddleware<AppEnv>(async (c, next) => {
  if (SAFE.has(c.req.method)) return next();
  const expected = c.get("csrf");
  if (expected) {
    let sent = c.req.header("x-csrf-token");
    if (!sent && /^(application\/x-www-form-urlencoded|multipart\/form-data)/i.test(c.req.header("content-type") ?? "")) {
      const body = await c.req.parseBody();
      sent = typeof body._csrf === "string" ? body._csrf : undefined;
    }
    if (!sent || !safeEqual(sent, expected)) throw new ApiError(403, "forbidden", c.get("t").common.csrfFailed);
    return next();
  }
  // No session: API calls carry no ambient credential (they get a 401 or use a bearer token).
  if (c.req.path.startsWith("/api/")) return next();
  const origin = c.req.header("origin");
  const fetchSite = c.req.header("sec-fetch-site");
  const ours = new Set([new URL(c.req.url).origin, new URL(c.env.APP_ORIGIN).origin]);
  if ((origin && ours.has(origin)) || fetchSite === "same-origin") return next();
  throw new ApiError(403, "forbidden", c.get("t").common.csrfFailed);
});
