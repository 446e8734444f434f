// Unit: the field rules every form and JSON body shares (src/domain/fields.ts).
import { describe, expect, it } from "vitest";
import * as v from "valibot";
import {
  hasControlChars,
  isCalendarDate,
  isoInstant,
  LIFE_EVENT_RANGE,
  localDate,
  monthParam,
  optionalText,
  outOfRange,
  requiredText,
  yearParam,
} from "../../src/domain/fields.ts";

const codes = (schema: v.GenericSchema, input: unknown) => {
  const r = v.safeParse(schema, input);
  return r.success ? [] : [...new Set(r.issues.map((i) => i.message))];
};

describe("free text (unit)", () => {
  it.each(["\u0000", "\u0007", "\u000b", "\u000c", "\u001b[31m", "\u007f", "\u0085", "\u009f", "\ud800", "x\udc00"])("refuses %j", (bad) => {
    expect(hasControlChars(`王${bad}芳`)).toBe(true);
    expect(codes(requiredText(20), `王${bad}芳`)).toEqual(["control_chars"]);
    expect(codes(optionalText(20), `王${bad}芳`)).toEqual(["control_chars"]);
  });

  it("takes tabs, line breaks, emoji and every script", () => {
    for (const ok of ["第一行\n第二行", "a\r\nb", "列\t值", "生日快乐🎂", "Ünïcødé", "\u00a0不换行空格"]) expect(hasControlChars(ok)).toBe(false);
  });

  it("says required for nothing, invalid for another type, and trims before measuring", () => {
    // A missing key is the object's issue: src/http/validation.ts names it "required".
    expect(codes(requiredText(5), null)).toEqual(["required"]);
    expect(codes(requiredText(5), 12)).toEqual(["invalid"]);
    expect(codes(requiredText(5), "   ")).toEqual(["required"]);
    expect(v.parse(requiredText(5), "  王芳  ")).toBe("王芳");
    expect(codes(requiredText(5), "王芳王芳王芳")).toEqual(["too_long"]);
    expect(v.parse(optionalText(5), "  ")).toBeNull();
  });
});

describe("dates (unit)", () => {
  it.each(["2026-02-30", "2026-04-31", "2027-02-29", "2100-02-29", "2026-13-01", "2026-00-10", "0000-01-01", "9999-12-31", "1900-12-31", "2101-01-01", "26-1-1", "2026-1-1"])(
    "refuses %s",
    (d) => {
      expect(isCalendarDate(d)).toBe(false);
      expect(codes(localDate(), d)).toEqual(["bad_date"]);
    },
  );

  it("takes real days of 1901–2100, Feb 29 of leap years included", () => {
    for (const d of ["1901-01-01", "2000-02-29", "2024-02-29", "2026-11-30", "2100-12-31"]) expect(isCalendarDate(d)).toBe(true);
    expect(v.parse(localDate(), " 2026-11-30 ")).toBe("2026-11-30");
  });

  it("refuses an instant on a day that does not exist, or with a zone JavaScript cannot read", () => {
    for (const bad of ["2026-11-31T10:00:00Z", "2027-02-29T08:00:00+08:00", "2026-11-30T10:00:00+08", "2026-11-30T24:00:00Z", "2026-11-30", "2026-11-30T10:00"]) {
      expect(codes(isoInstant, bad), bad).toEqual(["bad_time"]);
    }
    for (const ok of ["2026-11-30T10:00:00Z", "2026-11-30T10:00:00.123Z", "2026-11-30T10:00:00+08:00", "2026-11-30T10:00:00+0800", "2026-11-30 10:00:00Z"]) {
      expect(codes(isoInstant, ok), ok).toEqual([]);
    }
  });

  it("takes months and years the lunar tables cover", () => {
    expect(codes(monthParam, "1901-01")).toEqual([]);
    expect(codes(monthParam, "2100-12")).toEqual([]);
    for (const bad of ["1900-12", "2101-01", "2026-13", "2026-1", "x"]) expect(codes(monthParam, bad), bad).toEqual(["bad_month"]);
    expect(v.parse(yearParam, "2026")).toBe(2026);
    for (const bad of ["1900", "2101", "0000", "26", "x"]) expect(codes(yearParam, bad), bad).toEqual(["bad_year"]);
  });

  it("places a date before, inside or after a range around today", () => {
    const today = "2026-12-02";
    expect(outOfRange("2027-12-03", today, LIFE_EVENT_RANGE)).toBeNull(); // 366 days ahead
    expect(outOfRange("2027-12-04", today, LIFE_EVENT_RANGE)).toBe("after");
    expect(outOfRange("2025-12-01", today, LIFE_EVENT_RANGE)).toBeNull(); // 366 days back
    expect(outOfRange("2025-11-30", today, LIFE_EVENT_RANGE)).toBe("before");
    expect(outOfRange(today, today, { daysBack: 0, daysAhead: 0 })).toBeNull();
  });
});
