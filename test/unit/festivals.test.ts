import { describe, expect, it } from "vitest";
import { festivalDate, festivalOccurrence, festivalsAround, festivalsInYear, festivalsOfYear } from "../../src/domain/calendar/festivals.ts";
import { addDays } from "../../src/domain/dates.ts";
import { DEFAULT_FESTIVALS, type FestivalDef } from "../../src/domain/policy.ts";

const byKey = (key: string): FestivalDef => {
  const f = DEFAULT_FESTIVALS.find((d) => d.key === key);
  if (!f) throw new Error(key);
  return f;
};
const spring = byKey("spring_festival");
const dragon = byKey("dragon_boat");
const midAutumn = byKey("mid_autumn");

const actions: FestivalDef["actions"] = { A: ["message"], B: ["message"], C: ["message"] };
function def(over: Partial<FestivalDef> & Pick<FestivalDef, "key" | "calendar" | "month" | "day">): FestivalDef {
  return { name: { "zh-CN": over.key, en: over.key }, windowBefore: 10, windowAfter: 2, leadDays: 10, actions, active: true, ...over };
}
/** 除夕: lunar 12/30, which is the 29th when the 12th month is short. */
const eve = def({ key: "new_year_eve", calendar: "lunar", month: 12, day: 30, windowBefore: 3, windowAfter: 0, leadDays: 3 });
/** 腊八: lunar 12/08. */
const laba = def({ key: "laba", calendar: "lunar", month: 12, day: 8, windowBefore: 3, windowAfter: 1, leadDays: 3 });

// Official dates (紫金山天文台 / Hong Kong Observatory tables).
// 1995: 五月 began 1995-05-29 (the new moon after the 1995-04-29 eclipse fell that day, Beijing time), so 端午 was 06-02.
const OFFICIAL_DRAGON_BOAT: Record<number, string> = {
  1995: "1995-06-02", 1996: "1996-06-20", 1997: "1997-06-09", 1998: "1998-05-30", 1999: "1999-06-18",
  2000: "2000-06-06", 2001: "2001-06-25", 2002: "2002-06-15", 2003: "2003-06-04", 2004: "2004-06-22",
  2005: "2005-06-11", 2006: "2006-05-31", 2007: "2007-06-19", 2008: "2008-06-08", 2009: "2009-05-28",
  2010: "2010-06-16", 2011: "2011-06-06", 2012: "2012-06-23", 2013: "2013-06-12", 2014: "2014-06-02",
  2015: "2015-06-20", 2016: "2016-06-09", 2017: "2017-05-30", 2018: "2018-06-18", 2019: "2019-06-07",
  2020: "2020-06-25", 2021: "2021-06-14", 2022: "2022-06-03", 2023: "2023-06-22", 2024: "2024-06-10",
  2025: "2025-05-31", 2026: "2026-06-19", 2027: "2027-06-09", 2028: "2028-05-28", 2029: "2029-06-16",
  2030: "2030-06-05",
};
const OFFICIAL_MID_AUTUMN: Record<number, string> = {
  1995: "1995-09-09", 1996: "1996-09-27", 1997: "1997-09-16", 1998: "1998-10-05", 1999: "1999-09-24",
  2000: "2000-09-12", 2001: "2001-10-01", 2002: "2002-09-21", 2003: "2003-09-11", 2004: "2004-09-28",
  2005: "2005-09-18", 2006: "2006-10-06", 2007: "2007-09-25", 2008: "2008-09-14", 2009: "2009-10-03",
  2010: "2010-09-22", 2011: "2011-09-12", 2012: "2012-09-30", 2013: "2013-09-19", 2014: "2014-09-08",
  2015: "2015-09-27", 2016: "2016-09-15", 2017: "2017-10-04", 2018: "2018-09-24", 2019: "2019-09-13",
  2020: "2020-10-01", 2021: "2021-09-21", 2022: "2022-09-10", 2023: "2023-09-29", 2024: "2024-09-17",
  2025: "2025-10-06", 2026: "2026-09-25", 2027: "2027-09-15", 2028: "2028-10-03", 2029: "2029-09-22",
  2030: "2030-09-12",
};
const OFFICIAL_SPRING: Record<number, string> = {
  1901: "1901-02-19", 1920: "1920-02-20", 1949: "1949-01-29", 1954: "1954-02-03", 1966: "1966-01-21",
  1985: "1985-02-20", 2000: "2000-02-05", 2024: "2024-02-10", 2025: "2025-01-29", 2026: "2026-02-17",
  2027: "2027-02-06", 2030: "2030-02-03", 2033: "2033-01-31", 2050: "2050-01-23", 2100: "2100-02-09",
};

