// resetDb (test/helpers/db.ts) finds the tables in the database itself: a table added later is
// emptied too, and foreign keys cannot fail it whatever order the tables come in.
import { afterAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { appTables, countRows, db, makeUser, resetDb } from "../helpers/db.ts";

afterAll(async () => {
  await db().run(sql`drop table if exists reset_probe`);
});

describe("resetDb (integration)", () => {
  it("empties a table no list names, whose rows point at users listed before it", async () => {
    const d = db();
    expect((await d.get<{ foreign_keys: number }>(sql`pragma foreign_keys`))?.foreign_keys).toBe(1);
    await d.run(sql`drop table if exists reset_probe`);
    await d.run(sql`create table reset_probe (id integer primary key, user_id integer not null references users(id))`);
    const tables = await appTables();
    expect(tables.indexOf("users")).toBeLessThan(tables.indexOf("reset_probe"));
    expect(tables).not.toContain("__drizzle_migrations");
    const user = await makeUser("rep", null);
    await d.run(sql`insert into reset_probe (user_id) values (${user.id})`);

    await resetDb();

    expect(await countRows("reset_probe")).toBe(0);
    expect(await countRows("users")).toBe(0);
    expect(await countRows("policy")).toBe(1);
  });
});
