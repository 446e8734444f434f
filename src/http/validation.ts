import * as v from "valibot";
import type { Messages } from "../i18n/index.ts";
import { ApiError } from "./errors.ts";

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

/** Parses or throws a 400 carrying every field's error. */
export function parseOrThrow<S extends v.GenericSchema>(schema: S, input: unknown, t: Messages): v.InferOutput<S> {
  const r = v.safeParse(schema, input);
  if (!r.success) throw validationError(fieldErrors(r.issues, t), t);
  return r.output;
}
