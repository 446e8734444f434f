import * as v from "valibot";
import type { Messages } from "../i18n/index.ts";
import { ApiError } from "./errors.ts";

/** valibot issues → `{ "gift.value": "不能为负数" }` in the caller's language (codes are i18n keys). */
export function fieldErrors(issues: readonly v.BaseIssue<unknown>[], t: Messages): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const issue of issues) {
    const path = issue.path?.map((p) => String(p.key)).join(".") || "_";
    fields[path] ??= translate(issue.message, t);
  }
  return fields;
}

export function translate(code: string, t: Messages): string {
  return (t.validation as Record<string, string>)[code] ?? code;
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
