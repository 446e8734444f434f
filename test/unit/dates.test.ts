import { describe, expect, it } from "vitest";
import {
  addDays,
  dayPartOf,
  daysBetween,
  daysInMonth,
  isValidDate,
  isoWeekOf,
  isoWeekday,
  localDateOf,
  localTimeOf,
  monthBounds,
} from "../../src/domain/dates.ts";

describe("dates (unit)", () => {
  it("adds days across month and year ends", () => {
    expect(addDays("2026-01-31", 1)).toBe("2026-02-01");
    expect(addDays("2024-02-28", 1)).toBe("2024-02-29");
    expect(addDays("2026-12-31", 1)).toBe("2027-01-01");
    expect(addDays("2026-03-01", -1)).toBe("2026-02-28");
    expect(daysBetween("2026-02-17", "2026-01-27")).toBe(-21);
  });

  it("knows weekdays and month lengths", () => {
    expect(isoWeekday("2026-11-27")).toBe(5); // a Friday
    expect(isoWeekday("2026-11-29")).toBe(7);
    expect(daysInMonth(2024, 2)).toBe(29);
    expect(daysInMonth(2100, 2)).toBe(28);
    expect(monthBounds("2026-02")).toEqual({ first: "2026-02-01", last: "2026-02-28" });
  });

  it("validates dates", () => {
    expect(isValidDate("2026-02-29")).toBe(false);
    expect(isValidDate("2024-02-29")).toBe(true);
    expect(isValidDate("2026-13-01")).toBe(false);
    expect(isValidDate("26-1-1")).toBe(false);
  });

  it("reads an instant in Shanghai time, where 23:30 UTC is already tomorrow", () => {
    const t = Date.UTC(2026, 10, 26, 16, 30); // 2026-11-27 00:30 in Shanghai
    expect(localDateOf(t, "Asia/Shanghai")).toBe("2026-11-27");
    expect(localTimeOf(t, "Asia/Shanghai")).toBe("00:30");
    expect(localDateOf(t, "UTC")).toBe("2026-11-26");
  });

  it("labels ISO weeks, including the week that straddles the new year", () => {
    expect(isoWeekOf("2026-11-23")).toBe("2026-W48");
    expect(isoWeekOf("2026-11-29")).toBe("2026-W48");
    expect(isoWeekOf("2027-01-01")).toBe("2026-W53");
    expect(isoWeekOf("2021-01-03")).toBe("2020-W53");
    expect(isoWeekOf("2024-12-30")).toBe("2025-W01");
  });
});

import { instantOf } from "../../src/domain/dates.ts";

describe("instantOf (unit)", () => {
  it("reads a wall-clock time in Shanghai", () => {
    expect(new Date(instantOf("2026-11-27", "09:30", "Asia/Shanghai")).toISOString()).toBe("2026-11-27T01:30:00.000Z");
    expect(new Date(instantOf("2026-11-27", "00:15", "Asia/Shanghai")).toISOString()).toBe("2026-11-26T16:15:00.000Z");
  });

  it("follows daylight saving where a zone has it", () => {
    expect(new Date(instantOf("2026-07-01", "12:00", "Europe/Berlin")).toISOString()).toBe("2026-07-01T10:00:00.000Z");
    expect(new Date(instantOf("2026-12-01", "12:00", "Europe/Berlin")).toISOString()).toBe("2026-12-01T11:00:00.000Z");
  });

  it("round-trips with localDateOf and localTimeOf", () => {
    const t = instantOf("2026-02-17", "23:59", "Asia/Shanghai");
    expect(localDateOf(t, "Asia/Shanghai")).toBe("2026-02-17");
    expect(localTimeOf(t, "Asia/Shanghai")).toBe("23:59");
  });
});

