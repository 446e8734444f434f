// Browser: the installable app offline (README "Offline"). A rep's pages open without a network from
// the service worker's copy; quick logs made offline wait in IndexedDB through a reload and a closed
// tab, and reach the server once each, in order, when the network is back; a refused one says why
// and can be fixed or discarded; a new deploy's service worker replaces the old one's caches.
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { and, asc, eq, like } from "drizzle-orm";
import { hasChromium, launch, PHONE, signIn, storeId, withDb as withSharedDb } from "./browser.ts";
import { startWrangler } from "./stack.ts";
import { freePort } from "../../src/cli/sqld.ts";
import { contacts, interactions, sessions, stores, users } from "../../src/db/schema.ts";

const baseUrl = inject("baseUrl");
const dbUrl = inject("dbUrl");

/** The tests' database, through the shared helper. */
const withDb = <T,>(work: Parameters<typeof withSharedDb<T>>[1]) => withSharedDb(dbUrl, work);

/** Signed in with the service worker installed and the rep's pages synced for offline use. */
async function syncedRep(context: BrowserContext): Promise<Page> {
  const page = await signIn(baseUrl, dbUrl, context, "field@browser.test");
  await page.goto(`${baseUrl}/today`);
  await page.waitForSelector("html[data-kq-synced]", { state: "attached", timeout: 30_000 });
  return page;
}

/** The quick log for a store from the device's copy, with the time of that copy shown. */
async function offlineLogForm(page: Page, id: number): Promise<void> {
  await page.goto(`${baseUrl}/log?storeId=${id}`);
  expect(await page.textContent("#kq-offline")).toMatch(/^离线 · 上次同步 \d\d:\d\d$/);
}

async function logOffline(page: Page, contactLabel: string | null, notes: string): Promise<void> {
  await page.check("input[name=channel][value=visit]", { force: true });
  if (contactLabel) await page.selectOption("#contactId", { label: contactLabel });
  await page.fill("#notes", notes);
  await page.evaluate(`document.getElementById("kq-queued")?.remove()`); // the previous entry's note
  await page.click("form.log-form button[type=submit]");
  await page.waitForSelector("#kq-queued");
}

const badge = (page: Page) => page.textContent("#kq-queue .badge");

// The stylesheet is a static asset (public/, before the Worker): public/_headers keeps its hour of
// caching, and it is still the stylesheet every page links.
describe("static assets (browser)", () => {
  it("serves the stylesheet from public/ with an hour's public caching", async () => {
    const res = await fetch(`${baseUrl}/assets/app.css`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/css/);
    expect(res.headers.get("cache-control")).toBe("public, max-age=3600");
    expect(await res.text()).toContain(".card{");
    expect(await fetch(`${baseUrl}/signin`).then((r) => r.text())).toMatch(/<link rel="stylesheet" href="\/assets\/app.css"\s*\/?>/);
  });
});

