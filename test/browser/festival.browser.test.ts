// Browser: a festival week on a 390 px phone. A festival three days from today (a solar one added for
// the test, as an admin may add one), a rep with three stores and six contacts: /today drafts a
// greeting per contact with a copy button for WeChat that copies exactly the text; the festival page
// takes five ticked greetings in one save, each stored once; without script the button stays hidden
// and the text is still there to select.
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { Browser } from "playwright-core";
import { and, eq } from "drizzle-orm";
import { hasChromium, launch, PHONE, signIn } from "./browser.ts";
import { nodeDb } from "../../src/cli/db.ts";
import { contacts, festivals, interactions, storeAssignments, stores, users } from "../../src/db/schema.ts";
import { addDays, localDateOf, parts } from "../../src/domain/dates.ts";
import { ASSIGNMENTS_BACKFILLED_FROM } from "../../src/domain/holding.ts";

const baseUrl = inject("baseUrl");
const dbUrl = inject("dbUrl");
const EMAIL = "festival@browser.test";
const KEY = "browser_week";

describe.skipIf(!hasChromium && !process.env.CI)("a festival week on a phone (browser)", () => {
  let browser: Browser;
  let repId = 0;
  beforeAll(async () => {
    browser = await launch();
    const { client, db } = nodeDb(dbUrl);
    const [rep] = await db.insert(users).values({ email: EMAIL, name: "赵节", role: "rep" }).returning();
    repId = rep!.id;
    const made = await db
      .insert(stores)
      .values([
        { name: "节日甲药房", class: "A", repId, city: "长沙" },
        { name: "节日乙药房", class: "B", repId, city: "长沙" },
        { name: "节日丙药房", class: "C", repId, city: "长沙" },
      ])
      .returning();
    await db.insert(storeAssignments).values(made.map((s) => ({ storeId: s.id, repId, tier: s.class, validFrom: ASSIGNMENTS_BACKFILLED_FROM })));
    const people = [
      ["王芳", "王姐"],
      ["李强", "李总"],
      ["陈红", "陈姐"],
      ["张伟", "张哥"],
      ["周敏", "周姐"],
      ["吴刚", "吴老板"],
    ] as const;
    await db.insert(contacts).values(people.map(([name, formOfAddress], i) => ({ storeId: made[i % 3]!.id, role: "owner" as const, name, formOfAddress, phone: `1390000000${i}` })));
    // The festival is three days away (the rep's time zone): its window is open.
    const day = parts(addDays(localDateOf(Date.now(), "Asia/Shanghai"), 3));
    await db.insert(festivals).values({
      key: KEY,
      nameZh: "客情节",
      nameEn: "Keqing Day",
      calendar: "solar",
      month: day.month,
      day: day.day,
      windowBefore: 10,
      windowAfter: 2,
      leadDays: 10,
      actions: { A: ["message"], B: ["message"], C: ["message"] },
    });
    client.close();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it("drafts a greeting per contact on /today with a copy button, and the festival page saves five ticked greetings at once", async () => {
    const context = await browser.newContext(PHONE);
    await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: baseUrl });
    const page = await signIn(baseUrl, dbUrl, context, EMAIL);

    await page.goto(`${baseUrl}/today`);
    const draft = page.locator("#festivals li", { has: page.locator("blockquote") }).first();
    const text = (await draft.locator("blockquote").textContent())!;
    expect(text).toMatch(/^(王姐|李总|陈姐|张哥|周姐|吴老板)/);
    expect(await draft.locator("a[href^='sms:']").getAttribute("href")).toContain(encodeURIComponent(text));
    const copy = draft.locator("button[data-copy]");
    await copy.click();
    await page.waitForFunction((b) => b?.textContent === "已复制", await copy.elementHandle());
    expect(await page.evaluate("navigator.clipboard.readText()")).toBe(text);
    expect(await page.evaluate("document.documentElement.scrollWidth")).toBeLessThanOrEqual(390);

    await page.click(`a[href="/festivals/${KEY}"]`);
    await page.waitForURL(`${baseUrl}/festivals/${KEY}`);
    expect(await page.locator("button[data-copy]:visible").count()).toBe(6);
    const boxes = page.locator("input[type=checkbox][name=sent]");
    expect(await boxes.count()).toBe(6);
    for (let i = 0; i < 5; i++) await boxes.nth(i).check();
    expect(await page.evaluate("document.documentElement.scrollWidth")).toBeLessThanOrEqual(390);
    await page.click(`form[action="/festivals/${KEY}"] button[type=submit]`);
    await page.waitForURL(/\/festivals\/browser_week\?saved=5/);
    expect(await page.textContent("main")).toContain("已记录 5 条节日短信");
    expect(await page.locator("input[type=checkbox][name=sent]").count()).toBe(1);

    const { client, db } = nodeDb(dbUrl);
    const logged = await db
      .select({ contactId: interactions.contactId })
      .from(interactions)
      .where(and(eq(interactions.repId, repId), eq(interactions.festivalKey, KEY), eq(interactions.channel, "message")));
    client.close();
    expect(logged).toHaveLength(5);
    expect(new Set(logged.map((l) => l.contactId)).size).toBe(5);
    await context.close();
  });

  it("keeps the drafts selectable without script, the copy button hidden", async () => {
    const context = await browser.newContext({ ...PHONE, javaScriptEnabled: false });
    const page = await signIn(baseUrl, dbUrl, context, EMAIL);
    await page.goto(`${baseUrl}/festivals/${KEY}`);
    expect(await page.locator("blockquote.greeting").count()).toBe(6);
    expect(await page.locator("button[data-copy]").count()).toBe(6);
    expect(await page.locator("button[data-copy]:visible").count()).toBe(0);
    await context.close();
  });
});
