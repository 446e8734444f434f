// Integration: GET /team/export.csv through the Worker against sqld — the rows are the page's own
// numbers (GET /api/progress for the same rep and month), a past month follows the assignments that
// held in it, scoping (manager: their team; admin: everyone; rep: 404), formula neutralisation, and
// two round trips whatever the team's size.
import { beforeAll, describe, expect, it } from "vitest";
import { db, makeInteraction, makeStore, makeTeam, makeUser, resetDb } from "../helpers/db.ts";
import { request, signedIn, type Agent } from "../helpers/http.ts";
import { countingDb } from "../helpers/counting-db.ts";
import { parseCsv } from "../../src/domain/csv.ts";
import { storeAssignments } from "../../src/db/schema.ts";
import { loadTeamExport } from "../../src/services/team-export.ts";
import type { Viewer } from "../../src/auth/identity.ts";

const MONTH = "2026-10"; // a past month (the suite runs after it)
let rep: Agent, manager: Agent, otherManager: Agent, admin: Agent;
let repUser: { id: number; name: string }, mateUser: { id: number; name: string }, outsider: { id: number; name: string };
let managerViewer: Viewer;
let evil: { id: number }, moved: { id: number };

beforeAll(async () => {
  await resetDb();
  const team = await makeTeam("西南一组");
  const team2 = await makeTeam("西南二组");
  repUser = await makeUser("rep", team.id, { name: "刘洋" });
  mateUser = await makeUser("rep", team.id, { name: "陈静" });
  outsider = await makeUser("rep", team2.id, { name: "周杰" });
  const managerUser = await makeUser("manager", team.id);
  rep = await signedIn(repUser.id);
  manager = await signedIn(managerUser.id);
  otherManager = await signedIn((await makeUser("manager", team2.id)).id);
  admin = await signedIn((await makeUser("admin", null)).id);
  managerViewer = { id: managerUser.id, role: "manager", teamId: team.id, name: managerUser.name, email: managerUser.email, locale: "zh-CN", timeZone: "Asia/Shanghai" };
  // Names a spreadsheet would run as formulas.
  evil = await makeStore(repUser.id, "A", { name: '=HYPERLINK("http://evil.example","点我")', city: "+86 长沙" });
  await makeStore(repUser.id, "C", { name: "@SUM(A1)", city: "-长沙" });
  await makeStore(mateUser.id, "B", { name: "\t制表符药房" });
  await makeStore(outsider.id, "A", { name: "海王星辰" });
  // A store the rep held until 16 October, then the mate (reassigned mid-month): each counts it for
  // the days they held it, and each one's contacts while holding it.
  moved = await makeStore(mateUser.id, "A", { name: "老百姓大药房" }, "2026-10-16");
  await db().insert(storeAssignments).values({ storeId: moved.id, repId: repUser.id, tier: "A", validFrom: "2000-01-01", validTo: "2026-10-16" });
  await makeInteraction(repUser.id, moved.id, "2026-10-05");
  await makeInteraction(mateUser.id, moved.id, "2026-10-20");
  await makeInteraction(repUser.id, evil.id, "2026-10-08");
  await makeInteraction(repUser.id, evil.id, "2026-10-09", { channel: "phone" });
});

async function csvOf(agent: Agent, query = `?month=${MONTH}`) {
  const res = await request(`/team/export.csv${query}`, { agent });
  expect(res.status).toBe(200);
  expect(res.headers.get("content-type")).toBe("text/csv; charset=utf-8");
  expect(res.headers.get("content-disposition")).toContain(`keqing-team-`);
  const bytes = new Uint8Array(await res.arrayBuffer());
  expect(Array.from(bytes.subarray(0, 3))).toEqual([0xef, 0xbb, 0xbf]); // UTF-8 BOM: Excel reads Chinese right
  const { records, error } = parseCsv(new TextDecoder().decode(bytes));
  expect(error).toBeNull();
  const [head, ...rows] = records.map((r) => r.fields);
  return { head: head!, rows };
}

const ruleLabels = ["R9 主动请客户帮忙", "R10 帮客户解决问题", "R11 A 类门店培训"];

