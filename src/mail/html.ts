// The e-mail's shape, rendered twice: HTML for mail clients and plain text with the same content
// and every link written out. Messages are built as a small document (MailDoc) by digest.ts and
// weekly.ts, so the two renderings cannot drift apart.
//
// The HTML is hand-built for mail clients, not browsers: one column of nested tables (max 600 px),
// inline styles only (clients strip <style> and external CSS), no images or scripts, a system CJK
// font stack, buttons at least 44 px tall for a thumb. The HTML is built with hono/html's tagged
// template, which escapes every interpolated value: only the style strings, constants of this file,
// go in as they are (raw).
import { html, raw } from "hono/html";
import type { HtmlEscapedString } from "hono/utils/html";
import type { Locale } from "../domain/types.ts";
import { barsHtml, type MailBar } from "./bars.ts";

export type Tone = "bad" | "warn" | "good" | "muted";

/** A plain GET link to a page or a phone action: never to an action that changes data. */
export type MailLink = { label: string; href: string; primary?: boolean };

export type MailItem = {
  title: string;
  /** Makes the title itself a link (a page to look at, not a task: tasks get buttons). */
  href?: string;
  /** A store's class (A, B, C), shown as a coloured tag before the title. */
  badge?: string;
  lines?: { text: string; tone?: Tone }[];
  /** A ready text (a greeting), set apart so it reads as what will be sent. */
  quote?: string;
  links?: MailLink[];
  /** A plan item the rep may skip: /today shows a small form for it (the mail does not). */
  skip?: { storeId: number; channel: "visit" | "phone" | "message" };
};

export type MailStat = { label: string; value: string; note?: string; tone?: Tone };

export type MailBlock =
  | { kind: "text"; text: string; tone?: Tone }
  | { kind: "subhead"; text: string }
  | { kind: "items"; items: MailItem[] }
  | { kind: "more"; text: string; href: string }
  | { kind: "stats"; stats: MailStat[] }
  /** Cells do not wrap: keep tables to a few short columns (390 px phones). */
  | { kind: "table"; head: string[]; rows: { text: string; tone?: Tone }[][] }
  /** Horizontal bars (bars.ts), each with its value in words for the text part and screen readers. */
  | { kind: "bars"; bars: MailBar[] };

export type MailSection = { id: string; title: string; blocks: MailBlock[] };

export type MailDoc = {
  lang: Locale;
  title: string;
  /** The line mail clients show after the subject in the inbox list. */
  preheader: string;
  heading: string;
  intro: { text: string; tone?: Tone }[];
  sections: MailSection[];
  footer: { text: string; links: MailLink[] };
};

export type Composed = { subject: string; html: string; text: string };

/** One decimal without a trailing ".0" (2.67 → "2.7", 4 → "4"). */
export function fmt(n: number): string {
  return String(Math.round(n * 10) / 10);
}

/** A phone number as a `tel:`/`sms:` target: digits and a leading +, or null when nothing is left. */
export function dialable(phone: string | null | undefined): string | null {
  const p = (phone ?? "").trim();
  const digits = p.replace(/[^\d]/g, "");
  if (digits.length < 3) return null;
  return (p.startsWith("+") ? "+" : "") + digits;
}

export function telHref(phone: string): string {
  return `tel:${phone}`;
}

/** `sms:<number>?&body=<text>`: the `?&` form opens prefilled on both iOS and Android. */
export function smsHref(phone: string, body: string): string {
  return `sms:${phone}?&body=${encodeURIComponent(body)}`;
}

/**
 * 高德's map search for an address (uri.amap.com/search, its URI API: keyword, city, src; callnative=1
 * opens the 高德 app on a phone that has it, the web map otherwise).
 */
export function mapHref(keyword: string, city: string | null | undefined): string {
  const q = [`keyword=${encodeURIComponent(keyword)}`, ...(city ? [`city=${encodeURIComponent(city)}`] : []), "src=keqing", "callnative=1"];
  return `https://uri.amap.com/search?${q.join("&")}`;
}

