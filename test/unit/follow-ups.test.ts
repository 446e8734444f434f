import { describe, expect, it } from "vitest";
import type { Birthday } from "../../src/domain/calendar/birthdays.ts";
import {
  type BirthdayContact,
  type FollowUpInteraction,
  type LifeEventInput,
  birthdayFollowUps,
  followUpStatus,
  lifeEventFollowUps,
  openFollowUps,
} from "../../src/domain/follow-ups.ts";
import { DEFAULT_POLICY, type Policy } from "../../src/domain/policy.ts";

const rules = DEFAULT_POLICY.followUps;
const solar = (month: number, day: number): Birthday => ({ calendar: "solar", month, day, leapMonth: false });
const lunar = (month: number, day: number, leapMonth = false): Birthday => ({ calendar: "lunar", month, day, leapMonth });

const greeting = (contactId: number | null, localDate: string, over: Partial<FollowUpInteraction> = {}): FollowUpInteraction => ({
  channel: "message",
  occasion: "birthday",
  contactId,
  localDate,
  ...over,
});

function birthdays(today: string, contacts: BirthdayContact[], interactions: FollowUpInteraction[] = [], rule = rules.birthday) {
  return birthdayFollowUps({ today, rule, contacts, interactions });
}
/** status/daysOverdue of contact 1's birthday follow-up on `today`, or "none". */
function birthdayState(today: string, b: Birthday, interactions: FollowUpInteraction[] = []) {
  const list = birthdays(today, [{ contactId: 1, birthday: b }], interactions);
  if (list.length === 0) return "none";
  expect(list).toHaveLength(1);
  return `${list[0]!.status}:${list[0]!.daysOverdue}@${list[0]!.eventDate}`;
}

describe("followUpStatus (unit)", () => {
  it("upcoming before the event, due from the event to the due date, overdue after", () => {
    expect(followUpStatus("2026-05-09", "2026-05-10", "2026-05-17")).toEqual({ status: "upcoming", daysOverdue: 0 });
    expect(followUpStatus("2026-05-10", "2026-05-10", "2026-05-17")).toEqual({ status: "due", daysOverdue: 0 });
    expect(followUpStatus("2026-05-17", "2026-05-10", "2026-05-17")).toEqual({ status: "due", daysOverdue: 0 });
    expect(followUpStatus("2026-05-18", "2026-05-10", "2026-05-17")).toEqual({ status: "overdue", daysOverdue: 1 });
    expect(followUpStatus("2026-06-17", "2026-05-10", "2026-05-17")).toEqual({ status: "overdue", daysOverdue: 31 });
  });
});

