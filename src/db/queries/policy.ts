// The one policy row (R1–R17 settings, SPEC §2): one select and one mapper, used by every reader.
// The stored JSON may predate newer settings, so each read fills in the handbook's defaults.
import { eq, sql, type SQL } from "drizzle-orm";
import type { Db } from "../client.ts";
import { policy, users } from "../schema.ts";
import { DEFAULT_POLICY, withDefaults, type Policy } from "../../domain/policy.ts";

/** The policy row as a statement that can ride in a batch; map its rows with `policyOf`. */
export function policySelect(db: Db) {
  return db.select({ data: policy.data }).from(policy).where(eq(policy.id, 1));
}

export function policyOf(rows: readonly { data: Partial<Policy> | null }[]): Policy {
  return withDefaults(rows[0]?.data);
}

export async function loadPolicy(db: Db): Promise<Policy> {
  return policyOf(await policySelect(db));
}

/** The policy with who changed it last and when (the admin's page); `changed` is null before any change. */
export async function policyWithAuthor(db: Db): Promise<{ policy: Policy; changed: { at: number; by: string } | null }> {
  const [row] = await db
    .select({ data: policy.data, updatedAt: policy.updatedAt, by: users.name })
    .from(policy)
    .leftJoin(users, eq(users.id, policy.updatedBy))
    .where(eq(policy.id, 1));
  return { policy: withDefaults(row?.data), changed: row?.by ? { at: row.updatedAt, by: row.by } : null };
}

/** Replaces the policy (the caller has validated it: domain/policy.ts validatePolicy). */
export async function savePolicy(db: Db, data: Policy, by: number, now: number): Promise<void> {
  await db
    .insert(policy)
    .values({ id: 1, data, updatedAt: now, updatedBy: by })
    .onConflictDoUpdate({ target: policy.id, set: { data, updatedAt: now, updatedBy: by } });
}

/**
 * The settings some selects read inside the statement (they run in the batch that loads the policy,
 * so its value is not known when they are built): JSON path → how policyOf's Policy holds it.
 * test/integration/sql-rules.test.ts checks that each path reads what its getter does.
 */
export const POLICY_IN_SQL = {
  giftCapPerStoreYear: (p: Policy) => p.giftCapPerStoreYear,
  "followUps.birthday.dueDays": (p: Policy) => p.followUps.birthday.dueDays,
} satisfies Record<string, (p: Policy) => number>;

/** A setting read inside the statement: the stored value, else the handbook's default, as policyOf reads it. */
export function policyNumberSql(path: keyof typeof POLICY_IN_SQL): SQL<number> {
  const fallback = POLICY_IN_SQL[path](DEFAULT_POLICY);
  return sql<number>`coalesce((select json_extract(${policy.data}, ${`$.${path}`}) from ${policy} where ${policy.id} = 1), ${fallback})`;
}
