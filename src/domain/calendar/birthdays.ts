// On which solar dates a contact celebrates a birthday kept in the solar or the lunar calendar (R6). Pure.
import { addDays, daysInMonth, isValidDate, parts, ymd } from "../dates.ts";
import type { BirthdayCalendar, LocalDate } from "../types.ts";
import { LUNAR_YEAR_MAX, LUNAR_YEAR_MIN, hasLunarMonth, lunarMonthDays, lunarToSolarClamped, solarToLunar } from "./lunar.ts";

/** A birthday as the contact keeps it; `leapMonth` means born in a lunar leap month (闰月). */
export type Birthday = { calendar: BirthdayCalendar; month: number; day: number; leapMonth: boolean };

/** Month 1–12, day 1–30 (lunar) or 1–31 (solar), whole numbers. */
export function isValidBirthday(b: Birthday): boolean {
  return (
    Number.isInteger(b.month) &&
    Number.isInteger(b.day) &&
    b.month >= 1 &&
    b.month <= 12 &&
    b.day >= 1 &&
    b.day <= (b.calendar === "lunar" ? 30 : 31)
  );
}

/**
 * Whether a birth date exists. Without the year, any day some year has: solar Feb 29 (celebrated on
 * the 28th in common years), a lunar 30th (the 29th in short months), never a solar 2/30 or 4/31.
 * With the year (for a lunar birthday, the lunar year, as the CSV import reads it): Feb 29 only in
 * a leap year, a lunar leap month only in a year that has it, a lunar 30th only in a 30-day month.
 */
export function birthDateProblem(b: Birthday, year: number | null): "no_such_day" | "no_leap_month" | null {
  if (!isValidBirthday(b)) return "no_such_day";
  if (b.calendar === "solar") return isValidDate(ymd(year ?? 2000, b.month, b.day)) ? null : "no_such_day";
  if (year === null || !Number.isInteger(year) || year < LUNAR_YEAR_MIN || year > LUNAR_YEAR_MAX) return null;
  if (b.leapMonth && !hasLunarMonth(year, b.month, true)) return "no_leap_month";
  return b.day > lunarMonthDays(year, b.month, b.leapMonth) ? "no_such_day" : null;
}

/** A contact's birthday columns as stored: all or nothing, but read one by one. */
export type BirthdayFields = {
  birthdayCalendar: BirthdayCalendar | null;
  birthdayMonth: number | null;
  birthdayDay: number | null;
  birthdayLeapMonth: boolean;
};

/** The stored birthday, or null when any part is missing. */
export function birthdayOf(r: BirthdayFields): Birthday | null {
  return r.birthdayCalendar && r.birthdayMonth !== null && r.birthdayDay !== null
    ? { calendar: r.birthdayCalendar, month: r.birthdayMonth, day: r.birthdayDay, leapMonth: r.birthdayLeapMonth }
    : null;
}

/**
 * A birthday is all or nothing (R6): a calendar with month and day, or none. Checked on the merged
 * record, so a PATCH of the day alone is checked against the stored month and birth year. The date
 * must exist (birthDateProblem): never a solar 2/30 or 4/31; Feb 29 or a lunar 30th only in a
 * birth year that has it, or with no year given. Field name → error code (i18n `validation`).
 */
export function birthdayErrors(b: BirthdayFields & { birthYear: number | null }): Record<string, string> {
  const errors: Record<string, string> = {};
  if (b.birthdayCalendar === null) {
    if (b.birthdayMonth !== null || b.birthdayDay !== null) errors.birthdayCalendar = "required";
    if (b.birthdayLeapMonth) errors.birthdayLeapMonth = "leap_lunar_only";
    return errors;
  }
  if (b.birthdayMonth === null) errors.birthdayMonth = "required";
  if (b.birthdayDay === null) errors.birthdayDay = "required";
  if (b.birthdayCalendar === "solar" && b.birthdayLeapMonth) errors.birthdayLeapMonth = "leap_lunar_only";
  if (b.birthdayMonth !== null && b.birthdayDay !== null) {
    const birthday = { calendar: b.birthdayCalendar, month: b.birthdayMonth, day: b.birthdayDay, leapMonth: b.birthdayLeapMonth && b.birthdayCalendar === "lunar" };
    const problem = birthDateProblem(birthday, b.birthYear);
    if (problem === "no_leap_month") errors.birthdayLeapMonth ??= problem;
    else if (problem) errors.birthdayDay = problem;
  }
  return errors;
}

function check(b: Birthday): void {
  if (!isValidBirthday(b)) throw new RangeError(`invalid ${b.calendar} birthday ${b.month}/${b.day}`);
}

