import { describe, expect, it } from "vitest";
import {
  countedContacts,
  proratedQuota,
  expectedByToday,
  gapsByUrgency,
  monthPace,
  paceClock,
  paceOf,
  urgencyOf,
  type InteractionCount,
  type StoreRef,
} from "../../src/domain/pace.ts";
import { DEFAULT_POLICY, type Policy } from "../../src/domain/policy.ts";
import { countWorkingDays, workingDaysInMonth } from "../../src/domain/working-days.ts";

// The arithmetic of pace on the weekly pattern alone; the official calendar has its own tests below and in working-days.test.ts.
const monSat: Policy = { ...DEFAULT_POLICY, officialHolidaysOff: false };
const everyDay: Policy = { ...monSat, workingDays: [1, 2, 3, 4, 5, 6, 7] };

describe("pace clock (unit)", () => {
  it("gives the spec's example: the 10th of a 30-day month, 8 visits → about 2.7", () => {
    const clock = paceClock(everyDay, "2026-04-10");
    expect(clock).toMatchObject({ month: "2026-04", total: 30, elapsed: 10, remainingWorkingDays: 21 });
    expect(expectedByToday(clock, 8)).toBeCloseTo(2.667, 3);
  });

  it("expects required × 1/N on the first working day and all of it on the last day", () => {
    const first = paceClock(monSat, "2026-04-01"); // a Wednesday; April 2026 has 26 working days
    expect(first).toMatchObject({ total: 26, elapsed: 1, remainingWorkingDays: 26 });
    expect(expectedByToday(first, 8)).toBeCloseTo(8 / 26, 10);
    const last = paceClock(monSat, "2026-04-30");
    expect(last).toMatchObject({ elapsed: 26, remainingWorkingDays: 1 });
    expect(expectedByToday(last, 8)).toBe(8);
  });

  it.each([
    ["2026-02", "2026-02-14", "2026-02-28", 28],
    ["2024-02", "2024-02-15", "2024-02-29", 29],
    ["2026-04", "2026-04-15", "2026-04-30", 30],
    ["2026-01", "2026-01-16", "2026-01-31", 31],
  ])("paces a month %s of %i days (every day working)", (month, mid, last, days) => {
    expect(paceClock(everyDay, `${month}-01`).total).toBe(days);
    expect(expectedByToday(paceClock(everyDay, `${month}-01`), days)).toBe(1);
    expect(expectedByToday(paceClock(everyDay, mid), days)).toBe(Number(mid.slice(8)));
    expect(expectedByToday(paceClock(everyDay, last), 4)).toBe(4);
    expect(paceClock(everyDay, last).remainingWorkingDays).toBe(1);
  });

  it("handles a month starting on a Sunday (March 2026)", () => {
    const sunday = paceClock(monSat, "2026-03-01");
    expect(sunday).toMatchObject({ total: 26, elapsed: 0, remainingWorkingDays: 26 });
    expect(expectedByToday(sunday, 8)).toBe(0);
    const monday = paceClock(monSat, "2026-03-02");
    expect(monday).toMatchObject({ elapsed: 1, remainingWorkingDays: 26 });
    expect(expectedByToday(monday, 8)).toBeCloseTo(8 / 26, 10);
  });

  it("on a Sunday keeps Saturday's expectation and does not count today as usable", () => {
    const saturday = paceClock(monSat, "2026-03-14");
    const sunday = paceClock(monSat, "2026-03-15");
    expect(saturday).toMatchObject({ elapsed: 12, remainingWorkingDays: 15 });
    expect(sunday).toMatchObject({ elapsed: 12, remainingWorkingDays: 14 });
    expect(expectedByToday(sunday, 8)).toBe(expectedByToday(saturday, 8));
  });

  it("counts today as remaining when it is a working day", () => {
    expect(paceClock(monSat, "2026-03-16").remainingWorkingDays).toBe(14); // Monday: 16..31 minus two Sundays
  });

  it("measures a past month as finished and a future one as not started", () => {
    expect(paceClock(monSat, "2026-04-10", "2026-03")).toMatchObject({ total: 26, elapsed: 26, remainingWorkingDays: 0 });
    expect(paceClock(monSat, "2026-04-10", "2026-05")).toMatchObject({ total: 26, elapsed: 0, remainingWorkingDays: 26 });
  });

  it("skips official holidays when the policy says so (October 2026: 21 working days, 1–7 off)", () => {
    const p = { ...monSat, officialHolidaysOff: true };
    expect(paceClock(p, "2026-10-07")).toMatchObject({ total: 21, elapsed: 0, remainingWorkingDays: 21 });
    expect(paceClock(p, "2026-10-08")).toMatchObject({ elapsed: 1, remainingWorkingDays: 21 });
  });

  it("treats a month without working days as due in full once it starts", () => {
    const none = { ...monSat, workingDays: [7], extraNonWorkingDates: ["2026-04-05", "2026-04-12", "2026-04-19", "2026-04-26"] };
    expect(expectedByToday(paceClock(none, "2026-04-10"), 8)).toBe(8);
    expect(expectedByToday(paceClock(none, "2026-03-10", "2026-04"), 8)).toBe(0);
  });
});

