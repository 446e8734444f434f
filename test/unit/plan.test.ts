import { describe, expect, it } from "vitest";
import { PLAN_MIN_ITEMS, groupTasks, planLimit, todaysPlan, type PlanFestival, type PlanInput, type PlanStore } from "../../src/domain/plan.ts";
import type { FollowUp } from "../../src/domain/follow-ups.ts";
import type { PaceRow } from "../../src/domain/pace.ts";
import type { QuotaChannel, StoreClass } from "../../src/domain/types.ts";

const TODAY = "2026-10-14"; // a Wednesday

type Gap = PlanInput["gaps"][number];
const gap = (storeId: number, storeClass: StoreClass, channel: QuotaChannel, urgency: number, extra: Partial<PaceRow> = {}): Gap => ({
  storeId,
  storeClass,
  channel,
  urgency,
  isBehind: false,
  met: urgency === 0,
  ...extra,
});

function input(over: Partial<PlanInput> = {}): PlanInput {
  return {
    today: TODAY,
    workingDay: true,
    maxItems: 12,
    dailyVolume: 8,
    neededPerDay: 3,
    stores: [],
    gaps: [],
    followUps: [],
    festivals: [],
    lastContact: new Map(),
    ...over,
  };
}

const stores = (...list: [number, StoreClass, string?][]): PlanStore[] => list.map(([id, cls, city]) => ({ id, class: cls, city: city ?? "长沙" }));

const followUp = (storeId: number, contactId: number, over: Partial<FollowUp> = {}): FollowUp & { storeId: number } => ({
  kind: "birthday",
  contactId,
  eventDate: TODAY,
  dueDate: TODAY,
  requiredChannel: "message",
  status: "due",
  daysOverdue: 0,
  storeId,
  ...over,
});

const festival = (open: boolean, list: { storeId: number; storeClass: StoreClass; missing: ("visit_with_gift" | "visit" | "phone" | "message")[] }[]): PlanFestival => ({
  windowOpen: open,
  occurrence: { key: "mid_autumn", date: "2026-09-25" },
  coverage: {
    stores: list.map((s) => ({ ...s, required: s.missing, done: [], covered: s.missing.length === 0 })),
  },
});

describe("plan size (unit)", () => {
  it("follows the rep's typical daily volume, rounded", () => {
    expect(planLimit({ maxItems: 12, dailyVolume: 7.4, neededPerDay: 1 })).toBe(7);
    expect(planLimit({ maxItems: 12, dailyVolume: 7.6, neededPerDay: 1 })).toBe(8);
  });

  it("never goes below the floor nor above the policy's maximum", () => {
    expect(planLimit({ maxItems: 12, dailyVolume: 0.5, neededPerDay: 1 })).toBe(PLAN_MIN_ITEMS);
    expect(planLimit({ maxItems: 12, dailyVolume: 40, neededPerDay: 1 })).toBe(12);
    expect(planLimit({ maxItems: 3, dailyVolume: 0, neededPerDay: 0 })).toBe(3);
  });

  it("uses what the month still needs per day before the rep has a history", () => {
    expect(planLimit({ maxItems: 12, dailyVolume: null, neededPerDay: 9.2 })).toBe(9);
  });
});