describe("GET /team/export.csv (integration)", () => {
  it("has one row per rep × store × channel with the page's numbers, and R9–R11 per rep", async () => {
    const { head, rows } = await csvOf(manager);
    expect(head).toEqual(["月份", "团队", "业务员", "门店ID", "门店", "城市", "等级", "渠道/规则", "要求", "已完成", "按进度应完成"]);
    for (const u of [repUser, mateUser]) {
      type P = { required: number; done: number; expectedByToday: number };
      const api = await (await request(`/api/progress?month=${MONTH}&repId=${u.id}`, { agent: manager })).json<{
        stores: { id: number; channels: Record<string, P> }[];
        rules: Record<string, P>;
      }>();
      const mine = rows.filter((r) => r[2] === u.name);
      const storeRows = mine.filter((r) => r[3] !== "");
      const expected = api.stores.flatMap((s) =>
        (["visit", "phone", "message"] as const).map((ch) => {
          const p = s.channels[ch]!;
          return [String(s.id), String(p.required), String(p.done), String(Math.round(p.expectedByToday * 10) / 10)];
        }),
      );
      const byKey = (a: string[], b: string[]) => a.join().localeCompare(b.join());
      expect(storeRows.map((r) => [r[3]!, r[8]!, r[9]!, r[10]!]).sort(byKey)).toEqual(expected.sort(byKey));
      expect(storeRows.every((r) => r[0] === MONTH && r[1] === "西南一组")).toBe(true);
      const ruleRows = mine.filter((r) => r[3] === "");
      expect(ruleRows.map((r) => r[7])).toEqual(ruleLabels);
      expect(ruleRows.map((r) => [r[8], r[9]])).toEqual(
        [api.rules.helpAsked!, api.rules.problemsSolved!, api.rules.trainings!].map((p) => [String(p.required), String(p.done)]),
      );
    }
  });

  it("counts a store reassigned mid-month for each rep for the days they held it (store_assignments)", async () => {
    const { rows } = await csvOf(manager);
    const visits = (name: string) => rows.find((r) => r[2] === name && r[3] === String(moved.id) && r[7] === "拜访");
    const before = visits(repUser.name)!;
    const after = visits(mateUser.name)!;
    expect(before[9]).toBe("1");
    expect(after[9]).toBe("1");
    // An A store's 8 visits, shared by working days held: together about the whole quota, neither alone.
    const [a, b] = [Number(before[8]), Number(after[8])];
    expect(a).toBeGreaterThan(0);
    expect(b).toBeGreaterThan(0);
    expect(a).toBeLessThan(8);
    expect(b).toBeLessThan(8);
    expect(Math.abs(a + b - 8)).toBeLessThanOrEqual(1);
  });

  it("makes every cell that would start a formula inert", async () => {
    const { rows } = await csvOf(manager);
    const names = rows.map((r) => r[4]);
    expect(names).toContain(`'=HYPERLINK("http://evil.example","点我")`);
    expect(names).toContain("'@SUM(A1)");
    expect(names).toContain("'\t制表符药房");
    const cities = rows.map((r) => r[5]);
    expect(cities).toContain("'+86 长沙");
    expect(cities).toContain("'-长沙");
    for (const r of rows) for (const cell of r) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
  });

  it("is scoped like /team: a manager their team, an admin everyone or one team, a rep 404", async () => {
    const mine = (await csvOf(manager)).rows.map((r) => r[2]);
    expect(new Set(mine)).toEqual(new Set([repUser.name, mateUser.name]));
    const theirs = (await csvOf(otherManager)).rows.map((r) => r[2]);
    expect(new Set(theirs)).toEqual(new Set([outsider.name]));
    // A manager's teamId is ignored: still their own team.
    const tried = (await csvOf(otherManager, `?month=${MONTH}&teamId=1`)).rows.map((r) => r[2]);
    expect(new Set(tried)).toEqual(new Set([outsider.name]));
    const all = (await csvOf(admin)).rows.map((r) => r[2]);
    expect(new Set(all)).toEqual(new Set([repUser.name, mateUser.name, outsider.name]));
    expect((await request(`/team/export.csv?month=${MONTH}`, { agent: rep })).status).toBe(404);
    expect((await request(`/team/export.csv?month=${MONTH}`)).status).toBe(303);
  });

  it("refuses a bad or future month with 400, and defaults to this month", async () => {
    expect((await request("/team/export.csv?month=2026-13", { agent: manager })).status).toBe(400);
    expect((await request("/team/export.csv?month=2999-01", { agent: manager })).status).toBe(400);
    const { rows } = await csvOf(manager, "");
    expect(rows.length).toBeGreaterThan(0);
    expect(rows[0]![0]).not.toBe(MONTH);
  });

  it("reads in two round trips whatever the team's size", async () => {
    const counter = countingDb();
    const small = await loadTeamExport(counter.db, managerViewer, { month: MONTH }, Date.now());
    expect(counter.roundTrips()).toBe(2);
    // Twenty more reps with a store each: still two.
    for (let i = 0; i < 20; i++) {
      const u = await makeUser("rep", managerViewer.teamId);
      await makeStore(u.id, "B");
    }
    counter.reset();
    const big = await loadTeamExport(counter.db, managerViewer, { month: MONTH }, Date.now());
    expect(counter.roundTrips()).toBe(2);
    if (small === "future" || big === "future") throw new Error("a past month");
    expect(big.reps.length).toBe(small.reps.length + 20);
  });
});
