import { describe, expect, it } from "vitest";
import type { StoreRef } from "../../src/domain/pace.ts";
import { DEFAULT_POLICY, type Policy } from "../../src/domain/policy.ts";
import { repRules, type RepActivityRow } from "../../src/domain/rep-rules.ts";

// April 2026 on the weekly pattern alone (26 working days); the official calendar's own tests are in working-days.test.ts.
const storeScope: Policy = { ...DEFAULT_POLICY, officialHolidaysOff: false };
const repScope: Policy = { ...storeScope, problemsSolved: { ...DEFAULT_POLICY.problemsSolved, scope: "rep" } };
const stores: StoreRef[] = [
  { id: 1, class: "A" },
  { id: 2, class: "B" },
  { id: 3, class: "C" },
];
const row = (storeId: number, r: Partial<Omit<RepActivityRow, "storeId">>): RepActivityRow => ({
  storeId,
  helpAsked: 0,
  problemsSolved: 0,
  trainings: 0,
  ...r,
});
const mid = "2026-04-15"; // Mon–Sat: 13 of 26 working days elapsed

describe("R9 help asked (unit)", () => {
  it("sums asks over all the rep's rows against the per-rep target", () => {
    const r = repRules(storeScope, mid, stores, [row(1, { helpAsked: 2 }), row(2, { helpAsked: 1 }), row(42, { helpAsked: 1 })]);
    expect(r.helpAsked).toMatchObject({ rule: "R9", required: 5, done: 4, remaining: 1, met: false, expectedByToday: 2.5, behind: 0 });
  });

  it("is met at the target and paced pro rata", () => {
    expect(repRules(storeScope, mid, stores, [row(1, { helpAsked: 5 })]).helpAsked).toMatchObject({ met: true, remaining: 0, urgency: 0 });
    expect(repRules(storeScope, "2026-04-01", stores, []).helpAsked.expectedByToday).toBeCloseTo(5 / 26, 10);
    expect(repRules(storeScope, "2026-04-30", stores, []).helpAsked).toMatchObject({ expectedByToday: 5, behind: 5, isBehind: true });
  });

  it("does not count rows dated after today or outside the month", () => {
    const r = repRules(storeScope, mid, stores, [
      row(1, { helpAsked: 1, localDate: "2026-04-15" }),
      row(1, { helpAsked: 3, localDate: "2026-04-16" }),
      row(1, { helpAsked: 3, localDate: "2026-03-31" }),
    ]);
    expect(r.helpAsked.done).toBe(1);
  });
});

describe("R10 problems solved (unit)", () => {
  // A owes 2, B and C 1 each: 4 in all. Three solved at A, none at B, one at C.
  const rows = [row(1, { problemsSolved: 3 }), row(3, { problemsSolved: 1 })];

  it("per store: a surplus at one store does not cover a store still short", () => {
    const r = repRules(storeScope, mid, stores, rows).problemsSolved;
    expect(r).toMatchObject({ rule: "R10", scope: "store", required: 4, done: 3, remaining: 1, met: false });
    expect(r.shortStores).toEqual([{ storeId: 2, storeClass: "B", required: 1, done: 0, remaining: 1 }]);
  });

  it("per rep: only the total counts", () => {
    const r = repRules(repScope, mid, stores, rows).problemsSolved;
    expect(r).toMatchObject({ rule: "R10", scope: "rep", required: 4, done: 4, remaining: 0, met: true, shortStores: [] });
  });

  it("per store: an A store with one solved is still short by one", () => {
    const r = repRules(storeScope, mid, stores, [row(1, { problemsSolved: 1 }), row(2, { problemsSolved: 1 }), row(3, { problemsSolved: 1 })]);
    expect(r.problemsSolved).toMatchObject({ done: 3, met: false });
    expect(r.problemsSolved.shortStores).toEqual([{ storeId: 1, storeClass: "A", required: 2, done: 1, remaining: 1 }]);
  });

  it("per store: met when every store reaches its class's target", () => {
    const r = repRules(storeScope, mid, stores, [row(1, { problemsSolved: 2 }), row(2, { problemsSolved: 1 }), row(3, { problemsSolved: 1 })]);
    expect(r.problemsSolved).toMatchObject({ done: 4, remaining: 0, met: true, shortStores: [] });
  });

  it("takes the per-class targets from the policy and paces their sum", () => {
    const p = { ...storeScope, problemsSolved: { perClass: { A: 3, B: 2, C: 0 }, scope: "store" as const } };
    const r = repRules(p, mid, stores, []).problemsSolved;
    expect(r).toMatchObject({ required: 5, expectedByToday: 2.5 });
    expect(r.shortStores.map((s) => s.storeId)).toEqual([1, 2]); // C owes nothing
  });

  it("per store: is critical when one store owes more than the working days left", () => {
    expect(repRules(storeScope, "2026-04-30", stores, [row(2, { problemsSolved: 1 }), row(3, { problemsSolved: 1 })]).problemsSolved.critical).toBe(true);
    expect(repRules(repScope, "2026-04-30", stores, [row(2, { problemsSolved: 1 }), row(3, { problemsSolved: 1 })]).problemsSolved.critical).toBe(false);
  });
});

