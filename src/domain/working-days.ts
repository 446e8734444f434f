// Working days (SPEC §3 "Pace, not only totals"): pace and "remaining working days" count only the
// days a rep works. Default Monday–Saturday with China's official public-holiday calendar (法定节假日
// off, 调休 make-up days on); the admin may add non-working dates, switch the official calendar off,
// and keep the official calendar itself year by year (/admin/calendar, working_calendar_* tables).
import { addDays, daysInMonth, isoWeekday, monthBounds, monthOf, parts, ymd } from "./dates.ts";
import type { Policy } from "./policy.ts";
import type { LocalDate } from "./types.ts";
import { OFFICIAL_DAYS } from "./calendar/tables.ts";

/** A day's status in the official calendar: a public holiday, a make-up working day (调休), or neither. */
export type OfficialDay = "holiday" | "makeup" | null;

/** Where a year's official calendar comes from: entered by an admin, the library's table, or nowhere. */
export type CalendarSource = "admin" | "built-in" | "none";

/**
 * The official calendar as the working-day rules read it: the years an admin entered (each replaces
 * the library's year whole), else the built-in table (tyme4ts's, compiled into calendar/tables.ts). Loaded with the policy (same statement,
 * db/queries/policy.ts), so it travels with the policy into every computation and stays pure data.
 */
export type WorkingCalendar = { readonly admin: ReadonlyMap<number, ReadonlyMap<LocalDate, "holiday" | "makeup">> };

/** No admin-entered year: the built-in table alone. */
export const BUILT_IN_CALENDAR: WorkingCalendar = { admin: new Map() };

/** The part of the policy that decides working days. */
export type WorkingDayPolicy = Pick<Policy, "workingDays" | "officialHolidaysOff" | "extraNonWorkingDates" | "calendar">;

/** A stored calendar row: an admin-entered year, with one of its days (null for a year entered without any). */
export type CalendarRow = { year: number; date: LocalDate | null; kind: "holiday" | "workday" | null };

export function workingCalendarOf(rows: readonly CalendarRow[]): WorkingCalendar {
  const admin = new Map<number, Map<LocalDate, "holiday" | "makeup">>();
  for (const r of rows) {
    let days = admin.get(r.year);
    if (!days) admin.set(r.year, (days = new Map()));
    if (r.date !== null && r.kind !== null) days.set(r.date, r.kind === "workday" ? "makeup" : "holiday");
  }
  return { admin };
}

// tyme4ts 1.5.2's LegalHoliday table (the State Council's yearly notices) covers 2002 through 2026:
// its first rows are the make-up days of 2001-12-29/30 for New Year 2002, its last is the make-up
// Saturday 2026-10-10. It marks every day of a break as a holiday, also the Saturday and Sunday a
// one-day holiday is merely "joined with" (与周末连休): those stay an ordinary weekend, worked or
// not as the weekly pattern says (a Monday–Saturday team works the Saturday).
const NOT_HOLIDAYS: ReadonlySet<LocalDate> = new Set([
  // 2024 notice: "元旦：1月1日放假，与周末连休" and "端午节：6月10日放假，与周末连休".
  "2023-12-30",
  "2023-12-31",
  "2024-06-08",
  "2024-06-09",
]);

// A year's days parsed once from the compact table (bounded by the 26 years it has).
const builtInYears = new Map<number, ReadonlyMap<LocalDate, "holiday" | "makeup">>();

function builtInYear(year: number): ReadonlyMap<LocalDate, "holiday" | "makeup"> {
  let days = builtInYears.get(year);
  if (!days) {
    const map = new Map<LocalDate, "holiday" | "makeup">();
    const row = OFFICIAL_DAYS[year] ?? "";
    for (let i = 0; i < row.length; i += 5) {
      const date = ymd(year, Number(row.slice(i, i + 2)), Number(row.slice(i + 2, i + 4)));
      if (!NOT_HOLIDAYS.has(date)) map.set(date, row[i + 4] === "w" ? "makeup" : "holiday");
    }
    builtInYears.set(year, (days = map));
  }
  return days;
}

/** The day in the built-in table (tyme4ts's, with the corrections above). */
export function builtInDay(date: LocalDate): OfficialDay {
  return builtInYear(parts(date).year).get(date) ?? null;
}

/** Whether the built-in table knows the official holidays of `year` (every year has New Year's Day off). */
export function hasOfficialCalendar(year: number): boolean {
  return builtInDay(ymd(year, 1, 1)) === "holiday";
}

export function calendarSource(calendar: WorkingCalendar, year: number): CalendarSource {
  if (calendar.admin.has(year)) return "admin";
  return hasOfficialCalendar(year) ? "built-in" : "none";
}

