// Reading the plain-text part of a mail (digest, weekly summary) the way a test asserts on it.

/** The lines of one 【section】 of the plain text, up to the next section or the signature ("--"). */
export function section(text: string, title: string): string {
  const start = text.indexOf(`【${title}】`);
  if (start < 0) return "";
  const rest = text.slice(start + title.length + 2);
  const end = rest.search(/\n【|\n--\n/);
  return end < 0 ? rest : rest.slice(0, end);
}
