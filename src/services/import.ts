// CSV import, database side: the file's own checks (src/domain/import.ts), then one batched read of
// the facts they need (reps by e-mail, stores and contacts already there), then — only when not a
// single row has an error — every row in one atomic write batch. Used by /admin/import and the CLI,
// so both apply exactly the same rules.
import { and, eq, inArray, or, sql } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import type { Db } from "../db/client.ts";
import { auditLog, contacts, stores, users } from "../db/schema.ts";
import { storeVisible } from "../db/queries/scope.ts";
import { loadPolicy } from "../db/queries/policy.ts";
import { syncAssignments } from "../db/queries/store-assignments.ts";
import { localDateOf } from "../domain/dates.ts";
import type { StoreClass } from "../domain/types.ts";
import type { Viewer } from "../auth/identity.ts";
import {
  contactKey,
  contactLookups,
  readContacts,
  readStores,
  resolveContacts,
  resolveStores,
  storeKey,
  storeLookups,
  type StoreChange,
  type ImportKind,
  type ResolvedContact,
  type ResolvedStore,
  type RowError,
} from "../domain/import.ts";

export type ImportCheck =
  | { kind: "stores"; rows: ResolvedStore[]; errors: RowError[] }
  | { kind: "contacts"; rows: ResolvedContact[]; errors: RowError[] };

export type ImportResult = { ok: true; kind: ImportKind; inserted: number; updated: number } | { ok: false; check: ImportCheck };

/** Rows per INSERT: 15 columns × 200 rows stays far below SQLite's 32,766 bound parameters. */
const ROWS_PER_STATEMENT = 200;

function assertAdmin(viewer: Viewer): void {
  // Defence in depth: the pages and the CLI only call this for admins.
  if (viewer.role !== "admin") throw new Error("import is for admins only");
}

/** Reads and checks a file without writing anything: the preview. */
export async function checkImport(db: Db, viewer: Viewer, kind: ImportKind, text: string): Promise<ImportCheck> {
  assertAdmin(viewer);
  return kind === "stores" ? checkStores(db, viewer, text) : checkContacts(db, viewer, text);
}

async function checkStores(db: Db, viewer: Viewer, text: string): Promise<ImportCheck> {
  const read = readStores(text);
  if (read.refs.length === 0) return { kind: "stores", rows: [], errors: read.errors };
  const { codes, emails, names, cities } = storeLookups(read.refs);
  // One round trip. City narrows the scan through stores_city_idx, codes through stores_code_uq; name and city are compared in JS.
  const [userRows, storeRows] = await db.batch([
    db
      .select({ id: users.id, email: users.email, role: users.role, active: users.active })
      .from(users)
      .where(inArray(users.email, emails.length ? emails : [""])),
    db
      .select({
        id: stores.id,
        code: stores.code,
        name: stores.name,
        class: stores.class,
        city: stores.city,
        repId: stores.repId,
        repEmail: users.email,
        address: stores.address,
        phone: stores.phone,
      })
      .from(stores)
      .leftJoin(users, eq(users.id, stores.repId))
      .where(and(storeVisible(viewer), or(and(inArray(stores.city, cities), inArray(stores.name, names)), inArray(stores.code, codes.length ? codes : [""])))),
  ]);
  const resolved = resolveStores(read, {
    usersByEmail: new Map(userRows.map((u) => [u.email.toLowerCase(), { id: u.id, role: u.role, active: u.active }])),
    existing: storeRows.map((s) => ({ ...s, repEmail: s.repEmail?.toLowerCase() ?? null })),
  });
  return { kind: "stores", ...resolved };
}

async function checkContacts(db: Db, viewer: Viewer, text: string): Promise<ImportCheck> {
  const read = readContacts(text);
  if (read.refs.length === 0) return { kind: "contacts", rows: [], errors: read.errors };
  const { storeCodes, storeNames, cities } = contactLookups(read.refs);
  const named = or(and(inArray(stores.city, cities), inArray(stores.name, storeNames)), inArray(stores.code, storeCodes.length ? storeCodes : [""]));
  const storeWhere = and(storeVisible(viewer), eq(stores.archived, false), named);
  const [storeRows, contactRows] = await db.batch([
    db.select({ id: stores.id, code: stores.code, name: stores.name, city: stores.city }).from(stores).where(storeWhere),
    db
      .select({ storeId: contacts.storeId, name: contacts.name })
      .from(contacts)
      .innerJoin(stores, eq(stores.id, contacts.storeId))
      .where(storeWhere),
  ]);
  const storesByKey = new Map<string, number[]>();
  for (const s of storeRows) {
    const key = storeKey(s.name, s.city ?? "");
    storesByKey.set(key, [...(storesByKey.get(key) ?? []), s.id]);
  }
  const resolved = resolveContacts(read, {
    storesByCode: new Map(storeRows.filter((r) => r.code !== null).map((r) => [r.code!, r.id])),
    storesByKey,
    existingContacts: new Set(contactRows.map((c) => contactKey(c.storeId, c.name))),
  });
  return { kind: "contacts", ...resolved };
}

