// What a failed write says about itself: the driver's LibsqlError names the violated constraint in
// its text (or its cause's).

/** A unique index on `column` ("table.column") refused the write: a race past the caller's own check. */
export function isUniqueViolation(err: unknown, column: string): boolean {
  // oxlint-disable-next-line typescript/no-base-to-string -- a cause without its own toString just does not match
  const s = String(err instanceof Error && err.cause ? `${err} ${String(err.cause)}` : err);
  return s.includes("UNIQUE") && s.includes(column);
}
