// Reading a mail (digest, weekly summary) the way a test asserts on it: a section of the plain text,
// and text as it appears escaped in HTML.
import { html } from "hono/html";

/** `text` as hono/html (the mail's and the pages' renderer) writes it into HTML. */
export function escapeHtml(text: string): string {
  const out = html`${text}`;
  if (out instanceof Promise) throw new TypeError("a plain string escapes synchronously");
  return out.toString();
}

/** The lines of one 【section】 of the plain text, up to the next section or the signature ("--"). */
export function section(text: string, title: string): string {
  const start = text.indexOf(`【${title}】`);
  if (start < 0) return "";
  const rest = text.slice(start + title.length + 2);
  const end = rest.search(/\n【|\n--\n/);
  return end < 0 ? rest : rest.slice(0, end);
}
