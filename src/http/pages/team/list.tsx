// /team (managers: their team; admins: every team, filterable): each rep's pace by channel (R1–R3),
// stores behind, R9–R11 and visit intel (R12–R17), a page of reps at a time.
import * as v from "valibot";
import type { AppContext } from "../../context.ts";
import { FieldError, usePage, useT } from "../layout.tsx";
import { ChannelKpis } from "../pace-view.tsx";
import { PacePill } from "./pace-pill.tsx";
import { BandGrid, LineChart } from "../charts/charts.tsx";
import { parts } from "../../../domain/dates.ts";
import { paceBand, paceRatio } from "../../../domain/pace-band.ts";
import { QUOTA_CHANNELS } from "../../../domain/types.ts";
import { ExportForm } from "./export-form.tsx";
import { ListsNav } from "./lists.tsx";
import { withViewer } from "../../guard.ts";
import { firstValues, fromFields, idField, queryValidator, type Errors } from "../../validation.ts";
import type { TeamRep } from "../../../db/queries/team.ts";
import { loadTeamList, TEAM_PAGE_SIZE, type OnSiteShare, type TeamList } from "../../../services/team.ts";
import type { RepDay } from "../../../domain/rep-day.ts";
import type { Pace } from "../../../domain/pace.ts";

const TeamQuery = fromFields(
  firstValues,
  v.object({
    teamId: v.optional(v.union([v.literal(""), idField("invalid")], "invalid")),
    page: v.optional(v.pipe(v.string("invalid"), v.regex(/^\d{1,4}$/, "invalid"), v.transform(Number), v.minValue(1, "invalid"))),
  }),
);

/** A bad filter shows the first page of every rep the viewer may see, with the field's error (400). */
export const teamQuery = queryValidator(TeamQuery, (c, errors) => renderTeamList(c, {}, errors));

