// Contacts of the stores the caller may see (scope.ts). Preferences and family notes are personal
// data (SPEC §4, R13, R15): storeVisible already limits them to the store's rep, that rep's manager
// and admins. Every write records an audit row with the NAMES of the changed fields, never values.
import { and, asc, desc, eq, inArray, isNull, or, sql, type SQL } from "drizzle-orm";
import type { SQLiteColumn } from "drizzle-orm/sqlite-core";
import type { Db } from "../client.ts";
import { auditLog, contacts, deletedInteractions, festivals, interactions, lifeEvents, outbox, outboxMentions, stores, users, visitInsights } from "../schema.ts";
import { storeVisible } from "./scope.ts";
import { insightSelect, visibleStoreIds, type InsightItem, type WriteResult } from "./stores.ts";
import { policyOf, policySelect } from "./policy.ts";
import type { Viewer } from "../../auth/identity.ts";
import { localDateOf } from "../../domain/dates.ts";
import { normalizeNewlines } from "../../domain/text.ts";
import type { StoreClass } from "../../domain/types.ts";
import { birthdayErrors } from "../../domain/calendar/birthdays.ts";

export type Contact = typeof contacts.$inferSelect;
export type ContactView = Contact & { storeName: string; storeClass: StoreClass; storeRepId: number | null; storeArchived: boolean };

/** What replaces free text written about an erased contact (interactions and visit intel). */
export const ERASED = "[已删除]";

/**
 * Contacts a greeting may be suggested for (R6–R8). Do-not-contact contacts are shown on pages
 * (marked) but never get birthday or life-event suggestions. Note for the digest: filter the same way.
 */
export function greetable<T extends { doNotContact: boolean }>(rows: readonly T[]): T[] {
  return rows.filter((r) => !r.doNotContact);
}

/** Owner first, then store manager, pharmacist, clerks, buyer: who a rep asks for first. */
export const contactRoleOrder = sql`case ${contacts.role} when 'owner' then 0 when 'manager' then 1 when 'pharmacist' then 2 when 'clerk' then 3 else 4 end`;

const contactView = {
  contact: contacts,
  storeName: stores.name,
  storeClass: stores.class,
  storeRepId: stores.repId,
  storeArchived: stores.archived,
};

function contactSelect(db: Db, viewer: Viewer, id: number) {
  return db
    .select(contactView)
    .from(contacts)
    .innerJoin(stores, eq(stores.id, contacts.storeId))
    .where(and(eq(contacts.id, id), storeVisible(viewer)));
}

function flatten(r: { contact: Contact; storeName: string; storeClass: StoreClass; storeRepId: number | null; storeArchived: boolean }): ContactView {
  return { ...r.contact, storeName: r.storeName, storeClass: r.storeClass, storeRepId: r.storeRepId, storeArchived: r.storeArchived };
}

export async function getContact(db: Db, viewer: Viewer, id: number): Promise<ContactView | null> {
  const [row] = await contactSelect(db, viewer, id);
  return row ? flatten(row) : null;
}

/** The store's contacts, or null when the store is not the viewer's. One round trip. */
export async function contactsOfStore(db: Db, viewer: Viewer, storeId: number): Promise<Contact[] | null> {
  const [storeRows, rows] = await db.batch([
    db.select({ id: stores.id }).from(stores).where(and(eq(stores.id, storeId), storeVisible(viewer))),
    db
      .select({ contact: contacts })
      .from(contacts)
      .innerJoin(stores, eq(stores.id, contacts.storeId))
      .where(and(eq(contacts.storeId, storeId), storeVisible(viewer)))
      .orderBy(contactRoleOrder, asc(contacts.name), asc(contacts.id)),
  ]);
  if (!storeRows[0]) return null;
  return rows.map((r) => r.contact);
}

// ---- the contact page ------------------------------------------------------------------------

/** Greetings are contacts made for a birthday, a festival or a life event (R4–R8). */
const GREETING_OCCASIONS = ["birthday", "festival", "life_event"] as const;

/** Visit intel shown on a contact's page, newest first: enough for a person's recent history. */
const CONTACT_INSIGHTS = 10;

