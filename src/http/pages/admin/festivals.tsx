// /admin/festivals: the festivals the rules follow (R4, R5 and any an admin adds), with this year's
// and next year's dates on the official calendar, and a form to add or edit one.
import { loadPolicy, policyOf, policySelect } from "../../../db/queries/policy.ts";
import { Hono } from "hono";
import type { AppContext, AppEnv } from "../../context.ts";
import { idParam, requireViewer } from "../../guard.ts";
import { ApiError } from "../../errors.ts";
import { Csrf, FieldError } from "../layout.tsx";
import { createFestival, festivalFromRow, festivalsByDateSelect, getFestivalRow, updateFestival } from "../../../db/queries/festivals.ts";
import { validateFestival, type FestivalAction, type FestivalDef } from "../../../domain/policy.ts";
import { festivalDate } from "../../../domain/calendar/festivals.ts";
import { localDateOf, parts } from "../../../domain/dates.ts";
import { STORE_CLASSES } from "../../../domain/types.ts";
import type { Messages } from "../../../i18n/index.ts";
import { AdminPage, SelectField, TextField, num, str, strs, type Errors } from "./shared.tsx";

const ACTIONS: FestivalAction[] = ["visit_with_gift", "visit", "phone", "message"];

type Values = Record<string, string>;