export function joinUrl(origin: string, path: string): string {
  return `${origin.replace(/\/+$/, "")}${path}`;
}

// ---- HTML ---------------------------------------------------------------------------------------

/**
 * hono/html's tag: every interpolated value is escaped (& < > " ' as &amp; &lt; &gt; &quot; &#39;)
 * unless it is already HTML (a fragment built here, or a raw() constant of this file). Nothing here
 * interpolates a promise, so the result is always at hand.
 */
function h(strings: TemplateStringsArray, ...values: unknown[]): HtmlEscapedString {
  const out = html(strings, ...values);
  if (out instanceof Promise) throw new TypeError("mail HTML is built synchronously");
  return out;
}

/** Trusted constants (the style strings below): inserted as written. */
function trusted<K extends string>(styles: Record<K, string>): Record<K, HtmlEscapedString> {
  return Object.fromEntries(Object.entries<string>(styles).map(([k, v]) => [k, raw(v)])) as Record<K, HtmlEscapedString>;
}

const FONT =
  "-apple-system,BlinkMacSystemFont,'Segoe UI','PingFang SC','Hiragino Sans GB','Microsoft YaHei','Noto Sans CJK SC','Source Han Sans SC','WenQuanYi Micro Hei',Roboto,Arial,sans-serif";
const S = trusted({
  body: `margin:0;padding:0;background:#f2f4f7;-webkit-text-size-adjust:100%;font-family:${FONT}`,
  outer: "width:100%;background:#f2f4f7",
  inner: "width:100%;max-width:600px;margin:0 auto;background:#ffffff",
  cell: `padding:16px 16px 8px 16px;font-family:${FONT};color:#101828;font-size:15px;line-height:1.55`,
  h1: "margin:0 0 8px 0;font-size:20px;line-height:1.35;font-weight:700;color:#101828",
  h2: "margin:0 0 8px 0;padding:0 0 6px 0;font-size:17px;line-height:1.4;font-weight:700;color:#101828;border-bottom:2px solid #e4e7ec",
  h3: "margin:12px 0 4px 0;font-size:15px;line-height:1.4;font-weight:700;color:#344054",
  // Size, line height and colour are inherited from the section's cell where clients allow it: the
  // weekly summary of a large team must stay under Gmail's 102 KB clipping limit.
  p: "margin:0 0 6px 0",
  item: "padding:10px 0;border-top:1px solid #eaecf0",
  title: "font-size:16px;font-weight:600",
  titleLink: "color:#101828",
  line: "font-size:14px",
  quote: "margin:8px 0 4px 0;padding:10px 12px;background:#f0f5ff;border-left:3px solid #1d4ed8;font-size:15px;line-height:1.6;color:#101828",
  links: "padding-top:8px",
  button:
    "display:inline-block;margin:0 8px 6px 0;padding:12px 16px;border-radius:8px;background:#1d4ed8;color:#ffffff;font-size:15px;line-height:20px;font-weight:600;text-decoration:none",
  button2:
    "display:inline-block;margin:0 8px 6px 0;padding:11px 15px;border-radius:8px;border:1px solid #1d4ed8;background:#ffffff;color:#1d4ed8;font-size:15px;line-height:20px;font-weight:600;text-decoration:none",
  more: "display:inline-block;padding:10px 0;font-size:15px;color:#1d4ed8;text-decoration:underline",
  stat: "padding:8px 8px 8px 0;vertical-align:top;font-size:14px;line-height:1.4;color:#475467",
  statValue: "display:block;font-size:18px;line-height:1.3;font-weight:700;color:#101828",
  statNote: "font-size:13px",
  table: "width:100%;border-collapse:collapse;font-size:13px;line-height:1.4",
  th: "padding:6px 3px;border-bottom:1px solid #d0d5dd;text-align:left;color:#344054",
  td: "padding:6px 3px;border-bottom:1px solid #eaecf0;white-space:nowrap",
  footer: `padding:16px;font-family:${FONT};font-size:13px;line-height:1.5;color:#667085`,
  footerLink: "color:#475467;text-decoration:underline",
  preheader: "display:none;max-height:0;max-width:0;overflow:hidden;opacity:0;mso-hide:all;font-size:1px;line-height:1px;color:#f2f4f7",
  // A badge's style, its colour (BADGE) between the two halves.
  badge: "display:inline-block;min-width:18px;margin-right:6px;padding:1px 6px;border-radius:4px;background:",
  badgeEnd: ";color:#ffffff;font-size:12px;line-height:18px;font-weight:700;text-align:center;vertical-align:1px",
  lineColour: ";color:#475467",
  none: "",
});