/**
 * Visit insights of one kind that concern the contact: about them (the insight's own contact) or
 * heard on a visit logged with them, at a store the viewer sees.
 */
function contactInsights(db: Db, viewer: Viewer, id: number, kind: "product_feedback" | "preference_action") {
  return insightSelect(db, and(eq(visitInsights.kind, kind), or(eq(visitInsights.contactId, id), eq(interactions.contactId, id)), storeVisible(viewer))).limit(CONTACT_INSIGHTS);
}

/** Contact, life events, greetings sent and the intel that concerns them (R12, R14), in one round trip; null when out of scope. */
export async function loadContactPage(db: Db, viewer: Viewer, id: number, now: number) {
  const [policyRows, contactRows, eventRows, greetingRows, feedbackRows, preferenceRows] = await db.batch([
    policySelect(db),
    contactSelect(db, viewer, id),
    db
      .select({ event: lifeEvents })
      .from(lifeEvents)
      .innerJoin(contacts, eq(contacts.id, lifeEvents.contactId))
      .innerJoin(stores, eq(stores.id, contacts.storeId))
      .where(and(eq(lifeEvents.contactId, id), storeVisible(viewer)))
      .orderBy(desc(lifeEvents.date), desc(lifeEvents.id)),
    db
      .select({
        id: interactions.id,
        channel: interactions.channel,
        occasion: interactions.occasion,
        festivalKey: interactions.festivalKey,
        festivalZh: festivals.nameZh,
        festivalEn: festivals.nameEn,
        lifeEventId: interactions.lifeEventId,
        localDate: interactions.localDate,
        repName: users.name,
        notes: interactions.notes,
        // Whether the viewer may still fix it (services/change-interaction.ts).
        repId: interactions.repId,
        createdAt: interactions.createdAt,
      })
      .from(interactions)
      .innerJoin(stores, eq(stores.id, interactions.storeId))
      .innerJoin(users, eq(users.id, interactions.repId))
      .leftJoin(festivals, eq(festivals.key, interactions.festivalKey))
      .where(and(eq(interactions.contactId, id), inArray(interactions.occasion, [...GREETING_OCCASIONS]), storeVisible(viewer)))
      .orderBy(desc(interactions.occurredAt), desc(interactions.id))
      .limit(30),
    contactInsights(db, viewer, id, "product_feedback"),
    contactInsights(db, viewer, id, "preference_action"),
  ]);
  const row = contactRows[0];
  if (!row) return null;
  const pol = policyOf(policyRows);
  return {
    policy: pol,
    today: localDateOf(now, pol.timeZone),
    contact: flatten(row),
    lifeEvents: eventRows.map((r) => r.event),
    greetings: greetingRows,
    productFeedback: feedbackRows as InsightItem[],
    preferenceActions: preferenceRows as InsightItem[],
  };
}

export type ContactPage = NonNullable<Awaited<ReturnType<typeof loadContactPage>>>;

// ---- writes ----------------------------------------------------------------------------------

const EDITABLE = [
  "name",
  "role",
  "formOfAddress",
  "phone",
  "wechat",
  "qq",
  "birthdayCalendar",
  "birthdayMonth",
  "birthdayDay",
  "birthdayLeapMonth",
  "birthYear",
  "tags",
  "preferences",
  "familyNotes",
  "doNotContact",
] as const;
type Editable = (typeof EDITABLE)[number];
type ContactValues = Pick<Contact, Editable>;
/** What a write sets: a field left out (or undefined) stays as it is. The input schemas (services/store-input.ts) produce these. */
export type ContactPatch = { [K in Editable]?: ContactValues[K] };
export type ContactCreate = ContactPatch & Pick<ContactValues, "name" | "role">;

/** Equal as stored: a change that only rewrites line endings is no change (text.ts). */
function same(a: unknown, b: unknown): boolean {
  const [x, y] = [normalizeNewlines(a), normalizeNewlines(b)];
  return Array.isArray(x) || Array.isArray(y) ? JSON.stringify(x) === JSON.stringify(y) : x === y;
}

/** The audit entry's field list: names only (SPEC §4), in a stable order. */
function changedNames(before: ContactValues, after: ContactValues): Editable[] {
  return EDITABLE.filter((k) => !same(before[k], after[k]));
}

