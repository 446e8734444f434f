// Browser: a rep signs in through an e-mailed link on a phone, logs a visit with intel and sees the
// pace move; a manager sees the team; a rep cannot open another rep's store.
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { fileURLToPath } from "node:url";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser } from "playwright-core";
import { eq } from "drizzle-orm";
import { hasChromium, launch, PHONE, signIn, storeId } from "./browser.ts";
import { nodeDb } from "../../src/cli/db.ts";
import { contacts, interactions, lifeEvents, planSkips, stores, users } from "../../src/db/schema.ts";
import { addDays, localDateOf } from "../../src/domain/dates.ts";

const baseUrl = inject("baseUrl");
const dbUrl = inject("dbUrl");
/** The README's screenshots are refreshed with UPDATE_SCREENSHOTS=1; other runs write to a temp folder. */
const screenshot = (name: string) =>
  process.env.UPDATE_SCREENSHOTS ? fileURLToPath(new URL(`./screenshots/${name}`, import.meta.url)) : join(tmpdir(), `keqing-${name}`);

// CI installs Chromium (.ci/run); elsewhere, without it, say so and skip rather than fail.
if (!hasChromium && !process.env.CI) console.warn("Chromium not found at /usr/bin/chromium: browser tests skipped (apt-get install chromium)");

async function storeAt(name: string, address: string): Promise<number> {
  const { client, db } = nodeDb(dbUrl);
  const rows = await db.select({ id: stores.id, address: stores.address }).from(stores).where(eq(stores.name, name));
  client.close();
  return rows.find((r) => r.address === address)!.id;
}

async function storeOf(interactionId: number): Promise<number | undefined> {
  const { client, db } = nodeDb(dbUrl);
  const [row] = await db.select({ storeId: interactions.storeId }).from(interactions).where(eq(interactions.id, interactionId));
  client.close();
  return row?.storeId;
}

