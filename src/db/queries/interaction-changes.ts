// Changing a logged interaction after the fact: the row as its editor may see it, the edit, the
// delete (the row moves to deleted_interactions with its insights, so no count can include it),
// intel added to an earlier visit. Each write is one batch (one transaction) with its audit row.
// Who may change what, and the checks, are in services/change-interaction.ts.
import { and, asc, eq, getTableColumns, sql } from "drizzle-orm";
import type { Db } from "../client.ts";
import type { BatchItem } from "drizzle-orm/batch";
import { auditLog, contacts, deletedInteractions, interactions, lifeEvents, stores, visitInsights } from "../schema.ts";
import { storeVisible } from "./scope.ts";
import { policySelect, policyOf } from "./policy.ts";
import type { Viewer } from "../../auth/identity.ts";
import type { Channel, InsightKind } from "../../domain/types.ts";

export type InteractionRow = typeof interactions.$inferSelect;

/** The fields an audit row carries as values (none is personal); free text is only named. */
export const AUDITED_VALUES = [
  "storeId",
  "contactId",
  "channel",
  "occurredAt",
  "localDate",
  "occasion",
  "festivalKey",
  "festivalYear",
  "lifeEventId",
  "giftValue",
  "askedHelp",
  "greetingTemplateId",
] as const;
export const AUDITED_TEXT = ["giftWhat", "problemSolved", "trainingTopic", "notes"] as const;

export function auditedValues(row: Pick<InteractionRow, (typeof AUDITED_VALUES)[number]>): Record<string, unknown> {
  return Object.fromEntries(AUDITED_VALUES.map((k) => [k, row[k]]));
}

/** The interaction with its store's name and rep, its life event's kind, its insights, and the policy; null out of scope. */
export async function interactionInScope(db: Db, viewer: Viewer, id: number) {
  const [rows, insights, policyRows] = await db.batch([
    db
      .select({ ...getTableColumns(interactions), storeName: stores.name, storeClass: stores.class, lifeEventKind: lifeEvents.kind })
      .from(interactions)
      .innerJoin(stores, eq(stores.id, interactions.storeId))
      .leftJoin(lifeEvents, eq(lifeEvents.id, interactions.lifeEventId))
      .where(and(eq(interactions.id, id), storeVisible(viewer))),
    db.select().from(visitInsights).where(eq(visitInsights.interactionId, id)).orderBy(asc(visitInsights.id)),
    policySelect(db),
  ]);
  const row = rows[0];
  return row ? { row, insights, policy: policyOf(policyRows) } : null;
}

/** Reopens a follow-up this interaction had closed, unless another interaction on its channel still closes it (R7, R8). */
function reopenFollowUp(db: Db, lifeEventId: number, channel: Channel) {
  return db
    .update(lifeEvents)
    .set({ state: "open" })
    .where(
      and(
        eq(lifeEvents.id, lifeEventId),
        eq(lifeEvents.state, "done"),
        sql`not exists (select 1 from ${interactions} where ${interactions.lifeEventId} = ${lifeEventId} and ${interactions.channel} = ${channel})`,
      ),
    );
}

/** An edit never moves the check-in position: it is where the phone was when the visit was logged. */
export type InteractionUpdate = Omit<InteractionRow, "id" | "repId" | "idempotencyKey" | "createdAt" | "lat" | "lng" | "accuracyM">;

