// What the migration tests share: a migrations folder cut at a given migration (the database as it
// was then), and every table's rows hashed, so "every row kept" is one comparison.
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createHash } from "node:crypto";
import { join } from "node:path";
import type { Client } from "@libsql/client";
import { migrationsFolder } from "../../src/cli/db.ts";

type Journal = { entries: { tag: string }[] };
const journal = JSON.parse(readFileSync(join(migrationsFolder, "meta", "_journal.json"), "utf8")) as Journal & Record<string, unknown>;

/** A migrations folder under `dir` holding the migrations up to and including `last`. */
export function folderUpTo(dir: string, last: string): string {
  const out = join(dir, `migrations-${last}`);
  mkdirSync(join(out, "meta"), { recursive: true });
  const upTo = journal.entries.findIndex((e) => e.tag === last);
  if (upTo < 0) throw new Error(`no migration ${last}`);
  const entries = journal.entries.slice(0, upTo + 1);
  for (const e of entries) copyFileSync(join(migrationsFolder, `${e.tag}.sql`), join(out, `${e.tag}.sql`));
  writeFileSync(join(out, "meta", "_journal.json"), JSON.stringify({ ...journal, entries }));
  return out;
}

/** The app's tables (SQLite's own and drizzle's journal left out), by name. */
async function appTables(client: Client): Promise<string[]> {
  const rs = await client.execute("select name from sqlite_schema where type = 'table' and name not like 'sqlite\\_%' escape '\\' and name <> '__drizzle_migrations' order by name");
  return rs.rows.map((r) => String(r.name));
}

export type Contents = Record<string, { rows: number; hash: string }>;

/**
 * Every table's rows in id order, hashed, with the count: equal hashes mean equal rows and links.
 * `skipTables` and `skipColumns` ("table.column") leave out what a migration adds; `except` leaves
 * out the rows a where clause names (rows the migration is meant to change).
 */
export async function contents(
  client: Client,
  opts: { skipTables?: ReadonlySet<string>; skipColumns?: ReadonlySet<string>; except?: Record<string, string> } = {},
): Promise<Contents> {
  const out: Contents = {};
  for (const t of await appTables(client)) {
    if (opts.skipTables?.has(t)) continue;
    const where = opts.except?.[t];
    const rs = await client.execute(`select * from "${t}" ${where ? `where not (${where})` : ""} order by 1`);
    const values = rs.rows.map((r) => Object.entries(r).filter(([k]) => !opts.skipColumns?.has(`${t}.${k}`)).map(([, v]) => v));
    out[t] = { rows: rs.rows.length, hash: createHash("sha256").update(JSON.stringify(values)).digest("hex") };
  }
  return out;
}
