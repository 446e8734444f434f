import { describe, expect, it } from "vitest";
import { DEFAULT_POLICY, type Policy } from "../../src/domain/policy.ts";
import {
  BUILT_IN_CALENDAR,
  calendarSource,
  calendarYear,
  countWorkingDays,
  hasOfficialCalendar,
  isWorkingDay,
  missingNextYear,
  officialDay,
  workingCalendarOf,
  workingDaysElapsed,
  workingDaysInMonth,
  workingDaysRemaining,
  type CalendarRow,
} from "../../src/domain/working-days.ts";

// The weekly pattern alone (official holidays not observed), and with the official calendar.
const monSat: Policy = { ...DEFAULT_POLICY, officialHolidaysOff: false };
const monFri: Policy = { ...monSat, workingDays: [1, 2, 3, 4, 5] };
const official: Policy = { ...DEFAULT_POLICY, officialHolidaysOff: true };
const officialMonFri: Policy = { ...monFri, officialHolidaysOff: true };
const officialDayBuiltIn = (d: string) => officialDay(BUILT_IN_CALENDAR, d);

describe("working days: weekly pattern (unit)", () => {
  it("defaults to Monday–Saturday with the official holidays off", () => {
    expect(DEFAULT_POLICY.workingDays).toEqual([1, 2, 3, 4, 5, 6]);
    expect(DEFAULT_POLICY.officialHolidaysOff).toBe(true);
    expect(isWorkingDay(DEFAULT_POLICY, "2026-10-01")).toBe(false); // National Day, a Thursday
    expect(isWorkingDay(DEFAULT_POLICY, "2026-09-20")).toBe(true); // Sunday worked for National Day
    expect(isWorkingDay(monSat, "2026-02-01")).toBe(false); // Sunday
    expect(isWorkingDay(monSat, "2026-02-02")).toBe(true); // Monday
    expect(isWorkingDay(monSat, "2026-02-07")).toBe(true); // Saturday
    expect(isWorkingDay(monFri, "2026-02-07")).toBe(false);
  });

  it("counts working days in months of 28, 29, 30 and 31 days", () => {
    expect(workingDaysInMonth(monSat, "2026-02")).toBe(24); // 28 days, starts on a Sunday: 4 Sundays
    expect(workingDaysInMonth(monSat, "2024-02")).toBe(25); // 29 days (leap year), 4 Sundays
    expect(workingDaysInMonth(monSat, "2026-04")).toBe(26); // 30 days, 4 Sundays
    expect(workingDaysInMonth(monSat, "2026-01")).toBe(27); // 31 days, 4 Sundays
    expect(workingDaysInMonth(monSat, "2026-03")).toBe(26); // 31 days starting on a Sunday: 5 Sundays
    expect(workingDaysInMonth(monFri, "2026-02")).toBe(20);
    expect(workingDaysInMonth({ ...monSat, workingDays: [1, 2, 3, 4, 5, 6, 7] }, "2024-02")).toBe(29);
  });

  it("counts a range with both ends included, and an inverted range as 0", () => {
    expect(countWorkingDays(monSat, "2026-02-02", "2026-02-02")).toBe(1);
    expect(countWorkingDays(monSat, "2026-02-01", "2026-02-08")).toBe(6); // Sunday to Sunday
    expect(countWorkingDays(monSat, "2026-02-02", "2026-02-01")).toBe(0);
    expect(countWorkingDays(monSat, "2025-12-29", "2026-01-03")).toBe(6); // across a year end
  });

  it("drops the admin's extra non-working dates", () => {
    const p = { ...monSat, extraNonWorkingDates: ["2026-04-15"] };
    expect(isWorkingDay(p, "2026-04-15")).toBe(false);
    expect(workingDaysInMonth(p, "2026-04")).toBe(25);
  });

  it("splits a month into elapsed (through today) and remaining (after today)", () => {
    // February 2026 starts on a Sunday: the first day is not a working day.
    expect(workingDaysElapsed(monSat, "2026-02-01")).toBe(0);
    expect(workingDaysRemaining(monSat, "2026-02-01")).toBe(24);
    expect(workingDaysElapsed(monSat, "2026-02-02")).toBe(1);
    expect(workingDaysRemaining(monSat, "2026-02-02")).toBe(23);
    // Last day (a Saturday).
    expect(workingDaysElapsed(monSat, "2026-02-28")).toBe(24);
    expect(workingDaysRemaining(monSat, "2026-02-28")).toBe(0);
    // A Sunday in the middle: 2026-03-02..14 has 12 working days, 14 are left after the 15th.
    expect(workingDaysElapsed(monSat, "2026-03-15")).toBe(12);
    expect(workingDaysRemaining(monSat, "2026-03-15")).toBe(14);
  });
});

