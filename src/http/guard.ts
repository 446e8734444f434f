import type { Viewer } from "../auth/identity.ts";
import { StaleClaim, touchAfterClaim } from "../auth/claim.ts";
import type { Guard } from "../db/batch.ts";
import type { Role } from "../domain/types.ts";
import { createMiddleware } from "hono/factory";
import type { AppContext, AppEnv } from "./context.ts";
import { ApiError } from "./errors.ts";
import { verifyPending } from "./middleware/session.ts";

/** The signed-in caller, or a 401 (pages turn it into a redirect to sign-in). */
export function requireViewer(c: AppContext, ...roles: Role[]): Viewer {
  // A route that folds verification (middleware/session.ts FOLDED) reaches its viewer only through
  // withViewer or requireVerified: a claim is never taken for a viewer here.
  if (c.get("pending")) throw new Error(`${c.req.method} ${c.req.path} folds its session check: use withViewer or requireVerified`);
  const viewer = c.get("viewer");
  if (!viewer) throw new ApiError(401, "unauthorized", "sign in first");
  // Pages and routes a role may not use answer 404, like rows out of scope: nothing to probe.
  if (roles.length > 0 && !roles.includes(viewer.role)) throw new ApiError(404, "not_found", "not found");
  return viewer;
}

/** As requireViewer, looking a claimed session up first (the full lookup: one round trip more). */
export async function requireVerified(c: AppContext, ...roles: Role[]): Promise<Viewer> {
  const pending = c.get("pending");
  if (pending) await verifyPending(c, pending);
  return requireViewer(c, ...roles);
}

/**
 * What a folded read gets: the viewer to scope its rows by and the guard to put first in its first
 * batch (runQueries/runPlan/runBatch take it). `guard` is null when the viewer is already verified.
 * Until the guard has passed the viewer is the claim, with an empty name and e-mail.
 */
export type Access = { viewer: Viewer; guard: Guard | null };

/**
 * The signed-in caller (with one of `roles`) and what `read` returns for them, the credential
 * checked in read's first batch when the viewer is claimed: no round trip of its own. When the claim does
 * not hold (signed out elsewhere, revoked, role or team changed, forged) whatever read got is dropped
 * and the request goes on as any other: the full lookup, then 401/404 or `read` again for the real
 * viewer. `read` must run the guard in its first batch, before any write.
 */
export async function withViewer<T>(c: AppContext, roles: Role[], read: (access: Access) => Promise<T>): Promise<{ viewer: Viewer; value: T }> {
  const pending = c.get("pending");
  if (pending && (roles.length === 0 || roles.includes(pending.claim.role))) {
    /** Once the guard has passed: the claim is the viewer (also for an error page thrown after it). */
    const verified = (): Viewer | null => {
      const row = pending.row();
      if (!row) return null;
      const viewer: Viewer = { ...pending.claim, name: row.name, email: row.email };
      c.set("pending", null);
      c.set("viewer", viewer);
      const touch = touchAfterClaim(c.get("db"), pending.credential, row, c.get("now"));
      if (touch) c.executionCtx.waitUntil(touch);
      return viewer;
    };
    try {
      const value = await read({ viewer: { ...pending.claim, name: "", email: "" }, guard: pending.guard });
      // A read that never ran its guard is a bug: nothing it read may be shown.
      const viewer = verified();
      if (!viewer) throw new Error(`${c.req.method} ${c.req.path}: the folded read did not run its guard`);
      return { viewer, value };
    } catch (err) {
      if (!(err instanceof StaleClaim)) {
        verified();
        throw err;
      }
    }
  }
  const viewer = await requireVerified(c, ...roles);
  return { viewer, value: await read({ viewer, guard: null }) };
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
 * whatever they sent. A claim with one of the roles goes on unverified: the route's withViewer
 * verifies it in its first read, and an invalid input is answered only after that (see requireVerified).
 */
export const signedIn = (...roles: Role[]) =>
  createMiddleware<AppEnv>(async (c, next) => {
    const pending = c.get("pending");
    if (!pending || (roles.length > 0 && !roles.includes(pending.claim.role))) await requireVerified(c, ...roles);
    await next();
  });
