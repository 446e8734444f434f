// Stores as the caller may see them (scope.ts): list with filters and pace, one store, and the
// writes. Who may change what:
// - a rep edits the contact details of their own stores (name, address, city, phone) but not the
//   class (it sets the quotas, R1–R3), the assigned rep or the archived flag;
// - a manager (their team's stores) and an admin (all) edit everything, create stores and archive
//   them; a store is always assigned to a rep the caller may see (a manager's own team), so it never
//   drops out of the creator's scope.
// The same rules decide one store's edit (updateStore) and moving many of a rep's stores at once
// (reassignStores, the team page): `mayChange` and `assignable`.
import { policyOf, policySelect } from "./policy.ts";
import { followUpInteractionColumns } from "./columns.ts";
import { and, asc, desc, eq, gte, inArray, or, sql, type SQL } from "drizzle-orm";
import type { Db } from "../client.ts";
import { runQueries } from "../batch.ts";
import { auditLog, contacts, interactions, lifeEvents, storeAssignments, stores, users, visitInsights } from "../schema.ts";
import { storeVisible, userVisible } from "./scope.ts";
import { syncAssignments } from "./store-assignments.ts";
import { sameDayRepeatsSql } from "./rules.ts";
import { parseHoldings, type Holding } from "../../domain/holding.ts";
import { isUniqueViolation } from "../errors.ts";
import type { Viewer } from "../../auth/identity.ts";
import type { Policy } from "../../domain/policy.ts";
import { addDays, localDateOf, monthBounds, monthOf } from "../../domain/dates.ts";
import { expectedByToday, monthPace, paceClock, requiredFor, type InteractionCount, type PaceRow } from "../../domain/pace.ts";
import { QUOTA_CHANNELS, type Channel, type LocalDate, type QuotaChannel, type StoreClass } from "../../domain/types.ts";

export type StoreView = {
  id: number;
  /** The company's or the chain's code; unique when present. */
  code: string | null;
  name: string;
  class: StoreClass;
  repId: number | null;
  repName: string | null;
  address: string | null;
  city: string | null;
  phone: string | null;
  archived: boolean;
  /** Where the store is (on-site check-in), and who set it: the first confident check-in, a manager, an import. */
  lat: number | null;
  lng: number | null;
  locationSource: "check_in" | "manager" | "import" | null;
  createdAt: number;
};

/** Why a write did not happen; `fields` hold validation codes (i18n `validation` keys). */
export type WriteFailure =
  | { ok: false; reason: "not_found" }
  | { ok: false; reason: "forbidden"; fields: Record<string, string> }
  | { ok: false; reason: "invalid"; fields: Record<string, string> };
export type WriteResult<T> = { ok: true; value: T } | WriteFailure;

const storeColumns = {
  id: stores.id,
  code: stores.code,
  name: stores.name,
  class: stores.class,
  repId: stores.repId,
  repName: users.name,
  address: stores.address,
  city: stores.city,
  phone: stores.phone,
  archived: stores.archived,
  lat: stores.lat,
  lng: stores.lng,
  locationSource: stores.locationSource,
  createdAt: stores.createdAt,
};

/** Ids of the stores the viewer may see, for `inArray(x.storeId, …)` in writes. */
export function visibleStoreIds(db: Db, viewer: Viewer) {
  return db.select({ id: stores.id }).from(stores).where(storeVisible(viewer));
}

function storeSelect(db: Db, viewer: Viewer, id: number) {
  return db
    .select(storeColumns)
    .from(stores)
    .leftJoin(users, eq(users.id, stores.repId))
    .where(and(eq(stores.id, id), storeVisible(viewer)));
}

export async function getStore(db: Db, viewer: Viewer, id: number): Promise<StoreView | null> {
  const [row] = await storeSelect(db, viewer, id);
  return row ?? null;
}

// ---- list ------------------------------------------------------------------------------------

export type StoreFilters = {
  class?: StoreClass;
  city?: string;
  /** Part of the name or the address. */
  q?: string;
  /** Only stores at least one contact behind pace on some channel this month (R1–R3). */
  behind?: boolean;
  /** Archived stores instead of active ones. */
  archived?: boolean;
};

/** Keyset position in the list's order (class, name, id). */
export type StoreCursor = { class: StoreClass; name: string; id: number };