describe("pace of one quota (unit)", () => {
  const day10 = paceClock(everyDay, "2026-04-10"); // expected 8 → 2.67, 21 days left including today

  it("reports required, done, remaining, behind and met", () => {
    expect(paceOf(day10, 8, 1)).toMatchObject({ required: 8, done: 1, remaining: 7, remainingWorkingDays: 21, met: false, isBehind: true });
    expect(paceOf(day10, 8, 1).behind).toBeCloseTo(1.667, 3);
    // 2 of 2.67: behind by a fraction, not a whole contact.
    expect(paceOf(day10, 8, 2)).toMatchObject({ isBehind: false, met: false });
    expect(paceOf(day10, 8, 2).behind).toBeCloseTo(0.667, 3);
    expect(paceOf(day10, 8, 3)).toMatchObject({ behind: 0, isBehind: false, remaining: 5 });
    expect(paceOf(day10, 8, 9)).toMatchObject({ remaining: 0, behind: 0, met: true, urgency: 0, critical: false });
  });

  it("computes urgency as remaining per working day left × (1 + behind / required)", () => {
    const p = paceOf(day10, 8, 0);
    expect(p.urgency).toBeCloseTo((8 / 21) * (1 + 8 / 3 / 8), 10);
    expect(urgencyOf(8, 8, 0, 21)).toBeCloseTo(8 / 21, 10);
    expect(urgencyOf(8, 0, 0, 21)).toBe(0);
    expect(urgencyOf(0, 0, 0, 21)).toBe(0);
  });

  it("ranks a gap behind pace above the same gap on pace", () => {
    expect(urgencyOf(8, 4, 2, 10)).toBeGreaterThan(urgencyOf(8, 4, 0, 10));
  });

  it("ranks the same gap higher when fewer working days are left, and stays finite at none", () => {
    expect(urgencyOf(4, 2, 0, 3)).toBeGreaterThan(urgencyOf(4, 2, 0, 10));
    expect(urgencyOf(4, 2, 0, 0)).toBeGreaterThan(urgencyOf(4, 2, 0, 1));
    expect(Number.isFinite(urgencyOf(4, 2, 0, 0))).toBe(true);
  });

  it("ranks a big A-store gap above a C-store gap on the same day", () => {
    expect(paceOf(day10, 8, 0).urgency).toBeGreaterThan(paceOf(day10, 1, 0).urgency);
  });

  it("is critical when more is left than one contact a working day can do", () => {
    const lastDay = paceClock(monSat, "2026-04-30"); // one working day left: today
    expect(paceOf(lastDay, 8, 6)).toMatchObject({ remaining: 2, critical: true });
    expect(paceOf(lastDay, 8, 7)).toMatchObject({ remaining: 1, critical: false });
    const after = paceClock(monSat, "2026-05-03", "2026-04");
    expect(paceOf(after, 1, 0)).toMatchObject({ remainingWorkingDays: 0, critical: true, expectedByToday: 1, behind: 1 });
  });

  it("treats a zero quota as met", () => {
    expect(paceOf(day10, 0, 0)).toMatchObject({ expectedByToday: 0, remaining: 0, met: true, urgency: 0, isBehind: false });
  });
});

