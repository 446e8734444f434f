// Pace as bars in mail (issue 13.2): plain HTML table cells with a width and a background colour,
// since mail clients block SVG and most ignore CSS widths on divs. One compact table for all bars
// (the weekly of a large team must stay under Gmail's clipping size). Colours by the pace bands.
import { html, raw } from "hono/html";
import type { HtmlEscapedString } from "hono/utils/html";

export type BarTone = "bad" | "warn" | "good" | "muted";
/** `pct`: the bar's length in % of full (clamped to 0–100); `text` says the value in words. */
export type MailBar = { label: string; pct: number; text: string; tone: BarTone };

const FILL: Record<BarTone, string> = { bad: "#d92d20", warn: "#dc6803", good: "#079455", muted: "#98a2b3" };
const INK: Record<BarTone, string> = { bad: "#b42318", warn: "#b54708", good: "#067647", muted: "#667085" };
const TRACK = "#eaecf0";

function bar(b: MailBar): HtmlEscapedString {
  const pct = Math.max(1, Math.min(100, Math.round(b.pct)));
  const fill = raw(FILL[b.tone]);
  const rest = pct < 100 ? html`<td bgcolor="${TRACK}" style="background:${TRACK};font-size:0;line-height:0">&nbsp;</td>` : null;
  return html`<tr><td style="padding:3px 6px 3px 0;white-space:nowrap">${b.label}</td><td width="55%" style="padding:3px 0"><table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0"><tr><td width="${pct}%" height="12" bgcolor="${fill}" style="background:${fill};font-size:0;line-height:0">&nbsp;</td>${rest}</tr></table></td><td style="padding:3px 0 3px 6px;white-space:nowrap;color:${raw(INK[b.tone])}">${b.text}</td></tr>` as HtmlEscapedString;
}

export function barsHtml(bars: readonly MailBar[]): HtmlEscapedString {
  return html`<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="font-size:13px;margin:4px 0 8px 0">${bars.map(bar)}</table>` as HtmlEscapedString;
}