describe.skipIf(!hasChromium && !process.env.CI)("offline (browser)", () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launch();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it("logs made offline survive a reload and a closed tab, and are stored once each, in order, when back online", async () => {
    const context = await browser.newContext(PHONE);
    const page = await syncedRep(context);
    const storeA = await storeId(dbUrl, "一心堂(东塘店)");

    await context.setOffline(true);
    await offlineLogForm(page, storeA);
    await logOffline(page, "周姐（周梅） · 老板", "离线第一条：地下一层");
    await expect.poll(() => badge(page)).toBe("待上传 1");
    await logOffline(page, "小孙（孙丽） · 营业员", "离线第二条：商场里");
    await expect.poll(() => badge(page)).toBe("待上传 2");
    expect(await page.$$eval("#kq-queue li", (li) => li.map((l) => l.getAttribute("data-state")))).toEqual(["queued", "queued"]);

    await page.reload();
    expect(await badge(page)).toBe("待上传 2");
    await page.close();
    const again = await context.newPage();
    await again.goto(`${baseUrl}/today`);
    expect(await again.textContent("#kq-offline")).toContain("离线");
    expect(await badge(again)).toBe("待上传 2");
    const stored = () =>
      withDb((db) =>
        db
          .select({ id: interactions.id, notes: interactions.notes, key: interactions.idempotencyKey })
          .from(interactions)
          .where(like(interactions.notes, "离线第%"))
          .orderBy(asc(interactions.id)),
      );
    expect(await stored()).toEqual([]);

    await context.setOffline(false);
    await again.waitForSelector("#kq-queue", { state: "detached" });
    const rows = await stored();
    expect(rows.map((r) => r.notes)).toEqual(["离线第一条：地下一层", "离线第二条：商场里"]);
    expect(new Set(rows.map((r) => r.key)).size).toBe(2);

    // Sending an entry again (a tab that had not heard, a Background Sync after the page's own send)
    // is answered with the row already stored: still one row.
    const replay = await again.evaluate(`(() => {
      const d = new Date(Date.now() - 3600000), p = (n) => String(n).padStart(2, "0");
      const when = d.getFullYear() + "-" + p(d.getMonth() + 1) + "-" + p(d.getDate()) + "T" + p(d.getHours()) + ":" + p(d.getMinutes());
      const fields = [["storeId", "${storeA}"], ["channel", "visit"], ["when", when], ["notes", "again"], ["idempotencyKey", "${rows[0]!.key}"]];
      return KQ.send({ key: "${rows[0]!.key}", fields }, document.querySelector('meta[name="kq-csrf"]').content);
    })()`);
    expect(replay).toMatchObject({ outcome: "stored", body: { id: rows[0]!.id, replayed: true } });
    expect(await stored()).toHaveLength(2);
    await context.close();
  });

  it("a queued log the server refuses is shown with its reason, and can be fixed or discarded", async () => {
    const context = await browser.newContext(PHONE);
    const page = await syncedRep(context);
    const storeA = await storeId(dbUrl, "一心堂(东塘店)");
    const storeB = await storeId(dbUrl, "千金大药房(河西店)");
    // A contact who will be erased while the log waits.
    const [temp] = await withDb((db) => db.insert(contacts).values({ storeId: storeA, role: "clerk", name: "赵敏", formOfAddress: "小赵" }).returning());
    await page.reload(); // the form with the new contact, kept for offline use
    await page.goto(`${baseUrl}/log?storeId=${storeA}`);
    const [rep] = await withDb((db) => db.select().from(users).where(eq(users.email, "field@browser.test")));
    const [other] = await withDb((db) => db.select().from(users).where(eq(users.email, "other@browser.test")));

    await context.setOffline(true);
    await offlineLogForm(page, storeB);
    await logOffline(page, null, "拒绝：门店已调走"); // store B has no contacts
    await offlineLogForm(page, storeA);
    await logOffline(page, "小赵（赵敏） · 营业员", "拒绝：联系人已删除");
    await expect.poll(() => badge(page)).toBe("待上传 2");

    // Meanwhile: store B goes to another rep, the contact is erased.
    await withDb(async (db) => {
      await db.update(stores).set({ repId: other!.id }).where(eq(stores.id, storeB));
      await db.delete(contacts).where(eq(contacts.id, temp!.id));
    });
    try {
      await context.setOffline(false);
      await expect.poll(() => page.locator('#kq-queue li[data-state="refused"]').count(), { timeout: 20_000 }).toBe(2);
      // Locators, not element handles: the list is drawn again whenever the queue changes.
      const entries = page.locator("#kq-queue li");
      expect(await entries.nth(0).textContent()).toContain("这家门店不存在或已不由你负责");
      expect(await entries.nth(1).textContent()).toContain("被拒");
      expect(await badge(page)).toBe("待上传 2"); // nothing dropped

      // Discard the one that cannot be logged any more.
      page.once("dialog", (d) => void d.accept());
      await entries.filter({ hasText: "这家门店不存在或已不由你负责" }).locator("button").click();
      await expect.poll(() => page.locator("#kq-queue li").count(), { timeout: 10_000 }).toBe(1);

      // Fix the other: its fields come back in the form with the reason; choose a contact and save.
      await page.click("#kq-queue li a.button");
      await page.waitForSelector("form.log-form .alert.error");
      expect(await page.textContent("form.log-form .alert.error")).toContain("上次上传被拒");
      expect(await page.inputValue("#notes")).toBe("拒绝：联系人已删除");
      await page.selectOption("#contactId", { label: "周姐（周梅） · 老板" });
      await page.click("form.log-form button[type=submit]");
      await page.waitForURL(/\/log\/saved\/\d+/);
      expect(await page.$("#kq-queue")).toBeNull();
      const rows = await withDb((db) =>
        db.select().from(interactions).where(and(eq(interactions.repId, rep!.id), like(interactions.notes, "拒绝：%"))),
      );
      expect(rows.map((r) => [r.notes, r.storeId])).toEqual([["拒绝：联系人已删除", storeA]]);
    } finally {
      await withDb((db) => db.update(stores).set({ repId: rep!.id }).where(eq(stores.id, storeB)));
      await context.close();
    }
  });

  it("a log whose session ended meanwhile is kept, and sent once the rep has signed in again", async () => {
    const context = await browser.newContext(PHONE);
    const page = await signIn(baseUrl, dbUrl, context, "other@browser.test");
    const store = await storeId(dbUrl, "株洲康济大药房");
    await page.goto(`${baseUrl}/log?storeId=${store}`);
    const [who] = await withDb((db) => db.select().from(users).where(eq(users.email, "other@browser.test")));
    await withDb((db) => db.delete(sessions).where(eq(sessions.userId, who!.id))); // signed out everywhere, elsewhere
    await logOffline(page, null, "会话过期后记的一笔");
    await expect.poll(() => badge(page)).toBe("待上传 1");
    expect(await page.getAttribute("#kq-queue li", "data-state")).toBe("signin");

    const again = await signIn(baseUrl, dbUrl, context, "other@browser.test");
    // Sent by whichever of the rep's pages flushes the queue first: wait for the row itself (the
    // badge may be gone from this page before its send has finished).
    const stored = () => withDb((db) => db.select().from(interactions).where(eq(interactions.notes, "会话过期后记的一笔")));
    await expect.poll(async () => (await stored()).map((r) => [r.repId, r.storeId]), { timeout: 15_000 }).toEqual([[who!.id, store]]);
    await again.waitForSelector("#kq-queue", { state: "detached" });
    await context.close();
  });

  it("signing out empties the kept pages: offline, no one is shown the rep's copy", async () => {
    const context = await browser.newContext(PHONE);
    const page = await syncedRep(context);
    await context.setOffline(true);
    await page.goto(`${baseUrl}/today`);
    expect(await page.textContent("#kq-offline")).toContain("离线");
    await context.setOffline(false);
    await page.click("header form[action='/signout'] button");
    await page.waitForURL(/\/signout$/); // the sign-in page, answering the post
    expect(await page.evaluate<string[]>("caches.keys().then((names) => Promise.all(names.map((n) => caches.open(n).then((c) => c.keys())))).then((all) => all.flat().map((r) => new URL(r.url).pathname))")).not.toContain("/today");
    await context.setOffline(true);
    await expect(page.goto(`${baseUrl}/today`)).rejects.toThrow(/ERR_INTERNET_DISCONNECTED|ERR_FAILED/);
    await context.close();
  });

  it("a new deploy's service worker takes over and deletes the old version's caches", async () => {
    const dir = mkdtempSync(join(tmpdir(), "keqing-sw-"));
    const port = await freePort();
    let server = await startWrangler(port, dbUrl, dir);
    const context = await browser.newContext(PHONE);
    try {
      const page = await context.newPage();
      await page.goto(`${server.baseUrl}/signin`);
      const cacheNames = () => page.evaluate<string[]>("caches.keys()");
      const first = await page.evaluate("navigator.serviceWorker.ready.then((reg) => reg.active.scriptURL)");
      expect(first).toBe(`${server.baseUrl}/sw.js`);
      await expect.poll(async () => (await cacheNames()).filter((k) => k.startsWith("kq-static-")).length, { timeout: 15_000 }).toBe(1);
      const [v1] = (await cacheNames()).filter((k) => k.startsWith("kq-static-"));
      // The version is the deploy's: the script says it.
      expect(await (await fetch(`${server.baseUrl}/sw.js`)).text()).toContain(`const VERSION = "${v1!.slice("kq-static-".length)}"`);

      server.stop();
      server = await startWrangler(port, dbUrl, dir); // a new deploy: a new version id
      await page.evaluate(`(async () => {
        const reg = await navigator.serviceWorker.ready;
        const changed = new Promise((resolve) => navigator.serviceWorker.addEventListener("controllerchange", resolve, { once: true }));
        await reg.update();
        await changed;
      })()`);
      // The old version's caches go once the new worker has activated (controllerchange comes first).
      await expect.poll(async () => (await cacheNames()).filter((k) => k.startsWith("kq-static-")), { timeout: 15_000 }).toHaveLength(1);
      const names = (await cacheNames()).filter((k) => k.startsWith("kq-static-"));
      expect(names[0]).not.toBe(v1);
      expect(await (await fetch(`${server.baseUrl}/sw.js`)).text()).toContain(`const VERSION = "${names[0]!.slice("kq-static-".length)}"`);
      // The new version's files are there: the page still gets its script from the cache offline.
      await context.setOffline(true);
      expect(await page.evaluate(`fetch("/assets/app.js").then((r) => r.ok)`)).toBe(true);
    } finally {
      await context.close();
      server.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
