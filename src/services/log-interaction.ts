// Logging a contact (the quick log, POST /api/interactions): validate against what the caller may
// see, then write the interaction, its visit intel, what it teaches about the contact (R13, R15)
// and the follow-up it closes (R7, R8) in one atomic batch. A retry with the same idempotency key
// returns the first row instead of writing a copy.
import { and, eq, inArray, sql } from "drizzle-orm";
import type { InStatement } from "@libsql/client";
import type { Db } from "../db/client.ts";
import { withBusyRetry } from "../db/busy-retry.ts";
import { auditLog, contacts, festivals, interactions, lifeEvents, policy, stores, visitInsights } from "../db/schema.ts";
import { storeVisible } from "../db/queries/scope.ts";
import type { Viewer } from "../auth/identity.ts";
import { withDefaults, type Policy } from "../domain/policy.ts";
import { festivalsAround } from "../domain/calendar/festivals.ts";
import { festivalFromRow } from "../db/queries/festivals.ts";
import { localDateOf } from "../domain/dates.ts";
import type { InteractionInput } from "./interaction-input.ts";

export type StoredInteraction = typeof interactions.$inferSelect & { insights: (typeof visitInsights.$inferSelect)[] };

export type LogResult =
  | { ok: true; interaction: StoredInteraction; replayed: boolean; warnings: string[] }
  | { ok: false; fields: Record<string, string> }
  /** The store does not exist for this caller (out of scope or archived): a 404, never a hint. */
  | { ok: false; notFound: true };

/** How far back a contact may be logged (a rep catching up after a trip), and the clock skew allowed ahead. */
const MAX_BACKDATE_MS = 90 * 86_400_000;
const MAX_AHEAD_MS = 10 * 60_000;

function byKey(repId: number, key: string) {
  return and(eq(interactions.repId, repId), eq(interactions.idempotencyKey, key));
}

/** The interaction stored under a client key, with its insights: one round trip. */
async function findByKey(db: Db, repId: number, key: string): Promise<StoredInteraction | null> {
  const [rows, insights] = await db.batch([
    db.select().from(interactions).where(byKey(repId, key)),
    db
      .select()
      .from(visitInsights)
      .where(inArray(visitInsights.interactionId, db.select({ id: interactions.id }).from(interactions).where(byKey(repId, key))))
      .orderBy(visitInsights.id),
  ]);
  return rows[0] ? { ...rows[0], insights } : null;
}

