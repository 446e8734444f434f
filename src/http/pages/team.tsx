// /team (managers: their team; admins: every team, filterable): each rep's pace by channel (R1–R3),
// stores behind, R9–R11 and visit intel (R12–R17); /team/reps/:id drills into one rep's month and
// lets the manager move stores to another rep of the team (an admin: to any rep), atomically and
// audit-logged. Reps get 404 here, and so does any rep outside the viewer's scope (userVisible).
import { Hono } from "hono";
import * as v from "valibot";
import type { AppContext, AppEnv } from "../context.ts";
import { Csrf, FieldError, Layout } from "./layout.tsx";
import { fmt, MonthBody, MonthPicker, PaceBar } from "./pace-view.tsx";
import { resolveMonth, type ResolvedMonth } from "./month.tsx";
import { idParam, requireViewer } from "../guard.ts";
import { ApiError } from "../errors.ts";
import { fieldErrors } from "../validation.ts";
import type { Viewer } from "../../auth/identity.ts";
import { codesToMessages, throwFailure } from "./store-forms.tsx";
import { reassignStores } from "../../db/queries/stores.ts";
import { reassignTargets, type ReassignTargets, type TeamRep } from "../../db/queries/team.ts";
import { loadTeamList, TEAM_PAGE_SIZE } from "../../services/team.ts";
import type { RepDay } from "../../domain/rep-day.ts";
import { QUOTA_CHANNELS } from "../../domain/types.ts";
import type { Pace } from "../../domain/pace.ts";

/** Stores moved in one submit at most (a rep holds about 200). */
const MAX_MOVE = 500;

const id = (code: string) => v.pipe(v.string(code), v.regex(/^\d{1,12}$/, code), v.transform(Number), v.minValue(1, code));

const TeamQuery = v.object({
  teamId: v.optional(v.union([v.literal(""), id("invalid")], "invalid")),
  page: v.optional(v.pipe(v.string("invalid"), v.regex(/^\d{1,4}$/, "invalid"), v.transform(Number), v.minValue(1, "invalid"))),
});

const ReassignForm = v.object({
  storeIds: v.pipe(v.array(id("invalid"), "required"), v.minLength(1, "required"), v.maxLength(MAX_MOVE, "too_many")),
  toRepId: id("required"),
});

// ---- the team list ------------------------------------------------------------------------------

function RepCard(props: { c: AppContext; rep: TeamRep; day: RepDay; showTeam: boolean }) {
  const { c, rep, day } = props;
  const t = c.get("t");
  const { rules, intel } = day;
  const ruleRows: [string, Pace][] = [
    [t.progress.rules.R9, rules.helpAsked],
    [t.progress.rules.R10, rules.problemsSolved],
    [t.progress.rules.R11, rules.trainings],
  ];
  return (
    <div class="card" data-rep={String(rep.id)}>
      <div class="row">
        <h3 class="flush grow">
          <a href={`/team/reps/${rep.id}`}>{rep.name}</a>
          {!rep.active && <span class="pill bad">{t.progress.inactive}</span>}
        </h3>
        {props.showTeam && rep.teamName && <span class="muted small">{rep.teamName}</span>}
      </div>
      <p class="muted small">
        {t.progress.storesBehind(day.pace.storesBehind, day.pace.storesTotal)} · {t.progress.intelRate(intel.complete, intel.visits)}
      </p>
      <div class="kpis">
        {QUOTA_CHANNELS.map((ch) => {
          const h = day.pace.headline[ch];
          return (
            <div class="kpi" data-channel={ch}>
              <span class="muted small">{t.common.channel[ch]}</span>
              <b>{t.progress.doneOf(h.credited, h.required)}</b>
              <PaceBar
                c={c}
                pace={{
                  done: h.credited,
                  required: h.required,
                  expectedByToday: h.expectedByToday,
                  met: h.credited >= h.required,
                  isBehind: h.expectedByToday - h.credited >= 1,
                  critical: false,
                }}
              />
              <span class="muted small">{t.progress.expected(fmt(h.expectedByToday))}</span>
            </div>
          );
        })}
      </div>
      <p class="small rules">
        {ruleRows.map(([label, pace]) => (
          <span class={`pill ${pace.met ? "ok" : pace.isBehind ? "bad" : ""}`}>
            {label} {t.progress.doneOf(pace.done, pace.required)}
          </span>
        ))}
      </p>
    </div>
  );
}

