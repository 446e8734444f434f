import { describe, expect, it } from "vitest";
import {
  type Birthday,
  birthDateProblem,
  birthdayErrors,
  birthdayOf,
  birthdaysBetween,
  isValidBirthday,
  lunarBirthdayInYear,
  nextBirthday,
  previousBirthday,
  solarBirthdayInYear,
} from "../../src/domain/calendar/birthdays.ts";
import { leapMonthOf, lunarMonthDays, lunarToSolar, solarToLunar } from "../../src/domain/calendar/lunar.ts";

const solar = (month: number, day: number): Birthday => ({ calendar: "solar", month, day, leapMonth: false });
const lunar = (month: number, day: number, leapMonth = false): Birthday => ({ calendar: "lunar", month, day, leapMonth });
const inYear = (b: Birthday, y: number) => birthdaysBetween(b, `${y}-01-01`, `${y}-12-31`);

describe("solar birthdays (unit)", () => {
  it("is the same month/day every year", () => {
    expect(inYear(solar(3, 15), 2026)).toEqual(["2026-03-15"]);
    expect(birthdaysBetween(solar(3, 15), "2024-01-01", "2026-12-31")).toEqual(["2024-03-15", "2025-03-15", "2026-03-15"]);
  });

  it("Feb 29 is celebrated on Feb 28 in common years", () => {
    expect(inYear(solar(2, 29), 2024)).toEqual(["2024-02-29"]);
    expect(inYear(solar(2, 29), 2025)).toEqual(["2025-02-28"]);
    expect(inYear(solar(2, 29), 2100)).toEqual(["2100-02-28"]);
    expect(inYear(solar(2, 29), 2000)).toEqual(["2000-02-29"]);
    expect(birthdaysBetween(solar(2, 29), "2025-03-01", "2025-12-31")).toEqual([]);
    expect(nextBirthday(solar(2, 29), "2025-02-01")).toBe("2025-02-28");
    expect(nextBirthday(solar(2, 29), "2025-03-01")).toBe("2026-02-28");
    expect(nextBirthday(solar(2, 29), "2027-03-01")).toBe("2028-02-29");
  });

  it("a day past the month's end (a stored 4/31) is the month's last day", () => {
    expect(solarBirthdayInYear(solar(4, 31), 2026)).toBe("2026-04-30");
  });

  it("range bounds are inclusive", () => {
    expect(birthdaysBetween(solar(6, 1), "2026-06-01", "2026-06-01")).toEqual(["2026-06-01"]);
    expect(birthdaysBetween(solar(6, 1), "2026-06-02", "2027-05-31")).toEqual([]);
    expect(birthdaysBetween(solar(6, 1), "2026-06-02", "2026-06-01")).toEqual([]);
  });
});