/** The day in the official calendar: an admin-entered year's own days, else the built-in table. */
export function officialDay(calendar: WorkingCalendar, date: LocalDate): OfficialDay {
  const year = calendar.admin.get(parts(date).year);
  return year ? (year.get(date) ?? null) : builtInDay(date);
}

/** One year of the official calendar, as the API and the admin page show it (dates sorted). */
export function calendarYear(calendar: WorkingCalendar, year: number): { source: CalendarSource; holidays: LocalDate[]; workdays: LocalDate[] } {
  const holidays: LocalDate[] = [];
  const workdays: LocalDate[] = [];
  for (let d = ymd(year, 1, 1); parts(d).year === year; d = addDays(d, 1)) {
    const status = officialDay(calendar, d);
    if (status === "holiday") holidays.push(d);
    else if (status === "makeup") workdays.push(d);
  }
  return { source: calendarSource(calendar, year), holidays, workdays };
}

/**
 * The year whose calendar is missing and should be entered now: from 1 November (`today` is the
 * organisation's local date), next year while it has no source. Null otherwise.
 */
export function missingNextYear(calendar: WorkingCalendar, today: LocalDate): number | null {
  const { year, month } = parts(today);
  return month >= 11 && calendarSource(calendar, year + 1) === "none" ? year + 1 : null;
}

/**
 * Precedence: an admin's extra non-working date always wins; then, with `officialHolidaysOff`,
 * the official calendar (a 调休 make-up day is worked whatever the weekday, even one the policy
 * leaves free, e.g. Sunday 2026-09-20); otherwise the weekly pattern.
 */
function decideWorkingDay(policy: WorkingDayPolicy, date: LocalDate): boolean {
  if (policy.extraNonWorkingDates.includes(date)) return false;
  if (policy.officialHolidaysOff) {
    const official = officialDay(policy.calendar, date);
    if (official === "holiday") return false;
    if (official === "makeup") return true;
  }
  return policy.workingDays.includes(isoWeekday(date));
}

// Pace counts working days per store stretch (issue 11's proration), so compose() asked for them
// hundreds of times per digest, walking day by day: in a profile of the 2,000-rep morning pass that
// walk was three quarters of compose()'s CPU (46 ms per digest). Each month is decided once per
// policy instead, as running totals: a count is a subtraction per month spanned.
type MonthTables = {
  /** The fields the tables were built from: a policy whose fields are replaced gets new tables. */
  from: Pick<WorkingDayPolicy, "workingDays" | "officialHolidaysOff" | "extraNonWorkingDates" | "calendar">;
  /** Per `year * 12 + month - 1`: [0, working days through day 1, through day 2, …]. */
  months: Map<number, Uint8Array>;
};
const tablesByPolicy = new WeakMap<WorkingDayPolicy, MonthTables>();

function monthTable(policy: WorkingDayPolicy, year: number, month: number): Uint8Array {
  let t = tablesByPolicy.get(policy);
  const f = t?.from;
  if (!t || f!.workingDays !== policy.workingDays || f!.officialHolidaysOff !== policy.officialHolidaysOff || f!.extraNonWorkingDates !== policy.extraNonWorkingDates || f!.calendar !== policy.calendar) {
    const { workingDays, officialHolidaysOff, extraNonWorkingDates, calendar } = policy;
    t = { from: { workingDays, officialHolidaysOff, extraNonWorkingDates, calendar }, months: new Map() };
    tablesByPolicy.set(policy, t);
  }
  const key = year * 12 + month - 1;
  let table = t.months.get(key);
  if (!table) {
    const days = daysInMonth(year, month);
    table = new Uint8Array(days + 1);
    for (let d = 1; d <= days; d++) table[d] = table[d - 1]! + (decideWorkingDay(policy, ymd(year, month, d)) ? 1 : 0);
    t.months.set(key, table);
  }
  return table;
}

export function isWorkingDay(policy: WorkingDayPolicy, date: LocalDate): boolean {
  const { year, month, day } = parts(date);
  const table = monthTable(policy, year, month);
  return table[day]! > table[day - 1]!;
}

/** Working days from `from` to `to`, both inclusive; 0 when `to` is before `from`. */
export function countWorkingDays(policy: WorkingDayPolicy, from: LocalDate, to: LocalDate): number {
  if (to < from) return 0;
  const a = parts(from);
  const b = parts(to);
  let n = 0;
  for (let y = a.year, m = a.month; y < b.year || (y === b.year && m <= b.month); m === 12 ? (y++, (m = 1)) : m++) {
    const table = monthTable(policy, y, m);
    const lo = y === a.year && m === a.month ? a.day : 1;
    const hi = y === b.year && m === b.month ? b.day : table.length - 1;
    n += table[hi]! - table[lo - 1]!;
  }
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
