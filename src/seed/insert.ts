// Node side of the demo seeder: writes the generator's chunks into libSQL (sqld / Turso) in large
// multi-row INSERTs, several statements per `client.batch(…, "write")` call (one transaction and
// one round trip each). While one batch is in flight the next is being generated.
import type { Client, InStatement } from "@libsql/client";
import { getTableColumns, getTableName, type Column } from "drizzle-orm";
import type { SQLiteTable } from "drizzle-orm/sqlite-core";
import * as schema from "../db/schema.ts";
import { localDateOf } from "../domain/dates.ts";
import { DEFAULT_POLICY } from "../domain/policy.ts";
import { ASSIGNMENTS_BACKFILLED_FROM } from "../domain/holding.ts";
import { generateOrg, SEED_TABLES, type DemoOptions, type SeedChunk, type SeedTable } from "./demo.ts";

const TABLES: Record<SeedTable, SQLiteTable> = {
  policy: schema.policy,
  festivals: schema.festivals,
  teams: schema.teams,
  users: schema.users,
  stores: schema.stores,
  contacts: schema.contacts,
  lifeEvents: schema.lifeEvents,
  interactions: schema.interactions,
  visitInsights: schema.visitInsights,
};

/** `migrateDatabase` installs the default policy and festivals; the seeder's copies then yield to them. */
const KEEP_EXISTING: ReadonlySet<SeedTable> = new Set(["policy", "festivals"]);

export type SeedProgress = {
  table: SeedTable;
  /** Rows written so far, all tables. */
  rows: number;
  elapsedMs: number;
  rowsPerSecond: number;
  done: boolean;
};

export type SeedOptions = DemoOptions & {
  /** Called after every batch; default: a line on stderr about once a second. `null` for silence. */
  onProgress?: ((p: SeedProgress) => void) | null;
  /**
   * Rows per INSERT statement (default 500, measured fastest of 200/500/1000). Values are inlined,
   * so SQLite's bound-parameter limit does not apply; a statement is a few hundred kB at most.
   */
  rowsPerStatement?: number;
  /** Rows per `client.batch` call, i.e. per transaction and round trip (default 10,000, a few MB of SQL). */
  rowsPerBatch?: number;
};

export async function isDatabaseEmpty(client: Client): Promise<boolean> {
  const rs = await client.execute(`select 1 from "${getTableName(schema.users)}" limit 1`);
  return rs.rows.length === 0;
}

/** Configuration an admin may have edited survives a reset; everything about people and work goes. */
const RESET_KEEPS = new Set([
  getTableName(schema.policy),
  getTableName(schema.festivals),
  getTableName(schema.greetingTemplates),
  "__drizzle_migrations",
]);

/**
 * Empties every table except configuration (policy, festivals, greeting templates) and the
 * migration journal, in one transaction. Tables are found in the database itself, so ones added
 * after this was written are wiped too; foreign keys are checked at commit, not per statement.
 */
export async function resetDatabase(client: Client): Promise<void> {
  const rs = await client.execute(
    "select name from sqlite_schema where type = 'table' and name not like 'sqlite\\_%' escape '\\' and name not like 'libsql\\_%' escape '\\' and name not like '\\_%' escape '\\'",
  );
  const names = rs.rows.map((r) => String(r.name)).filter((n) => !RESET_KEEPS.has(n));
  const stmts: InStatement[] = ["pragma defer_foreign_keys = on"];
  stmts.push(`update "${getTableName(schema.policy)}" set updated_by = null`);
  for (const n of names) stmts.push(`delete from "${n.replaceAll('"', '""')}"`);
  await client.batch(stmts, "write");
}

type Prepared = { table: SeedTable; rows: number; stmts: InStatement[] };

/**
 * A value as an SQL literal. Inlining beats bound parameters here by a wide margin: over HTTP
 * (Hrana) every parameter becomes a JSON object both ends must encode and decode, while one long
 * SQL string is a single JSON string. Only the generator's own values pass through this.
 */
function literal(v: unknown): string {
  if (v === null || v === undefined) return "null";
  if (typeof v === "number") {
    if (!Number.isFinite(v)) throw new RangeError(`seed: not a finite number: ${v}`);
    return String(v);
  }
  if (typeof v === "string") return `'${v.replaceAll("'", "''")}'`;
  throw new TypeError(`seed: cannot inline a ${typeof v}`);
}

const utf8 = new TextEncoder();

/**
 * Works around libsql-client-ts#353 (open as of 0.18.0): a batch's SQL cache stores statements
 * shorter than 5,000 UTF-16 units on the server, but sqld caps stored SQL at 5,000 UTF-8 *bytes*;
 * Chinese text in between is refused and the batch fails with "SQL text N not found". Padding such
 * a statement with a comment to 5,000 units makes the client send it inline instead.
 */
function inlineOnly(sql: string): string {
  if (sql.length >= 5000 || utf8.encode(sql).length < 5000) return sql;
  return `${sql} /*${" ".repeat(5000 - sql.length)}*/`;
}

/**
 * sqld 0.24.32 panics when it records a "high read or write" query whose byte 512 falls inside a
 * multi-byte character (libsql-server/src/stats.rs truncates the SQL text there): the request dies
 * mid-transaction and writers stall behind it. Inlined Chinese text can land there, so every
 * statement starts with at least 513 ASCII bytes.
 */
const STATS_PREFIX_BYTES = 513;
function asciiHead(head: string): string {
  return head.length >= STATS_PREFIX_BYTES ? head : `/*${" ".repeat(STATS_PREFIX_BYTES - head.length - 4)}*/${head}`;
}

