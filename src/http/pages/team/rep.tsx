// /team/reps/:id: one rep's month for their manager (an admin: any rep's), and moving some of the
// rep's stores to another rep of the team (an admin: to any rep), atomically and audit-logged
// (reassignStores, db/queries/stores.ts). Any rep outside the viewer's scope is a 404 (userVisible).
import * as v from "valibot";
import type { AppContext } from "../../context.ts";
import { Csrf, FieldError, usePage, useT } from "../layout.tsx";
import { MonthBody, MonthPicker } from "../pace-view.tsx";
import { resolveMonthWith, type ResolvedMonth } from "../month.tsx";
import { idParam, withViewer } from "../../guard.ts";
import { ApiError } from "../../errors.ts";
import { formValidator, fromFields, idField, type Errors, type Fields } from "../../validation.ts";
import type { ReassignTargets } from "../../../db/queries/team.ts";
import { dailyContactsOf, loadMonthLine, repPageQueries } from "../../../services/team.ts";
import { MonthQuery } from "../../../services/rep-month-view.ts";
import type { MonthLine } from "../../../domain/month-line.ts";
import { localDateOf, monthOf, parts } from "../../../domain/dates.ts";
import { LineChart } from "../charts/charts.tsx";

/** Stores moved in one submit at most (a rep holds about 200). */
const MAX_MOVE = 500;

/** The checked stores (the name comes once per box) and the chosen rep, as typed. */
function readReassign(raw: Fields): { storeIds: string[]; toRepId: string } {
  const ids = raw.storeIds === undefined ? [] : Array.isArray(raw.storeIds) ? raw.storeIds : [raw.storeIds];
  return { storeIds: ids.map((x) => (typeof x === "string" ? x : "")), toRepId: typeof raw.toRepId === "string" ? raw.toRepId : "" };
}

const ReassignForm = fromFields(
  readReassign,
  v.object({
    storeIds: v.pipe(v.array(idField("invalid"), "required"), v.minLength(1, "required"), v.maxLength(MAX_MOVE, "too_many")),
    toRepId: idField("required"),
  }),
);

/** The form as posted, kept when it is shown again with its errors. */
export type ReassignState = { storeIds: number[]; toRepId: string; errors: Errors };

export async function keptReassign(c: AppContext, errors: Errors): Promise<ReassignState> {
  const input = readReassign(await c.req.parseBody({ all: true }));
  return { storeIds: input.storeIds.filter((x) => /^\d{1,12}$/.test(x)).map(Number), toRepId: input.toRepId, errors };
}

/** Still a 404 for a rep outside the viewer's scope, before any field error; an item's error (storeIds.3) shows beside the list. */
export const reassignForm = formValidator(ReassignForm, async (c, fields) => {
  const errors: Errors = {};
  for (const [k, msg] of Object.entries(fields)) errors[k.split(".")[0]!] ??= msg;
  return renderRep(c, idParam(c), await keptReassign(c, errors));
});

/** An admin chooses which team's reps the stores may go to. */
function TargetTeamPicker(props: { repId: number; teams: ReassignTargets["teams"]; selected: number | null }) {
  const t = useT();
  return (
    <form method="get" action={`/team/reps/${props.repId}`} class="row">
      <label for="toTeam" class="sr-only">
        {t.progress.team}
      </label>
      <select id="toTeam" name="toTeam" class="grow">
        {props.teams.map((tm) => (
          <option value={String(tm.id)} selected={tm.id === props.selected}>
            {tm.name}
          </option>
        ))}
      </select>
      <button class="secondary" type="submit">
        {t.progress.showTeam}
      </button>
    </form>
  );
}

function ReassignFields(props: { r: ResolvedMonth; targets: ReassignTargets["targets"]; form?: ReassignState }) {
  const t = useT();
  const admin = usePage().get("viewer")?.role === "admin";
  const { r, form } = props;
  const errors = form?.errors ?? {};
  const picked = new Set(form?.storeIds ?? []);
  return (
    <form method="post" action={`/team/reps/${r.view.rep.id}/reassign`}>
      <Csrf />
      <fieldset class="bare" aria-describedby={errors.storeIds ? "storeIds-error" : undefined}>
        <legend class="label">{t.progress.pickStores}</legend>
        {r.view.data.stores.map((s) => (
          <label class="check">
            <input type="checkbox" name="storeIds" value={String(s.id)} checked={picked.has(s.id)} />
            <span class={`pill ${s.class}`}>{s.class}</span>&nbsp;{s.name}
            {s.city && <span class="muted small">&nbsp;· {s.city}</span>}
          </label>
        ))}
        <FieldError errors={errors} name="storeIds" />
      </fieldset>
      <label for="toRepId">{t.progress.toRep}</label>
      {props.targets.length === 0 && <p class="muted small">{t.progress.noTargets}</p>}
      <select id="toRepId" name="toRepId" class={errors.toRepId ? "invalid" : undefined} aria-describedby={errors.toRepId ? "toRepId-error" : undefined}>
        <option value="">{t.progress.chooseRep}</option>
        {props.targets.map((u) => (
          <option value={String(u.id)} selected={String(u.id) === form?.toRepId}>
            {u.name}
            {admin && u.teamName ? ` · ${u.teamName}` : ""}
          </option>
        ))}
      </select>
      <FieldError errors={errors} name="toRepId" />
      <p class="sticky-submit">
        <button class="block" type="submit">
          {t.progress.reassignSubmit}
        </button>
      </p>
    </form>
  );
}

