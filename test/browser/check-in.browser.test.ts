// Browser: on-site check-in (issue 14 part 4) in Chromium. With check-in on and the phone's position
// granted, a visit logged next to the store says 在店（距门店 N 米）, one logged across town says
// 不在门店附近; with the permission refused the visit still saves, with no position.
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { Browser } from "playwright-core";
import { desc, eq } from "drizzle-orm";
import { hasChromium, launch, PHONE, signIn, storeId, withDb as withSharedDb } from "./browser.ts";
import { interactions, policy } from "../../src/db/schema.ts";
import type { PolicyRules } from "../../src/domain/policy.ts";

const baseUrl = inject("baseUrl");
const dbUrl = inject("dbUrl");
const STORE = { lat: 28.1956, lng: 112.9769 };
const STORE_NAME = "老百姓大药房(芙蓉中路店)";

/** The tests' database, through the shared helper. */
const withDb = <T,>(work: Parameters<typeof withSharedDb<T>>[1]) => withSharedDb(dbUrl, work);

/** The policy as stored before these tests (none: the defaults), put back after them. */
let before: Partial<PolicyRules> | null = null;

async function setPolicy(data: Partial<PolicyRules> | null) {
  await withDb(async (db) => {
    if (data === null) await db.delete(policy).where(eq(policy.id, 1));
    else await db.insert(policy).values({ id: 1, data }).onConflictDoUpdate({ target: policy.id, set: { data } });
  });
}

const lastVisit = () =>
  withDb(async (db) => (await db.select({ lat: interactions.lat, accuracyM: interactions.accuracyM }).from(interactions).orderBy(desc(interactions.id)).limit(1))[0]);

describe.skipIf(!hasChromium && !process.env.CI)("on-site check-in (browser)", () => {
  let browser: Browser;
  let store: number;
  beforeAll(async () => {
    browser = await launch();
    store = await storeId(dbUrl, STORE_NAME);
    before = await withDb(async (db) => (await db.select({ data: policy.data }).from(policy).where(eq(policy.id, 1)))[0]?.data ?? null);
    await setPolicy({ ...before, checkIn: { enabled: true, onSiteMeters: 200 } });
  });
  afterAll(async () => {
    await setPolicy(before);
    await browser?.close();
  });

  /** Logs a plain visit at the store from the quick log, and returns the saved page's check-in words. */
  async function logVisit(page: Awaited<ReturnType<typeof signIn>>): Promise<string | null> {
    await page.goto(`${baseUrl}/log?storeId=${store}`);
    expect(await page.getAttribute("form.log-form", "data-check-in")).toBe("1");
    await page.check("input[name=channel][value=visit]", { force: true });
    await page.click("form.log-form button[type=submit]");
    await page.waitForURL(/\/log\/saved\/\d+/, { timeout: 30_000 });
    const note = await page.$(".check-in");
    return note ? (await note.textContent())!.trim() : null;
  }

  it("granted: a visit next to the store is on site, with its distance; one across town is not", async () => {
    const context = await browser.newContext({ ...PHONE, permissions: ["geolocation"], geolocation: { latitude: STORE.lat + 0.0003, longitude: STORE.lng, accuracy: 10 } });
    const page = await signIn(baseUrl, dbUrl, context, "checkin@browser.test");
    expect(await logVisit(page)).toBe("在店（距门店 33 米）");
    expect(await lastVisit()).toEqual({ lat: STORE.lat + 0.0003, accuracyM: 10 });

    // 湘江 to the west, ~2 km away.
    await context.setGeolocation({ latitude: STORE.lat, longitude: STORE.lng - 0.02, accuracy: 20 });
    expect(await logVisit(page)).toBe("不在门店附近");
    await page.goto(`${baseUrl}/stores/${store}`);
    expect(await page.textContent("body")).toContain("在店（距门店 33 米）");
    expect(await page.textContent("body")).toContain("不在门店附近");
    await context.close();
  });

  it("refused: the visit still saves, with no position and nothing said", async () => {
    const context = await browser.newContext(PHONE);
    await context.clearPermissions();
    const page = await signIn(baseUrl, dbUrl, context, "checkin@browser.test");
    expect(await logVisit(page)).toBeNull();
    expect(await page.textContent("h1")).toContain("✓");
    expect(await lastVisit()).toEqual({ lat: null, accuracyM: null });
    await context.close();
  });
});
