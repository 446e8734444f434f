// R17: closing the loop on a slow mover. A rep (their stores), a manager (their team's) or an admin
// marks it resolved with what worked; it then leaves the digest, /today and the store's open list,
// and the store page keeps what worked.
import * as v from "valibot";
import type { Db } from "../db/client.ts";
import { resolveSlowMover, slowMoverInScope } from "../db/queries/insights.ts";
import type { Viewer } from "../auth/identity.ts";
import { requiredText } from "../domain/fields.ts";

export const ResolveInput = v.strictObject({
  /** What worked (moved to eye level, a staff incentive…). */
  resolution: requiredText(500),
});

export type ResolveResult = { ok: true; storeId: number; already: boolean } | { ok: false; notFound: true };

/** Idempotent: resolving a resolved one changes nothing and answers as done. */
export async function resolveSlowMoverFor(db: Db, viewer: Viewer, id: number, input: v.InferOutput<typeof ResolveInput>, now: number): Promise<ResolveResult> {
  const row = await slowMoverInScope(db, viewer, id);
  if (!row) return { ok: false, notFound: true };
  if (row.status === "resolved") return { ok: true, storeId: row.storeId, already: true };
  await resolveSlowMover(db, viewer, id, input.resolution, now);
  return { ok: true, storeId: row.storeId, already: false };
}
