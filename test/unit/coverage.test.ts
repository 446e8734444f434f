import { describe, expect, it } from "vitest";
import {
  festivalCoverage,
  festivalTasks,
  festivalsInLead,
  satisfies,
  type FestivalInteraction,
} from "../../src/domain/coverage.ts";
import type { StoreRef } from "../../src/domain/pace.ts";
import { festivalsAround } from "../../src/domain/calendar/festivals.ts";
import { DEFAULT_FESTIVALS, type FestivalDef, type FestivalOccurrence } from "../../src/domain/policy.ts";

function actionsOf(key: string): FestivalDef["actions"] {
  return DEFAULT_FESTIVALS.find((f) => f.key === key)!.actions;
}

// Mid-Autumn 2026 falls on 2026-09-25; window 10 days before to 2 after.
const midAutumn: FestivalOccurrence = {
  key: "mid_autumn",
  name: { "zh-CN": "中秋节", en: "Mid-Autumn Festival" },
  year: 2026,
  date: "2026-09-25",
  windowStart: "2026-09-15",
  windowEnd: "2026-09-27",
  leadStart: "2026-09-15",
  actions: actionsOf("mid_autumn"),
};
// Spring Festival 2027 falls on 2027-02-06; window 21 days before to 7 after.
const springFestival: FestivalOccurrence = {
  key: "spring_festival",
  name: { "zh-CN": "春节", en: "Spring Festival" },
  year: 2027,
  date: "2027-02-06",
  windowStart: "2027-01-16",
  windowEnd: "2027-02-13",
  leadStart: "2027-01-16",
  actions: actionsOf("spring_festival"),
};

const A: StoreRef = { id: 1, class: "A" };
const B: StoreRef = { id: 2, class: "B" };
const C: StoreRef = { id: 3, class: "C" };

function contact(
  store: StoreRef,
  channel: FestivalInteraction["channel"],
  localDate: string,
  more: Partial<FestivalInteraction> = {},
  festival: FestivalOccurrence = midAutumn,
): FestivalInteraction {
  return { storeId: store.id, channel, occasion: "festival", festivalKey: festival.key, festivalYear: festival.year, localDate, ...more };
}
const mooncakes = { giftWhat: "月饼", giftValue: 168 };

function storeOf(festival: FestivalOccurrence, store: StoreRef, interactions: FestivalInteraction[], today?: string) {
  return festivalCoverage(festival, [store], interactions, today).stores[0]!;
}

describe("festival coverage: the window and the festival (unit)", () => {
  it("counts the window's first and last day, not the day before or after", () => {
    expect(storeOf(midAutumn, B, [contact(B, "phone", "2026-09-15")]).done).toEqual(["phone"]);
    expect(storeOf(midAutumn, B, [contact(B, "phone", "2026-09-27")]).done).toEqual(["phone"]);
    expect(storeOf(midAutumn, B, [contact(B, "phone", "2026-09-14")]).done).toEqual([]);
    expect(storeOf(midAutumn, B, [contact(B, "phone", "2026-09-28")]).done).toEqual([]);
  });

  it("counts only contacts logged for this festival's key and year", () => {
    const inWindow = "2026-09-20";
    expect(storeOf(midAutumn, B, [contact(B, "phone", inWindow, { festivalYear: 2025 })]).done).toEqual([]);
    expect(storeOf(midAutumn, B, [contact(B, "phone", inWindow, { festivalYear: null })]).done).toEqual([]);
    expect(storeOf(midAutumn, B, [contact(B, "phone", inWindow, { festivalKey: "dragon_boat" })]).done).toEqual([]);
    expect(storeOf(midAutumn, B, [contact(B, "phone", inWindow, { occasion: "routine" })]).done).toEqual([]);
    expect(storeOf(midAutumn, B, [contact(B, "phone", inWindow, { storeId: 3 })]).done).toEqual([]);
  });

  it("with a today, does not count a contact dated after it", () => {
    expect(storeOf(midAutumn, B, [contact(B, "phone", "2026-09-21")], "2026-09-20").done).toEqual([]);
    expect(storeOf(midAutumn, B, [contact(B, "phone", "2026-09-20")], "2026-09-20").done).toEqual(["phone"]);
  });
});

