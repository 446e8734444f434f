// Integration (issue 11): history does not move. A month straddling a reassignment and a
// reclassification (October 2026, both on Friday the 16th, written by the same functions the /team
// page and PATCH /api/stores use): each rep's pace counts the store for the working days they held
// it, with prorated quotas; every weekly summary of the month agrees with the reps' months; and
// GET /api/progress for a past month says the same before and after a store is moved today.
import { beforeAll, describe, expect, it } from "vitest";
import { asc, inArray } from "drizzle-orm";
import { policy as policyTable, storeAssignments, visitInsights } from "../../src/db/schema.ts";
import { ASSIGNMENTS_BACKFILLED_FROM } from "../../src/domain/holding.ts";
import { db, makeInteraction, makeStore, makeTeam, makeUser, resetDb } from "../helpers/db.ts";
import { request, sendJson, signedIn, type Agent } from "../helpers/http.ts";
import { reassignStores, updateStore } from "../../src/db/queries/stores.ts";
import { loadRepMonths } from "../../src/services/rep-month.ts";
import { teamWeekRowsPlan } from "../../src/services/weekly.ts";
import { runPlan } from "../../src/db/batch.ts";
import { repDay } from "../../src/domain/rep-day.ts";
import { teamWeeks } from "../../src/domain/team-week.ts";
import { weekRange } from "../../src/domain/week-range.ts";
import { addDays, isoWeekOf, localDateOf, monthBounds, monthOf } from "../../src/domain/dates.ts";
import { proratedQuota } from "../../src/domain/pace.ts";
import { DEFAULT_POLICY } from "../../src/domain/policy.ts";
import { countWorkingDays, workingDaysInMonth } from "../../src/domain/working-days.ts";
import { QUOTA_CHANNELS } from "../../src/domain/types.ts";
import type { Viewer } from "../../src/auth/identity.ts";

const MOVED = "2026-10-16";
const at = (date: string) => Date.parse(`${date}T02:00:00Z`); // 10:00 in Shanghai
const pol = DEFAULT_POLICY;

let manager: Viewer;
let rep1: { id: number }, rep2: { id: number };
let moved: { id: number }, upgraded: { id: number }, steady: { id: number }, idle: { id: number };

beforeAll(async () => {
  await resetDb();
  const team = await makeTeam("历史组");
  const m = await makeUser("manager", team.id, { name: "陈经理" });
  manager = { id: m.id, role: "manager", teamId: team.id, name: m.name, email: m.email, locale: "zh-CN", timeZone: "Asia/Shanghai" };
  rep1 = await makeUser("rep", team.id, { name: "刘一" });
  rep2 = await makeUser("rep", team.id, { name: "孙二" });
  moved = await makeStore(rep1.id, "A", { name: "移交药房" });
  upgraded = await makeStore(rep1.id, "B", { name: "升级药房" });
  steady = await makeStore(rep2.id, "C", { name: "稳定药房" });
  // rep1 at the store before it moves; rep2 after it (twice on the 21st: once by the default policy).
  for (const d of ["2026-10-05", "2026-10-12"]) await makeInteraction(rep1.id, moved.id, d);
  for (const d of ["2026-10-20", "2026-10-21", "2026-10-21", "2026-10-27"]) await makeInteraction(rep2.id, moved.id, d);
  for (const d of ["2026-10-06", "2026-10-13", "2026-10-19", "2026-10-26"]) await makeInteraction(rep1.id, upgraded.id, d);
  await makeInteraction(rep2.id, steady.id, "2026-10-08", { channel: "phone" });
  // What the weekly lists by store: a problem solved, a training, a gift over the yearly cap and a
  // competitor note at the store before it moves, a store nobody contacts, a problem solved at the
  // store after it moves.
  // (Phone calls: the visits above are what the pace tests count.)
  await makeInteraction(rep1.id, moved.id, "2026-10-07", { channel: "phone", problemSolved: "断货", trainingTopic: "新品", askedHelp: true, giftValue: 2500 });
  const note = await makeInteraction(rep1.id, moved.id, "2026-10-09", { channel: "phone" });
  await db().insert(visitInsights).values({ interactionId: note.id, kind: "competitor", subject: "某某感冒灵", detail: "买一送一" });
  await makeInteraction(rep2.id, moved.id, "2026-10-22", { channel: "phone", problemSolved: "陈列" });
  idle = await makeStore(rep1.id, "C", { name: "冷清药房" });

  const move = await reassignStores(db(), manager, { fromRepId: rep1.id, storeIds: [moved.id], toRepId: rep2.id }, at(MOVED));
  expect(move.ok).toBe(true);
  const reclass = await updateStore(db(), manager, upgraded.id, { class: "A" }, at(MOVED));
  expect(reclass.ok).toBe(true);
});