describe("lunar birthdays (unit)", () => {
  it("moves with the lunar calendar", () => {
    expect(inYear(lunar(8, 15), 2026)).toEqual(["2026-09-25"]); // 中秋
    expect(inYear(lunar(8, 15), 2025)).toEqual(["2025-10-06"]);
    expect(inYear(lunar(1, 1), 2027)).toEqual(["2027-02-06"]);
  });

  it("born in a leap month: the leap month in years that have it, the ordinary month otherwise", () => {
    const b = lunar(2, 15, true); // born in 闰二月
    expect(inYear(b, 2023)).toEqual(["2023-04-05"]); // 2023 has 闰二月 (from 03-22)
    expect(lunarToSolar(2023, 2, 15)).toBe("2023-03-06"); // …so not the ordinary 二月十五
    expect(inYear(b, 2024)).toEqual(["2024-03-24"]); // no leap month: ordinary 二月十五
    expect(inYear(b, 2025)).toEqual(["2025-03-14"]); // 2025's leap month is the 6th, not the 2nd
    expect(inYear(lunar(6, 10, true), 2025)).toEqual(["2025-08-03"]); // 闰六月初十
    expect(inYear(lunar(4, 1, true), 2020)).toEqual(["2020-05-23"]); // 闰四月初一
  });

  it("born in an ordinary month: once a year, never again in a leap month of that number", () => {
    expect(inYear(lunar(6, 10), 2025)).toEqual(["2025-07-04"]);
    expect(inYear(lunar(2, 15), 2023)).toEqual(["2023-03-06"]);
    expect(inYear(lunar(4, 1), 2020)).toEqual(["2020-04-23"]);
  });

  it("the 30th in a 29-day month is celebrated on the 29th", () => {
    expect(inYear(lunar(2, 30), 2023)).toEqual(["2023-03-21"]); // 二月 of 2023 has 30 days
    expect(inYear(lunar(2, 30), 2026)).toEqual(["2026-04-16"]); // 二月 of 2026 has 29 days
    expect(solarToLunar("2026-04-16")).toEqual({ year: 2026, month: 2, day: 29, leap: false });
    expect(solarToLunar("2026-04-17")).toEqual({ year: 2026, month: 3, day: 1, leap: false });
    // Leap-month born on the 30th, leap month of 29 days.
    expect(inYear(lunar(2, 30, true), 2023)).toEqual(["2023-04-19"]);
    // 12/30 in lunar 2024 (a 29-day 12th month) is 2025-01-28, the eve.
    expect(lunarBirthdayInYear(lunar(12, 30), 2024)).toBe("2025-01-28");
  });

  it("a lunar 11th/12th-month birthday can fall twice in one solar year, and not at all in the next", () => {
    // Lunar 12/1: of lunar 2023 on 2024-01-11, of lunar 2024 on 2024-12-31; lunar 2025's is 2026-01-19.
    expect(inYear(lunar(12, 1), 2024)).toEqual(["2024-01-11", "2024-12-31"]);
    expect(inYear(lunar(12, 1), 2025)).toEqual([]);
    expect(inYear(lunar(12, 1), 2026)).toEqual(["2026-01-19"]);
    expect(nextBirthday(lunar(12, 1), "2025-01-01")).toBe("2026-01-19");
    expect(previousBirthday(lunar(12, 1), "2025-12-31")).toBe("2024-12-31");
  });

  it("January dates come from the previous lunar year", () => {
    // Lunar 2025's 11th month began 2025-12-20: 11/20 is 2026-01-08.
    expect(birthdaysBetween(lunar(11, 20), "2026-01-01", "2026-01-31")).toEqual(["2026-01-08"]);
    expect(nextBirthday(lunar(12, 29), "2025-01-01")).toBe("2025-01-28");
    expect(nextBirthday(lunar(12, 29), "2025-01-29")).toBe("2026-02-16");
  });

  it("nextBirthday counts the day itself", () => {
    expect(nextBirthday(lunar(8, 15), "2026-09-25")).toBe("2026-09-25");
    expect(nextBirthday(lunar(8, 15), "2026-09-26")).toBe("2027-09-15");
    expect(previousBirthday(lunar(8, 15), "2026-09-25")).toBe("2026-09-25");
    expect(previousBirthday(lunar(8, 15), "2026-09-24")).toBe("2025-10-06");
  });

  it("over 1901–2100, exactly one birthday per lunar year, on the right lunar day", () => {
    for (const b of [lunar(1, 1), lunar(4, 30, true), lunar(8, 15), lunar(11, 30), lunar(12, 30)]) {
      const dates = birthdaysBetween(b, "1901-02-19", "2101-01-28"); // lunar years 1901–2100
      expect(dates.length).toBe(200);
      dates.forEach((d, i) => {
        const l = solarToLunar(d);
        expect(l.year).toBe(1901 + i);
        expect(l.month).toBe(b.month);
        // In the leap month exactly when born in one and this year repeats that month.
        expect(l.leap).toBe(b.leapMonth && leapMonthOf(l.year) === b.month);
        expect(l.day === b.day || (b.day === 30 && l.day === 29 && solarToLunar(addOne(d)).day === 1)).toBe(true);
      });
    }
  });

  it("rejects malformed birthdays", () => {
    expect(isValidBirthday(lunar(12, 30))).toBe(true);
    expect(isValidBirthday(lunar(12, 31))).toBe(false);
    expect(isValidBirthday(solar(12, 31))).toBe(true);
    expect(isValidBirthday(solar(13, 1))).toBe(false);
    expect(isValidBirthday(solar(1, 0))).toBe(false);
    expect(() => birthdaysBetween(lunar(0, 1), "2026-01-01", "2026-12-31")).toThrow(RangeError);
  });
});