describe("festival dates (unit)", () => {
  it("2026: Spring Festival 02-17, Dragon Boat 06-19, Mid-Autumn 09-25", () => {
    expect(festivalDate(spring, 2026)).toBe("2026-02-17");
    expect(festivalDate(dragon, 2026)).toBe("2026-06-19");
    expect(festivalDate(midAutumn, 2026)).toBe("2026-09-25");
  });

  it("Spring Festival matches the official calendar 1901–2100", () => {
    for (const [y, d] of Object.entries(OFFICIAL_SPRING)) expect([y, festivalDate(spring, Number(y))]).toEqual([y, d]);
  });

  it("Dragon Boat matches the official calendar 1995–2030", () => {
    for (const [y, d] of Object.entries(OFFICIAL_DRAGON_BOAT)) expect([y, festivalDate(dragon, Number(y))]).toEqual([y, d]);
  });

  it("Mid-Autumn matches the official calendar 1995–2030 (incl. 1995, whose 闰八月 does not move it)", () => {
    for (const [y, d] of Object.entries(OFFICIAL_MID_AUTUMN)) expect([y, festivalDate(midAutumn, Number(y))]).toEqual([y, d]);
  });

  it("a lunar festival falls in the ordinary month, never the leap month of the same number", () => {
    // 2025 has 闰六月 (from 07-25): lunar 6/15 is 2025-07-09, not 08-08.
    expect(festivalDate(def({ key: "half_year", calendar: "lunar", month: 6, day: 15 }), 2025)).toBe("2025-07-09");
    // 2023 has 闰二月 (from 03-22): 龙抬头 (2/2) is 2023-02-21.
    expect(festivalDate(def({ key: "dragon_head", calendar: "lunar", month: 2, day: 2 }), 2023)).toBe("2023-02-21");
    // 2020 has 闰四月 (from 05-23): 4/8 is 2020-04-30.
    expect(festivalDate(def({ key: "buddha", calendar: "lunar", month: 4, day: 8 }), 2020)).toBe("2020-04-30");
  });

  it("lunar 12/30 (除夕) is the 12th month's last day: the 29th in a short year", () => {
    // Lunar 2024's 12th month has 29 days (no 年三十 in 2025): the eve of 2025 is 12/29 = 2025-01-28.
    expect(festivalDate(eve, 2025)).toBe("2025-01-28");
    expect(festivalDate(eve, 2024)).toBe("2024-02-09"); // a 30-day 12th month: 12/30
    expect(festivalDate(eve, 2026)).toBe("2026-02-16");
    // Always the day before the Spring Festival of the same year, whatever the month's length.
    for (let y = 1901; y <= 2100; y++) {
      expect([y, festivalDate(eve, y)]).toEqual([y, addDays(festivalDate(spring, y)!, -1)]);
    }
  });

  it("a 12th-month festival belongs to the solar year it falls in (the Spring Festival it leads to)", () => {
    expect(festivalDate(laba, 2025)).toBe("2025-01-07");
    expect(festivalDate(eve, 2025)).toBe("2025-01-28");
    expect(festivalsOfYear([spring, eve, laba], 2025).map((o) => [o.key, o.year, o.date])).toEqual([
      ["laba", 2025, "2025-01-07"],
      ["new_year_eve", 2025, "2025-01-28"],
      ["spring_festival", 2025, "2025-01-29"],
    ]);
    // 除夕 always falls in its year; 腊八 does unless the Spring Festival comes by about 22 January.
    for (let y = 1902; y <= 2100; y++) {
      expect([y, festivalDate(eve, y)!.slice(0, 4)]).toEqual([y, String(y)]);
      const labaYear = Number(festivalDate(laba, y)!.slice(0, 4));
      expect([y, labaYear === y || (labaYear === y - 1 && festivalDate(spring, y)! <= `${y}-01-23`)]).toEqual([y, true]);
    }
  });

  it("lists a festival by the solar year its day falls in (GET /api/festivals)", () => {
    // Spring Festival 2023 was 2023-01-22: its 腊八 fell on 2022-12-30, so 2022 has two and 2023 none.
    expect(festivalDate(laba, 2023)).toBe("2022-12-30");
    expect(festivalsInYear([laba], 2022).map((o) => [o.year, o.date])).toEqual([
      [2022, "2022-01-10"],
      [2023, "2022-12-30"],
    ]);
    expect(festivalsInYear([laba], 2023)).toEqual([]);
    expect(festivalsInYear([spring, eve, laba], 2025).map((o) => o.date)).toEqual(["2025-01-07", "2025-01-28", "2025-01-29"]);
  });

  it("solar festivals: month/day of the year; Feb 29 is Feb 28 in common years", () => {
    const national = def({ key: "national_day", calendar: "solar", month: 10, day: 1 });
    expect(festivalDate(national, 2026)).toBe("2026-10-01");
    const leapDay = def({ key: "leap_day", calendar: "solar", month: 2, day: 29 });
    expect(festivalDate(leapDay, 2024)).toBe("2024-02-29");
    expect(festivalDate(leapDay, 2025)).toBe("2025-02-28");
    expect(festivalDate(leapDay, 2000)).toBe("2000-02-29"); // divisible by 400
    expect(festivalDate(leapDay, 2100)).toBe("2100-02-28"); // divisible by 100 only
  });

  it("returns null for what cannot be placed", () => {
    expect(festivalDate(spring, 1700)).toBeNull();
    expect(festivalDate(spring, 2026.5)).toBeNull();
    expect(festivalDate(def({ key: "bad_month", calendar: "lunar", month: 13, day: 1 }), 2026)).toBeNull();
    expect(festivalDate(def({ key: "bad_day", calendar: "lunar", month: 1, day: 31 }), 2026)).toBeNull();
    expect(festivalDate(def({ key: "zero_day", calendar: "solar", month: 1, day: 0 }), 2026)).toBeNull();
  });

  it("an occurrence carries its window and lead start", () => {
    expect(festivalOccurrence(spring, 2026)).toEqual({
      key: "spring_festival",
      name: spring.name,
      year: 2026,
      date: "2026-02-17",
      windowStart: "2026-01-27", // 21 days before (R5)
      windowEnd: "2026-02-24", // 7 days after
      leadStart: "2026-01-27",
      actions: spring.actions,
    });
    const d = festivalOccurrence(dragon, 2026)!;
    expect([d.windowStart, d.windowEnd, d.leadStart]).toEqual(["2026-06-09", "2026-06-21", "2026-06-09"]);
  });
});

