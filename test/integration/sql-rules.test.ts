// Integration: the rules the set-based reads apply in SQL (src/db/queries/rules.ts, policy.ts) say
// what the domain's TypeScript says, on the same rows: what counts as a gift, which channels have
// quotas, and the policy's values read inside a statement.
import { beforeAll, describe, expect, it } from "vitest";
import { asc, eq, sql } from "drizzle-orm";
import { db, makeInteraction, makeStore, makeTeam, makeUser, resetDb } from "../helpers/db.ts";
import { interactions, policy } from "../../src/db/schema.ts";
import { giftSql, quotaChannelSql, sameDayCountSql } from "../../src/db/queries/rules.ts";
import { loadPolicy, POLICY_IN_SQL, policyNumberSql } from "../../src/db/queries/policy.ts";
import { hasGift } from "../../src/domain/coverage.ts";
import { countedContacts, isQuotaChannel } from "../../src/domain/pace.ts";
import { DEFAULT_POLICY, type Policy } from "../../src/domain/policy.ts";
import { TRIMMED_CHARS } from "../../src/domain/text.ts";
import { CHANNELS } from "../../src/domain/types.ts";

// Descriptions blank or not by String.trim (white space of every kind SQLite's trim() keeps), and values around 0.
const WHAT = [null, "", " ", "\u3000", "\t\n", "\u00a0\ufeff", "茶叶", " 月饼 ", "0", `${TRIMMED_CHARS}x`];
const VALUE = [null, 0, 0.01, 88.8];

let repId = 0;
let storeId = 0;
let repeatStoreId = 0;

beforeAll(async () => {
  await resetDb();
  const team = await makeTeam();
  repId = (await makeUser("rep", team.id)).id;
  storeId = (await makeStore(repId, "A")).id;
  let day = 1;
  for (const giftWhat of WHAT) for (const giftValue of VALUE) await makeInteraction(repId, storeId, `2026-10-${String((day++ % 28) + 1).padStart(2, "0")}`, { giftWhat, giftValue });
  for (const channel of CHANNELS) await makeInteraction(repId, storeId, "2026-11-02", { channel });
  // Same-day repeats: three phone calls on the 9th, two on the 10th, one on the 11th.
  repeatStoreId = (await makeStore(repId, "A")).id;
  for (const d of ["2026-11-09", "2026-11-09", "2026-11-09", "2026-11-10", "2026-11-10", "2026-11-11"]) await makeInteraction(repId, repeatStoreId, d, { channel: "phone" });
});

describe("rules in SQL agree with the domain (integration)", () => {
  it("counts a gift exactly when hasGift does", async () => {
    const rows = await db()
      .select({ giftWhat: interactions.giftWhat, giftValue: interactions.giftValue, gift: giftSql() })
      .from(interactions)
      .where(eq(interactions.storeId, storeId))
      .orderBy(asc(interactions.id));
    expect(rows).toHaveLength(WHAT.length * VALUE.length + CHANNELS.length);
    for (const r of rows) expect(Boolean(r.gift), JSON.stringify(r)).toBe(hasGift(r));
    // Both answers occur, and white space SQLite's own trim() keeps is blank here too.
    expect(rows.filter((r) => hasGift(r)).length).toBeGreaterThan(0);
    expect(rows.find((r) => r.giftWhat === "\u3000" && r.giftValue === null)?.gift).toBe(0);
  });

  it("gives the quota channels (R1–R3) as isQuotaChannel does", async () => {
    const rows = await db()
      .select({ channel: interactions.channel, quota: sql<number>`${quotaChannelSql()}` })
      .from(interactions)
      .where(eq(interactions.localDate, "2026-11-02"));
    expect(rows.map((r) => r.channel).sort()).toEqual([...CHANNELS].sort());
    for (const r of rows) expect(Boolean(r.quota), r.channel).toBe(isQuotaChannel(r.channel));
  });

  it("reads the policy's values inside a statement as policyOf reads the row", async () => {
    const custom: Policy = { ...DEFAULT_POLICY, giftCapPerStoreYear: 750, followUps: { ...DEFAULT_POLICY.followUps, birthday: { channel: "phone", dueDays: 12 } } };
    // As an older release stored it: settings added since are missing.
    const { giftCapPerStoreYear: _cap, followUps: _followUps, ...older } = DEFAULT_POLICY;
    const stored: (Partial<Policy> | "no row")[] = [DEFAULT_POLICY, custom, older, "no row"];
    const paths = Object.keys(POLICY_IN_SQL) as (keyof typeof POLICY_IN_SQL)[];
    const read: number[] = [];
    try {
      for (const data of stored) {
        await db().delete(policy);
        if (data !== "no row") await db().insert(policy).values({ id: 1, data });
        const expected = await loadPolicy(db());
        for (const path of paths) {
          const row = await db().get<{ v: number }>(sql`select ${policyNumberSql(path)} as v`);
          expect(row?.v, `${path} of ${JSON.stringify(data)}`).toBe(POLICY_IN_SQL[path](expected));
          read.push(Number(row?.v));
        }
      }
      expect(read).toEqual([2000, 0, 750, 12, 2000, 0, 2000, 0]); // the stored values, else the defaults
    } finally {
      await db().delete(policy);
      await db().insert(policy).values({ id: 1, data: DEFAULT_POLICY });
    }
  });

  it("counts same-day repeats as countedContacts does, for each setting and an older stored policy", async () => {
    const november = sql`${interactions.storeId} = ${repeatStoreId} and ${interactions.channel} = 'phone'`;
    const dates = (await db().select({ d: interactions.localDate }).from(interactions).where(november)).map((r) => r.d);
    expect(dates).toHaveLength(6);
    const { sameDayRepeats: _s, ...older } = DEFAULT_POLICY;
    const got: number[] = [];
    try {
      const stored: Partial<Policy>[] = [{ ...DEFAULT_POLICY, sameDayRepeats: "each" }, { ...DEFAULT_POLICY, sameDayRepeats: "once" }, older];
      for (const data of stored) {
        await db().delete(policy);
        await db().insert(policy).values({ id: 1, data });
        const expected = countedContacts((await loadPolicy(db())).sameDayRepeats, dates);
        const row = await db().get<{ n: number }>(sql`select ${sameDayCountSql(november)} as n from ${interactions} where ${interactions.storeId} = ${repeatStoreId}`);
        expect(Number(row?.n), JSON.stringify(data.sameDayRepeats ?? "missing")).toBe(expected);
        got.push(expected);
      }
      expect(got).toEqual([6, 3, 3]); // every call; one per day; the default (once) for a policy stored before the setting
    } finally {
      await db().delete(policy);
      await db().insert(policy).values({ id: 1, data: DEFAULT_POLICY });
    }
  });
});
