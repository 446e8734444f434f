// Integration: src/db/packed.ts against sqld — a packed select resolves to exactly the rows the
// select itself gives (values of every kind, Drizzle's column mapping, order, empty results), on
// its own and inside db.batch, and travels as one row with one text cell.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { asc, desc, eq, sql } from "drizzle-orm";
import { integer, real, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { db } from "../helpers/db.ts";
import { packed } from "../../src/db/packed.ts";

// A table of its own, so every kind of value can be written as it is.
const probe = sqliteTable("packed_probe", {
  id: integer("id").primaryKey(),
  label: text("label"),
  flag: integer("flag", { mode: "boolean" }),
  data: text("data", { mode: "json" }).$type<unknown>(),
  amount: real("amount"),
  at: integer("at", { mode: "timestamp_ms" }),
  kind: text("kind", { enum: ["a", "b"] }),
  big: integer("big"),
});
const probeChild = sqliteTable("packed_probe_child", {
  id: integer("id").primaryKey(),
  probeId: integer("probe_id").notNull(),
  label: text("label").notNull(),
});

const awkward = [
  "王芳",
  "",
  'say "hi"',
  "back\\slash \\n not a newline",
  "line\nbreak\r\n\ttab",
  "emoji 🧧 and 中文标点，。",
  "control \u0001\u001f end",
  "json-looking [1,2] {\"a\":1}",
  "null",
  "'single' quotes; -- not sql",
];

const rows: (typeof probe.$inferInsert)[] = [
  ...awkward.map((label, i) => ({
    id: i + 1,
    label,
    flag: i % 3 === 0 ? true : i % 3 === 1 ? false : null,
    data: i % 2 === 0 ? { name: label, list: [1, "二", null, { deep: true }] } : i === 1 ? null : [label, 0.5],
    amount: [0.1 + 0.2, 88.8, 1e-7, 100, -3.25, 1 / 3, 123456789.123, null, 0, 5e20][i]!,
    at: i % 4 === 0 ? null : new Date(Date.UTC(2026, 10, 27, 8, i, 30, 123)),
    kind: i % 2 === 0 ? ("a" as const) : i === 3 ? null : ("b" as const),
    big: [2 ** 53 - 1, -(2 ** 53 - 1), 0, -1, null, 1_700_000_000_000, 42, 7, 2 ** 31, 2 ** 32 + 1][i]!,
  })),
  { id: 100 }, // every nullable column null
];

beforeAll(async () => {
  const d = db();
  await d.batch([
    d.run(sql`drop table if exists packed_probe`),
    d.run(sql`drop table if exists packed_probe_child`),
    d.run(sql`create table packed_probe (id integer primary key, label text, flag integer, data text, amount real, at integer, kind text, big integer)`),
    d.run(sql`create table packed_probe_child (id integer primary key, probe_id integer not null, label text not null)`),
  ]);
  await d.insert(probe).values(rows);
  const children = Array.from({ length: 600 }, (_, i) => ({ id: i + 1, probeId: (i * 7) % 11 === 10 ? 100 : ((i * 7) % 11) + 1, label: `子${(i * 37) % 101}` }));
  await d.insert(probeChild).values(children);
});

afterAll(async () => {
  const d = db();
  await d.batch([d.run(sql`drop table if exists packed_probe`), d.run(sql`drop table if exists packed_probe_child`)]);
});

describe("packed selects (integration)", () => {
  it("gives back exactly the rows the select gives: text, nulls, booleans, json, reals, timestamps, big integers", async () => {
    const d = db();
    const q = () => d.select().from(probe).orderBy(asc(probe.id));
    const plain = await q();
    const viaPack = await packed(d, q());
    expect(viaPack).toStrictEqual(plain);
    // The values really are of every kind (the comparison above is not vacuous).
    expect(plain).toHaveLength(rows.length);
    expect(plain[0]).toMatchObject({ flag: true, amount: 0.1 + 0.2, big: 2 ** 53 - 1, at: null, data: { name: "王芳" } });
    expect(plain[1]).toMatchObject({ flag: false, data: null, label: "" });
    expect(plain[5]!.at).toBeInstanceOf(Date);
    expect(plain.at(-1)).toStrictEqual({ id: 100, label: null, flag: null, data: null, amount: null, at: null, kind: null, big: null });
    expect(viaPack.map((r) => r.label)).toEqual([...awkward, null]);
  });

  it("keeps SQL fields as the driver gives them (counts as numbers), aliased and repeated column names included", async () => {
    const d = db();
    const q = () =>
      d
        .select({
          id: probe.id,
          childId: probeChild.id, // both columns are named "id"
          label: probe.label,
          childLabel: probeChild.label,
          n: sql<number>`count(*) over (partition by ${probe.id})`,
          share: sql<number>`1.0 * ${probeChild.id} / 8`,
          same: sql<string>`${probe.label}`.as("same_label"),
          flagged: sql<boolean>`${probe.flag}`.mapWith(probe.flag),
          asJson: sql<string>`json_object('label', ${probeChild.label}, 'n', ${probeChild.id})`, // JSON text, not an object
        })
        .from(probe)
        .innerJoin(probeChild, eq(probeChild.probeId, probe.id))
        .orderBy(desc(probeChild.label), asc(probeChild.id));
    const plain = await q();
    expect(plain.length).toBe(600);
    expect(await packed(d, q())).toStrictEqual(plain);
  });

  it("keeps the select's order, grouped and ordered by something it does not select", async () => {
    const d = db();
    const q = () =>
      d
        .select({ probeId: probeChild.probeId, children: sql<number>`count(*)`, last: sql<string>`max(${probeChild.label})` })
        .from(probeChild)
        .groupBy(probeChild.probeId)
        .orderBy(desc(sql`max(${probeChild.label})`), desc(probeChild.probeId));
    const plain = await q();
    expect(plain.length).toBe(11);
    expect(plain.map((r) => r.probeId)).not.toEqual(plain.map((r) => r.probeId).sort((a, b) => a - b)); // not simply id order
    expect(await packed(d, q())).toStrictEqual(plain);
  });

  it("reads from a subquery (a window rank) as the select itself does", async () => {
    const d = db();
    const ranked = d
      .select({
        id: probeChild.id,
        probeId: probeChild.probeId,
        rank: sql<number>`row_number() over (partition by ${probeChild.probeId} order by ${probeChild.label} desc, ${probeChild.id})`.as("rank"),
      })
      .from(probeChild)
      .as("ranked");
    const q = () => d.select().from(ranked).where(sql`${ranked.rank} <= 3`).orderBy(asc(ranked.probeId), asc(ranked.rank));
    const plain = await q();
    expect(plain.length).toBe(33);
    expect(await packed(d, q())).toStrictEqual(plain);
  });

  it("gives an empty array for no rows", async () => {
    const d = db();
    expect(await packed(d, d.select({ id: probe.id }).from(probe).where(eq(probe.id, -1)))).toEqual([]);
    expect(await packed(d, d.select({ n: sql<number>`count(*)` }).from(probe).where(eq(probe.id, -1)))).toEqual([{ n: 0 }]);
  });

  it("works inside db.batch beside plain selects, each result in its place", async () => {
    const d = db();
    const [a, b, c, e] = await d.batch([
      d.select({ id: probe.id }).from(probe).orderBy(asc(probe.id)).limit(2),
      packed(d, d.select({ id: probe.id, flag: probe.flag }).from(probe).orderBy(desc(probe.id))),
      packed(d, d.select({ label: probeChild.label }).from(probeChild).where(eq(probeChild.id, -1))),
      d.select({ n: sql<number>`count(*)` }).from(probeChild),
    ]);
    expect(a).toEqual([{ id: 1 }, { id: 2 }]);
    expect(b).toStrictEqual(await d.select({ id: probe.id, flag: probe.flag }).from(probe).orderBy(desc(probe.id)));
    expect(b[0]).toStrictEqual({ id: 100, flag: null });
    expect(c).toEqual([]);
    expect(e).toEqual([{ n: 600 }]);
  });

  it("sends one row with one text cell", async () => {
    const d = db();
    const { sql: query, params } = packed(d, d.select({ id: probeChild.id, label: probeChild.label }).from(probeChild).orderBy(asc(probeChild.id))).toSQL();
    const rs = await d.$client.execute({ sql: query, args: params as never[] });
    expect(rs.rows).toHaveLength(1);
    expect(rs.columns).toHaveLength(1);
    const cell = rs.rows[0]![0];
    expect(typeof cell).toBe("string");
    expect(JSON.parse(cell as string)).toHaveLength(600);
  });

  it("refuses a nested selection instead of mapping it wrongly", () => {
    const d = db();
    expect(() => packed(d, d.select({ p: { id: probe.id } } as never).from(probe) as never)).toThrow(TypeError);
  });
});
