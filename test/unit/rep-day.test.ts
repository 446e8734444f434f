import { describe, expect, it } from "vitest";
import { emptyRepMonth, repDay, type RepMonthData, type RepStore } from "../../src/domain/rep-day.ts";
import { DEFAULT_FESTIVALS, DEFAULT_POLICY, type Policy } from "../../src/domain/policy.ts";
import type { StoreClass } from "../../src/domain/types.ts";

const context = { policy: DEFAULT_POLICY, festivals: DEFAULT_FESTIVALS };
const store = (id: number, cls: StoreClass, city = "长沙"): RepStore => ({ id, class: cls, name: `药房${id}`, city, phone: null, repId: 7 });

function month(today: string, over: Partial<RepMonthData> = {}, policy: Policy = DEFAULT_POLICY): RepMonthData {
  return { ...emptyRepMonth({ ...context, policy }, 7, today, today.slice(0, 7)), ...over };
}

/** Every quota of a store met (R1–R3 defaults). */
function allDone(id: number, cls: StoreClass) {
  const q = DEFAULT_POLICY.quotas;
  return (["visit", "phone", "message"] as const).map((channel) => ({ storeId: id, channel, count: q[channel][cls] }));
}

describe("a rep's day (unit)", () => {
  it("is quiet for a rep without stores", () => {
    const day = repDay(month("2026-07-15"));
    expect(day.pace.storesTotal).toBe(0);
    expect(day.gaps).toEqual([]);
    expect(day.behind).toEqual({ visit: [], phone: [], message: [] });
    expect(day.festivals).toEqual([]); // no festival between Dragon Boat (06-19) and Mid-Autumn's lead (09-15)
    expect(day.followUps).toEqual([]);
    expect(day.plan.tasks).toEqual([]);
    expect(day.intel).toEqual({ target: 6, visits: 0, complete: 0, rate: null });
    // R9 and R11 are still owed by the rep.
    expect(day.rules.helpAsked).toMatchObject({ required: 5, done: 0 });
  });

  it("has nothing to plan when every quota is met", () => {
    const day = repDay(
      month("2026-07-15", {
        stores: [store(1, "A"), store(2, "C")],
        counts: [...allDone(1, "A"), ...allDone(2, "C")],
        lastContact: [
          { storeId: 1, localDate: "2026-07-14" },
          { storeId: 2, localDate: "2026-07-10" },
        ],
      }),
    );
    expect(day.gaps).toEqual([]);
    expect(day.pace.storesBehind).toBe(0);
    expect(day.plan.tasks).toEqual([]);
  });

  it("plans a store never contacted, and lists it behind pace", () => {
    const day = repDay(month("2026-07-15", { stores: [store(1, "A"), store(2, "A")], counts: allDone(1, "A") }));
    expect(day.behind.visit.map((r) => r.storeId)).toEqual([2]);
    expect(day.plan.tasks[0]).toMatchObject({ storeId: 2, channel: "visit", occasion: "routine", reasons: [], pace: { behind: true }, daysSinceLastContact: null });
    expect(day.plan.tasks.every((t) => t.storeId === 2)).toBe(true);
  });

  it("sizes the plan from the contacts logged before today per working day", () => {
    // 2026-10-10 is a Saturday; on the weekly pattern alone Oct 1–9 hold 8 working days (Mon–Sat).
    const activity = [
      { storeId: 1, helpAsked: 1, problemsSolved: 0, trainings: 0, contactsBeforeToday: 12 },
      { storeId: 2, helpAsked: 0, problemsSolved: 1, trainings: 0, contactsBeforeToday: 8 },
    ];
    const weekly = { ...DEFAULT_POLICY, officialHolidaysOff: false };
    const day = repDay(month("2026-10-10", { stores: [store(1, "A"), store(2, "B")], activity }, weekly));
    expect(day.dailyVolume).toBe(20 / 8);
    // By default the official holidays are off: Oct 1–7 is National Day, so only the 8th and 9th were worked.
    expect(repDay(month("2026-10-10", { stores: [store(1, "A"), store(2, "B")], activity })).dailyVolume).toBe(20 / 2);
    expect(day.rules.helpAsked.done).toBe(1);
    expect(day.rules.problemsSolved.done).toBe(1);
    expect(repDay(month("2026-10-01", { stores: [store(1, "A")] }, weekly)).dailyVolume).toBeNull();
  });

  it("lists a festival in its lead time with the stores not yet covered, A first (R4)", () => {
    // Mid-Autumn 2026 is 09-25; its window runs 09-15 … 09-27.
    const day = repDay(
      month("2026-09-20", {
        stores: [store(3, "C"), store(1, "A"), store(2, "B")],
        festivalInteractions: [
          { storeId: 1, channel: "visit", occasion: "festival", festivalKey: "mid_autumn", festivalYear: 2026, localDate: "2026-09-18", giftWhat: "月饼", giftValue: 200 },
          { storeId: 1, channel: "message", occasion: "festival", festivalKey: "mid_autumn", festivalYear: 2026, localDate: "2026-09-19" },
          { storeId: 2, channel: "message", occasion: "festival", festivalKey: "mid_autumn", festivalYear: 2026, localDate: "2026-09-19" },
        ],
      }),
    );
    expect(day.festivals).toHaveLength(1);
    const f = day.festivals[0]!;
    expect(f).toMatchObject({ daysUntil: 5, windowOpen: true });
    expect(f.coverage.total).toEqual({ stores: 3, covered: 1 });
    expect(f.uncovered.map((s) => [s.storeId, s.missing])).toEqual([
      [2, ["phone"]],
      [3, ["phone", "message"]],
    ]);
    const festivalTasks = day.plan.tasks.filter((t) => t.reasons[0]?.kind === "festival");
    expect(festivalTasks.map((t) => [t.storeId, t.channel])).toEqual([
      [2, "phone"],
      [3, "phone"],
      [3, "message"],
    ]);
  });

  it("lists birthdays and life events with their store, closed ones left out (R6–R8)", () => {
    const day = repDay(
      month("2026-10-14", {
        stores: [store(1, "A"), store(2, "B")],
        contacts: [
          { id: 10, storeId: 1, name: "王芳", formOfAddress: "王姐", phone: null, birthday: { calendar: "solar", month: 10, day: 14, leapMonth: false } },
          { id: 20, storeId: 2, name: "李强", formOfAddress: "李总", phone: null, birthday: null },
          { id: 30, storeId: 2, name: "赵敏", formOfAddress: null, phone: null, birthday: { calendar: "solar", month: 10, day: 12, leapMonth: false } },
        ],
        lifeEvents: [
          { id: 5, contactId: 20, kind: "wedding", date: "2026-10-11", state: "open" },
          { id: 6, contactId: 20, kind: "illness", date: "2026-10-01", state: "open" },
        ],
        followUpInteractions: [
          { channel: "visit", occasion: "life_event", localDate: "2026-10-03", contactId: 20, lifeEventId: 6 },
          { channel: "message", occasion: "birthday", localDate: "2026-10-12", contactId: 30 },
        ],
      }),
    );
    expect(day.followUps.map((f) => [f.kind, f.contactId, f.storeId, f.status])).toEqual([
      ["birthday", 10, 1, "due"],
      ["wedding", 20, 2, "due"],
    ]);
    const followTasks = day.plan.tasks.filter((t) => t.reasons[0]?.kind === "follow_up");
    expect(followTasks.map((t) => [t.storeId, t.contactId, t.channel, t.occasion, t.lifeEventId])).toEqual([
      [1, 10, "message", "birthday", undefined],
      [2, 20, "visit", "life_event", 5],
    ]);
  });

  it("lists last week's visits missing intel, newest first, and the month's completeness (R12–R17)", () => {
    const day = repDay(
      month("2026-10-14", {
        stores: [store(1, "A")],
        recentVisits: [
          { interactionId: 1, storeId: 1, localDate: "2026-10-08", intelKinds: 2 },
          { interactionId: 2, storeId: 1, localDate: "2026-10-12", intelKinds: 6 },
          { interactionId: 3, storeId: 1, localDate: "2026-10-13", intelKinds: 0 },
        ],
        monthIntel: [
          { kinds: 6, visits: 2 },
          { kinds: 2, visits: 3 },
        ],
      }),
    );
    expect(day.visitsMissingIntel.map((v) => v.interactionId)).toEqual([3, 1]);
    expect(day.intel).toEqual({ target: 6, visits: 5, complete: 2, rate: 0.4 });
    const lenient = repDay(month("2026-10-14", { recentVisits: [{ interactionId: 1, storeId: 1, localDate: "2026-10-08", intelKinds: 2 }] }, { ...DEFAULT_POLICY, intelItemsPerVisit: 2 }));
    expect(lenient.visitsMissingIntel).toEqual([]);
  });

  it("passes open slow movers through (R17)", () => {
    const slow = { id: 1, storeId: 1, interactionId: 9, localDate: "2026-10-02", subject: "维C泡腾片", detail: "近效期", reason: null, action: "申请堆头" };
    expect(repDay(month("2026-10-14", { stores: [store(1, "A")], slowMovers: [slow] })).slowMovers).toEqual([slow]);
  });

  it("plans no routine contact on a Sunday but keeps what is due", () => {
    const day = repDay(
      month("2026-10-11", {
        stores: [store(1, "A")],
        contacts: [{ id: 10, storeId: 1, name: "王芳", formOfAddress: null, phone: null, birthday: { calendar: "solar", month: 10, day: 11, leapMonth: false } }],
      }),
    );
    expect(day.workingDay).toBe(false);
    expect(day.plan.tasks.map((t) => t.reasons.map((r) => r.kind))).toEqual([["follow_up"]]);
  });
});
