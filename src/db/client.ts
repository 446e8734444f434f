// The Worker's database: Drizzle over libSQL's HTTP client (Turso in production, sqld locally).
// The HTTP-only entry points (`@libsql/client/http`, `drizzle-orm/libsql/http`): the `web` ones also
// bundle the WebSocket client (~4 KiB gzipped) for ws: URLs, which the Worker never uses (issue 14).
//
// One client per isolate and database, reused by the requests the isolate serves: building the
// client and Drizzle's schema config per request took ~11 % of the Worker's time in a profile of
// the quick log under load (npm run bench:log -- --profile). Sharing is safe in workerd because
// the client keeps no connection or other I/O object between calls (every execute/batch is its
// own Hrana v2 HTTP request), so a restarted sqld is simply reached by the next call. Keyed by URL
// and token: an env with other values (a rotated token, a test's binding) gets its own client.
import { createClient } from "@libsql/client/http";
import { sql } from "drizzle-orm";
import { drizzle } from "drizzle-orm/libsql/http";
import * as schema from "./schema.ts";

export type DbEnv = { TURSO_DATABASE_URL: string; TURSO_AUTH_TOKEN?: string };

function open(env: DbEnv) {
  const client = createClient({
    url: env.TURSO_DATABASE_URL,
    authToken: env.TURSO_AUTH_TOKEN,
    // The client's own limit (20 by default; 0 also means 20 in this version) would queue one
    // request's call behind another's, and in workerd a call started from another request's
    // continuation belongs to that request. Requests are bounded by the platform instead.
    concurrency: Number.POSITIVE_INFINITY,
  });
  return drizzle(client, { schema });
}

export type Db = ReturnType<typeof open>;

/** The last database used, so the cache holds at most one client (and one token). */
let cached: { key: string; db: Db } | null = null;

export function connect(env: DbEnv): Db {
  const key = `${env.TURSO_DATABASE_URL} ${env.TURSO_AUTH_TOKEN ?? ""}`;
  if (cached?.key !== key) cached = { key, db: open(env) };
  return cached.db;
}

/** One trivial statement: whether the database answers (GET /api/health). */
export async function ping(db: Db): Promise<void> {
  await db.run(sql`select 1`);
}