/** A tone as the end of a style attribute (";color:…"). */
const TONE = trusted({ bad: ";color:#b42318", warn: ";color:#b54708", good: ";color:#067647", muted: ";color:#667085" } satisfies Record<Tone, string>);
/** A store class's tag colour; any other badge is grey. */
const BADGE: Record<string, HtmlEscapedString> = trusted({ A: "#b42318", B: "#b54708", C: "#475467" });
const BADGE_OTHER = raw("#475467");

/** A presentation table of the given rows (layout, not data: screen readers skip it). */
const TABLE_ATTRS = raw('role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0"');

function badge(text: string): HtmlEscapedString {
  return h`<span style="${S.badge}${BADGE[text] ?? BADGE_OTHER}${S.badgeEnd}">${text}</span>`;
}

/** The tone's end of a style attribute, or `otherwise`. */
function tone(t: Tone | undefined, otherwise: HtmlEscapedString = S.none): HtmlEscapedString {
  return t ? TONE[t] : otherwise;
}

function linkHtml(l: MailLink): HtmlEscapedString {
  return h`<a href="${l.href}" style="${l.primary ? S.button : S.button2}">${l.label}</a>`;
}

function itemHtml(it: MailItem): HtmlEscapedString {
  const lines = (it.lines ?? []).map((l) => h`<div style="${S.line}${tone(l.tone, S.lineColour)}">${l.text}</div>`);
  const quote = it.quote ? h`<div style="${S.quote}">${it.quote}</div>` : null;
  const links = it.links && it.links.length > 0 ? h`<div style="${S.links}">${it.links.map(linkHtml)}</div>` : null;
  const title = it.href ? h`<a href="${it.href}" style="${S.titleLink}">${it.title}</a>` : it.title;
  return h`<tr><td style="${S.item}"><div style="${S.title}">${it.badge ? badge(it.badge) : null}${title}</div>${lines}${quote}${links}</td></tr>`;
}

function blockHtml(b: MailBlock): HtmlEscapedString {
  switch (b.kind) {
    case "text":
      return h`<p style="${S.p}${tone(b.tone)}">${b.text}</p>`;
    case "subhead":
      return h`<h3 style="${S.h3}">${b.text}</h3>`;
    case "items":
      return h`<table ${TABLE_ATTRS}>${b.items.map(itemHtml)}</table>`;
    case "more":
      return h`<a href="${b.href}" style="${S.more}">${b.text}</a>`;
    case "stats": {
      // Three per row: on a 390 px phone each keeps about 120 px.
      const rows: HtmlEscapedString[] = [];
      for (let i = 0; i < b.stats.length; i += 3) {
        const cells = b.stats
          .slice(i, i + 3)
          .map(
            (s) =>
              h`<td width="33%" style="${S.stat}">${s.label}<span style="${S.statValue}${tone(s.tone)}">${s.value}</span>${s.note ? h`<span style="${S.statNote}${tone(s.tone ?? "muted")}">${s.note}</span>` : null}</td>`,
          );
        rows.push(h`<tr>${cells}</tr>`);
      }
      return h`<table ${TABLE_ATTRS}>${rows}</table>`;
    }
    case "bars":
      return barsHtml(b.bars);
    case "table":
      return h`<table ${TABLE_ATTRS} style="${S.table}"><tr>${b.head.map((c) => h`<th style="${S.th}">${c}</th>`)}</tr>${b.rows.map(
        (r) => h`<tr>${r.map((c) => h`<td style="${S.td}${tone(c.tone)}">${c.text}</td>`)}</tr>`,
      )}</table>`;
  }
}

