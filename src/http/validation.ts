// Input checking for pages and the API: valibot issues as field errors in the viewer's language, and
// the validator middleware (@hono/valibot-validator) every form and query goes through.
import * as v from "valibot";
import { vValidator } from "@hono/valibot-validator";
import type { Messages } from "../i18n/index.ts";
import type { AppContext } from "./context.ts";
import { ApiError } from "./errors.ts";

export type Errors = Record<string, string>;

/** valibot issues → `{ "gift.value": "不能为负数" }` in the caller's language (codes are i18n keys). */
export function fieldErrors(issues: readonly v.BaseIssue<unknown>[], t: Messages): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const issue of issues) {
    const path = issue.path?.map((p) => String(p.key)).join(".") || "_";
    fields[path] ??= translate(issueCode(issue, t), t);
  }
  return fields;
}

/**
 * The i18n code of an issue: its message when that is one, otherwise a code chosen from the issue
 * itself, so valibot's English default ("Invalid key: Expected …") never reaches a user.
 */
function issueCode(issue: v.BaseIssue<unknown>, t: Messages): string {
  if (Object.hasOwn(t.validation, issue.message)) return issue.message;
  if (issue.expected === "never") return "unknown_field"; // a key a strict object does not know
  if (issue.input === undefined) return "required"; // a missing key
  if (issue.type === "number" || issue.type === "integer" || issue.type === "safe_integer") return "not_a_number";
  return "invalid";
}

/** A code in the caller's language; an unknown code reads as "not valid", never as the code itself. */
export function translate(code: string, t: Messages): string {
  const messages = t.validation as Record<string, string>;
  return Object.hasOwn(messages, code) ? messages[code]! : t.validation.invalid;
}

export function validationError(fields: Record<string, string>, t: Messages): ApiError {
  return new ApiError(400, "validation_failed", t.common.fixErrors, fields);
}

/** A positive id typed into a field or a query (up to 12 digits); `code` names what is wrong. */
export const idField = (code: string) => v.pipe(v.string(code), v.regex(/^\d{1,12}$/, code), v.transform(Number), v.minValue(1, code));

// ---- validator middleware ---------------------------------------------------------------------

/** A form or a query string as Hono's validator reads it: each name's value, a list when it came more than once. */
export type Fields = Record<string, string | File | (string | File)[]>;

/**
 * `c.req.query()`'s reading of a query string, and FormData.get's of a form: each name's first value
 * (a file, which has no text, reads as missing).
 */
export function firstValues(raw: Fields): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, x] of Object.entries(raw)) {
    const first = Array.isArray(x) ? x[0] : x;
    if (typeof first === "string") out[k] = first;
  }
  return out;
}

/** `c.req.parseBody()`'s reading of a form: each name's last value (a name ending in [] keeps its list). */
export function lastValues(raw: Fields): Fields {
  return Object.fromEntries(Object.entries(raw).map(([k, x]) => [k, Array.isArray(x) && !k.endsWith("[]") ? x.at(-1)! : x]));
}

/** The string fields of a form (files and the CSRF token left out), as `lastValues` reads them. */
export function formStrings(raw: Fields): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, x] of Object.entries(lastValues(raw))) if (typeof x === "string" && k !== "_csrf") out[k] = x;
  return out;
}

/** The posted form's string fields as typed, for showing the form again. */
export async function postedStrings(c: AppContext): Promise<Record<string, string>> {
  return formStrings(await c.req.parseBody({ all: true }));
}

/** An input schema over the raw fields: the page's own reading of them (`read`), then `schema`. */
export function fromFields<S extends v.GenericSchema>(read: (raw: Fields) => unknown, schema: S) {
  return v.pipe(
    v.custom<Fields>(() => true),
    v.transform(read),
    schema,
  );
}

/** What a page answers to input that fails its schema: errors are per field, in the viewer's language. */
type Invalid = (c: AppContext, errors: Errors) => Response | Promise<Response>;

/**
 * Validator middleware for a page's form: input that fails `schema` gets `invalid`'s answer (the form
 * again, with what was typed and each field's error, status 400); the handler reads `c.req.valid("form")`.
 */
export function formValidator<S extends v.GenericSchema>(schema: S, invalid: Invalid) {
  return vValidator("form", schema, (r, c: AppContext) => (r.success ? undefined : invalid(c, fieldErrors(r.issues, c.get("t")))));
}

/** The same for a page's query string (a list's filters). */
export function queryValidator<S extends v.GenericSchema>(schema: S, invalid: Invalid) {
  return vValidator("query", schema, (r, c: AppContext) => (r.success ? undefined : invalid(c, fieldErrors(r.issues, c.get("t")))));
}

/** The API's query strings: `schema` over each name's first value; a failure is a 400 naming every field. */
export function apiQuery<S extends v.GenericSchema>(schema: S) {
  return queryValidator(fromFields(firstValues, schema), (c, errors) => {
    throw validationError(errors, c.get("t"));
  });
}