describe("festivalsOfYear (unit)", () => {
  it("lists the active festivals of a year in date order", () => {
    const list = festivalsOfYear(DEFAULT_FESTIVALS, 2026);
    expect(list.map((o) => [o.key, o.date, o.year])).toEqual([
      ["spring_festival", "2026-02-17", 2026],
      ["dragon_boat", "2026-06-19", 2026],
      ["mid_autumn", "2026-09-25", 2026],
    ]);
  });

  it("leaves out inactive festivals", () => {
    const defs = [...DEFAULT_FESTIVALS, def({ key: "qixi", calendar: "lunar", month: 7, day: 7, active: false })];
    expect(festivalsOfYear(defs, 2026).map((o) => o.key)).not.toContain("qixi");
    expect(festivalsOfYear([{ ...dragon, active: false }], 2026)).toEqual([]);
  });

  it("orders festivals on the same day by key, whatever the input order", () => {
    const b = def({ key: "b_day", calendar: "solar", month: 5, day: 1 });
    const a = def({ key: "a_day", calendar: "solar", month: 5, day: 1 });
    const z = def({ key: "z_day", calendar: "solar", month: 4, day: 30 });
    expect(festivalsOfYear([b, a, z], 2026).map((o) => o.key)).toEqual(["z_day", "a_day", "b_day"]);
  });

  it("a lunar-12 festival of year Y falls in January or February of Y, before that year's Spring Festival", () => {
    expect(festivalsOfYear([spring, eve], 2024).map((o) => [o.key, o.date])).toEqual([
      ["new_year_eve", "2024-02-09"],
      ["spring_festival", "2024-02-10"],
    ]);
  });
});

