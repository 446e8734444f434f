// A select whose rows travel as ONE text cell: sqld answers `[[c0, c1, …], …]` built by
// json_group_array instead of a Hrana object per cell ({"type":"integer","value":"12"}), which cuts
// the response of a large read several times over (the digest job's read: 4.3 MB → under 1 MB) and
// the Worker's decoding with it (one JSON.parse instead of a Hrana value per cell).
//
//   packed(db, db.select({ … }).from(…).where(…).orderBy(…))
//
// is a batch item like the select itself, and resolves to exactly the rows the select would have
// produced (same keys, each column's mapFromDriverValue applied: booleans, json-mode text), so
// BatchResponse types stay as they were.
//
// How: `with p(c0, …, cn) as (<the select>) select json_group_array(json_array(c0, …, cn)) from p`.
// The CTE's column list names the columns by position (the select's own names may repeat or be
// missing). Order: sqld's parser rejects `json_group_array(x ORDER BY …)`, so the rows come in the
// select's own order; SQLite keeps a FROM subquery's ORDER BY when the outer query aggregates with
// anything but count/min/max, and the aggregate takes the rows as the subquery yields them
// (test/integration/packed.test.ts holds it to that).
//
// Values: integers and text arrive as JSON numbers and strings (integers beyond 2^53 would lose
// precision, as JSON numbers do). SQLite writes reals into JSON with 15 significant digits, so
// REAL columns travel as 17-digit text and are read back with Number(): the same double as Hrana
// gives. A REAL from an SQL expression (`sql<number>`…``) would still come with 15 digits; none of
// the packed selects has one. JSON functions' results arrive as the text they are (the subtype does
// not cross the CTE), as through Hrana. Only flat selections (no nested objects) are supported.
import { Column, is, SQL, Subquery, sql, type SQLWrapper } from "drizzle-orm";
import { QueryPromise } from "drizzle-orm/query-promise";
import type { RunnableQuery } from "drizzle-orm/runnable-query";
import type { SQLiteRaw } from "drizzle-orm/sqlite-core/query-builders/raw";
import type { Db } from "./client.ts";

type Decoder = { mapFromDriverValue(value: unknown): unknown };
type Field = { key: string; decoder: Decoder; real: boolean };

/** What packed() accepts: a Drizzle select (flat selection). */
export type PackableSelect = SQLWrapper & { readonly _: { readonly result: unknown; readonly selectedFields: Record<string, unknown> } };

// SQL's decoder (set by .mapWith) is internal to Drizzle's types; its own row mapping reads it so.
const decoderOf = (s: SQL): Decoder => (s as unknown as { decoder: Decoder }).decoder;

function fieldsOf(selection: Record<string, unknown>): Field[] {
  return Object.entries(selection).map(([key, field]) => {
    // The decoder Drizzle's own row mapping (mapResultRow) would use for this field.
    let decoder: Decoder;
    if (is(field, Column)) decoder = field;
    else if (is(field, SQL)) decoder = decoderOf(field);
    else if (is(field, SQL.Aliased)) decoder = decoderOf(field.sql);
    else if (is(field, Subquery)) decoder = decoderOf((field as unknown as { _: { sql: SQL } })._.sql);
    else throw new TypeError(`packed: field "${key}" is not a column or SQL (nested selections are not supported)`);
    return { key, decoder, real: is(field, Column) && field.columnType === "SQLiteReal" };
  });
}

/** Rows as the select would have returned them, from the packed text (`null` or absent: no rows). */
function unpackRows<T>(fields: readonly Field[], text: unknown): T[] {
  if (text === null || text === undefined) return [];
  const rows = JSON.parse(text as string) as unknown[][]; // json_group_array: always text
  // oxlint-disable-next-line unicorn/no-new-array -- sized once up front: this loop runs per row of every packed read
  const out: Record<string, unknown>[] = new Array(rows.length);
  const n = fields.length;
  for (let i = 0; i < rows.length; i++) {
    const cells = rows[i]!;
    const row: Record<string, unknown> = {};
    for (let k = 0; k < n; k++) {
      const f = fields[k]!;
      const v = cells[k];
      row[f.key] = v === null || v === undefined ? null : f.decoder.mapFromDriverValue(f.real ? Number(v) : v);
    }
    out[i] = row;
  }
  return out as T[];
}

/** A batch item (and awaitable query) resolving to the select's rows, fetched as one JSON text. */
export class PackedSelect<TResult> extends QueryPromise<TResult> implements RunnableQuery<TResult, "sqlite">, SQLWrapper {
  declare readonly _: { readonly dialect: "sqlite"; readonly result: TResult };
  readonly #raw: SQLiteRaw<unknown[][]>;
  readonly #sql: SQL;
  readonly #fields: Field[];

  constructor(db: Db, query: PackableSelect) {
    super();
    this.#fields = fieldsOf(query._.selectedFields);
    const names = this.#fields.map((_, i) => `c${i}`);
    const cells = this.#fields.map((f, i) => (f.real ? `iif(${names[i]} is null, null, printf('%!.17g', ${names[i]}))` : names[i]));
    this.#sql = sql`with p(${sql.raw(names.join(", "))}) as ${query} select json_group_array(json_array(${sql.raw(cells.join(", "))})) from p`;
    this.#raw = db.values(this.#sql);
  }

  #unpack(rows: unknown[][]): TResult {
    return unpackRows(this.#fields, rows[0]?.[0]) as TResult;
  }

  override async execute(): Promise<TResult> {
    return this.#unpack(await this.#raw);
  }

  getSQL(): SQL {
    return this.#sql;
  }

  /** The statement (for EXPLAIN, and for callers that run it through the bare client). */
  toSQL(): { sql: string; params: unknown[] } {
    const { sql: text, params } = this.#raw.getQuery();
    return { sql: text, params };
  }

  // What db.batch asks of an item: the statement, then the mapping of its result (as SQLiteRaw does).
  /** @internal */
  _prepare(): this {
    return this;
  }

  /** @internal */
  getQuery() {
    return this.#raw.getQuery();
  }

  /** @internal */
  mapResult(result: unknown, isFromBatch?: boolean): unknown {
    return isFromBatch ? this.#unpack(this.#raw.mapResult(result, true) as unknown[][]) : result;
  }
}

/** The select's rows as one JSON text over the wire; resolves (alone or in db.batch) to the same rows. */
export function packed<Q extends PackableSelect>(db: Db, query: Q): PackedSelect<Q["_"]["result"]> {
  return new PackedSelect<Q["_"]["result"]>(db, query);
}
