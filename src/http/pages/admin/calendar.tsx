// /admin/calendar: the official working calendar year by year (public holidays and make-up working
// days): where each year comes from (built-in, entered by an admin, none), its dates, and the ways to
// enter it: a holiday range, a make-up day, a date removed, or a whole year pasted with a preview.
// Every change saves the year whole as the admin's (services/working-calendar.ts), audited.
import { Hono } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { AppContext, AppEnv } from "../../context.ts";
import { requireViewer } from "../../guard.ts";
import { ApiError } from "../../errors.ts";
import { translate } from "../../validation.ts";
import { Csrf, FieldError, useT } from "../layout.tsx";
import { loadPolicy, policyOf, policySelect } from "../../../db/queries/policy.ts";
import { calendarYearAuthorsSelect } from "../../../db/queries/working-calendar.ts";
import { enterCalendarYear } from "../../../services/working-calendar.ts";
import { parseCalendarText, type CalendarEntry, type PastedLineError } from "../../../domain/calendar-entry.ts";
import { addDays, localDateOf, localTimeOf, parts } from "../../../domain/dates.ts";
import { isCalendarDate } from "../../../domain/fields.ts";
import type { Policy } from "../../../domain/policy.ts";
import { calendarYear, missingNextYear, type CalendarSource } from "../../../domain/working-days.ts";
import { renderAdmin, str, TextField, type Errors } from "./shared.tsx";

type YearView = { year: number; source: CalendarSource; holidays: string[]; workdays: string[]; changed: string | null };
type PastePreview = { text: string; entry: CalendarEntry | null; errors: string[] };
type PageProps = { view: YearView; years: { year: number; source: CalendarSource; holidays: number; workdays: number }[]; policyOff: boolean; errors?: Errors; values?: Record<string, string>; paste?: PastePreview };

function Dates(props: { dates: string[] }) {
  const t = useT().admin.calendar;
  if (props.dates.length === 0) return <p class="muted">{t.none}</p>;
  return <p>{props.dates.join(useT().admin.listSep)}</p>;
}

