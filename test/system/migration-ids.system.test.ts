// Migration 0004 (ids are never reused, issue 9) applied to a database built at the migration
// before it, with the demo organisation in it: no row or link lost, indexes and check constraints
// intact, new ids above every id ever used, and the rebuild refuses to run with foreign keys on.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Client } from "@libsql/client";
import { startSqld, type Sqld } from "../../src/cli/sqld.ts";
import { migrateDatabase, migrationsFolder, nodeDb } from "../../src/cli/db.ts";
import { contents, folderUpTo } from "./migrations.ts";
import { seedDatabase } from "../../src/seed/insert.ts";

const BEFORE = "0003_covering_scan_indexes";
const REBUILT = ["teams", "users", "stores", "contacts", "life_events", "interactions", "visit_insights"];

/** Columns later migrations add (checked by their own tests), left out of the before/after comparison. */
const LATER_COLUMNS = new Set(["outbox.redacted_at", "audit_log.contact_id", "audit_log.before", "audit_log.after", "life_events.concerns", "stores.code",
  // 0010 on-site check-in
  "interactions.lat", "interactions.lng", "interactions.accuracy_m", "stores.lat", "stores.lng", "stores.location_source",
  // 0012 slow movers resolved
  "visit_insights.resolution", "visit_insights.resolved_by", "visit_insights.resolved_at"]);

/** Every table's rows without the columns later migrations add. */
const unchanged = (client: Client) => contents(client, { skipColumns: LATER_COLUMNS });

/** sqlite_schema without the rebuilt tables' AUTOINCREMENT (the one intended change), whitespace normalised. */
async function schemaOf(client: Client): Promise<Record<string, string>> {
  const rs = await client.execute("select type, name, tbl_name, sql from sqlite_schema where name not like 'sqlite\\_%' escape '\\' order by type, name");
  return Object.fromEntries(
    rs.rows.map((r) => [`${String(r.type)} ${String(r.name)} on ${String(r.tbl_name)}`, String(r.sql ?? "").replace("PRIMARY KEY AUTOINCREMENT", "PRIMARY KEY").replace(/\s+/g, " ").replaceAll("`", '"')]),
  );
}

async function scalar(client: Client, sql: string): Promise<number> {
  const rs = await client.execute(sql);
  return Number(Object.values(rs.rows[0] ?? {})[0] ?? 0);
}

