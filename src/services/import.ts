// CSV import, database side: the file's own checks (src/domain/import.ts), then one batched read of
// the facts they need (reps by e-mail, stores and contacts already there), then — only when not a
// single row has an error — every row in one atomic write batch. Used by /admin/import and the CLI,
// so both apply exactly the same rules. The statements are in db/queries/import.ts.
import type { BatchItem } from "drizzle-orm/batch";
import type { Db } from "../db/client.ts";
import { runQueries } from "../db/batch.ts";
import { contactImportQueries, contactImportWrites, storeImportQueries, storeImportWrites } from "../db/queries/import.ts";
import { loadPolicy } from "../db/queries/policy.ts";
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

export type ImportResult = { ok: true; kind: ImportKind; inserted: number; updated: number } | { ok: false; check: ImportCheck };

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
  const rows = await runQueries(db, storeImportQueries(db, viewer, storeLookups(read.refs))); // one round trip
  const resolved = resolveStores(read, {
    usersByEmail: new Map(rows.users.map((u) => [u.email.toLowerCase(), { id: u.id, role: u.role, active: u.active }])),
    existing: rows.stores.map((s) => ({ ...s, repEmail: s.repEmail?.toLowerCase() ?? null })),
  });
  return { kind: "stores", ...resolved };
}

async function checkContacts(db: Db, viewer: Viewer, text: string): Promise<ImportCheck> {
  const read = readContacts(text);
  if (read.refs.length === 0) return { kind: "contacts", rows: [], errors: read.errors };
  const rows = await runQueries(db, contactImportQueries(db, viewer, contactLookups(read.refs))); // one round trip
  const storesByKey = new Map<string, number[]>();
  for (const s of rows.stores) {
    const key = storeKey(s.name, s.city ?? "");
    storesByKey.set(key, [...(storesByKey.get(key) ?? []), s.id]);
  }
  const resolved = resolveContacts(read, {
    storesByCode: new Map(rows.stores.filter((r) => r.code !== null).map((r) => [r.code!, r.id])),
    storesByKey,
    existingContacts: new Set(rows.contacts.map((c) => contactKey(c.storeId, c.name))),
  });
  return { kind: "contacts", ...resolved };
}

/**
 * Checks the file again (the preview may be stale) and writes every row in one atomic batch, or
 * nothing. `actorId` is recorded in the audit log (null from the CLI).
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
  let statements: BatchItem<"sqlite">[];
  let inserted = check.rows.length;
  let updated = 0;
  if (check.kind === "stores") {
    // New and changed stores are held from today, the organisation's day.
    const today = localDateOf(now, (await loadPolicy(db)).timeZone);
    ({ statements, inserted, updated } = storeImportWrites(db, check.rows, actorId, today, now));
  } else {
    statements = contactImportWrites(db, check.rows, actorId, now);
  }
  if (statements.length > 0) await db.batch(statements as [BatchItem<"sqlite">, ...BatchItem<"sqlite">[]]);
  return { ok: true, kind, inserted, updated };
}