const BLANK: ContactValues = {
  name: "",
  role: "clerk",
  formOfAddress: null,
  phone: null,
  wechat: null,
  qq: null,
  birthdayCalendar: null,
  birthdayMonth: null,
  birthdayDay: null,
  birthdayLeapMonth: false,
  birthYear: null,
  tags: [],
  preferences: null,
  familyNotes: null,
  doNotContact: false,
};

/**
 * Merges a patch. A patch that clears the calendar and says nothing of the month, day or leap flag
 * clears the whole birthday (`{"birthdayCalendar": null}` over the API); a form that sends a month
 * without a calendar is an error instead (birthdayErrors).
 */
function merge(base: ContactValues, patch: ContactPatch): ContactValues {
  const out: ContactValues = { ...base };
  for (const k of EDITABLE) {
    const value = patch[k];
    if (value !== undefined) Object.assign(out, { [k]: normalizeNewlines(value) });
  }
  if (patch.birthdayCalendar === null) {
    if (patch.birthdayMonth === undefined) out.birthdayMonth = null;
    if (patch.birthdayDay === undefined) out.birthdayDay = null;
    if (patch.birthdayLeapMonth === undefined) out.birthdayLeapMonth = false;
  }
  return out;
}

export async function createContact(db: Db, viewer: Viewer, storeId: number, input: ContactCreate, now: number): Promise<WriteResult<Contact>> {
  const [store] = await db.select({ id: stores.id }).from(stores).where(and(eq(stores.id, storeId), storeVisible(viewer)));
  if (!store) return { ok: false, reason: "not_found" };
  const values = merge(BLANK, input);
  const errors = birthdayErrors(values);
  if (Object.keys(errors).length > 0) return { ok: false, reason: "invalid", fields: errors };
  // The audit row takes the new id from last_insert_rowid(): both statements run in one transaction
  // on one connection, so the id is the contact's and the two rows exist together or not at all.
  const [inserted] = await db.batch([
    db
      .insert(contacts)
      .values({ ...values, storeId, createdAt: now, updatedAt: now })
      .returning(),
    db.insert(auditLog).values({
      actorId: viewer.id,
      entity: "contact",
      entityId: sql`last_insert_rowid()`,
      action: "create",
      changes: changedNames(BLANK, values),
      at: now,
    }),
  ]);
  const row = inserted[0];
  if (!row) throw new Error("contact vanished after insert");
  return { ok: true, value: row };
}

export async function updateContact(db: Db, viewer: Viewer, id: number, patch: ContactPatch, now: number): Promise<WriteResult<ContactView>> {
  const current = await getContact(db, viewer, id);
  if (!current) return { ok: false, reason: "not_found" };
  const after = merge(current, patch);
  const errors = birthdayErrors(after);
  if (Object.keys(errors).length > 0) return { ok: false, reason: "invalid", fields: errors };
  const changed = changedNames(current, after);
  if (changed.length === 0) return { ok: true, value: current };
  const set = Object.fromEntries(changed.map((k) => [k, after[k]])) as Partial<ContactValues>;
  const [, , rows] = await db.batch([
    db
      .update(contacts)
      .set({ ...set, updatedAt: now })
      .where(and(eq(contacts.id, id), inArray(contacts.storeId, visibleStoreIds(db, viewer)))),
    db.insert(auditLog).values({ actorId: viewer.id, entity: "contact", entityId: id, action: "update", changes: changed, at: now }),
    contactSelect(db, viewer, id),
  ]);
  const row = rows[0];
  return row ? { ok: true, value: flatten(row) } : { ok: false, reason: "not_found" };
}

/**
 * A text column erased: non-empty text becomes ERASED, while null and empty stay as they are, so
 * every rule that counts a filled-in field (R10 problems solved and R11 trainings count non-null
 * text, gifts count a non-blank description or a value) counts the row as before.
 */
function erasedText(column: SQLiteColumn): SQL {
  return sql`case when trim(${column}) <> '' then ${ERASED} else ${column} end`;
}

