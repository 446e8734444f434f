// Node-side database access for the CLI, `npm start` and the test setup.
import { createClient } from "@libsql/client";
import { drizzle } from "drizzle-orm/libsql";
import { migrate } from "drizzle-orm/libsql/migrator";
import { fileURLToPath } from "node:url";
import * as schema from "../db/schema.ts";

export const migrationsFolder = fileURLToPath(new URL("../../migrations", import.meta.url));

export function nodeDb(url: string, authToken?: string) {
  const client = createClient({ url, authToken });
  return { client, db: drizzle(client, { schema }) };
}

export async function migrateDatabase(url: string, authToken?: string): Promise<void> {
  const { client, db } = nodeDb(url, authToken);
  try {
    await migrate(db, { migrationsFolder });
  } finally {
    client.close();
  }
}
