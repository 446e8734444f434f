import { Hono } from "hono";
import { createMiddleware } from "hono/factory";
import { secureHeaders } from "hono/secure-headers";
import type { AppEnv } from "./context.ts";
import { api } from "./api/index.ts";
import { ApiError, errorBody, isDatabaseUnavailable } from "./errors.ts";
import { identify } from "./middleware/session.ts";
import { csrfGuard } from "./middleware/csrf.ts";
import { boundedBodies } from "./middleware/body-limit.ts";
import { configGuard } from "./middleware/config.ts";
import { authPages } from "./pages/auth.tsx";
import { progressPages } from "./pages/today.tsx";
import { storePages } from "./pages/stores.tsx";
import { templatePages } from "./pages/admin-templates.tsx";
import { adminPages } from "./pages/admin/index.tsx";
import { logPages } from "./pages/log.tsx";
import { settingsPages } from "./pages/settings.tsx";
import { outboxPages } from "./pages/outbox.tsx";
import { calendarPages } from "./pages/calendar.tsx";
import { ErrorPage } from "./pages/error-page.tsx";
import { appCss } from "./assets/app-css.ts";

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

export const app = new Hono<AppEnv>()
  .use(noStoreByDefault)
  // A stored e-mail's own HTML needs inline styles: its route sets a stricter policy of its own.
  .use((c, next) => (/^\/(admin|dev)\/outbox\/\d+\/html$/.test(c.req.path) ? next() : pageHeaders(c, next)))
  .get("/assets/app.css", (c) => {
    c.header("content-type", "text/css; charset=utf-8");
    c.header("cache-control", "public, max-age=3600");
    return c.body(appCss);
  })
  .use(configGuard)
  .use(identify)
  .use(boundedBodies)
  .use(csrfGuard)
  .route("/api", api)
  .route("/", authPages)
  .route("/", progressPages)
  .route("/", storePages)
  .route("/", outboxPages)
  .route("/admin/templates", templatePages)
  .route("/admin", adminPages)
  .route("/", logPages)
  .route("/", settingsPages)
  .route("/", calendarPages)
  .get("/", (c) => c.redirect(c.get("viewer") ? "/today" : "/signin"))
  .notFound((c) => {
    if (c.req.path.startsWith("/api/")) return c.json(errorBody("not_found", "not found"), 404);
    return c.html(<ErrorPage c={c} status={404} />, 404);
  })
  .onError((err, c) => {
    const isApi = c.req.path.startsWith("/api/");
    if (err instanceof ApiError) {
      if (err.status === 503) c.header("retry-after", "5");
      if (isApi) return c.json(errorBody(err.code, err.message, err.fields), err.status);
      if (err.status === 401) return c.redirect(`/signin?next=${encodeURIComponent(c.req.path)}`, 303);
      return c.html(<ErrorPage c={c} status={err.status} message={err.message} />, err.status);
    }
    if (isDatabaseUnavailable(err)) {
      c.header("retry-after", "5");
      if (isApi) return c.json(errorBody("unavailable", "service temporarily unavailable"), 503);
      return c.html(<ErrorPage c={c} status={503} />, 503);
    }
    // Unexpected: log it, never leak internals.
    console.error({ msg: "unhandled error", method: c.req.method, path: c.req.path, error: String(err), cause: err instanceof Error && err.cause instanceof Error ? err.cause.message : undefined, stack: err instanceof Error ? err.stack : undefined });
    if (isApi) return c.json(errorBody("internal", "internal server error"), 500);
    return c.html(<ErrorPage c={c} status={500} />, 500);
  });
