// Working days (SPEC §3 "Pace, not only totals"): pace and "remaining working days" count only the
// days a rep works. Default Monday–Saturday; the admin may add non-working dates and switch on
// China's official public-holiday calendar (法定节假日 off, 调休 make-up days on).
import { LegalHoliday } from "tyme4ts";
import { addDays, isoWeekday, monthBounds, monthOf, parts } from "./dates.ts";
import type { Policy } from "./policy.ts";
import type { LocalDate } from "./types.ts";

/** The part of the policy that decides working days. */
export type WorkingDayPolicy = Pick<Policy, "workingDays" | "officialHolidaysOff" | "extraNonWorkingDates">;

/** A day's status in the official calendar: a public holiday, a make-up working day (调休), or neither. */
export type OfficialDay = "holiday" | "makeup" | null;

// tyme4ts 1.5.2's LegalHoliday table (the State Council's yearly notices) covers 2002 through 2026:
// its first rows are the make-up days of 2001-12-29/30 for New Year 2002, its last is the make-up
// Saturday 2026-10-10. Outside those years every lookup returns null, so `officialHolidaysOff` has
// no effect and only the weekly pattern applies; `hasOfficialCalendar` lets the admin page warn.
// Each lookup runs a regular expression over the whole table, hence the memo (bounded by the
// number of distinct dates asked about).
const officialMemo = new Map<LocalDate, OfficialDay>();

export function officialDay(date: LocalDate): OfficialDay {
  const memo = officialMemo.get(date);
  if (memo !== undefined) return memo;
  const { year, month, day } = parts(date);
  const h = LegalHoliday.fromYmd(year, month, day);
  const status: OfficialDay = h === null ? null : h.isWork() ? "makeup" : "holiday";
  officialMemo.set(date, status);
  return status;
}

/** Whether the installed table knows the official holidays of `year` (every year has New Year's Day off). */
export function hasOfficialCalendar(year: number): boolean {
  return officialDay(`${String(year).padStart(4, "0")}-01-01`) === "holiday";
}

/**
 * Precedence: an admin's extra non-working date always wins; then, with `officialHolidaysOff`,
 * the official calendar (a 调休 make-up day is worked even on a weekday the policy leaves free,
 * e.g. Sunday 2026-09-20); otherwise the weekly pattern.
 */
export function isWorkingDay(policy: WorkingDayPolicy, date: LocalDate): boolean {
  if (policy.extraNonWorkingDates.includes(date)) return false;
  if (policy.officialHolidaysOff) {
    const official = officialDay(date);
    if (official === "holiday") return false;
    if (official === "makeup") return true;
  }
  return policy.workingDays.includes(isoWeekday(date));
}

/** Working days from `from` to `to`, both inclusive; 0 when `to` is before `from`. */
export function countWorkingDays(policy: WorkingDayPolicy, from: LocalDate, to: LocalDate): number {
  let n = 0;
  for (let d = from; d <= to; d = addDays(d, 1)) if (isWorkingDay(policy, d)) n++;
  return n;
}

/** Working days in a month given as `YYYY-MM`. */
export function workingDaysInMonth(policy: WorkingDayPolicy, month: string): number {
  const { first, last } = monthBounds(month);
  return countWorkingDays(policy, first, last);
}

/** Working days of today's month from the 1st through today (today included when it is a working day). */
export function workingDaysElapsed(policy: WorkingDayPolicy, today: LocalDate): number {
  return countWorkingDays(policy, monthBounds(monthOf(today)).first, today);
}

/** Working days of today's month strictly after today. */
export function workingDaysRemaining(policy: WorkingDayPolicy, today: LocalDate): number {
  return countWorkingDays(policy, addDays(today, 1), monthBounds(monthOf(today)).last);
}