export type StorePace = Pick<PaceRow, "channel" | "required" | "done" | "expectedByToday" | "isBehind" | "met">;
export type StoreListItem = StoreView & { pace: StorePace[]; behind: boolean };

export function encodeCursor(c: StoreCursor): string {
  const bytes = new TextEncoder().encode(JSON.stringify([c.class, c.name, c.id]));
  let s = "";
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

export function decodeCursor(raw: string): StoreCursor | null {
  try {
    const bin = atob(raw.replace(/-/g, "+").replace(/_/g, "/"));
    const parsed: unknown = JSON.parse(new TextDecoder().decode(Uint8Array.from(bin, (ch) => ch.charCodeAt(0))));
    if (!Array.isArray(parsed) || parsed.length !== 3) return null;
    const [cls, name, id] = parsed as unknown[];
    if (cls !== "A" && cls !== "B" && cls !== "C") return null;
    if (typeof name !== "string" || !Number.isSafeInteger(id) || (id as number) < 1) return null;
    return { class: cls, name, id: id as number };
  } catch {
    return null;
  }
}

/**
 * The stretches the store's current rep has held it since `from` (tier|from|to;…, parseHoldings):
 * a store added, reassigned or reclassified this month owes prorated quotas (pace.ts).
 */
function heldSinceSql(from: LocalDate): SQL<string | null> {
  const store = (column: string) => sql`${sql.identifier("stores")}.${sql.identifier(column)}`;
  return sql<string | null>`(select group_concat(b.tier || '|' || b.valid_from || '|' || coalesce(b.valid_to, ''), ';') from ${storeAssignments} b
    where b.store_id = ${store("id")} and b.rep_id is ${store("rep_id")} and (b.valid_to is null or b.valid_to > ${from}))`;
}

/**
 * Whether the viewer's holding of the store began after `from` (added, moved to this rep or
 * reclassified this month): its quotas are prorated (pace.ts), which the list's SQL test of
 * "behind" does not compute, so such stores are judged by monthPace instead.
 */
function changedSinceSql(from: LocalDate): SQL {
  const store = (column: string) => sql`${sql.identifier("stores")}.${sql.identifier(column)}`;
  return sql`exists (select 1 from ${storeAssignments} b where b.store_id = ${store("id")} and b.rep_id is ${store("rep_id")} and b.valid_from > ${from})`;
}

/** A store's holdings this month from heldSinceSql (none recorded: the whole month, as before the history). */
function withHoldings<T extends { class: StoreClass; holdings: string | null }>(r: T): Omit<T, "holdings"> & { holdings?: Holding[] } {
  const { holdings, ...rest } = r;
  return holdings ? { ...rest, holdings: parseHoldings(holdings) } : rest;
}

/**
 * One page of the viewer's stores, A before B before C, then by name, with this month's pace per
 * quota channel. Counts come from correlated per-channel subqueries on the (store_id, local_date)
 * index, so the list stays one query; "behind" is the same test as `Pace.isBehind`
 * (expectedByToday − done ≥ 1) with the expectations computed here from the policy's clock, for
 * stores held all month; a store whose holding changed this month is a candidate, and monthPace's
 * prorated verdict decides (a page may then hold fewer than `limit` items; the cursor goes on).
 */
export async function listStores(
  db: Db,
  viewer: Viewer,
  pol: Policy,
  filters: StoreFilters,
  page: { limit: number; cursor?: StoreCursor | null; now: number },
): Promise<{ items: StoreListItem[]; nextCursor: StoreCursor | null; today: LocalDate }> {
  const today = localDateOf(page.now, pol.timeZone);
  const clock = paceClock(pol, today);
  const { first } = monthBounds(clock.month);
  // A day's repeats counted as the policy says (sameDayRepeats), as pace counts them.
  const done = (ch: QuotaChannel) =>
    sql<number>`(select case when ${sameDayRepeatsSql()} = 'each' then count(*) else count(distinct ${interactions.localDate}) end from ${interactions} where ${interactions.storeId} = ${stores.id} and ${interactions.channel} = ${ch} and ${interactions.localDate} between ${first} and ${today})`;
  const expected = (ch: QuotaChannel) =>
    sql`(case ${stores.class} when 'A' then ${expectedByToday(clock, requiredFor(pol, "A", ch))} when 'B' then ${expectedByToday(clock, requiredFor(pol, "B", ch))} else ${expectedByToday(clock, requiredFor(pol, "C", ch))} end)`;
  const q = filters.q?.trim().toLowerCase();
  const conds: (SQL | undefined)[] = [
    storeVisible(viewer),
    eq(stores.archived, filters.archived ?? false),
    filters.class ? eq(stores.class, filters.class) : undefined,
    filters.city ? eq(stores.city, filters.city) : undefined,
    q ? sql`(instr(lower(${stores.name}), ${q}) > 0 or instr(lower(coalesce(${stores.address}, '')), ${q}) > 0)` : undefined,
    filters.behind ? or(changedSinceSql(first), ...QUOTA_CHANNELS.map((ch) => sql`${expected(ch)} - ${done(ch)} >= 1`)) : undefined,
    page.cursor ? sql`(${stores.class}, ${stores.name}, ${stores.id}) > (${page.cursor.class}, ${page.cursor.name}, ${page.cursor.id})` : undefined,
  ];
  const rows = await db
    .select({ ...storeColumns, visits: done("visit"), phones: done("phone"), messages: done("message"), holdings: heldSinceSql(first) })
    .from(stores)
    .leftJoin(users, eq(users.id, stores.repId))
    .where(and(...conds))
    .orderBy(asc(stores.class), asc(stores.name), asc(stores.id))
    .limit(page.limit + 1);
  const pageRows = rows.slice(0, page.limit);
  const counts: InteractionCount[] = pageRows.flatMap((r) => [
    { storeId: r.id, channel: "visit" as const, count: Number(r.visits) },
    { storeId: r.id, channel: "phone" as const, count: Number(r.phones) },
    { storeId: r.id, channel: "message" as const, count: Number(r.messages) },
  ]);
  const pace = monthPace(pol, today, pageRows.map(withHoldings), counts);
  const byStore = new Map<number, StorePace[]>();
  for (const r of pace.rows) {
    const list = byStore.get(r.storeId) ?? [];
    list.push({ channel: r.channel, required: r.required, done: r.done, expectedByToday: r.expectedByToday, isBehind: r.isBehind, met: r.met });
    byStore.set(r.storeId, list);
  }
  const all = pageRows.map(({ visits: _v, phones: _p, messages: _m, holdings: _h, ...store }) => {
    const p = byStore.get(store.id) ?? [];
    return { ...store, pace: p, behind: p.some((x) => x.isBehind) };
  });
  const items = filters.behind ? all.filter((s) => s.behind) : all;
  const last = pageRows.at(-1);
  return {
    items,
    nextCursor: rows.length > page.limit && last ? { class: last.class, name: last.name, id: last.id } : null,
    today,
  };
}

/** Cities of the viewer's stores, for the filter. */
export function storeCitiesSelect(db: Db, viewer: Viewer) {
  return db
    .selectDistinct({ city: stores.city })
    .from(stores)
    .where(and(storeVisible(viewer), sql`${stores.city} is not null and ${stores.city} <> ''`))
    .orderBy(asc(stores.city))
    .limit(300);
}

// ---- reps a store may be assigned to -------------------------------------------------------

/** Above this many reps the forms ask for a rep id instead of offering a list. */
export const REP_CHOICES_MAX = 500;

/** Users the viewer may assign stores to: active reps of a manager's team, every active rep for an admin. */
export function assignable(viewer: Viewer): SQL {
  return and(userVisible(viewer), eq(users.role, "rep"), eq(users.active, true))!;
}

export function assignableRepsSelect(db: Db, viewer: Viewer) {
  return db
    .select({ id: users.id, name: users.name, email: users.email })
    .from(users)
    .where(assignable(viewer))
    .orderBy(asc(users.name), asc(users.id))
    .limit(REP_CHOICES_MAX + 1);
}

function assignableRep(db: Db, viewer: Viewer, repId: number) {
  return db
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.id, repId), assignable(viewer)));
}

