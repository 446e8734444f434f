// Integration: src/db/batch.ts against sqld — named statements come back under their names (lists as
// lists, packed selects unpacked), joined plans each read their own rows, all in one round trip, and
// a plan without statements makes none.
import { beforeAll, describe, expect, it } from "vitest";
import { asc, eq } from "drizzle-orm";
import { db, makeStore, makeTeam, makeUser, resetDb } from "../helpers/db.ts";
import { countingDb } from "../helpers/counting-db.ts";
import { stores, users } from "../../src/db/schema.ts";
import { packed } from "../../src/db/packed.ts";
import { batchPlan, constantPlan, joinPlans, mapPlan, runPlan, runQueries } from "../../src/db/batch.ts";

let repId = 0;
let managerId = 0;

beforeAll(async () => {
  await resetDb();
  const team = await makeTeam();
  repId = (await makeUser("rep", team.id, { name: "甲" })).id;
  managerId = (await makeUser("manager", team.id, { name: "乙" })).id;
  await makeStore(repId, "A", { name: "一号店" });
  await makeStore(repId, "C", { name: "二号店" });
});

const userById = (id: number) => db().select({ id: users.id, name: users.name }).from(users).where(eq(users.id, id));

describe("named batches (integration)", () => {
  it("gives each name its own statement's rows, lists as lists, in one round trip", async () => {
    const counter = countingDb();
    const d = counter.db;
    const rows = await runQueries(d, {
      rep: d.select({ id: users.id, name: users.name }).from(users).where(eq(users.id, repId)),
      none: d.select({ id: users.id }).from(users).where(eq(users.id, -1)),
      each: [managerId, repId].map((id) => d.select({ name: users.name }).from(users).where(eq(users.id, id))),
      stores: packed(d, d.select({ name: stores.name, archived: stores.archived }).from(stores).where(eq(stores.repId, repId)).orderBy(asc(stores.name))),
      empty: [],
    });
    expect(counter.roundTrips()).toBe(1);
    expect(rows.rep).toEqual([{ id: repId, name: "甲" }]);
    expect(rows.none).toEqual([]);
    expect(rows.each).toEqual([[{ name: "乙" }], [{ name: "甲" }]]);
    expect(rows.stores).toEqual([
      { name: "一号店", archived: false },
      { name: "二号店", archived: false },
    ]);
    expect(rows.empty).toEqual([]);
  });

  it("runs joined plans as one batch, each reading only its own rows", async () => {
    const counter = countingDb();
    const own = batchPlan({ me: userById(repId), list: [userById(managerId)] });
    const names = mapPlan(batchPlan({ a: userById(managerId), b: userById(repId) }), (r) => [r.a[0]?.name, r.b[0]?.name].join("+"));
    const value = await runPlan(counter.db, joinPlans({ own, names, fixed: constantPlan(7) }));
    expect(counter.roundTrips()).toBe(1);
    expect(value).toEqual({ own: { me: [{ id: repId, name: "甲" }], list: [[{ id: managerId, name: "乙" }]] }, names: "乙+甲", fixed: 7 });
    expect(joinPlans({ own, names }).statements).toHaveLength(4);
  });

  it("makes no round trip for a plan without statements", async () => {
    const counter = countingDb();
    expect(await runPlan(counter.db, joinPlans({ a: constantPlan("x"), b: batchPlan({}) }))).toEqual({ a: "x", b: {} });
    expect(await runQueries(counter.db, { none: [] })).toEqual({ none: [] });
    expect(counter.roundTrips()).toBe(0);
  });
});