describe("migration 0004: AUTOINCREMENT ids (system)", () => {
  let dir: string;
  let sqld: Sqld;
  let client: Client;
  const at = {} as { contents: Record<string, { rows: number; hash: string }>; schema: Record<string, string>; erasedContact: number; erasedEvent: number };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "keqing-migration-"));
    sqld = await startSqld({ dbPath: join(dir, "db"), quiet: true });
    ({ client } = nodeDb(sqld.url));
    await migrateDatabase(sqld.url, undefined, folderUpTo(dir, BEFORE));
    await seedDatabase(client, { reps: 6, storesPerRep: 12, managers: 2, seed: 3, today: "2026-11-27", onProgress: null });
    // As deleteContact did before this migration: the newest contact and its newest life event are
    // erased, and the audit log still names their ids; with rowids, the next insert would take them.
    at.erasedContact = await scalar(client, "select max(id) from contacts");
    await client.execute({ sql: "insert into life_events (contact_id, kind, date) values (?, 'wedding', '2026-11-20')", args: [at.erasedContact] });
    at.erasedEvent = await scalar(client, "select max(id) from life_events");
    await client.batch(
      [
        { sql: "insert into audit_log (actor_id, entity, entity_id, action) values (1, 'life_event', ?, 'delete')", args: [at.erasedEvent] },
        { sql: "insert into audit_log (actor_id, entity, entity_id, action) values (1, 'contact', ?, 'delete')", args: [at.erasedContact] },
        { sql: "update interactions set contact_id = null where contact_id = ?", args: [at.erasedContact] },
        { sql: "update visit_insights set contact_id = null where contact_id = ?", args: [at.erasedContact] },
        { sql: "delete from life_events where contact_id = ?", args: [at.erasedContact] },
        { sql: "delete from contacts where id = ?", args: [at.erasedContact] },
      ],
      "write",
    );
    // Mail stored before 0005: a sent digest, a digest still being sent, a sign-in link.
    const rep = await scalar(client, "select min(id) from users where role = 'rep'");
    await client.batch(
      [
        { sql: "insert into outbox (kind, user_id, period, to_email, subject, html, text, state) values ('digest', ?, '2026-11-26', 'a@x', 's', '<p>王姐</p>', '王姐', 'sent')", args: [rep] },
        { sql: "insert into outbox (kind, user_id, period, to_email, subject, content, state, batch_key) values ('digest', ?, '2026-11-27', 'a@x', 's', x'1f8b00', 'sending', 'k')", args: [rep] },
        { sql: "insert into outbox (kind, user_id, period, to_email, subject, html, text, state) values ('signin', ?, 'n1', 'a@x', 's', '<a>link</a>', 'link', 'local')", args: [rep] },
      ],
      "write",
    );
    at.contents = await unchanged(client);
    at.schema = await schemaOf(client);
  }, 120_000);

  afterAll(async () => {
    client?.close();
    await sqld?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it("the seeded database has rows and links in every rebuilt table", () => {
    for (const t of REBUILT) expect(at.contents[t]!.rows, t).toBeGreaterThan(0);
  });

  it("refuses to rebuild with foreign keys on, and changes nothing", async () => {
    // The migration's statements in one ordinary transaction (foreign keys on, as sqld has them).
    const sql = readFileSync(join(migrationsFolder, "0004_autoincrement_ids.sql"), "utf8").split("--> statement-breakpoint");
    expect(await scalar(client, "select foreign_keys from pragma_foreign_keys")).toBe(1);
    await expect(client.batch(sql, "write")).rejects.toThrow(/CHECK constraint failed/);
    expect(await unchanged(client)).toEqual(at.contents);
  });

  it("keeps every row and link, every index and check constraint", async () => {
    await migrateDatabase(sqld.url);
    const after = await unchanged(client);
    for (const [t, before] of Object.entries(at.contents)) if (t !== "outbox") expect({ t, ...after[t] }).toEqual({ t, ...before });
    // 0005 drops the stored copies of digests already sent (no record of whom they name), nothing else.
    const mail = await client.execute("select kind, state, html, text, content is not null as stored, redacted_at is not null as redacted from outbox order by id");
    expect(mail.rows.map((r) => ({ ...r }))).toEqual([
      { kind: "digest", state: "sent", html: null, text: null, stored: 0, redacted: 1 },
      { kind: "digest", state: "sending", html: null, text: null, stored: 1, redacted: 0 },
      { kind: "signin", state: "local", html: "<a>link</a>", text: "link", stored: 0, redacted: 0 },
    ]);
    // Every table, index and check constraint as it was (later migrations may add more).
    const schema = await schemaOf(client);
    // Later migrations add columns (0005 outbox.redacted_at, 0006 audit_log.contact_id, 0008
    // audit_log.before/after and life_events.concerns, 0009 stores.code, 0010 the check-in's
    // positions on interactions and stores, 0012 visit_insights' resolution): left out here.
    const checkIn = (ddl: string | undefined) => ddl?.replace(/ "(lat|lng|accuracy_m)" real,| "location_source" text,/g, "");
    const added = (k: string, ddl: string | undefined) =>
      k === "table interactions on interactions" || k === "table stores on stores" ? checkIn(byEarlier(k, ddl)) : byEarlier(k, ddl);
    const byEarlier = (k: string, ddl: string | undefined) =>
      k === "table outbox on outbox"
        ? ddl?.replace(' "redacted_at" integer,', "")
        : k === "table audit_log on audit_log"
          ? ddl?.replace(' "contact_id" integer,', "").replace(' "before" text,', "").replace(' "after" text,', "")
          : k === "table life_events on life_events"
            ? ddl?.replace(" \"concerns\" text DEFAULT 'self' NOT NULL,", "")
            : k === "table stores on stores"
              ? ddl?.replace(' "code" text,', "")
              : k === "table visit_insights on visit_insights"
                ? ddl?.replace(' "resolution" text, "resolved_by" integer, "resolved_at" integer,', "")
                : ddl;
    for (const [k, ddl] of Object.entries(at.schema)) expect({ k, ddl: added(k, schema[k]) }).toEqual({ k, ddl });
    expect(await scalar(client, "select count(*) from pragma_foreign_key_check")).toBe(0);
    expect(await scalar(client, "select count(*) from sqlite_schema where name like '\\_\\_%' escape '\\' and name <> '__drizzle_migrations'")).toBe(0);
    for (const t of REBUILT) {
      const ddl = await client.execute({ sql: "select sql from sqlite_schema where type = 'table' and name = ?", args: [t] });
      expect(String(ddl.rows[0]!.sql), t).toContain("PRIMARY KEY AUTOINCREMENT");
    }
  });

  it("new ids start above every id ever used, the audit log's erased ones included", async () => {
    const seq = Object.fromEntries((await client.execute("select name, seq from sqlite_sequence")).rows.map((r) => [String(r.name), Number(r.seq)]));
    for (const t of REBUILT) expect(seq[t], t).toBeGreaterThanOrEqual(await scalar(client, `select coalesce(max(id), 0) from "${t}"`));
    expect(seq.contacts).toBeGreaterThanOrEqual(at.erasedContact);
    expect(seq.life_events).toBeGreaterThanOrEqual(at.erasedEvent);

    const store = await scalar(client, "select min(id) from stores");
    const insertContact = async () =>
      Number((await client.execute({ sql: "insert into contacts (store_id, role, name) values (?, 'clerk', '新人') returning id", args: [store] })).rows[0]!.id);
    expect(await insertContact()).toBeGreaterThan(at.erasedContact);
    // Delete the newest contact: the next one still gets a new id.
    const newest = await scalar(client, "select max(id) from contacts");
    await client.execute({ sql: "delete from contacts where id = ?", args: [newest] });
    expect(await insertContact()).toBe(newest + 1);
  });
});