describe("festival coverage: which contact fulfils which action (unit)", () => {
  const day = "2026-09-20";

  it("R4 A store: a visit without a gift does not satisfy visit_with_gift", () => {
    const s = storeOf(midAutumn, A, [contact(A, "visit", day), contact(A, "message", day)]);
    expect(s).toMatchObject({ required: ["visit_with_gift", "message"], done: ["message"], missing: ["visit_with_gift"], covered: false });
    expect(satisfies({ channel: "visit", giftWhat: "  ", giftValue: 0 }, "visit_with_gift")).toBe(false);
    expect(satisfies({ channel: "visit", giftWhat: null, giftValue: null }, "visit_with_gift")).toBe(false);
  });

  it("R4 A store: a visit with a gift (what or value) and a message cover it", () => {
    expect(storeOf(midAutumn, A, [contact(A, "visit", day, mooncakes), contact(A, "message", day)]).covered).toBe(true);
    expect(satisfies({ channel: "visit", giftWhat: "月饼" }, "visit_with_gift")).toBe(true);
    expect(satisfies({ channel: "visit", giftValue: 200 }, "visit_with_gift")).toBe(true);
    expect(satisfies({ channel: "phone", giftWhat: "月饼", giftValue: 200 }, "visit_with_gift")).toBe(false);
  });

  it("R4 B and C stores: a call and a message; a visit stands in for the call", () => {
    expect(storeOf(midAutumn, B, [contact(B, "phone", day), contact(B, "message", day)]).covered).toBe(true);
    expect(storeOf(midAutumn, C, [contact(C, "visit", day), contact(C, "message", day)]).covered).toBe(true);
    expect(storeOf(midAutumn, C, [contact(C, "message", day), contact(C, "message", day)])).toMatchObject({ done: ["message"], missing: ["phone"] });
  });

  it("a call or visit does not stand in for the festival message", () => {
    expect(storeOf(midAutumn, B, [contact(B, "phone", day), contact(B, "visit", day)]).missing).toEqual(["message"]);
  });

  it("R5 Spring Festival: any visit counts, a message never satisfies the visit", () => {
    const d = "2027-02-01";
    const sf = (s: StoreRef, ...i: FestivalInteraction[]) => storeOf(springFestival, s, i);
    expect(sf(C, contact(C, "message", d, {}, springFestival), contact(C, "message", d, {}, springFestival))).toMatchObject({ done: ["message"], missing: ["visit"] });
    expect(sf(C, contact(C, "phone", d, {}, springFestival), contact(C, "message", d, {}, springFestival)).missing).toEqual(["visit"]);
    expect(sf(C, contact(C, "visit", d, {}, springFestival), contact(C, "message", d, {}, springFestival)).covered).toBe(true);
    expect(sf(A, contact(A, "visit", d, mooncakes, springFestival), contact(A, "message", d, {}, springFestival)).covered).toBe(true);
  });

  it("third-party help satisfies nothing", () => {
    for (const action of ["visit_with_gift", "visit", "phone", "message"] as const) {
      expect(satisfies({ channel: "third_party", ...mooncakes }, action)).toBe(false);
    }
    expect(storeOf(midAutumn, B, [contact(B, "third_party", day)]).done).toEqual([]);
  });

  it("spends each contact on one action only, keeping the gift visit for the action that needs it", () => {
    const custom: FestivalOccurrence = { ...midAutumn, actions: { A: ["phone", "visit_with_gift"], B: ["visit", "phone"], C: ["visit", "visit"] } };
    // One gift visit and one call: the call goes to "phone", the gift visit to "visit_with_gift".
    expect(storeOf(custom, A, [contact(A, "visit", day, mooncakes), contact(A, "phone", day)]).covered).toBe(true);
    // A gift visit alone cannot be both.
    expect(storeOf(custom, A, [contact(A, "visit", day, mooncakes)])).toMatchObject({ done: ["visit_with_gift"], missing: ["phone"] });
    // ["visit", "phone"]: one visit is not both; a visit and a call are.
    expect(storeOf(custom, B, [contact(B, "visit", day)])).toMatchObject({ done: ["visit"], missing: ["phone"] });
    expect(storeOf(custom, B, [contact(B, "phone", day), contact(B, "visit", day)]).covered).toBe(true);
    // ["visit", "visit"] takes two visits.
    expect(storeOf(custom, C, [contact(C, "visit", day)]).missing).toEqual(["visit"]);
    expect(storeOf(custom, C, [contact(C, "visit", day), contact(C, "visit", "2026-09-21")]).covered).toBe(true);
  });
});