async function teamList(c: AppContext) {
  const viewer = requireViewer(c, "manager", "admin");
  const t = c.get("t");
  const parsed = v.safeParse(TeamQuery, c.req.query());
  const errors = parsed.success ? {} : fieldErrors(parsed.issues, t);
  const q = parsed.success ? parsed.output : {};
  // Managers see their team whatever the filter says; admins may narrow to one team.
  const teamFilter = viewer.role === "admin" && typeof q.teamId === "number" ? q.teamId : undefined;
  const page = q.page ?? 1;
  const { reps, hasNext, teams: teamRows } = await loadTeamList(c.get("db"), viewer, { teamId: teamFilter, page }, c.get("now"));
  const pageHref = (p: number) => {
    const u = new URLSearchParams();
    if (teamFilter !== undefined) u.set("teamId", String(teamFilter));
    u.set("page", String(p));
    return `/team?${u.toString()}`;
  };
  const myTeam = teamRows[0]?.name;
  return c.html(
    <Layout c={c} title={t.progress.teamTitle} nav="team">
      <h1>
        {t.progress.teamTitle}
        {viewer.role === "manager" && myTeam ? ` · ${myTeam}` : ""}
      </h1>
      {viewer.role === "admin" && (
        <form method="get" action="/team" class="row">
          <label for="teamId" class="sr-only">
            {t.progress.team}
          </label>
          <select id="teamId" name="teamId" class={errors.teamId ? "invalid grow" : "grow"}>
            <option value="">{t.progress.allTeams}</option>
            {teamRows.map((tm) => (
              <option value={String(tm.id)} selected={tm.id === teamFilter}>
                {tm.name}
              </option>
            ))}
          </select>
          <button class="secondary" type="submit">
            {t.progress.filter}
          </button>
          <FieldError errors={errors} name="teamId" />
        </form>
      )}
      {reps.length === 0 ? (
        <p class="muted">{t.progress.noReps}</p>
      ) : (
        <>
          <p class="muted small">{t.progress.pageOf((page - 1) * TEAM_PAGE_SIZE + 1, (page - 1) * TEAM_PAGE_SIZE + reps.length)}</p>
          {reps.map(({ rep, day }) => (
            <RepCard c={c} rep={rep} day={day} showTeam={viewer.role === "admin"} />
          ))}
        </>
      )}
      {(page > 1 || hasNext) && (
        <p class="row">
          {page > 1 && <a href={pageHref(page - 1)}>{t.progress.prev}</a>}
          {hasNext && <a href={pageHref(page + 1)}>{t.progress.next}</a>}
        </p>
      )}
    </Layout>,
    Object.keys(errors).length > 0 ? 400 : 200,
  );
}

// ---- one rep, and moving their stores -----------------------------------------------------------

type FormState = { storeIds: number[]; toRepId: string; errors: Record<string, string> };