function addOne(d: string): string {
  return new Date(Date.parse(`${d}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
}

describe("birth dates that exist (unit)", () => {
  it("never a solar 2/30 or 4/31; Feb 29 without a year or in a leap year", () => {
    expect(birthDateProblem(solar(2, 30), null)).toBe("no_such_day");
    expect(birthDateProblem(solar(4, 31), null)).toBe("no_such_day");
    expect(birthDateProblem(solar(13, 1), null)).toBe("no_such_day");
    expect(birthDateProblem(solar(2, 29), null)).toBeNull();
    expect(birthDateProblem(solar(2, 29), 2000)).toBeNull();
    expect(birthDateProblem(solar(2, 29), 2001)).toBe("no_such_day");
    expect(birthDateProblem(solar(2, 29), 1900)).toBe("no_such_day");
  });

  it("a lunar 30th only in a 30-day month of a known year; a leap month only in its year", () => {
    for (let y = 1950; y <= 2000; y++) {
      for (let m = 1; m <= 12; m++) expect(birthDateProblem(lunar(m, 30), y)).toBe(lunarMonthDays(y, m) === 30 ? null : "no_such_day");
      const leap = leapMonthOf(y);
      for (let m = 1; m <= 12; m++) {
        const want = m !== leap ? "no_leap_month" : lunarMonthDays(y, m, true) === 30 ? null : "no_such_day";
        expect(birthDateProblem(lunar(m, 30, true), y), `${y} 闰${m}`).toBe(want);
      }
    }
    expect(birthDateProblem(lunar(6, 30), null)).toBeNull();
    expect(birthDateProblem(lunar(6, 31), null)).toBe("no_such_day");
    expect(birthDateProblem(lunar(4, 1, true), null)).toBeNull();
  });
});

describe("a contact's birthday fields (unit)", () => {
  const fields = (calendar: "solar" | "lunar" | null, month: number | null, day: number | null, leap = false, birthYear: number | null = null) => ({
    birthdayCalendar: calendar,
    birthdayMonth: month,
    birthdayDay: day,
    birthdayLeapMonth: leap,
    birthYear,
  });

  it("is all or nothing (R6): no birthday, or a calendar with month and day", () => {
    expect(birthdayErrors(fields(null, null, null))).toEqual({});
    expect(birthdayErrors(fields(null, 3, null))).toEqual({ birthdayCalendar: "required" });
    expect(birthdayErrors(fields(null, null, null, true))).toEqual({ birthdayLeapMonth: "leap_lunar_only" });
    expect(birthdayErrors(fields("solar", 3, null))).toEqual({ birthdayDay: "required" });
    expect(birthdayErrors(fields("lunar", null, 8))).toEqual({ birthdayMonth: "required" });
    expect(birthdayOf(fields("solar", 3, null))).toBeNull();
    expect(birthdayOf(fields("lunar", 4, 8, true))).toEqual({ calendar: "lunar", month: 4, day: 8, leapMonth: true });
  });

  it("names the field of a date that does not exist", () => {
    expect(birthdayErrors(fields("solar", 3, 15, true))).toEqual({ birthdayLeapMonth: "leap_lunar_only" });
    expect(birthdayErrors(fields("solar", 2, 30))).toEqual({ birthdayDay: "no_such_day" });
    expect(birthdayErrors(fields("solar", 2, 29))).toEqual({});
    expect(birthdayErrors(fields("solar", 2, 29, false, 2024))).toEqual({});
    expect(birthdayErrors(fields("solar", 2, 29, false, 2023))).toEqual({ birthdayDay: "no_such_day" });
    expect(birthdayErrors(fields("lunar", 6, 1, true, 2025))).toEqual({}); // 2025 has a leap sixth month
    expect(birthdayErrors(fields("lunar", 6, 1, true, 2024))).toEqual({ birthdayLeapMonth: "no_leap_month" });
  });
});