const wd = (from: string, to: string) => countWorkingDays(pol, from, to);
const OCT = "2026-10";

async function dayOf(repId: number, today: string) {
  const months = await loadRepMonths(db(), [repId], today);
  return repDay(months.get(repId)!);
}

describe("a month straddling a reassignment and a reclassification (integration)", () => {
  it("records the history: the old rows closed on the day, the new ones open from it", async () => {
    const rows = await db()
      .select({ storeId: storeAssignments.storeId, repId: storeAssignments.repId, tier: storeAssignments.tier, from: storeAssignments.validFrom, to: storeAssignments.validTo })
      .from(storeAssignments)
      .where(inArray(storeAssignments.storeId, [moved.id, upgraded.id]))
      .orderBy(asc(storeAssignments.storeId), asc(storeAssignments.validFrom));
    expect(rows).toEqual([
      { storeId: moved.id, repId: rep1.id, tier: "A", from: ASSIGNMENTS_BACKFILLED_FROM, to: MOVED },
      { storeId: moved.id, repId: rep2.id, tier: "A", from: MOVED, to: null },
      { storeId: upgraded.id, repId: rep1.id, tier: "B", from: ASSIGNMENTS_BACKFILLED_FROM, to: MOVED },
      { storeId: upgraded.id, repId: rep1.id, tier: "A", from: MOVED, to: null },
    ]);
  });

  it("counts the moved store for each rep for the working days they held it, with prorated quotas", async () => {
    const total = workingDaysInMonth(pol, OCT);
    const before = wd("2026-10-01", addDays(MOVED, -1));
    const after = wd(MOVED, "2026-10-31");
    expect(before + after).toBe(total);
    const d1 = await dayOf(rep1.id, "2026-10-31");
    const d2 = await dayOf(rep2.id, "2026-10-31");
    const row = (d: typeof d1, storeId: number, ch: string) => d.pace.rows.find((r) => r.storeId === storeId && r.channel === ch)!;
    // rep1: A store until the 15th; two visits of a prorated 8.
    expect(row(d1, moved.id, "visit")).toMatchObject({ required: proratedQuota(8, before, total), done: 2 });
    // rep2: from the 16th; the 20th, the 21st (twice: counted once) and the 27th.
    expect(row(d2, moved.id, "visit")).toMatchObject({ required: proratedQuota(8, after, total), done: 3 });
    // The reclassified store: B's 4 visits for the first part, A's 8 for the rest, each prorated.
    expect(row(d1, upgraded.id, "visit")).toMatchObject({ required: proratedQuota(4, before, total) + proratedQuota(8, after, total), done: 4 });
    expect(row(d1, upgraded.id, "visit").required).toBeGreaterThan(4);
    expect(row(d1, upgraded.id, "visit").required).toBeLessThan(8);
    // The month's headline sums the parts; rep1 also has an idle C store, rep2 their own C store.
    expect(d1.pace.storesTotal).toBe(3);
    expect(d2.pace.storesTotal).toBe(2);
    // Today's work (seen from the month's last day): rep1 no longer holds the moved store.
    expect(d1.current.map((s) => s.id).sort((a, b) => a - b)).toEqual([upgraded.id, idle.id].sort((a, b) => a - b));
  });

  it("reads a day before the move as it was read that day (nothing known yet of the move)", async () => {
    const d1 = await dayOf(rep1.id, "2026-10-14");
    const visit = d1.pace.rows.find((r) => r.storeId === moved.id && r.channel === "visit")!;
    expect(visit.required).toBe(8);
    expect(d1.pace.rows.find((r) => r.storeId === upgraded.id && r.channel === "visit")!.required).toBe(4);
    const d2 = await dayOf(rep2.id, "2026-10-14");
    expect(d2.pace.rows.some((r) => r.storeId === moved.id)).toBe(false);
  });

  it("gives each week's summary the numbers of the reps' months at the week's end", async () => {
    for (const sunday of ["2026-10-04", "2026-10-11", "2026-10-18", "2026-10-25", "2026-11-01"]) {
      const week = weekRange(isoWeekOf(addDays(sunday, 1)))!;
      expect(week.end).toBe(sunday);
      const team = teamWeeks(await runPlan(db(), teamWeekRowsPlan(db(), [manager.id], week)), week).get(manager.id)!;
      if (team.kind !== "team") throw new Error("no team");
      for (const repId of [rep1.id, rep2.id]) {
        const rw = team.team.reps.find((r) => r.rep.id === repId)!;
        const day = await dayOf(repId, sunday);
        for (const ch of QUOTA_CHANNELS) {
          const h = day.pace.headline[ch];
          expect({ sunday, repId, ch, ...rw.byChannel[ch], expected: Math.round(rw.byChannel[ch].expected * 1e6) }).toEqual({
            sunday,
            repId,
            ch,
            credited: h.credited,
            required: h.required,
            expected: Math.round(h.expectedByToday * 1e6),
            storesBehind: h.storesBehind,
          });
        }
        // R9–R11 as the rep's month counts them at the week's end (prorated over the days held).
        for (const rule of ["helpAsked", "problemsSolved", "trainings"] as const) {
          const mine = { required: rw.rules[rule].required, done: rw.rules[rule].done, expected: Math.round(rw.rules[rule].expectedByToday * 1e6) };
          expect({ sunday, repId, rule, ...mine }).toEqual({ sunday, repId, rule, required: day.rules[rule].required, done: day.rules[rule].done, expected: Math.round(day.rules[rule].expectedByToday * 1e6) });
        }
        // The week before's pace rate is that of the month seen from its end.
        const prev = await dayOf(repId, week.prevEnd);
        const credited = QUOTA_CHANNELS.reduce((n, ch) => n + prev.pace.headline[ch].credited, 0);
        const expected = QUOTA_CHANNELS.reduce((n, ch) => n + prev.pace.headline[ch].expectedByToday, 0);
        expect(rw.prevPaceRate === null ? null : Math.round(rw.prevPaceRate * 1e6)).toBe(expected > 0 ? Math.round(((100 * credited) / expected) * 1e6) : null);
      }
    }
  });

  it("prorates R10 per store over the stretches held, and R11 over the days a rep held an A store", async () => {
    const total = workingDaysInMonth(pol, OCT);
    const before = wd("2026-10-01", addDays(MOVED, -1));
    const after = wd(MOVED, "2026-10-31");
    const { A, B, C } = pol.problemsSolved.perClass;
    const d1 = await dayOf(rep1.id, "2026-10-31");
    const d2 = await dayOf(rep2.id, "2026-10-31");
    // rep1: the moved A store until the 15th, the upgraded store as B then A, the idle C store all month.
    expect(d1.rules.problemsSolved).toMatchObject({ required: proratedQuota(A, before, total) + proratedQuota(B, before, total) + proratedQuota(A, after, total) + C, done: 1 });
    // rep2: the moved A store from the 16th (one solved there), their C store all month.
    expect(d2.rules.problemsSolved).toMatchObject({ required: proratedQuota(A, after, total) + C, done: 1 });
    // R9: both held stores all month: the whole target. R11: rep1 held an A store every day; rep2 from the 16th.
    expect(d1.rules.helpAsked).toMatchObject({ required: pol.helpAskedPerRep, done: 1 });
    expect(d2.rules.helpAsked.required).toBe(pol.helpAskedPerRep);
    expect(d1.rules.trainings).toMatchObject({ required: pol.trainingsPerRep, done: 1 });
    expect(d2.rules.trainings).toMatchObject({ required: proratedQuota(pol.trainingsPerRep, after, total), done: 0 });
    // The store handed on is no longer rep1's to fix: it is not listed as short.
    expect(d1.rules.problemsSolved.shortStores.map((x) => x.storeId)).not.toContain(moved.id);
  });

  it("counts each same-day repeat when the policy says so", async () => {
    await db().update(policyTable).set({ data: { ...pol, sameDayRepeats: "each" } });
    try {
      const d2 = await dayOf(rep2.id, "2026-10-31");
      expect(d2.pace.rows.find((r) => r.storeId === moved.id && r.channel === "visit")!.done).toBe(4);
      const week = weekRange(isoWeekOf("2026-10-26"))!;
      const team = teamWeeks(await runPlan(db(), teamWeekRowsPlan(db(), [manager.id], week)), week).get(manager.id)!;
      if (team.kind !== "team") throw new Error("no team");
      const rw = team.team.reps.find((r) => r.rep.id === rep2.id)!;
      const day = await dayOf(rep2.id, week.end);
      expect(rw.byChannel.visit.credited).toBe(day.pace.headline.visit.credited);
    } finally {
      await db().update(policyTable).set({ data: pol });
    }
  });
});