describe("festival coverage: summary (unit)", () => {
  it("counts stores and fully covered stores per class", () => {
    const stores: StoreRef[] = [A, { id: 4, class: "A" }, B, C, { id: 5, class: "C" }];
    const day = "2026-09-22";
    const cov = festivalCoverage(midAutumn, stores, [
      contact(A, "visit", day, mooncakes),
      contact(A, "message", day),
      contact({ id: 4, class: "A" }, "visit", day), // no gift
      contact({ id: 4, class: "A" }, "message", day),
      contact(B, "message", day),
      contact(C, "phone", day),
      contact(C, "message", day),
    ]);
    expect(cov).toMatchObject({ key: "mid_autumn", year: 2026 });
    expect(cov.byClass).toEqual({ A: { stores: 2, covered: 1 }, B: { stores: 1, covered: 0 }, C: { stores: 2, covered: 1 } });
    expect(cov.total).toEqual({ stores: 5, covered: 2 });
    expect(cov.stores.map((s) => [s.storeId, s.missing])).toEqual([
      [1, []],
      [4, ["visit_with_gift"]],
      [2, ["phone"]],
      [3, []],
      [5, ["phone", "message"]],
    ]);
  });

  it("treats a class owing nothing as covered", () => {
    const none: FestivalOccurrence = { ...midAutumn, actions: { ...midAutumn.actions, C: [] } };
    expect(festivalCoverage(none, [C], []).byClass.C).toEqual({ stores: 1, covered: 1 });
  });
});

describe("festivals in their lead time (unit)", () => {
  const dragonBoat: FestivalOccurrence = {
    ...midAutumn,
    key: "dragon_boat",
    name: { "zh-CN": "端午节", en: "Dragon Boat Festival" },
    date: "2026-06-19",
    windowStart: "2026-06-09",
    windowEnd: "2026-06-21",
    leadStart: "2026-06-09",
  };
  const all = [midAutumn, dragonBoat, springFestival];

  it("lists a festival from its lead start through its window's end", () => {
    expect(festivalsInLead(all, "2026-09-14")).toEqual([]);
    expect(festivalsInLead(all, "2026-09-15")).toEqual([{ occurrence: midAutumn, daysUntil: 10, windowOpen: true }]);
    expect(festivalsInLead(all, "2026-09-25")[0]).toMatchObject({ daysUntil: 0 });
    expect(festivalsInLead(all, "2026-09-27")[0]).toMatchObject({ daysUntil: -2, windowOpen: true });
    expect(festivalsInLead(all, "2026-09-28")).toEqual([]);
  });

  it("lists a festival whose lead time starts before its window, with the window still shut", () => {
    const early = { ...dragonBoat, leadStart: "2026-06-04" };
    expect(festivalsInLead([early], "2026-06-05")).toEqual([{ occurrence: early, daysUntil: 14, windowOpen: false }]);
  });

  it("sorts by date and lists an occurrence passed twice once", () => {
    const overlapping = { ...dragonBoat, date: "2026-09-20", windowEnd: "2026-09-22", leadStart: "2026-09-10" };
    const due = festivalsInLead([midAutumn, overlapping, midAutumn], "2026-09-16");
    expect(due.map((d) => d.occurrence.key)).toEqual(["dragon_boat", "mid_autumn"]);
  });

  it("gives the digest each due festival with its coverage so far", () => {
    const tasks = festivalTasks(all, "2026-09-20", [A, B], [
      contact(B, "phone", "2026-09-19"),
      contact(B, "message", "2026-09-23"), // after today: not done yet
    ]);
    expect(tasks).toHaveLength(1);
    expect(tasks[0]!.coverage.stores.map((s) => s.missing)).toEqual([["visit_with_gift", "message"], ["message"]]);
  });
});

describe("festival coverage: a 12th-month festival's year (unit)", () => {
  // An admin's 除夕 (lunar 12/30): the eve of 2025 is 2025-01-28, under 2025 as GET /api/festivals lists it.
  const eveDef: FestivalDef = {
    key: "new_year_eve",
    name: { "zh-CN": "除夕", en: "New Year's Eve" },
    calendar: "lunar",
    month: 12,
    day: 30,
    windowBefore: 3,
    windowAfter: 0,
    leadDays: 3,
    actions: { A: ["message"], B: ["message"], C: ["message"] },
    active: true,
  };

  it("is covered by a contact logged for the year the eve falls in", () => {
    const [eve] = festivalsAround([eveDef], "2025-01-27");
    expect(eve).toMatchObject({ key: "new_year_eve", year: 2025, date: "2025-01-28" });
    expect(storeOf(eve!, B, [contact(B, "message", "2025-01-27", {}, eve)]).done).toEqual(["message"]);
    // Filed under the lunar year (the old rule) it is not this occurrence's contact.
    expect(storeOf(eve!, B, [contact(B, "message", "2025-01-27", { festivalYear: 2024 }, eve)]).done).toEqual([]);
  });
});