describe("birthday follow-ups (unit, R6)", () => {
  const b = solar(3, 15);

  it("listed from 3 days before, due on the day, overdue for 7 days, then dropped", () => {
    expect(birthdayState("2026-03-11", b)).toBe("none");
    expect(birthdayState("2026-03-12", b)).toBe("upcoming:0@2026-03-15");
    expect(birthdayState("2026-03-14", b)).toBe("upcoming:0@2026-03-15");
    expect(birthdayState("2026-03-15", b)).toBe("due:0@2026-03-15");
    expect(birthdayState("2026-03-16", b)).toBe("overdue:1@2026-03-15");
    expect(birthdayState("2026-03-22", b)).toBe("overdue:7@2026-03-15");
    expect(birthdayState("2026-03-23", b)).toBe("none");
  });

  it("carries the required channel and due date", () => {
    expect(birthdays("2026-03-15", [{ contactId: 7, birthday: b }])).toEqual([
      { kind: "birthday", contactId: 7, eventDate: "2026-03-15", dueDate: "2026-03-15", requiredChannel: "message", status: "due", daysOverdue: 0 },
    ]);
  });

  it("closed by a birthday message to the same contact inside the window (3 days before to 7 after)", () => {
    expect(birthdayState("2026-03-15", b, [greeting(1, "2026-03-12")])).toBe("none"); // first day of the window
    expect(birthdayState("2026-03-22", b, [greeting(1, "2026-03-22")])).toBe("none"); // last day
    expect(birthdayState("2026-03-15", b, [greeting(1, "2026-03-15")])).toBe("none");
    expect(birthdayState("2026-03-15", b, [greeting(1, "2026-03-11")])).toBe("due:0@2026-03-15"); // a day too early
    expect(birthdayState("2026-03-15", b, [greeting(1, "2025-03-15")])).toBe("due:0@2026-03-15"); // last year's
  });

  it("not closed by another channel, another occasion, another contact, or an unlinked contact", () => {
    const open = "due:0@2026-03-15";
    expect(birthdayState("2026-03-15", b, [greeting(1, "2026-03-15", { channel: "phone" })])).toBe(open);
    expect(birthdayState("2026-03-15", b, [greeting(1, "2026-03-15", { channel: "visit" })])).toBe(open);
    expect(birthdayState("2026-03-15", b, [greeting(1, "2026-03-15", { occasion: "routine" })])).toBe(open);
    expect(birthdayState("2026-03-15", b, [greeting(2, "2026-03-15")])).toBe(open);
    expect(birthdayState("2026-03-15", b, [greeting(null, "2026-03-15")])).toBe(open);
  });

  it("follows the policy's channel and due days", () => {
    const rule = { channel: "phone" as const, dueDays: 2 };
    const c = [{ contactId: 1, birthday: b }];
    expect(birthdays("2026-03-17", c, [], rule).map((f) => [f.status, f.dueDate, f.requiredChannel])).toEqual([["due", "2026-03-17", "phone"]]);
    expect(birthdays("2026-03-18", c, [], rule).map((f) => [f.status, f.daysOverdue])).toEqual([["overdue", 1]]);
    expect(birthdays("2026-03-24", c, [], rule)).toHaveLength(1); // due + 7
    expect(birthdays("2026-03-25", c, [], rule)).toHaveLength(0);
    expect(birthdays("2026-03-17", c, [greeting(1, "2026-03-16")], rule)).toHaveLength(1); // a message no longer closes it
    expect(birthdays("2026-03-17", c, [greeting(1, "2026-03-16", { channel: "phone" })], rule)).toHaveLength(0);
  });

  it("takes a custom lead and grace period", () => {
    const args = { rule: rules.birthday, contacts: [{ contactId: 1, birthday: b }], interactions: [], window: { leadDays: 0, graceDays: 0 } };
    expect(birthdayFollowUps({ ...args, today: "2026-03-14" })).toHaveLength(0);
    expect(birthdayFollowUps({ ...args, today: "2026-03-15" })).toHaveLength(1);
    expect(birthdayFollowUps({ ...args, today: "2026-03-16" })).toHaveLength(0);
  });

  it("a Feb 29 birthday is due on Feb 28 in a common year", () => {
    expect(birthdayState("2026-02-28", solar(2, 29))).toBe("due:0@2026-02-28");
    expect(birthdayState("2028-02-28", solar(2, 29))).toBe("upcoming:0@2028-02-29");
  });

  it("lunar birthdays, across the solar new year", () => {
    // Lunar 12/1 of lunar 2024 is 2024-12-31.
    expect(birthdayState("2024-12-28", lunar(12, 1))).toBe("upcoming:0@2024-12-31");
    expect(birthdayState("2025-01-02", lunar(12, 1))).toBe("overdue:2@2024-12-31");
    expect(birthdayState("2025-01-02", lunar(12, 1), [greeting(1, "2024-12-30")])).toBe("none");
    // 中秋 birthday; 2026-09-25.
    expect(birthdayState("2026-09-25", lunar(8, 15))).toBe("due:0@2026-09-25");
    // Born 闰六月初十: in 2025 (闰六月) it is 2025-08-03, not the ordinary 六月初十 (07-04).
    expect(birthdayState("2025-08-03", lunar(6, 10, true))).toBe("due:0@2025-08-03");
    expect(birthdayState("2025-07-04", lunar(6, 10, true))).toBe("none");
    // Born on the 30th of a month that has 29 days in 2026: 二月 of 2026 ends on 04-16.
    expect(birthdayState("2026-04-16", lunar(2, 30))).toBe("due:0@2026-04-16");
  });

  it("skips contacts without a birthday or with a malformed one", () => {
    expect(birthdays("2026-03-15", [{ contactId: 1, birthday: null }, { contactId: 2, birthday: solar(13, 15) }])).toEqual([]);
  });
});