function toValues(f: FestivalDef): Values {
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

const EMPTY: Values = {
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

function fromForm(form: FormData, key: string | null): Values {
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

function toCandidate(values: Values): unknown {
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

async function orgYear(c: AppContext): Promise<number> {
  return parts(localDateOf(c.get("now"), (await loadPolicy(c.get("db"))).timeZone)).year;
}

async function FestivalList(props: { c: AppContext; notice?: string }) {
  const { c } = props;
  requireViewer(c, "admin");
  const t = c.get("t");
  const tf = t.admin.festivals;
  const db = c.get("db");
  const [rows, policyRows] = await db.batch([
    festivalsByDateSelect(db),
    policySelect(db),
  ]);
  // "This year" is the organisation's, not the server's (they differ on New Year's Eve in UTC).
  const tz = policyOf(policyRows).timeZone;
  const year = parts(localDateOf(c.get("now"), tz)).year;
  const locale = c.get("locale");
  return (
    <AdminPage c={c} title={tf.title} section="festivals" notice={props.notice}>
      <div class="row">
        <h1 class="grow">{tf.title}</h1>
        <a class="button" href="/admin/festivals/new">
          {tf.newFestival}
        </a>
      </div>
      {rows.length === 0 ? (
        <p class="muted">{tf.none}</p>
      ) : (
        <div class="table-wrap card">
          <table>
            <thead>
              <tr>
                <th>{tf.title}</th>
                <th>{tf.calendar}</th>
                <th>{tf.thisYear(year)}</th>
                <th>{tf.thisYear(year + 1)}</th>
                <th>{tf.status}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => {
                const def = festivalFromRow(r);
                return (
                  <tr>
                    <td>
                      <a href={`/admin/festivals/${r.id}`}>{locale === "en" ? r.nameEn : r.nameZh}</a>
                      <div class="small muted">{r.key}</div>
                    </td>
                    <td>{`${t.common.calendar[r.calendar]} ${r.month}/${r.day}`}</td>
                    <td>{festivalDate(def, year) ?? tf.noDate}</td>
                    <td>{festivalDate(def, year + 1) ?? tf.noDate}</td>
                    <td>
                      <span class={`pill ${r.active ? "ok" : ""}`}>{r.active ? tf.active : tf.inactive}</span>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </AdminPage>
  );
}

function FestivalForm(props: { c: AppContext; id?: number; values: Values; errors?: Errors; year: number }) {
  const { c, id, values, errors } = props;
  const t = c.get("t");
  const tf = t.admin.festivals;
  const title = id ? tf.editFestival : tf.newFestival;
  const numberField = (name: string, label: string) => (
    <TextField name={name} type="number" inputmode="numeric" label={label} value={values[name] ?? ""} errors={errors} />
  );
  // Shown under the form so an admin sees where a lunar date lands before saving.
  const preview = (() => {
    const cand = toCandidate(values) as FestivalDef;
    const ok = validateFestival(cand);
    if (!ok.ok) return null;
    return [props.year, props.year + 1].map((y) => `${tf.thisYear(y)}: ${festivalDate(ok.value, y) ?? tf.noDate}`).join(" · ");
  })();
  return (
    <AdminPage c={c} title={title} section="festivals" error={errors ? t.common.fixErrors : undefined}>
      <h1>{title}</h1>
      <form method="post" action={id ? `/admin/festivals/${id}` : "/admin/festivals"} class="card" novalidate>
        <Csrf c={c} />
        <TextField name="key" label={tf.key} hint={tf.keyHint} value={values.key ?? ""} errors={errors} readonly={Boolean(id)} required />
        <TextField name="nameZh" label={tf.nameZh} value={values.nameZh ?? ""} errors={errors} required />
        <TextField name="nameEn" label={tf.nameEn} value={values.nameEn ?? ""} errors={errors} required />
        <SelectField
          name="calendar"
          label={tf.calendar}
          value={values.calendar ?? ""}
          errors={errors}
          options={[
            ["lunar", t.common.calendar.lunar],
            ["solar", t.common.calendar.solar],
          ]}
        />
        <div class="cols">
          {numberField("month", tf.month)}
          {numberField("day", tf.day)}
        </div>
        <p class="muted small">{tf.dateHint}</p>
        <div class="cols">
          {numberField("windowBefore", tf.windowBefore)}
          {numberField("windowAfter", tf.windowAfter)}
        </div>
        {numberField("leadDays", tf.leadDays)}
        <h2>{tf.actions}</h2>
        {STORE_CLASSES.map((k) => {
          const name = `actions.${k}`;
          const chosen = new Set((values[name] ?? "").split(","));
          return (
            <fieldset id={name} class={`group${errors?.[name] ? " invalid" : ""}`} aria-describedby={errors?.[name] ? `${name}-error` : undefined}>
              <legend>{t.common.storeClass[k]}</legend>
              {ACTIONS.map((a) => (
                <label class="check">
                  <input type="checkbox" name={name} value={a} checked={chosen.has(a)} />
                  {tf.action[a]}
                </label>
              ))}
              <FieldError errors={errors} name={name} />
            </fieldset>
          );
        })}
        <label class="check">
          <input type="checkbox" name="active" value="1" checked={values.active === "1"} />
          {tf.active}
        </label>
        {preview && <p class="muted small">{preview}</p>}
        <p>
          <button type="submit">{t.common.save}</button>
        </p>
      </form>
    </AdminPage>
  );
}

async function loadFestival(c: AppContext, id: number) {
  requireViewer(c, "admin");
  const row = await getFestivalRow(c.get("db"), id);
  if (!row) throw new ApiError(404, "not_found", "not found");
  return row;
}

export const adminFestivals = new Hono<AppEnv>()
  .get("/", (c) => {
    requireViewer(c, "admin");
    const done = c.req.query("done");
    const notice = done === "created" ? c.get("t").admin.festivals.created : done === "saved" ? c.get("t").admin.saved : undefined;
    return c.html(<FestivalList c={c} notice={notice} />);
  })
  .get("/new", async (c) => {
    requireViewer(c, "admin");
    return c.html(<FestivalForm c={c} values={EMPTY} year={await orgYear(c)} />);
  })
  .post("/", async (c) => {
    requireViewer(c, "admin");
    const t = c.get("t");
    const db = c.get("db");
    const values = fromForm(await c.req.formData(), null);
    const result = validateFestival(toCandidate(values));
    if (!result.ok) {
      return c.html(<FestivalForm c={c} values={values} errors={festivalFieldErrors(result.fields, t)} year={await orgYear(c)} />, 400);
    }
    if ((await createFestival(db, result.value)) === "key_taken") {
      return c.html(<FestivalForm c={c} values={values} errors={{ key: t.admin.errors.key_taken }} year={await orgYear(c)} />, 400);
    }
    return c.redirect("/admin/festivals?done=created", 303);
  })
  .get("/:id", async (c) => {
    const id = idParam(c);
    const row = await loadFestival(c, id);
    return c.html(<FestivalForm c={c} id={id} values={toValues(festivalFromRow(row))} year={await orgYear(c)} />);
  })
  .post("/:id", async (c) => {
    const id = idParam(c);
    const t = c.get("t");
    const row = await loadFestival(c, id);
    // The key is fixed once saved: logged festival contacts refer to it (interactions.festival_key).
    const values = fromForm(await c.req.formData(), row.key);
    const result = validateFestival(toCandidate(values));
    if (!result.ok) {
      return c.html(<FestivalForm c={c} id={id} values={values} errors={festivalFieldErrors(result.fields, t)} year={await orgYear(c)} />, 400);
    }
    await updateFestival(c.get("db"), id, result.value);
    return c.redirect("/admin/festivals?done=saved", 303);
  });
