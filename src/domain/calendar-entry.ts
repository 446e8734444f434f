// An official working calendar year as an admin enters it (PUT /api/working-calendar, the paste box
// and the forms of /admin/calendar): its checks and the reading of pasted lines. Pure.
import * as v from "valibot";
import { addDays, parts } from "./dates.ts";
import { isCalendarDate, localDate } from "./fields.ts";
import type { LocalDate } from "./types.ts";

/** A year as stored: public holidays and make-up working days (调休), each date once, in order. */
export type CalendarEntry = { year: number; holidays: LocalDate[]; workdays: LocalDate[] };

const YEAR = v.pipe(v.number("bad_year"), v.integer("bad_year"), v.minValue(1901, "bad_year"), v.maxValue(2100, "bad_year"));
// A year has at most 366 days; anything longer is not a calendar.
const dates = v.pipe(v.array(localDate()), v.maxLength(366, "too_many"));

/** The API's body: the GET answer's shape (its `source` may be sent back and is ignored). */
export const CalendarEntrySchema = v.object({
  year: YEAR,
  source: v.optional(v.picklist(["built-in", "admin", "none"], "unknown_value")),
  holidays: dates,
  workdays: dates,
});

/**
 * What the schema cannot see: every date in the entry's year, none both a holiday and a workday.
 * Field paths as the API names them (`holidays.3`); codes are i18n keys.
 */
export function entryProblems(e: { year: number; holidays: readonly string[]; workdays: readonly string[] }): Record<string, string> {
  const fields: Record<string, string> = {};
  const holidays = new Set(e.holidays);
  e.holidays.forEach((d, i) => {
    if (parts(d).year !== e.year) fields[`holidays.${i}`] ??= "date_not_in_year";
  });
  e.workdays.forEach((d, i) => {
    if (parts(d).year !== e.year) fields[`workdays.${i}`] ??= "date_not_in_year";
    else if (holidays.has(d)) fields[`workdays.${i}`] ??= "holiday_and_workday";
  });
  return fields;
}

/** The entry tidied: each date once, in order. */
export function tidyEntry(e: CalendarEntry): CalendarEntry {
  const tidy = (xs: readonly LocalDate[]) => [...new Set(xs)].sort();
  return { year: e.year, holidays: tidy(e.holidays), workdays: tidy(e.workdays) };
}

// ---- pasted lines ----------------------------------------------------------------------------

export type PastedLineError = { line: number; text: string; code: "bad_line" | "bad_date" | "date_not_in_year" | "bad_range" | "holiday_and_workday" };

const HOLIDAY_WORDS = new Set(["holiday", "holidays", "off", "休", "放假", "假", "节假日"]);
const WORKDAY_WORDS = new Set(["workday", "workdays", "work", "makeup", "make-up", "班", "上班", "调休", "补班"]);

function kindOf(word: string): "holiday" | "workday" | null {
  const w = word.trim().toLowerCase().replace(/^\[|\]$|:$|：$/g, "");
  return HOLIDAY_WORDS.has(w) ? "holiday" : WORKDAY_WORDS.has(w) ? "workday" : null;
}

/**
 * Reads a pasted year: one date or range per line with its kind (`2027-01-01,holiday`,
 * `2027-10-01..2027-10-07 holiday`, `2027-09-26,workday`; 放假/休 and 上班/班 too), or sections: a line
 * `holidays:` / `[workdays]` (or 放假: / 上班:) and then bare dates and ranges. Blank lines and lines
 * starting with `#` are skipped. Every line that cannot be read is an error with its number, and
 * nothing is taken unless there are none.
 */
export function parseCalendarText(year: number, text: string): { entry: CalendarEntry; errors: PastedLineError[] } {
  const holidays: LocalDate[] = [];
  const workdays: LocalDate[] = [];
  const errors: PastedLineError[] = [];
  const lineOf = new Map<LocalDate, number>();
  let section: "holiday" | "workday" | null = null;
  text.split(/\r\n|\r|\n/).forEach((raw, i) => {
    const line = i + 1;
    const s = raw.trim();
    if (s === "" || s.startsWith("#")) return;
    const fail = (code: PastedLineError["code"]) => errors.push({ line, text: s.slice(0, 80), code });
    const cells = s.split(/\s*[,，\t;；]\s*|\s+/).filter(Boolean);
    if (cells.length === 1 && kindOf(cells[0]!) !== null) {
      section = kindOf(cells[0]!);
      return;
    }
    const kind = cells.length === 2 ? kindOf(cells[1]!) : cells.length === 1 ? section : null;
    if (kind === null) return fail("bad_line");
    const range = /^(\S+?)(?:\s*(?:\.\.|~|～|至|—)\s*(\S+))?$/.exec(cells[0]!);
    const from = range?.[1] ?? "";
    const to = range?.[2] ?? from;
    if (!isCalendarDate(from) || !isCalendarDate(to)) return fail("bad_date");
    if (to < from || addDays(from, 62) < to) return fail("bad_range");
    if (parts(from).year !== year || parts(to).year !== year) return fail("date_not_in_year");
    for (let d = from; d <= to; d = addDays(d, 1)) {
      (kind === "holiday" ? holidays : workdays).push(d);
      if (!lineOf.has(d)) lineOf.set(d, line);
    }
  });
  const entry = tidyEntry({ year, holidays, workdays });
  const off = new Set(entry.holidays);
  for (const d of entry.workdays) if (off.has(d)) errors.push({ line: lineOf.get(d) ?? 0, text: d, code: "holiday_and_workday" });
  return { entry, errors: errors.sort((a, b) => a.line - b.line) };
}
