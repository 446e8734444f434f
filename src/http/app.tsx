import { Hono } from "hono";
import { createMiddleware } from "hono/factory";
import { secureHeaders } from "hono/secure-headers";
import type { AppContext, AppEnv } from "./context.ts";
import { api } from "./api/index.ts";
import { ApiError, errorBody, isDatabaseUnavailable } from "./errors.ts";
import { identify } from "./middleware/session.ts";
import { csrfGuard } from "./middleware/csrf.ts";
import { boundedBodies } from "./middleware/body-limit.ts";
import { configGuard } from "./middleware/config.ts";
import { pageRenderer } from "./pages/layout.tsx";
import { renderError } from "./pages/error-page.tsx";
import { signinPages, signoutPages } from "./pages/auth.tsx";
import { todayPage } from "./pages/today.tsx";
import { monthPage } from "./pages/month.tsx";
import { teamPages } from "./pages/team/index.tsx";
import { logPages } from "./pages/log/index.tsx";
import { interactionPages } from "./pages/interactions.tsx";
import { storePages } from "./pages/stores/index.tsx";
import { contactPages, lifeEventPages, storeContactPages } from "./pages/contacts/index.tsx";
import { settingsPages } from "./pages/settings.tsx";
import { calendarFeed } from "./pages/calendar.tsx";
import { festivalPages } from "./pages/festivals.tsx";
import { adminPages } from "./pages/admin/index.tsx";
import { devOutbox } from "./pages/outbox.tsx";

const pageHeaders = secureHeaders({
  contentSecurityPolicy: {
    defaultSrc: ["'self'"],
    scriptSrc: ["'self'"],
    styleSrc: ["'self'"],
    imgSrc: ["'self'", "data:"],
    formAction: ["'self'"],
    frameAncestors: ["'none'"],
    baseUri: ["'none'"],
    objectSrc: ["'none'"],
  },
  referrerPolicy: "same-origin",
});

/**
 * Nothing is cached unless its route says so: pages and API answers carry sign-in links, tokens and
 * people's data, and a shared or back-forward cache must not keep them. Only the stylesheet (public)
 * and the calendar feed (private, for the subscribing app) set a policy of their own.
 */
const noStoreByDefault = createMiddleware<AppEnv>(async (c, next) => {
  await next();
  if (!c.res.headers.has("cache-control")) c.header("cache-control", "no-store");
});

/**
 * Whose page this is, for the service worker: it keeps pages for offline use only for the user they
 * were rendered for, and empties that cache as soon as a page says someone else, or no one, is signed
 * in (sign-out, another rep on the same phone). Public: the number is in the page anyway.
 */
const pageOwner = createMiddleware<AppEnv>(async (c, next) => {
  await next();
  if (c.res.headers.get("content-type")?.startsWith("text/html")) c.header("x-kq-user", String(c.get("viewer")?.id ?? ""));
});

/**
 * The service worker, from public/sw.js with the deploy's version id in front: a new deploy is a new
 * script, so browsers install it and it replaces the previous version's caches. Never cached itself
 * (browsers check it on navigation anyway; no-cache keeps any proxy from holding an old one).
 */
async function serviceWorker(c: AppContext): Promise<Response> {
  const file = await c.env.ASSETS.fetch(new URL("/sw.js", c.req.url));
  if (!file.ok) return c.notFound();
  c.header("content-type", "text/javascript; charset=utf-8");
  c.header("cache-control", "no-cache");
  return c.body(`const VERSION = ${JSON.stringify(c.env.CF_VERSION_METADATA.id)};\n${await file.text()}`);
}

/** The app: its middleware, then its URL map. */
export const app = new Hono<AppEnv>()
  .use(noStoreByDefault)
  .use(pageOwner)
  // A stored e-mail's own HTML needs inline styles: its route sets a stricter policy of its own.
  .use((c, next) => (/^\/(admin|dev)\/outbox\/\d+\/html$/.test(c.req.path) ? next() : pageHeaders(c, next)))
  .get("/sw.js", serviceWorker)
  .use(pageRenderer)
  .use(configGuard)
  .use(identify)
  .use(boundedBodies)
  .use(csrfGuard)
  .get("/", (c) => c.redirect(c.get("viewer") ? "/today" : "/signin"))
  .route("/signin", signinPages)
  .route("/signout", signoutPages)
  .route("/today", todayPage)
  .route("/month", monthPage)
  .route("/team", teamPages)
  .route("/log", logPages)
  .route("/festivals", festivalPages)
  .route("/interactions", interactionPages)
  .route("/stores", storePages)
  .route("/stores/:id/contacts", storeContactPages)
  .route("/contacts", contactPages)
  .route("/contacts/:id/events", lifeEventPages)
  .route("/settings", settingsPages)
  .route("/calendar", calendarFeed)
  .route("/admin", adminPages)
  .route("/dev/outbox", devOutbox)
  .route("/api", api)
  .notFound((c) => {
    if (c.req.path.startsWith("/api/")) return c.json(errorBody("not_found", "not found"), 404);
    return renderError(c, 404);
  })
  .onError((err, c) => {
    const isApi = c.req.path.startsWith("/api/");
    if (err instanceof ApiError) {
      if (err.status === 503) c.header("retry-after", "5");
      if (isApi) return c.json(errorBody(err.code, err.message, err.fields), err.status);
      if (err.status === 401) return c.redirect(`/signin?next=${encodeURIComponent(c.req.path)}`, 303);
      return renderError(c, err.status, err.message);
    }
    if (isDatabaseUnavailable(err)) {
      c.header("retry-after", "5");
      if (isApi) return c.json(errorBody("unavailable", "service temporarily unavailable"), 503);
      return renderError(c, 503);
    }
    // Unexpected: log it, never leak internals.
    console.error({ msg: "unhandled error", method: c.req.method, path: c.req.path, error: String(err), cause: err instanceof Error && err.cause instanceof Error ? err.cause.message : undefined, stack: err instanceof Error ? err.stack : undefined });
    if (isApi) return c.json(errorBody("internal", "internal server error"), 500);
    return renderError(c, 500);
  });
