// Unit: the months of many reps from the rows of one read (src/domain/rep-month.ts) and the digest's
// data on top of them (src/domain/digest-data.ts) — rows go to their rep only, every rep asked for
// gets a month, contacts once each, the digest's late birthdays and festival contacts — and the week a
// weekly summary covers (src/domain/week-range.ts).
import { describe, expect, it } from "vitest";
import { repMonthsOf, type ContactRow, type RepMonthRows } from "../../src/domain/rep-month.ts";
import { digestData, type DigestRows } from "../../src/domain/digest-data.ts";
import { lastVariantKey } from "../../src/domain/greetings.ts";
import { weekRange } from "../../src/domain/week-range.ts";
import { DEFAULT_FESTIVALS, DEFAULT_POLICY } from "../../src/domain/policy.ts";

const context = { policy: DEFAULT_POLICY, festivals: DEFAULT_FESTIVALS };
const TODAY = "2026-09-22";

const noRows = (): RepMonthRows => ({
  stores: [],
  storeContacts: [],
  activity: [],
  festivalInteractions: [],
  birthdayContacts: [],
  lifeEvents: [],
  birthdayGreetings: [],
  linkedContacts: [],
  slowMovers: [],
  recentVisits: [],
  monthIntel: [],
  skips: [],
});

const contact = (id: number, storeId: number, extra: Partial<ContactRow> = {}): ContactRow => ({
  id,
  storeId,
  name: `联系人${id}`,
  formOfAddress: null,
  phone: null,
  birthdayCalendar: "solar",
  birthdayMonth: 9,
  birthdayDay: 22,
  birthdayLeapMonth: false,
  ...extra,
});

describe("the months of many reps (unit)", () => {
  it("gives every rep asked for a month, and each row to its own rep only", () => {
    const months = repMonthsOf(context, [7, 8], TODAY, {
      ...noRows(),
      stores: [
        { repId: 7, id: 1, name: "一号店", class: "B", city: "长沙", address: null, phone: null, from: "2000-01-01", to: "2026-09-15", since: "2000-01-01" },
        { repId: 7, id: 1, name: "一号店", class: "A", city: "长沙", address: null, phone: null, from: "2026-09-15", to: null, since: "2000-01-01" },
        { repId: 99, id: 2, name: "别人的店", class: "B", city: null, address: null, phone: null, from: "2000-01-01", to: null, since: "2000-01-01" },
        { repId: null, id: 3, name: "无主", class: "C", city: null, address: null, phone: null, from: "2000-01-01", to: null, since: "2000-01-01" },
      ],
      storeContacts: [{ repId: 7, storeId: 1, message: 2, phone: null, visit: 0, lastDate: "2026-09-20" }],
      activity: [{ repId: 7, storeId: 1, helpAsked: null, problemsSolved: 1, trainings: null, contactsBeforeToday: 2 }],
      monthIntel: [{ repId: 8, kinds: 6, visits: 3 }],
    });
    expect([...months.keys()]).toEqual([7, 8]);
    const m = months.get(7)!;
    expect(m).toMatchObject({ repId: 7, today: TODAY, month: "2026-09", policy: DEFAULT_POLICY });
    // A store reclassified mid-month is one store with two stretches, in the last stretch's class.
    expect(m.stores).toEqual([
      {
        id: 1,
        name: "一号店",
        class: "A",
        city: "长沙",
        address: null,
        phone: null,
        repId: 7,
        since: "2000-01-01",
        holdings: [
          { class: "B", from: "2000-01-01", to: "2026-09-15" },
          { class: "A", from: "2026-09-15", to: null },
        ],
      },
    ]);
    expect(m.counts).toEqual([{ storeId: 1, channel: "message", count: 2 }]); // channels without contacts are left out
    expect(m.lastContact).toEqual([{ storeId: 1, localDate: "2026-09-20" }]);
    expect(m.activity).toEqual([{ storeId: 1, helpAsked: 0, problemsSolved: 1, trainings: 0, contactsBeforeToday: 2 }]);
    expect(months.get(8)!.stores).toEqual([]);
    expect(months.get(8)!.monthIntel).toEqual([{ kinds: 6, visits: 3 }]);
  });

  it("lists each contact once, with their life events and what may close them, under the event's rep", () => {
    const months = repMonthsOf(context, [7], TODAY, {
      ...noRows(),
      birthdayContacts: [{ repId: 7, ...contact(10, 1) }],
      lifeEvents: [{ ...contact(10, 1), repId: 7, id: 40, contactId: 10, kind: "wedding", date: "2026-09-20", state: "open" }],
      linkedContacts: [
        { channel: "visit", occasion: "life_event", localDate: "2026-09-21", contactId: 10, lifeEventId: 40 },
        { channel: "visit", occasion: "life_event", localDate: "2026-09-21", contactId: 11, lifeEventId: 41 }, // an event not read: no rep
      ],
      birthdayGreetings: [{ repId: 7, channel: "message", occasion: "birthday", localDate: "2026-09-22", contactId: 10, lifeEventId: null }],
      slowMovers: [{ repId: 7, id: 5, storeId: 1, interactionId: 50, localDate: "2026-09-01", subject: "止咳糖浆", detail: "不好卖", reason: null, action: null, aboutContact: 10 }],
    });
    const m = months.get(7)!;
    expect(m.contacts).toEqual([{ id: 10, storeId: 1, name: "联系人10", formOfAddress: null, phone: null, birthday: { calendar: "solar", month: 9, day: 22, leapMonth: false } }]);
    expect(m.lifeEvents).toEqual([{ id: 40, contactId: 10, kind: "wedding", date: "2026-09-20", state: "open" }]);
    expect(m.followUpInteractions.map((i) => i.occasion)).toEqual(["birthday", "life_event"]);
    expect(m.slowMovers).toEqual([expect.objectContaining({ id: 5, contactId: 10 })]);
  });
});

