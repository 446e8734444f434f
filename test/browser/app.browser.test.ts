// Browser: a rep signs in through an e-mailed link on a phone, logs a visit with intel and sees the
// pace move; a manager sees the team; a rep cannot open another rep's store.
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { fileURLToPath } from "node:url";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { eq } from "drizzle-orm";
import { hasChromium, launch, signinLinkFromOutbox } from "./browser.ts";
import { nodeDb } from "../../src/cli/db.ts";
import { stores } from "../../src/db/schema.ts";

const baseUrl = inject("baseUrl");
const dbUrl = inject("dbUrl");
const PHONE = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: "zh-CN" };
/** The README's screenshots are refreshed with UPDATE_SCREENSHOTS=1; other runs write to a temp folder. */
const screenshot = (name: string) =>
  process.env.UPDATE_SCREENSHOTS ? fileURLToPath(new URL(`./screenshots/${name}`, import.meta.url)) : join(tmpdir(), `keqing-${name}`);

// CI installs Chromium (.ci/run); elsewhere, without it, say so and skip rather than fail.
if (!hasChromium && !process.env.CI) console.warn("Chromium not found at /usr/bin/chromium: browser tests skipped (apt-get install chromium)");

async function storeId(name: string): Promise<number> {
  const { client, db } = nodeDb(dbUrl);
  const [row] = await db.select({ id: stores.id }).from(stores).where(eq(stores.name, name));
  client.close();
  return row!.id;
}

async function signIn(context: BrowserContext, email: string): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`${baseUrl}/signin`);
  await page.fill("#email", email);
  await page.click("button[type=submit]");
  await page.waitForSelector(".alert.ok");
  const link = await signinLinkFromOutbox(dbUrl, email);
  await page.goto(link);
  await page.click("form[action='/signin/verify'] button");
  await page.waitForURL((u) => !u.pathname.startsWith("/signin"));
  return page;
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
    const page = await signIn(context, "rep@browser.test");
    const storeA = await storeId("益丰大药房(芙蓉路店)");
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
    const page = await signIn(context, "manager@browser.test");
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
    const page = await signIn(context, "rep@browser.test");
    await page.goto(`${baseUrl}/log?storeId=${await storeId("仁和堂药店")}`);
    await page.click("summary:has-text('礼品')"); // folded away at a class C store
    await page.fill("[name='gift.what']", "水果篮");
    await page.fill("[name='gift.value']", "-20");
    await page.click("form.log-form button[type=submit]");
    await page.waitForSelector("#gift\\.value-error");
    expect(await page.inputValue("[name='gift.what']")).toBe("水果篮");
    await context.close();
  });

  it("a rep cannot open another rep's store", async () => {
    const context = await browser.newContext(PHONE);
    const page = await signIn(context, "rep@browser.test");
    const other = await storeId("株洲康济大药房");
    expect((await page.goto(`${baseUrl}/stores/${other}`))?.status()).toBe(404);
    expect((await page.goto(`${baseUrl}/log?storeId=${other}`))?.status()).toBe(404);
    expect((await page.goto(`${baseUrl}/stores/${await storeId("仁和堂药店")}`))?.status()).toBe(200);
    await page.goto(`${baseUrl}/stores`);
    expect(await page.textContent("main")).not.toContain("株洲康济大药房");
    await context.close();
  });
});