describe("working days: the official calendar (unit)", () => {
  // Dates checked against tyme4ts 1.5.2's LegalHoliday table (the State Council notices for 2025 and 2026).
  it("reads holidays and make-up days from the table", () => {
    expect(officialDayBuiltIn("2026-10-01")).toBe("holiday"); // National Day
    expect(officialDayBuiltIn("2026-10-07")).toBe("holiday");
    expect(officialDayBuiltIn("2026-10-08")).toBeNull();
    expect(officialDayBuiltIn("2026-09-20")).toBe("makeup"); // Sunday worked for National Day
    expect(officialDayBuiltIn("2026-10-10")).toBe("makeup"); // Saturday
    expect(officialDayBuiltIn("2026-02-17")).toBe("holiday"); // Spring Festival
    expect(officialDayBuiltIn("2025-01-26")).toBe("makeup"); // Sunday worked for Spring Festival 2025
    expect(officialDayBuiltIn("2026-03-10")).toBeNull();
  });

  it("makes official holidays non-working only when the policy says so", () => {
    expect(isWorkingDay(monSat, "2026-10-01")).toBe(true); // a Thursday
    expect(isWorkingDay(official, "2026-10-01")).toBe(false);
    expect(isWorkingDay(official, "2026-10-05")).toBe(false); // a Monday inside the holiday
    expect(isWorkingDay(official, "2026-10-08")).toBe(true); // back to work
    expect(isWorkingDay(official, "2026-09-25")).toBe(false); // Mid-Autumn 2026, a Friday
  });

  it("makes a make-up day (调休) working even on a day the weekly pattern leaves free", () => {
    expect(isWorkingDay(monSat, "2026-09-20")).toBe(false); // Sunday
    expect(isWorkingDay(official, "2026-09-20")).toBe(true);
    expect(isWorkingDay(official, "2026-01-04")).toBe(true); // Sunday, New Year 2026
    expect(isWorkingDay(official, "2025-01-26")).toBe(true); // Sunday, Spring Festival 2025
    expect(isWorkingDay(monFri, "2026-02-14")).toBe(false); // Saturday
    expect(isWorkingDay(officialMonFri, "2026-02-14")).toBe(true);
    expect(isWorkingDay(officialMonFri, "2026-02-28")).toBe(true);
    expect(isWorkingDay(officialMonFri, "2025-02-08")).toBe(true);
    expect(isWorkingDay(officialMonFri, "2026-02-21")).toBe(false); // a Saturday inside the Spring Festival holiday
    expect(isWorkingDay(officialMonFri, "2026-03-07")).toBe(false); // an ordinary Saturday
  });

  it("counts months with holidays and make-up days", () => {
    // October 2026: 27 Mon–Sat days, six of them in the 1–7 holiday; the 10th is a Saturday anyway.
    expect(workingDaysInMonth(official, "2026-10")).toBe(21);
    // Mon–Fri: 22 weekdays, five in the holiday, plus Saturday the 10th.
    expect(workingDaysInMonth(officialMonFri, "2026-10")).toBe(18);
    // September 2026: 26, plus Sunday the 20th, minus Friday 25th and Saturday 26th (Mid-Autumn).
    expect(workingDaysInMonth(official, "2026-09")).toBe(25);
    // February 2026: 24, minus 16–21 and 23 (Spring Festival 15–23).
    expect(workingDaysInMonth(official, "2026-02")).toBe(17);
    // Mon–Fri: 20, minus 16–20 and 23, plus Saturdays 14 and 28.
    expect(workingDaysInMonth(officialMonFri, "2026-02")).toBe(16);
    // January 2026: 27, minus 1–3, plus Sunday the 4th.
    expect(workingDaysInMonth(official, "2026-01")).toBe(25);
  });

  it("lets an admin's non-working date win over a make-up day", () => {
    expect(isWorkingDay({ ...official, extraNonWorkingDates: ["2026-09-20"] }, "2026-09-20")).toBe(false);
  });

  it("knows which years the table covers and falls back to the weekly pattern outside them", () => {
    expect(hasOfficialCalendar(2002)).toBe(true);
    expect(hasOfficialCalendar(2025)).toBe(true);
    expect(hasOfficialCalendar(2026)).toBe(true);
    expect(hasOfficialCalendar(2001)).toBe(false);
    expect(hasOfficialCalendar(2027)).toBe(false);
    expect(isWorkingDay(official, "2027-10-01")).toBe(true); // a Friday; no 2027 table yet
  });
});

