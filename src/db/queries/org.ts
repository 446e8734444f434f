// The organisation at a glance (the admin's home page): how many users, teams, stores and festivals,
// users and stores as the viewer may see them.
import { sql } from "drizzle-orm";
import type { Db } from "../client.ts";
import { festivals, stores, teams, users } from "../schema.ts";
import { storeVisible, userVisible } from "./scope.ts";
import type { Viewer } from "../../auth/identity.ts";

export type OrgCounts = { users: number; teams: number; stores: number; festivals: number };

/** One round trip. */
export async function orgCounts(db: Db, viewer: Viewer): Promise<OrgCounts> {
  const n = sql<number>`count(*)`;
  const [u, tm, st, f] = await db.batch([
    db.select({ n }).from(users).where(userVisible(viewer)),
    db.select({ n }).from(teams),
    db.select({ n }).from(stores).where(storeVisible(viewer)),
    db.select({ n }).from(festivals),
  ]);
  const count = (rows: { n: number }[]) => Number(rows[0]?.n ?? 0);
  return { users: count(u), teams: count(tm), stores: count(st), festivals: count(f) };
}