/** One chunk → multi-row INSERTs. Values go through each column's own driver mapping (booleans, JSON). */
function prepare(chunk: SeedChunk, rowsPerStatement: number): Prepared {
  const table = TABLES[chunk.table];
  const rows = chunk.rows as Record<string, unknown>[];
  const first = rows[0];
  if (!first) return { table: chunk.table, rows: 0, stmts: [] };
  const columns = getTableColumns(table) as Record<string, Column>;
  const keys = Object.keys(first);
  const cols = keys.map((k) => {
    const c = columns[k];
    if (!c) throw new Error(`seed: ${chunk.table} has no column ${k}`);
    return c;
  });
  const head = asciiHead(`insert into "${getTableName(table)}" (${cols.map((c) => `"${c.name}"`).join(", ")}) values `);
  const tail = KEEP_EXISTING.has(chunk.table) ? " on conflict do nothing" : "";
  const stmts: InStatement[] = [];
  for (let i = 0; i < rows.length; i += rowsPerStatement) {
    const tuples: string[] = [];
    for (const row of rows.slice(i, i + rowsPerStatement)) {
      const vals: string[] = [];
      for (let j = 0; j < keys.length; j++) {
        const v = row[keys[j]!];
        vals.push(literal(v === null || v === undefined ? null : cols[j]!.mapToDriverValue(v)));
      }
      tuples.push(`(${vals.join(",")})`);
    }
    stmts.push(inlineOnly(head + tuples.join(",") + tail));
  }
  return { table: chunk.table, rows: rows.length, stmts };
}

function stderrProgress(): (p: SeedProgress) => void {
  let last = 0;
  return (p) => {
    if (!p.done && p.elapsedMs - last < 1000) return;
    last = p.elapsedMs;
    process.stderr.write(
      `seed: ${p.rows.toLocaleString("en")} rows, ${Math.round(p.rowsPerSecond).toLocaleString("en")} rows/s` +
        `${p.done ? `, done in ${(p.elapsedMs / 1000).toFixed(1)} s` : ` (${p.table})`}\n`,
    );
  };
}

/**
 * Generates the demo organisation and writes it. Expects an empty, migrated database (see
 * `isDatabaseEmpty`, `resetDatabase`): rows carry explicit ids. Returns rows written per table
 * (policy and festivals count even when the migration's copies were kept).
 */
export async function seedDatabase(client: Client, opts: SeedOptions): Promise<Record<SeedTable, number>> {
  const rowsPerStatement = opts.rowsPerStatement ?? 500;
  const rowsPerBatch = opts.rowsPerBatch ?? 10_000;
  const onProgress = opts.onProgress === undefined ? stderrProgress() : opts.onProgress;
  // Seeding "today" at 08:00 should not produce visits logged this afternoon.
  const now = opts.now ?? (localDateOf(Date.now(), DEFAULT_POLICY.timeZone) === opts.today ? Date.now() : undefined);
  const counts = Object.fromEntries(SEED_TABLES.map((t) => [t, 0])) as Record<SeedTable, number>;
  const started = performance.now();
  let written = 0;
  let pending: Promise<unknown> | null = null;
  let batch: InStatement[] = [];
  let batchRows = 0;
  let lastTable: SeedTable = "policy";

  const send = async () => {
    if (pending) await pending;
    pending = null;
    if (batch.length === 0) return;
    const stmts = batch;
    const rows = batchRows;
    const table = lastTable;
    batch = [];
    batchRows = 0;
    // Not awaited here: the next batch is generated while this one is written.
    pending = client.batch(stmts, "write").then(() => {
      written += rows;
      const elapsedMs = performance.now() - started;
      onProgress?.({ table, rows: written, elapsedMs, rowsPerSecond: written / (elapsedMs / 1000), done: false });
    });
  };

  try {
    for (const chunk of generateOrg({ ...opts, now })) {
      const p = prepare(chunk, rowsPerStatement);
      counts[p.table] += p.rows;
      batch.push(...p.stmts);
      batchRows += p.rows;
      lastTable = p.table;
      if (batchRows >= rowsPerBatch) await send();
    }
    await send();
    // `send` set `pending` to the last batch; TypeScript does not see a closure's assignment and
    // narrows it to null here (hence the cast, as in the catch below).
    if (pending) await (pending as Promise<unknown>);
  } catch (e) {
    // Let an in-flight batch settle so its error (usually the real cause) is not left unhandled.
    if (pending) await (pending as Promise<unknown>).catch(() => {});
    throw e;
  }
  await holdSeededStores(client);
  const elapsedMs = performance.now() - started;
  onProgress?.({ table: lastTable, rows: written, elapsedMs, rowsPerSecond: written / (elapsedMs / 1000), done: true });
  return counts;
}

/**
 * The demo's stores have always been held by their rep in their class: one current assignment each,
 * from ASSIGNMENTS_BACKFILLED_FROM, as migration 0009 gives existing stores. A database migrated
 * only up to an earlier version (the migration tests seed one) has no such table yet: then nothing.
 */
async function holdSeededStores(client: Client): Promise<void> {
  // Through client.batch, each statement opening with ASCII, as every statement of the seeder does.
  const table = getTableName(schema.storeAssignments);
  const [exists] = await client.batch([{ sql: asciiHead("select 1 from sqlite_schema where type = 'table' and name = ?"), args: [table] }], "read");
  if (!exists || exists.rows.length === 0) return;
  await client.batch(
    [
      {
        sql: asciiHead(`insert into "${table}" (store_id, rep_id, tier, valid_from)
          select s.id, s.rep_id, s.class, ? from "${getTableName(schema.stores)}" s
          where s.archived = 0 and not exists (select 1 from "${table}" a where a.store_id = s.id and a.valid_to is null)`),
        args: [ASSIGNMENTS_BACKFILLED_FROM],
      },
    ],
    "write",
  );
}