describe("working days: the calendar an admin keeps (unit)", () => {
  // 2027 as an admin might enter it (no library knows it yet): New Year 1–3 January, Golden Week
  // 1–7 October with Sunday 26 September and Saturday 9 October worked instead.
  const rows: CalendarRow[] = [
    ...["2027-01-01", "2027-01-02", "2027-01-03"].map((date) => ({ year: 2027, date, kind: "holiday" as const })),
    ...Array.from({ length: 7 }, (_, i) => ({ year: 2027, date: `2027-10-0${i + 1}`, kind: "holiday" as const })),
    { year: 2027, date: "2027-09-26", kind: "workday" },
    { year: 2027, date: "2027-10-09", kind: "workday" },
  ];
  const calendar = workingCalendarOf(rows);
  const p: Policy = { ...DEFAULT_POLICY, calendar };

  it("makes the entered Golden Week non-working and the Sunday make-up day working", () => {
    expect(isWorkingDay(p, "2027-09-26")).toBe(true); // a Sunday
    expect(isWorkingDay(DEFAULT_POLICY, "2027-09-26")).toBe(false); // without the entry: just a Sunday
    for (let d = 1; d <= 7; d++) expect(isWorkingDay(p, `2027-10-0${d}`)).toBe(false);
    expect(isWorkingDay(p, "2027-10-08")).toBe(true);
    // September 2027: 26 Monday–Saturday days, plus Sunday the 26th.
    expect(workingDaysInMonth(p, "2027-09")).toBe(27);
    expect(workingDaysInMonth(DEFAULT_POLICY, "2027-09")).toBe(26);
    // October 2027: 26 Monday–Saturday days, six of them (1, 2, 4–7) in the holiday; the 9th is a Saturday anyway.
    expect(workingDaysInMonth(p, "2027-10")).toBe(20);
    expect(workingDaysInMonth(DEFAULT_POLICY, "2027-10")).toBe(26);
    // Monday–Friday: 21 weekdays, five in the holiday, plus Saturday the 9th.
    expect(workingDaysInMonth({ ...p, workingDays: [1, 2, 3, 4, 5] }, "2027-10")).toBe(17);
    // Switched off, the weekly pattern alone.
    expect(workingDaysInMonth({ ...p, officialHolidaysOff: false }, "2027-10")).toBe(26);
  });

  it("names each year's source and lists it", () => {
    expect(calendarSource(calendar, 2027)).toBe("admin");
    expect(calendarSource(calendar, 2026)).toBe("built-in");
    expect(calendarSource(calendar, 2028)).toBe("none");
    expect(calendarYear(calendar, 2027)).toEqual({
      source: "admin",
      holidays: ["2027-01-01", "2027-01-02", "2027-01-03", ...Array.from({ length: 7 }, (_, i) => `2027-10-0${i + 1}`)],
      workdays: ["2027-09-26", "2027-10-09"],
    });
    const builtIn = calendarYear(BUILT_IN_CALENDAR, 2026);
    expect(builtIn.source).toBe("built-in");
    expect(builtIn.workdays).toContain("2026-09-20");
    expect(builtIn.holidays).toContain("2026-10-07");
    expect(calendarYear(BUILT_IN_CALENDAR, 2028)).toEqual({ source: "none", holidays: [], workdays: [] });
  });

  it("replaces a built-in year whole once an admin enters it", () => {
    const edited = workingCalendarOf([{ year: 2026, date: "2026-05-01", kind: "holiday" }]);
    const q: Policy = { ...DEFAULT_POLICY, calendar: edited };
    expect(isWorkingDay(q, "2026-05-01")).toBe(false);
    expect(isWorkingDay(q, "2026-10-01")).toBe(true); // not entered: a Thursday like any other
    expect(isWorkingDay(q, "2026-09-20")).toBe(false); // no make-up day entered: a Sunday
    // A year entered empty is still the admin's: no holidays at all.
    expect(calendarSource(workingCalendarOf([{ year: 2028, date: null, kind: null }]), 2028)).toBe("admin");
  });

  it("asks for next year's calendar from 1 November while it has no source", () => {
    expect(missingNextYear(BUILT_IN_CALENDAR, "2026-10-31")).toBeNull();
    expect(missingNextYear(BUILT_IN_CALENDAR, "2026-11-01")).toBe(2027);
    expect(missingNextYear(BUILT_IN_CALENDAR, "2026-12-31")).toBe(2027);
    expect(missingNextYear(calendar, "2026-11-01")).toBeNull(); // entered
    expect(missingNextYear(BUILT_IN_CALENDAR, "2025-11-15")).toBeNull(); // 2026 is built in
  });
});