describe("today's plan (unit)", () => {
  it("is empty for a rep without stores", () => {
    const plan = todaysPlan(input());
    expect(plan.tasks).toEqual([]);
    expect(plan.groups).toEqual({ visit: [], phone: [], message: [], other: [] });
  });

  it("is empty when everything is done", () => {
    const plan = todaysPlan(input({ stores: stores([1, "A"]), gaps: [gap(1, "A", "visit", 0)] }));
    expect(plan.tasks).toEqual([]);
  });

  it("ranks gaps by urgency, then class, then days since the last contact, then store id", () => {
    const plan = todaysPlan(
      input({
        stores: stores([1, "B"], [2, "B"], [3, "A"], [4, "B"], [5, "C"], [6, "B"]),
        gaps: [
          gap(1, "B", "visit", 0.2),
          gap(2, "B", "visit", 0.2),
          gap(3, "A", "visit", 0.2),
          gap(4, "B", "visit", 0.2),
          gap(5, "C", "visit", 0.9),
          gap(6, "B", "visit", 0.2),
        ],
        lastContact: new Map([
          [1, "2026-10-12"], // 2 days ago
          [2, "2026-09-20"], // 24 days ago
          [4, "2026-10-01"], // 13 days ago
          [6, "2026-10-01"], // 13 days ago, higher id
        ]),
      }),
    );
    // 5 most urgent; 3 is A; 2, 4, 6, 1 by days since the last contact, 4 before 6 by id.
    expect(plan.tasks.map((t) => t.storeId)).toEqual([5, 3, 2, 4, 6, 1]);
    expect(plan.tasks.map((t) => t.daysSinceLastContact)).toEqual([null, null, 24, 13, 13, 2]);
  });

  it("puts a store never contacted before one contacted long ago", () => {
    const plan = todaysPlan(
      input({ stores: stores([1, "B"], [2, "B"]), gaps: [gap(1, "B", "phone", 0.5), gap(2, "B", "phone", 0.5)], lastContact: new Map([[1, "2026-06-01"]]) }),
    );
    expect(plan.tasks.map((t) => t.storeId)).toEqual([2, 1]);
  });

  it("treats urgencies equal up to rounding as a tie", () => {
    const plan = todaysPlan(input({ stores: stores([1, "B"], [2, "A"]), gaps: [gap(1, "B", "visit", 0.3 + 1e-12), gap(2, "A", "visit", 0.3)] }));
    expect(plan.tasks.map((t) => t.storeId)).toEqual([2, 1]);
  });

  it("proposes one contact per store, on its most urgent channel", () => {
    const plan = todaysPlan(
      input({ stores: stores([1, "A"]), gaps: [gap(1, "A", "phone", 0.4), gap(1, "A", "visit", 0.6), gap(1, "A", "message", 0.5)] }),
    );
    expect(plan.tasks).toHaveLength(1);
    expect(plan.tasks[0]).toMatchObject({ storeId: 1, channel: "visit", occasion: "routine", reason: "pace" });
  });

  it("skips stores already contacted today", () => {
    const plan = todaysPlan(
      input({ stores: stores([1, "A"], [2, "B"]), gaps: [gap(1, "A", "visit", 0.9), gap(2, "B", "visit", 0.1)], lastContact: new Map([[1, TODAY]]) }),
    );
    expect(plan.tasks.map((t) => t.storeId)).toEqual([2]);
  });

  it("stays within the rep's volume and the policy's bound", () => {
    const many = Array.from({ length: 40 }, (_, i) => i + 1);
    const base = { stores: many.map((id) => ({ id, class: "B" as const })), gaps: many.map((id) => gap(id, "B", "visit", 1 / id)) };
    expect(todaysPlan(input({ ...base, dailyVolume: 6 })).tasks).toHaveLength(6);
    expect(todaysPlan(input({ ...base, dailyVolume: 1 })).tasks).toHaveLength(PLAN_MIN_ITEMS);
    expect(todaysPlan(input({ ...base, dailyVolume: 99 })).tasks).toHaveLength(12);
    expect(todaysPlan(input({ ...base, dailyVolume: 99, maxItems: 4 })).tasks).toHaveLength(4);
  });

  it("puts follow-ups due today first, then open festival actions, then pace", () => {
    const plan = todaysPlan(
      input({
        stores: stores([1, "A"], [2, "B"], [3, "C"], [4, "A"]),
        gaps: [gap(4, "A", "visit", 2)],
        followUps: [
          followUp(3, 30),
          followUp(2, 20, { kind: "wedding", lifeEventId: 7, requiredChannel: "visit", eventDate: "2026-10-01", dueDate: "2026-10-08", status: "overdue", daysOverdue: 6 }),
          followUp(1, 10, { status: "upcoming", eventDate: "2026-10-16", dueDate: "2026-10-16" }),
        ],
        festivals: [festival(true, [{ storeId: 1, storeClass: "A", missing: ["message", "visit_with_gift"] }])],
      }),
    );
    expect(plan.tasks.map((t) => [t.reason, t.storeId, t.channel])).toEqual([
      ["follow_up", 2, "visit"], // overdue, earliest due date
      ["follow_up", 3, "message"],
      ["festival", 1, "visit"], // the gift visit before the message
      ["festival", 1, "message"],
      ["pace", 4, "visit"],
    ]);
    expect(plan.tasks[0]).toMatchObject({ contactId: 20, lifeEventId: 7, occasion: "life_event", followUp: { kind: "wedding", status: "overdue" } });
    expect(plan.tasks[1]).toMatchObject({ contactId: 30, occasion: "birthday" });
    expect(plan.tasks[1]).not.toHaveProperty("lifeEventId");
    expect(plan.tasks[2]).toMatchObject({ occasion: "festival", festivalKey: "mid_autumn", festivalAction: "visit_with_gift" });
  });

  it("leaves out festivals whose window has not opened and stores already covered", () => {
    const plan = todaysPlan(
      input({
        stores: stores([1, "A"], [2, "B"]),
        festivals: [festival(false, [{ storeId: 1, storeClass: "A", missing: ["visit"] }]), festival(true, [{ storeId: 2, storeClass: "B", missing: [] }])],
      }),
    );
    expect(plan.tasks).toEqual([]);
  });

  it("caps must-dos at the bound and then plans no routine contact", () => {
    const many = Array.from({ length: 20 }, (_, i) => i + 1);
    const plan = todaysPlan(
      input({
        stores: many.map((id) => ({ id, class: "B" as const })),
        gaps: [gap(1, "B", "visit", 5)],
        festivals: [festival(true, many.map((id) => ({ storeId: id, storeClass: "B" as const, missing: ["phone" as const] })))],
      }),
    );
    expect(plan.tasks).toHaveLength(12);
    expect(plan.tasks.every((t) => t.reason === "festival")).toBe(true);
  });

  it("does not add a routine contact where a must-do already takes the store", () => {
    const plan = todaysPlan(
      input({ stores: stores([1, "A"], [2, "B"]), gaps: [gap(1, "A", "visit", 3), gap(2, "B", "visit", 0.1)], followUps: [followUp(1, 10)] }),
    );
    expect(plan.tasks.map((t) => [t.reason, t.storeId])).toEqual([
      ["follow_up", 1],
      ["pace", 2],
    ]);
  });

  it("plans only follow-ups and festival actions on a day off", () => {
    const plan = todaysPlan(input({ workingDay: false, stores: stores([1, "A"], [2, "B"]), gaps: [gap(2, "B", "visit", 3)], followUps: [followUp(1, 10)] }));
    expect(plan.tasks.map((t) => t.reason)).toEqual(["follow_up"]);
  });

  it("ignores rows of stores that are not the rep's", () => {
    const plan = todaysPlan(input({ stores: stores([1, "A"]), gaps: [gap(9, "A", "visit", 3)], followUps: [followUp(9, 90)] }));
    expect(plan.tasks).toEqual([]);
  });

  it("groups visits by city, keeping priority inside each city", () => {
    const plan = todaysPlan(
      input({
        stores: stores([1, "A", "长沙"], [2, "A", "株洲"], [3, "A", "长沙"], [4, "B", "湘潭"]),
        gaps: [gap(1, "A", "visit", 4), gap(2, "A", "visit", 3), gap(3, "A", "visit", 2), gap(4, "B", "phone", 1)],
      }),
    );
    expect(plan.tasks.map((t) => t.storeId)).toEqual([1, 2, 3, 4]);
    expect(plan.groups.visit.map((t) => t.storeId)).toEqual([1, 3, 2]);
    expect(plan.groups.phone.map((t) => t.storeId)).toEqual([4]);
  });

  it("groups a follow-up on a channel without quota under other", () => {
    const groups = groupTasks([
      { storeId: 1, channel: "third_party", occasion: "life_event", reason: "follow_up", storeClass: "A", daysSinceLastContact: null },
    ]);
    expect(groups.other).toHaveLength(1);
  });
});
