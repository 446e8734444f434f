// The official Chinese lunar calendar (农历, GB/T 33661-2017), as tyme4ts computes it: a table-corrected
// library that matches the published calendar for 1901–2100. Never Intl's `chinese` calendar: its
// astronomical approximation is a day off in some years (e.g. Spring Festival 2027 and 2030).
// The library's years are compiled into tables.ts (`npm run calendar-tables`) to keep the Worker small;
// a test checks every year against the library. Pure: every function takes the date it reasons about.
import { addDays, daysBetween, isValidDate, parts, ymd } from "../dates.ts";
import type { LocalDate } from "../types.ts";
import { LUNAR_YEARS } from "./tables.ts";
import { LUNAR_TABLE_FIRST_YEAR, LUNAR_TABLE_LAST_YEAR, decodeLunarYear } from "./tables-codec.ts";

/** A day of the lunar calendar. `leap` marks a leap month (闰月): 2023 闰二月 is `{ month: 2, leap: true }`. */
export type LunarDate = { year: number; month: number; day: number; leap: boolean };

/** One month of a lunar year, in calendar order (a leap month follows the ordinary month of its number). */
export type LunarMonthInfo = { month: number; leap: boolean; days: 29 | 30; firstDay: LocalDate };

// Nothing outside 1901–2100 can be checked against a published table and a CRM never needs it; the
// margin keeps year±1 look-ups around those years working.
export const LUNAR_YEAR_MIN = LUNAR_TABLE_FIRST_YEAR;
export const LUNAR_YEAR_MAX = LUNAR_TABLE_LAST_YEAR;

// Digests ask for the same few years thousands of times; decoding once per year keeps it cheap.
// Bounded: at most LUNAR_YEAR_MAX - LUNAR_YEAR_MIN + 1 entries of 12–13 small objects.
const yearCache = new Map<number, readonly LunarMonthInfo[]>();

function checkYear(year: number): void {
  if (!Number.isInteger(year) || year < LUNAR_YEAR_MIN || year > LUNAR_YEAR_MAX) {
    throw new RangeError(`lunar year ${year} is outside ${LUNAR_YEAR_MIN}–${LUNAR_YEAR_MAX}`);
  }
}

/** The months of lunar year `year`, 12 or 13 of them (with the leap month), in order. */
export function lunarMonthsOf(year: number): readonly LunarMonthInfo[] {
  checkYear(year);
  let months = yearCache.get(year);
  if (!months) {
    const r = decodeLunarYear(LUNAR_YEARS, year);
    let firstDay = addDays(ymd(year, 1, 1), r.newYearOffset);
    // With a leap month L, the months run 1 … L, 闰L, L+1 … 12: from index L on, the number is the index.
    const afterLeap = (i: number) => r.leapMonth > 0 && i >= r.leapMonth;
    months = r.longMonths.map((long, i) => {
      const m: LunarMonthInfo = { month: afterLeap(i) ? i : i + 1, leap: afterLeap(i) && i === r.leapMonth, days: long ? 30 : 29, firstDay };
      firstDay = addDays(firstDay, m.days);
      return m;
    });
    yearCache.set(year, months);
  }
  return months;
}

function findMonth(year: number, month: number, leap: boolean): LunarMonthInfo | undefined {
  return lunarMonthsOf(year).find((m) => m.month === month && m.leap === leap);
}

/** Which month is doubled by a leap month (闰月) in lunar year `year`; 0 when the year has none. */
export function leapMonthOf(year: number): number {
  return lunarMonthsOf(year).find((m) => m.leap)?.month ?? 0;
}

/** Whether lunar year `year` has that month (a leap month exists only in its year). */
export function hasLunarMonth(year: number, month: number, leap = false): boolean {
  return findMonth(year, month, leap) !== undefined;
}

/** 29 or 30. Throws a RangeError when the year has no such month. */
export function lunarMonthDays(year: number, month: number, leap = false): 29 | 30 {
  const m = findMonth(year, month, leap);
  if (!m) throw new RangeError(`lunar year ${year} has no ${leap ? "leap " : ""}month ${month}`);
  return m.days;
}

/** The solar date of a lunar date. Throws a RangeError for a day the calendar does not have (e.g. 30 in a 29-day month). */
export function lunarToSolar(year: number, month: number, day: number, leap = false): LocalDate {
  const days = lunarMonthDays(year, month, leap);
  if (!Number.isInteger(day) || day < 1 || day > days) {
    throw new RangeError(`lunar ${year}/${leap ? "闰" : ""}${month} has no day ${day}`);
  }
  return addDays(findMonth(year, month, leap)!.firstDay, day - 1);
}

/**
 * Like lunarToSolar, but a day past the month's end means its last day: the 30th of a 29-day month
 * is the 29th. Festivals (除夕 as 12/30) and lunar birthdays on the 30th rely on this (R4–R6).
 */
export function lunarToSolarClamped(year: number, month: number, day: number, leap = false): LocalDate {
  const days = lunarMonthDays(year, month, leap);
  if (!Number.isInteger(day) || day < 1 || day > 30) {
    throw new RangeError(`no lunar day ${day}`);
  }
  return lunarToSolar(year, month, Math.min(day, days), leap);
}

/** The lunar date of a solar date. */
export function solarToLunar(date: LocalDate): LunarDate {
  if (!isValidDate(date)) throw new RangeError(`not a date: ${date}`);
  const { year } = parts(date);
  // Lunar year Y begins between Jan 21 and Feb 20 of solar year Y, so a solar date lies in lunar Y or Y-1.
  for (const ly of [year, year - 1]) {
    if (ly < LUNAR_YEAR_MIN || ly > LUNAR_YEAR_MAX) continue;
    const months = lunarMonthsOf(ly);
    for (let i = months.length - 1; i >= 0; i--) {
      const m = months[i]!;
      const offset = daysBetween(m.firstDay, date);
      if (offset >= 0) {
        if (offset >= m.days) break; // after the year's last month: belongs to lunar year ly+1
        return { year: ly, month: m.month, day: offset + 1, leap: m.leap };
      }
    }
  }
  throw new RangeError(`${date} is outside lunar years ${LUNAR_YEAR_MIN}–${LUNAR_YEAR_MAX}`);
}

/** Spring Festival (春节, lunar 1/1) of lunar year `year` (R5). */
export function lunarNewYear(year: number): LocalDate {
  return lunarToSolar(year, 1, 1);
}

