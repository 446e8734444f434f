// CSV import, database side: the file's own checks (src/domain/import.ts), then one batched read of
// the facts they need (reps by e-mail, stores and contacts already there), then — only when not a
// single row has an error — every row in one atomic write batch. Used by /admin/import and the CLI,
// so both apply exactly the same rules.
import { and, eq, inArray, sql } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import type { Db } from "../db/client.ts";
import { auditLog, contacts, stores, users } from "../db/schema.ts";
import { storeVisible } from "../db/queries/scope.ts";
import { loadPolicy } from "../db/queries/policy.ts";
import { syncAssignments } from "../db/queries/store-assignments.ts";
import { localDateOf } from "../domain/dates.ts";
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
  type ImportKind,
  type ResolvedContact,
  type ResolvedStore,
  type RowError,
} from "../domain/import.ts";

export type ImportCheck =
  | { kind: "stores"; rows: ResolvedStore[]; errors: RowError[] }
  | { kind: "contacts"; rows: ResolvedContact[]; errors: RowError[] };

export type ImportResult = { ok: true; kind: ImportKind; inserted: number } | { ok: false; check: ImportCheck };

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
  const { emails, names, cities } = storeLookups(read.refs);
  // One round trip. City narrows the scan through stores_city_idx; name and city are compared in JS.
  const [userRows, storeRows] = await db.batch([
    db
      .select({ id: users.id, email: users.email, role: users.role, active: users.active })
      .from(users)
      .where(inArray(users.email, emails.length ? emails : [""])),
    db
      .select({ name: stores.name, city: stores.city })
      .from(stores)
      .where(and(storeVisible(viewer), inArray(stores.city, cities), inArray(stores.name, names))),
  ]);
  const resolved = resolveStores(read, {
    usersByEmail: new Map(userRows.map((u) => [u.email.toLowerCase(), { id: u.id, role: u.role, active: u.active }])),
    existingStores: new Set(storeRows.map((s) => storeKey(s.name, s.city ?? ""))),
  });
  return { kind: "stores", ...resolved };
}

async function checkContacts(db: Db, viewer: Viewer, text: string): Promise<ImportCheck> {
  const read = readContacts(text);
  if (read.refs.length === 0) return { kind: "contacts", rows: [], errors: read.errors };
  const { storeNames, cities } = contactLookups(read.refs);
  const storeWhere = and(storeVisible(viewer), eq(stores.archived, false), inArray(stores.city, cities), inArray(stores.name, storeNames));
  const [storeRows, contactRows] = await db.batch([
    db.select({ id: stores.id, name: stores.name, city: stores.city }).from(stores).where(storeWhere),
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
  if (check.kind === "stores") {
    for (const part of chunks(check.rows, ROWS_PER_STATEMENT)) {
      statements.push(
        db.insert(stores).values(
          part.map((r) => ({
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
    // The new stores (the last N ids inside this transaction, as for contacts below) are held from today.
    const today = localDateOf(now, (await loadPolicy(db)).timeZone);
    statements.push(...syncAssignments(db, today, sql`${stores.id} > (select max(${stores.id}) from ${stores}) - ${check.rows.length}`));
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
  await db.batch(statements as [BatchItem<"sqlite">, ...BatchItem<"sqlite">[]]);
  return { ok: true, kind, inserted: check.rows.length };
}
