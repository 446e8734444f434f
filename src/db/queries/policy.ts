// The one policy row (R1–R17 settings, SPEC §2): one select and one mapper, used by every reader.
// The stored JSON may predate newer settings, so each read fills in the handbook's defaults.
// The same statement carries the official working calendar's admin-entered years (a few dozen
// rows a year), so every reader of the policy has the calendar pace needs without another statement
// or round trip.
import { eq, sql, type SQL } from "drizzle-orm";
import type { Db } from "../client.ts";
import { policy, users, workingCalendarDays, workingCalendarYears } from "../schema.ts";
import { DEFAULT_POLICY, withDefaults, type Policy, type PolicyRules } from "../../domain/policy.ts";
import { workingCalendarOf, type CalendarRow } from "../../domain/working-days.ts";

/**
 * The policy row and the calendar as a statement that can ride in a batch; map its rows with
 * `policyOf`. Always one row, also when the policy row is missing (the handbook's defaults apply).
 */
export function policySelect(db: Db) {
  return db
    .select({
      data: sql<Partial<PolicyRules> | null>`(select ${policy.data} from ${policy} where ${policy.id} = 1)`.mapWith(policy.data),
      calendar: sql<string>`(select json_group_array(json_array(y.year, d.date, d.kind)) from ${workingCalendarYears} y left join ${workingCalendarDays} d on d.year = y.year)`,
    })
    .from(sql`(select 1)`);
}

export function policyOf(rows: readonly { data: Partial<PolicyRules> | null; calendar: string | null }[]): Policy {
  const row = rows[0];
  const calendar = (JSON.parse(row?.calendar ?? "[]") as [number, CalendarRow["date"], CalendarRow["kind"]][]).map(([year, date, kind]) => ({ year, date, kind }));
  return { ...withDefaults(row?.data), calendar: workingCalendarOf(calendar) };
}

export async function loadPolicy(db: Db): Promise<Policy> {
  return policyOf(await policySelect(db));
}

/** The policy with who changed it last and when (the admin's page); `changed` is null before any change. */
export async function policyWithAuthor(db: Db): Promise<{ policy: PolicyRules; changed: { at: number; by: string } | null }> {
  const [row] = await db
    .select({ data: policy.data, updatedAt: policy.updatedAt, by: users.name })
    .from(policy)
    .leftJoin(users, eq(users.id, policy.updatedBy))
    .where(eq(policy.id, 1));
  return { policy: withDefaults(row?.data), changed: row?.by ? { at: row.updatedAt, by: row.by } : null };
}

/** Replaces the policy (the caller has validated it: domain/policy.ts validatePolicy). */
export async function savePolicy(db: Db, data: PolicyRules, by: number, now: number): Promise<void> {
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
