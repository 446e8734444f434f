import { describe, expect, it } from "vitest";
import { DEFAULT_POLICY, type Policy } from "../../src/domain/policy.ts";
import {
  countWorkingDays,
  hasOfficialCalendar,
  isWorkingDay,
  officialDay,
  workingDaysElapsed,
  workingDaysInMonth,
  workingDaysRemaining,
} from "../../src/domain/working-days.ts";

const monSat: Policy = DEFAULT_POLICY;
const monFri: Policy = { ...DEFAULT_POLICY, workingDays: [1, 2, 3, 4, 5] };
const official: Policy = { ...DEFAULT_POLICY, officialHolidaysOff: true };
const officialMonFri: Policy = { ...monFri, officialHolidaysOff: true };

describe("working days: weekly pattern (unit)", () => {
  it("defaults to Monday–Saturday", () => {
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
    expect(officialDay("2026-10-01")).toBe("holiday"); // National Day
    expect(officialDay("2026-10-07")).toBe("holiday");
    expect(officialDay("2026-10-08")).toBeNull();
    expect(officialDay("2026-09-20")).toBe("makeup"); // Sunday worked for National Day
    expect(officialDay("2026-10-10")).toBe("makeup"); // Saturday
    expect(officialDay("2026-02-17")).toBe("holiday"); // Spring Festival
    expect(officialDay("2025-01-26")).toBe("makeup"); // Sunday worked for Spring Festival 2025
    expect(officialDay("2026-03-10")).toBeNull();
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