/** The plan items the rep skipped this month and why (issue 12.4), newest first. */
function SkipsCard(props: { r: ResolvedMonth }) {
  const t = useT();
  const { day, data } = props.r.view;
  const name = new Map(data.stores.map((s) => [s.id, s.name]));
  return (
    <div class="card" id="skips">
      <h2 class="flush">{t.progress.skip.listTitle}</h2>
      {day.skips.length === 0 ? (
        <p class="muted">{t.progress.skip.none}</p>
      ) : (
        <ul class="plain">
          {day.skips.map((s) => (
            <li>
              {s.localDate} · {name.get(s.storeId) ?? `#${s.storeId}`} · {t.common.channel[s.channel]} · <b>{t.progress.skip.reasons[s.reason]}</b>
              {s.note && <span class="muted"> · {s.note}</span>}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** The month's done-versus-expected line, day by day (issue 13.2). */
function MonthLineChart(props: { name: string; month: string; line: MonthLine }) {
  const t = useT();
  const m = t.manager;
  const { line } = props;
  return (
    <div class="card" id="month-line">
      <LineChart
        id="month-line-chart"
        title={m.lineTitle(props.name, props.month)}
        caption={m.lineCaption}
        corner={m.lineDay}
        labels={line.days.map((d) => m.dayLabel(parts(d).day))}
        series={[
          { name: m.lineExpected, values: line.expected, cls: "expected" },
          { name: m.lineDone, values: line.done, cls: "done" },
        ]}
      />
    </div>
  );
}

function RepPage(props: { r: ResolvedMonth; targets: ReassignTargets; toTeam: number | undefined; form?: ReassignState; moved?: number; line: MonthLine }) {
  const t = useT();
  const admin = usePage().get("viewer")?.role === "admin";
  const { r, form } = props;
  const { view } = r;
  const rep = view.rep;
  return (
    <>
      <p class="small">
        <a href="/team">← {t.progress.teamTitle}</a>
      </p>
      <h1>{t.progress.repTitle(rep.name)}</h1>
      {props.moved !== undefined && <div class="alert ok">{t.progress.moved(props.moved)}</div>}
      {form && Object.keys(form.errors).length > 0 && <div class="alert error">{t.common.fixErrors}</div>}
      <MonthPicker action={`/team/reps/${rep.id}`} month={r.input} error={r.error} />
      <MonthLineChart name={rep.name} month={view.day.month} line={props.line} />
      <MonthBody day={view.day} stores={view.data.stores} past={r.past} />
      <SkipsCard r={r} />
      <div class="card" id="reassign">
        <h2 class="flush">{t.progress.reassignTitle}</h2>
        <p class="muted small">{t.progress.reassignHint}</p>
        {admin && <TargetTeamPicker repId={rep.id} teams={props.targets.teams} selected={props.toTeam ?? rep.teamId} />}
        {view.data.stores.length === 0 ? <p class="muted">{t.progress.noStoresToMove}</p> : <ReassignFields r={r} targets={props.targets.targets} form={form} />}
      </div>
    </>
  );
}

function optionalId(raw: string | undefined): number | undefined {
  return raw && /^\d{1,12}$/.test(raw) && Number(raw) > 0 ? Number(raw) : undefined;
}

/** The rep's page; with `form`, the reassignment as posted and its errors (400). */
export async function renderRep(c: AppContext, repId: number, form?: ReassignState) {
  const db = c.get("db");
  const asked = v.safeParse(MonthQuery, { month: c.req.query("month") ?? "" });
  // One batch holds the session check (a claimed viewer, GET only), the month's context, the
  // reassignment targets and the line's daily counts; then the month itself.
  const { viewer, value } = await withViewer(c, ["manager", "admin"], async ({ viewer: claimed, guard }) => {
    const toTeam = claimed.role === "admin" ? optionalId(c.req.query("toTeam")) : undefined;
    // The line's counts for the month asked (else the viewer's current one); read again below only
    // when the month shown differs.
    const month = (asked.success ? asked.output.month : undefined) ?? monthOf(localDateOf(c.get("now"), claimed.timeZone));
    const { resolved: r, extra: rows } = await resolveMonthWith(c, claimed, repId, guard, repPageQueries(db, claimed, repId, toTeam, month));
    return { r, targets: { targets: rows.targets, teams: rows.teams }, counts: dailyContactsOf(rows.daily), toTeam, month };
  });
  const { r, targets, counts, toTeam, month } = value;
  if (!r) throw new ApiError(404, "not_found", "not found");
  const line = await loadMonthLine(db, viewer, r.view.data, { month, rows: counts });
  const moved = form ? undefined : optionalId(c.req.query("moved"));
  c.status(form || r.error ? 400 : 200);
  return c.render(<RepPage r={r} targets={targets} toTeam={toTeam} form={form} moved={moved} line={line} />, { title: c.get("t").progress.repTitle(r.view.rep.name), nav: "team" });
}