describe("life-event follow-ups (unit, R7–R8)", () => {
  const wedding: LifeEventInput = { id: 10, contactId: 1, kind: "wedding", date: "2026-05-10", state: "open" };
  const bereavement: LifeEventInput = { id: 11, contactId: 2, kind: "bereavement", date: "2026-05-10", state: "open" };
  const one = (today: string, e: LifeEventInput, interactions: FollowUpInteraction[] = [], r: Policy["followUps"] = rules) => {
    const list = lifeEventFollowUps({ today, rules: r, lifeEvents: [e], interactions });
    return list.length === 0 ? "none" : `${list[0]!.status}:${list[0]!.daysOverdue} due ${list[0]!.dueDate}`;
  };
  const visit = (lifeEventId: number | null, localDate = "2026-05-12", over: Partial<FollowUpInteraction> = {}): FollowUpInteraction => ({
    channel: "visit",
    occasion: "life_event",
    contactId: 1,
    lifeEventId,
    localDate,
    ...over,
  });

  it("wedding and new baby: a visit due within 7 days (R7)", () => {
    expect(one("2026-05-09", wedding)).toBe("upcoming:0 due 2026-05-17"); // recorded ahead of the day
    expect(one("2026-05-10", wedding)).toBe("due:0 due 2026-05-17");
    expect(one("2026-05-17", wedding)).toBe("due:0 due 2026-05-17");
    expect(one("2026-05-18", wedding)).toBe("overdue:1 due 2026-05-17");
    expect(one("2026-05-10", { ...wedding, kind: "new_baby" })).toBe("due:0 due 2026-05-17");
  });

  it("misfortune: a condolence visit due within 3 days (R8)", () => {
    expect(one("2026-05-13", bereavement)).toBe("due:0 due 2026-05-13");
    expect(one("2026-05-14", bereavement)).toBe("overdue:1 due 2026-05-13");
    expect(one("2026-05-14", { ...bereavement, kind: "illness" })).toBe("overdue:1 due 2026-05-13");
    expect(one("2026-05-14", { ...bereavement, kind: "accident" })).toBe("overdue:1 due 2026-05-13");
  });

  it("stays open and overdue until done: life events are owed, not forgotten", () => {
    expect(one("2026-08-17", wedding)).toBe("overdue:92 due 2026-05-17");
  });

  it("closed by a linked visit, whenever logged; done or dismissed events are closed", () => {
    expect(one("2026-05-20", wedding, [visit(10)])).toBe("none");
    expect(one("2026-05-20", wedding, [visit(10, "2026-05-19")])).toBe("none"); // late, still closes
    expect(one("2026-05-20", { ...wedding, state: "done" })).toBe("none");
    expect(one("2026-05-20", { ...wedding, state: "dismissed" })).toBe("none");
  });

  it("not closed by another channel, an unlinked visit, or a visit linked to another event", () => {
    const open = "overdue:3 due 2026-05-17";
    expect(one("2026-05-20", wedding, [visit(10, "2026-05-12", { channel: "phone" })])).toBe(open);
    expect(one("2026-05-20", wedding, [visit(10, "2026-05-12", { channel: "message" })])).toBe(open);
    expect(one("2026-05-20", wedding, [visit(null)])).toBe(open);
    expect(one("2026-05-20", wedding, [visit(11)])).toBe(open);
  });

  it("follows the policy's channel and due days", () => {
    const r = { ...rules, wedding: { channel: "message" as const, dueDays: 1 } };
    expect(one("2026-05-11", wedding, [], r)).toBe("due:0 due 2026-05-11");
    expect(one("2026-05-12", wedding, [], r)).toBe("overdue:1 due 2026-05-11");
    expect(one("2026-05-12", wedding, [visit(10)], r)).toBe("overdue:1 due 2026-05-11");
    expect(one("2026-05-12", wedding, [visit(10, "2026-05-11", { channel: "message" })], r)).toBe("none");
  });

  it("carries the event id, kind and required channel", () => {
    expect(lifeEventFollowUps({ today: "2026-05-11", rules, lifeEvents: [bereavement], interactions: [] })).toEqual([
      { kind: "bereavement", contactId: 2, lifeEventId: 11, eventDate: "2026-05-10", dueDate: "2026-05-13", requiredChannel: "visit", status: "due", daysOverdue: 0 },
    ]);
  });
});

describe("openFollowUps (unit)", () => {
  it("merges birthdays and life events, most pressing first", () => {
    const list = openFollowUps({
      today: "2026-05-12",
      rules,
      contacts: [
        { contactId: 3, birthday: solar(5, 14) }, // upcoming, due 05-14
        { contactId: 4, birthday: solar(5, 12) }, // due today
        { contactId: 5, birthday: solar(5, 9) }, // overdue 3, closed below
        { contactId: 6, birthday: null },
      ],
      lifeEvents: [
        { id: 21, contactId: 1, kind: "wedding", date: "2026-05-10", state: "open" }, // due 05-17
        { id: 22, contactId: 2, kind: "illness", date: "2026-05-01", state: "open" }, // overdue since 05-04
        { id: 23, contactId: 2, kind: "accident", date: "2026-05-01", state: "dismissed" },
      ],
      interactions: [greeting(5, "2026-05-10")],
    });
    expect(list.map((f) => [f.kind, f.contactId, f.status, f.dueDate])).toEqual([
      ["illness", 2, "overdue", "2026-05-04"],
      ["birthday", 4, "due", "2026-05-12"],
      ["birthday", 3, "upcoming", "2026-05-14"],
      ["wedding", 1, "due", "2026-05-17"],
    ]);
  });

  it("passes a custom birthday window through", () => {
    const args = {
      rules,
      contacts: [{ contactId: 1, birthday: solar(5, 14) }],
      lifeEvents: [],
      interactions: [],
    };
    expect(openFollowUps({ ...args, today: "2026-05-04" })).toHaveLength(0);
    expect(openFollowUps({ ...args, today: "2026-05-04", birthdayWindow: { leadDays: 10, graceDays: 7 } })).toHaveLength(1);
  });
});
