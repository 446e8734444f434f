import { describe, expect, it } from "vitest";
import { areaOf, groupTasks, planLimits, todaysPlan, type PlanFestival, type PlanInput, type PlanSkip, type PlanStore } from "../../src/domain/plan.ts";
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
  done: 0,
  required: 4,
  ...extra,
});

function input(over: Partial<PlanInput> = {}): PlanInput {
  return {
    today: TODAY,
    workingDay: true,
    maxItems: 12,
    capacity: { visit: 8, phone: 6, message: 10 },
    neededPerDay: { visit: 8, phone: 3, message: 3 },
    stores: [],
    gaps: [],
    followUps: [],
    festivals: [],
    lastContact: new Map(),
    ...over,
  };
}

const stores = (...list: [number, StoreClass, string?, string?][]): PlanStore[] =>
  list.map(([id, cls, city, address]) => ({ id, class: cls, city: city ?? "长沙", address: address ?? null }));

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

  it("plans a visit or a call at a store, whichever is more urgent, not both", () => {
    const plan = todaysPlan(
      input({
        stores: stores([1, "A"], [2, "B"], [3, "B"]),
        gaps: [gap(1, "A", "phone", 0.9), gap(1, "A", "visit", 0.6), gap(2, "B", "phone", 0.3), gap(2, "B", "visit", 0.3), gap(3, "B", "phone", 0.2)],
        followUps: [followUp(3, 30, { kind: "wedding", lifeEventId: 1, requiredChannel: "visit" })],
      }),
    );
    // 1: the call is more urgent; 2: a tie goes to the visit; 3: the wedding visit is the conversation.
    expect(plan.tasks.map((t) => `${t.storeId}:${t.channel}`)).toEqual(["3:visit", "2:visit", "1:phone"]);
  });

  it("plans a store once per channel: a visit and a message, but no routine call where the rep visits", () => {
    const plan = todaysPlan(
      input({
        stores: stores([1, "A"], [2, "B"]),
        gaps: [gap(1, "A", "phone", 0.4), gap(1, "A", "visit", 0.6, { done: 1, required: 8 }), gap(1, "A", "message", 0.5), gap(2, "B", "phone", 0.2)],
      }),
    );
    expect(plan.tasks.map((t) => [t.storeId, t.channel])).toEqual([
      [1, "visit"],
      [2, "phone"],
      [1, "message"],
    ]);
    expect(plan.tasks[0]).toMatchObject({ occasion: "routine", reasons: [], pace: { done: 1, required: 8 } });
  });

  it("skips stores already contacted today", () => {
    const plan = todaysPlan(
      input({ stores: stores([1, "A"], [2, "B"]), gaps: [gap(1, "A", "visit", 0.9), gap(2, "B", "visit", 0.1)], lastContact: new Map([[1, TODAY]]) }),
    );
    expect(plan.tasks.map((t) => t.storeId)).toEqual([2]);
  });

  it("sizes each channel by its own pace within its own capacity, and the whole plan by the bound", () => {
    const many = Array.from({ length: 40 }, (_, i) => i + 1);
    const base = {
      stores: many.map((id) => ({ id, class: "B" as const })),
      // Even stores owe a call more than a visit, odd ones a visit more than a call.
      gaps: many.flatMap((id) => [gap(id, "B", "visit", 1 / id), gap(id, "B", "phone", (id % 2 === 0 ? 2 : 0.5) / id), gap(id, "B", "message", 1 / id)]),
      maxItems: 30,
    };
    const count = (p: ReturnType<typeof todaysPlan>) => [p.groups.visit.length, p.groups.phone.length, p.groups.message.length];
    // 3.2 visits, 1.8 calls, 1.8 messages a day still needed: 4, 2, 2.
    expect(count(todaysPlan(input({ ...base, neededPerDay: { visit: 3.2, phone: 1.8, message: 1.8 } })))).toEqual([4, 2, 2]);
    // Far behind: each channel stops at its capacity (calls and messages do not eat the visits' room).
    expect(count(todaysPlan(input({ ...base, neededPerDay: { visit: 20, phone: 20, message: 20 } })))).toEqual([8, 6, 10]);
    expect(todaysPlan(input({ ...base, neededPerDay: { visit: 20, phone: 20, message: 20 }, maxItems: 12 })).tasks).toHaveLength(12);
    // A channel with nothing left gets nothing.
    expect(count(todaysPlan(input({ ...base, neededPerDay: { visit: 2, phone: 0, message: 0.1 } })))).toEqual([2, 0, 1]);
  });

  it("computes each channel's limit from its pace, rounded up, within its capacity", () => {
    expect(planLimits({ capacity: { visit: 8, phone: 6, message: 10 }, neededPerDay: { visit: 3.2, phone: 6.5, message: 0 } })).toEqual({ visit: 4, phone: 6, message: 0 });
    expect(planLimits({ capacity: { visit: 8, phone: 0, message: 10 }, neededPerDay: { visit: 3, phone: 2, message: 1 + 1e-12 } })).toEqual({ visit: 3, phone: 0, message: 1 });
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
    expect(plan.tasks.map((t) => [t.reasons[0]?.kind ?? "pace", t.storeId, t.channel])).toEqual([
      ["follow_up", 2, "visit"], // overdue, earliest due date
      ["follow_up", 3, "message"],
      ["festival", 1, "visit"], // the gift visit before the message
      ["festival", 1, "message"],
      ["pace", 4, "visit"],
    ]);
    expect(plan.tasks[0]).toMatchObject({ contactId: 20, lifeEventId: 7, occasion: "life_event", reasons: [{ kind: "follow_up", followUp: { kind: "wedding", status: "overdue" } }] });
    expect(plan.tasks[1]).toMatchObject({ contactId: 30, occasion: "birthday" });
    expect(plan.tasks[1]).not.toHaveProperty("lifeEventId");
    expect(plan.tasks[2]).toMatchObject({ occasion: "festival", festivalKey: "mid_autumn", reasons: [{ kind: "festival", action: "visit_with_gift" }] });
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
    expect(plan.tasks.every((t) => t.reasons[0]?.kind === "festival")).toBe(true);
  });

  it("merges a store's reasons on one channel into one item, with the month's count", () => {
    const plan = todaysPlan(
      input({
        stores: stores([1, "A"], [2, "B"]),
        gaps: [gap(1, "A", "message", 3, { done: 1, required: 4 }), gap(2, "B", "message", 0.1)],
        followUps: [followUp(1, 10), followUp(1, 11)],
        festivals: [festival(true, [{ storeId: 1, storeClass: "A", missing: ["message"] }])],
      }),
    );
    expect(plan.tasks.map((t) => [t.storeId, t.channel, t.reasons.map((r) => r.kind)])).toEqual([
      [1, "message", ["follow_up", "follow_up", "festival"]],
      [2, "message", []],
    ]);
    // The first reason decides what the log link prefills.
    expect(plan.tasks[0]).toMatchObject({ contactId: 10, occasion: "birthday", pace: { done: 1, required: 4 } });
  });

  it("plans only follow-ups and festival actions on a day off", () => {
    const plan = todaysPlan(input({ workingDay: false, stores: stores([1, "A"], [2, "B"]), gaps: [gap(2, "B", "visit", 3)], followUps: [followUp(1, 10)] }));
    expect(plan.tasks.map((t) => t.reasons.map((r) => r.kind))).toEqual([["follow_up"]]);
  });

  it("ignores rows of stores that are not the rep's", () => {
    const plan = todaysPlan(input({ stores: stores([1, "A"]), gaps: [gap(9, "A", "visit", 3)], followUps: [followUp(9, 90)] }));
    expect(plan.tasks).toEqual([]);
  });

  it("groups visits by district (else city), keeping priority inside each area", () => {
    const plan = todaysPlan(
      input({
        stores: stores(
          [1, "A", "长沙", "长沙市岳麓区麓山路12号"],
          [2, "A", "株洲", "株洲市芦淞区建设路3号"],
          [3, "A", "长沙", "长沙市岳麓区枫林一路9号"],
          [4, "B", "湘潭", "湘潭市雨湖区韶山路1号"],
          [5, "B", "长沙", "长沙市天心区劳动路8号"],
          [6, "B", "长沙"],
        ),
        gaps: [gap(1, "A", "visit", 4), gap(2, "A", "visit", 3), gap(5, "B", "visit", 2.5), gap(3, "A", "visit", 2), gap(6, "B", "visit", 1.5), gap(4, "B", "phone", 1)],
      }),
    );
    expect(plan.tasks.map((t) => t.storeId)).toEqual([1, 2, 5, 3, 6, 4]);
    expect(plan.areas.map((a) => [a.area, a.tasks.map((t) => t.storeId)])).toEqual([
      ["岳麓区", [1, 3]],
      ["芦淞区", [2]],
      ["天心区", [5]],
      ["长沙", [6]],
    ]);
    expect(plan.groups.visit.map((t) => t.storeId)).toEqual([1, 3, 2, 5, 6]);
    expect(plan.groups.phone.map((t) => t.storeId)).toEqual([4]);
  });

  it("reads the district from a Chinese address", () => {
    expect(areaOf("长沙市岳麓区麓山路12号", "长沙")).toBe("岳麓区");
    expect(areaOf("湖南省长沙市开福区湘江中路 1 号", "长沙")).toBe("开福区");
    expect(areaOf("岳阳市岳阳楼区巴陵中路5号", "岳阳")).toBe("岳阳楼区");
    expect(areaOf("湖南省浏阳市集里街道金沙路8号", "长沙")).toBe("浏阳市");
    expect(areaOf("长沙县星沙街道开元路2号", "长沙")).toBe("长沙县");
    expect(areaOf("郑州市金水区花园路1号", "郑州")).toBe("金水区");
    expect(areaOf("湘西土家族苗族自治州吉首市人民路3号", "湘西")).toBe("吉首市");
    // No district in the address: the city.
    expect(areaOf("长沙市五一大道100号", "长沙")).toBe("长沙");
    expect(areaOf("五一大道100号", "长沙")).toBe("长沙");
    expect(areaOf(null, "株洲")).toBe("株洲");
    expect(areaOf(null, null)).toBe("");
  });

  it("groups a follow-up on a channel without quota under other", () => {
    const groups = groupTasks([{ storeId: 1, channel: "third_party", occasion: "life_event", reasons: [], storeClass: "A", daysSinceLastContact: null }]);
    expect(groups.other).toHaveLength(1);
  });
});

