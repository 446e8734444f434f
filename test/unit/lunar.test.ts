import { SolarDay } from "tyme4ts";
import { describe, expect, it } from "vitest";
import {
  LUNAR_YEAR_MAX,
  LUNAR_YEAR_MIN,
  hasLunarMonth,
  leapMonthOf,
  lunarMonthDays,
  lunarMonthsOf,
  lunarNewYear,
  lunarToSolar,
  lunarToSolarClamped,
  solarToLunar,
} from "../../src/domain/calendar/lunar.ts";
import { addDays, daysBetween, parts } from "../../src/domain/dates.ts";

// Spring Festival (春节, lunar 1/1) as published in the official calendar (紫金山天文台 / GB/T 33661-2017,
// the same dates as the Hong Kong Observatory tables), 1901–2060 and 2100.
const OFFICIAL_SPRING_FESTIVAL: Record<number, string> = Object.fromEntries(
  `1901-02-19 1902-02-08 1903-01-29 1904-02-16 1905-02-04 1906-01-25 1907-02-13 1908-02-02 1909-01-22
   1910-02-10 1911-01-30 1912-02-18 1913-02-06 1914-01-26 1915-02-14 1916-02-03 1917-01-23 1918-02-11
   1919-02-01 1920-02-20 1921-02-08 1922-01-28 1923-02-16 1924-02-05 1925-01-24 1926-02-13 1927-02-02
   1928-01-23 1929-02-10 1930-01-30 1931-02-17 1932-02-06 1933-01-26 1934-02-14 1935-02-04 1936-01-24
   1937-02-11 1938-01-31 1939-02-19 1940-02-08 1941-01-27 1942-02-15 1943-02-05 1944-01-25 1945-02-13
   1946-02-02 1947-01-22 1948-02-10 1949-01-29 1950-02-17 1951-02-06 1952-01-27 1953-02-14 1954-02-03
   1955-01-24 1956-02-12 1957-01-31 1958-02-18 1959-02-08 1960-01-28 1961-02-15 1962-02-05 1963-01-25
   1964-02-13 1965-02-02 1966-01-21 1967-02-09 1968-01-30 1969-02-17 1970-02-06 1971-01-27 1972-02-15
   1973-02-03 1974-01-23 1975-02-11 1976-01-31 1977-02-18 1978-02-07 1979-01-28 1980-02-16 1981-02-05
   1982-01-25 1983-02-13 1984-02-02 1985-02-20 1986-02-09 1987-01-29 1988-02-17 1989-02-06 1990-01-27
   1991-02-15 1992-02-04 1993-01-23 1994-02-10 1995-01-31 1996-02-19 1997-02-07 1998-01-28 1999-02-16
   2000-02-05 2001-01-24 2002-02-12 2003-02-01 2004-01-22 2005-02-09 2006-01-29 2007-02-18 2008-02-07
   2009-01-26 2010-02-14 2011-02-03 2012-01-23 2013-02-10 2014-01-31 2015-02-19 2016-02-08 2017-01-28
   2018-02-16 2019-02-05 2020-01-25 2021-02-12 2022-02-01 2023-01-22 2024-02-10 2025-01-29 2026-02-17
   2027-02-06 2028-01-26 2029-02-13 2030-02-03 2031-01-23 2032-02-11 2033-01-31 2034-02-19 2035-02-08
   2036-01-28 2037-02-15 2038-02-04 2039-01-24 2040-02-12 2041-02-01 2042-01-22 2043-02-10 2044-01-30
   2045-02-17 2046-02-06 2047-01-26 2048-02-14 2049-02-02 2050-01-23 2051-02-11 2052-02-01 2053-02-19
   2054-02-08 2055-01-28 2056-02-15 2057-02-04 2058-01-24 2059-02-12 2060-02-02 2100-02-09`
    .trim()
    .split(/\s+/)
    .map((d) => [Number(d.slice(0, 4)), d]),
);

// Leap months (闰月) of the official calendar. 2033's is the 11th (the "2033 problem", settled as 闰十一月).
const OFFICIAL_LEAP_MONTHS: Record<number, number> = {
  1984: 10, 1987: 6, 1990: 5, 1993: 3, 1995: 8, 1998: 5, 2001: 4, 2004: 2, 2006: 7, 2009: 5,
  2012: 4, 2014: 9, 2017: 6, 2020: 4, 2023: 2, 2025: 6, 2028: 5, 2031: 3, 2033: 11, 2036: 6,
};