describe("month pace of a rep (unit)", () => {
  const stores: StoreRef[] = [
    { id: 1, class: "A" },
    { id: 2, class: "B" },
    { id: 3, class: "C" },
  ];
  const today = "2026-04-10"; // Mon–Sat: 9 working days elapsed (the 5th is a Sunday) of 26, 18 left
  const counts: InteractionCount[] = [
    { storeId: 1, channel: "visit", count: 2 },
    { storeId: 1, channel: "visit", count: 1 }, // rows for the same store and channel add up
    { storeId: 1, channel: "third_party", count: 9 }, // has no quota row: must not disturb the others
    { storeId: 1, channel: "phone", count: 1, localDate: "2026-04-11" }, // tomorrow: not done yet
    { storeId: 1, channel: "phone", count: 1, localDate: "2026-03-31" }, // last month
    { storeId: 1, channel: "phone", count: 1, localDate: "2026-04-10" }, // today counts
    { storeId: 2, channel: "message", count: 5 }, // surplus over B's 2
    { storeId: 99, channel: "visit", count: 4 }, // not one of the rep's stores
  ];
  const pace = monthPace(monSat, today, stores, counts);
  const row = (storeId: number, channel: string) => pace.rows.find((r) => r.storeId === storeId && r.channel === channel)!;

  it("has one row per store and quota channel with the policy's quotas (R1–R3)", () => {
    expect(pace.rows).toHaveLength(9);
    expect(pace.clock).toMatchObject({ total: 26, elapsed: 9, remainingWorkingDays: 18 });
    expect(row(1, "visit")).toMatchObject({ storeClass: "A", required: 8, done: 3 });
    expect(row(2, "visit")).toMatchObject({ storeClass: "B", required: 4, done: 0 });
    expect(row(3, "visit")).toMatchObject({ storeClass: "C", required: 1, done: 0 });
    expect(row(1, "phone").required).toBe(4);
    expect(row(3, "message").required).toBe(1);
    expect(row(1, "visit").expectedByToday).toBeCloseTo((8 * 9) / 26, 10);
  });

  it("never counts future-dated or other months' contacts", () => {
    expect(row(1, "phone").done).toBe(1);
  });

  it("sums a headline per channel without letting one store's surplus cover another's gap", () => {
    expect(pace.headline.visit).toMatchObject({ required: 13, done: 3, credited: 3, remaining: 10 });
    expect(pace.headline.message).toMatchObject({ required: 7, done: 5, credited: 2, remaining: 5, storesMet: 1 });
    expect(pace.headline.visit.expectedByToday).toBeCloseTo((13 * 9) / 26, 10);
    // Behind by a whole contact: A visits (2.77 expected, 3 done: no), A phone (1.38, 1: no),
    // A message (1.38, 0: yes), B visit (1.38, 0: yes); the rest expect under 1.
    expect(pace.headline.visit.storesBehind).toBe(1);
    expect(pace.headline.message.storesBehind).toBe(1);
    expect(pace.headline.phone.storesBehind).toBe(0);
    expect(pace.storesBehind).toBe(2);
    expect(pace.storesTotal).toBe(3);
  });

  it("lists open gaps most urgent first", () => {
    const gaps = gapsByUrgency(pace.rows);
    expect(gaps.some((g) => g.met)).toBe(false);
    expect(gaps).toHaveLength(8); // B's messages are met
    for (let k = 1; k < gaps.length; k++) expect(gaps[k - 1]!.urgency).toBeGreaterThanOrEqual(gaps[k]!.urgency);
    expect(gaps[0]).toMatchObject({ storeId: 1, channel: "message" }); // 4 to go, none done
  });

  it("breaks urgency ties by class, A first", () => {
    const tied = monthPace({ ...monSat, quotas: { ...monSat.quotas, visit: { A: 2, B: 2, C: 2 } } }, today, [
      { id: 7, class: "C" },
      { id: 8, class: "A" },
    ], []);
    const visits = gapsByUrgency(tied.rows.filter((r) => r.channel === "visit"));
    expect(visits.map((g) => g.storeId)).toEqual([8, 7]);
  });

  it("on the last day expects every quota in full", () => {
    const end = monthPace(monSat, "2026-04-30", stores, []);
    expect(end.headline.visit.expectedByToday).toBe(13);
    expect(end.rows.every((r) => r.expectedByToday === r.required)).toBe(true);
    expect(end.storesBehind).toBe(3);
  });
});

