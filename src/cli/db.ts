// Node-side database access for the CLI, `npm start` and the test setup.
import { createClient, type Client } from "@libsql/client";
import { drizzle } from "drizzle-orm/libsql";
import { migrate } from "drizzle-orm/libsql/migrator";
import { fileURLToPath } from "node:url";
import * as schema from "../db/schema.ts";
import { DEFAULT_FESTIVALS, DEFAULT_RULES } from "../domain/policy.ts";
import { festivalToRow } from "../db/queries/festivals.ts";
import { DEFAULT_GREETING_TEMPLATES } from "../domain/greetings.ts";

export const migrationsFolder = fileURLToPath(new URL("../../migrations", import.meta.url));

export function nodeDb(url: string, authToken?: string) {
  const client = createClient({ url, authToken });
  return { client, db: drizzle(client, { schema }) };
}

/**
 * Applies the migrations, then installs the handbook's defaults (policy and the three festivals)
 * once: the policy row marks an installed database, so festivals an admin deleted stay deleted.
 * `folder`: another migrations folder (a test builds a database as an older release had it).
 *
 * Foreign keys: sqld enforces them on every connection. @libsql/client's migrate() runs the pending
 * migrations in one transaction with `PRAGMA foreign_keys=off` sent before it (a PRAGMA inside a
 * transaction is a no-op), so a table rebuild's DROP TABLE cascades nowhere; 0004 checks both.
 */
export async function migrateDatabase(url: string, authToken?: string, folder = migrationsFolder): Promise<void> {
  const { client, db } = nodeDb(url, authToken);
  try {
    await migrate(db, { migrationsFolder: folder });
    await installDefaults(client);
  } finally {
    client.close();
  }
}

async function installDefaults(client: Client): Promise<void> {
  const db = drizzle(client, { schema });
  await db.transaction(async (tx) => {
    const inserted = await tx
      .insert(schema.policy)
      .values({ id: 1, data: DEFAULT_RULES })
      .onConflictDoNothing()
      .returning({ id: schema.policy.id });
    if (inserted.length > 0) {
      await tx.insert(schema.festivals).values(DEFAULT_FESTIVALS.map(festivalToRow)).onConflictDoNothing();
    }
    // Greeting texts (R4–R8): admins deactivate templates but never delete them, so an empty table
    // means a database installed before templates existed — fill it once.
    const [any] = await tx.select({ id: schema.greetingTemplates.id }).from(schema.greetingTemplates).limit(1);
    if (!any) await tx.insert(schema.greetingTemplates).values([...DEFAULT_GREETING_TEMPLATES]).onConflictDoNothing();
  });
}