/**
 * Deleting a contact erases the person everywhere, in one transaction (SPEC §4, issue 9):
 * - the contact row and its life events (an audit row for each: who, when, which record);
 * - the free text of every interaction linked to them (contact_id, or one of their life events):
 *   notes, problem solved, gift description, training topic. The rows stay with their channel,
 *   date, store, occasion, gift value and counts, so pace, R9–R11 and gift totals do not move;
 * - the text of every visit insight about them (its contact_id) or from an interaction with them,
 *   of every kind: the rows stay, so intel completeness (R12–R17) does not move;
 * - the stored copy of every e-mail that named them (outbox_mentions): content, html and text
 *   dropped, redacted_at set; state, attempts, times and provider id stay, and a retry fails;
 * - links to the contact and its events are cleared explicitly, not left to ON DELETE;
 * - deleted interactions (deleted_interactions) with them or about them lose the same free text,
 *   and their insights keep only their kinds.
 */
export async function deleteContact(db: Db, viewer: Viewer, id: number, now: number): Promise<WriteResult<{ storeId: number }>> {
  const current = await getContact(db, viewer, id);
  if (!current) return { ok: false, reason: "not_found" };
  const eventIds = db.select({ id: lifeEvents.id }).from(lifeEvents).where(eq(lifeEvents.contactId, id));
  const withContact = db
    .select({ id: interactions.id })
    .from(interactions)
    .where(or(eq(interactions.contactId, id), inArray(interactions.lifeEventId, eventIds)));
  const mentioning = db.select({ id: outboxMentions.outboxId }).from(outboxMentions).where(eq(outboxMentions.contactId, id));
  await db.batch([
    db
      .update(visitInsights)
      .set({
        subject: erasedText(visitInsights.subject),
        detail: erasedText(visitInsights.detail),
        reason: erasedText(visitInsights.reason),
        action: erasedText(visitInsights.action),
        contactId: null,
      })
      .where(or(eq(visitInsights.contactId, id), inArray(visitInsights.interactionId, withContact))),
    db
      .update(interactions)
      .set({
        notes: erasedText(interactions.notes),
        problemSolved: erasedText(interactions.problemSolved),
        giftWhat: erasedText(interactions.giftWhat),
        trainingTopic: erasedText(interactions.trainingTopic),
      })
      .where(inArray(interactions.id, withContact)),
    db
      .update(outbox)
      .set({ content: null, html: null, text: null, redactedAt: now })
      .where(and(inArray(outbox.id, mentioning), isNull(outbox.redactedAt))),
    db.delete(outboxMentions).where(eq(outboxMentions.contactId, id)),
    db
      .update(deletedInteractions)
      .set({
        notes: erasedText(deletedInteractions.notes),
        problemSolved: erasedText(deletedInteractions.problemSolved),
        giftWhat: erasedText(deletedInteractions.giftWhat),
        trainingTopic: erasedText(deletedInteractions.trainingTopic),
        insights: sql`(select json_group_array(json_object('id', j.value ->> 'id', 'kind', j.value ->> 'kind')) from json_each(${deletedInteractions.insights}) j)`,
        contactId: null,
        lifeEventId: null,
      })
      .where(
        or(
          eq(deletedInteractions.contactId, id),
          inArray(deletedInteractions.lifeEventId, eventIds),
          sql`exists (select 1 from json_each(${deletedInteractions.insights}) j where j.value ->> 'contactId' = ${id})`,
        ),
      ),
    db.update(interactions).set({ lifeEventId: null }).where(inArray(interactions.lifeEventId, eventIds)),
    db.update(interactions).set({ contactId: null }).where(eq(interactions.contactId, id)),
    db.run(
      sql`insert into ${auditLog} (actor_id, entity, entity_id, action, changes, at, contact_id)
          select ${viewer.id}, 'life_event', ${lifeEvents.id}, 'delete', null, ${now}, ${id} from ${lifeEvents} where ${lifeEvents.contactId} = ${id}`,
    ),
    db.delete(lifeEvents).where(eq(lifeEvents.contactId, id)),
    db.delete(contacts).where(and(eq(contacts.id, id), inArray(contacts.storeId, visibleStoreIds(db, viewer)))),
    db.insert(auditLog).values({ actorId: viewer.id, entity: "contact", entityId: id, action: "delete", changes: null, at: now }),
  ]);
  return { ok: true, value: { storeId: current.storeId } };
}