describe("prorated quotas for a store held part of the month (issue 11, unit)", () => {
  // November 2026, Monday–Saturday: 25 working days; the 2nd is the first, the 30th the last.
  const pol = { ...DEFAULT_POLICY };
  const MONTH = "2026-11";
  const total = workingDaysInMonth(pol, MONTH);
  const addedOn = (from: string, today: string) => monthPace(pol, today, [{ id: 1, class: "A", holdings: [{ class: "A", from, to: null }] }], [], MONTH);
  const visit = (p: ReturnType<typeof addedOn>) => p.rows.find((r) => r.channel === "visit")!;

  it("owes the full quota when added on or before the first working day", () => {
    expect(total).toBe(25);
    expect(visit(addedOn("2026-11-01", "2026-11-02"))).toMatchObject({ required: 8 });
    expect(visit(addedOn("2026-11-02", "2026-11-02"))).toMatchObject({ required: 8 });
  });

  it("owes round(quota × working days held ÷ working days in the month) when added in the middle, and is not behind on its first day", () => {
    const held = countWorkingDays(pol, "2026-11-16", "2026-11-30");
    expect(held).toBe(13);
    const p = visit(addedOn("2026-11-16", "2026-11-16"));
    expect(p.required).toBe(Math.round((8 * held) / total)); // 4
    expect(p.required).toBe(4);
    expect(p.expectedByToday).toBeCloseTo((4 * 1) / 13, 9);
    expect(p.isBehind).toBe(false);
    expect(p.remainingWorkingDays).toBe(13);
    // The store is paced over its own working days: by the month's end all 4 are expected.
    expect(visit(addedOn("2026-11-16", "2026-11-30")).expectedByToday).toBe(4);
  });

  it("owes at least one contact when added on the last working day, none once no working day is left", () => {
    expect(visit(addedOn("2026-11-30", "2026-11-30"))).toMatchObject({ required: 1, expectedByToday: 1, remainingWorkingDays: 1 });
    expect(proratedQuota(1, 1, 25)).toBe(1);
    expect(proratedQuota(0, 10, 25)).toBe(0);
    expect(proratedQuota(8, 0, 25)).toBe(0);
    // C's quota of 1 stays 1 for any part of the month held.
    expect(addedOn("2026-11-30", "2026-11-30").rows.filter((r) => r.channel !== "visit").map((r) => r.required)).toEqual([4, 4].map((q) => proratedQuota(q, 1, total)));
  });

  it("prorates each class's stretch of a store reclassified mid-month", () => {
    const store = { id: 1, class: "A" as const, holdings: [{ class: "B" as const, from: "2000-01-01", to: "2026-11-16" }, { class: "A" as const, from: "2026-11-16", to: null }] };
    const p = monthPace(pol, "2026-11-30", [store], [], MONTH).rows.find((r) => r.channel === "visit")!;
    expect(p.required).toBe(proratedQuota(4, 12, 25) + proratedQuota(8, 13, 25)); // 2 + 4
    expect(p.required).toBe(6);
  });

  it("counts same-day repeats once by default, each when the policy says so", () => {
    const counts = [
      { storeId: 1, channel: "visit" as const, count: 1, localDate: "2026-11-03" },
      { storeId: 1, channel: "visit" as const, count: 1, localDate: "2026-11-03" },
      { storeId: 1, channel: "visit" as const, count: 2, localDate: "2026-11-04" },
    ];
    const done = (repeats: "once" | "each") => monthPace({ ...pol, sameDayRepeats: repeats }, "2026-11-30", [{ id: 1, class: "A" }], counts, MONTH).rows.find((r) => r.channel === "visit")!.done;
    expect(done("once")).toBe(2);
    expect(done("each")).toBe(4);
    expect(countedContacts("once", ["2026-11-03", "2026-11-03", "2026-11-04"])).toBe(2);
    expect(countedContacts("each", ["2026-11-03", "2026-11-03", "2026-11-04"])).toBe(3);
  });
});
