// The first thing every request meets: a Worker whose configuration fails the check (src/config.ts)
// answers 500 to pages and API alike, before any database access or link is built.
import { createMiddleware } from "hono/factory";
import { configured } from "../../config.ts";
import { localeFromHeader, messages } from "../../i18n/index.ts";
import { ApiError } from "../errors.ts";
import type { AppEnv } from "../context.ts";

export const configGuard = createMiddleware<AppEnv>(async (c, next) => {
  if (configured(c.env, "fetch")) return next();
  // What the error page needs, which `identify` would otherwise set.
  c.set("viewer", null);
  c.set("csrf", null);
  c.set("locale", localeFromHeader(c.req.header("accept-language")));
  c.set("t", messages(c.get("locale")));
  throw new ApiError(500, "internal", "service not configured");
});
