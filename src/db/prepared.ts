// Statements built once per database client and run in hand-made batches.
//
// Drizzle assembles a query's SQL on every call, and on the quick log's hot path that assembly was
// the largest share of the Worker's own CPU (its `is()` checks, SQL chunk joins). A statement
// written with `sql.placeholder(...)` and `.prepare()`d keeps its SQL; a request only fills in
// values. Measured on the quick log (token lookup + checks + write, I/O replayed, Node 22): 1.9 →
// 0.5 ms of CPU per request; in the Worker's profile under load `is()` went from 13 % to 3 %.
// Drizzle's db.batch does not take prepared statements (drizzle-orm issue #2197), so `runBatch`
// is the same batch by hand: the statements' SQL and values to libSQL in one request, each result
// mapped back by its own statement, as db.batch does.
import type { ResultSet, TransactionMode } from "@libsql/client";
import { fillPlaceholders } from "drizzle-orm";
import type { Db } from "./client.ts";
import type { Guard } from "./batch.ts";

/** What a prepared Drizzle statement (select, insert, update) offers a hand-made batch. */
export type Prepared = {
  getQuery(): { sql: string; params: unknown[] };
  mapResult(result: ResultSet, isFromBatch: true): unknown;
  execute(placeholderValues?: Record<string, unknown>): Promise<unknown>;
};

/** The rows (or the ResultSet, for a write without returning) a prepared statement yields. */
export type ResultOf<P extends Prepared> = Awaited<ReturnType<P["execute"]>>;

/** One statement of a batch: a prepared statement and the values of its placeholders. */
export type Bound<P extends Prepared = Prepared> = { statement: P; values: Record<string, unknown> };

export function bind<P extends Prepared>(statement: P, values: Record<string, unknown> = {}): Bound<P> {
  return { statement, values };
}

/**
 * A value made once per database client, such as its prepared statements. The Worker reuses one
 * client per isolate (db/client.ts), so this is once per isolate; a test's own client gets its own.
 */
export function perDb<T>(build: (db: Db) => T): (db: Db) => T {
  const made = new WeakMap<Db, T>();
  return (db) => {
    let value = made.get(db);
    if (value === undefined) {
      value = build(db);
      made.set(db, value);
    }
    return value;
  };
}

/**
 * Runs the statements as one libSQL batch (one round trip, one transaction of `mode`). A guard
 * (db/batch.ts) runs first and is checked before any other result is read.
 */
export async function runBatch<const B extends readonly Bound[]>(
  db: Db,
  items: B,
  mode: TransactionMode,
  guard: Guard | null = null,
): Promise<{ -readonly [K in keyof B]: ResultOf<B[K]["statement"]> }> {
  const all: readonly Bound[] = guard ? [bind(guard.statement), ...items] : items;
  const results = await db.$client.batch(
    all.map(({ statement, values }) => {
      const q = statement.getQuery();
      return { sql: q.sql, args: fillPlaceholders(q.params, values) as never };
    }),
    mode,
  );
  if (guard) guard.check(guard.statement.mapResult(results.shift()!, true));
  return items.map(({ statement }, i) => statement.mapResult(results[i]!, true)) as never;
}
