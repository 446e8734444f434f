// The API's one error shape: { error: { code, message, fields? } }.
import type { ContentfulStatusCode } from "hono/utils/http-status";

export type ErrorCode =
  | "bad_request"
  | "validation_failed"
  | "unauthorized"
  | "forbidden"
  | "not_found"
  /** A rep's own interaction past the policy's edit window (interactionEditDays). */
  | "edit_window_closed"
  | "conflict"
  | "rate_limited"
  | "too_large"
  | "unavailable"
  | "internal";

export class ApiError extends Error {
  readonly status: ContentfulStatusCode;
  readonly code: ErrorCode;
  readonly fields?: Record<string, string>;
  constructor(status: ContentfulStatusCode, code: ErrorCode, message: string, fields?: Record<string, string>) {
    super(message);
    this.status = status;
    this.code = code;
    this.fields = fields;
  }
}

export function errorBody(code: ErrorCode, message: string, fields?: Record<string, string>) {
  return { error: fields ? { code, message, fields } : { code, message } };
}

/**
 * True when the database could not be reached (sqld/Turso down, network lost): the caller gets a
 * 503 it may retry, not a 500. Drizzle wraps driver errors, so the whole cause chain is read.
 */
export function isDatabaseUnavailable(err: unknown): boolean {
  for (let e: unknown = err, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const { name, message, code } = e as { name?: string; message?: string; code?: string };
    // Node's fetch: "TypeError: fetch failed"; workerd: "Error: Network connection lost."
    if (/fetch failed|network connection lost|connection refused|ECONNREFUSED/i.test(message ?? "")) return true;
    // sqld gave up waiting for its write lock (after db/busy-retry.ts's own tries): retryable, and a
    // retry with the same idempotency key is safe.
    if (/database is locked|SQLITE_BUSY/i.test(`${code ?? ""} ${message ?? ""}`)) return true;
    if (name === "TypeError" && /fetch|network|connect|socket/i.test(message ?? "")) return true;
    // 429: sqld's connection throttle (too many requests waiting), as Turso answers when overloaded.
    if (name === "LibsqlError" && /^(SERVER_ERROR|HRANA_|HTTP_)/.test(code ?? "") && /\b(429|50[234])\b|unavailable|connect/i.test(message ?? "")) return true;
  }
  return false;
}
