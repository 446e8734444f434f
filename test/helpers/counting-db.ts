// A real database client that counts its round trips (execute, batch, transaction …): how tests
// check that work per job does not grow with the number of users or stores. Not a mock.
import { env } from "cloudflare:workers";
import { createClient } from "@libsql/client/web";
import { drizzle } from "drizzle-orm/libsql/web";
import * as schema from "../../src/db/schema.ts";
import type { Db } from "../../src/db/client.ts";

const COUNTED = new Set(["execute", "batch", "executeMultiple", "transaction", "migrate"]);

export function countingDb(): { db: Db; roundTrips: () => number; reset: () => void } {
  let n = 0;
  const client = createClient({ url: env.TURSO_DATABASE_URL });
  const counting = new Proxy(client, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver);
      if (typeof value !== "function") return value;
      if (!COUNTED.has(String(prop))) return value.bind(target);
      return (...args: unknown[]) => {
        n++;
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
  return { db: drizzle(counting, { schema }), roundTrips: () => n, reset: () => (n = 0) };
}
