// Browser: the main navigation fits a 390 px phone for every role — each link inside the viewport
// and reachable without scrolling sideways (before, "设置" was cut off for managers and admins) —
// and /team on a desktop and on a phone (the README's screenshots with UPDATE_SCREENSHOTS=1).
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { fileURLToPath } from "node:url";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser } from "playwright-core";
import { hasChromium, launch, PHONE, signIn } from "./browser.ts";

const baseUrl = inject("baseUrl");
const dbUrl = inject("dbUrl");
const screenshot = (name: string) =>
  process.env.UPDATE_SCREENSHOTS ? fileURLToPath(new URL(`./screenshots/${name}`, import.meta.url)) : join(tmpdir(), `keqing-${name}`);

describe.skipIf(!hasChromium && !process.env.CI)("the phone navigation (browser)", () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launch();
  });
  afterAll(async () => {
    await browser?.close();
  });

  for (const [role, email, links] of [
    ["rep", "desk@browser.test", ["/today", "/log", "/stores", "/month", "/settings"]],
    ["manager", "manager@browser.test", ["/today", "/log", "/stores", "/month", "/team", "/settings"]],
    ["admin", "admin@browser.test", ["/today", "/log", "/stores", "/month", "/team", "/admin", "/settings"]],
  ] as const) {
    it(`shows every link of a ${role}'s navigation inside a 390 px screen`, async () => {
      const context = await browser.newContext(PHONE);
      const page = await signIn(baseUrl, dbUrl, context, email);
      await page.goto(`${baseUrl}/today`);
      const boxes = await page.$$eval("nav.main a", (as) =>
        as.map((a) => {
          const r = a.getBoundingClientRect();
          return { href: a.getAttribute("href"), left: r.left, right: r.right, top: r.top, bottom: r.bottom, width: r.width };
        }),
      );
      expect(boxes.map((b) => b.href)).toEqual([...links]);
      for (const b of boxes) {
        expect(b.width, b.href ?? "").toBeGreaterThan(0);
        expect(b.left, b.href ?? "").toBeGreaterThanOrEqual(0);
        expect(b.right, b.href ?? "").toBeLessThanOrEqual(390);
        expect(b.bottom, b.href ?? "").toBeLessThanOrEqual(844);
      }
      // Nothing scrolls sideways: neither the page nor the navigation itself.
      expect(await page.evaluate("document.documentElement.scrollWidth")).toBeLessThanOrEqual(390);
      expect(await page.$eval("nav.main", (n) => n.scrollWidth <= n.clientWidth)).toBe(true);
      // The last link (settings) is the one that used to be cut off: it opens its page.
      await page.click("nav.main a[href='/settings']");
      await page.waitForURL(/\/settings$/);
      await context.close();
    });
  }

  it("shows /team on a desktop and on a phone", async () => {
    for (const [name, options] of [
      ["team-desktop.png", { viewport: { width: 1280, height: 900 }, locale: "zh-CN" }],
      ["team-phone.png", PHONE],
    ] as const) {
      const context = await browser.newContext(options);
      const page = await signIn(baseUrl, dbUrl, context, "manager@browser.test");
      await page.goto(`${baseUrl}/team`);
      await page.waitForSelector(".card[data-rep]");
      expect(await page.evaluate("document.documentElement.scrollWidth")).toBeLessThanOrEqual(options.viewport.width);
      // The reps × channels picture is drawn and fits the screen.
      const grid = (await page.locator("#team-grid svg").boundingBox())!;
      expect(grid.width).toBeGreaterThan(200);
      expect(grid.x + grid.width).toBeLessThanOrEqual(options.viewport.width);
      await page.screenshot({ path: screenshot(name), fullPage: false });
      await context.close();
    }
  });
});
