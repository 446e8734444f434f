// /admin/festivals: the festivals the rules follow (R4, R5 and any an admin adds), with this year's
// and next year's dates on the official calendar, and a form to add or edit one.
import { Hono } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { AppContext, AppEnv } from "../../context.ts";
import { idParam, requireViewer } from "../../guard.ts";
import { ApiError } from "../../errors.ts";
import { Csrf, FieldError, usePage, useT } from "../layout.tsx";
import { loadPolicy, policyOf, policySelect } from "../../../db/queries/policy.ts";
import { createFestival, festivalFromRow, festivalsByDateSelect, getFestivalRow, updateFestival, type FestivalRow } from "../../../db/queries/festivals.ts";
import { validateFestival } from "../../../domain/policy.ts";
import { festivalDate } from "../../../domain/calendar/festivals.ts";
import { localDateOf, parts } from "../../../domain/dates.ts";
import { STORE_CLASSES } from "../../../domain/types.ts";
import { ACTIONS, EMPTY, festivalFieldErrors, fromForm, toCandidate, toValues, type Values } from "./festival-form.ts";
import { renderAdmin, SelectField, TextField, type Errors } from "./shared.tsx";

async function orgYear(c: AppContext): Promise<number> {
  return parts(localDateOf(c.get("now"), (await loadPolicy(c.get("db"))).timeZone)).year;
}

function FestivalList(props: { rows: FestivalRow[]; year: number }) {
  const t = useT();
  const tf = t.admin.festivals;
  const locale = usePage().get("locale");
  const { rows, year } = props;
  return (
    <>
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
    </>
  );
}

/** Which visits, calls and messages each store class owes for the festival (R4, R5). */
function Actions(props: { values: Values; errors?: Errors }) {
  const t = useT();
  const tf = t.admin.festivals;
  const { values, errors } = props;
  return (
    <>
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
    </>
  );
}

type FormProps = { id?: number; values: Values; errors?: Errors; year: number };

function FestivalForm(props: FormProps) {
  const t = useT();
  const tf = t.admin.festivals;
  const { id, values, errors } = props;
  const numberField = (name: string, label: string) => <TextField name={name} type="number" inputmode="numeric" label={label} value={values[name] ?? ""} errors={errors} />;
  // Shown under the form so an admin sees where a lunar date lands before saving.
  const checked = validateFestival(toCandidate(values));
  const preview = checked.ok ? [props.year, props.year + 1].map((y) => `${tf.thisYear(y)}: ${festivalDate(checked.value, y) ?? tf.noDate}`).join(" · ") : null;
  return (
    <>
      <h1>{id ? tf.editFestival : tf.newFestival}</h1>
      <form method="post" action={id ? `/admin/festivals/${id}` : "/admin/festivals"} class="card" novalidate>
        <Csrf />
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
        <Actions values={values} errors={errors} />
        <label class="check">
          <input type="checkbox" name="active" value="1" checked={values.active === "1"} />
          {tf.active}
        </label>
        {preview && <p class="muted small">{preview}</p>}
        <p>
          <button type="submit">{t.common.save}</button>
        </p>
      </form>
    </>
  );
}

/** The festival form, with the dates it would fall on this year and next. */
async function renderForm(c: AppContext, props: Omit<FormProps, "year">, status: ContentfulStatusCode = 200) {
  const t = c.get("t");
  const year = await orgYear(c);
  const frame = { title: props.id ? t.admin.festivals.editFestival : t.admin.festivals.newFestival, section: "festivals" as const, error: props.errors ? t.common.fixErrors : undefined };
  return renderAdmin(c, frame, <FestivalForm {...props} year={year} />, status);
}

async function loadFestival(c: AppContext, id: number) {
  requireViewer(c, "admin");
  const row = await getFestivalRow(c.get("db"), id);
  if (!row) throw new ApiError(404, "not_found", "not found");
  return row;
}

export const adminFestivals = new Hono<AppEnv>()
  .get("/", async (c) => {
    const t = c.get("t");
    const done = c.req.query("done");
    const notice = done === "created" ? t.admin.festivals.created : done === "saved" ? t.admin.saved : undefined;
    const db = c.get("db");
    const [rows, policyRows] = await db.batch([festivalsByDateSelect(db), policySelect(db)]);
    // "This year" is the organisation's, not the server's (they differ on New Year's Eve in UTC).
    const year = parts(localDateOf(c.get("now"), policyOf(policyRows).timeZone)).year;
    return renderAdmin(c, { title: t.admin.festivals.title, section: "festivals", notice }, <FestivalList rows={rows} year={year} />);
  })
  .get("/new", (c) => renderForm(c, { values: EMPTY }))
  .post("/", async (c) => {
    const t = c.get("t");
    const values = fromForm(await c.req.formData(), null);
    const result = validateFestival(toCandidate(values));
    if (!result.ok) return renderForm(c, { values, errors: festivalFieldErrors(result.fields, t) }, 400);
    if ((await createFestival(c.get("db"), result.value)) === "key_taken") return renderForm(c, { values, errors: { key: t.admin.errors.key_taken } }, 400);
    return c.redirect("/admin/festivals?done=created", 303);
  })
  .get("/:id", async (c) => {
    const id = idParam(c);
    const row = await loadFestival(c, id);
    return renderForm(c, { id, values: toValues(festivalFromRow(row)) });
  })
  .post("/:id", async (c) => {
    const id = idParam(c);
    const row = await loadFestival(c, id);
    // The key is fixed once saved: logged festival contacts refer to it (interactions.festival_key).
    const values = fromForm(await c.req.formData(), row.key);
    const result = validateFestival(toCandidate(values));
    if (!result.ok) return renderForm(c, { id, values, errors: festivalFieldErrors(result.fields, c.get("t")) }, 400);
    await updateFestival(c.get("db"), id, result.value);
    return c.redirect("/admin/festivals?done=saved", 303);
  });
