// What pages and the API accept for stores, contacts and life events. One schema per write, shared
// by forms (strings converted first, see `formToInput`) and JSON bodies. Messages are codes from the
// i18n `validation` dictionaries. `undefined` means "not given" (PATCH leaves it unchanged), `null`
// means "clear it".
import * as v from "valibot";
import { BIRTHDAY_CALENDARS, CONTACT_ROLES, CONCERNS, LIFE_EVENT_KINDS, STORE_CLASSES, type StoreClass } from "../domain/types.ts";
import { DATUMS, toWgs84, type Datum } from "../domain/check-in.ts";
import { latitude, localDate, longitude, optionalText, requiredText, text } from "../domain/fields.ts";

const id = v.pipe(v.number("not_a_number"), v.integer("not_a_number"), v.minValue(1, "invalid"));
// Digits with the usual separators: 0731-8888 8888, +86 138 0000 0000, (0731)88888888, 110.
const PHONE = /^\+?[0-9(][0-9 ()-]{1,28}[0-9]$/;
const optionalPhone = v.optional(
  v.pipe(
    v.nullable(v.pipe(v.string("invalid"), v.trim(), v.check((s) => s === "" || PHONE.test(s), "bad_phone"))),
    v.transform((s) => (s ? s : null)),
  ),
);
const storeClass = v.picklist(STORE_CLASSES, "unknown_value");
const bool = v.boolean("invalid");

// ---- stores ----------------------------------------------------------------------------------

// Where the store is, for on-site check-in: a manager sets both or clears both (null), in WGS-84
// (GPS) or GCJ-02 (copied from 高德 or 腾讯 maps; converted, see domain/check-in.ts).
const location = {
  lat: v.optional(v.nullable(latitude)),
  lng: v.optional(v.nullable(longitude)),
  datum: v.optional(v.picklist(DATUMS, "unknown_value")),
};

// The API calls a store's class `tier` (and also accepts `class`); forms use `class`.
export const StoreCreateInput = v.object(
  {
    name: requiredText(100),
    code: optionalText(40),
    tier: v.optional(storeClass),
    class: v.optional(storeClass),
    address: optionalText(200),
    city: optionalText(40),
    phone: optionalPhone,
    repId: id,
    ...location,
  },
  "required",
);

export const StorePatchInput = v.object(
  {
    name: v.optional(requiredText(100)),
    code: optionalText(40),
    tier: v.optional(storeClass),
    class: v.optional(storeClass),
    address: optionalText(200),
    city: optionalText(40),
    phone: optionalPhone,
    repId: v.optional(id),
    archived: v.optional(bool),
    ...location,
  },
  "required",
);

/** `tier` and `class` name the same thing; both given must agree. */
export function resolveClass(input: { tier?: StoreClass; class?: StoreClass }): { value?: StoreClass; error?: "invalid" } {
  if (input.tier && input.class && input.tier !== input.class) return { error: "invalid" };
  return { value: input.tier ?? input.class };
}

export type StoreLocation = { lat: number; lng: number } | null;

/**
 * The coordinates a store input sets, as stored (WGS-84): undefined (not given), null (cleared) or
 * a pair. One of the two without the other is an error on the missing one.
 */
export function resolveLocation(input: { lat?: number | null; lng?: number | null; datum?: Datum }): { value?: StoreLocation; error?: { field: "lat" | "lng"; code: "required" } } {
  const { lat, lng } = input;
  if (lat === undefined && lng === undefined) return {};
  if (lat === null && lng === null) return { value: null };
  if (lat == null || lng == null) {
    const missing = lat === undefined ? "lat" : lng === undefined ? "lng" : lat === null ? "lat" : "lng";
    return { error: { field: missing, code: "required" } };
  }
  return { value: toWgs84({ lat, lng }, input.datum ?? "wgs84") };
}

// ---- contacts --------------------------------------------------------------------------------

const contactFields = {
  formOfAddress: optionalText(20),
  phone: optionalPhone,
  wechat: optionalText(50),
  qq: v.optional(
    v.pipe(
      v.nullable(v.pipe(v.string("invalid"), v.trim(), v.check((s) => s === "" || /^[1-9]\d{4,11}$/.test(s), "invalid"))),
      v.transform((s) => (s ? s : null)),
    ),
  ),
  birthdayCalendar: v.optional(v.nullable(v.picklist(BIRTHDAY_CALENDARS, "unknown_value"))),
  birthdayMonth: v.optional(v.nullable(v.pipe(v.number("not_a_number"), v.integer("not_a_number"), v.minValue(1, "invalid"), v.maxValue(12, "invalid")))),
  birthdayDay: v.optional(v.nullable(v.pipe(v.number("not_a_number"), v.integer("not_a_number"), v.minValue(1, "invalid"), v.maxValue(31, "no_such_day")))),
  birthdayLeapMonth: v.optional(bool),
  birthYear: v.optional(v.nullable(v.pipe(v.number("not_a_number"), v.integer("not_a_number"), v.minValue(1900, "invalid"), v.maxValue(2100, "invalid")))),
  tags: v.optional(
    v.pipe(
      v.array(requiredText(20), "invalid"),
      v.maxLength(20, "too_many"),
      v.transform((tags) => [...new Set(tags)]),
    ),
  ),
  preferences: optionalText(2000),
  familyNotes: optionalText(2000),
  doNotContact: v.optional(bool),
};

export const ContactCreateInput = v.object(
  { name: requiredText(50), role: v.picklist(CONTACT_ROLES, "unknown_value"), ...contactFields },
  "required",
);

export const ContactPatchInput = v.object(
  { name: v.optional(requiredText(50)), role: v.optional(v.picklist(CONTACT_ROLES, "unknown_value")), ...contactFields },
  "required",
);

// ---- life events -----------------------------------------------------------------------------

// The calendar and the years any date may name; how far from today is checked where today is known
// (db/queries/life-events.ts, LIFE_EVENT_RANGE).
const eventDate = localDate();
export const LIFE_EVENT_STATES = ["open", "done", "dismissed"] as const;

export const LifeEventCreateInput = v.object(
  {
    kind: v.picklist(LIFE_EVENT_KINDS, "unknown_value"),
    date: eventDate,
    notes: optionalText(1000),
    // Who it is about: a family member's illness is worded "令尊…", not "您…" (domain/greetings.ts).
    concerns: v.optional(v.picklist(CONCERNS, "unknown_value"), "self"),
  },
  "required",
);

export const LifeEventPatchInput = v.object(
  {
    kind: v.optional(v.picklist(LIFE_EVENT_KINDS, "unknown_value")),
    date: v.optional(eventDate),
    notes: optionalText(1000),
    concerns: v.optional(v.picklist(CONCERNS, "unknown_value")),
    state: v.optional(v.picklist(LIFE_EVENT_STATES, "unknown_value")),
  },
  "required",
);


// ---- helpers ---------------------------------------------------------------------------------

/** Strict bodies: a key the schema does not know is an error (a typo must not be silently dropped). */
export function unknownKeys(input: Record<string, unknown>, schema: { entries: Record<string, unknown> }): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const key of Object.keys(input)) if (!Object.hasOwn(schema.entries, key)) errors[key] = "unknown_field";
  return errors;
}

