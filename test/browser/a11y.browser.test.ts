// Browser: every page a rep, a manager and an admin open passes axe-core's WCAG 2 A/AA rules (and
// 2.1/2.2 AA), on a 390 px phone, with the page in the state a user would leave it: the CSV import
// preview shown, a form re-rendered with its errors. Findings are printed with their targets.
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import axeCore from "axe-core";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { hasChromium, launch, PHONE, signIn, storeId as storeIdOf } from "./browser.ts";

const baseUrl = inject("baseUrl");
const dbUrl = inject("dbUrl");
/** axe-core's own code as text, to run inside the page (as @axe-core/playwright does). */
const AXE_SOURCE = axeCore.source;
const TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];

type Finding = { id: string; impact: string | null; help: string; targets: string[] };

/** axe-core run on what the page shows now; the findings, each with the elements it names. */
async function audit(page: Page): Promise<Finding[]> {
  await page.addScriptTag({ content: AXE_SOURCE });
  return page.evaluate(async (tags) => {
    // Runs in the page: no DOM types in this Node project, so the page's globals are described here.
    type Axe = { run: (ctx: unknown, opts: object) => Promise<{ violations: { id: string; impact: string | null; help: string; nodes: { target: string[] }[] }[] }> };
    const { axe, document } = globalThis as unknown as { axe: Axe; document: unknown };
    const result = await axe.run(document, { runOnly: { type: "tag", values: tags } });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.map((n) => n.target.join(" ")) }));
  }, TAGS);
}

async function expectClean(page: Page, path: string): Promise<void> {
  if (path) {
    const res = await page.goto(`${baseUrl}${path}`);
    expect(res?.status(), path).toBeLessThan(400);
  }
  const findings = await audit(page);
  expect(findings, `${path || page.url()}: ${JSON.stringify(findings, null, 1)}`).toEqual([]);
}

describe.skipIf(!hasChromium && !process.env.CI)("accessibility, WCAG 2 AA with axe-core (browser)", () => {
  // axe-core is injected as an inline script, which the app's CSP (script-src 'self') refuses.
  let browser: Browser;
  let context: BrowserContext;
  beforeAll(async () => {
    browser = await launch();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it("the sign-in page, signed out", async () => {
    context = await browser.newContext({ ...PHONE, bypassCSP: true });
    const page = await context.newPage();
    await expectClean(page, "/signin");
    await context.close();
  });

  it("a rep's pages", async () => {
    context = await browser.newContext({ ...PHONE, bypassCSP: true });
    const page = await signIn(baseUrl, dbUrl, context, "desk@browser.test");
    const storeId = await storeIdOf(dbUrl, "康宁大药房(五一店)");
    const lists = ["/today/lists/follow-ups", "/today/lists/slow-movers", "/today/lists/intel"];
    for (const path of ["/today", ...lists, "/log", `/log?storeId=${storeId}`, "/month", "/stores", `/stores/${storeId}`, "/settings", `/stores/${storeId}/contacts/new`]) {
      await expectClean(page, path);
    }
    // A contact's page, reached as a rep would, from the store.
    await page.goto(`${baseUrl}/stores/${storeId}`);
    await page.click("a[href^='/contacts/']");
    await page.waitForURL(/\/contacts\/\d+$/);
    await expectClean(page, "");
    // A form sent back with its errors: the error summary and the fields' descriptions.
    await page.goto(`${baseUrl}/stores/${storeId}/contacts/new`);
    await page.fill("#name", "测试");
    await page.fill("#phone", "电话打不通");
    await page.click("form:has(#name) button[type=submit]");
    await page.waitForSelector("#phone-error");
    await expectClean(page, "");
    await context.close();
  });

  it("a manager's pages", async () => {
    context = await browser.newContext({ ...PHONE, bypassCSP: true });
    const page = await signIn(baseUrl, dbUrl, context, "manager@browser.test");
    for (const path of ["/today", "/team", "/stores", "/month", "/stores/new"]) await expectClean(page, path);
    // The weekly's lists in full (issue 13), the per-rep tables among them.
    for (const list of ["not-contacted", "notes?kind=competitor", "gifts", "follow-ups", "rules", "change", "festivals"]) await expectClean(page, `/team/lists/${list}`);
    // A rep's page with the month's line (from /team, as a manager gets there).
    await page.goto(`${baseUrl}/team`);
    await expectClean(page, (await page.getAttribute(".card[data-rep] h3 a", "href"))!);
    await context.close();
  });

  it("an admin's pages, with the CSV import preview and its errors", async () => {
    context = await browser.newContext({ ...PHONE, bypassCSP: true });
    const page = await signIn(baseUrl, dbUrl, context, "admin@browser.test");
    for (const path of ["/admin", "/admin/users", "/admin/teams", "/admin/policy", "/admin/festivals", "/admin/templates", "/admin/import", "/admin/outbox", "/admin/audit"]) {
      await expectClean(page, path);
    }
    // A clean file: its first rows in a table that scrolls sideways on a phone.
    await page.goto(`${baseUrl}/admin/import`);
    await page.fill("#text", "name,class,city,rep_email\n百姓缘大药房,B,长沙,rep@browser.test\n");
    await page.click("form[action='/admin/import/preview'] button[type=submit]");
    await page.waitForSelector("form[action='/admin/import'] button[type=submit]");
    await expectClean(page, "");
    // A file with errors: the table of what is wrong, row by row.
    await page.goto(`${baseUrl}/admin/import`);
    await page.fill("#text", "name,class,city,rep_email\n,Z,长沙,nobody@browser.test\n");
    await page.click("form[action='/admin/import/preview'] button[type=submit]");
    await page.waitForSelector("table.import-errors");
    await expectClean(page, "");
    await context.close();
  });
});
