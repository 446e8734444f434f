// Debian's Chromium driven by playwright-core: never a downloaded browser (no network here).
import { existsSync } from "node:fs";
import { chromium, type Browser } from "playwright-core";
import { eq, desc } from "drizzle-orm";
import { nodeDb } from "../../src/cli/db.ts";
import { outbox, users } from "../../src/db/schema.ts";

export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
export const hasChromium = existsSync(CHROMIUM);

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

/** The sign-in link from the local outbox (no mail provider in tests), as a user would find it in mail. */
export async function signinLinkFromOutbox(dbUrl: string, email: string): Promise<string> {
  const { client, db } = nodeDb(dbUrl);
  try {
    for (let i = 0; i < 100; i++) {
      const [row] = await db
        .select({ text: outbox.text })
        .from(outbox)
        .innerJoin(users, eq(users.id, outbox.userId))
        .where(eq(users.email, email))
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
