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