describe("festivalsAround (unit)", () => {
  const keysAround = (date: string, defs: readonly FestivalDef[] = DEFAULT_FESTIVALS) =>
    festivalsAround(defs, date).map((o) => `${o.key}@${o.year}`);

  it("includes the first and last day of the lead/window, excludes the days outside", () => {
    // Dragon Boat 2026-06-19: lead and window start 06-09, window ends 06-21.
    expect(keysAround("2026-06-08")).toEqual([]);
    expect(keysAround("2026-06-09")).toEqual(["dragon_boat@2026"]);
    expect(keysAround("2026-06-19")).toEqual(["dragon_boat@2026"]);
    expect(keysAround("2026-06-21")).toEqual(["dragon_boat@2026"]);
    expect(keysAround("2026-06-22")).toEqual([]);
    // Mid-Autumn 2026-09-25: 09-15 … 09-27.
    expect(keysAround("2026-09-14")).toEqual([]);
    expect(keysAround("2026-09-15")).toEqual(["mid_autumn@2026"]);
    expect(keysAround("2026-09-27")).toEqual(["mid_autumn@2026"]);
    expect(keysAround("2026-09-28")).toEqual([]);
  });

  it("Spring Festival's long window (21 before, 7 after) reaches back into January", () => {
    // 2025-01-29: 2025-01-08 … 2025-02-05.
    expect(keysAround("2025-01-07")).toEqual([]);
    expect(keysAround("2025-01-08")).toEqual(["spring_festival@2025"]);
    expect(keysAround("2025-02-05")).toEqual(["spring_festival@2025"]);
    expect(keysAround("2025-02-06")).toEqual([]);
  });

  it("finds a lunar-12 festival in January under the year it falls in", () => {
    // The eve of 2025 (lunar 2024's last day) is 2025-01-28 (lead from 01-25); Spring Festival 2025's lead has begun too.
    const around = festivalsAround([spring, eve], "2025-01-26");
    expect(around.map((o) => [o.key, o.year, o.date])).toEqual([
      ["new_year_eve", 2025, "2025-01-28"],
      ["spring_festival", 2025, "2025-01-29"],
    ]);
  });

  it("finds next year's festival when its lead starts in December", () => {
    const early = { ...spring, leadDays: 60 }; // Spring Festival 2026-02-17, lead from 2025-12-19
    expect(keysAround("2025-12-18", [early])).toEqual([]);
    expect(keysAround("2025-12-19", [early])).toEqual(["spring_festival@2026"]);
    expect(keysAround("2025-12-31", [early])).toEqual(["spring_festival@2026"]);
  });

  it("a window longer than the lead still counts: from the earlier of the two starts", () => {
    const shortLead = { ...dragon, leadDays: 3 }; // window from 06-09, lead from 06-16
    expect(keysAround("2026-06-09", [shortLead])).toEqual(["dragon_boat@2026"]);
    expect(keysAround("2026-06-08", [shortLead])).toEqual([]);
    const longLead = { ...dragon, leadDays: 20 }; // lead from 05-30, window from 06-09
    expect(keysAround("2026-05-30", [longLead])).toEqual(["dragon_boat@2026"]);
    expect(keysAround("2026-05-29", [longLead])).toEqual([]);
  });

  it("leaves out inactive festivals and sorts by date", () => {
    const national = def({ key: "national_day", calendar: "solar", month: 10, day: 1, leadDays: 10 });
    // 2025: Mid-Autumn is 10-06, National Day 10-01; both around 09-30.
    expect(keysAround("2025-09-30", [...DEFAULT_FESTIVALS, national])).toEqual(["national_day@2025", "mid_autumn@2025"]);
    expect(keysAround("2025-09-30", [{ ...midAutumn, active: false }, national])).toEqual(["national_day@2025"]);
  });
});