describe("day arithmetic without Date objects (unit)", () => {
  // The reference: the Date-based helpers these replaced.
  const viaDate = {
    addDays: (d: string, n: number) => new Date(new Date(`${d}T00:00:00Z`).getTime() + n * 86_400_000).toISOString().slice(0, 10),
    daysBetween: (a: string, b: string) => Math.round((new Date(`${b}T00:00:00Z`).getTime() - new Date(`${a}T00:00:00Z`).getTime()) / 86_400_000),
    isoWeekday: (d: string) => new Date(`${d}T00:00:00Z`).getUTCDay() || 7,
    daysInMonth: (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate(),
  };

  it("agrees with Date on every day from 1890 to 2110", () => {
    const wrong: string[] = [];
    let d = "1890-01-01";
    let checked = 0;
    while (d <= "2110-12-31") {
      const next = addDays(d, 1);
      if (next !== viaDate.addDays(d, 1) || isoWeekday(d) !== viaDate.isoWeekday(d)) wrong.push(d);
      checked++;
      d = next;
    }
    expect(wrong).toEqual([]);
    expect(checked).toBe(daysBetween("1890-01-01", "2110-12-31") + 1);
    expect(checked).toBe(viaDate.daysBetween("1890-01-01", "2110-12-31") + 1);
  });

  it("agrees with Date on long steps, both ways, and on month lengths", () => {
    for (const d of ["1900-02-28", "2000-02-29", "2024-12-31", "2026-11-27", "1970-01-01", "1969-12-31", "2399-03-01", "1600-02-29"]) {
      for (const n of [-146_097, -36_525, -366, -365, -60, -29, -1, 0, 1, 28, 59, 365, 366, 1461, 146_097, 1_000_000]) {
        expect(addDays(d, n)).toBe(viaDate.addDays(d, n));
        expect(daysBetween(d, addDays(d, n))).toBe(n);
      }
      expect(addDays(d, 0.5)).toBe(viaDate.addDays(d, 0.5));
      expect(addDays(d, -0.5)).toBe(viaDate.addDays(d, -0.5));
    }
    for (let y = 1896; y <= 2104; y++) for (let m = 1; m <= 12; m++) expect(daysInMonth(y, m)).toBe(viaDate.daysInMonth(y, m));
  });

  it("throws on a date it cannot read, as before", () => {
    expect(() => addDays("not a date", 1)).toThrow(RangeError);
  });
});

describe("time zone formats, built once per zone (unit)", () => {
  it("keeps zones apart when they alternate", () => {
    const t = Date.UTC(2026, 10, 26, 16, 30);
    for (let i = 0; i < 3; i++) {
      expect(localDateOf(t, "Asia/Shanghai")).toBe("2026-11-27");
      expect(localDateOf(t, "America/Los_Angeles")).toBe("2026-11-26");
      expect(localTimeOf(t, "Asia/Shanghai")).toBe("00:30");
      expect(localTimeOf(t, "America/Los_Angeles")).toBe("08:30");
      expect(new Date(instantOf("2026-11-27", "00:30", "Asia/Shanghai")).getTime()).toBe(t);
    }
  });

  it("rejects an unknown zone every time (nothing cached for it)", () => {
    expect(() => localDateOf(0, "Mars/Olympus_Mons")).toThrow(RangeError);
    expect(() => localDateOf(0, "Mars/Olympus_Mons")).toThrow(RangeError);
    expect(() => localTimeOf(0, "Mars/Olympus_Mons")).toThrow(RangeError);
  });
});

describe("the part of the day a greeting names (unit)", () => {
  it("says 早上 only in the morning: /today opened at 13:00 is 下午", () => {
    expect(["04:59", "05:00", "10:59", "11:00", "12:59", "13:00", "17:59", "18:00", "23:59", "00:00"].map(dayPartOf)).toEqual([
      "evening",
      "morning",
      "morning",
      "noon",
      "noon",
      "afternoon",
      "afternoon",
      "evening",
      "evening",
      "evening",
    ]);
  });
});