export async function updateInteraction(
  db: Db,
  viewer: Viewer,
  current: InteractionRow,
  next: InteractionUpdate,
  followUps: { close: number | null; reopen: { lifeEventId: number; channel: Channel } | null },
  now: number,
) {
  const changed = [...AUDITED_VALUES, ...AUDITED_TEXT].filter((k) => (current[k] ?? null) !== (next[k] ?? null));
  if (changed.length === 0) return;
  const id = current.id;
  const rest: BatchItem<"sqlite">[] = [];
  // A visit moved to another store: intel about someone who is not at the new store is about the visit's contact.
  if (next.storeId !== current.storeId) {
    rest.push(
      db
        .update(visitInsights)
        .set({ contactId: next.contactId })
        .where(and(eq(visitInsights.interactionId, id), sql`${visitInsights.contactId} not in (select id from ${contacts} where store_id = ${next.storeId})`)),
    );
  }
  if (followUps.close) rest.push(db.update(lifeEvents).set({ state: "done" }).where(and(eq(lifeEvents.id, followUps.close), eq(lifeEvents.state, "open"))));
  if (followUps.reopen) rest.push(reopenFollowUp(db, followUps.reopen.lifeEventId, followUps.reopen.channel));
  rest.push(
    db.insert(auditLog).values({
      actorId: viewer.id,
      entity: "interaction",
      entityId: id,
      action: "update",
      changes: changed,
      before: auditedValues(current),
      after: auditedValues(next),
      at: now,
    }),
  );
  await db.batch([db.update(interactions).set(next).where(eq(interactions.id, id)), ...rest]);
}

/**
 * Moves the interaction and its insights to deleted_interactions, reopens the follow-up it had
 * closed and writes the audit row: one transaction. The audit's `before` is read from the row in
 * the same statement that moves it, so it is the row as deleted.
 */
export async function deleteInteraction(db: Db, viewer: Viewer, id: number, reopen: { lifeEventId: number; channel: Channel } | null, now: number) {
  const i = sql.identifier;
  const cols = Object.values(getTableColumns(interactions)).map((c) => c.name);
  const colList = sql.join(
    cols.map((c) => i(c)),
    sql`, `,
  );
  const insightsJson = sql`(select coalesce(json_group_array(json_object('id', id, 'kind', kind, 'contactId', contact_id, 'subject', subject, 'detail', detail, 'reason', reason, 'action', action, 'status', status)), '[]') from ${visitInsights} where interaction_id = ${id})`;
  const before = sql`json_object(${sql.join(
    AUDITED_VALUES.map((k) => sql`${k}, ${i(interactions[k].name)}`),
    sql`, `,
  )})`;
  await db.batch([
    db.run(sql`insert into ${deletedInteractions} (${colList}, insights, deleted_at, deleted_by)
      select ${colList}, ${insightsJson}, ${now}, ${viewer.id} from ${interactions} where id = ${id}`),
    db.run(sql`insert into ${auditLog} (actor_id, entity, entity_id, action, changes, before, at)
      select ${viewer.id}, 'interaction', id, 'delete', null, ${before}, ${now} from ${interactions} where id = ${id}`),
    db.delete(visitInsights).where(eq(visitInsights.interactionId, id)),
    db.delete(interactions).where(eq(interactions.id, id)),
    ...(reopen ? [reopenFollowUp(db, reopen.lifeEventId, reopen.channel)] : []),
  ]);
}

export type NewInsight = { kind: InsightKind; contactId: number | null; subject: string | null; detail: string; reason: string | null; action: string | null };

/** Intel added to an earlier visit, audited on the interaction (which kinds were added). */
export async function addInsights(db: Db, viewer: Viewer, interactionId: number, insights: NewInsight[], profile: { contactId: number; column: "preferences" | "familyNotes"; line: string }[], now: number) {
  await db.batch([
    db
      .insert(visitInsights)
      .values(insights.map((ins) => ({ ...ins, interactionId, status: ins.kind === "slow_mover" ? ("open" as const) : ("resolved" as const), createdAt: now }))),
    ...profile.flatMap((p) => [
      db
        .update(contacts)
        .set({
          [p.column]: sql`case when coalesce(${contacts[p.column]}, '') = '' then ${p.line} else ${contacts[p.column]} || char(10) || ${p.line} end`,
          updatedAt: now,
        })
        .where(eq(contacts.id, p.contactId)),
      db.insert(auditLog).values({ actorId: viewer.id, entity: "contact", entityId: p.contactId, action: "update", changes: [p.column], at: now }),
    ]),
    db.insert(auditLog).values({
      actorId: viewer.id,
      entity: "interaction",
      entityId: interactionId,
      action: "update",
      changes: ["insights"],
      after: { insightsAdded: insights.map((x) => x.kind) },
      at: now,
    }),
  ]);
}
