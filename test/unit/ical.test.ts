import { describe, expect, it } from "vitest";
import { buildCalendar, escapeText, foldLine, icalUid, MAX_LINE_OCTETS, type IcalCalendar } from "../../src/domain/ical.ts";

const utf8 = new TextEncoder();
const octets = (s: string) => utf8.encode(s).length;

/** RFC 5545 §3.1 unfolding: a CRLF followed by one space or tab is removed. */
const unfold = (text: string) => text.replace(/\r\n[ \t]/g, "");

/** §3.3.11 in reverse, as a client reads a TEXT value. */
const unescape = (value: string) => value.replace(/\\([\\;,nN])/g, (_, ch: string) => (ch === "n" || ch === "N" ? "\n" : ch));

/** The unfolded content lines of a document (the final CRLF ends the last line). */
const contentLines = (doc: string) => unfold(doc).split("\r\n").slice(0, -1);

/** The value of the first `NAME…:` line of an event with `uid`, unfolded. */
function prop(doc: string, uid: string, name: string): string | undefined {
  const events = unfold(doc).split("BEGIN:VEVENT\r\n").slice(1);
  const ev = events.find((e) => e.includes(`\r\nUID:${uid}\r\n`) || e.startsWith(`UID:${uid}\r\n`));
  const line = ev?.split("\r\n").find((l) => l.startsWith(`${name}:`) || l.startsWith(`${name};`));
  return line?.slice(line.indexOf(":") + 1);
}

const base = (over: Partial<IcalCalendar> = {}): IcalCalendar => ({
  prodId: "-//Keqing//Test//ZH",
  name: "客情 · 王五",
  timeZone: "Asia/Shanghai",
  stamp: Date.UTC(2026, 8, 1, 2, 3, 4, 567),
  events: [],
  ...over,
});

describe("iCalendar text escaping (unit)", () => {
  it("escapes backslash, semicolon, comma and every kind of newline", () => {
    expect(escapeText("a\\b;c,d\ne\r\nf\rg")).toBe("a\\\\b\\;c\\,d\\ne\\nf\\ng");
  });

  it("escapes the backslash first, so an existing \\n stays two characters", () => {
    expect(escapeText("C:\\new")).toBe("C:\\\\new");
    expect(unescape(escapeText("C:\\new"))).toBe("C:\\new");
  });

  it("drops control characters TEXT may not hold, keeps tabs and Chinese", () => {
    expect(escapeText("王\u0000姐\u0007\t好\u007f")).toBe("王姐\t好");
  });

  it("round-trips arbitrary text through escape and unescape", () => {
    const s = "中秋节; 益丰大药房, 王姐\\李总\n第二行，全角逗号；全角分号";
    expect(unescape(escapeText(s))).toBe(s);
  });
});

describe("iCalendar line folding (unit)", () => {
  it("leaves a line of exactly 75 octets alone and folds one of 76", () => {
    expect(foldLine("x".repeat(75))).toBe("x".repeat(75));
    expect(foldLine("x".repeat(76))).toBe(`${"x".repeat(75)}\r\n x`);
  });

  it("folds long Chinese text at ≤ 75 octets per physical line, never inside a character, and unfolds to the original", () => {
    const text = `SUMMARY:${"中秋节窗口开始：A 类门店拜访送礼、祝福短信；B 类门店电话、祝福短信。".repeat(6)}`;
    expect(octets(text)).toBeGreaterThan(400);
    const folded = foldLine(text);
    const physical = folded.split("\r\n");
    expect(physical.length).toBeGreaterThan(5);
    for (const line of physical) {
      expect(octets(line)).toBeLessThanOrEqual(MAX_LINE_OCTETS);
      // A split multi-byte character would decode to U+FFFD.
      expect(new TextDecoder().decode(utf8.encode(line))).not.toContain("\uFFFD");
    }
    expect(physical.slice(1).every((l) => l.startsWith(" "))).toBe(true);
    expect(unfold(folded)).toBe(text);
  });

  it("uses the room it has: a 3-octet character that does not fit moves to the next line whole", () => {
    // 73 ASCII octets + "中" (3) would be 76: "中" starts the continuation line.
    const folded = foldLine(`${"a".repeat(73)}中文`);
    expect(folded).toBe(`${"a".repeat(73)}\r\n 中文`);
  });

  it("keeps 4-octet characters (emoji, surrogate pairs) whole", () => {
    const text = `DESCRIPTION:${"🎂生日快乐".repeat(20)}`;
    const physical = foldLine(text).split("\r\n");
    for (const line of physical) {
      expect(octets(line)).toBeLessThanOrEqual(MAX_LINE_OCTETS);
      expect(line).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/);
    }
    expect(unfold(physical.join("\r\n"))).toBe(text);
  });
});

