// The festival form's fields and a FestivalDef, each way: the candidate for validateFestival, and its
// error paths back onto the fields with a message saying what each field takes.
import type { FestivalAction, FestivalDef } from "../../../domain/policy.ts";
import { STORE_CLASSES } from "../../../domain/types.ts";
import type { Messages } from "../../../i18n/index.ts";
import { num, str, strs, type Errors } from "./shared.tsx";

export const ACTIONS: FestivalAction[] = ["visit_with_gift", "visit", "phone", "message"];

export type Values = Record<string, string>;

export function toValues(f: FestivalDef): Values {
  return {
    key: f.key,
    nameZh: f.name["zh-CN"],
    nameEn: f.name.en,
    calendar: f.calendar,
    month: String(f.month),
    day: String(f.day),
    windowBefore: String(f.windowBefore),
    windowAfter: String(f.windowAfter),
    leadDays: String(f.leadDays),
    "actions.A": f.actions.A.join(","),
    "actions.B": f.actions.B.join(","),
    "actions.C": f.actions.C.join(","),
    active: f.active ? "1" : "",
  };
}

export const EMPTY: Values = {
  key: "",
  nameZh: "",
  nameEn: "",
  calendar: "lunar",
  month: "",
  day: "",
  windowBefore: "10",
  windowAfter: "2",
  leadDays: "10",
  "actions.A": "",
  "actions.B": "",
  "actions.C": "",
  active: "1",
};

export function fromForm(form: FormData, key: string | null): Values {
  return {
    key: key ?? str(form, "key").trim(),
    nameZh: str(form, "nameZh"),
    nameEn: str(form, "nameEn"),
    calendar: str(form, "calendar"),
    month: str(form, "month"),
    day: str(form, "day"),
    windowBefore: str(form, "windowBefore"),
    windowAfter: str(form, "windowAfter"),
    leadDays: str(form, "leadDays"),
    "actions.A": strs(form, "actions.A").join(","),
    "actions.B": strs(form, "actions.B").join(","),
    "actions.C": strs(form, "actions.C").join(","),
    active: str(form, "active") === "1" ? "1" : "",
  };
}

export function toCandidate(values: Values): unknown {
  const list = (s: string) => s.split(",").filter(Boolean);
  return {
    key: values.key,
    name: { "zh-CN": values.nameZh ?? "", en: values.nameEn ?? "" },
    calendar: values.calendar,
    month: num(values.month ?? ""),
    day: num(values.day ?? ""),
    windowBefore: num(values.windowBefore ?? ""),
    windowAfter: num(values.windowAfter ?? ""),
    leadDays: num(values.leadDays ?? ""),
    // Each action once: a double-posted checkbox must not make a store need two visits.
    actions: Object.fromEntries(STORE_CLASSES.map((k) => [k, [...new Set(list(values[`actions.${k}`] ?? ""))]])),
    active: values.active === "1",
  };
}

/** validateFestival's paths → form fields with a message saying what each takes. */
export function festivalFieldErrors(fields: Record<string, string>, t: Messages): Errors {
  const e = t.admin.errors;
  const out: Errors = {};
  for (const path of Object.keys(fields)) {
    const [head] = path.split(".");
    const mapped: [string, string] =
      path === "key"
        ? ["key", e.festival_key]
        : path === "name.zh-CN" || path === "name"
          ? ["nameZh", e.festival_name]
          : path === "name.en"
            ? ["nameEn", e.festival_name_en]
            : path === "calendar"
              ? ["calendar", e.choice]
              : path === "month"
                ? ["month", e.month]
                : path === "day" || path === "_"
                  ? ["day", e.day]
                  : path === "windowBefore"
                    ? ["windowBefore", e.window_before]
                    : path === "windowAfter"
                      ? ["windowAfter", e.window_after]
                      : path === "leadDays"
                        ? ["leadDays", e.lead_days]
                        : head === "actions"
                          ? [path.split(".").slice(0, 2).join("."), e.choice]
                          : [head ?? "_", t.validation.invalid];
    // A control character in a name is not a length problem: say what it is.
    out[mapped[0]] ??= fields[path] === "control_chars" ? t.validation.control_chars : mapped[1];
  }
  return out;
}

