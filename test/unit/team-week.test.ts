// Unit: the managers' weekly summary as numbers (src/domain/team-week.ts) from rows built in memory —
// who gets a summary, pace from the stores histogram as the day's rules count it store by store,
// R10 per store or per rep, festival coverage from bins, overdue follow-ups, named lists and notes.
import { describe, expect, it } from "vitest";
import { teamWeeks, type ManagerWeek, type TeamWeekRows, type WeeklyManager } from "../../src/domain/team-week.ts";
import { weekRange } from "../../src/domain/week-range.ts";
import { monthPace } from "../../src/domain/pace.ts";
import { DEFAULT_FESTIVALS, DEFAULT_POLICY, type Policy } from "../../src/domain/policy.ts";
import { QUOTA_CHANNELS, type QuotaChannel, type StoreClass } from "../../src/domain/types.ts";
import { emptyTeamWeekRows } from "../helpers/team-week-rows.ts";

const WEEK = weekRange("2026-W40")!; // sent Monday 2026-09-28: 09-21 to 09-27, Mid-Autumn on 09-25

function manager(id: number, teamId: number | null, extra: Partial<WeeklyManager> = {}): WeeklyManager {
  return { id, name: `经理${id}`, email: `m${id}@x`, role: "manager", teamId, teamName: teamId === null ? null : `组${teamId}`, locale: "zh-CN", timeZone: "Asia/Shanghai", active: true, ...extra };
}

function rows(over: Partial<TeamWeekRows> = {}, policy: Policy = DEFAULT_POLICY): TeamWeekRows {
  return {
    ...emptyTeamWeekRows({ managers: [manager(1, 10)], reps: [{ id: 7, name: "小王", teamId: 10, active: true }] }, policy),
    ...over,
  };
}

function teamOf(week: ManagerWeek | undefined) {
  if (week?.kind !== "team") throw new Error("expected a team's week");
  return week.team;
}