describe("iCalendar document (unit)", () => {
  const longNote = "农历八月十五\n送上专门写给对方的生日祝福（短信/微信，R6）；记得提她女儿考上大学, 但不要提价格。".repeat(3);
  const doc = buildCalendar(
    base({
      description: "节日、客户生日和跟进截止日期",
      refreshMinutes: 360,
      events: [
        { uid: icalUid.birthday(42, "2026-09-25"), date: "2026-09-25", summary: "王姐生日（益丰大药房）", description: longNote, url: "https://kq.example/log?storeId=1&contactId=42&occasion=birthday&channel=message", categories: ["生日"] },
        { uid: icalUid.festival("mid_autumn", 2026), date: "2026-09-25", summary: "中秋节", categories: ["节日"] },
        { uid: icalUid.festivalWindow("mid_autumn", 2026), date: "2026-09-15", summary: "中秋节窗口开始：A 类门店拜访送礼" },
        { uid: icalUid.followUp(7), date: "2026-12-31", summary: "拜访道贺截止：李总（老百姓大药房）" },
      ],
    }),
  );

  it("is a VCALENDAR with the required header, CRLF line endings and no line over 75 octets", () => {
    expect(doc.startsWith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Keqing//Test//ZH\r\nCALSCALE:GREGORIAN\r\n")).toBe(true);
    expect(doc.endsWith("END:VCALENDAR\r\n")).toBe(true);
    expect(doc.replace(/\r\n/g, "")).not.toMatch(/[\r\n]/);
    for (const line of doc.split("\r\n")) expect(octets(line)).toBeLessThanOrEqual(MAX_LINE_OCTETS);
    const lines = contentLines(doc);
    expect(lines).toContain("X-WR-CALNAME:客情 · 王五");
    expect(lines).toContain("X-WR-TIMEZONE:Asia/Shanghai");
    expect(lines).toContain("X-WR-CALDESC:节日、客户生日和跟进截止日期");
    expect(lines).toContain("REFRESH-INTERVAL;VALUE=DURATION:PT360M");
    expect(lines.filter((l) => l === "BEGIN:VEVENT")).toHaveLength(4);
    expect(lines.filter((l) => l === "END:VEVENT")).toHaveLength(4);
  });

  it("writes all-day events: DTSTART is the date, DTEND the next day (also across a year end)", () => {
    expect(prop(doc, "festival-mid_autumn-2026@keqing", "DTSTART")).toBe("20260925");
    expect(prop(doc, "festival-mid_autumn-2026@keqing", "DTEND")).toBe("20260926");
    expect(unfold(doc)).toContain("UID:festival-mid_autumn-2026@keqing\r\nDTSTAMP:20260901T020304Z\r\nDTSTART;VALUE=DATE:20260925\r\nDTEND;VALUE=DATE:20260926\r\n");
    expect(prop(doc, "followup-7@keqing", "DTSTART")).toBe("20261231");
    expect(prop(doc, "followup-7@keqing", "DTEND")).toBe("20270101");
  });

  it("writes escaped text that unfolds and unescapes to the original, and the URL unescaped", () => {
    expect(unescape(prop(doc, "birthday-42-2026-09-25@keqing", "DESCRIPTION")!)).toBe(longNote);
    expect(prop(doc, "birthday-42-2026-09-25@keqing", "URL")).toBe("https://kq.example/log?storeId=1&contactId=42&occasion=birthday&channel=message");
    expect(prop(doc, "birthday-42-2026-09-25@keqing", "SUMMARY")).toBe("王姐生日（益丰大药房）");
    expect(prop(doc, "birthday-42-2026-09-25@keqing", "CATEGORIES")).toBe("生日");
  });

  it("has stable UIDs and the same text for the same data in any order", () => {
    expect(icalUid.festival("mid_autumn", 2026)).toBe("festival-mid_autumn-2026@keqing");
    expect(icalUid.festivalWindow("mid_autumn", 2026)).toBe("festival-mid_autumn-2026-window@keqing");
    expect(icalUid.birthday(42, "2026-09-25")).toBe("birthday-42-2026-09-25@keqing");
    expect(icalUid.followUp(7)).toBe("followup-7@keqing");
    const events = [
      { uid: "b@keqing", date: "2026-09-25", summary: "B" },
      { uid: "a@keqing", date: "2026-09-25", summary: "A" },
      { uid: "c@keqing", date: "2026-01-01", summary: "C" },
    ];
    const one = buildCalendar(base({ events }));
    expect(buildCalendar(base({ events: events.toReversed() }))).toBe(one);
    expect(contentLines(one).filter((l) => l.startsWith("UID:"))).toEqual(["UID:c@keqing", "UID:a@keqing", "UID:b@keqing"]);
  });

  it("writes a repeated UID once", () => {
    const d = buildCalendar(base({ events: [{ uid: "x@keqing", date: "2026-01-02", summary: "first" }, { uid: "x@keqing", date: "2026-01-02", summary: "second" }] }));
    expect(contentLines(d).filter((l) => l === "UID:x@keqing")).toHaveLength(1);
  });

  it("an empty calendar is still valid", () => {
    expect(buildCalendar(base())).toBe(
      "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Keqing//Test//ZH\r\nCALSCALE:GREGORIAN\r\nMETHOD:PUBLISH\r\nX-WR-CALNAME:客情 · 王五\r\nX-WR-TIMEZONE:Asia/Shanghai\r\nEND:VCALENDAR\r\n",
    );
  });

  it("cannot be broken by a newline or control character in user text", () => {
    const d = buildCalendar(base({ events: [{ uid: "x@keqing", date: "2026-01-02", summary: "王姐\r\nEND:VEVENT\r\nBEGIN:VEVENT", url: "https://a.example/x\r\nSUMMARY:evil" }] }));
    const lines = contentLines(d);
    expect(lines.filter((l) => l === "END:VEVENT")).toHaveLength(1);
    expect(lines).toContain("SUMMARY:王姐\\nEND:VEVENT\\nBEGIN:VEVENT");
    expect(lines).toContain("URL:https://a.example/xSUMMARY:evil");
  });
});