describe("skips in the plan (unit)", () => {
  const skip = (storeId: number, channel: PlanSkip["channel"], localDate: string, reason: PlanSkip["reason"]): PlanSkip => ({ storeId, channel, localDate, reason });
  const base = () => ({
    stores: stores([1, "A"], [2, "B"], [3, "B"]),
    gaps: [gap(1, "A", "visit", 3), gap(1, "A", "message", 2), gap(2, "B", "visit", 2), gap(3, "B", "visit", 1)],
    followUps: [followUp(2, 20)],
  });
  const items = (p: ReturnType<typeof todaysPlan>) => p.tasks.map((t) => `${t.storeId}:${t.channel}`);

  it("leaves out an item skipped today, only on its channel and only today", () => {
    expect(items(todaysPlan(input(base())))).toEqual(["2:message", "1:visit", "2:visit", "3:visit", "1:message"]);
    const today = todaysPlan(input({ ...base(), skips: [skip(1, "visit", TODAY, "owner_away"), skip(2, "message", TODAY, "other")] }));
    expect(items(today)).toEqual(["2:visit", "3:visit", "1:message"]);
    const yesterday = todaysPlan(input({ ...base(), skips: [skip(1, "visit", "2026-10-13", "owner_away")] }));
    expect(items(yesterday)).toContain("1:visit");
  });

  it("leaves a store skipped as closed out on every channel for the policy's days", () => {
    const closed = (date: string, closedDays = 3) => items(todaysPlan(input({ ...base(), skips: [skip(1, "visit", date, "closed")], closedDays })));
    expect(closed(TODAY)).toEqual(["2:message", "2:visit", "3:visit"]);
    expect(closed("2026-10-12")).toEqual(["2:message", "2:visit", "3:visit"]); // the third day
    expect(closed("2026-10-11")).toContain("1:visit"); // the fourth: back in the plan
    expect(closed("2026-10-11", 4)).not.toContain("1:visit");
  });
});
