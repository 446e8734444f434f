// Integration (issue 13): /team/lists/not-contacted lists in full what the weekly summary counts for
// the same week — same stores per rep, same order, paged, filterable by rep, scoped like /team — in
// one round trip whatever the team's size; the weekly's "N more" link lands on it.
import { beforeAll, describe, expect, it } from "vitest";
import { db, makeInteraction, makeStore, makeTeam, makeUser, resetDb } from "../helpers/db.ts";
import { request, signedIn, type Agent } from "../helpers/http.ts";
import { countingDb } from "../helpers/counting-db.ts";
import { runPlan } from "../../src/db/batch.ts";
import { teamWeekRowsPlan } from "../../src/services/weekly.ts";
import { LIST_PAGE_SIZE, loadNotContacted } from "../../src/services/team-lists.ts";
import { teamWeeks, type TeamWeek } from "../../src/domain/team-week.ts";
import { weekRange } from "../../src/domain/week-range.ts";
import { composeWeekly } from "../../src/mail/weekly.ts";
import type { Viewer } from "../../src/auth/identity.ts";

const PERIOD = "2026-W40"; // the summary sent Monday 2026-09-28: 09-21 to 09-27
const week = weekRange(PERIOD)!;

let manager: Viewer;
let mgr: Agent;
let few: { id: number }, many: { id: number }, outsider: { id: number };
let team: TeamWeek;

const storeIds = (html: string) => [...html.matchAll(/data-store="(\d+)"/g)].map((m) => Number(m[1]));

beforeAll(async () => {
  await resetDb();
  const t = await makeTeam("清单组");
  const m = await makeUser("manager", t.id, { name: "陈经理" });
  manager = { id: m.id, role: "manager", teamId: t.id, name: m.name, email: m.email, locale: "zh-CN", timeZone: "Asia/Shanghai" };
  mgr = await signedIn(m.id);
  few = await makeUser("rep", t.id, { name: "甲" });
  many = await makeUser("rep", t.id, { name: "乙" });
  outsider = await makeUser("rep", (await makeTeam("别组")).id, { name: "丙" });
  // 甲: seven stores, one contacted in the week, two last contacted in July; 乙: more than a page.
  const mine = [];
  for (let i = 0; i < 7; i++) mine.push(await makeStore(few.id, "B", { name: `甲店${i}` }));
  await makeInteraction(few.id, mine[0]!.id, "2026-09-22");
  await makeInteraction(few.id, mine[1]!.id, "2026-07-02");
  await makeInteraction(few.id, mine[2]!.id, "2026-07-20");
  for (let i = 0; i < LIST_PAGE_SIZE + 2; i++) await makeStore(many.id, "C", { name: `乙店${i}` });
  await makeStore(outsider.id, "A", { name: "别组店" });
  const w = teamWeeks(await runPlan(db(), teamWeekRowsPlan(db(), [manager.id], week)), week).get(manager.id)!;
  if (w.kind !== "team") throw new Error("no team");
  team = w.team;
});

describe("/team/lists/not-contacted (integration)", () => {
  it("lists per rep exactly what the weekly counts, in the weekly's order", async () => {
    for (const rep of team.reps) {
      const ids: number[] = [];
      for (let page = 1; ; page++) {
        const res = await request(`/team/lists/not-contacted?week=${PERIOD}&rep=${rep.rep.id}&page=${page}`, { agent: mgr });
        expect(res.status).toBe(200);
        const got = storeIds(await res.text());
        ids.push(...got);
        if (got.length < LIST_PAGE_SIZE) break;
      }
      expect(ids.length).toBe(rep.neglected.count);
      expect(ids.slice(0, rep.neglected.first.length)).toEqual(rep.neglected.first.map((s) => s.storeId));
    }
    expect(team.reps.find((r) => r.rep.id === few.id)!.neglected.count).toBe(6);
    expect(team.reps.find((r) => r.rep.id === many.id)!.neglected.count).toBe(LIST_PAGE_SIZE + 2);
  });

  it("pages the whole team's list, and leaves other teams out", async () => {
    const first = await (await request(`/team/lists/not-contacted?week=${PERIOD}`, { agent: mgr })).text();
    const second = await (await request(`/team/lists/not-contacted?week=${PERIOD}&page=2`, { agent: mgr })).text();
    const all = [...storeIds(first), ...storeIds(second)];
    expect(storeIds(first).length).toBe(LIST_PAGE_SIZE);
    expect(new Set(all).size).toBe(6 + LIST_PAGE_SIZE + 2);
    expect(first + second).not.toContain("别组店");
  });

  it("is not a rep's page, and names a bad filter", async () => {
    expect((await request(`/team/lists/not-contacted?week=${PERIOD}`, { agent: await signedIn(few.id) })).status).toBe(404);
    expect((await request(`/team/lists/not-contacted?week=2026-W99`, { agent: mgr })).status).toBe(400);
    expect((await request(`/team/lists/not-contacted?rep=abc`, { agent: mgr })).status).toBe(400);
  });

  it("takes one round trip, for a team of two reps or for every rep", async () => {
    const counter = countingDb();
    await loadNotContacted(counter.db, manager, { week, page: 1 });
    expect(counter.roundTrips()).toBe(1);
    counter.reset();
    const admin: Viewer = { ...manager, role: "admin", teamId: null };
    const everyone = await loadNotContacted(counter.db, admin, { week, page: 1 });
    expect(counter.roundTrips()).toBe(1);
    expect(everyone.total).toBe(6 + LIST_PAGE_SIZE + 2 + 1);
  });

  it("is where the weekly's 'N more' link lands", () => {
    const mail = composeWeekly({ locale: "zh-CN", origin: "https://keqing.example", week: { kind: "team", team } });
    for (const r of team.reps) expect(mail.html).toContain(`/team/lists/not-contacted?week=${PERIOD}&amp;rep=${r.rep.id}`);
  });
});
