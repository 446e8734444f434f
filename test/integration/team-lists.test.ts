// Integration (issue 13): /team/lists/not-contacted and /team/lists/notes list in full what the weekly summary counts for
// the same week — same stores per rep, same order, paged, filterable by rep, scoped like /team — in
// one round trip whatever the team's size; the weekly's "N more" link lands on it.
import { beforeAll, describe, expect, it } from "vitest";
import { db, makeContact, makeInteraction, makeStore, makeTeam, makeUser, resetDb } from "../helpers/db.ts";
import { request, signedIn, type Agent } from "../helpers/http.ts";
import { countingDb } from "../helpers/counting-db.ts";
import { runPlan } from "../../src/db/batch.ts";
import { teamWeekRowsPlan } from "../../src/services/weekly.ts";
import { LIST_PAGE_SIZE, loadGifts, loadNotContacted, loadNotes, loadWeekFigures } from "../../src/services/team-lists.ts";
import { lifeEvents, visitInsights } from "../../src/db/schema.ts";
import { teamWeeks, type TeamWeek } from "../../src/domain/team-week.ts";
import { loadDailyContacts, loadMonthLine, loadTeamList } from "../../src/services/team.ts";
import { loadRepMonthView } from "../../src/services/rep-month-view.ts";
import { weekRange } from "../../src/domain/week-range.ts";
import { composeWeekly } from "../../src/mail/weekly.ts";
import type { Viewer } from "../../src/auth/identity.ts";

const PERIOD = "2026-W40"; // the summary sent Monday 2026-09-28: 09-21 to 09-27
const week = weekRange(PERIOD)!;

let manager: Viewer;
let mgr: Agent;
let otherMgr: Agent;
let few: { id: number }, many: { id: number }, outsider: { id: number };
let team: TeamWeek;

const storeIds = (html: string) => [...html.matchAll(/data-store="(\d+)"/g)].map((m) => Number(m[1]));
const noteIds = (html: string) => [...html.matchAll(/data-note="(\d+)"/g)].map((m) => Number(m[1]));
const COMPETITOR_MANY = LIST_PAGE_SIZE + 1;

/** Every page of a list, followed until a short page. */
async function allPages(path: string, agent: Agent, ids: (html: string) => number[]) {
  const out: number[] = [];
  for (let page = 1; ; page++) {
    const res = await request(`${path}&page=${page}`, { agent });
    expect(res.status).toBe(200);
    const got = ids(await res.text());
    out.push(...got);
    if (got.length < LIST_PAGE_SIZE) return out;
  }
}