/** The footer's links, " · " between them. */
function footerLinks(links: readonly MailLink[]): HtmlEscapedString[] {
  return links.map((l, i) => h`${i > 0 ? " · " : null}<a href="${l.href}" style="${S.footerLink}">${l.label}</a>`);
}

export function renderHtml(doc: MailDoc): string {
  const intro = doc.intro.map((l) => h`<p style="${S.p}${tone(l.tone)}">${l.text}</p>`);
  const sections = doc.sections.map((s) => h`<tr><td style="${S.cell}" id="${s.id}"><h2 style="${S.h2}">${s.title}</h2>${s.blocks.map(blockHtml)}</td></tr>`);
  const links = doc.footer.links.length > 0 ? h`<br>${footerLinks(doc.footer.links)}` : null;
  return h`<!DOCTYPE html><html lang="${doc.lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><meta name="x-apple-disable-message-reformatting"><meta name="format-detection" content="telephone=no,date=no,address=no,email=no"><title>${doc.title}</title></head><body style="${S.body}"><div style="${S.preheader}">${doc.preheader}</div><table ${TABLE_ATTRS} style="${S.outer}"><tr><td align="center" style="padding:0"><table ${TABLE_ATTRS} style="${S.inner}"><tr><td style="${S.cell}"><h1 style="${S.h1}">${doc.heading}</h1>${intro}</td></tr>${sections}<tr><td style="${S.footer}">${doc.footer.text}${links}</td></tr></table></td></tr></table></body></html>`.toString();
}

// ---- plain text ---------------------------------------------------------------------------------

function linkText(l: MailLink): string {
  return `${l.label}: ${l.href}`;
}

function blockText(b: MailBlock, quote: (s: string) => string): string[] {
  switch (b.kind) {
    case "text":
      return [b.text];
    case "subhead":
      return ["", `· ${b.text}`];
    case "items":
      return b.items.flatMap((it) => [
        `- ${it.badge ? `[${it.badge}] ` : ""}${it.title}`,
        ...(it.lines ?? []).map((l) => `  ${l.text}`),
        ...(it.quote ? [`  ${quote(it.quote)}`] : []),
        ...(it.href ? [`  ${it.href}`] : []),
        ...(it.links ?? []).map((l) => `  ${linkText(l)}`),
      ]);
    case "more":
      return [`${b.text}: ${b.href}`];
    case "stats":
      return b.stats.map((s) => `${s.label}: ${s.value}${s.note ? ` (${s.note})` : ""}`);
    case "table":
      return [b.head.join(" | "), ...b.rows.map((r) => r.map((c) => c.text).join(" | "))];
    case "bars":
      return b.bars.map((x) => `${x.label}: ${x.text}`);
  }
}

export function renderText(doc: MailDoc): string {
  const quote = doc.lang === "zh-CN" ? (s: string) => `「${s}」` : (s: string) => `"${s}"`;
  const out: string[] = [doc.heading, ...doc.intro.map((l) => l.text)];
  for (const s of doc.sections) {
    out.push("", `【${s.title}】`);
    for (const b of s.blocks) out.push(...blockText(b, quote));
  }
  out.push("", "--", doc.footer.text, ...doc.footer.links.map(linkText));
  return `${out.join("\n")}\n`;
}

export function render(subject: string, doc: MailDoc): Composed {
  return { subject, html: renderHtml(doc), text: renderText(doc) };
}
