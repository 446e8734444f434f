// JSON bodies of the API (interactions, stores, contacts, life events): strict objects, every field
// error at once, and the mapping of a write that did not happen to the one error shape.
import * as v from "valibot";
import type { AppContext } from "../context.ts";
import { ApiError } from "../errors.ts";
import { fieldErrors, translate, validationError } from "../validation.ts";
import type { Messages } from "../../i18n/index.ts";
import type { WriteFailure } from "../../db/queries/stores.ts";
import { unknownKeys } from "../../services/store-input.ts";

/** A JSON object body, or a 400 (not JSON, or JSON that is not an object). */
export async function readObject(c: AppContext): Promise<Record<string, unknown>> {
  const message = translate("not_json", c.get("t"));
  let body: unknown;
  try {
    body = await c.req.json();
  } catch {
    throw new ApiError(400, "bad_request", message);
  }
  if (typeof body !== "object" || body === null || Array.isArray(body)) throw new ApiError(400, "bad_request", message);
  return body as Record<string, unknown>;
}

function translateAll(fields: Record<string, string>, t: Messages): Record<string, string> {
  return Object.fromEntries(Object.entries(fields).map(([k, code]) => [k, translate(code, t)]));
}

/** Strict parse: every field error at once, unknown keys included. */
export function parseStrict<S extends v.GenericSchema & { entries: Record<string, unknown> }>(
  schema: S,
  body: Record<string, unknown>,
  t: Messages,
): v.InferOutput<S> {
  const r = v.safeParse(schema, body);
  const fields = { ...translateAll(unknownKeys(body, schema), t), ...(r.success ? {} : fieldErrors(r.issues, t)) };
  if (!r.success || Object.keys(fields).length > 0) throw validationError(fields, t);
  return r.output;
}

/** A write that did not happen → 404 (out of scope), 403 (a field the role may not change) or 400. */
export function throwApiFailure(f: WriteFailure, t: Messages, rename: Record<string, string> = {}): never {
  if (f.reason === "not_found") throw new ApiError(404, "not_found", "not found");
  const fields = Object.fromEntries(Object.entries(f.fields).map(([k, code]) => [rename[k] ?? k, translate(code, t)]));
  if (f.reason === "forbidden") throw new ApiError(403, "forbidden", t.common.forbidden, Object.keys(fields).length ? fields : undefined);
  throw validationError(fields, t);
}
