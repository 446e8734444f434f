// Migration 0007 (the working calendar as data, lunar 12th-month festivals by the year they fall in;
// issue 11) applied to a database built at the migration before it, with the demo organisation and
// an admin's 除夕 with contacts logged for it under the old rule: every row kept, those contacts'
// festival year moved to the year the eve falls in, the calendar tables there and empty, and the
// policy read the same (the calendar built in until an admin enters a year).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createHash } from "node:crypto";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Client } from "@libsql/client";
import { startSqld, type Sqld } from "../../src/cli/sqld.ts";
import { migrateDatabase, migrationsFolder, nodeDb } from "../../src/cli/db.ts";
import { seedDatabase } from "../../src/seed/insert.ts";
import { loadPolicy } from "../../src/db/queries/policy.ts";
import { withDefaults } from "../../src/domain/policy.ts";
import { calendarSource } from "../../src/domain/working-days.ts";

const BEFORE = "0006_audit_contact";

type Journal = { entries: { tag: string }[] };
const journal = JSON.parse(readFileSync(join(migrationsFolder, "meta", "_journal.json"), "utf8")) as Journal & Record<string, unknown>;

function folderUpTo(dir: string, last: string): string {
  const out = join(dir, `migrations-${last}`);
  mkdirSync(join(out, "meta"), { recursive: true });
  const upTo = journal.entries.findIndex((e) => e.tag === last);
  if (upTo < 0) throw new Error(`no migration ${last}`);
  const entries = journal.entries.slice(0, upTo + 1);
  for (const e of entries) copyFileSync(join(migrationsFolder, `${e.tag}.sql`), join(out, `${e.tag}.sql`));
  writeFileSync(join(out, "meta", "_journal.json"), JSON.stringify({ ...journal, entries }));
  return out;
}

/** Columns later migrations add (0008, 0009, 0010's check-in positions), left out of the before/after comparison. */
const LATER_COLUMNS = new Set(["life_events.concerns", "audit_log.before", "audit_log.after", "stores.code", "interactions.lat", "interactions.lng", "interactions.accuracy_m", "stores.lat", "stores.lng", "stores.location_source"]);

/** Every table's rows hashed with the count (`except` rows left out by a where clause). */
async function contents(client: Client, except: Record<string, string> = {}): Promise<Record<string, { rows: number; hash: string }>> {
  const names = await client.execute("select name from sqlite_schema where type = 'table' and name not like 'sqlite\\_%' escape '\\' and name <> '__drizzle_migrations' order by name");
  const out: Record<string, { rows: number; hash: string }> = {};
  for (const r of names.rows) {
    const t = String(r.name);
    const rs = await client.execute(`select * from "${t}" ${except[t] ? `where not (${except[t]})` : ""} order by 1`);
    const values = rs.rows.map((x) => Object.entries(x).filter(([k]) => !LATER_COLUMNS.has(`${t}.${k}`)).map(([, v]) => v));
    out[t] = { rows: rs.rows.length, hash: createHash("sha256").update(JSON.stringify(values)).digest("hex") };
  }
  return out;
}

const EVE_ROWS = "festival_key = 'new_year_eve'";

describe("migration 0007: the working calendar, 12th-month festival years (system)", () => {
  let dir: string;
  let sqld: Sqld;
  let client: Client;
  let db: ReturnType<typeof nodeDb>["db"];
  let before: Record<string, { rows: number; hash: string }>;
  let policyBefore: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "keqing-migration-0007-"));
    sqld = await startSqld({ dbPath: join(dir, "db"), quiet: true });
    ({ client, db } = nodeDb(sqld.url));
    await migrateDatabase(sqld.url, undefined, folderUpTo(dir, BEFORE));
    await seedDatabase(client, { reps: 4, storesPerRep: 8, managers: 1, seed: 5, today: "2026-11-27", onProgress: null });
    // An admin's 除夕, and contacts logged for the eve of 2025-01-28 and of 2026-02-16 under the old
    // rule (the lunar year: 2024, 2025), beside a Spring Festival contact that must not move.
    await client.execute(
      `insert into festivals (key, name_zh, name_en, calendar, month, day, window_before, window_after, lead_days, actions, active)
       values ('new_year_eve', '除夕', 'New Year''s Eve', 'lunar', 12, 30, 3, 0, 3, '{"A":["message"],"B":["message"],"C":["message"]}', 1)`,
    );
    const store = await client.execute("select id, rep_id from stores order by id limit 1");
    const storeId = Number(store.rows[0]!.id);
    const repId = Number(store.rows[0]!.rep_id);
    for (const [key, year, date, n] of [
      ["new_year_eve", 2024, "2025-01-27", 1],
      ["new_year_eve", 2025, "2026-02-15", 2],
      ["spring_festival", 2025, "2025-01-27", 3],
    ] as const) {
      await client.execute({
        sql: `insert into interactions (rep_id, store_id, channel, occurred_at, local_date, occasion, festival_key, festival_year, idempotency_key)
              values (?, ?, 'message', ?, ?, 'festival', ?, ?, ?)`,
        args: [repId, storeId, Date.parse(`${date}T02:00:00Z`), date, key, year, `migration-0007-${n}`],
      });
    }
    before = await contents(client, { interactions: EVE_ROWS });
    // The policy as stored (the statement that reads it with the calendar needs 0007's tables).
    policyBefore = String((await client.execute("select data from policy where id = 1")).rows[0]!.data);
  }, 120_000);

  afterAll(async () => {
    client?.close();
    await sqld?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("keeps every row, moves the eve's contacts to the year it falls in, adds the empty calendar", async () => {
    await migrateDatabase(sqld.url);
    const after = await contents(client, { interactions: EVE_ROWS });
    expect(after.working_calendar_years).toEqual({ rows: 0, hash: expect.any(String) });
    expect(after.working_calendar_days).toEqual({ rows: 0, hash: expect.any(String) });
    for (const [t, rows] of Object.entries(before)) expect({ t, ...after[t] }).toEqual({ t, ...rows });
    const eve = await client.execute(`select local_date, festival_year from interactions where ${EVE_ROWS} order by local_date`);
    expect(eve.rows.map((r) => [r.local_date, Number(r.festival_year)])).toEqual([
      ["2025-01-27", 2025],
      ["2026-02-15", 2026],
    ]);
    const { calendar, ...rules } = await loadPolicy(db);
    expect(rules).toEqual(withDefaults(JSON.parse(policyBefore)));
    const policy = { calendar };
    expect(calendarSource(policy.calendar, 2026)).toBe("built-in");
    expect(calendarSource(policy.calendar, 2027)).toBe("none");
  });
});