function chunks<T>(rows: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += size) out.push(rows.slice(i, i + size));
  return out;
}

/**
 * Checks the file again (the preview may be stale) and inserts every row in one atomic batch, or
 * nothing. `actorId` is recorded in the audit log for the contacts created (null from the CLI).
 */
export async function runImport(
  db: Db,
  viewer: Viewer,
  actorId: number | null,
  kind: ImportKind,
  text: string,
  now: number,
): Promise<ImportResult> {
  const check = await checkImport(db, viewer, kind, text);
  if (check.errors.length > 0 || check.rows.length === 0) return { ok: false, check };
  const statements: BatchItem<"sqlite">[] = [];
  let updated = 0;
  let inserted = check.rows.length;
  if (check.kind === "stores") {
    const fresh = check.rows.filter((r) => r.update === null);
    for (const part of chunks(fresh, ROWS_PER_STATEMENT)) {
      statements.push(
        db.insert(stores).values(
          part.map((r) => ({
            code: r.code,
            name: r.name,
            class: r.class,
            repId: r.repId,
            city: r.city,
            address: r.address,
            phone: r.phone,
            createdAt: now,
          })),
        ),
      );
    }
    // The new stores are the last N ids inside this transaction (as for contacts below): held from today.
    const today = localDateOf(now, (await loadPolicy(db)).timeZone);
    if (fresh.length > 0) statements.push(...syncAssignments(db, today, sql`${stores.id} > (select max(${stores.id}) from ${stores}) - ${fresh.length}`));
    // Existing stores: what the row changes, an audit row naming the fields, and their assignments
    // (a new rep or class from today) in the same transaction.
    const changed = check.rows.filter((r) => r.update !== null && r.update.changes.length > 0);
    for (const r of changed) {
      statements.push(db.update(stores).set(storeSet(r.update!.changes, r.repId)).where(eq(stores.id, r.update!.id)));
      statements.push(
        db.insert(auditLog).values({ actorId, entity: "store", entityId: r.update!.id, action: "update", changes: r.update!.changes.map((c) => fieldOf(c.field)), at: now }),
      );
    }
    if (changed.length > 0) statements.push(...syncAssignments(db, today, inArray(stores.id, changed.map((r) => r.update!.id))));
    updated = changed.length;
    inserted = fresh.length;
  } else {
    for (const part of chunks(check.rows, ROWS_PER_STATEMENT)) {
      statements.push(
        db.insert(contacts).values(
          part.map((r) => ({
            storeId: r.storeId,
            role: r.role,
            name: r.name,
            formOfAddress: r.formOfAddress,
            phone: r.phone,
            wechat: r.wechat,
            birthdayCalendar: r.birthday?.calendar ?? null,
            birthdayMonth: r.birthday?.month ?? null,
            birthdayDay: r.birthday?.day ?? null,
            birthdayLeapMonth: r.birthday?.leapMonth ?? false,
            birthYear: r.birthday?.year ?? null,
            preferences: r.preferences,
            familyNotes: r.familyNotes,
            createdAt: now,
            updatedAt: now,
          })),
        ),
      );
    }
    // Contacts are people data: every one created gets an audit row. Inside the batch's transaction
    // SQLite gives new rows consecutive ids after the largest one, so the last N ids are exactly
    // the rows just inserted.
    statements.push(
      db.run(sql`insert into ${auditLog} (actor_id, entity, entity_id, action, changes, at)
        select ${actorId}, 'contact', ${contacts.id}, 'create', '["import"]', ${now} from ${contacts}
        where ${contacts.id} > (select max(${contacts.id}) from ${contacts}) - ${check.rows.length}`),
    );
  }
  if (statements.length > 0) await db.batch(statements as [BatchItem<"sqlite">, ...BatchItem<"sqlite">[]]);
  return { ok: true, kind, inserted, updated };
}

/** A store's field as the audit log and the API name it. */
function fieldOf(field: StoreChange["field"]): string {
  return field === "rep_email" ? "repId" : field;
}

/** The columns an import row's changes set (the rep by the id its e-mail resolved to). */
function storeSet(changes: readonly StoreChange[], repId: number | null): Partial<typeof stores.$inferInsert> {
  const set: Partial<typeof stores.$inferInsert> = {};
  for (const c of changes) {
    if (c.field === "rep_email") set.repId = repId;
    else if (c.field === "class") set.class = c.to as StoreClass;
    else set[c.field] = c.to!; // a change always has a value (an empty cell changes nothing)
  }
  return set;
}