/** tyme4ts's own solar→lunar conversion, to cross-check our month table against it. */
function tymeLunar(date: string): { year: number; month: number; day: number; leap: boolean } {
  const { year, month, day } = parts(date);
  const d = SolarDay.fromYmd(year, month, day).getLunarDay();
  const m = d.getLunarMonth();
  return { year: d.getYear(), month: m.getMonth(), day: d.getDay(), leap: m.isLeap() };
}

describe("lunar calendar (unit)", () => {
  it("places Spring Festival on the official date for every tabled year 1901–2100", () => {
    const years = Object.keys(OFFICIAL_SPRING_FESTIVAL).map(Number);
    expect(years.length).toBeGreaterThan(150);
    for (const y of years) expect([y, lunarNewYear(y)]).toEqual([y, OFFICIAL_SPRING_FESTIVAL[y]]);
  });

  it("includes the brief's reference years", () => {
    expect(lunarNewYear(1901)).toBe("1901-02-19");
    expect(lunarNewYear(1949)).toBe("1949-01-29");
    expect(lunarNewYear(1985)).toBe("1985-02-20");
    expect(lunarNewYear(2000)).toBe("2000-02-05");
    expect(lunarNewYear(2024)).toBe("2024-02-10");
    expect(lunarNewYear(2025)).toBe("2025-01-29");
    expect(lunarNewYear(2026)).toBe("2026-02-17");
    expect(lunarNewYear(2027)).toBe("2027-02-06");
    expect(lunarNewYear(2033)).toBe("2033-01-31");
    expect(lunarNewYear(2050)).toBe("2050-01-23");
    expect(lunarNewYear(2100)).toBe("2100-02-09");
  });

  it("knows the official leap months, and years without one", () => {
    for (const [y, m] of Object.entries(OFFICIAL_LEAP_MONTHS)) expect([y, leapMonthOf(Number(y))]).toEqual([y, m]);
    for (const y of [2019, 2021, 2022, 2024, 2026, 2027]) expect(leapMonthOf(y)).toBe(0);
  });

  it("places the leap months on their official dates", () => {
    expect(lunarToSolar(2023, 2, 1, true)).toBe("2023-03-22"); // 闰二月初一
    expect(lunarToSolar(2023, 2, 1)).toBe("2023-02-20"); // the ordinary 二月 comes first
    expect(lunarToSolar(2023, 3, 1)).toBe("2023-04-20");
    expect(lunarToSolar(2020, 4, 1, true)).toBe("2020-05-23"); // 闰四月初一
    expect(lunarToSolar(2025, 6, 1, true)).toBe("2025-07-25"); // 闰六月初一
    expect(lunarToSolar(2025, 6, 1)).toBe("2025-06-25");
    expect(lunarToSolar(2033, 11, 1, true)).toBe("2033-12-22"); // 闰十一月初一
    expect(lunarMonthDays(2023, 2, true)).toBe(29);
    expect(lunarMonthDays(2023, 2)).toBe(30);
    expect(lunarMonthDays(2025, 6, true)).toBe(29);
    expect(hasLunarMonth(2023, 2, true)).toBe(true);
    expect(hasLunarMonth(2024, 2, true)).toBe(false);
    expect(() => lunarToSolar(2024, 2, 1, true)).toThrow(RangeError);
  });

  it("converts solar dates inside leap months back to leap months", () => {
    expect(solarToLunar("2023-03-22")).toEqual({ year: 2023, month: 2, day: 1, leap: true });
    expect(solarToLunar("2023-04-19")).toEqual({ year: 2023, month: 2, day: 29, leap: true });
    expect(solarToLunar("2023-04-20")).toEqual({ year: 2023, month: 3, day: 1, leap: false });
    expect(solarToLunar("2025-08-22")).toEqual({ year: 2025, month: 6, day: 29, leap: true });
    expect(solarToLunar("2020-06-20")).toEqual({ year: 2020, month: 4, day: 29, leap: true });
  });

  it("converts across the solar new year to the right lunar year", () => {
    // Solar January before Spring Festival still belongs to the previous lunar year.
    expect(solarToLunar("2025-01-01")).toEqual({ year: 2024, month: 12, day: 2, leap: false });
    expect(solarToLunar("2025-01-28")).toEqual({ year: 2024, month: 12, day: 29, leap: false }); // 除夕
    expect(solarToLunar("2025-01-29")).toEqual({ year: 2025, month: 1, day: 1, leap: false });
    expect(solarToLunar("2024-12-31")).toEqual({ year: 2024, month: 12, day: 1, leap: false });
    expect(solarToLunar("2026-02-16")).toEqual({ year: 2025, month: 12, day: 29, leap: false });
  });

  it("rejects a 30th in a 29-day month, and clamps it to the 29th on request", () => {
    // Lunar 2024's 12th month has 29 days: Spring Festival eve 2025 is 12/29 (no 年三十 2025–2029).
    expect(lunarMonthDays(2024, 12)).toBe(29);
    expect(() => lunarToSolar(2024, 12, 30)).toThrow(RangeError);
    expect(lunarToSolarClamped(2024, 12, 30)).toBe("2025-01-28");
    expect(lunarToSolarClamped(2024, 12, 29)).toBe("2025-01-28");
    // A 30-day month is not clamped.
    expect(lunarMonthDays(2023, 12)).toBe(30);
    expect(lunarToSolarClamped(2023, 12, 30)).toBe("2024-02-09");
    expect(() => lunarToSolarClamped(2024, 12, 31)).toThrow(RangeError);
    expect(() => lunarToSolarClamped(2024, 12, 0)).toThrow(RangeError);
  });

  it("rejects months and years it does not have", () => {
    expect(() => lunarToSolar(2024, 13, 1)).toThrow(RangeError);
    expect(() => lunarToSolar(2024, 0, 1)).toThrow(RangeError);
    expect(() => lunarToSolar(LUNAR_YEAR_MIN - 1, 1, 1)).toThrow(RangeError);
    expect(() => lunarToSolar(LUNAR_YEAR_MAX + 1, 1, 1)).toThrow(RangeError);
    expect(() => lunarToSolar(2024.5, 1, 1)).toThrow(RangeError);
    expect(() => solarToLunar("2024-02-30")).toThrow(RangeError);
  });

  it("has contiguous months of 29 or 30 days, 12 or 13 a year, for 1900–2101", () => {
    let expectedFirst = lunarNewYear(1900);
    for (let y = 1900; y <= 2101; y++) {
      const months = lunarMonthsOf(y);
      expect(months.length).toBe(leapMonthOf(y) ? 13 : 12);
      expect(months.map((m) => m.month)).toEqual(
        [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12].flatMap((m) => (m === leapMonthOf(y) ? [m, m] : [m])),
      );
      for (const m of months) {
        expect(m.firstDay).toBe(expectedFirst);
        expect([29, 30]).toContain(m.days);
        expectedFirst = addDays(m.firstDay, m.days);
      }
      const total = months.reduce((n, m) => n + m.days, 0);
      expect(total === 353 || total === 354 || total === 355 || (total >= 383 && total <= 385)).toBe(true);
    }
  });

  it("round-trips every day of 1901–2100, and agrees with tyme4ts's own conversion", () => {
    let d = "1901-01-01";
    let n = 0;
    while (d <= "2100-12-31") {
      const l = solarToLunar(d);
      expect(lunarToSolar(l.year, l.month, l.day, l.leap)).toBe(d);
      // tyme4ts's conversion is slow (~0.1 ms); a prime stride still lands on every weekday and lunar day.
      if (n % 37 === 0) expect(l).toEqual(tymeLunar(d));
      d = addDays(d, 1);
      n++;
    }
    expect(n).toBe(daysBetween("1901-01-01", "2101-01-01"));
  });

  it("documents years where Intl's chinese calendar disagrees with the official one (do not use Intl)", () => {
    const fmt = new Intl.DateTimeFormat("en-u-ca-chinese", { timeZone: "UTC", month: "numeric", day: "numeric" });
    const intlMonthDay = (date: string) => {
      const p = fmt.formatToParts(new Date(`${date}T00:00:00Z`));
      return `${p.find((x) => x.type === "month")?.value}/${p.find((x) => x.type === "day")?.value}`;
    };
    const disagreements: number[] = [];
    for (let y = 1901; y <= 2100; y++) {
      if (intlMonthDay(lunarNewYear(y)) !== "1/1") disagreements.push(y);
    }
    // Found in workerd's ICU: 1954, 2027, 2030 (Intl says 1954-02-04, 2027-02-07, 2030-02-02).
    expect(disagreements.length).toBeGreaterThan(0);
    for (const y of disagreements) {
      expect(OFFICIAL_SPRING_FESTIVAL[y], `official date for ${y} must be tabled`).toBeDefined();
      expect(lunarNewYear(y)).toBe(OFFICIAL_SPRING_FESTIVAL[y]);
    }
    // 2027 is the one that matters to a CRM in use now: officially 2027-02-06, Intl says a day later.
    expect(lunarNewYear(2027)).toBe("2027-02-06");
  });
});