describe("the digest's data (unit)", () => {
  const rows = (over: Partial<DigestRows> = {}): DigestRows => ({
    context,
    users: [{ id: 7, name: "小王", email: "w@x", role: "rep", teamId: 1, locale: "zh-CN", timeZone: "Asia/Shanghai", digestTime: "07:30", active: true }],
    templates: [],
    facts: [{ id: 10, preferences: "喜欢喝茶", familyNotes: null, doNotContact: false }],
    lastVariants: [
      { contactId: 10, occasion: "birthday", templateId: 3 },
      { contactId: null, occasion: "birthday", templateId: 4 },
    ],
    festivalInteractions: [],
    lateContacts: [],
    lateGreetings: [],
    month: noRows(),
    ...over,
  });

  it("keys users, facts and last variants, and gives every rep of the job a month", () => {
    const data = digestData(rows(), [7, 8, 7], TODAY);
    expect([...data.months.keys()]).toEqual([7, 8]);
    expect(data.users.get(7)?.name).toBe("小王");
    expect(data.facts.get(10)).toEqual({ preferences: "喜欢喝茶", familyNotes: null, doNotContact: false, lastBereavement: null });
    expect([...data.lastVariants]).toEqual([[lastVariantKey(10, "birthday"), 3]]);
  });

  it("adds the festival contacts with their gift, and late birthdays a longer due time lists, each contact once", () => {
    const data = digestData(
      rows({
        festivalInteractions: [
          { repId: 7, storeId: 1, channel: "visit", festivalKey: "mid_autumn", festivalYear: 2026, localDate: "2026-09-20", gift: 1 },
          { repId: 7, storeId: 1, channel: "message", festivalKey: "mid_autumn", festivalYear: 2026, localDate: "2026-09-21", gift: 0 },
          { repId: null, storeId: 2, channel: "visit", festivalKey: "mid_autumn", festivalYear: 2026, localDate: "2026-09-21", gift: 1 },
        ],
        month: { ...noRows(), birthdayContacts: [{ repId: 7, ...contact(10, 1) }] },
        lateContacts: [
          { repId: 7, ...contact(10, 1) }, // already in the month
          { repId: 7, ...contact(12, 1, { birthdayDay: 2 }) },
          { repId: 99, ...contact(13, 9) }, // not a rep of the job
        ],
        lateGreetings: [
          { contactId: 12, channel: "message", localDate: "2026-09-03" },
          { contactId: 10, channel: "message", localDate: "2026-09-22" }, // closes nothing late: not added twice
        ],
      }),
      [7],
      TODAY,
    );
    const m = data.months.get(7)!;
    expect(m.festivalInteractions.map((i) => [i.channel, i.giftValue, i.occasion])).toEqual([
      ["visit", 1, "festival"],
      ["message", null, "festival"],
    ]);
    expect(m.contacts.map((c) => c.id)).toEqual([10, 12]);
    expect(m.followUpInteractions).toEqual([{ channel: "message", occasion: "birthday", localDate: "2026-09-03", contactId: 12 }]);
  });
});

describe("the week a weekly summary covers (unit)", () => {
  it("is the Monday-to-Sunday before the ISO week it is sent in, with the week before it", () => {
    expect(weekRange("2026-W40")).toEqual({
      label: "2026-W40",
      sendDate: "2026-09-28",
      start: "2026-09-21",
      end: "2026-09-27",
      weekLabel: "2026-W39",
      prevStart: "2026-09-14",
      prevEnd: "2026-09-20",
    });
    expect(weekRange("2026-W01")).toMatchObject({ sendDate: "2025-12-29", start: "2025-12-22", weekLabel: "2025-W52" });
    expect(weekRange("2026-W53")?.sendDate).toBe("2026-12-28");
  });

  it("is null for a week that does not exist", () => {
    for (const label of ["2025-W53", "2026-W54", "2026-W00", "2026-40", "2026-W4", "1901-W10"]) expect(weekRange(label), label).toBeNull();
  });
});
