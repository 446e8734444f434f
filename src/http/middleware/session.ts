// Identifies the caller: a session cookie (browser) or `Authorization: Bearer <api token>` (scripts).
import { createMiddleware } from "hono/factory";
import { getCookie } from "hono/cookie";
import { connect } from "../../db/client.ts";
import { viewerForSession } from "../../auth/sessions.ts";
import { viewerForApiToken } from "../../auth/api-tokens.ts";
import { csrfTokenFor } from "../../auth/tokens.ts";
import { localeFromHeader, messages } from "../../i18n/index.ts";
import type { AppEnv } from "../context.ts";

export const SESSION_COOKIE = "kq_session";

export const identify = createMiddleware<AppEnv>(async (c, next) => {
  const db = connect(c.env);
  const now = Date.now();
  c.set("db", db);
  c.set("now", now);
  c.set("viewer", null);
  c.set("sessionToken", null);
  c.set("csrf", null);
  // A language before any database access, so even a 503 page can be written.
  c.set("locale", localeFromHeader(c.req.header("accept-language")));
  c.set("t", messages(c.get("locale")));

  const bearer = c.req.header("authorization")?.match(/^Bearer\s+(\S+)$/i)?.[1];
  const cookie = getCookie(c, SESSION_COOKIE);
  if (bearer) {
    c.set("viewer", await viewerForApiToken(db, bearer, now, (work) => c.executionCtx.waitUntil(work)));
  } else if (cookie) {
    const viewer = await viewerForSession(db, cookie, now);
    if (viewer) {
      c.set("viewer", viewer);
      c.set("sessionToken", cookie);
      c.set("csrf", await csrfTokenFor(cookie));
    }
  }
  const locale = c.get("viewer")?.locale ?? localeFromHeader(c.req.header("accept-language"));
  c.set("locale", locale);
  c.set("t", messages(locale));
  await next();
});
