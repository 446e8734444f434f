import type { Viewer } from "../auth/identity.ts";
import type { Role } from "../domain/types.ts";
import { createMiddleware } from "hono/factory";
import type { AppContext, AppEnv } from "./context.ts";
import { ApiError } from "./errors.ts";

/** The signed-in caller, or a 401 (pages turn it into a redirect to sign-in). */
export function requireViewer(c: AppContext, ...roles: Role[]): Viewer {
  const viewer = c.get("viewer");
  if (!viewer) throw new ApiError(401, "unauthorized", "sign in first");
  // Pages and routes a role may not use answer 404, like rows out of scope: nothing to probe.
  if (roles.length > 0 && !roles.includes(viewer.role)) throw new ApiError(404, "not_found", "not found");
  return viewer;
}

/** Parses a path id; anything else is a 404, not a 500. */
export function idParam(c: AppContext, name = "id"): number {
  const raw = c.req.param(name) ?? "";
  const id = /^\d{1,15}$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isSafeInteger(id) || id <= 0) throw new ApiError(404, "not_found", "not found");
  return id;
}

/**
 * Middleware for a route that checks its input: the caller is signed in (with one of `roles`) before
 * the validator reads anything, so a visitor gets the sign-in and a role without access the 404,
 * whatever they sent.
 */
export const signedIn = (...roles: Role[]) =>
  createMiddleware<AppEnv>(async (c, next) => {
    requireViewer(c, ...roles);
    await next();
  });