describe("each week's summary before and after the stores move today (integration)", () => {
  it("gives the same R9–R11, festival coverage, gifts, notes and not-contacted lists for every week of the month", async () => {
    const weeks = ["2026-10-04", "2026-10-11", "2026-10-18", "2026-10-25", "2026-11-01"].map((sunday) => weekRange(isoWeekOf(addDays(sunday, 1)))!);
    const summaries = async () => {
      const out = [];
      for (const week of weeks) {
        const team = teamWeeks(await runPlan(db(), teamWeekRowsPlan(db(), [manager.id], week)), week).get(manager.id)!;
        if (team.kind !== "team") throw new Error("no team");
        out.push({ notes: team.team.notes, reps: team.team.reps.map((r) => ({ id: r.rep.id, rules: r.rules, festivals: r.festivals, gifts: r.gifts, neglected: r.neglected, stores: r.storesTotal, byChannel: r.byChannel })) });
      }
      return out;
    };
    const before = await summaries();
    // What the weeks say, by the stores as they were: the gift, the note and the idle store are rep1's
    // in the week of the 12th; the moved store's gifts are rep2's at the month's end.
    const oct11 = before[1]!.reps.find((r) => r.id === rep1.id)!;
    expect(oct11.gifts).toMatchObject({ year: 2500, overCapCount: 1, overCap: [{ storeId: moved.id, total: 2500 }] });
    expect(oct11.neglected.first.map((x) => x.storeId)).toContain(idle.id);
    expect(oct11.rules.problemsSolved.done).toBe(1);
    expect(oct11.rules.trainings.done).toBe(1);
    expect(before[1]!.notes.competitor.shown.map((n) => n.storeId)).toEqual([moved.id]);
    expect(before[4]!.reps.find((r) => r.id === rep2.id)!.gifts).toMatchObject({ year: 2500, overCapCount: 1 });
    expect(before[4]!.reps.find((r) => r.id === rep1.id)!.gifts).toMatchObject({ year: 0, overCapCount: 0 });

    // Today every store changes hands and class (as /team and PATCH /api/stores do).
    const now = Date.now();
    expect((await reassignStores(db(), manager, { fromRepId: rep1.id, storeIds: [upgraded.id, idle.id], toRepId: rep2.id }, now)).ok).toBe(true);
    expect((await reassignStores(db(), manager, { fromRepId: rep2.id, storeIds: [moved.id, steady.id], toRepId: rep1.id }, now)).ok).toBe(true);
    expect((await updateStore(db(), manager, moved.id, { class: "C" }, now)).ok).toBe(true);
    expect(await summaries()).toEqual(before);
  });
});