export async function logInteraction(db: Db, viewer: Viewer, input: InteractionInput, now: number): Promise<LogResult> {
  const contactIds = [
    ...new Set([input.contactId, ...input.insights.map((i) => i.contactId)].filter((x): x is number => typeof x === "number")),
  ];
  const year = new Date(input.occurredAt).getUTCFullYear();
  // Every read the checks need, in one round trip.
  const [existingRows, storeRows, contactRows, eventRows, policyRows, festivalRows, giftRows] = await db.batch([
    db.select({ id: interactions.id }).from(interactions).where(byKey(viewer.id, input.idempotencyKey)),
    db
      .select({ id: stores.id, class: stores.class, archived: stores.archived })
      .from(stores)
      .where(and(eq(stores.id, input.storeId), storeVisible(viewer))),
    db
      .select({ id: contacts.id, storeId: contacts.storeId })
      .from(contacts)
      .where(inArray(contacts.id, contactIds.length ? contactIds : [0])),
    db
      .select({ id: lifeEvents.id, kind: lifeEvents.kind, state: lifeEvents.state, storeId: contacts.storeId, contactId: lifeEvents.contactId })
      .from(lifeEvents)
      .innerJoin(contacts, eq(contacts.id, lifeEvents.contactId))
      .where(eq(lifeEvents.id, input.lifeEventId ?? 0)),
    db.select({ data: policy.data }).from(policy).where(eq(policy.id, 1)),
    db.select().from(festivals).where(eq(festivals.key, input.festivalKey ?? "")),
    db
      .select({ total: sql<number>`coalesce(sum(${interactions.giftValue}), 0)` })
      .from(interactions)
      .where(
        and(
          eq(interactions.storeId, input.storeId),
          sql`${interactions.localDate} between ${`${year}-01-01`} and ${`${year}-12-31`}`,
        ),
      ),
  ]);
  if (existingRows.length > 0) {
    const first = await findByKey(db, viewer.id, input.idempotencyKey);
    if (first) return { ok: true, interaction: first, replayed: true, warnings: [] };
  }
  const pol: Policy = withDefaults(policyRows[0]?.data as Partial<Policy> | undefined);
  const fields: Record<string, string> = {};

  const store = storeRows[0];
  if (!store || store.archived) return { ok: false, notFound: true };

  const occurredAt = Date.parse(input.occurredAt);
  if (occurredAt > now + MAX_AHEAD_MS) fields.occurredAt = "in_future";
  else if (occurredAt < now - MAX_BACKDATE_MS) fields.occurredAt = "too_old";
  const localDate = localDateOf(occurredAt, pol.timeZone);

  const contactStore = new Map(contactRows.map((c) => [c.id, c.storeId]));
  const atStore = (id: number) => contactStore.get(id) === input.storeId;
  if (input.contactId && !atStore(input.contactId)) fields.contactId = "contact_not_at_store";
  input.insights.forEach((ins, i) => {
    if (ins.contactId && !atStore(ins.contactId)) fields[`insights.${i}.contactId`] = "contact_not_at_store";
  });
  if (input.insights.length > 0 && input.channel !== "visit") fields.insights = "insights_visit_only";

  let festivalYear: number | null = null;
  if (input.occasion === "festival") {
    const def = festivalRows[0];
    if (!input.festivalKey) fields.festivalKey = "festival_required";
    else if (!def) fields.festivalKey = "unknown_value";
    else {
      // R4/R5: the action counts for the occurrence whose window holds the day it happened.
      const occ = festivalsAround([festivalFromRow(def)], localDate).find((o) => o.windowStart <= localDate && localDate <= o.windowEnd);
      if (!occ) fields.festivalKey = "festival_out_of_window";
      else festivalYear = occ.year;
    }
  }
  const event = eventRows[0];
  if (input.occasion === "life_event" && !input.lifeEventId) fields.lifeEventId = "life_event_required";
  if (input.lifeEventId && (!event || event.storeId !== input.storeId)) fields.lifeEventId = "event_not_at_store";
  if (input.occasion === "birthday" && !input.contactId) fields.contactId = "contact_required";
  if (input.trainingTopic && store && store.class !== "A") fields.trainingTopic = "training_at_a_only";
  if (Object.keys(fields).length > 0) return { ok: false, fields };

  const warnings: string[] = [];
  const giftTotal = Number(giftRows[0]?.total ?? 0);
  if (input.gift && giftTotal + input.gift.value > pol.giftCapPerStoreYear) warnings.push("gift_cap");

  // ---- one atomic write ------------------------------------------------------------------
  const interactionId = sql`(select ${interactions.id} from ${interactions} where ${interactions.repId} = ${viewer.id} and ${interactions.idempotencyKey} = ${input.idempotencyKey})`;
  const statements: { toSQL(): { sql: string; params: unknown[] } }[] = [
    db.insert(interactions).values({
      repId: viewer.id,
      storeId: input.storeId,
      contactId: input.contactId ?? null,
      channel: input.channel,
      occurredAt,
      localDate,
      occasion: input.occasion,
      festivalKey: input.occasion === "festival" ? input.festivalKey : null,
      festivalYear,
      lifeEventId: input.lifeEventId ?? null,
      giftWhat: input.gift?.what ?? null,
      giftValue: input.gift?.value ?? null,
      askedHelp: input.askedHelp,
      problemSolved: input.problemSolved ?? null,
      trainingTopic: input.trainingTopic ?? null,
      notes: input.notes ?? null,
      greetingTemplateId: input.greetingTemplateId ?? null,
      idempotencyKey: input.idempotencyKey,
      createdAt: now,
    }),
  ];
  for (const ins of input.insights) {
    statements.push(
      db.insert(visitInsights).values({
        interactionId,
        kind: ins.kind,
        contactId: ins.contactId ?? input.contactId ?? null,
        subject: ins.subject ?? null,
        detail: ins.detail,
        reason: ins.reason ?? null,
        action: ins.action ?? null,
        // R17: a slow mover stays open until resolved; the rest are facts, not tasks.
        status: ins.kind === "slow_mover" ? "open" : "resolved",
        createdAt: now,
      }),
    );
    // R13, R15: preferences and family accumulate on the contact's profile and feed greetings.
    const target = ins.contactId ?? input.contactId;
    const column = ins.kind === "clerk_preference" ? "preferences" : ins.kind === "family" ? "familyNotes" : null;
    if (target && column) {
      const col = contacts[column];
      const line = `${localDate} ${ins.detail}`;
      statements.push(
        db
          .update(contacts)
          .set({ [column]: sql`case when coalesce(${col}, '') = '' then ${line} else ${col} || char(10) || ${line} end`, updatedAt: now })
          .where(eq(contacts.id, target)),
        db.insert(auditLog).values({ actorId: viewer.id, entity: "contact", entityId: target, action: "update", changes: [column], at: now }),
      );
    }
  }
  // R7, R8: a logged contact on the required channel closes the life event's follow-up.
  if (event && event.state === "open" && pol.followUps[event.kind].channel === input.channel) {
    statements.push(db.update(lifeEvents).set({ state: "done" }).where(eq(lifeEvents.id, event.id)));
  }

  try {
    const batch = statements.map((s) => {
      const q = s.toSQL();
      return { sql: q.sql, args: q.params } as InStatement;
    });
    await withBusyRetry(() => db.$client.batch(batch, "write"));
  } catch (err) {
    // Two submits raced past the first check: the unique key let one through; return that one.
    if (String(err).includes("UNIQUE") && String(err).includes("idempotency")) {
      const first = await findByKey(db, viewer.id, input.idempotencyKey);
      if (first) return { ok: true, interaction: first, replayed: true, warnings: [] };
    }
    throw err;
  }
  const stored = await findByKey(db, viewer.id, input.idempotencyKey);
  if (!stored) throw new Error("interaction vanished after insert");
  return { ok: true, interaction: stored, replayed: false, warnings };
}