beforeAll(async () => {
  await resetDb();
  const t = await makeTeam("清单组");
  const m = await makeUser("manager", t.id, { name: "陈经理" });
  manager = { id: m.id, role: "manager", teamId: t.id, name: m.name, email: m.email, locale: "zh-CN", timeZone: "Asia/Shanghai" };
  mgr = await signedIn(m.id);
  few = await makeUser("rep", t.id, { name: "甲" });
  many = await makeUser("rep", t.id, { name: "乙" });
  const otherTeam = await makeTeam("别组");
  outsider = await makeUser("rep", otherTeam.id, { name: "丙" });
  otherMgr = await signedIn((await makeUser("manager", otherTeam.id, { name: "别组经理" })).id);
  // 甲: seven stores, one contacted in the week, two last contacted in July; 乙: more than a page.
  const mine = [];
  for (let i = 0; i < 7; i++) mine.push(await makeStore(few.id, "B", { name: `甲店${i}` }));
  await makeInteraction(few.id, mine[0]!.id, "2026-09-22");
  await makeInteraction(few.id, mine[1]!.id, "2026-07-02");
  await makeInteraction(few.id, mine[2]!.id, "2026-07-20");
  const theirs = [];
  for (let i = 0; i < LIST_PAGE_SIZE + 2; i++) theirs.push(await makeStore(many.id, "C", { name: `乙店${i}` }));
  const outsiderStore = await makeStore(outsider.id, "A", { name: "别组店" });
  // Gifts (cap ¥2,000 a store a year), given in March, before the not-contacted lists look back:
  // 甲 one store over, one at the cap, one over only after the week; every store of 乙 over; another team's.
  const gift = (rep: number, store: number, date: string, giftValue: number) => makeInteraction(rep, store, date, { giftValue });
  await gift(few.id, mine[3]!.id, "2026-03-02", 1500);
  await gift(few.id, mine[3]!.id, "2026-03-09", 600);
  await gift(few.id, mine[4]!.id, "2026-03-02", 2000);
  await gift(few.id, mine[5]!.id, "2026-03-02", 1900);
  await gift(few.id, mine[5]!.id, "2026-09-29", 500);
  for (const [i, st] of theirs.entries()) await gift(many.id, st.id, "2026-03-03", 2001 + i);
  await gift(outsider.id, outsiderStore.id, "2026-03-02", 3000);
  // The week's notes: on visits in the week to stores contacted then (the not-contacted lists stay
  // as they are), one before the week and one of a kind the weekly does not list, another team's.
  const note = (interactionId: number, kind: "competitor" | "slow_mover" | "product_feedback", detail: string) => ({ interactionId, kind, detail, subject: `${detail}品` });
  const fewVisit = await makeInteraction(few.id, mine[0]!.id, "2026-09-24");
  const oldVisit = await makeInteraction(few.id, mine[1]!.id, "2026-07-02");
  await db()
    .insert(visitInsights)
    .values([note(fewVisit.id, "competitor", "甲竞品1"), note(fewVisit.id, "competitor", "甲竞品2"), note(fewVisit.id, "competitor", "甲竞品3"), note(fewVisit.id, "slow_mover", "甲滞销"), note(fewVisit.id, "product_feedback", "甲反馈"), note(oldVisit.id, "competitor", "早竞品")]);
  const manyStore = await makeStore(many.id, "C", { name: "乙记店" });
  const manyVisit = await makeInteraction(many.id, manyStore.id, "2026-09-23");
  await db()
    .insert(visitInsights)
    .values(Array.from({ length: COMPETITOR_MANY }, (_, i) => note(manyVisit.id, "competitor", `乙竞品${i}`)));
  const otherStore = await makeStore(outsider.id, "A", { name: "别组记店" });
  await db().insert(visitInsights).values(note((await makeInteraction(outsider.id, otherStore.id, "2026-09-25")).id, "competitor", "别组竞品"));
  // Follow-ups overdue when the summary is sent (09-28): 甲's wedding of 09-10 (a visit due by 09-17),
  // 乙's birthday of 09-25, another team's wedding; 甲's second wedding visited in time is not overdue.
  const groom = await makeContact(mine[0]!.id, { name: "新郎甲" });
  await db().insert(lifeEvents).values({ contactId: groom.id, kind: "wedding", date: "2026-09-10" });
  const bride = await makeContact(mine[0]!.id, { name: "新娘甲" });
  const [done] = await db().insert(lifeEvents).values({ contactId: bride.id, kind: "wedding", date: "2026-09-10" }).returning();
  await makeInteraction(few.id, mine[0]!.id, "2026-09-15", { occasion: "life_event", lifeEventId: done!.id, contactId: bride.id });
  await makeContact(theirs[0]!.id, { name: "寿星乙", birthdayCalendar: "solar", birthdayMonth: 9, birthdayDay: 25 });
  const otherGroom = await makeContact(outsiderStore.id, { name: "别组新郎" });
  await db().insert(lifeEvents).values({ contactId: otherGroom.id, kind: "wedding", date: "2026-09-10" });
  // Mid-Autumn (09-25) in the week: 甲's store contacted for the festival by phone and message.
  const festival = { occasion: "festival" as const, festivalKey: "mid_autumn", festivalYear: 2026 };
  await makeInteraction(few.id, mine[0]!.id, "2026-09-22", { channel: "phone", ...festival });
  await makeInteraction(few.id, mine[0]!.id, "2026-09-22", { channel: "message", ...festival });
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

describe("/team/lists/notes (integration)", () => {
  it("lists each kind in full: the weekly's total, its notes among them, newest first", async () => {
    for (const kind of ["competitor", "slow_mover"] as const) {
      const ids = await allPages(`/team/lists/notes?week=${PERIOD}&kind=${kind}`, mgr, noteIds);
      expect(ids.length).toBe(team.notes[kind].total);
      expect(new Set(ids).size).toBe(ids.length);
      for (const n of team.notes[kind].shown) expect(ids).toContain(n.id);
    }
    expect(team.notes.competitor.total).toBe(3 + COMPETITOR_MANY);
    expect(team.notes.slow_mover.total).toBe(1);
    const list = await loadNotes(db(), manager, { week, kind: "competitor", page: 1 });
    const keys = list.rows.map((n) => `${n.localDate}|${String(n.id).padStart(10, "0")}`);
    expect(keys).toEqual([...keys].sort((a, b) => (a < b ? 1 : a > b ? -1 : 0)));
  });

  it("filters by rep, pages, and leaves other teams, other weeks and other kinds out", async () => {
    const fewIds = await allPages(`/team/lists/notes?week=${PERIOD}&kind=competitor&rep=${few.id}`, mgr, noteIds);
    const manyIds = await allPages(`/team/lists/notes?week=${PERIOD}&kind=competitor&rep=${many.id}`, mgr, noteIds);
    expect(fewIds.length).toBe(3);
    expect(manyIds.length).toBe(COMPETITOR_MANY);
    const first = await (await request(`/team/lists/notes?week=${PERIOD}&kind=competitor`, { agent: mgr })).text();
    expect(noteIds(first).length).toBe(LIST_PAGE_SIZE);
    expect(first).not.toContain("别组竞品");
    expect(first).not.toContain("早竞品");
    expect(first).not.toContain("甲反馈");
    const outside = await (await request(`/team/lists/notes?week=${PERIOD}&kind=competitor&rep=${outsider.id}`, { agent: mgr })).text();
    expect(noteIds(outside)).toEqual([]);
  });

  it("is not a rep's page, and names a bad filter", async () => {
    expect((await request(`/team/lists/notes?week=${PERIOD}&kind=competitor`, { agent: await signedIn(few.id) })).status).toBe(404);
    expect((await request(`/team/lists/notes?week=${PERIOD}&kind=family`, { agent: mgr })).status).toBe(400);
    expect((await request(`/team/lists/notes?week=2026-W99`, { agent: mgr })).status).toBe(400);
  });

  it("takes one round trip, for a team or for every rep", async () => {
    const counter = countingDb();
    await loadNotes(counter.db, manager, { week, kind: "competitor", page: 2 });
    expect(counter.roundTrips()).toBe(1);
    counter.reset();
    const everyone = await loadNotes(counter.db, { ...manager, role: "admin", teamId: null }, { week, kind: "competitor", page: 1 });
    expect(counter.roundTrips()).toBe(1);
    expect(everyone.total).toBe(3 + COMPETITOR_MANY + 1);
  });

  it("is where the weekly's 'N more' under the notes lands, and /team links to it", async () => {
    const mail = composeWeekly({ locale: "zh-CN", origin: "https://keqing.example", week: { kind: "team", team } });
    expect(mail.html).toContain(`/team/lists/notes?week=${PERIOD}&amp;kind=competitor`);
    const page = await (await request("/team", { agent: mgr })).text();
    for (const href of ["/team/lists/not-contacted", "/team/lists/notes?kind=competitor", "/team/lists/notes?kind=slow_mover"]) expect(page).toContain(`href="${href.replace("&", "&amp;")}"`);
  });
});

describe("/team/lists/gifts (integration)", () => {
  it("lists per rep exactly the stores the weekly counts over the cap, in the weekly's order", async () => {
    for (const rep of team.reps) {
      const ids = await allPages(`/team/lists/gifts?week=${PERIOD}&rep=${rep.rep.id}`, mgr, storeIds);
      expect(ids.length).toBe(rep.gifts.overCapCount);
      expect(ids.slice(0, rep.gifts.overCap.length)).toEqual(rep.gifts.overCap.map((g) => g.storeId));
    }
    expect(team.reps.find((r) => r.rep.id === few.id)!.gifts.overCapCount).toBe(1);
    expect(team.reps.find((r) => r.rep.id === many.id)!.gifts.overCapCount).toBe(LIST_PAGE_SIZE + 2);
  });

  it("pages the whole team's list, and leaves other teams out", async () => {
    const ids = await allPages(`/team/lists/gifts?week=${PERIOD}`, mgr, storeIds);
    expect(new Set(ids).size).toBe(1 + LIST_PAGE_SIZE + 2);
    const first = await (await request(`/team/lists/gifts?week=${PERIOD}`, { agent: mgr })).text();
    expect(first).not.toContain("别组店");
    expect(await (await request(`/team/lists/gifts?week=${PERIOD}&rep=${few.id}`, { agent: mgr })).text()).toContain("¥2,100");
  });

  it("is not a rep's page, and names a bad filter", async () => {
    expect((await request(`/team/lists/gifts?week=${PERIOD}`, { agent: await signedIn(few.id) })).status).toBe(404);
    expect((await request(`/team/lists/gifts?rep=abc`, { agent: mgr })).status).toBe(400);
  });

  it("takes one round trip, for a team or for every rep", async () => {
    const counter = countingDb();
    await loadGifts(counter.db, manager, { week, page: 2 });
    expect(counter.roundTrips()).toBe(1);
    counter.reset();
    const everyone = await loadGifts(counter.db, { ...manager, role: "admin", teamId: null }, { week, page: 1 });
    expect(counter.roundTrips()).toBe(1);
    expect(everyone.total).toBe(1 + LIST_PAGE_SIZE + 2 + 1);
  });

  it("is where the weekly's 'N more' under the gifts lands, and /team links to it", async () => {
    const mail = composeWeekly({ locale: "zh-CN", origin: "https://keqing.example", week: { kind: "team", team } });
    expect(mail.html).toContain(`/team/lists/gifts?week=${PERIOD}&amp;rep=${many.id}`);
    expect(mail.html).not.toContain(`/team/lists/gifts?week=${PERIOD}&amp;rep=${few.id}`);
    expect(await (await request("/team", { agent: mgr })).text()).toContain('href="/team/lists/gifts"');
  });
});

describe("/team/lists/{follow-ups,rules,change,festivals} (integration)", () => {
  const repRows = (html: string) => [...html.matchAll(/<tr data-rep="(\d+)"([^>]*)>/g)].map((m) => ({ id: Number(m[1]), attrs: m[2]! }));
  const followUpIds = (html: string) => [...html.matchAll(/data-follow-up="(\w+)"/g)].map((m) => m[1]!);
  const page = async (path: string, agent = mgr) => {
    const res = await request(path, { agent });
    expect(res.status).toBe(200);
    return res.text();
  };

  it("lists per rep the follow-ups the weekly counts overdue, and no other team's", async () => {
    let sum = 0;
    for (const rep of team.reps) {
      const html = await page(`/team/lists/follow-ups?week=${PERIOD}&rep=${rep.rep.id}`);
      expect(followUpIds(html).length).toBe(rep.followUps.overdue);
      sum += rep.followUps.overdue;
    }
    expect(team.reps.find((r) => r.rep.id === few.id)!.followUps.overdue).toBe(1);
    expect(team.reps.find((r) => r.rep.id === many.id)!.followUps.overdue).toBe(1);
    const all = await page(`/team/lists/follow-ups?week=${PERIOD}`);
    expect(followUpIds(all).length).toBe(sum);
    expect(all).toContain("新郎甲");
    expect(all).toContain("寿星乙");
    expect(all).not.toContain("新娘甲");
    expect(all).not.toContain("别组新郎");
  });

  it("shows each rep's R9–R11, change on the week before and festival coverage as the weekly computes them", async () => {
    const rules = await page(`/team/lists/rules?week=${PERIOD}`);
    expect(repRows(rules).map((r) => r.id)).toEqual(team.reps.map((r) => r.rep.id));
    for (const r of team.reps) {
      const row = rules.slice(rules.indexOf(`<tr data-rep="${r.rep.id}"`)).split("</tr>")[0]!;
      for (const p of [r.rules.helpAsked, r.rules.problemsSolved, r.rules.trainings]) expect(row).toContain(`${p.done}/${p.required}`);
    }
    const change = await page(`/team/lists/change?week=${PERIOD}`);
    for (const r of team.reps) expect(change).toContain(`data-contacts="${r.contacts.prev}|${r.contacts.cur}"`);
    const festivals = await page(`/team/lists/festivals?week=${PERIOD}`);
    expect(festivals).toContain('data-festival="mid_autumn:2026"');
    const covered = repRows(festivals);
    expect(covered.length).toBe(team.reps.filter((r) => r.festivals.length > 0).length);
    for (const r of team.reps) for (const f of r.festivals) expect(festivals).toContain(`<tr data-rep="${r.rep.id}" data-coverage="${f.covered}|${f.total}">`);
    expect(team.reps.find((r) => r.rep.id === few.id)!.festivals[0]!.total).toBe(7);
  });

  it("filters by rep; another team's manager sees none of it; a rep gets 404", async () => {
    for (const list of ["rules", "change", "festivals"]) {
      expect(repRows(await page(`/team/lists/${list}?week=${PERIOD}&rep=${few.id}`)).map((r) => r.id)).toEqual([few.id]);
      const other = await page(`/team/lists/${list}?week=${PERIOD}`, otherMgr);
      expect(repRows(other).map((r) => r.id)).not.toContain(few.id);
      expect(repRows(await page(`/team/lists/${list}?week=${PERIOD}&rep=${few.id}`, otherMgr))).toEqual([]);
      expect((await request(`/team/lists/${list}?week=${PERIOD}`, { agent: await signedIn(few.id) })).status).toBe(404);
    }
    expect(followUpIds(await page(`/team/lists/follow-ups?week=${PERIOD}&rep=${few.id}`, otherMgr))).toEqual([]);
    expect(await page(`/team/lists/follow-ups?week=${PERIOD}`, otherMgr)).toContain("别组新郎");
    expect((await request(`/team/lists/follow-ups?week=${PERIOD}`, { agent: await signedIn(few.id) })).status).toBe(404);
    expect((await request(`/team/lists/rules?rep=abc`, { agent: mgr })).status).toBe(400);
  });

  it("takes one round trip, for a team or for every rep", async () => {
    const counter = countingDb();
    await loadWeekFigures(counter.db, manager, { week });
    expect(counter.roundTrips()).toBe(1);
    counter.reset();
    const everyone = await loadWeekFigures(counter.db, { ...manager, role: "admin", teamId: null }, { week });
    expect(counter.roundTrips()).toBe(1);
    expect(new Set(everyone.reps.map((r) => r.rep.id))).toEqual(new Set([few.id, many.id, outsider.id]));
    expect(everyone.overdue.length).toBe(3);
  });

  it("is where the weekly's links land, and /team links to each", async () => {
    const mail = composeWeekly({ locale: "zh-CN", origin: "https://keqing.example", week: { kind: "team", team } });
    for (const href of [`/team/lists/change?week=${PERIOD}`, `/team/lists/rules?week=${PERIOD}`, `/team/lists/follow-ups?week=${PERIOD}&amp;rep=${few.id}`, `/team/lists/festivals?week=${PERIOD}&amp;rep=${few.id}`])
      expect(mail.html).toContain(href);
    const teamPage = await page("/team");
    for (const href of ["/team/lists/follow-ups", "/team/lists/rules", "/team/lists/change", "/team/lists/festivals"]) expect(teamPage).toContain(`href="${href}"`);
  });
});

describe("the pictures on /team and /team/reps/:id (integration)", () => {
  it("draws reps × channels coloured by pace band, each band in words too, with the numbers as a table", async () => {
    const html = await (await request("/team", { agent: mgr })).text();
    const grid = html.slice(html.indexOf('<figure class="chart" id="team-grid"'), html.indexOf("</figure>", html.indexOf('id="team-grid"')));
    expect(grid).toContain('role="img"');
    expect(grid).toMatch(/<title id="team-grid-title">/);
    expect(grid.match(/<g data-row=/g)).toHaveLength(2);
    expect(grid.match(/class="cell tone-/g)).toHaveLength(6);
    expect(grid).toContain('<table class="sr-only">');
    // A coloured cell says its band in words.
    const banded = [...grid.matchAll(/data-band="(on_pace|slipping|behind)"><rect[^>]*><\/rect><text[^>]*>([^<]*)</g)];
    expect(banded.length + (grid.match(/data-band="none"/g) ?? []).length).toBe(6);
    for (const m of banded) expect(m[2]).toMatch(/^\d+\/\d+(\.\d)? (正常|略落后|落后)$/);
  });

  it("draws the rep's month, done against expected, with a day-by-day table", async () => {
    const html = await (await request(`/team/reps/${few.id}`, { agent: mgr })).text();
    expect(html).toContain('id="month-line-chart"');
    const teamPage = await (await request("/team", { agent: mgr })).text();
    expect(teamPage).toContain('id="team-weeks"');
    expect(teamPage).toMatch(/<svg[^>]*role="img"[^>]*aria-labelledby="team-weeks-title"/);
    expect(html).toContain('data-series="expected"');
    expect(html).toContain('data-series="done"');
    expect((await request(`/team/reps/${few.id}`, { agent: otherMgr })).status).toBe(404);
  });

  it("adds no round trip to /team (2, with a team of two reps or every rep) and one to the rep page's line", async () => {
    const counter = countingDb();
    const now = Date.parse("2026-09-28T02:00:00Z");
    const list = await loadTeamList(counter.db, manager, { page: 1 }, now);
    expect(counter.roundTrips()).toBe(2);
    // The team's pace over the last 8 weeks, in the same batch: the newest is the summary's week,
    // at the pace the weekly computes for the team (Σ credited ÷ Σ expected over its reps).
    expect(list.weeks.map((w) => w.week.label)).toEqual(["2026-W33", "2026-W34", "2026-W35", "2026-W36", "2026-W37", "2026-W38", "2026-W39", PERIOD]);
    const sum = (f: (c: TeamWeek["reps"][number]["byChannel"]["visit"]) => number) => team.reps.reduce((n, r) => n + f(r.byChannel.visit) + f(r.byChannel.phone) + f(r.byChannel.message), 0);
    expect(list.weeks.at(-1)!.credited).toBe(sum((c) => c.credited));
    expect(list.weeks.at(-1)!.expected).toBeCloseTo(sum((c) => c.expected), 9);
    expect(list.weeks.at(-1)!.rate).toBeGreaterThan(0);
    counter.reset();
    const everyone = await loadTeamList(counter.db, { ...manager, role: "admin", teamId: null }, { page: 1 }, now);
    expect(counter.roundTrips()).toBe(2);
    expect(everyone.reps.length).toBe(3);
    const view = await loadRepMonthView(db(), manager, few.id, now, undefined);
    if (view === null || view === "future") throw new Error("no month");
    counter.reset();
    const counts = await loadDailyContacts(counter.db, manager, few.id, view.data.month);
    expect(counter.roundTrips()).toBe(1);
    // Read beside the month for the month shown: the line itself reads nothing more.
    const line = await loadMonthLine(counter.db, manager, view.data, { month: view.data.month, rows: counts });
    expect(counter.roundTrips()).toBe(1);
    expect(line.days).toHaveLength(30);
    // 甲's September: the line ends where the month's pace stands today.
    const headline = view.day.pace.headline;
    expect(line.done[27]).toBe(headline.visit.credited + headline.phone.credited + headline.message.credited);
  });
});