describe("GET /api/progress for a past month, before and after a store moves today (integration)", () => {
  let mgr: Agent;
  let rep: { id: number }, other: { id: number };
  let store: { id: number };
  let past: string;

  beforeAll(async () => {
    const team = await makeTeam("今日组");
    const m = await makeUser("manager", team.id);
    mgr = await signedIn(m.id);
    rep = await makeUser("rep", team.id);
    other = await makeUser("rep", team.id);
    store = await makeStore(rep.id, "A");
    await makeStore(rep.id, "B");
    const today = localDateOf(Date.now(), "Asia/Shanghai");
    past = monthOf(addDays(monthBounds(monthOf(today)).first, -1));
    const { first } = monthBounds(past);
    for (const n of [1, 3, 8, 8]) await makeInteraction(rep.id, store.id, addDays(first, n));
    await makeInteraction(rep.id, store.id, addDays(first, 4), { channel: "message" });
  });

  it("says the same for both reps after the store is moved and reclassified", async () => {
    const read = async (repId: number) => (await request(`/api/progress?month=${past}&repId=${repId}`, { agent: mgr })).json();
    const before = [await read(rep.id), await read(other.id)];
    expect((before[0] as { stores: unknown[] }).stores.length).toBe(2);
    const res = await sendJson("PATCH", `/api/stores/${store.id}`, { repId: other.id, tier: "C" }, mgr);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ repId: other.id, tier: "C" });
    expect([await read(rep.id), await read(other.id)]).toEqual(before);
  });
});

