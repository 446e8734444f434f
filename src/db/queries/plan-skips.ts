// A rep's skip of an item of today's plan (plan_skips, issue 12.4): the rep's own record, for a store
// they hold today, one row per rep, store, channel and local day. The reads that plan with the skips
// are in rep-month.ts (the digest's batch); this is the write.
import { and, eq, sql } from "drizzle-orm";
import type { Db } from "../client.ts";
import { auditLog, planSkips, stores } from "../schema.ts";
import { storeVisible } from "./scope.ts";
import { runQueries } from "../batch.ts";
import type { Viewer } from "../../auth/identity.ts";
import type { SkipReason } from "../../domain/plan.ts";
import type { LocalDate, QuotaChannel } from "../../domain/types.ts";

export type SkipWrite = { storeId: number; channel: QuotaChannel; localDate: LocalDate; reason: SkipReason; note: string | null };

/**
 * Saves the skip when the store is the viewer's own and live (anything else: "not_found"). The same
 * skip again changes nothing and audits nothing (a retried form); a new reason replaces the day's.
 * Two round trips: the check with the day's row, then the write with its audit row in one batch.
 */
export async function saveSkip(db: Db, viewer: Viewer, s: SkipWrite, now: number): Promise<"saved" | "unchanged" | "not_found"> {
  const key = and(eq(planSkips.repId, viewer.id), eq(planSkips.localDate, s.localDate), eq(planSkips.storeId, s.storeId), eq(planSkips.channel, s.channel));
  const { store, existing } = await runQueries(db, {
    store: db
      .select({ id: stores.id })
      .from(stores)
      .where(and(eq(stores.id, s.storeId), eq(stores.repId, viewer.id), eq(stores.archived, false), storeVisible(viewer))),
    existing: db.select({ reason: planSkips.reason, note: planSkips.note }).from(planSkips).where(key),
  });
  if (store.length === 0) return "not_found";
  const old = existing[0];
  if (old && old.reason === s.reason && old.note === s.note) return "unchanged";
  const changes = old ? (["reason", "note"] as const).filter((f) => old[f] !== s[f]) : ["store_id", "channel", "local_date", "reason", ...(s.note ? ["note"] : [])];
  await db.batch([
    db
      .insert(planSkips)
      .values({ repId: viewer.id, storeId: s.storeId, channel: s.channel, localDate: s.localDate, reason: s.reason, note: s.note, createdAt: now })
      .onConflictDoUpdate({ target: [planSkips.repId, planSkips.localDate, planSkips.storeId, planSkips.channel], set: { reason: s.reason, note: s.note } }),
    // The row's id by its key (the insert's id is not known inside the batch). The note is free text: named, not copied.
    db.run(sql`insert into ${auditLog} (actor_id, entity, entity_id, action, changes, at, after)
      select ${viewer.id}, 'plan_skip', ${planSkips.id}, ${old ? "update" : "create"}, ${JSON.stringify(changes)}, ${now},
        json_object('store_id', ${s.storeId}, 'channel', ${s.channel}, 'local_date', ${s.localDate}, 'reason', ${s.reason})
      from ${planSkips} where ${key}`),
  ]);
  return "saved";
}
