// Calendar-date arithmetic on `YYYY-MM-DD` strings. Dates carry no time zone: they are days in the
// organisation's zone, computed once from an instant with `localDateOf`.
import type { LocalDate } from "./types.ts";

const DAY_MS = 86_400_000;

export function toDate(d: LocalDate): Date {
  return new Date(`${d}T00:00:00Z`);
}

export function fromDate(d: Date): LocalDate {
  return d.toISOString().slice(0, 10);
}

export function ymd(year: number, month: number, day: number): LocalDate {
  return `${String(year).padStart(4, "0")}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

export function parts(d: LocalDate): { year: number; month: number; day: number } {
  return { year: Number(d.slice(0, 4)), month: Number(d.slice(5, 7)), day: Number(d.slice(8, 10)) };
}

export function addDays(d: LocalDate, n: number): LocalDate {
  return fromDate(new Date(toDate(d).getTime() + n * DAY_MS));
}

/** Whole days from `a` to `b` (positive when b is later). */
export function daysBetween(a: LocalDate, b: LocalDate): number {
  return Math.round((toDate(b).getTime() - toDate(a).getTime()) / DAY_MS);
}

/** ISO weekday: 1 = Monday … 7 = Sunday. */
export function isoWeekday(d: LocalDate): number {
  const w = toDate(d).getUTCDay();
  return w === 0 ? 7 : w;
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** `YYYY-MM` of a date. */
export function monthOf(d: LocalDate): string {
  return d.slice(0, 7);
}

export function monthBounds(month: string): { first: LocalDate; last: LocalDate } {
  const { year, month: m } = parts(`${month}-01`);
  return { first: ymd(year, m, 1), last: ymd(year, m, daysInMonth(year, m)) };
}

export function isValidDate(d: string): d is LocalDate {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(d)) return false;
  const { year, month, day } = parts(d);
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

/** The calendar date of an instant in a time zone (e.g. Asia/Shanghai). */
export function localDateOf(instant: number | Date, timeZone: string): LocalDate {
  const f = new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" });
  return f.format(instant);
}

/** Local wall-clock `HH:MM` of an instant in a time zone. */
export function localTimeOf(instant: number | Date, timeZone: string): string {
  const f = new Intl.DateTimeFormat("en-GB", { timeZone, hour: "2-digit", minute: "2-digit", hourCycle: "h23" });
  return f.format(instant);
}

/** ISO week label `YYYY-Www` of a date (weeks start on Monday). */
export function isoWeekOf(d: LocalDate): string {
  const thursday = addDays(d, 4 - isoWeekday(d));
  const year = parts(thursday).year;
  const week = Math.floor(daysBetween(ymd(year, 1, 1), thursday) / 7) + 1;
  return `${year}-W${String(week).padStart(2, "0")}`;
}

/** Offset of a time zone from UTC at an instant, in ms (Asia/Shanghai: +8 h). */
function zoneOffsetMs(instant: number, timeZone: string): number {
  const f = new Intl.DateTimeFormat("en-US", {
    timeZone,
    hourCycle: "h23",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
  });
  const p = Object.fromEntries(f.formatToParts(instant).map((x) => [x.type, x.value]));
  const asUtc = Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day), Number(p.hour), Number(p.minute), Number(p.second));
  return asUtc - Math.floor(instant / 1000) * 1000;
}

/** The instant of a local wall-clock date and `HH:MM` in a time zone (the quick-log form's "when"). */
export function instantOf(date: LocalDate, time: string, timeZone: string): number {
  const { year, month, day } = parts(date);
  const [hh, mm] = time.split(":").map(Number) as [number, number];
  const wall = Date.UTC(year, month - 1, day, hh, mm);
  const first = wall - zoneOffsetMs(wall, timeZone);
  // Across a DST change the offset at the guess differs from the offset at the answer: correct once.
  return wall - zoneOffsetMs(first, timeZone);
}