describe("store codes (integration)", () => {
  it("managers set a unique code through the API, shown on the store page; a rep may not; a taken code names the field", async () => {
    const team = await makeTeam("编码组");
    const mgr = await signedIn((await makeUser("manager", team.id)).id);
    const repUser = await makeUser("rep", team.id);
    const asRep = await signedIn(repUser.id);
    const a = await makeStore(repUser.id, "A");
    const b = await makeStore(repUser.id, "B");
    const set = await sendJson("PATCH", `/api/stores/${a.id}`, { code: "LBX-0731-01" }, mgr);
    expect(set.status).toBe(200);
    expect(await set.json()).toMatchObject({ id: a.id, code: "LBX-0731-01" });
    expect(await (await request(`/stores/${a.id}`, { agent: mgr })).text()).toContain("LBX-0731-01");
    const taken = await sendJson("PATCH", `/api/stores/${b.id}`, { code: "LBX-0731-01" }, mgr);
    expect(taken.status).toBe(400);
    expect((await taken.json<{ error: { fields: Record<string, string> } }>()).error.fields).toHaveProperty("code");
    const byRep = await sendJson("PATCH", `/api/stores/${b.id}`, { code: "MINE" }, asRep);
    expect(byRep.status).toBe(403);
    const created = await sendJson("POST", "/api/stores", { name: "新编码店", tier: "C", repId: repUser.id, code: "LBX-0731-02" }, mgr);
    expect(created.status).toBe(201);
    expect(await created.json()).toMatchObject({ code: "LBX-0731-02" });
  });
});

describe("the store list and page prorate a store added this month (integration)", () => {
  it("owes the quota for the working days from the day it was added, and is not behind on that day", async () => {
    const team = await makeTeam("新加组");
    const repUser = await makeUser("rep", team.id);
    const asRep = await signedIn(repUser.id);
    const today = localDateOf(Date.now(), "Asia/Shanghai");
    const store = await makeStore(repUser.id, "A", { name: "今天加的药房" }, today);
    const month = monthOf(today);
    const held = countWorkingDays(pol, today, monthBounds(month).last);
    const required = proratedQuota(8, held, workingDaysInMonth(pol, month));
    const list = await (await request("/api/stores", { agent: asRep })).json<{ items: { id: number; pace: { channel: string; required: number; behind: boolean }[] }[] }>();
    const visit = list.items.find((s) => s.id === store.id)!.pace.find((p) => p.channel === "visit")!;
    expect(visit).toMatchObject({ required, behind: false });
    const page = await (await request(`/stores/${store.id}`, { agent: asRep })).text();
    expect(page).toContain(`0 / ${required}`);
  });
});

describe("the store list's behind filter judges a store added this month by its prorated pace (integration)", () => {
  it("lists a store held all month and behind, not one added today whose one visit today is all it owes so far", async () => {
    const team = await makeTeam("筛选组");
    const repUser = await makeUser("rep", team.id);
    const asRep = await signedIn(repUser.id);
    const today = localDateOf(Date.now(), "Asia/Shanghai");
    const days = Number(monthBounds(monthOf(today)).last.slice(8));
    const [saved] = await db().select().from(policyTable);
    // One visit a day at A stores, every day of the week, nothing else: a store held all month and
    // never visited is behind from the 1st; the same store counted as held all month would be too.
    const zero = { A: 0, B: 0, C: 0 };
    await db()
      .update(policyTable)
      .set({ data: { ...saved!.data, workingDays: [1, 2, 3, 4, 5, 6, 7], officialHolidaysOff: false, extraNonWorkingDates: [], quotas: { visit: { A: days, B: 0, C: 0 }, phone: zero, message: zero } } });
    try {
      const old = await makeStore(repUser.id, "A", { name: "老店" });
      const fresh = await makeStore(repUser.id, "A", { name: "新店" }, today);
      await makeInteraction(repUser.id, fresh.id, today);
      const list = await (await request("/api/stores?behind=1", { agent: asRep })).json<{ items: { id: number }[] }>();
      expect(list.items.map((s) => s.id)).toContain(old.id);
      // Added today: it owes days-from-today visits, one of them by today, and has it. (Judged
      // unprorated, as the SQL alone did, it would owe one a day since the 1st: behind from the 2nd.)
      expect(list.items.map((s) => s.id)).not.toContain(fresh.id);
    } finally {
      await db().update(policyTable).set({ data: saved!.data });
    }
  });
});
