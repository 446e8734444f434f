// Debian's Chromium driven by playwright-core: never a downloaded browser (no network here).
import { existsSync } from "node:fs";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { and, desc, eq, gt } from "drizzle-orm";
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

/** The newest outbox row of `email` (0 when none): a sign-in mail asked for later has a higher id. */
async function newestMailId(dbUrl: string, email: string): Promise<number> {
  const { client, db } = nodeDb(dbUrl);
  try {
    const [row] = await db.select({ id: outbox.id }).from(outbox).innerJoin(users, eq(users.id, outbox.userId)).where(eq(users.email, email)).orderBy(desc(outbox.id)).limit(1);
    return row?.id ?? 0;
  } finally {
    client.close();
  }
}

/**
 * The sign-in link from the local outbox (no mail provider in tests), as a user would find it in
 * mail: the first mail after `after`. The mail is written after the response (the answer takes as
 * long whether or not the address exists), so an older, already used link must not be taken for it.
 */
async function signinLinkFromOutbox(dbUrl: string, email: string, after: number): Promise<string> {
  const { client, db } = nodeDb(dbUrl);
  try {
    for (let i = 0; i < 100; i++) {
      const [row] = await db
        .select({ text: outbox.text })
        .from(outbox)
        .innerJoin(users, eq(users.id, outbox.userId))
        .where(and(eq(users.email, email), gt(outbox.id, after)))
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

/** Signs in through the e-mailed link, as a user would; the page is left on where the link leads. */
export async function signIn(context: BrowserContext, baseUrl: string, dbUrl: string, email: string): Promise<Page> {
  const page = await context.newPage();
  const before = await newestMailId(dbUrl, email);
  await page.goto(`${baseUrl}/signin`);
  await page.fill("#email", email);
  await page.click("button[type=submit]");
  await page.waitForSelector(".alert.ok");
  const link = await signinLinkFromOutbox(dbUrl, email, before);
  await page.goto(link);
  await page.click("form[action='/signin/verify'] button");
  await page.waitForURL((u) => !u.pathname.startsWith("/signin"));
  return page;
}

export async function storeIdByName(dbUrl: string, name: string): Promise<number> {
  const { client, db } = nodeDb(dbUrl);
  try {
    const [row] = await db.select({ id: stores.id }).from(stores).where(eq(stores.name, name));
    if (!row) throw new Error(`no store named ${name}`);
    return row.id;
  } finally {
    client.close();
  }
}
