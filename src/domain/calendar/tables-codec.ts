// The encoding of the generated calendar tables (tables.ts, written by `npm run calendar-tables`):
// one lunar year in five base-36 characters. Shared by the generator and the reader so the two agree.

export const LUNAR_TABLE_FIRST_YEAR = 1800;
export const LUNAR_TABLE_LAST_YEAR = 2300;
const WIDTH = 5;

/**
 * A lunar year: its first day as days after 1 January of the same solar year (春节 falls between
 * 21 January and 20 February), the month its leap month doubles (0: none), and for each month in
 * calendar order (a leap month after the ordinary month of its number) whether it has 30 days.
 */
export type LunarYearRecord = { newYearOffset: number; leapMonth: number; longMonths: boolean[] };

// Bits 0–12: long months; 13–16: leap month; 17–22: new-year offset.
export function encodeLunarYear(r: LunarYearRecord): string {
  if (r.longMonths.length !== (r.leapMonth ? 13 : 12) || r.newYearOffset < 0 || r.newYearOffset > 63) {
    throw new RangeError(`lunar year record out of range: ${JSON.stringify(r)}`);
  }
  const bits = r.longMonths.reduce((acc, long, i) => acc | (long ? 1 << i : 0), 0);
  return (bits | (r.leapMonth << 13) | (r.newYearOffset << 17)).toString(36).padStart(WIDTH, "0");
}

export function decodeLunarYear(table: string, year: number): LunarYearRecord {
  const i = (year - LUNAR_TABLE_FIRST_YEAR) * WIDTH;
  const v = parseInt(table.slice(i, i + WIDTH), 36);
  const leapMonth = (v >> 13) & 0xf;
  const longMonths = Array.from({ length: leapMonth ? 13 : 12 }, (_, m) => ((v >> m) & 1) === 1);
  return { newYearOffset: v >> 17, leapMonth, longMonths };
}