function CalendarPage(props: PageProps) {
  const t = useT();
  const tc = t.admin.calendar;
  const { view, values = {}, errors } = props;
  const base = `/admin/calendar/${view.year}`;
  return (
    <>
      <h1>{tc.title}</h1>
      <p class="muted small">{tc.intro}</p>
      {props.policyOff && <div class="alert warn">{tc.policyOff}</div>}
      <div class="table-wrap card">
        <table>
          <thead>
            <tr>
              <th>{tc.years}</th>
              <th>{tc.source}</th>
              <th>{tc.holidays}</th>
              <th>{tc.workdays}</th>
            </tr>
          </thead>
          <tbody>
            {props.years.map((y) => (
              <tr>
                <td>
                  <a href={`/admin/calendar?year=${y.year}`}>{y.year}</a>
                </td>
                <td>
                  <span class={`pill ${y.source === "none" ? "" : "ok"}`}>{tc.sources[y.source]}</span>
                </td>
                <td>{y.holidays}</td>
                <td>{y.workdays}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      <h2>
        {view.year} · {tc.sources[view.source]}
      </h2>
      {view.changed && <p class="muted small">{view.changed}</p>}
      <h3>{tc.holidays}</h3>
      <Dates dates={view.holidays} />
      <h3>{tc.workdays}</h3>
      <Dates dates={view.workdays} />

      <form method="post" action={`${base}/holidays`} class="card" novalidate>
        <Csrf />
        <h3>{tc.addHolidays}</h3>
        <div class="cols">
          <TextField name="from" label={tc.from} value={values.from ?? ""} errors={errors} />
          <TextField name="to" label={tc.to} value={values.to ?? ""} errors={errors} />
        </div>
        <button type="submit">{tc.add}</button>
      </form>
      <form method="post" action={`${base}/workdays`} class="card" novalidate>
        <Csrf />
        <h3>{tc.addWorkday}</h3>
        <TextField name="date" label={tc.date} value={values.date ?? ""} errors={errors} />
        <button type="submit">{tc.add}</button>
      </form>
      {view.holidays.length + view.workdays.length > 0 && (
        <form method="post" action={`${base}/remove`} class="card" novalidate>
          <Csrf />
          <h3>{tc.remove}</h3>
          <TextField name="removeDate" label={tc.date} value={values.removeDate ?? ""} errors={errors} />
          <button type="submit" class="secondary">
            {tc.remove}
          </button>
        </form>
      )}

      <form method="post" action={`${base}/paste`} class="card" novalidate>
        <Csrf />
        <h3>{tc.paste}</h3>
        <p class="muted small">{tc.pasteHint}</p>
        <textarea id="text" name="text" rows={12} class={errors?.text ? "invalid" : undefined} aria-describedby={errors?.text ? "text-error" : undefined}>
          {/* HTML drops one line break right after <textarea>: give it one, so the text comes back exactly. */}
          {"\n"}
          {props.paste?.text ?? ""}
        </textarea>
        <FieldError errors={errors} name="text" />
        {props.paste && props.paste.errors.length > 0 && (
          <ul class="field-error">
            {props.paste.errors.map((e) => (
              <li>{e}</li>
            ))}
          </ul>
        )}
        {props.paste?.entry && props.paste.errors.length === 0 && (
          <div class="alert ok">
            <p>
              <strong>{tc.previewTitle(props.paste.entry.holidays.length, props.paste.entry.workdays.length)}</strong>
            </p>
            <p>
              {tc.holidays}
              {t.admin.colon}
              {props.paste.entry.holidays.join(t.admin.listSep) || tc.none}
            </p>
            <p>
              {tc.workdays}
              {t.admin.colon}
              {props.paste.entry.workdays.join(t.admin.listSep) || tc.none}
            </p>
          </div>
        )}
        <p class="row">
          <button type="submit" name="intent" value="preview" class="secondary">
            {tc.preview}
          </button>
          {props.paste?.entry && props.paste.errors.length === 0 && (
            <button type="submit" name="intent" value="save">
              {tc.save}
            </button>
          )}
        </p>
      </form>
    </>
  );
}

function yearOf(c: AppContext): number {
  const raw = c.req.param("year") ?? "";
  const year = /^\d{4}$/.test(raw) ? Number(raw) : NaN;
  if (!(year >= 1901 && year <= 2100)) throw new ApiError(404, "not_found", "not found");
  return year;
}

async function renderCalendar(c: AppContext, year: number | null, extra: Omit<PageProps, "view" | "years" | "policyOff"> & { notice?: string } = {}, status: ContentfulStatusCode = 200) {
  requireViewer(c, "admin");
  const t = c.get("t");
  const db = c.get("db");
  const [policyRows, authors] = await db.batch([policySelect(db), calendarYearAuthorsSelect(db)]);
  const policy = policyOf(policyRows);
  const today = localDateOf(c.get("now"), policy.timeZone);
  const thisYear = parts(today).year;
  const shown = year ?? missingNextYear(policy.calendar, today) ?? thisYear;
  const years = [...new Set([thisYear - 1, thisYear, thisYear + 1, shown, ...authors.map((a) => a.year)])].sort((a, b) => b - a);
  const summary = years.map((y) => {
    const cy = calendarYear(policy.calendar, y);
    return { year: y, source: cy.source, holidays: cy.holidays.length, workdays: cy.workdays.length };
  });
  const author = authors.find((a) => a.year === shown);
  const view: YearView = {
    year: shown,
    ...calendarYear(policy.calendar, shown),
    changed: author ? t.admin.calendar.lastChanged(author.by ?? "—", `${localDateOf(author.at, policy.timeZone)} ${localTimeOf(author.at, policy.timeZone)}`) : null,
  };
  const { notice, ...rest } = extra;
  const frame = { title: t.admin.calendar.title, section: "calendar" as const, notice, error: status === 400 ? t.common.fixErrors : undefined };
  return renderAdmin(c, frame, <CalendarPage view={view} years={summary} policyOff={!policy.officialHolidaysOff} {...rest} />, status);
}

/** Saves the year with `change` applied to what is in force now; the redirect shows it. */
async function change(c: AppContext, year: number, edit: (current: { holidays: string[]; workdays: string[] }) => { holidays: string[]; workdays: string[] }, policy: Policy) {
  const current = calendarYear(policy.calendar, year);
  const next = edit({ holidays: current.holidays, workdays: current.workdays });
  await enterCalendarYear(c.get("db"), policy.calendar, { year, ...next }, requireViewer(c, "admin").id, c.get("now"));
  return c.redirect(`/admin/calendar?year=${year}&done=saved`, 303);
}

/** A date field of the form: a real date in `year`, else the error code. */
function dateIn(value: string, year: number): string | null {
  if (!isCalendarDate(value)) return "bad_date";
  return parts(value).year === year ? null : "date_not_in_year";
}

export const adminCalendar = new Hono<AppEnv>()
  .get("/", async (c) => {
    const raw = c.req.query("year");
    const year = raw && /^\d{4}$/.test(raw) && Number(raw) >= 1901 && Number(raw) <= 2100 ? Number(raw) : null;
    const notice = c.req.query("done") === "saved" && year ? c.get("t").admin.calendar.saved(year) : undefined;
    return renderCalendar(c, year, { notice });
  })
  .post("/:year/holidays", async (c) => {
    const year = yearOf(c);
    const t = c.get("t");
    const form = await c.req.formData();
    const values = { from: str(form, "from").trim(), to: str(form, "to").trim() };
    const errors: Errors = {};
    const from = dateIn(values.from, year);
    const to = values.to === "" ? null : dateIn(values.to, year);
    if (from) errors.from = translate(from, t);
    if (to) errors.to = translate(to, t);
    const last = values.to === "" ? values.from : values.to;
    if (!from && !to && (last < values.from || addDays(values.from, 62) < last)) errors.to = translate("bad_range", t);
    if (Object.keys(errors).length > 0) return renderCalendar(c, year, { values, errors }, 400);
    const range: string[] = [];
    for (let d = values.from; d <= last; d = addDays(d, 1)) range.push(d);
    // A day added as a holiday is no longer a make-up day.
    return change(c, year, (cur) => ({ holidays: [...cur.holidays, ...range], workdays: cur.workdays.filter((d) => !range.includes(d)) }), await loadPolicy(c.get("db")));
  })
  .post("/:year/workdays", async (c) => {
    const year = yearOf(c);
    const values = { date: str(await c.req.formData(), "date").trim() };
    const bad = dateIn(values.date, year);
    if (bad) return renderCalendar(c, year, { values, errors: { date: translate(bad, c.get("t")) } }, 400);
    return change(c, year, (cur) => ({ holidays: cur.holidays.filter((d) => d !== values.date), workdays: [...cur.workdays, values.date] }), await loadPolicy(c.get("db")));
  })
  .post("/:year/remove", async (c) => {
    const year = yearOf(c);
    const values = { removeDate: str(await c.req.formData(), "removeDate").trim() };
    const policy = await loadPolicy(c.get("db"));
    const current = calendarYear(policy.calendar, year);
    const bad = dateIn(values.removeDate, year) ?? (current.holidays.includes(values.removeDate) || current.workdays.includes(values.removeDate) ? null : "not_found");
    if (bad) return renderCalendar(c, year, { values, errors: { removeDate: translate(bad, c.get("t")) } }, 400);
    return change(c, year, (cur) => ({ holidays: cur.holidays.filter((d) => d !== values.removeDate), workdays: cur.workdays.filter((d) => d !== values.removeDate) }), policy);
  })
  .post("/:year/paste", async (c) => {
    const year = yearOf(c);
    const t = c.get("t");
    const form = await c.req.formData();
    const text = str(form, "text");
    const parsed = parseCalendarText(year, text);
    const lineErrors = parsed.errors.map((e: PastedLineError) => t.admin.calendar.lineError(e.line, e.text, translate(e.code, t)));
    if (text.trim() === "") return renderCalendar(c, year, { paste: { text, entry: null, errors: [] }, errors: { text: translate("required", t) } }, 400);
    if (lineErrors.length > 0) return renderCalendar(c, year, { paste: { text, entry: null, errors: lineErrors }, errors: { text: t.common.fixErrors } }, 400);
    if (str(form, "intent") !== "save") return renderCalendar(c, year, { paste: { text, entry: parsed.entry, errors: [] } });
    const policy = await loadPolicy(c.get("db"));
    return change(c, year, () => ({ holidays: parsed.entry.holidays, workdays: parsed.entry.workdays }), policy);
  });