describe("R11 trainings (unit)", () => {
  it("counts a training only at an A store", () => {
    expect(repRules(storeScope, mid, stores, [row(2, { trainings: 1 })]).trainings).toMatchObject({ rule: "R11", required: 1, done: 0, met: false });
    expect(repRules(storeScope, mid, stores, [row(3, { trainings: 2 })]).trainings.done).toBe(0);
    expect(repRules(storeScope, mid, stores, [row(1, { trainings: 1 })]).trainings).toMatchObject({ done: 1, met: true, remaining: 0 });
  });

  it("ignores a training at a store that is not the rep's", () => {
    expect(repRules(storeScope, mid, stores, [row(77, { trainings: 1 })]).trainings.done).toBe(0);
  });

  it("is paced and infeasible for a rep without A stores", () => {
    const r = repRules(storeScope, mid, stores, []);
    expect(r.trainings).toMatchObject({ expectedByToday: 0.5, behind: 0.5, isBehind: false, critical: false });
    expect(repRules(storeScope, mid, [{ id: 2, class: "B" }], []).trainings.critical).toBe(true);
  });
});

describe("R9–R11 prorated over the stores held (unit)", () => {
  // April 2026, Mon–Sat: 26 working days; the 16th to the 30th hold 13 of them.
  const proratedQ = (q: number, held: number) => Math.max(1, Math.round((q * held) / 26));
  const fromMid = { class: "A" as const, from: "2026-04-16", to: null };

  it("R10: a store added on the 16th owes its class's target for the days held, paced over them", () => {
    const added: StoreRef[] = [{ id: 1, class: "A", holdings: [fromMid] }, { id: 2, class: "B" }];
    const r = repRules(storeScope, "2026-04-30", added, [row(1, { problemsSolved: 1 })]).problemsSolved;
    expect(r).toMatchObject({ required: proratedQ(2, 13) + 1, done: 1 });
    // On the day before it is added, it owes nothing yet and nothing is expected of it.
    expect(repRules(storeScope, "2026-04-15", [{ id: 1, class: "A", holdings: [] }, { id: 2, class: "B" }], []).problemsSolved).toMatchObject({ required: 1, expectedByToday: 0.5 });
  });

  it("R10: a store made A on the 16th owes B's share, then A's", () => {
    const upgraded: StoreRef[] = [{ id: 1, class: "A", holdings: [{ class: "B", from: "2000-01-01", to: "2026-04-16" }, fromMid] }];
    expect(repRules(storeScope, "2026-04-30", upgraded, []).problemsSolved.required).toBe(proratedQ(1, 13) + proratedQ(2, 13));
  });

  it("R10: a store handed on mid-month still counts its share, but is no longer listed as short", () => {
    const lost: StoreRef[] = [{ id: 1, class: "A", holdings: [{ class: "A", from: "2000-01-01", to: "2026-04-16" }] }, { id: 2, class: "B" }];
    const r = repRules(storeScope, "2026-04-30", lost, []).problemsSolved;
    expect(r.required).toBe(proratedQ(2, 13) + 1);
    expect(r.shortStores.map((s) => s.storeId)).toEqual([2]);
  });

  it("R9 and R11: prorated over the days the rep held a store (an A store); a rep with none keeps the whole target", () => {
    const only: StoreRef[] = [{ id: 1, class: "A", holdings: [fromMid] }];
    const r = repRules(storeScope, "2026-04-30", only, []);
    expect(r.helpAsked.required).toBe(proratedQ(5, 13));
    expect(r.trainings.required).toBe(proratedQ(1, 13));
    // Half-way through the days held, half of it is expected.
    expect(repRules(storeScope, "2026-04-22", only, []).helpAsked.expectedByToday).toBeCloseTo((proratedQ(5, 13) * 6) / 13, 10);
    // A B store all month and an A store from the 16th: R9 in full, R11 for the A days.
    const both = repRules(storeScope, "2026-04-30", [...only, { id: 2, class: "B" }], []);
    expect(both.helpAsked.required).toBe(5);
    expect(both.trainings.required).toBe(proratedQ(1, 13));
    expect(repRules(storeScope, "2026-04-30", [], []).helpAsked).toMatchObject({ required: 5, critical: true });
  });
});
