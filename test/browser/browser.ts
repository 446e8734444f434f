// Debian's Chromium driven by playwright-core: never a downloaded browser (no network here).
import { existsSync } from "node:fs";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { and, desc, eq, gt, max } from "drizzle-orm";
import { nodeDb } from "../../src/cli/db.ts";
import { outbox, stores, users } from "../../src/db/schema.ts";

export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
export const hasChromium = existsSync(CHROMIUM);
/** A 390 px phone, as reps use the app. */
export const PHONE = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: "zh-CN" };

export async function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
    // playwright gives every launch a fresh, empty profile directory of its own.
  });
}

/** Runs `work` on its own client of the tests' database, closed afterwards whatever happens. */
export async function withDb<T>(dbUrl: string, work: (db: ReturnType<typeof nodeDb>["db"]) => Promise<T>): Promise<T> {
  const { client, db } = nodeDb(dbUrl);
  try {
    return await work(db);
  } finally {
    client.close();
  }
}

/** The sign-in link from the local outbox (no mail provider in tests), as a user would find it in mail. */
export async function signinLinkFromOutbox(dbUrl: string, email: string, afterId = 0): Promise<string> {
  const { client, db } = nodeDb(dbUrl);
  try {
    for (let i = 0; i < 100; i++) {
      const [row] = await db
        .select({ text: outbox.text })
        .from(outbox)
        .innerJoin(users, eq(users.id, outbox.userId))
        .where(and(eq(users.email, email), gt(outbox.id, afterId)))
        .orderBy(desc(outbox.id))
        .limit(1);
      const link = row?.text?.match(/https?:\/\/\S+/)?.[0];
      if (link) return link;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`no sign-in mail for ${email}`);
  } finally {
    client.close();
  }
}

/** A store's id by its name in the fixtures (test/browser/stack.ts). */
export async function storeId(dbUrl: string, name: string): Promise<number> {
  const { client, db } = nodeDb(dbUrl);
  const [row] = await db.select({ id: stores.id }).from(stores).where(eq(stores.name, name));
  client.close();
  return row!.id;
}

/** Signs in as a user would: the e-mailed link, then the confirm button; returns the page it lands on. */
export async function signIn(baseUrl: string, dbUrl: string, context: BrowserContext, email: string): Promise<Page> {
  const page = await context.newPage();
  // The link mailed for this sign-in, not an earlier one (the mail is written after the answer).
  const { client, db } = nodeDb(dbUrl);
  const [last] = await db.select({ id: max(outbox.id) }).from(outbox);
  client.close();
  await page.goto(`${baseUrl}/signin`);
  await page.fill("#email", email);
  await page.click("button[type=submit]");
  await page.waitForSelector(".alert.ok");
  const link = await signinLinkFromOutbox(dbUrl, email, last?.id ?? 0);
  await page.goto(link);
  await page.click("form[action='/signin/verify'] button");
  await page.waitForURL((u) => !u.pathname.startsWith("/signin"));
  return page;
}
