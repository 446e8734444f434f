// Named batches: an object of queries in, an object of typed rows out, in ONE db.batch (one round
// trip, one transaction). A positional batch (`const [a, b, …, r] = await db.batch([…])`) ties each
// result to the comment that says what it is; a name ties it to its query, and the row types follow
// it across modules without a cast.
//
//   const { claims, policy } = await runQueries(db, { claims: claimsQuery(db, ids), policy: policySelect(db) });
//
// A BatchPlan is the same thing before it runs: statements, and how their results become a value.
// Plans combine (joinPlans) so that the consumer's own reads and the mail's reads still travel in
// one batch, each side reading only its own rows; mapPlan shapes the rows where they are known.
import type { BatchItem } from "drizzle-orm/batch";
import type { SQLiteRaw } from "drizzle-orm/sqlite-core/query-builders/raw";
import type { Db } from "./client.ts";

type Item = BatchItem<"sqlite">;
type ResultOf<I extends Item> = I["_"]["result"];

/** Named statements: one, or a list of any length (whose results come back as a list). */
export type Queries = { readonly [name: string]: Item | readonly Item[] };

/** What each named statement yields: its rows (or a list of them for a list). */
export type Rows<Q extends Queries> = {
  -readonly [K in keyof Q]: Q[K] extends readonly Item[] ? ResultOf<Q[K][number]>[] : Q[K] extends Item ? ResultOf<Q[K]> : never;
};

/** Statements to run in one batch, and how their results (in the same order) become a `T`. */
export type BatchPlan<T> = { readonly statements: readonly Item[]; read(results: readonly unknown[]): T };

type ValueOf<P> = P extends BatchPlan<infer T> ? T : never;

function isList(q: Item | readonly Item[]): q is readonly Item[] {
  return Array.isArray(q);
}

/** A plan of named statements: its value is an object of their rows under the same names. */
export function batchPlan<Q extends Queries>(queries: Q): BatchPlan<Rows<Q>> {
  const names = Object.keys(queries);
  return {
    statements: names.flatMap((name) => {
      const q = queries[name]!;
      return isList(q) ? [...q] : [q];
    }),
    read(results) {
      const out: Record<string, unknown> = {};
      let i = 0;
      for (const name of names) {
        const q = queries[name]!;
        const n = isList(q) ? q.length : 1;
        out[name] = isList(q) ? results.slice(i, i + n) : results[i];
        i += n;
      }
      // The one place the names meet the results: each name's results were taken at its statements' positions.
      return out as Rows<Q>;
    },
  };
}

/** Several plans run as one batch; the value holds each plan's value under its name. */
export function joinPlans<P extends { readonly [name: string]: BatchPlan<unknown> }>(plans: P): BatchPlan<{ [K in keyof P]: ValueOf<P[K]> }> {
  const names = Object.keys(plans);
  return {
    statements: names.flatMap((name) => plans[name]!.statements),
    read(results) {
      const out: Record<string, unknown> = {};
      let i = 0;
      for (const name of names) {
        const plan = plans[name]!;
        out[name] = plan.read(results.slice(i, i + plan.statements.length));
        i += plan.statements.length;
      }
      return out as { [K in keyof P]: ValueOf<P[K]> };
    },
  };
}

/** The same statements, their value shaped by `f` (pure: it runs after the round trip). */
export function mapPlan<T, U>(plan: BatchPlan<T>, f: (value: T) => U): BatchPlan<U> {
  return { statements: plan.statements, read: (results) => f(plan.read(results)) };
}

/** A plan that reads nothing: its value without a round trip. */
export function constantPlan<T>(value: T): BatchPlan<T> {
  return { statements: [], read: () => value };
}

/**
 * A statement the rest of a batch depends on, such as the check that a signed-in user's claim still
 * holds (src/auth/claim.ts): it runs first in the same batch, and `check` sees its rows before any
 * other result is read; it throws when they must not be used (the batch's results are then dropped).
 */
export type Guard = { readonly statement: SQLiteRaw<unknown>; check(rows: unknown): void };

/** The plan with the guard in front: its value is read only once the guard's check has passed. */
export function guardedPlan<T>(guard: Guard | null, plan: BatchPlan<T>): BatchPlan<T> {
  if (!guard) return plan;
  return {
    statements: [guard.statement, ...plan.statements],
    read(results) {
      guard.check(results[0]);
      return plan.read(results.slice(1));
    },
  };
}

/** Runs the plan's statements in one db.batch (none: no round trip) and reads its value; a guard goes first. */
export async function runPlan<T>(db: Db, plan: BatchPlan<T>, guard: Guard | null = null): Promise<T> {
  const all = guardedPlan(guard, plan);
  const [first, ...rest] = all.statements;
  return all.read(first ? await db.batch([first, ...rest]) : []);
}

/** Named statements run in one db.batch: their rows under the same names; a guard goes first. */
export function runQueries<Q extends Queries>(db: Db, queries: Q, guard: Guard | null = null): Promise<Rows<Q>> {
  return runPlan(db, batchPlan(queries), guard);
}
