// Migration 0009 (store history and codes, issue 11) applied to a database built at the migration
// before it, with the demo organisation in it: every live store gets exactly one current assignment
// (its rep and class, held since ASSIGNMENTS_BACKFILLED_FROM), archived stores none, codes are null,
// and every other row is as it was.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Client } from "@libsql/client";
import { startSqld, type Sqld } from "../../src/cli/sqld.ts";
import { migrateDatabase, nodeDb } from "../../src/cli/db.ts";
import { contents, folderUpTo } from "./migrations.ts";
import { seedDatabase } from "../../src/seed/insert.ts";
import { ASSIGNMENTS_BACKFILLED_FROM } from "../../src/domain/holding.ts";

const BEFORE = "0008_interaction_edits_and_concerns";

/** The rows as they were, without what this migration adds (its table, stores.code). */
const unchanged = (client: Client) => contents(client, { skipTables: new Set(["store_assignments"]), skipColumns: new Set(["stores.code"]) });

describe("migration 0009: store history and codes (system)", () => {
  let dir: string;
  let sqld: Sqld;
  let client: Client;
  let before: Record<string, { rows: number; hash: string }>;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "keqing-migration-"));
    sqld = await startSqld({ dbPath: join(dir, "db"), quiet: true });
    ({ client } = nodeDb(sqld.url));
    await migrateDatabase(sqld.url, undefined, folderUpTo(dir, BEFORE));
    await seedDatabase(client, { reps: 5, storesPerRep: 10, managers: 2, seed: 5, today: "2026-11-27", onProgress: null });
    // An archived store and one without a rep, as the app leaves them.
    await client.batch(
      [
        "update stores set archived = 1 where id = (select min(id) from stores)",
        "update stores set rep_id = null where id = (select max(id) from stores)",
      ],
      "write",
    );
    before = await unchanged(client);
    // Up to this migration only: later ones add columns of their own (checked by their own tests).
    await migrateDatabase(sqld.url, undefined, folderUpTo(dir, "0009_store_history"));
  }, 120_000);

  afterAll(async () => {
    client?.close();
    await sqld?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it("the seeded database had live and archived stores", () => {
    expect(before.stores!.rows).toBeGreaterThan(40);
  });

  it("gives every live store one current assignment with its rep and class, archived stores none", async () => {
    const rs = await client.execute(`
      select s.id, s.rep_id, s.class, s.archived, count(a.id) as n, min(a.rep_id is s.rep_id) as same_rep,
             min(a.tier = s.class) as same_tier, min(a.valid_from) as since, max(a.valid_to is null) as current
      from stores s left join store_assignments a on a.store_id = s.id group by s.id order by s.id`);
    const live = rs.rows.filter((r) => Number(r.archived) === 0);
    const archived = rs.rows.filter((r) => Number(r.archived) === 1);
    expect(archived.length).toBeGreaterThan(0);
    expect(archived.filter((r) => Number(r.n) > 0)).toEqual([]);
    expect(live.length).toBe(before.stores!.rows - archived.length);
    for (const r of live) expect({ id: r.id, n: Number(r.n), sameRep: Number(r.same_rep), sameTier: Number(r.same_tier), since: r.since, current: Number(r.current) }).toEqual({ id: r.id, n: 1, sameRep: 1, sameTier: 1, since: ASSIGNMENTS_BACKFILLED_FROM, current: 1 });
    expect(live.some((r) => r.rep_id === null)).toBe(true);
  });

  it("keeps every other row, and store codes start empty", async () => {
    expect(await unchanged(client)).toEqual(before);
    const codes = await client.execute("select count(*) as n from stores where code is not null");
    expect(Number(codes.rows[0]!.n)).toBe(0);
  });

  it("refuses a second current assignment for a store, and a second store with the same code", async () => {
    const store = Number((await client.execute("select min(store_id) as id from store_assignments")).rows[0]!.id);
    await expect(client.execute({ sql: "insert into store_assignments (store_id, rep_id, tier, valid_from) values (?, null, 'A', '2026-12-01')", args: [store] })).rejects.toThrow(/UNIQUE/);
    await client.execute({ sql: "update stores set code = 'YF-001' where id = ?", args: [store] });
    await expect(client.execute({ sql: "update stores set code = 'YF-001' where id = ?", args: [store + 1] })).rejects.toThrow(/UNIQUE/);
    // Stores without codes are many.
    expect(Number((await client.execute("select count(*) as n from stores where code is null")).rows[0]!.n)).toBeGreaterThan(1);
  });
});
