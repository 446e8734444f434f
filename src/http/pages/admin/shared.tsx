// Pieces every admin page uses: the section tabs, labelled fields with their errors, form reading
// and error-code translation.
import type { Child } from "hono/jsx";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { AppContext } from "../../context.ts";
import type { Messages } from "../../../i18n/index.ts";
import { FieldError, usePage, useT } from "../layout.tsx";
import type { Errors } from "../../validation.ts";

// `templates` has a frame of its own (templates.tsx); listed here so the tabs are whole.
export type Section = "users" | "teams" | "policy" | "calendar" | "festivals" | "import" | "templates" | "audit";
export type { Errors } from "../../validation.ts";

export const SECTIONS: Section[] = ["users", "teams", "policy", "calendar", "festivals", "templates", "import", "audit"];

type Frame = { title: string; section?: Section; notice?: string; error?: string };

function AdminPage(props: Omit<Frame, "title"> & { children: Child }) {
  const t = useT().admin;
  return (
    <>
      <nav class="sub">
        <a href="/admin" class={props.section ? undefined : "on"}>
          {t.title}
        </a>
        {SECTIONS.map((s) => (
          <a href={`/admin/${s}`} class={props.section === s ? "on" : undefined}>
            {t.sections[s]}
          </a>
        ))}
      </nav>
      <MissingCalendar />
      {props.notice && <div class="alert ok">{props.notice}</div>}
      {props.error && <div class="alert error">{props.error}</div>}
      {props.children}
    </>
  );
}

/** From 1 November, while next year's working calendar has no source (set by the admin router). */
function MissingCalendar() {
  const c = usePage();
  const year = c.get("calendarMissing");
  if (!year) return null;
  const t = c.get("t").admin.calendar;
  return (
    <div class="alert warn" role="alert">
      {t.missing(year)} <a href={`/admin/calendar?year=${year}`}>{t.enterIt}</a>
    </div>
  );
}

/** An admin page: the section tabs and the notice or error above `body`. */
export function renderAdmin(c: AppContext, frame: Frame, body: Child, status: ContentfulStatusCode = 200) {
  c.status(status);
  const { title, ...rest } = frame;
  return c.render(<AdminPage {...rest}>{body}</AdminPage>, { title, nav: "admin" });
}

/** An error code (valibot message or service code) in the viewer's language. */
export function errorText(code: string, t: Messages): string {
  const own = (t.admin.errors as Record<string, unknown>)[code];
  if (typeof own === "string") return own;
  return (t.validation as Record<string, string>)[code] ?? t.validation.invalid;
}

export function translateAll(codes: Record<string, string>, t: Messages): Errors {
  return Object.fromEntries(Object.entries(codes).map(([k, code]) => [k, errorText(code, t)]));
}

/** The id a field's input and its error share (names like `quotas.visit.A` are fine as ids). */
function describedBy(errors: Errors | undefined, name: string): string | undefined {
  return errors?.[name] ? `${name}-error` : undefined;
}

export function TextField(props: {
  name: string;
  label: string;
  value: string;
  errors?: Errors;
  type?: "text" | "email" | "number" | "time";
  hint?: string;
  required?: boolean;
  inputmode?: "numeric" | "decimal" | "email";
  min?: number;
  max?: number;
  readonly?: boolean;
}) {
  const bad = Boolean(props.errors?.[props.name]);
  return (
    <div class="field">
      <label for={props.name}>{props.label}</label>
      <input
        id={props.name}
        name={props.name}
        type={props.type ?? "text"}
        value={props.value}
        required={props.required}
        inputmode={props.inputmode}
        min={props.min}
        max={props.max}
        readonly={props.readonly}
        class={bad ? "invalid" : undefined}
        aria-invalid={bad ? "true" : undefined}
        aria-describedby={describedBy(props.errors, props.name)}
      />
      {props.hint && <div class="muted small">{props.hint}</div>}
      <FieldError errors={props.errors} name={props.name} />
    </div>
  );
}

export function SelectField(props: {
  name: string;
  label: string;
  value: string;
  options: readonly (readonly [string, string])[];
  errors?: Errors;
  hint?: string;
}) {
  const bad = Boolean(props.errors?.[props.name]);
  return (
    <div class="field">
      <label for={props.name}>{props.label}</label>
      <select
        id={props.name}
        name={props.name}
        class={bad ? "invalid" : undefined}
        aria-invalid={bad ? "true" : undefined}
        aria-describedby={describedBy(props.errors, props.name)}
      >
        {props.options.map(([value, label]) => (
          <option value={value} selected={value === props.value}>
            {label}
          </option>
        ))}
      </select>
      {props.hint && <div class="muted small">{props.hint}</div>}
      <FieldError errors={props.errors} name={props.name} />
    </div>
  );
}

/** A string field of a submitted form; files and missing fields read as "". */
export function str(form: FormData, name: string): string {
  const v = form.get(name);
  return typeof v === "string" ? v : "";
}

export function strs(form: FormData, name: string): string[] {
  return form.getAll(name).filter((v): v is string => typeof v === "string");
}

/** Form numbers: an empty field is not zero. */
export function num(s: string): number {
  return s.trim() === "" ? Number.NaN : Number(s.trim());
}