/**
 * HTML forms send strings: "" is "not filled" (null), numeric fields become numbers (or stay
 * strings so the schema says "not a number"), checkboxes are present or absent.
 */
export function formToInput(
  form: Record<string, string>,
  spec: { text?: string[]; numbers?: string[]; checkboxes?: string[]; lists?: string[] },
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of spec.text ?? []) if (k in form) out[k] = form[k] === "" ? null : form[k];
  for (const k of spec.numbers ?? []) {
    if (!(k in form)) continue;
    const raw = (form[k] ?? "").trim();
    out[k] = raw === "" ? null : /^\d{1,9}$/.test(raw) ? Number(raw) : raw;
  }
  for (const k of spec.checkboxes ?? []) out[k] = form[k] === "1" || form[k] === "on" || form[k] === "true";
  // Tags typed as one line: split on commas (also the Chinese ，、) and blanks around them.
  for (const k of spec.lists ?? []) {
    if (!(k in form)) continue;
    out[k] = (form[k] ?? "").split(/[,，、;；]/).map((s) => s.trim()).filter((s) => s !== "");
  }
  return out;
}

// ---- list queries ----------------------------------------------------------------------------

const flag = v.pipe(
  v.picklist(["1", "0", "true", "false", "on"], "invalid"),
  v.transform((s) => s === "1" || s === "true" || s === "on"),
);

/** `GET /stores` and `GET /api/stores`: filters, page size and the opaque cursor of the previous page. */
export const StoreListQuery = v.object({
  class: v.optional(storeClass),
  tier: v.optional(storeClass),
  city: v.optional(text(40)),
  q: v.optional(text(100)),
  behind: v.optional(flag),
  archived: v.optional(flag),
  limit: v.optional(
    v.pipe(v.string("invalid"), v.regex(/^\d{1,4}$/, "invalid"), v.transform(Number), v.minValue(1, "invalid"), v.maxValue(200, "too_large")),
  ),
  cursor: v.optional(v.pipe(v.string("invalid"), v.maxLength(800, "invalid"), v.regex(/^[A-Za-z0-9_-]+$/, "invalid"))),
});

/** Empty query parameters (an untouched filter field) mean "no filter". */
export function withoutBlanks(query: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(query).filter(([, value]) => value.trim() !== ""));
}
