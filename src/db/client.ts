// The Worker's database: Drizzle over libSQL's HTTP client (Turso in production, sqld locally).
// A client per request: no module-level client holding secrets.
import { createClient } from "@libsql/client/web";
import { drizzle } from "drizzle-orm/libsql/web";
import * as schema from "./schema.ts";

export type DbEnv = { TURSO_DATABASE_URL: string; TURSO_AUTH_TOKEN?: string };

export function connect(env: DbEnv) {
  const client = createClient({ url: env.TURSO_DATABASE_URL, authToken: env.TURSO_AUTH_TOKEN });
  return drizzle(client, { schema });
}

export type Db = ReturnType<typeof connect>;