describe.skipIf(!hasChromium && !process.env.CI)("Keqing in a browser (browser)", () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launch();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it("a rep signs in by link on a phone, logs a visit with intel and sees the pace move", async () => {
    const context = await browser.newContext(PHONE);
    const page = await signIn(baseUrl, dbUrl, context, "rep@browser.test");
    const storeA = await storeId(dbUrl, "益丰大药房(芙蓉路店)");
    const visits = async () => {
      await page.goto(`${baseUrl}/month`);
      return (await page.textContent(`li[data-store="${storeA}"] [data-channel=visit] .small`))?.trim();
    };
    expect(await visits()).toBe("0/8");
    const cookies = await context.cookies();
    expect(cookies.find((c) => c.name === "kq_session")?.httpOnly).toBe(true);

    await page.goto(`${baseUrl}/log`);
    await page.click("text=益丰大药房(芙蓉路店)");
    await page.waitForSelector("form.log-form");
    // The page fits a phone: nothing wider than the viewport.
    expect(await page.evaluate("document.documentElement.scrollWidth")).toBeLessThanOrEqual(390);
    await page.check("input[name=channel][value=visit]", { force: true });
    await page.selectOption("#contactId", { label: "王姐（王芳） · 老板" });
    await page.fill("[name='intel.product_feedback.subject']", "感冒灵颗粒");
    await page.fill("[name='intel.product_feedback.detail']", "顾客反映见效快，想要大包装");
    await page.fill("[name='intel.clerk_preference.detail']", "王姐喜欢喝普洱");
    await page.fill("[name='intel.competitor.detail']", "竞品999感冒灵买二送一");
    await page.evaluate("window.scrollTo(0, 0)");
    await page.screenshot({ path: screenshot("quick-log-phone.png"), fullPage: false });
    await page.click("form.log-form button[type=submit]");
    await page.waitForURL(/\/log\/saved\/\d+/);
    expect(await page.textContent(".saved-count")).toContain("1/8");

    // A second visit the same day is logged, but counts once toward the quota (sameDayRepeats: once).
    await page.click("text=同一门店再记一笔");
    await page.waitForSelector("form.log-form");
    await page.click("form.log-form button[type=submit]");
    await page.waitForURL(/\/log\/saved\/\d+/);
    expect(await page.textContent(".saved-count")).toContain("1/8");
    expect(await visits()).toBe("1/8"); // R1: class A, 8 visits a month; one store-day
    await context.close();
  });

  it("a manager sees the team and drills into a rep", async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: "zh-CN" });
    const page = await signIn(baseUrl, dbUrl, context, "manager@browser.test");
    await page.goto(`${baseUrl}/team`);
    const card = page.locator(".card[data-rep]", { hasText: "王小明" });
    expect(await card.count()).toBe(1);
    expect(await page.locator(".card[data-rep]", { hasText: "李娜" }).count()).toBe(0); // another team's rep
    await card.locator("a").first().click();
    await page.waitForURL(/\/team\/reps\/\d+/);
    expect(await page.textContent("body")).toContain("益丰大药房(芙蓉路店)");
    await context.close();
  });

  it("shows a field error beside the field on a phone and keeps the input", async () => {
    const context = await browser.newContext(PHONE);
    const page = await signIn(baseUrl, dbUrl, context, "rep@browser.test");
    await page.goto(`${baseUrl}/log?storeId=${await storeId(dbUrl, "仁和堂药店")}`);
    await page.click("summary:has-text('礼品')"); // folded away at a class C store
    await page.fill("[name='gift.what']", "水果篮");
    await page.fill("[name='gift.value']", "-20");
    await page.click("form.log-form button[type=submit]");
    await page.waitForSelector("#gift\\.value-error");
    expect(await page.inputValue("[name='gift.what']")).toBe("水果篮");
    await context.close();
  });

  it("a rep fixes a log made at the wrong 回春堂药店 on a phone: edit, pick the right store, save", async () => {
    const context = await browser.newContext(PHONE);
    const page = await signIn(baseUrl, dbUrl, context, "rep@browser.test");
    const wrong = await storeAt("回春堂药店", "岳麓区麓山路 1 号");
    const right = await storeAt("回春堂药店", "开福区湘春路 8 号");
    await page.goto(`${baseUrl}/log?storeId=${wrong}`);
    await page.check("input[name=channel][value=phone]", { force: true });
    await page.fill("#notes", "谈了秋季备货");
    await page.click("form.log-form button[type=submit]");
    await page.waitForURL(/\/log\/saved\/\d+/);
    const id = Number(/\/log\/saved\/(\d+)/.exec(page.url())![1]);
    expect(await storeOf(id)).toBe(wrong);

    // The confirmation offers undo and edit; the edit page is the quick log's form, prefilled.
    expect(await page.locator("button:has-text('撤销')").count()).toBe(1);
    await page.click("a:has-text('修改')");
    await page.waitForURL(`${baseUrl}/interactions/${id}/edit`);
    expect(await page.inputValue("#notes")).toBe("谈了秋季备货");
    expect(await page.evaluate("document.documentElement.scrollWidth")).toBeLessThanOrEqual(390);
    await page.click("a:has-text('换一家')");
    await page.fill("input[type=search]", "开福");
    await page.click("form[role=search] button");
    await page.click(`a[href="/interactions/${id}/edit?storeId=${right}"]`);
    await page.waitForSelector("form.log-form");
    expect(await page.inputValue("#notes")).toBe("谈了秋季备货");
    expect(await page.isChecked("input[name=channel][value=phone]")).toBe(true);
    await page.click("form.log-form button[type=submit]");
    await page.waitForURL(new RegExp(`/log/saved/${id}\\?edited=1`));
    expect(await page.textContent("h1")).toContain("已保存修改");
    expect(await storeOf(id)).toBe(right);
    await context.close();
  });

  it("the digest's visit-missing-intel line opens the intel form of that earlier visit", async () => {
    const { client, db } = nodeDb(dbUrl);
    const [rep] = await db.select({ id: users.id }).from(users).where(eq(users.email, "rep@browser.test"));
    const yesterday = addDays(localDateOf(Date.now(), "Asia/Shanghai"), -1);
    const [visit] = await db
      .insert(interactions)
      .values({ repId: rep!.id, storeId: await storeId(dbUrl, "老百姓大药房(五一店)"), channel: "visit", occurredAt: Date.parse(`${yesterday}T02:00:00Z`), localDate: yesterday, idempotencyKey: "browser-intel-1" })
      .returning();
    client.close();
    const context = await browser.newContext(PHONE);
    const page = await signIn(baseUrl, dbUrl, context, "rep@browser.test");
    await page.goto(`${baseUrl}/today`);
    await page.click(`a[href$="/interactions/${visit!.id}/intel"]`);
    await page.waitForURL(`${baseUrl}/interactions/${visit!.id}/intel`);
    expect(await page.textContent("main")).toContain("老百姓大药房(五一店)");
    expect(await page.evaluate("document.documentElement.scrollWidth")).toBeLessThanOrEqual(390);
    await page.fill("[name='intel.family.detail']", "女儿明年高考");
    await page.fill("[name='intel.competitor.detail']", "竞品买二送一");
    await page.click("form.log-form button[type=submit]");
    await page.waitForURL(new RegExp(`/log/saved/${visit!.id}\\?intel=2`));
    expect(await page.textContent("main")).toContain("已补充 2 条情报");
    await context.close();
  });

  it("a rep skips a plan item on /today with a reason, on a 390 px phone, and it leaves the plan", async () => {
    const { client, db } = nodeDb(dbUrl);
    // desk@ (a rep): rep@ signs in often enough in this file to meet the sign-in throttle.
    const store = await storeId(dbUrl, "康宁大药房(五一店)");
    // A wedding today: a visit in today's plan whatever the weekday.
    const [c] = await db.insert(contacts).values({ storeId: store, role: "owner", name: "赵敏", formOfAddress: "赵姐" }).returning();
    await db.insert(lifeEvents).values({ contactId: c!.id, kind: "wedding", date: localDateOf(Date.now(), "Asia/Shanghai") });
    const context = await browser.newContext(PHONE);
    const page = await signIn(baseUrl, dbUrl, context, "desk@browser.test");
    await page.goto(`${baseUrl}/today`);
    const item = page.locator(`#plan li:has(input[name="storeId"][value="${store}"]):has(input[name="channel"][value="visit"])`);
    expect(await item.count()).toBe(1);
    await item.locator("summary").click();
    await item.getByLabel("门店关门").check();
    await item.locator("input[name=note]").fill("装修，下周开");
    expect(await page.evaluate("document.documentElement.scrollWidth")).toBeLessThanOrEqual(390);
    await item.locator("button[type=submit]").click();
    await page.waitForURL(/\/today\?skipped=1/);
    expect(await page.textContent("main")).toContain("已跳过");
    expect(await page.locator(`#plan input[name="storeId"][value="${store}"]`).count()).toBe(0);
    const saved = await db.select().from(planSkips).where(eq(planSkips.storeId, store));
    client.close();
    expect(saved.map((r) => [r.channel, r.reason, r.note])).toEqual([["visit", "closed", "装修，下周开"]]);
    await context.close();
  });

  it("warns about the year's gift cap while the rep types the gift's value, before saving", async () => {
    const context = await browser.newContext(PHONE);
    const page = await signIn(baseUrl, dbUrl, context, "desk@browser.test");
    await page.goto(`${baseUrl}/log?storeId=${await storeId(dbUrl, "康宁大药房(五一店)")}`);
    const note = page.locator("#gift-cap-live");
    expect(await note.isVisible()).toBe(false);
    await page.fill("[name='gift.value']", "2500"); // the default cap is ¥2,000 a store a year
    await note.waitFor({ state: "visible" });
    expect(await note.textContent()).toContain("¥2,000");
    await page.fill("[name='gift.value']", "150");
    await note.waitFor({ state: "hidden" });
    await context.close();
  });

  it("a rep cannot open another rep's store", async () => {
    const context = await browser.newContext(PHONE);
    const page = await signIn(baseUrl, dbUrl, context, "rep@browser.test");
    const other = await storeId(dbUrl, "株洲康济大药房");
    expect((await page.goto(`${baseUrl}/stores/${other}`))?.status()).toBe(404);
    expect((await page.goto(`${baseUrl}/log?storeId=${other}`))?.status()).toBe(404);
    expect((await page.goto(`${baseUrl}/stores/${await storeId(dbUrl, "仁和堂药店")}`))?.status()).toBe(200);
    await page.goto(`${baseUrl}/stores`);
    expect(await page.textContent("main")).not.toContain("株洲康济大药房");
    await context.close();
  });
});