// ---- writes ----------------------------------------------------------------------------------

export type StoreCreate = {
  code?: string | null;
  name: string;
  class: StoreClass;
  address: string | null;
  city: string | null;
  phone: string | null;
  repId: number;
  /** Set by the manager creating it (null or absent: none yet; the first confident check-in sets it). */
  location?: { lat: number; lng: number } | null;
};

/** The organisation's date at `now` (assignments are dated by it), from the policy's rows. */
function todayOf(policyRows: Parameters<typeof policyOf>[0], now: number): LocalDate {
  return localDateOf(now, policyOf(policyRows).timeZone);
}

export async function createStore(db: Db, viewer: Viewer, input: StoreCreate, now: number): Promise<WriteResult<StoreView>> {
  if (viewer.role === "rep") return { ok: false, reason: "forbidden", fields: {} };
  const [repRows, policyRows] = await db.batch([assignableRep(db, viewer, input.repId), policySelect(db)]);
  if (!repRows[0]) return { ok: false, reason: "invalid", fields: { repId: "not_found" } };
  // Insert, open its assignment and read back (with the rep's name) in one transaction: the new
  // store has the largest id (AUTOINCREMENT) inside it, which last_insert_rowid() stops being once
  // the assignment is inserted.
  const written = await db.batch([
    db
      .insert(stores)
      .values({
        code: input.code ?? null,
        name: input.name,
        class: input.class,
        address: input.address,
        city: input.city,
        phone: input.phone,
        repId: input.repId,
        ...(input.location ? { lat: input.location.lat, lng: input.location.lng, locationSource: "manager" as const } : {}),
      }),
    ...syncAssignments(db, todayOf(policyRows, now), sql`${stores.id} = (select max(${stores.id}) from ${stores})`),
    db
      .select(storeColumns)
      .from(stores)
      .leftJoin(users, eq(users.id, stores.repId))
      .where(and(eq(stores.id, sql`(select max(${stores.id}) from ${stores})`), storeVisible(viewer))),
  ]).catch(codeTaken);
  if (written === "code_taken") return { ok: false, reason: "invalid", fields: { code: "code_taken" } };
  const created = written[4][0];
  if (!created) throw new Error("store vanished after insert");
  return { ok: true, value: created };
}