function RepPage(props: {
  c: AppContext;
  r: ResolvedMonth;
  targets: ReassignTargets;
  toTeam: number | undefined;
  form?: FormState;
  moved?: number;
}) {
  const { c, r, targets, form } = props;
  const t = c.get("t");
  const { view } = r;
  const rep = view.rep;
  const viewer = c.get("viewer")!;
  const errors = form?.errors ?? {};
  const picked = new Set(form?.storeIds ?? []);
  return (
    <Layout c={c} title={t.progress.repTitle(rep.name)} nav="team">
      <p class="small">
        <a href="/team">← {t.progress.teamTitle}</a>
      </p>
      <h1>{t.progress.repTitle(rep.name)}</h1>
      {props.moved !== undefined && <div class="alert ok">{t.progress.moved(props.moved)}</div>}
      {form && Object.keys(errors).length > 0 && <div class="alert error">{t.common.fixErrors}</div>}
      <MonthPicker c={c} action={`/team/reps/${rep.id}`} month={r.input} error={r.error} />
      <MonthBody c={c} day={view.day} stores={view.data.stores} past={r.past} />
      <div class="card" id="reassign">
        <h2 class="flush">{t.progress.reassignTitle}</h2>
        <p class="muted small">{t.progress.reassignHint}</p>
        {viewer.role === "admin" && (
          <form method="get" action={`/team/reps/${rep.id}`} class="row">
            <label for="toTeam" class="sr-only">
              {t.progress.team}
            </label>
            <select id="toTeam" name="toTeam" class="grow">
              {targets.teams.map((tm) => (
                <option value={String(tm.id)} selected={tm.id === (props.toTeam ?? rep.teamId)}>
                  {tm.name}
                </option>
              ))}
            </select>
            <button class="secondary" type="submit">
              {t.progress.showTeam}
            </button>
          </form>
        )}
        {view.data.stores.length === 0 ? (
          <p class="muted">{t.progress.noStoresToMove}</p>
        ) : (
          <form method="post" action={`/team/reps/${rep.id}/reassign`}>
            <Csrf c={c} />
            <fieldset class="bare" aria-describedby={errors.storeIds ? "storeIds-error" : undefined}>
              <legend class="label">{t.progress.pickStores}</legend>
              {view.data.stores.map((s) => (
                <label class="check">
                  <input type="checkbox" name="storeIds" value={String(s.id)} checked={picked.has(s.id)} />
                  <span class={`pill ${s.class}`}>{s.class}</span>&nbsp;{s.name}
                  {s.city && <span class="muted small">&nbsp;· {s.city}</span>}
                </label>
              ))}
              <FieldError errors={errors} name="storeIds" />
            </fieldset>
            <label for="toRepId">{t.progress.toRep}</label>
            {targets.targets.length === 0 && <p class="muted small">{t.progress.noTargets}</p>}
            <select
              id="toRepId"
              name="toRepId"
              class={errors.toRepId ? "invalid" : undefined}
              aria-describedby={errors.toRepId ? "toRepId-error" : undefined}
            >
              <option value="">{t.progress.chooseRep}</option>
              {targets.targets.map((u) => (
                <option value={String(u.id)} selected={String(u.id) === form?.toRepId}>
                  {u.name}
                  {viewer.role === "admin" && u.teamName ? ` · ${u.teamName}` : ""}
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
        )}
      </div>
    </Layout>
  );
}

function optionalId(raw: string | undefined): number | undefined {
  return raw && /^\d{1,12}$/.test(raw) && Number(raw) > 0 ? Number(raw) : undefined;
}

async function renderRep(c: AppContext, viewer: Viewer, repId: number, form?: FormState) {
  const toTeam = viewer.role === "admin" ? optionalId(c.req.query("toTeam")) : undefined;
  const [r, targets] = await Promise.all([resolveMonth(c, viewer, repId), reassignTargets(c.get("db"), viewer, repId, toTeam)]);
  if (!r) throw new ApiError(404, "not_found", "not found");
  const moved = form ? undefined : optionalId(c.req.query("moved"));
  const status = form || r.error ? 400 : 200;
  return c.html(<RepPage c={c} r={r} targets={targets} toTeam={toTeam} form={form} moved={moved} />, status);
}

async function reassign(c: AppContext) {
  const viewer = requireViewer(c, "manager", "admin");
  const repId = idParam(c);
  const t = c.get("t");
  const db = c.get("db");
  const body = await c.req.parseBody({ all: true });
  const rawIds = body.storeIds === undefined ? [] : Array.isArray(body.storeIds) ? body.storeIds : [body.storeIds];
  const input = {
    storeIds: rawIds.map((x) => (typeof x === "string" ? x : "")),
    toRepId: typeof body.toRepId === "string" ? body.toRepId : "",
  };
  const kept = (errors: Record<string, string>): FormState => ({
    storeIds: input.storeIds.filter((x) => /^\d{1,12}$/.test(x)).map(Number),
    toRepId: input.toRepId,
    errors,
  });
  const parsed = v.safeParse(ReassignForm, input);
  if (!parsed.success) {
    // Still a 404 for a rep outside the viewer's scope, before any field error.
    // An item's error (storeIds.3) is shown beside the list.
    const errors: Record<string, string> = {};
    for (const [k, msg] of Object.entries(fieldErrors(parsed.issues, t))) errors[k.split(".")[0]!] ??= msg;
    return renderRep(c, viewer, repId, kept(errors));
  }
  const { storeIds, toRepId } = parsed.output;
  const result = await reassignStores(db, viewer, { fromRepId: repId, storeIds, toRepId }, c.get("now"));
  if (!result.ok) {
    if (result.reason !== "invalid") throwFailure(result, c);
    return renderRep(c, viewer, repId, kept(codesToMessages(result.fields, c)));
  }
  return c.redirect(`/team/reps/${repId}?moved=${result.value.moved}`, 303);
}

export const teamPages = new Hono<AppEnv>()
  .get("/team", (c) => teamList(c))
  .get("/team/reps/:id", (c) => {
    const viewer = requireViewer(c, "manager", "admin");
    return renderRep(c, viewer, idParam(c));
  })
  .post("/team/reps/:id/reassign", (c) => reassign(c));