describe("the managers' weekly summary (unit)", () => {
  it("goes to active managers only: a team's week, or a note that they lead none", () => {
    const weeks = teamWeeks(
      rows({
        managers: [manager(1, 10), manager(2, null), manager(3, 10, { active: false }), manager(4, 10, { role: "admin" }), manager(5, 20)],
        reps: [
          { id: 7, name: "小王", teamId: 10, active: true },
          { id: 8, name: "小李", teamId: 20, active: false },
        ],
      }),
      WEEK,
    );
    expect([...weeks.keys()].sort((a, b) => a - b)).toEqual([1, 2, 5]);
    expect(weeks.get(2)).toMatchObject({ kind: "no_team", manager: { id: 2 }, week: WEEK });
    expect(teamOf(weeks.get(1)).reps.map((r) => r.rep.id)).toEqual([7]);
    expect(teamOf(weeks.get(5)).reps.map((r) => r.rep)).toEqual([{ id: 8, name: "小李", active: false }]);
    expect(teamOf(weeks.get(1)).giftCap).toBe(DEFAULT_POLICY.giftCapPerStoreYear);
  });

  it("counts pace from the stores histogram exactly as the day's rules count it store by store (R1–R3)", () => {
    // Three A stores and a C store; contacts this month per store and channel (more than the quota on one).
    const stores: { id: number; class: StoreClass; contacts: Partial<Record<QuotaChannel, number>> }[] = [
      { id: 1, class: "A", contacts: { visit: 11, phone: 2 } },
      { id: 2, class: "A", contacts: { visit: 3 } },
      { id: 3, class: "A", contacts: { visit: 3, message: 4 } },
      { id: 4, class: "C", contacts: {} },
    ];
    const pace: TeamWeekRows["pace"] = [];
    for (const cls of ["A", "C"] as const) {
      for (const channel of QUOTA_CHANNELS) {
        const byCount = new Map<number, number>();
        for (const s of stores.filter((x) => x.class === cls && x.contacts[channel])) byCount.set(s.contacts[channel]!, (byCount.get(s.contacts[channel]!) ?? 0) + 1);
        for (const [cur, n] of byCount) pace.push({ repId: 7, storeClass: cls, channel, cur, prev: 0, stores: n });
      }
    }
    const team = teamOf(
      teamWeeks(
        rows({
          storeCounts: [
            { repId: 7, storeClass: "A", stores: 3 },
            { repId: 7, storeClass: "C", stores: 1 },
          ],
          pace,
        }),
        WEEK,
      ).get(1),
    );
    const rep = team.reps[0]!;
    const expected = monthPace(
      DEFAULT_POLICY,
      WEEK.end,
      stores.map((s) => ({ id: s.id, class: s.class })),
      stores.flatMap((s) => QUOTA_CHANNELS.filter((ch) => s.contacts[ch]).map((channel) => ({ storeId: s.id, channel, count: s.contacts[channel]! }))),
    );
    expect(rep.storesTotal).toBe(4);
    for (const ch of QUOTA_CHANNELS) {
      const h = expected.headline[ch];
      expect(rep.byChannel[ch], ch).toEqual({ credited: h.credited, required: h.required, expected: expect.closeTo(h.expectedByToday, 9), storesBehind: h.storesBehind });
    }
    expect(rep.byChannel.visit.credited).toBe(8 + 3 + 3); // 11 visits count as the 8 owed
    expect(rep.byClass.A.visit).toEqual({ credited: 14, required: 24 });
    expect(rep.behind).toBe(true);
  });

  it("credits R10 per store up to its class's target, or in total when the policy counts per rep", () => {
    const ruleRows: TeamWeekRows["rules"] = [
      { repId: 7, holdings: "A|2000-01-01|", solved: 5, help: 2, trainings: 1, stores: 1 },
      { repId: 7, holdings: "B|2000-01-01|", solved: 1, help: null, trainings: 0, stores: 2 },
      { repId: 7, holdings: null, solved: 4, help: 1, trainings: 3, stores: 1 }, // not the rep's store that month: help counts, the rest not
    ];
    const storeCounts = [
      { repId: 7, storeClass: "A" as const, stores: 1 },
      { repId: 7, storeClass: "B" as const, stores: 2 },
    ];
    const perStore = teamOf(teamWeeks(rows({ rules: ruleRows, storeCounts }), WEEK).get(1)).reps[0]!.rules;
    expect(perStore.helpAsked).toMatchObject({ done: 3, required: 5 });
    expect(perStore.problemsSolved).toMatchObject({ done: 2 + 2, required: 2 + 2 }); // A: 5 capped at 2; B: 1 × 2 stores
    expect(perStore.trainings).toMatchObject({ done: 1, required: 1 });
    const perRep: Policy = { ...DEFAULT_POLICY, problemsSolved: { ...DEFAULT_POLICY.problemsSolved, scope: "rep" } };
    expect(teamOf(teamWeeks(rows({ rules: ruleRows, storeCounts }, perRep), WEEK).get(1)).reps[0]!.rules.problemsSolved.done).toBe(5 + 2);
  });

  it("covers a festival's stores per class from the bins of what was done (R4, R5)", () => {
    const bin = { repId: 7, festivalKey: "mid_autumn", festivalYear: 2026, giftVisits: 0, visits: 0, calls: 0, messages: 0 };
    const team = teamOf(
      teamWeeks(
        rows({
          storeCounts: [
            { repId: 7, storeClass: "A", stores: 3 },
            { repId: 7, storeClass: "B", stores: 2 },
          ],
          festivalBins: [
            { ...bin, storeClass: "A", giftVisits: 1, messages: 1, stores: 2 }, // visit_with_gift + message: covered
            { ...bin, storeClass: "A", visits: 1, messages: 1, stores: 1 }, // a visit without a gift: not covered
            { ...bin, storeClass: "B", visits: 1, messages: 2, stores: 1 }, // a visit stands in for the call
            { ...bin, storeClass: "B", festivalYear: 2025, calls: 1, messages: 1, stores: 1 }, // last year's: not this one
          ],
        }),
        WEEK,
      ).get(1),
    );
    expect(team.reps[0]!.festivals).toEqual([{ key: "mid_autumn", year: 2026, name: DEFAULT_FESTIVALS[2]!.name, covered: 3, total: 5, byClass: { A: { covered: 2, total: 3 }, B: { covered: 1, total: 2 }, C: { covered: 0, total: 0 } } }]);
  });

  it("counts the two weeks' contacts, follow-ups done and overdue, intel and gifts", () => {
    const team = teamOf(
      teamWeeks(
        rows({
          activity: [
            { repId: 7, cur: 1, channel: "visit", contacts: 4, followUps: 1 },
            { repId: 7, cur: 1, channel: "third_party", contacts: 2, followUps: null },
            { repId: 7, cur: 0, channel: "phone", contacts: 3, followUps: 2 },
          ],
          intel: [
            { repId: 7, cur: 1, kinds: 6, visits: 2 },
            { repId: 7, cur: 1, kinds: 3, visits: 1 },
            { repId: 7, cur: 0, kinds: 6, visits: 5 },
          ],
          gifts: [{ repId: 7, week: 150, year: 900 }],
          // A wedding on 09-10 (due a visit within 7 days), never visited: overdue on the send date.
          lifeEvents: [{ repId: 7, id: 40, contactId: 400, kind: "wedding", date: "2026-09-10", state: "open" }],
          // Another, visited in time: done.
          linkedContacts: [],
        }),
        WEEK,
      ).get(1),
    );
    const rep = team.reps[0]!;
    expect(rep.contacts).toEqual({ cur: 4, prev: 3 });
    expect(rep.followUps).toEqual({ done: 1, overdue: 1 });
    expect(rep.intel).toEqual({ visits: 3, complete: 2, prevVisits: 5, prevComplete: 5 });
    expect(rep.gifts).toMatchObject({ week: 150, year: 900 });
    const visited = teamWeeks(
      rows({
        lifeEvents: [{ repId: 7, id: 40, contactId: 400, kind: "wedding", date: "2026-09-10", state: "open" }],
        linkedContacts: [{ lifeEventId: 40, channel: "visit", occasion: "life_event", localDate: "2026-09-12" }],
      }),
      WEEK,
    );
    expect(teamOf(visited.get(1)).reps[0]!.followUps.overdue).toBe(0);
  });

  it("lists stores over the gift cap and stores not contacted lately in order, with their counts, and the team's notes by their author", () => {
    const named = { repId: 7, count: 7 };
    const note = { subject: null, reason: null, action: null, aboutContact: null, localDate: "2026-09-22", storeName: "一号店", storeClass: "A" as const, count: 3 };
    const team = teamOf(
      teamWeeks(
        rows({
          reps: [
            { id: 7, name: "小王", teamId: 10, active: true },
            { id: 9, name: "小赵", teamId: 10, active: true },
          ],
          overCap: [
            { ...named, storeId: 1, name: "甲", storeClass: "A", total: 2100 },
            { ...named, storeId: 2, name: "乙", storeClass: "B", total: 3000 },
          ],
          neglected: [
            { ...named, storeId: 5, name: "戊", storeClass: "C", last: "2026-08-01" },
            { ...named, storeId: 3, name: "丙", storeClass: "C", last: null },
            { ...named, storeId: 4, name: "丁", storeClass: "C", last: null },
          ],
          notes: [
            { ...note, id: 1, kind: "competitor", detail: "降价", authorId: 9, storeId: 1, repId: 7 }, // written by the other rep at 小王's store
            { ...note, id: 2, kind: "slow_mover", detail: "滞销", authorId: 7, storeId: 1, repId: 7 },
            { ...note, id: 3, kind: "competitor", detail: "外组", authorId: 99, storeId: 9, repId: 99, count: 4 }, // not this team's
          ],
        }),
        WEEK,
      ).get(1),
    );
    const rep = team.reps.find((r) => r.rep.id === 7)!;
    expect(rep.gifts.overCap.map((g) => g.total)).toEqual([3000, 2100]);
    expect(rep.gifts.overCapCount).toBe(7);
    expect(rep.neglected).toEqual({ count: 7, first: [3, 4, 5].map((id) => expect.objectContaining({ storeId: id })) });
    expect(team.notes.competitor).toEqual({ shown: [expect.objectContaining({ id: 1, repName: "小赵", contactId: null })], total: 3 });
    expect(team.notes.slow_mover.shown.map((n) => n.repName)).toEqual(["小王"]);
  });
});
