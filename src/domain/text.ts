// Free text as stored: line endings are one kind, whatever the browser or client sent.

/**
 * `\r\n` and lone `\r` become `\n`. Forms post CRLF while the API usually sends LF, so without this
 * re-saving an unchanged note would count as a change to personal data (an audit row) and the
 * stored text would depend on who wrote it last. Anything that is not a string passes unchanged;
 * arrays (tags) are normalised item by item.
 */
export function normalizeNewlines<T>(value: T): T {
  if (typeof value === "string") return value.replace(/\r\n?/g, "\n") as T;
  if (Array.isArray(value)) return value.map((v) => normalizeNewlines(v)) as T;
  return value;
}

/**
 * Every character String.prototype.trim strips (ECMAScript's WhiteSpace and LineTerminator), spelled
 * out so that SQL can strip the same set (SQLite's one-argument trim() strips spaces only): a rule
 * that trims, such as "a gift has a description that is not blank", then reads the same in both.
 */
export const TRIMMED_CHARS =
  "\t\n\v\f\r \u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000\ufeff";
