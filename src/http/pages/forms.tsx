// The form toolkit of the store, contact, life-event and team pages: fields that show what the user
// typed (`values`, raw strings) with each error beside its field, and the mapping of a write that
// did not happen to what the page answers.
import type { AppContext } from "../context.ts";
import { FieldError, useT } from "./layout.tsx";
import type { WriteFailure } from "../../db/queries/stores.ts";
import { ApiError } from "../errors.ts";
import { translate, type Errors } from "../validation.ts";
import { logUrl, type LogParams } from "../../domain/log-link.ts";

export type Values = Record<string, string>;

/** `/log` prefilled, relative (see domain/log-link.ts). */
export const logLink = (p: LogParams) => logUrl("", p);

/** A write's field codes (i18n `validation` keys) in the viewer's language. */
export function codesToMessages(fields: Record<string, string>, c: AppContext): Errors {
  const t = c.get("t");
  return Object.fromEntries(Object.entries(fields).map(([k, code]) => [k, translate(code, t)]));
}

/** Non-validation failures of a page write: out of scope is a 404, a refused field a 403. */
export function throwFailure(f: WriteFailure, c: AppContext): never {
  if (f.reason === "not_found") throw new ApiError(404, "not_found", "not found");
  if (f.reason === "forbidden") throw new ApiError(403, "forbidden", c.get("t").common.forbidden);
  throw new ApiError(400, "validation_failed", c.get("t").common.fixErrors);
}

function describedBy(errors: Errors, name: string): string | undefined {
  return errors[name] ? `${name}-error` : undefined;
}

export function TextField(props: {
  name: string;
  label: string;
  values: Values;
  errors: Errors;
  type?: string;
  hint?: string;
  placeholder?: string;
  inputmode?: "numeric" | "decimal" | "tel" | "text";
  autocomplete?: string;
  area?: boolean;
  required?: boolean;
}) {
  const { name, values, errors } = props;
  const invalid = errors[name] ? "invalid" : undefined;
  return (
    <div>
      <label for={name}>{props.label}</label>
      {props.area ? (
        <textarea id={name} name={name} class={invalid} aria-describedby={describedBy(errors, name)}>
          {values[name] ?? ""}
        </textarea>
      ) : (
        <input
          id={name}
          name={name}
          type={props.type ?? "text"}
          inputmode={props.inputmode}
          autocomplete={props.autocomplete}
          placeholder={props.placeholder}
          required={props.required}
          value={values[name] ?? ""}
          class={invalid}
          aria-describedby={describedBy(errors, name)}
        />
      )}
      {props.hint && <div class="muted small">{props.hint}</div>}
      <FieldError errors={errors} name={name} />
    </div>
  );
}

export function SelectField(props: { name: string; label: string; values: Values; errors: Errors; options: [string, string][]; hint?: string }) {
  const { name, values, errors } = props;
  const current = values[name] ?? "";
  return (
    <div>
      <label for={name}>{props.label}</label>
      <select id={name} name={name} class={errors[name] ? "invalid" : undefined} aria-describedby={describedBy(errors, name)}>
        {props.options.map(([value, label]) => (
          <option value={value} selected={value === current}>
            {label}
          </option>
        ))}
      </select>
      {props.hint && <div class="muted small">{props.hint}</div>}
      <FieldError errors={errors} name={name} />
    </div>
  );
}

export function CheckField(props: { name: string; label: string; values: Values; errors: Errors }) {
  const { name, values, errors } = props;
  const on = values[name] === "1" || values[name] === "on" || values[name] === "true";
  return (
    <div>
      <label class="check">
        <input type="checkbox" name={name} value="1" checked={on} aria-describedby={describedBy(errors, name)} />
        {props.label}
      </label>
      <FieldError errors={errors} name={name} />
    </div>
  );
}

export function ErrorSummary(props: { errors: Errors }) {
  const t = useT();
  return Object.keys(props.errors).length > 0 ? <div class="alert error">{t.common.fixErrors}</div> : null;
}
