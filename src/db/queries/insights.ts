// Visit intel after the visit (R17): a slow mover marked resolved with what worked, scoped to the
// stores the viewer sees, audited.
import { and, eq } from "drizzle-orm";
import type { Db } from "../client.ts";
import { auditLog, interactions, stores, visitInsights } from "../schema.ts";
import { storeVisible } from "./scope.ts";
import type { Viewer } from "../../auth/identity.ts";

/** A slow mover at a store the viewer sees (its store and state), or undefined: out of scope reads as not there. */
export async function slowMoverInScope(db: Db, viewer: Viewer, id: number) {
  const [row] = await db
    .select({ id: visitInsights.id, storeId: interactions.storeId, status: visitInsights.status, resolution: visitInsights.resolution })
    .from(visitInsights)
    .innerJoin(interactions, eq(interactions.id, visitInsights.interactionId))
    .innerJoin(stores, eq(stores.id, interactions.storeId))
    .where(and(eq(visitInsights.id, id), eq(visitInsights.kind, "slow_mover"), storeVisible(viewer)));
  return row;
}

/**
 * Marks an open slow mover resolved with what worked, and audits it, in one batch. Only an open one
 * changes: a second submit (a retry) writes nothing more.
 */
export async function resolveSlowMover(db: Db, viewer: Viewer, id: number, resolution: string, now: number): Promise<void> {
  await db.batch([
    db
      .insert(auditLog)
      .values({ actorId: viewer.id, entity: "visit_insight", entityId: id, action: "update", changes: ["status", "resolution"], before: { status: "open" }, after: { status: "resolved" }, at: now }),
    db
      .update(visitInsights)
      .set({ status: "resolved", resolution, resolvedBy: viewer.id, resolvedAt: now })
      .where(and(eq(visitInsights.id, id), eq(visitInsights.status, "open"))),
  ]);
}
