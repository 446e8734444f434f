// Festivals placed on the solar calendar with their action windows (R4, R5). Pure.
import { addDays, daysInMonth, parts, ymd } from "../dates.ts";
import type { FestivalDef, FestivalOccurrence } from "../policy.ts";
import type { LocalDate } from "../types.ts";
import { LUNAR_YEAR_MAX, LUNAR_YEAR_MIN, lunarToSolarClamped } from "./lunar.ts";

/**
 * The solar date of a festival in `year`, or null when it cannot be placed (a year outside the
 * supported lunar range, or a malformed definition).
 * - Lunar: month/day of lunar year `year`, never in a leap month (festivals keep the ordinary month);
 *   day 30 in a 29-day month is its last day, so 除夕 is lunar 12/30 every year. A 12th-month
 *   festival (腊八 12/08, 除夕) belongs to the solar year it falls in: the 12th month of lunar year
 *   `year - 1`, which leads to the Spring Festival of `year` (除夕 2025 is 2025-01-28, not
 *   2026-02-16). 除夕 always falls in `year`; 腊八 does too, but for years whose Spring Festival
 *   comes by about 22 January, when it falls in the last days of December before (2023's 腊八 was
 *   2022-12-30): it still belongs to that Spring Festival, so every year has one of each.
 * - Solar: month/day of solar year `year`; a day past the month's end is its last day (Feb 29 → Feb 28).
 */
export function festivalDate(def: FestivalDef, year: number): LocalDate | null {
  const { month, day } = def;
  if (!Number.isInteger(year) || !Number.isInteger(month) || !Number.isInteger(day)) return null;
  if (month < 1 || month > 12 || day < 1) return null;
  if (def.calendar === "lunar") {
    const lunarYear = month === 12 ? year - 1 : year;
    if (day > 30 || lunarYear < LUNAR_YEAR_MIN || lunarYear > LUNAR_YEAR_MAX) return null;
    return lunarToSolarClamped(lunarYear, month, day, false);
  }
  if (day > 31 || year < 1 || year > 9999) return null;
  return ymd(year, month, Math.min(day, daysInMonth(year, month)));
}

/** The occurrence of one festival in `year` with its window and lead start, or null (see festivalDate). */
export function festivalOccurrence(def: FestivalDef, year: number): FestivalOccurrence | null {
  const date = festivalDate(def, year);
  if (date === null) return null;
  return {
    key: def.key,
    name: def.name,
    year,
    date,
    windowStart: addDays(date, -def.windowBefore),
    windowEnd: addDays(date, def.windowAfter),
    leadStart: addDays(date, -def.leadDays),
    actions: def.actions,
  };
}

function byDateThenKey(a: FestivalOccurrence, b: FestivalOccurrence): number {
  if (a.date !== b.date) return a.date < b.date ? -1 : 1;
  return a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
}

/**
 * The active festivals of `year` (the year each belongs to, see festivalDate), sorted by date, then
 * key.
 */
export function festivalsOfYear(defs: readonly FestivalDef[], year: number): FestivalOccurrence[] {
  const out: FestivalOccurrence[] = [];
  for (const def of defs) {
    if (!def.active) continue;
    const occ = festivalOccurrence(def, year);
    if (occ) out.push(occ);
  }
  return out.sort(byDateThenKey);
}

/**
 * The active festivals whose day falls in solar year `year` (GET /api/festivals): those of `year`,
 * and the rare one that belongs to a neighbouring year but falls in this one (a 腊八 in late
 * December, an admin's lunar 11th-month festival in January). Sorted by date, then key.
 */
export function festivalsInYear(defs: readonly FestivalDef[], year: number): FestivalOccurrence[] {
  return [year - 1, year, year + 1]
    .flatMap((y) => festivalsOfYear(defs, y))
    .filter((o) => parts(o.date).year === year)
    .sort(byDateThenKey);
}

/**
 * Active festival occurrences whose lead period or action window contains `date`: from the earlier
 * of leadStart and windowStart through windowEnd, inclusive. Looks at the festivals of years
 * date.year-1 … date.year+1, which covers lunar-12 festivals in January and windows that cross
 * New Year (Spring Festival's window starts 21 days early, often in January). Sorted by date, then key.
 */
export function festivalsAround(defs: readonly FestivalDef[], date: LocalDate): FestivalOccurrence[] {
  const { year } = parts(date);
  const out: FestivalOccurrence[] = [];
  for (const def of defs) {
    if (!def.active) continue;
    for (const y of [year - 1, year, year + 1]) {
      const occ = festivalOccurrence(def, y);
      if (!occ) continue;
      const from = occ.leadStart < occ.windowStart ? occ.leadStart : occ.windowStart;
      if (from <= date && date <= occ.windowEnd) out.push(occ);
    }
  }
  return out.sort(byDateThenKey);
}