describe("working days: corrections to the built-in table (unit)", () => {
  it("keeps 2024-06-08/09 an ordinary weekend: only Monday the 10th was the Dragon Boat holiday", () => {
    expect(officialDayBuiltIn("2024-06-08")).toBeNull();
    expect(officialDayBuiltIn("2024-06-09")).toBeNull();
    expect(officialDayBuiltIn("2024-06-10")).toBe("holiday");
    expect(isWorkingDay(official, "2024-06-08")).toBe(true); // a Saturday, worked Monday–Saturday
    expect(isWorkingDay(officialMonFri, "2024-06-08")).toBe(false);
    expect(isWorkingDay(official, "2024-06-09")).toBe(false); // Sunday
    expect(isWorkingDay(official, "2024-06-10")).toBe(false);
    // June 2024: 25 Monday–Saturday days, minus the 10th.
    expect(workingDaysInMonth(official, "2024-06")).toBe(24);
    // New Year 2024 likewise: 1 January was "joined with the weekend" of 30/31 December 2023.
    expect(officialDayBuiltIn("2023-12-30")).toBeNull();
    expect(officialDayBuiltIn("2024-01-01")).toBe("holiday");
  });

  it("keeps a break's weekend days where the notice gives them as part of the holiday", () => {
    // 2025: Dragon Boat "5月31日至6月2日放假，共3天" — Saturday 31 May is the festival itself.
    expect(officialDayBuiltIn("2025-05-31")).toBe("holiday");
    expect(officialDayBuiltIn("2025-06-02")).toBe("holiday");
  });
});

describe("working days: counted from per-month running totals (unit)", () => {
  // The day-by-day definition the tables replace, written out here as the oracle.
  const walk = (p: Policy, from: string, to: string) => {
    let n = 0;
    for (let d = new Date(`${from}T00:00:00Z`); d.toISOString().slice(0, 10) <= to; d.setUTCDate(d.getUTCDate() + 1)) {
      if (isWorkingDay({ ...p }, d.toISOString().slice(0, 10))) n++;
    }
    return n;
  };

  it("agrees with a day-by-day walk over spans inside a month, across months and across years", () => {
    const spans: [string, string][] = [
      ["2026-10-01", "2026-10-08"], // the National Day week
      ["2026-09-20", "2026-09-20"], // a Sunday make-up day
      ["2026-02-10", "2026-03-05"], // Spring Festival
      ["2025-12-15", "2026-01-20"],
      ["2024-02-01", "2024-02-29"], // a leap February
      ["2026-11-27", "2026-11-26"], // empty
    ];
    const admin: Policy = { ...DEFAULT_POLICY, extraNonWorkingDates: ["2026-10-09", "2026-01-05"] };
    for (const p of [monSat, monFri, official, officialMonFri, admin]) {
      for (const [from, to] of spans) expect(countWorkingDays(p, from, to), `${from}…${to}`).toBe(walk(p, from, to));
    }
  });

  it("follows a policy whose fields are replaced after a count (no stale table)", () => {
    const p: Policy = { ...DEFAULT_POLICY };
    expect(countWorkingDays(p, "2026-11-02", "2026-11-07")).toBe(6);
    p.workingDays = [1, 2, 3, 4, 5];
    expect(countWorkingDays(p, "2026-11-02", "2026-11-07")).toBe(5);
    p.extraNonWorkingDates = ["2026-11-03"];
    expect(countWorkingDays(p, "2026-11-02", "2026-11-07")).toBe(4);
    expect(isWorkingDay(p, "2026-11-03")).toBe(false);
    p.officialHolidaysOff = false;
    expect(isWorkingDay(p, "2026-10-01")).toBe(true);
  });
});
