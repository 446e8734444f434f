// CSV import's reads and writes (services/import.ts runs them): the facts a file's rows are checked
// against, as named batches, and the statements of the one atomic write batch.
import { and, eq, inArray, or, sql } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import type { Db } from "../client.ts";
import { auditLog, contacts, stores, users } from "../schema.ts";
import { storeVisible } from "./scope.ts";
import { syncAssignments } from "./store-assignments.ts";
import type { Viewer } from "../../auth/identity.ts";
import type { ResolvedContact, ResolvedStore, StoreChange } from "../../domain/import.ts";
import type { LocalDate, StoreClass } from "../../domain/types.ts";

/** Rows per INSERT: 15 columns × 200 rows stays far below SQLite's 32,766 bound parameters. */
const ROWS_PER_STATEMENT = 200;

/** `in (…)` of an empty list matches nothing (SQLite refuses an empty list). */
const orNone = (list: readonly string[]) => (list.length > 0 ? [...list] : [""]);

/** A store file's facts: the reps its e-mails name, and the stores it may update (by code, or by name within its cities). */
export function storeImportQueries(db: Db, viewer: Viewer, l: { codes: string[]; emails: string[]; names: string[]; cities: string[] }) {
  return {
    users: db.select({ id: users.id, email: users.email, role: users.role, active: users.active }).from(users).where(inArray(users.email, orNone(l.emails))),
    // City narrows the scan through stores_city_idx, codes through stores_code_uq; name and city are compared in the domain.
    stores: db
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
        lat: stores.lat,
        lng: stores.lng,
      })
      .from(stores)
      .leftJoin(users, eq(users.id, stores.repId))
      .where(and(storeVisible(viewer), or(and(inArray(stores.city, l.cities), inArray(stores.name, l.names)), inArray(stores.code, orNone(l.codes))))),
  };
}

/** A contact file's facts: the live stores it names (by code, or name and city) and the contacts already there. */
export function contactImportQueries(db: Db, viewer: Viewer, l: { storeCodes: string[]; storeNames: string[]; cities: string[] }) {
  const named = or(and(inArray(stores.city, l.cities), inArray(stores.name, l.storeNames)), inArray(stores.code, orNone(l.storeCodes)));
  const storeWhere = and(storeVisible(viewer), eq(stores.archived, false), named);
  return {
    stores: db.select({ id: stores.id, code: stores.code, name: stores.name, city: stores.city }).from(stores).where(storeWhere),
    contacts: db.select({ storeId: contacts.storeId, name: contacts.name }).from(contacts).innerJoin(stores, eq(stores.id, contacts.storeId)).where(storeWhere),
  };
}

function chunks<T>(rows: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += size) out.push(rows.slice(i, i + size));
  return out;
}

/** A store's fields as the audit log and the API name them. */
function fieldsOf(field: StoreChange["field"]): string[] {
  return field === "rep_email" ? ["repId"] : field === "location" ? ["lat", "lng", "locationSource"] : [field];
}

/** The columns an import row's changes set (the rep by the id its e-mail resolved to). */
function storeSet(r: ResolvedStore): Partial<typeof stores.$inferInsert> {
  const set: Partial<typeof stores.$inferInsert> = {};
  for (const c of r.update!.changes) {
    if (c.field === "rep_email") set.repId = r.repId;
    else if (c.field === "class") set.class = c.to as StoreClass;
    else if (c.field === "location") Object.assign(set, locationOf(r));
    else set[c.field] = c.to!; // a change always has a value (an empty cell changes nothing)
  }
  return set;
}

function locationOf(r: ResolvedStore) {
  return r.location ? { lat: r.location.lat, lng: r.location.lng, locationSource: "import" as const } : {};
}

/**
 * A clean store file's writes: new stores (held from `today`), and for existing ones what the row
 * changes, an audit row naming the fields, and their assignments (a new rep or class from today).
 */
export function storeImportWrites(db: Db, rows: readonly ResolvedStore[], actorId: number | null, today: LocalDate, now: number) {
  const statements: BatchItem<"sqlite">[] = [];
  const fresh = rows.filter((r) => r.update === null);
  for (const part of chunks(fresh, ROWS_PER_STATEMENT)) {
    statements.push(
      db.insert(stores).values(
        part.map((r) => ({ code: r.code, name: r.name, class: r.class, repId: r.repId, city: r.city, address: r.address, phone: r.phone, ...locationOf(r), createdAt: now })),
      ),
    );
  }
  // Inside the batch's transaction SQLite gives new rows consecutive ids after the largest one, so
  // the last N ids are exactly the stores just inserted.
  if (fresh.length > 0) statements.push(...syncAssignments(db, today, sql`${stores.id} > (select max(${stores.id}) from ${stores}) - ${fresh.length}`));
  const changed = rows.filter((r) => r.update !== null && r.update.changes.length > 0);
  for (const r of changed) {
    statements.push(db.update(stores).set(storeSet(r)).where(eq(stores.id, r.update!.id)));
    statements.push(
      db.insert(auditLog).values({ actorId, entity: "store", entityId: r.update!.id, action: "update", changes: r.update!.changes.flatMap((c) => fieldsOf(c.field)), at: now }),
    );
  }
  if (changed.length > 0) statements.push(...syncAssignments(db, today, inArray(stores.id, changed.map((r) => r.update!.id))));
  return { statements, inserted: fresh.length, updated: changed.length };
}

/** A clean contact file's writes: the contacts, and an audit row for each (people data). */
export function contactImportWrites(db: Db, rows: readonly ResolvedContact[], actorId: number | null, now: number): BatchItem<"sqlite">[] {
  const statements: BatchItem<"sqlite">[] = [];
  for (const part of chunks(rows, ROWS_PER_STATEMENT)) {
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
  // The last N ids are the contacts just inserted (as for stores above).
  statements.push(
    db.run(sql`insert into ${auditLog} (actor_id, entity, entity_id, action, changes, at)
      select ${actorId}, 'contact', ${contacts.id}, 'create', '["import"]', ${now} from ${contacts}
      where ${contacts.id} > (select max(${contacts.id}) from ${contacts}) - ${rows.length}`),
  );
  return statements;
}