/**
 * The solar date of a lunar birthday in lunar year `lunarYear`.
 * - Born in a leap month (闰月): celebrated in the leap month in years that have that same leap
 *   month, otherwise in the ordinary month of that number (the common custom; a leap month recurs
 *   only every few decades, and nobody waits that long for a birthday).
 * - Born in an ordinary month: always the ordinary month, even in a year whose leap month repeats it.
 * - The 30th in a 29-day month: the month's last day, the 29th.
 */
export function lunarBirthdayInYear(b: Birthday, lunarYear: number): LocalDate {
  check(b);
  if (b.calendar !== "lunar") throw new RangeError("not a lunar birthday");
  const leap = b.leapMonth && hasLunarMonth(lunarYear, b.month, true);
  return lunarToSolarClamped(lunarYear, b.month, b.day, leap);
}

/** The solar date of a solar birthday in `year`; a day past the month's end is its last day (Feb 29 → Feb 28). */
export function solarBirthdayInYear(b: Birthday, year: number): LocalDate {
  check(b);
  if (b.calendar !== "solar") throw new RangeError("not a solar birthday");
  return ymd(year, b.month, Math.min(b.day, daysInMonth(year, b.month)));
}

/**
 * Every solar date in [from, to] (inclusive) on which the contact celebrates a birthday, ascending.
 * A lunar year straddles two solar years, so the candidates come from lunar years from.year-1
 * through to.year (lunar 12/xx of lunar year Y-1 falls in Jan/Feb of solar year Y) and are filtered.
 * Years outside the supported lunar range are skipped.
 */
export function birthdaysBetween(b: Birthday, from: LocalDate, to: LocalDate): LocalDate[] {
  check(b);
  if (to < from) return [];
  const first = parts(from).year;
  const last = parts(to).year;
  const out: LocalDate[] = [];
  if (b.calendar === "solar") {
    for (let y = first; y <= last; y++) {
      const d = solarBirthdayInYear(b, y);
      if (from <= d && d <= to) out.push(d);
    }
    return out;
  }
  for (let y = Math.max(first - 1, LUNAR_YEAR_MIN); y <= Math.min(last, LUNAR_YEAR_MAX); y++) {
    const d = lunarBirthdayInYear(b, y);
    if (from <= d && d <= to) out.push(d);
  }
  return out;
}

/** The first birthday on or after `onOrAfter`. */
export function nextBirthday(b: Birthday, onOrAfter: LocalDate): LocalDate {
  // Consecutive lunar birthdays are at most ~415 days apart (a leap-month birthday can move by a
  // month); 800 days always hold the next one.
  const found = birthdaysBetween(b, onOrAfter, addDays(onOrAfter, 800))[0];
  if (found === undefined) throw new RangeError(`no birthday after ${onOrAfter} in the supported range`);
  return found;
}

/** The last birthday on or before `onOrBefore`. */
export function previousBirthday(b: Birthday, onOrBefore: LocalDate): LocalDate {
  const found = birthdaysBetween(b, addDays(onOrBefore, -800), onOrBefore).at(-1);
  if (found === undefined) throw new RangeError(`no birthday before ${onOrBefore} in the supported range`);
  return found;
}

/**
 * `month * 100 + day` keys of the birthdays celebrated in [from, to], per calendar: a superset the
 * domain (follow-ups.ts) then places exactly, for a select to match stored birthdays against. A day
 * at a month's end also takes the later days that clamp onto it (Feb 29 on Feb 28, lunar 30 on a
 * 29-day month's 29th). Lunar leap months give the key of their month number: born in 闰四月 or in
 * 四月 both read as month 4 here.
 */
export function birthdayKeys(from: LocalDate, to: LocalDate): { solar: number[]; lunar: number[] } {
  const solar = new Set<number>();
  const lunar = new Set<number>();
  for (let d = from; d <= to; d = addDays(d, 1)) {
    const { year, month, day } = parts(d);
    const last = daysInMonth(year, month);
    for (let k = day; k <= (day === last ? 31 : day); k++) solar.add(month * 100 + k);
    if (year <= LUNAR_YEAR_MIN || year > LUNAR_YEAR_MAX) continue; // solarToLunar looks at year − 1 too
    const l = solarToLunar(d);
    const lastLunar = lunarMonthDays(l.year, l.month, l.leap);
    for (let k = l.day; k <= (l.day === lastLunar ? 30 : l.day); k++) lunar.add(l.month * 100 + k);
  }
  return { solar: [...solar], lunar: [...lunar] };
}
