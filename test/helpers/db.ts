// Integration suites share one sqld and run one file at a time (fileParallelism: false).
// Each suite starts from a clean organisation with `resetDb()` and builds the rows it needs.
import { env } from "cloudflare:workers";
import { sql } from "drizzle-orm";
import { connect } from "../../src/db/client.ts";
import * as s from "../../src/db/schema.ts";
import { DEFAULT_FESTIVALS, DEFAULT_RULES } from "../../src/domain/policy.ts";
import { festivalToRow } from "../../src/db/queries/festivals.ts";
import { DEFAULT_GREETING_TEMPLATES } from "../../src/domain/greetings.ts";
import type { StoreClass } from "../../src/domain/types.ts";
import { ASSIGNMENTS_BACKFILLED_FROM } from "../../src/domain/holding.ts";

export const db = () => connect(env);

/**
 * The app's tables, read from the database: a table a migration adds is wiped too. SQLite's and
 * libSQL's own tables and Drizzle's migration journal are not the app's.
 */
export async function appTables(): Promise<string[]> {
  const rows = await db().all<{ name: string }>(sql`
    select name from sqlite_schema
    where type = 'table' and name not glob 'sqlite_*' and name not glob 'libsql_*' and name <> '__drizzle_migrations'`);
  return rows.map((r) => r.name);
}

/** Empties every table and puts back the handbook's defaults (policy, festivals, greeting templates). */
export async function resetDb(): Promise<void> {
  const d = db();
  const tables = await appTables();
  await d.batch([
    // One transaction whose foreign keys are checked at commit: the deletes' order cannot matter.
    d.run(sql.raw("pragma defer_foreign_keys = on")),
    ...tables.map((t) => d.run(sql.raw(`delete from "${t.replaceAll('"', '""')}"`))),
    d.insert(s.policy).values({ id: 1, data: DEFAULT_RULES }),
    d.insert(s.festivals).values(DEFAULT_FESTIVALS.map(festivalToRow)),
    d.insert(s.greetingTemplates).values([...DEFAULT_GREETING_TEMPLATES]),
  ] as never);
}

export async function countRows(table: string): Promise<number> {
  const r = await db().get<{ n: number }>(sql.raw(`select count(*) as n from ${table}`));
  return Number(r?.n ?? 0);
}

let seq = 0;
const next = () => ++seq;

export async function makeTeam(name = `组${next()}`) {
  const [t] = await db().insert(s.teams).values({ name }).returning();
  return t!;
}

export async function makeUser(role: "rep" | "manager" | "admin", teamId: number | null, extra: Partial<typeof s.users.$inferInsert> = {}) {
  const n = next();
  const [u] = await db()
    .insert(s.users)
    .values({ email: `${role}${n}@test.local`, name: `${role === "rep" ? "业务员" : role === "manager" ? "经理" : "管理员"}${n}`, role, teamId, ...extra })
    .returning();
  return u!;
}

/**
 * A store held by `repId` in `cls` since `heldFrom` (default: ASSIGNMENTS_BACKFILLED_FROM, i.e. every
 * month of a test reads it as held all month), with its current assignment as the app writes one.
 */
export async function makeStore(repId: number | null, cls: StoreClass = "B", extra: Partial<typeof s.stores.$inferInsert> = {}, heldFrom: string = ASSIGNMENTS_BACKFILLED_FROM) {
  const n = next();
  const [st] = await db()
    .insert(s.stores)
    .values({ name: `测试药房${n}`, class: cls, repId, city: "长沙", ...extra })
    .returning();
  if (!st!.archived) await db().insert(s.storeAssignments).values({ storeId: st!.id, repId: st!.repId, tier: st!.class, validFrom: heldFrom });
  return st!;
}

/** An interaction logged at 10:00 Beijing time on `localDate`: a visit unless `extra` says otherwise. */
export async function makeInteraction(repId: number, storeId: number, localDate: string, extra: Partial<typeof s.interactions.$inferInsert> = {}) {
  const [row] = await db()
    .insert(s.interactions)
    .values({ repId, storeId, channel: "visit", occurredAt: Date.parse(`${localDate}T02:00:00Z`), localDate, idempotencyKey: `test-${next()}`, ...extra })
    .returning();
  return row!;
}

export async function makeContact(storeId: number, extra: Partial<typeof s.contacts.$inferInsert> = {}) {
  const n = next();
  const [ct] = await db()
    .insert(s.contacts)
    .values({ storeId, role: "clerk", name: `联系人${n}`, formOfAddress: `小${n}`, phone: "13800000000", ...extra })
    .returning();
  return ct!;
}
