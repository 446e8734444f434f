// Form widgets shared by the store, contact and life-event pages, and the store form. A form is
// re-rendered with what the user typed (`values`, raw strings) and each error beside its field.
import { logUrl, type LogParams } from "../../domain/log-link.ts";
import type { AppContext } from "../context.ts";
import { Csrf, FieldError, Layout } from "./layout.tsx";
import { STORE_CLASSES } from "../../domain/types.ts";
import type { StoreView, WriteFailure } from "../../db/queries/stores.ts";
import type { Birthday } from "../../domain/calendar/birthdays.ts";
import { ApiError } from "../errors.ts";
import { translate } from "../validation.ts";

export type Values = Record<string, string>;
export type Errors = Record<string, string>;

/** The string fields of a submitted form (files and the CSRF token left out). */
export function formValues(body: Record<string, unknown>): Values {
  const out: Values = {};
  for (const [k, x] of Object.entries(body)) if (typeof x === "string" && k !== "_csrf") out[k] = x;
  return out;
}

/** `/log` prefilled, relative (see domain/log-link.ts). */
export const logLink = (p: LogParams) => logUrl("", p);

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

export function birthdayOf(x: { birthdayCalendar: "solar" | "lunar" | null; birthdayMonth: number | null; birthdayDay: number | null; birthdayLeapMonth: boolean }): Birthday | null {
  if (!x.birthdayCalendar || x.birthdayMonth === null || x.birthdayDay === null) return null;
  return { calendar: x.birthdayCalendar, month: x.birthdayMonth, day: x.birthdayDay, leapMonth: x.birthdayLeapMonth };
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
  inputmode?: "numeric" | "tel" | "text";
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

export function ErrorSummary(props: { c: AppContext; errors: Errors }) {
  return Object.keys(props.errors).length > 0 ? <div class="alert error">{props.c.get("t").common.fixErrors}</div> : null;
}

export type RepChoice = { id: number; name: string; email: string };

/** The store form: new (manager/admin) or edit (reps see class and rep but cannot change them). */
export function StoreForm(props: {
  c: AppContext;
  store?: StoreView;
  values: Values;
  errors: Errors;
  /** null when there are too many reps to list: the form asks for a rep id. */
  reps: RepChoice[] | null;
}) {
  const { c, store, values, errors } = props;
  const t = c.get("t");
  const s = t.stores;
  const canManage = c.get("viewer")?.role !== "rep";
  const title = store ? s.editStore : s.newStore;
  return (
    <Layout c={c} title={title} nav="stores">
      <p class="small">
        <a href={store ? `/stores/${store.id}` : "/stores"}>← {store ? store.name : s.listTitle}</a>
      </p>
      <h1>{title}</h1>
      <ErrorSummary c={c} errors={errors} />
      <form method="post" action={store ? `/stores/${store.id}/edit` : "/stores"} class="card" novalidate>
        <Csrf c={c} />
        <TextField name="name" label={s.name} values={values} errors={errors} required />
        {canManage ? (
          <>
            <SelectField
              name="class"
              label={s.storeClass}
              values={values}
              errors={errors}
              hint={s.classHint}
              options={[["", "—"], ...STORE_CLASSES.map((k): [string, string] => [k, t.common.storeClass[k]])]}
            />
            {props.reps ? (
              <SelectField
                name="repId"
                label={s.rep}
                values={values}
                errors={errors}
                options={[["", s.chooseRep], ...props.reps.map((r): [string, string] => [String(r.id), `${r.name} · ${r.email}`])]}
              />
            ) : (
              <TextField name="repId" label={s.repId} values={values} errors={errors} inputmode="numeric" />
            )}
          </>
        ) : (
          store && (
            <p class="muted small">
              {t.common.storeClass[store.class]} · {s.rep}: {store.repName ?? s.unassigned}
              <br />
              {s.lockedForRep}
            </p>
          )
        )}
        <TextField name="address" label={s.address} values={values} errors={errors} autocomplete="street-address" />
        <TextField name="city" label={s.city} values={values} errors={errors} />
        <TextField name="phone" label={s.phone} values={values} errors={errors} type="tel" inputmode="tel" />
        <div class="sticky-submit">
          <button class="block" type="submit">
            {t.common.save}
          </button>
        </div>
      </form>
      {store && canManage && (
        <form method="post" action={`/stores/${store.id}/archive`} class="card">
          <Csrf c={c} />
          <input type="hidden" name="archived" value={store.archived ? "0" : "1"} />
          <p class="muted small">{s.archiveHint}</p>
          <button class={store.archived ? "secondary" : "danger"} type="submit">
            {store.archived ? s.unarchive : s.archive}
          </button>
        </form>
      )}
    </Layout>
  );
}

export function storeValues(store: StoreView): Values {
  return {
    name: store.name,
    class: store.class,
    repId: store.repId === null ? "" : String(store.repId),
    address: store.address ?? "",
    city: store.city ?? "",
    phone: store.phone ?? "",
  };
}
