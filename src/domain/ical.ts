// iCalendar (RFC 5545) text for the private calendar feed: all-day events only. Pure.
// The rules that bite in practice: content lines end in CRLF and are folded at 75 OCTETS (UTF-8
// bytes, not characters: a Chinese character is 3 of them, and a fold must never split one), and
// TEXT values escape backslash, semicolon, comma and newline (§3.3.11).
import { addDays } from "./dates.ts";
import type { LocalDate } from "./types.ts";

export type IcalEvent = {
  /** Stable across feeds, so a calendar app updates an event instead of adding a copy (see `icalUid`). */
  uid: string;
  /** An all-day event on this date (DTEND is the next day: DTEND is exclusive). */
  date: LocalDate;
  summary: string;
  description?: string;
  url?: string;
  categories?: readonly string[];
};

export type IcalCalendar = {
  prodId: string;
  name: string;
  /** IANA zone the dates are days of (X-WR-TIMEZONE); all-day dates themselves carry no zone. */
  timeZone: string;
  description?: string;
  /** Epoch ms, written as every event's DTSTAMP: when this feed was built. */
  stamp: number;
  /** How often clients should poll (RFC 7986 REFRESH-INTERVAL); omitted when unset. */
  refreshMinutes?: number;
  events: readonly IcalEvent[];
};

export const CRLF = "\r\n";
/** §3.1: lines SHOULD NOT be longer than 75 octets, excluding the line break. */
export const MAX_LINE_OCTETS = 75;

/** Stable UIDs: the same festival, birthday or follow-up keeps its UID in every fetch. */
export const icalUid = {
  festival: (key: string, year: number) => `festival-${key}-${year}@keqing`,
  festivalWindow: (key: string, year: number) => `festival-${key}-${year}-window@keqing`,
  birthday: (contactId: number, date: LocalDate) => `birthday-${contactId}-${date}@keqing`,
  followUp: (lifeEventId: number) => `followup-${lifeEventId}@keqing`,
};

/** A TEXT value (§3.3.11): `\` `;` `,` and line breaks escaped; other control characters are not allowed in TEXT, so dropped. */
export function escapeText(value: string): string {
  return value
    .replace(/\\/g, "\\\\")
    .replace(/;/g, "\\;")
    .replace(/,/g, "\\,")
    .replace(/\r\n|\r|\n/g, "\\n")
    // oxlint-disable-next-line no-control-regex -- RFC 5545 TEXT may not carry control characters (tab aside): strip them
    .replace(/[\u0000-\u0008\u000a-\u001f\u007f]/g, "");
}

/** A URI value is not TEXT (no escaping), but must not carry a control character or break the line. */
function uriValue(value: string): string {
  // oxlint-disable-next-line no-control-regex -- the point: drop controls and spaces from a URI
  return value.replace(/[\u0000-\u0020\u007f]/g, "");
}

/** UTF-8 length of one code point. A lone surrogate counts 3, as TextEncoder writes U+FFFD for it. */
function octets(codePoint: number): number {
  return codePoint < 0x80 ? 1 : codePoint < 0x800 ? 2 : codePoint < 0x10000 ? 3 : 4;
}

/**
 * Folds one content line (§3.1): at most 75 octets per physical line, continuation lines start
 * with one space (which counts toward their 75). Splits only between code points, so no
 * multi-byte character is ever cut; `for…of` walks code points, keeping surrogate pairs whole.
 */
export function foldLine(line: string): string {
  const out: string[] = [];
  let current = "";
  let size = 0;
  for (const ch of line) {
    const n = octets(ch.codePointAt(0)!);
    if (size + n > MAX_LINE_OCTETS) {
      out.push(current);
      current = " ";
      size = 1;
    }
    current += ch;
    size += n;
  }
  out.push(current);
  return out.join(CRLF);
}

/** `YYYYMMDD` (a DATE value). */
function dateValue(d: LocalDate): string {
  return d.replace(/-/g, "");
}

/** `YYYYMMDDTHHMMSSZ` (a DATE-TIME in UTC). */
function utcStamp(ms: number): string {
  return new Date(ms).toISOString().replace(/[-:]/g, "").replace(/\.\d{3}/, "");
}

function eventLines(e: IcalEvent, stamp: string): string[] {
  const lines = [
    "BEGIN:VEVENT",
    `UID:${escapeText(e.uid)}`,
    `DTSTAMP:${stamp}`,
    `DTSTART;VALUE=DATE:${dateValue(e.date)}`,
    `DTEND;VALUE=DATE:${dateValue(addDays(e.date, 1))}`,
    `SUMMARY:${escapeText(e.summary)}`,
  ];
  if (e.description) lines.push(`DESCRIPTION:${escapeText(e.description)}`);
  if (e.url) lines.push(`URL:${uriValue(e.url)}`);
  if (e.categories?.length) lines.push(`CATEGORIES:${e.categories.map(escapeText).join(",")}`);
  // Reminders, not appointments: they must not mark the day busy in the user's calendar.
  lines.push("TRANSP:TRANSPARENT", "END:VEVENT");
  return lines;
}

/**
 * The whole VCALENDAR document, CRLF line endings, every line folded. Events are written in date
 * order (then UID) so the same data always gives the same text; a repeated UID is written once, as
 * clients would otherwise drop or merge one of them unpredictably.
 */
export function buildCalendar(cal: IcalCalendar): string {
  const stamp = utcStamp(cal.stamp);
  const lines = [
    "BEGIN:VCALENDAR",
    "VERSION:2.0",
    `PRODID:${escapeText(cal.prodId)}`,
    "CALSCALE:GREGORIAN",
    "METHOD:PUBLISH",
    `X-WR-CALNAME:${escapeText(cal.name)}`,
    `X-WR-TIMEZONE:${escapeText(cal.timeZone)}`,
  ];
  if (cal.description) lines.push(`X-WR-CALDESC:${escapeText(cal.description)}`);
  if (cal.refreshMinutes) {
    lines.push(`REFRESH-INTERVAL;VALUE=DURATION:PT${cal.refreshMinutes}M`, `X-PUBLISHED-TTL:PT${cal.refreshMinutes}M`);
  }
  const seen = new Set<string>();
  const events = [...cal.events].sort((a, b) => (a.date !== b.date ? (a.date < b.date ? -1 : 1) : a.uid < b.uid ? -1 : a.uid > b.uid ? 1 : 0));
  for (const e of events) {
    if (seen.has(e.uid)) continue;
    seen.add(e.uid);
    lines.push(...eventLines(e, stamp));
  }
  lines.push("END:VCALENDAR");
  return lines.map(foldLine).join(CRLF) + CRLF;
}