/** Another store has the code (the partial unique index stores_code_uq): a field error, not a 500. */
function codeTaken(err: unknown): "code_taken" {
  if (isUniqueViolation(err, "stores.code")) return "code_taken";
  throw err;
}

export type StorePatch = {
  code?: string | null;
  name?: string;
  class?: StoreClass;
  address?: string | null;
  city?: string | null;
  phone?: string | null;
  repId?: number;
  archived?: boolean;
  /** Coordinates, both or neither (null clears them); a manager's, so the source becomes "manager". */
  lat?: number | null;
  lng?: number | null;
};

const MANAGER_ONLY: readonly (keyof StorePatch)[] = ["code", "class", "repId", "archived", "lat", "lng"];

/** Whether the viewer may change this field of a store in their scope (a rep: contact details only). */
function mayChange(viewer: Viewer, field: keyof StorePatch): boolean {
  return viewer.role !== "rep" || !MANAGER_ONLY.includes(field);
}

/** Applies a patch to a store in scope; fields a rep may not change are refused only when they would change. */
export async function updateStore(db: Db, viewer: Viewer, id: number, patch: StorePatch, now: number): Promise<WriteResult<StoreView>> {
  const [currentRows, repRows, policyRows] = await db.batch([
    storeSelect(db, viewer, id),
    assignableRep(db, viewer, patch.repId ?? 0),
    policySelect(db),
  ]);
  const current = currentRows[0];
  if (!current) return { ok: false, reason: "not_found" };
  const changes: StorePatch = {};
  for (const key of Object.keys(patch) as (keyof StorePatch)[]) {
    if (patch[key] !== undefined && patch[key] !== current[key]) Object.assign(changes, { [key]: patch[key] });
  }
  const refused = MANAGER_ONLY.filter((k) => k in changes && !mayChange(viewer, k));
  if (refused.length > 0) return { ok: false, reason: "forbidden", fields: Object.fromEntries(refused.map((k) => [k, "not_allowed"])) };
  if (changes.repId !== undefined && !repRows[0]) return { ok: false, reason: "invalid", fields: { repId: "not_found" } };
  if (Object.keys(changes).length === 0) return { ok: true, value: current };
  const located = "lat" in changes || "lng" in changes;
  const written = await db.batch([
    db
      .update(stores)
      .set(located ? { ...changes, locationSource: changes.lat === null || changes.lng === null ? null : "manager" } : changes)
      .where(and(eq(stores.id, id), inArray(stores.id, visibleStoreIds(db, viewer)))),
    // A new rep, class or archiving is a new assignment from today; the month so far stays as it was.
    ...syncAssignments(db, todayOf(policyRows, now), eq(stores.id, id)),
    // Re-read with the caller's scope: a manager may hand a store to a rep of another team only as
    // admin (assignableRep keeps managers inside their team), so the store stays visible.
    storeSelect(db, viewer, id),
    db.insert(auditLog).values({ actorId: viewer.id, entity: "store", entityId: id, action: "update", changes: Object.keys(changes), at: now }),
  ]).catch(codeTaken);
  if (written === "code_taken") return { ok: false, reason: "invalid", fields: { code: "code_taken" } };
  const after = written[4];
  return after[0] ? { ok: true, value: after[0] } : { ok: false, reason: "not_found" };
}

