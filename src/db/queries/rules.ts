// Rules of the handbook that the set-based reads apply inside SQL, each built in one place from the
// domain's own definition, so the SQL and the TypeScript cannot drift apart: test/integration/
// sql-rules.test.ts runs both on the same rows. (The policy's values read inside SQL are in policy.ts.)
import { inArray, sql, type SQL } from "drizzle-orm";
import type { SQLiteColumn } from "drizzle-orm/sqlite-core";
import { interactions, policy, storeAssignments } from "../schema.ts";
import { DEFAULT_POLICY } from "../../domain/policy.ts";
import { QUOTA_CHANNELS } from "../../domain/types.ts";
import { TRIMMED_CHARS } from "../../domain/text.ts";

/** A text column with something in it once trimmed as String.trim trims (not null, empty or white space). */
function filled(column: SQLiteColumn): SQL {
  return sql`trim(coalesce(${column}, ''), ${TRIMMED_CHARS}) <> ''`;
}

/** hasGift (domain/coverage.ts): a gift description that is not blank, or a value above 0; 1 or 0. */
export function giftSql(): SQL<number> {
  return sql<number>`(${filled(interactions.giftWhat)} or coalesce(${interactions.giftValue}, 0) > 0)`;
}

/** isQuotaChannel (domain/pace.ts): the channels with monthly quotas (R1–R3), QUOTA_CHANNELS. */
export function quotaChannelSql(): SQL {
  return inArray(interactions.channel, [...QUOTA_CHANNELS]);
}

/**
 * The contacts matching `cond` in a group of one store's interactions, counted as the policy's
 * sameDayRepeats says (countedContacts in domain/pace.ts): "each" counts every one, "once" each day
 * once. The setting is read inside the statement (it runs in the batch that loads the policy).
 */
export function sameDayCountSql(cond: SQL): SQL<number> {
  const setting = sameDayRepeatsSql();
  return sql<number>`(case when ${setting} = 'each' then coalesce(sum(${cond}), 0) else count(distinct case when ${cond} then ${interactions.localDate} end) end)`;
}

/** An interaction inside an assignment's stretch (holding.ts: `from` included, `to` excluded). */
export function inHoldingSql(a: typeof storeAssignments): SQL {
  return sql`(${interactions.localDate} >= ${a.validFrom} and (${a.validTo} is null or ${interactions.localDate} < ${a.validTo}))`;
}

/** The policy's sameDayRepeats read inside a statement ('once' or 'each'; the default when not stored). */
export function sameDayRepeatsSql(): SQL<string> {
  return sql<string>`coalesce((select json_extract(${policy.data}, '$.sameDayRepeats') from ${policy} where ${policy.id} = 1), ${DEFAULT_POLICY.sameDayRepeats})`;
}
