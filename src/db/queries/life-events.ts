// Life events of contacts in the caller's scope (R7 wedding, new baby; R8 misfortune). Each stays
// open until a contact on the required channel is linked to it, or the rep marks it done or
// dismisses it. Every write leaves an audit row naming the changed fields (never their values:
// the notes of a bereavement are personal).
import { and, desc, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "../client.ts";
import { auditLog, contacts, lifeEvents, stores } from "../schema.ts";
import { storeVisible } from "./scope.ts";
import { visibleStoreIds, type WriteResult } from "./stores.ts";
import type { Viewer } from "../../auth/identity.ts";
import { normalizeNewlines } from "../../domain/text.ts";
import { LIFE_EVENT_RANGE, outOfRange } from "../../domain/fields.ts";
import { localDateOf } from "../../domain/dates.ts";

export type LifeEvent = typeof lifeEvents.$inferSelect;
export type LifeEventView = LifeEvent & { contactName: string; storeId: number };

const FIELDS = ["kind", "date", "notes", "concerns", "state"] as const;
/** What a write sets (the input schemas in services/store-input.ts produce these); undefined leaves a field as it is. */
export type LifeEventPatch = { [K in (typeof FIELDS)[number]]?: LifeEvent[K] };
export type LifeEventCreate = Pick<LifeEvent, "kind" | "date"> & { notes?: string | null; concerns?: LifeEvent["concerns"] };

/** Life events of contacts at stores the viewer sees, as a subquery for writes. */
function visibleEventIds(db: Db, viewer: Viewer) {
  return db
    .select({ id: lifeEvents.id })
    .from(lifeEvents)
    .innerJoin(contacts, eq(contacts.id, lifeEvents.contactId))
    .where(inArray(contacts.storeId, visibleStoreIds(db, viewer)));
}

function eventSelect(db: Db, viewer: Viewer, id: number) {
  return db
    .select({ event: lifeEvents, contactName: contacts.name, storeId: contacts.storeId })
    .from(lifeEvents)
    .innerJoin(contacts, eq(contacts.id, lifeEvents.contactId))
    .innerJoin(stores, eq(stores.id, contacts.storeId))
    .where(and(eq(lifeEvents.id, id), storeVisible(viewer)));
}

function view(r: { event: LifeEvent; contactName: string; storeId: number }): LifeEventView {
  return { ...r.event, contactName: r.contactName, storeId: r.storeId };
}

export async function getLifeEvent(db: Db, viewer: Viewer, id: number): Promise<LifeEventView | null> {
  const [row] = await eventSelect(db, viewer, id);
  return row ? view(row) : null;
}

/** The contact's life events, newest first, or null when the contact is not the viewer's. */
export async function lifeEventsOfContact(db: Db, viewer: Viewer, contactId: number): Promise<LifeEvent[] | null> {
  const [contactRows, rows] = await db.batch([
    db
      .select({ id: contacts.id })
      .from(contacts)
      .innerJoin(stores, eq(stores.id, contacts.storeId))
      .where(and(eq(contacts.id, contactId), storeVisible(viewer))),
    db
      .select({ event: lifeEvents })
      .from(lifeEvents)
      .innerJoin(contacts, eq(contacts.id, lifeEvents.contactId))
      .innerJoin(stores, eq(stores.id, contacts.storeId))
      .where(and(eq(lifeEvents.contactId, contactId), storeVisible(viewer)))
      .orderBy(desc(lifeEvents.date), desc(lifeEvents.id)),
  ]);
  if (!contactRows[0]) return null;
  return rows.map((r) => r.event);
}

/** A date too far from the viewer's today (LIFE_EVENT_RANGE) is refused. */
function dateErrors(date: string, viewer: Viewer, now: number): Record<string, string> | null {
  const side = outOfRange(date, localDateOf(now, viewer.timeZone), LIFE_EVENT_RANGE);
  return side ? { date: side === "after" ? "event_too_far_ahead" : "event_too_old" } : null;
}

export async function createLifeEvent(db: Db, viewer: Viewer, contactId: number, input: LifeEventCreate, now: number): Promise<WriteResult<LifeEvent>> {
  const [contact] = await db
    .select({ id: contacts.id })
    .from(contacts)
    .innerJoin(stores, eq(stores.id, contacts.storeId))
    .where(and(eq(contacts.id, contactId), storeVisible(viewer)));
  if (!contact) return { ok: false, reason: "not_found" };
  const bad = dateErrors(input.date, viewer, now);
  if (bad) return { ok: false, reason: "invalid", fields: bad };
  const changes = ["kind", "date", ...(input.notes ? ["notes"] : []), ...(input.concerns && input.concerns !== "self" ? ["concerns"] : [])];
  // last_insert_rowid(): same transaction, same connection (see createContact).
  const [inserted] = await db.batch([
    db
      .insert(lifeEvents)
      .values({ contactId, kind: input.kind, date: input.date, notes: normalizeNewlines(input.notes ?? null), concerns: input.concerns ?? "self", createdAt: now })
      .returning(),
    db.insert(auditLog).values({ actorId: viewer.id, entity: "life_event", entityId: sql`last_insert_rowid()`, action: "create", changes, at: now, contactId }),
  ]);
  const row = inserted[0];
  if (!row) throw new Error("life event vanished after insert");
  return { ok: true, value: row };
}

export async function updateLifeEvent(db: Db, viewer: Viewer, id: number, patch: LifeEventPatch, now: number): Promise<WriteResult<LifeEventView>> {
  const current = await getLifeEvent(db, viewer, id);
  if (!current) return { ok: false, reason: "not_found" };
  const set: Partial<Pick<LifeEvent, (typeof FIELDS)[number]>> = {};
  for (const k of FIELDS) {
    // A change that only rewrites line endings is no change (text.ts).
    const value = normalizeNewlines(patch[k]);
    if (value !== undefined && value !== normalizeNewlines(current[k])) Object.assign(set, { [k]: value });
  }
  const changed = FIELDS.filter((k) => k in set);
  if (changed.length === 0) return { ok: true, value: current };
  // Only a new date is held to the range: an old event stays editable (its notes, its state).
  const bad = set.date !== undefined ? dateErrors(set.date, viewer, now) : null;
  if (bad) return { ok: false, reason: "invalid", fields: bad };
  const [, , rows] = await db.batch([
    db
      .update(lifeEvents)
      .set(set)
      .where(and(eq(lifeEvents.id, id), inArray(lifeEvents.id, visibleEventIds(db, viewer)))),
    db.insert(auditLog).values({ actorId: viewer.id, entity: "life_event", entityId: id, action: "update", changes: [...changed], at: now, contactId: current.contactId }),
    eventSelect(db, viewer, id),
  ]);
  const row = rows[0];
  return row ? { ok: true, value: view(row) } : { ok: false, reason: "not_found" };
}

/** Dismissing closes the follow-up without a contact (the rep decided it needs none). */
export function dismissLifeEvent(db: Db, viewer: Viewer, id: number, now: number): Promise<WriteResult<LifeEventView>> {
  return updateLifeEvent(db, viewer, id, { state: "dismissed" }, now);
}