export type Reassignment = { fromRepId: number; storeIds: number[]; toRepId: number };

/**
 * Moves some of a rep's active stores to another rep, with an audit row per store moved, in one
 * transaction. The rep must be one the viewer may see (else not_found); every store must be that
 * rep's, active and in the viewer's scope (else `storeIds: not_found`); the receiver another rep the
 * viewer may assign stores to (`toRepId: same_rep | not_found`). Two round trips: the checks, the write.
 */
export async function reassignStores(db: Db, viewer: Viewer, move: Reassignment, now: number): Promise<WriteResult<{ moved: number }>> {
  if (!mayChange(viewer, "repId")) return { ok: false, reason: "forbidden", fields: { repId: "not_allowed" } };
  const storeIds = [...new Set(move.storeIds)];
  const receiver = and(eq(users.id, move.toRepId), assignable(viewer));
  const movable = and(inArray(stores.id, storeIds), eq(stores.repId, move.fromRepId), eq(stores.archived, false), storeVisible(viewer));
  const [fromRows, storeRows, toRows, policyRows] = await db.batch([
    db.select({ id: users.id }).from(users).where(and(eq(users.id, move.fromRepId), userVisible(viewer))),
    db.select({ id: stores.id }).from(stores).where(movable),
    db.select({ id: users.id }).from(users).where(receiver),
    policySelect(db),
  ]);
  if (fromRows.length === 0) return { ok: false, reason: "not_found" };
  const fields: Record<string, string> = {};
  if (storeRows.length !== storeIds.length) fields.storeIds = "not_found";
  if (move.toRepId === move.fromRepId) fields.toRepId = "same_rep";
  else if (toRows.length === 0) fields.toRepId = "not_found";
  if (Object.keys(fields).length > 0) return { ok: false, reason: "invalid", fields };
  // The audit rows are written for exactly the stores the update moves (same conditions, read inside
  // the same transaction), and both re-check the receiver.
  const receiverExists = sql`exists (select 1 from ${users} where ${receiver})`;
  await db.batch([
    db.run(
      sql`insert into ${auditLog} (actor_id, entity, entity_id, action, changes, at)
          select ${viewer.id}, 'store', ${stores.id}, 'update', ${JSON.stringify(["repId"])}, ${now}
          from ${stores} where ${movable} and ${receiverExists}`,
    ),
    db
      .update(stores)
      .set({ repId: move.toRepId })
      .where(and(movable, receiverExists)),
    // The moved stores count for the new rep from today, for the previous one until yesterday.
    ...syncAssignments(db, todayOf(policyRows, now), inArray(stores.id, storeIds)),
  ]);
  return { ok: true, value: { moved: storeIds.length } };
}

// ---- the store page --------------------------------------------------------------------------

export type HistoryCursor = { at: number; id: number };

export type HistoryItem = {
  id: number;
  channel: Channel;
  occurredAt: number;
  localDate: LocalDate;
  occasion: (typeof interactions.$inferSelect)["occasion"];
  festivalKey: string | null;
  contactId: number | null;
  contactName: string | null;
  repName: string;
  repId: number;
  /** When it was logged: a rep may fix their own for the policy's interactionEditDays. */
  createdAt: number;
  giftWhat: string | null;
  giftValue: number | null;
  askedHelp: boolean;
  problemSolved: string | null;
  trainingTopic: string | null;
  notes: string | null;
  /** The visit's check-in position and the store's coordinates: the page shows only whether it was on site. */
  lat: number | null;
  lng: number | null;
  accuracyM: number | null;
  storeLat: number | null;
  storeLng: number | null;
};

