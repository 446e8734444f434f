// The rules every form and JSON body shares, as valibot pieces: free text without control
// characters, calendar dates that exist, instants with a zone, months and years the calendar tables
// cover, and how far from today a dated record may lie. Messages are i18n codes (`validation`); a
// schema without its own message gets one from the issue (src/http/validation.ts). Pure.
import * as v from "valibot";
import { daysBetween, isValidDate } from "./dates.ts";
import type { LocalDate } from "./types.ts";

// ---- text ------------------------------------------------------------------------------------

/**
 * C0 controls but tab, line feed and carriage return; DEL; C1 controls. A NUL or an escape in a
 * name reaches pages, e-mails and CSV exports; nothing a person types needs one.
 */
// oxlint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL_CHARS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;
/** Half a surrogate pair: JSON can carry one ("\ud800"), but it is no character and no store keeps it. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export function hasControlChars(s: string): boolean {
  return CONTROL_CHARS.test(s) || LONE_SURROGATE.test(s);
}

/** Every free-text field goes through this: a control character is refused, never stripped. */
export const noControlChars = v.check<string, "control_chars">((s) => !hasControlChars(s), "control_chars");

/** Not a string: "required" when nothing was given, "invalid" for a number, a list or an object. */
const stringExpected = (issue: v.StringIssue) => (issue.input === undefined || issue.input === null ? "required" : "invalid");

/** A string of free text (search terms, filters): no control characters, trimmed, at most `max`. */
export const text = (max: number) => v.pipe(v.string(stringExpected), noControlChars, v.trim(), v.maxLength(max, "too_long"));

/** Text that must be filled in. */
/** WGS 84 degrees, as browsers report positions and map apps show them. */
export const latitude = v.pipe(v.number("not_a_number"), v.minValue(-90, "out_of_range"), v.maxValue(90, "out_of_range"));
export const longitude = v.pipe(v.number("not_a_number"), v.minValue(-180, "out_of_range"), v.maxValue(180, "out_of_range"));

export const requiredText = (max: number) => v.pipe(text(max), v.minLength(1, "required"));

/** Text that may be left out (`undefined`: not given) or cleared (`null`, or blank: stored as null). */
export const optionalText = (max: number) =>
  v.optional(
    v.pipe(
      v.nullable(text(max)),
      v.transform((s) => (s ? s : null)),
    ),
  );

// ---- dates -----------------------------------------------------------------------------------

/**
 * Years any date may name: those of the official lunar tables (domain/calendar/lunar.ts), which
 * festivals and lunar birthdays are computed from. Nothing a rep records about living people falls
 * outside them, and `0000-01-01` or `9999-12-31` is a typo, not a date.
 */
const YEAR_MIN = 1901;
const YEAR_MAX = 2100;

function yearInRange(year: number): boolean {
  return Number.isInteger(year) && year >= YEAR_MIN && year <= YEAR_MAX;
}

/** `YYYY-MM-DD` of a day the calendar has (no 2026-02-30) in YEAR_MIN–YEAR_MAX. */
export function isCalendarDate(s: string): s is LocalDate {
  return isValidDate(s) && yearInRange(Number(s.slice(0, 4)));
}

/** A date field or parameter, `YYYY-MM-DD`. valibot's `isoDate` takes 2026-02-30; this does not. */
export const localDate = (code = "bad_date") => v.pipe(v.string(), v.trim(), v.check(isCalendarDate, code));

/**
 * An instant in ISO 8601 with its zone (`2026-11-30T10:00:00+08:00`, `…Z`). valibot's
 * `isoTimestamp` checks the shape only: `2026-11-31T10:00:00Z` would be stored as 1 December, and a
 * zone written `+08` is a shape JavaScript cannot read.
 */
export const isoInstant = v.pipe(
  v.string(),
  v.isoTimestamp("bad_time"),
  v.check((s) => isCalendarDate(s.slice(0, 10)) && Number.isFinite(Date.parse(s)), "bad_time"),
);

/** `HH:MM` on a 24-hour clock. */
export const TIME_OF_DAY = /^([01]\d|2[0-3]):[0-5]\d$/;

/** `YYYY-MM` in YEAR_MIN–YEAR_MAX (the month views and the progress API). */
export const monthParam = v.pipe(
  v.string(),
  v.regex(/^\d{4}-(0[1-9]|1[0-2])$/, "bad_month"),
  v.check((s) => yearInRange(Number(s.slice(0, 4))), "bad_month"),
);

/** A four-digit year in YEAR_MIN–YEAR_MAX, as a query parameter. */
export const yearParam = v.pipe(
  v.string(),
  v.regex(/^\d{4}$/, "bad_year"),
  v.transform(Number),
  v.check(yearInRange, "bad_year"),
);

// ---- how far from today ----------------------------------------------------------------------

type DateRange = { daysBack: number; daysAhead: number };

/**
 * Life events (R7, R8). Ahead: a wedding is announced months before, a planned operation weeks
 * before; a year covers both. Back: a rep may hear of a birth or a bereavement weeks late and
 * still record it for the profile; after a year no follow-up is left to do (the longest due is 60
 * days) and the fact belongs in the family notes.
 */
export const LIFE_EVENT_RANGE: DateRange = { daysBack: 366, daysAhead: 366 };

/** Which side of `range` around `today` the date falls on, or null when it is inside. */
export function outOfRange(date: LocalDate, today: LocalDate, range: DateRange): "before" | "after" | null {
  const days = daysBetween(today, date);
  if (days > range.daysAhead) return "after";
  if (days < -range.daysBack) return "before";
  return null;
}
