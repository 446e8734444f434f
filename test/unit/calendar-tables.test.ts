// The compiled calendar tables (src/domain/calendar/tables.ts) against their source, tyme4ts:
// every lunar year the table holds and every day of the years with an official holiday table.
import { LegalHoliday, LunarYear, SolarDay } from "tyme4ts";
import { describe, expect, it } from "vitest";
import { LUNAR_YEAR_MAX, LUNAR_YEAR_MIN, lunarMonthsOf } from "../../src/domain/calendar/lunar.ts";
import { OFFICIAL_DAYS } from "../../src/domain/calendar/tables.ts";
import { decodeLunarYear, encodeLunarYear } from "../../src/domain/calendar/tables-codec.ts";
import { builtInDay } from "../../src/domain/working-days.ts";
import { addDays, ymd } from "../../src/domain/dates.ts";

const iso = (d: SolarDay) => ymd(d.getYear(), d.getMonth(), d.getDay());

describe("the compiled lunar table", () => {
  it("has every month of every year as tyme4ts computes it", () => {
    for (let year = LUNAR_YEAR_MIN; year <= LUNAR_YEAR_MAX; year++) {
      const expected = LunarYear.fromYear(year)
        .getMonths()
        .map((m) => ({ month: m.getMonth(), leap: m.isLeap(), days: m.getDayCount(), firstDay: iso(m.getFirstDay().getSolarDay()) }));
      expect(lunarMonthsOf(year), `lunar year ${year}`).toEqual(expected);
    }
  });

  it("round-trips a record, and refuses one it cannot hold", () => {
    const r = { newYearOffset: 50, leapMonth: 11, longMonths: [true, false, true, true, false, false, true, false, true, false, true, true, false] };
    expect(decodeLunarYear(encodeLunarYear(r), 1800)).toEqual(r);
    expect(() => encodeLunarYear({ ...r, leapMonth: 0 })).toThrow(RangeError);
    expect(() => encodeLunarYear({ ...r, newYearOffset: 64 })).toThrow(RangeError);
  });
});

describe("the compiled official holiday table", () => {
  // The corrections working-days.ts applies on top of the library (与周末连休 weekends).
  const corrected = new Set(["2023-12-30", "2023-12-31", "2024-06-08", "2024-06-09"]);
  const years = Object.keys(OFFICIAL_DAYS).map(Number);

  it("agrees with tyme4ts's LegalHoliday on every day from the year before its first to the year after its last", () => {
    const first = Math.min(...years) - 1;
    const last = Math.max(...years) + 1;
    let checked = 0;
    for (let d = ymd(first, 1, 1); d <= ymd(last, 12, 31); d = addDays(d, 1)) {
      const [y, m, day] = d.split("-").map(Number) as [number, number, number];
      const h = LegalHoliday.fromYmd(y, m, day);
      const expected = corrected.has(d) || h === null ? null : h.isWork() ? "makeup" : "holiday";
      expect(builtInDay(d), d).toBe(expected);
      checked++;
    }
    expect(checked).toBeGreaterThan(365 * 27);
  });
});