export type InsightItem = {
  id: number;
  kind: (typeof visitInsights.$inferSelect)["kind"];
  subject: string | null;
  detail: string;
  reason: string | null;
  action: string | null;
  /** R17: what worked, once resolved. */
  resolution: string | null;
  localDate: LocalDate;
};

/** The store itself, its contacts (owner first) and their open life events: scoped by storeVisible. */
function storeSelects(db: Db, viewer: Viewer, id: number, approxToday: LocalDate) {
  const storeContacts = db
    .select({ id: contacts.id })
    .from(contacts)
    .innerJoin(stores, eq(stores.id, contacts.storeId))
    .where(and(eq(contacts.storeId, id), storeVisible(viewer)));
  return {
    policy: policySelect(db),
    store: storeSelect(db, viewer, id),
    // The stretches its current rep held it this month (a day's margin: the policy's time zone decides the month).
    holdings: db
      .select({ holdings: heldSinceSql(addDays(monthBounds(monthOf(approxToday)).first, -1)) })
      .from(stores)
      .where(and(eq(stores.id, id), storeVisible(viewer))),
    contacts: db
      .select({
        id: contacts.id,
        name: contacts.name,
        role: contacts.role,
        formOfAddress: contacts.formOfAddress,
        phone: contacts.phone,
        birthdayCalendar: contacts.birthdayCalendar,
        birthdayMonth: contacts.birthdayMonth,
        birthdayDay: contacts.birthdayDay,
        birthdayLeapMonth: contacts.birthdayLeapMonth,
        doNotContact: contacts.doNotContact,
        tags: contacts.tags,
      })
      .from(contacts)
      .innerJoin(stores, eq(stores.id, contacts.storeId))
      .where(and(eq(contacts.storeId, id), storeVisible(viewer)))
      .orderBy(
        sql`case ${contacts.role} when 'owner' then 0 when 'manager' then 1 when 'pharmacist' then 2 when 'clerk' then 3 else 4 end`,
        asc(contacts.name),
        asc(contacts.id),
      ),
    lifeEvents: db
      .select({ id: lifeEvents.id, contactId: lifeEvents.contactId, kind: lifeEvents.kind, date: lifeEvents.date, state: lifeEvents.state })
      .from(lifeEvents)
      .where(and(inArray(lifeEvents.contactId, storeContacts), eq(lifeEvents.state, "open"))),
  };
}

/** What happened at the store: contacts per channel and day around the month, a page of history, what may close a follow-up, insights. */
function activitySelects(db: Db, viewer: Viewer, id: number, approxToday: LocalDate, history: { limit: number; cursor?: HistoryCursor | null }) {
  const inStore = and(eq(interactions.storeId, id), storeVisible(viewer));
  return {
    counts: db
      .select({ channel: interactions.channel, localDate: interactions.localDate, count: sql<number>`count(*)` })
      .from(interactions)
      .innerJoin(stores, eq(stores.id, interactions.storeId))
      .where(and(inStore, sql`${interactions.localDate} between ${monthBounds(monthOf(addDays(approxToday, -1))).first} and ${addDays(approxToday, 1)}`))
      .groupBy(interactions.channel, interactions.localDate),
    history: db
      .select({
        id: interactions.id,
        channel: interactions.channel,
        occurredAt: interactions.occurredAt,
        localDate: interactions.localDate,
        occasion: interactions.occasion,
        festivalKey: interactions.festivalKey,
        contactId: interactions.contactId,
        contactName: contacts.name,
        repName: users.name,
        // Whether the viewer may still fix it (services/change-interaction.ts: the rep's own, within the window).
        repId: interactions.repId,
        createdAt: interactions.createdAt,
        giftWhat: interactions.giftWhat,
        giftValue: interactions.giftValue,
        askedHelp: interactions.askedHelp,
        problemSolved: interactions.problemSolved,
        trainingTopic: interactions.trainingTopic,
        notes: interactions.notes,
        lat: interactions.lat,
        lng: interactions.lng,
        accuracyM: interactions.accuracyM,
        storeLat: stores.lat,
        storeLng: stores.lng,
      })
      .from(interactions)
      .innerJoin(stores, eq(stores.id, interactions.storeId))
      .innerJoin(users, eq(users.id, interactions.repId))
      .leftJoin(contacts, eq(contacts.id, interactions.contactId))
      .where(and(inStore, history.cursor ? sql`(${interactions.occurredAt}, ${interactions.id}) < (${history.cursor.at}, ${history.cursor.id})` : undefined))
      .orderBy(desc(interactions.occurredAt), desc(interactions.id))
      .limit(history.limit + 1),
    // What may close a follow-up (R6–R8): recent birthday greetings and anything linked to a life event.
    followUps: db
      .select({ ...followUpInteractionColumns })
      .from(interactions)
      .innerJoin(stores, eq(stores.id, interactions.storeId))
      .where(
        and(
          inStore,
          or(and(eq(interactions.occasion, "birthday"), gte(interactions.localDate, addDays(approxToday, -60))), sql`${interactions.lifeEventId} is not null`),
        ),
      ),
    // Insights: the store's open slow movers (R17) and the last 90 days' competitor notes (R16).
    slowMovers: insightSelect(db, and(inStore, eq(visitInsights.kind, "slow_mover"), eq(visitInsights.status, "open"))).limit(20),
    competitorNotes: insightSelect(db, and(inStore, eq(visitInsights.kind, "competitor"), gte(interactions.localDate, addDays(approxToday, -90)))).limit(10),
    // R17 closed with what worked; R12 product feedback and R14 what was done for a preference.
    resolvedSlowMovers: insightSelect(db, and(inStore, eq(visitInsights.kind, "slow_mover"), eq(visitInsights.status, "resolved"))).limit(10),
    productFeedback: insightSelect(db, and(inStore, eq(visitInsights.kind, "product_feedback"), gte(interactions.localDate, addDays(approxToday, -90)))).limit(10),
    preferenceActions: insightSelect(db, and(inStore, eq(visitInsights.kind, "preference_action"), gte(interactions.localDate, addDays(approxToday, -90)))).limit(10),
  };
}

