// Unit: the calendar feed's content (src/domain/calendar-feed.ts) from rows built in memory — the
// window from a week back to a year ahead in the organisation's zone, festivals by their day or their
// window's start, birthdays in the window, life-event follow-ups by their due date, nothing personal.
import { describe, expect, it } from "vitest";
import { calendarFeedOf, type CalendarFeedRows } from "../../src/domain/calendar-feed.ts";
import { DEFAULT_FESTIVALS, DEFAULT_POLICY } from "../../src/domain/policy.ts";

const NOW = Date.parse("2026-01-10T20:00:00Z"); // 2026-01-11 04:00 in Asia/Shanghai
const named = { name: "王芳", formOfAddress: "王姐", storeId: 3, storeName: "芙蓉药房" };

function rows(over: Partial<CalendarFeedRows> = {}): CalendarFeedRows {
  return { policy: DEFAULT_POLICY, festivals: DEFAULT_FESTIVALS, storeClasses: [], contacts: [], lifeEvents: [], linked: [], ...over };
}

describe("the calendar feed's content (unit)", () => {
  it("spans a week back to a year ahead of today in the organisation's time zone", () => {
    const feed = calendarFeedOf(rows({ storeClasses: [{ class: "A", n: 2 }] }), { name: "小王", locale: "zh-CN" }, NOW);
    expect(feed).toMatchObject({ ownerName: "小王", today: "2026-01-11", from: "2026-01-04", to: "2027-01-11", timeZone: "Asia/Shanghai", birthdayChannel: "message" });
    expect(feed.storesByClass).toEqual({ A: 2, B: 0, C: 0 });
    // Spring Festival 2026 (02-17), Dragon Boat, Mid-Autumn, and Spring Festival 2027 (02-06) whose window opens 2027-01-16: not in the feed.
    expect(feed.festivals.map((f) => `${f.def.key}:${f.occurrence.year}`)).toEqual(["spring_festival:2026", "dragon_boat:2026", "mid_autumn:2026"]);
  });

  it("lists birthdays inside the window by form of address, and skips a birthday that cannot be placed", () => {
    const feed = calendarFeedOf(
      rows({
        contacts: [
          { ...named, id: 1, calendar: "solar", month: 1, day: 5, leapMonth: false }, // 2026-01-05 and 2027-01-05
          { ...named, id: 2, calendar: "solar", month: 1, day: 3, leapMonth: false }, // 2026-01-03: a day before the window
          { ...named, id: 3, calendar: "solar", month: 13, day: 1, leapMonth: false }, // no such month
          { ...named, id: 4, calendar: null, month: 5, day: 1, leapMonth: false },
        ],
      }),
      { name: "小王", locale: "zh-CN" },
      NOW,
    );
    expect(feed.birthdays.map((b) => [b.contactId, b.date, b.who])).toEqual([
      [1, "2026-01-05", "王姐"],
      [1, "2027-01-05", "王姐"],
      [2, "2027-01-03", "王姐"],
    ]);
  });

  it("lists a life event's follow-up by its due date until a contact on the required channel closes it (R7, R8)", () => {
    const event = { ...named, formOfAddress: null, contactId: 9, kind: "wedding" as const, state: "open" as const };
    const feed = calendarFeedOf(
      rows({
        lifeEvents: [
          { ...event, id: 1, date: "2026-01-08" }, // due 01-15
          { ...event, id: 2, date: "2025-12-20" }, // due 12-27: before the window
          { ...event, id: 3, date: "2026-01-09" }, // visited: closed
        ],
        linked: [{ lifeEventId: 3, channel: "visit", occasion: "life_event", localDate: "2026-01-10" }],
      }),
      { name: "小王", locale: "zh-CN" },
      NOW,
    );
    expect(feed.followUps).toEqual([
      { lifeEventId: 1, contactId: 9, storeId: 3, who: "王芳", storeName: "芙蓉药房", kind: "wedding", eventDate: "2026-01-08", dueDate: "2026-01-15", channel: "visit" },
    ]);
  });
});