function RepCard(props: { rep: TeamRep; day: RepDay; onSite: OnSiteShare; showTeam: boolean }) {
  const { rep, day } = props;
  const t = useT();
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
      <PacePill day={day} />
      <p class="muted small">
        {t.progress.storesBehind(day.pace.storesBehind, day.pace.storesTotal)} · {t.progress.intelRate(intel.complete, intel.visits)}
        {props.onSite.judged > 0 && <span class="on-site-share"> · {t.progress.onSiteShare(props.onSite.onSite, props.onSite.judged)}</span>}
      </p>
      <ChannelKpis day={day} />
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

/** Reps × channels coloured by pace band (issue 13.2), with the value and band in words in each cell. */
function TeamGrid(props: { reps: TeamList["reps"] }) {
  const t = useT();
  const m = t.manager;
  const fmt = (n: number) => String(Math.round(n * 10) / 10);
  return (
    <BandGrid
      id="team-grid"
      title={m.gridTitle}
      caption={m.gridCaption}
      corner={t.mail.weekly.rep}
      columns={QUOTA_CHANNELS.map((ch) => t.common.channel[ch])}
      rows={props.reps.map(({ rep, day }) => ({
        name: rep.name,
        cells: QUOTA_CHANNELS.map((ch) => {
          const h = day.pace.headline[ch];
          const pct = paceRatio(h.credited, h.expectedByToday);
          const band = pct === null ? null : paceBand(h.credited, h.expectedByToday, day.bands);
          return {
            band,
            // Done of expected rather than a %: a channel less than one contact short is on pace
            // (pace-band.ts), and "0% on pace" would read as a contradiction. The expectation to one
            // decimal, as on the cards: rounded, "1/1 on pace" beside a rep 2 contacts short overall
            // read as if nothing were owed (1 of 1.4, 0 of 0.8, 0 of 0.8 is 2 short in all).
            text: pct === null || band === null ? m.gridNone : `${h.credited}/${fmt(h.expectedByToday)} ${m.gridShort[band]}`,
            label: m.gridCell(t.common.channel[ch], h.credited, fmt(h.expectedByToday), pct, band ? m.band[band] : ""),
          };
        }),
      }))}
    />
  );
}

/** The team's pace at the end of each of the last weeks (issue 13.2), 100 % being on pace. */
function TeamWeeks(props: { weeks: TeamList["weeks"] }) {
  const t = useT();
  const m = t.manager;
  return (
    <LineChart
      id="team-weeks"
      title={m.weeksTitle(props.weeks.length)}
      caption={m.weeksCaption}
      corner={m.weeksCorner}
      floor={100}
      unit={(pct) => `${Math.round(pct)}%`}
      labels={props.weeks.map((w) => m.weekEnd(parts(w.week.end).month, parts(w.week.end).day))}
      series={[
        { name: m.weeksFull, values: props.weeks.map(() => 100), cls: "expected" },
        { name: m.weeksTeam, values: props.weeks.map((w) => (w.rate === null ? null : Math.round(w.rate))), cls: "team" },
      ]}
    />
  );
}

/** An admin's team filter. */
function TeamFilter(props: { teams: TeamList["teams"]; teamId: number | undefined; errors: Errors }) {
  const t = useT();
  return (
    <form method="get" action="/team" class="row">
      <label for="teamId" class="sr-only">
        {t.progress.team}
      </label>
      <select id="teamId" name="teamId" class={props.errors.teamId ? "invalid grow" : "grow"}>
        <option value="">{t.progress.allTeams}</option>
        {props.teams.map((tm) => (
          <option value={String(tm.id)} selected={tm.id === props.teamId}>
            {tm.name}
          </option>
        ))}
      </select>
      <button class="secondary" type="submit">
        {t.progress.filter}
      </button>
      <FieldError errors={props.errors} name="teamId" />
    </form>
  );
}

function TeamListPage(props: { list: TeamList; teamId: number | undefined; page: number; errors: Errors }) {
  const t = useT();
  const role = usePage().get("viewer")?.role;
  const { list, teamId, page } = props;
  const pageHref = (p: number) => {
    const u = new URLSearchParams();
    if (teamId !== undefined) u.set("teamId", String(teamId));
    u.set("page", String(p));
    return `/team?${u.toString()}`;
  };
  const myTeam = list.teams[0]?.name;
  return (
    <>
      <h1>
        {t.progress.teamTitle}
        {role === "manager" && myTeam ? ` · ${myTeam}` : ""}
      </h1>
      {role === "admin" && <TeamFilter teams={list.teams} teamId={teamId} errors={props.errors} />}
      {list.reps.length > 0 && <TeamGrid reps={list.reps} />}
      {list.reps.length > 0 && <TeamWeeks weeks={list.weeks} />}
      {list.reps[0] && <ExportForm month={list.reps[0].day.month} teamId={teamId} />}
      <ListsNav />
      {list.reps.length === 0 ? (
        <p class="muted">{t.progress.noReps}</p>
      ) : (
        <>
          <p class="muted small">{t.progress.pageOf((page - 1) * TEAM_PAGE_SIZE + 1, (page - 1) * TEAM_PAGE_SIZE + list.reps.length)}</p>
          {list.reps.map(({ rep, day, onSite }) => (
            <RepCard rep={rep} day={day} onSite={onSite} showTeam={role === "admin"} />
          ))}
        </>
      )}
      {(page > 1 || list.hasNext) && (
        <p class="row">
          {page > 1 && <a href={pageHref(page - 1)}>{t.progress.prev}</a>}
          {list.hasNext && <a href={pageHref(page + 1)}>{t.progress.next}</a>}
        </p>
      )}
    </>
  );
}

/** The list for a checked filter; `errors` (the filter's own) make it a 400 of the unfiltered first page. */
export async function renderTeamList(c: AppContext, q: { teamId?: number | ""; page?: number }, errors: Errors = {}) {
  const page = q.page ?? 1;
  // The session is checked in the list's first batch (withViewer). Managers see their team whatever
  // the filter says; admins may narrow to one team.
  const teamOf = (role: string) => (role === "admin" && typeof q.teamId === "number" ? q.teamId : undefined);
  const { viewer, value: list } = await withViewer(c, ["manager", "admin"], (as) =>
    loadTeamList(c.get("db"), as.viewer, { teamId: teamOf(as.viewer.role), page }, c.get("now"), as.guard),
  );
  const teamId = teamOf(viewer.role);
  c.status(Object.keys(errors).length > 0 ? 400 : 200);
  return c.render(<TeamListPage list={list} teamId={teamId} page={page} errors={errors} />, { title: c.get("t").progress.teamTitle, nav: "team" });
}