/**
 * Everything the store page shows, in one round trip. Date-bounded reads use a window a day wider
 * than the viewer's own calendar on each side (the policy's time zone, which decides "today", is
 * read in the same batch); the pure rules then cut them to the month and to today exactly.
 */
export async function loadStorePage(db: Db, viewer: Viewer, id: number, now: number, history: { limit: number; cursor?: HistoryCursor | null }) {
  const approxToday = localDateOf(now, viewer.timeZone);
  const r = await runQueries(db, { ...storeSelects(db, viewer, id, approxToday), ...activitySelects(db, viewer, id, approxToday, history) });
  const store = r.store[0];
  if (!store) return null;
  const pol = policyOf(r.policy);
  const today = localDateOf(now, pol.timeZone);
  const pace = monthPace(pol, today, [withHoldings({ ...store, holdings: r.holdings[0]?.holdings ?? null })], r.counts.map((c) => ({ storeId: id, channel: c.channel, localDate: c.localDate, count: Number(c.count) })));
  const page = r.history.slice(0, history.limit);
  const last = page.at(-1);
  return {
    policy: pol,
    today,
    store,
    contacts: r.contacts,
    lifeEvents: r.lifeEvents,
    pace: pace.rows,
    history: page as HistoryItem[],
    historyNext: r.history.length > history.limit && last ? { at: last.occurredAt, id: last.id } : null,
    followUpInteractions: r.followUps,
    slowMovers: r.slowMovers as InsightItem[],
    competitorNotes: r.competitorNotes as InsightItem[],
    resolvedSlowMovers: r.resolvedSlowMovers as InsightItem[],
    productFeedback: r.productFeedback as InsightItem[],
    preferenceActions: r.preferenceActions as InsightItem[],
  };
}

/** Visit insights with their visit's date, newest first, joined to the store so `where` can scope by storeVisible. */
export function insightSelect(db: Db, where: SQL | undefined) {
  return db
    .select({
      id: visitInsights.id,
      kind: visitInsights.kind,
      subject: visitInsights.subject,
      detail: visitInsights.detail,
      reason: visitInsights.reason,
      action: visitInsights.action,
      resolution: visitInsights.resolution,
      localDate: interactions.localDate,
    })
    .from(visitInsights)
    .innerJoin(interactions, eq(interactions.id, visitInsights.interactionId))
    .innerJoin(stores, eq(stores.id, interactions.storeId))
    .where(where)
    .orderBy(desc(interactions.occurredAt), desc(visitInsights.id));
}

export type StorePage = NonNullable<Awaited<ReturnType<typeof loadStorePage>>>;
