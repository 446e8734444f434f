// The audit trail of people data (/admin/audit, admins only): who created, changed or erased which
// contact or life event, which fields, when. Rows hold field names, never values (SPEC §4). A
// contact's history is found by id even after erasure: its own rows by entity_id, its life events'
// rows by contact_id (migration 0006).
import { and, desc, eq, inArray, lt, or, sql, type SQL } from "drizzle-orm";
import { alias } from "drizzle-orm/sqlite-core";
import type { Db } from "../client.ts";
import { auditLog, contacts, users } from "../schema.ts";
import type { Viewer } from "../../auth/identity.ts";

export const AUDIT_PAGE_SIZE = 50;

/** The entities that are people data (store reassignments are audited too, but are not personal). */
const PEOPLE = ["contact", "life_event"] as const;

export type AuditFilter = {
  /** A contact's own rows and its life events' rows, erased contacts included. */
  contactId?: number;
  actorId?: number;
  /** Keyset paging: rows older than this audit id. */
  before?: number;
};

export type AuditRow = {
  id: number;
  at: number;
  action: "create" | "update" | "delete";
  entity: (typeof PEOPLE)[number];
  entityId: number;
  /** The contact the row is about. */
  contactId: number | null;
  /** Null when the contact no longer exists (erased). */
  contactName: string | null;
  actorId: number | null;
  actorName: string | null;
  actorEmail: string | null;
  changes: string[] | null;
};

export type AuditPage = { rows: AuditRow[]; nextBefore: number | null };

const aboutContact = sql<number | null>`case when ${auditLog.entity} = 'contact' then ${auditLog.entityId} else ${auditLog.contactId} end`;

/** The newest page of people-data audit rows matching the filter. Admins only: null for anyone else. */
export async function auditPage(db: Db, viewer: Viewer, filter: AuditFilter, limit = AUDIT_PAGE_SIZE): Promise<AuditPage | null> {
  if (viewer.role !== "admin") return null;
  const actor = alias(users, "actor");
  const where: (SQL | undefined)[] = [inArray(auditLog.entity, [...PEOPLE])];
  if (filter.contactId !== undefined) {
    // Two index ranges (entity, entity_id) and (contact_id, id), not a scan of the log.
    where.push(
      or(
        and(eq(auditLog.entity, "contact"), eq(auditLog.entityId, filter.contactId)),
        and(eq(auditLog.entity, "life_event"), eq(auditLog.contactId, filter.contactId)),
      ),
    );
  }
  if (filter.actorId !== undefined) where.push(eq(auditLog.actorId, filter.actorId));
  if (filter.before !== undefined) where.push(lt(auditLog.id, filter.before));
  const rows = await db
    .select({
      id: auditLog.id,
      at: auditLog.at,
      action: auditLog.action,
      entity: sql<AuditRow["entity"]>`${auditLog.entity}`,
      entityId: auditLog.entityId,
      contactId: aboutContact,
      contactName: contacts.name,
      actorId: auditLog.actorId,
      actorName: actor.name,
      actorEmail: actor.email,
      changes: auditLog.changes,
    })
    .from(auditLog)
    .leftJoin(contacts, eq(contacts.id, aboutContact))
    .leftJoin(actor, eq(actor.id, auditLog.actorId))
    .where(and(...where))
    .orderBy(desc(auditLog.id))
    .limit(limit + 1);
  const page = rows.slice(0, limit);
  return { rows: page, nextBefore: rows.length > limit ? page.at(-1)!.id : null };
}

/** The user an actor filter names, by e-mail (stored lower-case, as sign-in does), or null. */
export async function actorByEmail(db: Db, email: string): Promise<{ id: number; name: string; email: string } | null> {
  const [row] = await db.select({ id: users.id, name: users.name, email: users.email }).from(users).where(eq(users.email, email.trim().toLowerCase()));
  return row ?? null;
}
