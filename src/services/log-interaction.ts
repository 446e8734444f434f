// Logging a contact (the quick log, POST /api/interactions): validate against what the caller may
// see, then write the interaction, its visit intel, what it teaches about the contact (R13, R15)
// and the follow-up it closes (R7, R8) in one atomic batch. A retry with the same idempotency key
// returns the first row instead of writing a copy.
//
// Two round trips: every read the checks need (a replay is answered from it), with the session check
// of a signed-in browser folded in (http/guard.ts withViewer), then the write, which returns the
// rows it stored. The statements are prepared once per client (db/prepared.ts);
// only the store's scope (storeVisible) is built per request, from the caller's role.
import { and, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "../db/client.ts";
import { withBusyRetry } from "../db/busy-retry.ts";
import { bind, perDb, runBatch, type Bound } from "../db/prepared.ts";
import type { Guard } from "../db/batch.ts";
import { auditLog, contacts, deletedInteractions, festivals, greetingTemplates, interactions, lifeEvents, stores, visitInsights } from "../db/schema.ts";
import { storeVisible } from "../db/queries/scope.ts";
import type { Viewer } from "../auth/identity.ts";
import { policyOf, policySelect } from "../db/queries/policy.ts";
import { festivalsAround } from "../domain/calendar/festivals.ts";
import { festivalFromRow } from "../db/queries/festivals.ts";
import { localDateOf } from "../domain/dates.ts";
import { templateFitsOccasion } from "../domain/greetings.ts";
import { isConfident } from "../domain/check-in.ts";
import { interactionColumns, type InteractionInput } from "./interaction-input.ts";

type StoredRow = typeof interactions.$inferSelect;
type InsightRow = typeof visitInsights.$inferSelect;
export type StoredInteraction = StoredRow & { insights: InsightRow[] };

export type LogResult =
  | { ok: true; interaction: StoredInteraction; replayed: boolean; warnings: string[] }
  | { ok: false; fields: Record<string, string> }
  /** The store does not exist for this caller (out of scope or archived): a 404, never a hint. */
  | { ok: false; notFound: true }
  /** The key's interaction was logged and then deleted (undone): a replay must not log it again. */
  | { ok: false; deleted: true };

/** How far back a contact may be logged (a rep catching up after a trip), and the clock skew allowed ahead. */
const MAX_BACKDATE_MS = 90 * 86_400_000;
const MAX_AHEAD_MS = 10 * 60_000;

const p = sql.placeholder;

/** The quick log's statements with named placeholders, SQL built once per client. */
const statements = perDb((db: Db) => {
  const byKey = and(eq(interactions.repId, p("repId")), eq(interactions.idempotencyKey, p("key")));
  /** R13, R15: a line appended to the contact's profile (preferences or family notes). */
  const appendTo = (column: "preferences" | "familyNotes") =>
    db
      .update(contacts)
      .set({
        [column]: sql`case when coalesce(${contacts[column]}, '') = '' then ${p("line")} else ${contacts[column]} || char(10) || ${p("line")} end`,
        updatedAt: sql`${p("now")}`, // set() takes no bare placeholder
      })
      .where(eq(contacts.id, p("contactId")))
      .prepare();
  return {
    // ---- the checks' reads (values: repId, key, …) ----
    interactionByKey: db.select().from(interactions).where(byKey).prepare(),
    deletedByKey: db
      .select({ id: deletedInteractions.id })
      .from(deletedInteractions)
      .where(and(eq(deletedInteractions.repId, p("repId")), eq(deletedInteractions.idempotencyKey, p("key"))))
      .prepare(),
    insightsByKey: db
      .select()
      .from(visitInsights)
      .where(inArray(visitInsights.interactionId, db.select({ id: interactions.id }).from(interactions).where(byKey)))
      .orderBy(visitInsights.id)
      .prepare(),
    /** `contactIds`: a JSON array, so one statement serves any number of ids. */
    contacts: db
      .select({ id: contacts.id, storeId: contacts.storeId })
      .from(contacts)
      .where(inArray(contacts.id, sql`(select value from json_each(${p("contactIds")}))`))
      .prepare(),
    lifeEvent: db
      .select({ id: lifeEvents.id, kind: lifeEvents.kind, state: lifeEvents.state, storeId: contacts.storeId, contactId: lifeEvents.contactId })
      .from(lifeEvents)
      .innerJoin(contacts, eq(contacts.id, lifeEvents.contactId))
      .where(eq(lifeEvents.id, p("lifeEventId")))
      .prepare(),
    policy: policySelect(db).prepare(),
    festival: db.select().from(festivals).where(eq(festivals.key, p("festivalKey"))).prepare(),
    /** greeting_template_id has no foreign key: the checks see that the template exists. */
    template: db
      .select({ occasion: greetingTemplates.occasion })
      .from(greetingTemplates)
      .where(eq(greetingTemplates.id, p("templateId")))
      .prepare(),
    giftTotal: db
      .select({ total: sql<number>`coalesce(sum(${interactions.giftValue}), 0)` })
      .from(interactions)
      .where(and(eq(interactions.storeId, p("storeId")), sql`${interactions.localDate} between ${p("yearStart")} and ${p("yearEnd")}`))
      .prepare(),
    // ---- the write ----
    insertInteraction: db
      .insert(interactions)
      .values({
        repId: p("repId"),
        storeId: p("storeId"),
        contactId: p("contactId"),
        channel: p("channel"),
        occurredAt: p("occurredAt"),
        localDate: p("localDate"),
        occasion: p("occasion"),
        festivalKey: p("festivalKey"),
        festivalYear: p("festivalYear"),
        lifeEventId: p("lifeEventId"),
        giftWhat: p("giftWhat"),
        giftValue: p("giftValue"),
        askedHelp: p("askedHelp"),
        problemSolved: p("problemSolved"),
        trainingTopic: p("trainingTopic"),
        notes: p("notes"),
        greetingTemplateId: p("greetingTemplateId"),
        idempotencyKey: p("key"),
        lat: p("lat"),
        lng: p("lng"),
        accuracyM: p("accuracyM"),
        createdAt: p("now"),
      })
      .returning()
      .prepare(),
    /** A store without coordinates takes them from its first confident check-in; set ones are never moved. */
    locateStore: db
      .update(stores)
      .set({ lat: sql`${p("lat")}`, lng: sql`${p("lng")}`, locationSource: "check_in" })
      .where(and(eq(stores.id, p("storeId")), sql`${stores.lat} is null`))
      .prepare(),
    /**
     * The audit row of a check-in that located the store, run right after locateStore in the same
     * batch: SQLite's changes() is then the rows locateStore updated (1 when it set them, else 0).
     */
    auditLocated: db.run(
      sql`insert into ${auditLog} (actor_id, entity, entity_id, action, changes, at)
        select ${p("repId")}, 'store', ${p("storeId")}, 'update', '["lat","lng","locationSource"]', ${p("now")} where changes() = 1`,
    ),
    insertInsight: db
      .insert(visitInsights)
      .values({
        // The interaction written earlier in the same batch, by its key.
        interactionId: sql`(select ${interactions.id} from ${interactions} where ${byKey})`,
        kind: p("kind"),
        contactId: p("contactId"),
        subject: p("subject"),
        detail: p("detail"),
        reason: p("reason"),
        action: p("action"),
        status: p("status"),
        createdAt: p("now"),
      })
      .returning()
      .prepare(),
    appendToPreferences: appendTo("preferences"),
    appendToFamilyNotes: appendTo("familyNotes"),
    auditContactUpdate: db
      .insert(auditLog)
      .values({ actorId: p("actorId"), entity: "contact", entityId: p("contactId"), action: "update", changes: p("changes"), at: p("now") })
      .prepare(),
    closeLifeEvent: db.update(lifeEvents).set({ state: "done" }).where(eq(lifeEvents.id, p("lifeEventId"))).prepare(),
  };
});

/** The interaction stored under a client key, with its insights: one round trip. */
async function findByKey(db: Db, repId: number, key: string): Promise<StoredInteraction | null> {
  const s = statements(db);
  const [rows, insights] = await runBatch(db, [bind(s.interactionByKey, { repId, key }), bind(s.insightsByKey, { repId, key })], "deferred");
  return rows[0] ? { ...rows[0], insights } : null;
}

/**
 * Every read the checks need, in one round trip; a replay (the key is known) is answered from it.
 * `guard`: the session check, first in the batch (http/guard.ts withViewer).
 */
export async function readForChecks(db: Db, viewer: Viewer, input: InteractionInput, guard: Guard | null = null) {
  const s = statements(db);
  const contactIds = [
    ...new Set([input.contactId, ...input.insights.map((i) => i.contactId)].filter((x): x is number => typeof x === "number")),
  ];
  const year = new Date(input.occurredAt).getUTCFullYear();
  const key = { repId: viewer.id, key: input.idempotencyKey };
  const [existing, existingInsights, deleted, storeRows, contactRows, events, policyRows, festivalRows, templates, giftRows] = await runBatch(
    db,
    [
      bind(s.interactionByKey, key),
      bind(s.insightsByKey, key),
      bind(s.deletedByKey, key),
      // Scoped by the caller's role: built per request, like every other scoped query.
      bind(
        db
          .select({ id: stores.id, class: stores.class, archived: stores.archived })
          .from(stores)
          .where(and(eq(stores.id, input.storeId), storeVisible(viewer)))
          .prepare(),
      ),
      bind(s.contacts, { contactIds: JSON.stringify(contactIds) }),
      bind(s.lifeEvent, { lifeEventId: input.lifeEventId ?? 0 }),
      bind(s.policy),
      bind(s.festival, { festivalKey: input.festivalKey ?? "" }),
      bind(s.template, { templateId: input.greetingTemplateId ?? 0 }),
      bind(s.giftTotal, { storeId: input.storeId, yearStart: `${year}-01-01`, yearEnd: `${year}-12-31` }),
    ],
    "deferred",
    guard,
  );
  return {
    existing: existing[0],
    existingInsights,
    deleted: deleted[0],
    store: storeRows[0],
    contactRows,
    event: events[0],
    policy: policyOf(policyRows),
    festival: festivalRows[0],
    template: templates[0],
    giftTotal: Number(giftRows[0]?.total ?? 0),
  };
}

export type Reads = Awaited<ReturnType<typeof readForChecks>>;

/** What the checks establish for the write: the day it happened in the organisation's zone, and the festival's year (R4, R5). */
type Checked = { occurredAt: number; localDate: string; festivalYear: number | null };

/** The input against what the caller may see and the rules; each problem under its field's name. */
export function checkInput(input: InteractionInput, r: Reads, now: number): { ok: true; value: Checked } | { ok: false; fields: Record<string, string> } {
  const fields: Record<string, string> = {};
  const occurredAt = Date.parse(input.occurredAt);
  if (occurredAt > now + MAX_AHEAD_MS) fields.occurredAt = "in_future";
  else if (occurredAt < now - MAX_BACKDATE_MS) fields.occurredAt = "too_old";
  const localDate = localDateOf(occurredAt, r.policy.timeZone);

  const contactStore = new Map(r.contactRows.map((c) => [c.id, c.storeId]));
  const atStore = (id: number) => contactStore.get(id) === input.storeId;
  if (input.contactId && !atStore(input.contactId)) fields.contactId = "contact_not_at_store";
  input.insights.forEach((ins, i) => {
    if (ins.contactId && !atStore(ins.contactId)) fields[`insights.${i}.contactId`] = "contact_not_at_store";
  });
  if (input.insights.length > 0 && input.channel !== "visit") fields.insights = "insights_visit_only";

  let festivalYear: number | null = null;
  // A festival named on another occasion would be dropped: refused, like an unknown key.
  if (input.festivalKey && input.occasion !== "festival") fields.festivalKey = "festival_only";
  if (input.occasion === "festival") {
    if (!input.festivalKey) fields.festivalKey = "festival_required";
    else if (!r.festival) fields.festivalKey = "unknown_value";
    else {
      // R4/R5: the action counts for the occurrence whose window holds the day it happened.
      const occ = festivalsAround([festivalFromRow(r.festival)], localDate).find((o) => o.windowStart <= localDate && localDate <= o.windowEnd);
      if (!occ) fields.festivalKey = "festival_out_of_window";
      else festivalYear = occ.year;
    }
  }
  const event = r.event;
  if (input.occasion === "life_event" && !input.lifeEventId) fields.lifeEventId = "life_event_required";
  if (input.lifeEventId && (!event || event.storeId !== input.storeId)) fields.lifeEventId = "event_not_at_store";
  if (input.occasion === "birthday" && !input.contactId) fields.contactId = "contact_required";
  if (input.trainingTopic && r.store && r.store.class !== "A") fields.trainingTopic = "training_at_a_only";
  if (input.greetingTemplateId) {
    const logged = { occasion: input.occasion, festivalKey: input.festivalKey, lifeEventKind: event?.kind };
    if (!r.template) fields.greetingTemplateId = "template_not_found";
    // Checked once the occasion itself is sound (its own error says what is wrong).
    else if (!fields.festivalKey && !fields.lifeEventId && !templateFitsOccasion(r.template.occasion, logged)) {
      fields.greetingTemplateId = "template_wrong_occasion";
    }
  }
  return Object.keys(fields).length > 0 ? { ok: false, fields } : { ok: true, value: { occurredAt, localDate, festivalYear } };
}

/** The insights (R12–R17) and what they and the contact change elsewhere: the profile (R13, R15), the follow-up closed (R7, R8). */
function insightStatements(s: ReturnType<typeof statements>, viewer: Viewer, input: InteractionInput, r: Reads, localDate: string, now: number) {
  const key = { repId: viewer.id, key: input.idempotencyKey };
  const insights = input.insights.map((ins) =>
    bind(s.insertInsight, {
      ...key,
      kind: ins.kind,
      contactId: ins.contactId ?? input.contactId ?? null,
      subject: ins.subject ?? null,
      detail: ins.detail,
      reason: ins.reason ?? null,
      action: ins.action ?? null,
      // R17: a slow mover stays open until resolved; the rest are facts, not tasks.
      status: ins.kind === "slow_mover" ? "open" : "resolved",
      now,
    }),
  );
  const sideEffects: Bound[] = [];
  for (const ins of input.insights) {
    // R13, R15: preferences and family accumulate on the contact's profile and feed greetings.
    const target = ins.contactId ?? input.contactId;
    const column = ins.kind === "clerk_preference" ? "preferences" : ins.kind === "family" ? "familyNotes" : null;
    if (target && column) {
      const append = column === "preferences" ? s.appendToPreferences : s.appendToFamilyNotes;
      sideEffects.push(
        bind(append, { contactId: target, line: `${localDate} ${ins.detail}`, now }),
        bind(s.auditContactUpdate, { actorId: viewer.id, contactId: target, changes: [column], now }),
      );
    }
  }
  // R7, R8: a logged contact on the required channel closes the life event's follow-up.
  if (r.event && r.event.state === "open" && r.policy.followUps[r.event.kind].channel === input.channel) {
    sideEffects.push(bind(s.closeLifeEvent, { lifeEventId: r.event.id }));
  }
  return { insights, sideEffects };
}

/** `guard`: the session check, run in the checks' batch before anything is written. */
export async function logInteraction(db: Db, viewer: Viewer, input: InteractionInput, now: number, guard: Guard | null = null): Promise<LogResult> {
  const s = statements(db);
  const r = await readForChecks(db, viewer, input, guard);
  if (r.existing) return { ok: true, interaction: { ...r.existing, insights: r.existingInsights }, replayed: true, warnings: [] };
  if (r.deleted) return { ok: false, deleted: true };
  if (!r.store || r.store.archived) return { ok: false, notFound: true };
  const checked = checkInput(input, r, now);
  if (!checked.ok) return checked;
  const { localDate, festivalYear } = checked.value;
  const warnings: string[] = [];
  if (input.gift && r.giftTotal + input.gift.value > r.policy.giftCapPerStoreYear) warnings.push("gift_cap");

  // ---- one atomic write, returning what it stored -------------------------------------------
  const { insights, sideEffects } = insightStatements(s, viewer, input, r, localDate, now);
  // On-site check-in: a position is kept only on a visit, and only when the policy asks for it
  // (otherwise it is not stored at all, whatever the client sent).
  const position = r.policy.checkIn.enabled && input.channel === "visit" ? (input.position ?? null) : null;
  if (position && isConfident(position.accuracyM)) {
    sideEffects.push(
      bind(s.locateStore, { storeId: input.storeId, lat: position.lat, lng: position.lng }),
      bind(s.auditLocated, { storeId: input.storeId, repId: viewer.id, now }),
    );
  }
  const interaction = bind(s.insertInteraction, {
    repId: viewer.id,
    key: input.idempotencyKey,
    ...interactionColumns(input, { localDate, festivalYear }),
    lat: position?.lat ?? null,
    lng: position?.lng ?? null,
    accuracyM: position?.accuracyM ?? null,
    now,
  });

  let results: unknown[];
  try {
    // "write": the lock from the first statement (BEGIN IMMEDIATE). A busy database wrote nothing,
    // so the batch is tried again.
    results = await withBusyRetry(() => runBatch(db, [interaction, ...insights, ...sideEffects], "write"));
  } catch (err) {
    // Two submits raced past the first check: the unique key let one through; return that one.
    if (String(err).includes("UNIQUE") && String(err).includes("idempotency")) {
      const first = await findByKey(db, viewer.id, input.idempotencyKey);
      if (first) return { ok: true, interaction: first, replayed: true, warnings: [] };
    }
    throw err;
  }
  // The rows as stored (ids and defaults included), the insights in the order they were sent.
  const [stored] = results[0] as StoredRow[];
  if (!stored) throw new Error("interaction insert returned no row");
  const storedInsights = results.slice(1, 1 + insights.length).map((rows) => (rows as InsightRow[])[0]!);
  return { ok: true, interaction: { ...stored, insights: storedInsights }, replayed: false, warnings };
}

export type BulkResult =
  | { ok: true; saved: number; replayed: number }
  | { ok: false; notFound: true }
  /** The first refused input, by index, and why: nothing of the set was written. */
  | { ok: false; index: number; fields: Record<string, string> }
  | { ok: false; index: number; deleted: true };

/** A JSON array parameter: one statement for any number of values. */
const inJson = (values: readonly (number | string)[]) => sql`(select value from json_each(${JSON.stringify([...new Set(values)])}))`;

/**
 * Several contacts logged at once (the festival page's ticked greetings): ONE read batch for all of
 * them, the quick log's checks on each (checkInput), then ONE write batch, whatever their number.
 * Each input keeps its own idempotency key, so a retry stores nothing twice and completes a set cut
 * off before its write. All or nothing: a refused input writes none of the set. Inputs carry no
 * gift (no cap warning is computed) and no insights.
 */
export async function logInteractions(db: Db, viewer: Viewer, all: readonly InteractionInput[], now: number, retried = false): Promise<BulkResult> {
  const s = statements(db);
  // The same key twice (a pick sent twice) is one contact logged once.
  const inputs = [...new Map(all.map((i) => [i.idempotencyKey, i])).values()];
  const keys = inputs.map((i) => i.idempotencyKey);
  const ids = (pick: (i: InteractionInput) => number | null | undefined) => inputs.map(pick).filter((x): x is number => typeof x === "number");
  const [existing, deleted, storeRows, contactRows, events, policyRows, festivalRows, templates] = await runBatch(
    db,
    [
      bind(db.select().from(interactions).where(and(eq(interactions.repId, viewer.id), inArray(interactions.idempotencyKey, inJson(keys)))).prepare()),
      bind(
        db
          .select({ key: deletedInteractions.idempotencyKey })
          .from(deletedInteractions)
          .where(and(eq(deletedInteractions.repId, viewer.id), inArray(deletedInteractions.idempotencyKey, inJson(keys))))
          .prepare(),
      ),
      bind(
        db
          .select({ id: stores.id, class: stores.class, archived: stores.archived })
          .from(stores)
          .where(and(inArray(stores.id, inJson(ids((i) => i.storeId))), storeVisible(viewer)))
          .prepare(),
      ),
      bind(s.contacts, { contactIds: JSON.stringify(ids((i) => i.contactId)) }),
      bind(
        db
          .select({ id: lifeEvents.id, kind: lifeEvents.kind, state: lifeEvents.state, storeId: contacts.storeId, contactId: lifeEvents.contactId })
          .from(lifeEvents)
          .innerJoin(contacts, eq(contacts.id, lifeEvents.contactId))
          .where(inArray(lifeEvents.id, inJson(ids((i) => i.lifeEventId))))
          .prepare(),
      ),
      bind(s.policy),
      bind(db.select().from(festivals).where(inArray(festivals.key, inJson(inputs.map((i) => i.festivalKey ?? "")))).prepare()),
      bind(db.select({ id: greetingTemplates.id, occasion: greetingTemplates.occasion }).from(greetingTemplates).where(inArray(greetingTemplates.id, inJson(ids((i) => i.greetingTemplateId)))).prepare()),
    ],
    "deferred",
  );
  const stored = new Map(existing.map((r) => [r.idempotencyKey, r]));
  const gone = new Set(deleted.map((r) => r.key));
  const policy = policyOf(policyRows);
  const writes: Bound[] = [];
  let replayed = 0;
  for (const [index, input] of inputs.entries()) {
    if (stored.has(input.idempotencyKey)) {
      replayed++;
      continue;
    }
    if (gone.has(input.idempotencyKey)) return { ok: false, index, deleted: true };
    const store = storeRows.find((x) => x.id === input.storeId);
    if (!store || store.archived) return { ok: false, notFound: true };
    const r: Reads = {
      existing: undefined,
      existingInsights: [],
      deleted: undefined,
      store,
      contactRows,
      event: events.find((e) => e.id === input.lifeEventId),
      policy,
      festival: festivalRows.find((f) => f.key === input.festivalKey),
      template: templates.find((x) => x.id === input.greetingTemplateId),
      giftTotal: 0,
    };
    const checked = checkInput(input, r, now);
    if (!checked.ok) return { ok: false, index, fields: checked.fields };
    const { localDate, festivalYear } = checked.value;
    const { insights, sideEffects } = insightStatements(s, viewer, input, r, localDate, now);
    writes.push(
      bind(s.insertInteraction, {
        repId: viewer.id,
        key: input.idempotencyKey,
        ...interactionColumns(input, { localDate, festivalYear }),
        lat: null,
        lng: null,
        accuracyM: null,
        now,
      }),
      ...insights,
      ...sideEffects,
    );
  }
  if (writes.length === 0) return { ok: true, saved: 0, replayed };
  try {
    await withBusyRetry(() => runBatch(db, writes, "write"));
  } catch (err) {
    // Another submit of the same set raced past the reads: read again once, and what it stored is a replay.
    if (!retried && String(err).includes("UNIQUE") && String(err).includes("idempotency")) return logInteractions(db, viewer, inputs, now, true);
    throw err;
  }
  return { ok: true, saved: inputs.length - replayed, replayed };
}
