// /team/lists/{follow-ups,rules,change,festivals}: the weekly summary's per-rep figures in full for
// the week it covers (?week=YYYY-Www, by default the last one sent), filterable by rep (?rep=), paged:
// the follow-ups it counts overdue (R6–R8), R9–R11, the change on the week before, festival coverage
// by store class (R4, R5). Computed by the weekly's own selects and domain (services/team-lists.ts
// loadWeekFigures), so the page says what the mail says. Managers: their team; admins: everyone;
// reps: 404 (the router's guard).
import type { Child } from "hono/jsx";
import type { AppContext } from "../../context.ts";
import { usePage, useT } from "../layout.tsx";
import { queryValidator, type Errors } from "../../validation.ts";
import { LIST_PAGE_SIZE, loadWeekFigures, type WeekFigures } from "../../../services/team-lists.ts";
import { listArgs, ListQuery, RepFilter } from "./lists.tsx";
import { listHref, Pager } from "../pager.tsx";
import { BAND_TONE, overallBand } from "../../../domain/pace-band.ts";
import type { Pace } from "../../../domain/pace.ts";
import { parts } from "../../../domain/dates.ts";
import type { RepWeek } from "../../../domain/team-week.ts";
import { QUOTA_CHANNELS, STORE_CLASSES } from "../../../domain/types.ts";

export type WeekListKind = "follow-ups" | "rules" | "change" | "festivals";
type Q = { week?: string; rep?: number | ""; page?: number };

export const weekListQuery = (kind: WeekListKind) => queryValidator(ListQuery, (c, errors) => renderWeekList(c, kind, {}, errors));

function useDate() {
  const t = useT();
  return (d: string) => t.mail.date(parts(d).month, parts(d).day);
}

function FollowUps(props: { f: WeekFigures; page: number }) {
  const t = useT();
  const p = t.progress;
  const date = useDate();
  const rows = props.f.overdue.slice((props.page - 1) * LIST_PAGE_SIZE, props.page * LIST_PAGE_SIZE);
  if (rows.length === 0) return <p class="muted">{p.noneFollowUps}</p>;
  return (
    <ul class="list" id="follow-ups">
      {rows.map((f) => (
        <li data-follow-up={f.lifeEventId !== undefined ? `e${f.lifeEventId}` : `b${f.contactId}`}>
          <a href={`/contacts/${f.contactId}`}>{f.contactName}</a>
          <span class="muted small">
            {" "}
            · <span class={`pill ${f.storeClass}`}>{t.common.storeClass[f.storeClass]}</span> <a href={`/stores/${f.storeId}`}>{f.storeName}</a> · <a href={`/team/reps/${f.repId}`}>{f.repName}</a>
          </span>
          <br />
          <span class="small bad">
            {p.followUpLine(f.kind === "birthday" ? p.followUpBirthday : t.common.lifeEvent[f.kind], date(f.eventDate), date(f.dueDate), t.common.channel[f.requiredChannel], f.daysOverdue)}
          </span>
        </li>
      ))}
    </ul>
  );
}

function RepCell(props: { r: RepWeek }) {
  return (
    <th scope="row">
      <a href={`/team/reps/${props.r.rep.id}`}>{props.r.rep.name}</a>
    </th>
  );
}

function ruleCell(t: ReturnType<typeof useT>, p: Pace) {
  return <td class={p.met ? "tone-good" : p.isBehind ? "tone-bad" : undefined}>{t.mail.digest.ruleLine(p.done, p.required, String(Math.round(p.expectedByToday * 10) / 10))}</td>;
}

function Rules(props: { reps: RepWeek[] }) {
  const t = useT();
  const r = t.progress.rules;
  return (
    <div class="table-wrap">
      <table id="rules">
        <thead>
          <tr>
            <th scope="col">{t.mail.weekly.rep}</th>
            <th scope="col">{r.R9}</th>
            <th scope="col">{r.R10}</th>
            <th scope="col">{r.R11}</th>
          </tr>
        </thead>
        <tbody>
          {props.reps.map((rep) => (
            <tr data-rep={String(rep.rep.id)}>
              <RepCell r={rep} />
              {ruleCell(t, rep.rules.helpAsked)}
              {ruleCell(t, rep.rules.problemsSolved)}
              {ruleCell(t, rep.rules.trainings)}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Change(props: { f: WeekFigures; reps: RepWeek[] }) {
  const t = useT();
  const p = t.progress;
  const rate = (x: number | null) => (x === null ? t.mail.weekly.none : t.mail.percent(x));
  return (
    <div class="table-wrap">
      <table id="change">
        <thead>
          <tr>
            <th scope="col">{t.mail.weekly.rep}</th>
            <th scope="col">{p.paceRateCol}</th>
            <th scope="col">{p.contactsCol}</th>
            <th scope="col">{p.intelCol}</th>
          </tr>
        </thead>
        <tbody>
          {props.reps.map((r) => {
            const band = overallBand(
              QUOTA_CHANNELS.map((ch) => ({ done: r.byChannel[ch].credited, expected: r.byChannel[ch].expected })),
              props.f.bands,
            ).band;
            const delta = r.paceRate !== null && r.prevPaceRate !== null ? ` (${t.mail.signed(Math.round(r.paceRate) - Math.round(r.prevPaceRate))})` : "";
            return (
              <tr data-rep={String(r.rep.id)}>
                <RepCell r={r} />
                <td class={`tone-${BAND_TONE[band]}`} data-band={band}>
                  {`${rate(r.prevPaceRate)} → ${rate(r.paceRate)}${delta}`}
                </td>
                <td data-contacts={`${r.contacts.prev}|${r.contacts.cur}`}>{`${r.contacts.prev} → ${r.contacts.cur} (${t.mail.signed(r.contacts.cur - r.contacts.prev)})`}</td>
                <td>{`${r.intel.prevComplete}/${r.intel.prevVisits} → ${r.intel.complete}/${r.intel.visits}`}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <p class="muted small">{`${p.prevWeek} → ${p.thisWeek}`}</p>
    </div>
  );
}

function Festivals(props: { f: WeekFigures; reps: RepWeek[] }) {
  const t = useT();
  const p = t.progress;
  const locale = usePage().get("locale");
  const festivals = new Map<string, RepWeek["festivals"][number]["name"]>();
  for (const r of props.reps) for (const f of r.festivals) festivals.set(`${f.key}:${f.year}`, f.name);
  if (festivals.size === 0) return <p class="muted">{p.noneFestivals}</p>;
  const out: Child[] = [];
  for (const [key, name] of festivals) {
    out.push(
      <section aria-labelledby={`f-${key}`}>
        <h2 id={`f-${key}`}>{name[locale]}</h2>
        <div class="table-wrap">
          <table data-festival={key}>
            <thead>
              <tr>
                <th scope="col">{t.mail.weekly.rep}</th>
                {STORE_CLASSES.map((c) => (
                  <th scope="col">{p.classCol(t.common.storeClass[c])}</th>
                ))}
                <th scope="col">{p.total}</th>
              </tr>
            </thead>
            <tbody>
              {props.reps.map((r) => {
                const f = r.festivals.find((x) => `${x.key}:${x.year}` === key);
                if (!f) return null;
                return (
                  <tr data-rep={String(r.rep.id)} data-coverage={`${f.covered}|${f.total}`}>
                    <RepCell r={r} />
                    {STORE_CLASSES.map((c) => (
                      <td class={f.byClass[c].covered < f.byClass[c].total ? "tone-bad" : undefined}>{f.byClass[c].total === 0 ? "–" : p.coverageCell(f.byClass[c].covered, f.byClass[c].total)}</td>
                    ))}
                    <td class={f.covered < f.total ? "tone-bad" : "tone-good"}>{p.coverageCell(f.covered, f.total)}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      </section>,
    );
  }
  return <>{out}</>;
}

const PATH = (kind: WeekListKind) => `/team/lists/${kind}`;

function WeekListPage(props: { kind: WeekListKind; f: WeekFigures; repId: number | undefined; page: number; errors: Errors }) {
  const t = useT();
  const p = t.progress;
  const date = useDate();
  const { kind, f, repId, page } = props;
  const range = `${date(f.week.start)}–${date(f.week.end)}`;
  const title = { "follow-ups": p.followUpsListTitle, rules: p.rulesListTitle, change: p.changeTitle, festivals: p.festivalsListTitle }[kind];
  const total = kind === "follow-ups" ? f.overdue.length : f.reps.length;
  const reps = f.reps.slice((page - 1) * LIST_PAGE_SIZE, page * LIST_PAGE_SIZE);
  return (
    <>
      <h1>{title}</h1>
      <p class="muted small">{kind === "follow-ups" ? p.listWeekFollowUps(range, date(f.week.sendDate), total) : p.listWeekReps(range, total)}</p>
      <RepFilter action={PATH(kind)} hidden={{ week: f.week.label }} reps={f.filter} repId={repId} errors={props.errors} />
      {kind === "follow-ups" && <FollowUps f={f} page={page} />}
      {kind === "rules" && <Rules reps={reps} />}
      {kind === "change" && <Change f={f} reps={reps} />}
      {kind === "festivals" && <Festivals f={f} reps={reps} />}
      <Pager page={page} total={total} pageSize={LIST_PAGE_SIZE} href={(pg) => listHref(PATH(kind), { week: f.week.label, rep: repId, page: pg })} />
    </>
  );
}

export async function renderWeekList(c: AppContext, kind: WeekListKind, q: Q, errors: Errors = {}) {
  const { viewer, week, repId, page } = listArgs(c, q);
  const f = await loadWeekFigures(c.get("db"), viewer, { week, repId });
  c.status(Object.keys(errors).length > 0 ? 400 : 200);
  const p = c.get("t").progress;
  const title = { "follow-ups": p.followUpsListTitle, rules: p.rulesListTitle, change: p.changeTitle, festivals: p.festivalsListTitle }[kind];
  return c.render(<WeekListPage kind={kind} f={f} repId={repId} page={page} errors={errors} />, { title, nav: "team" });
}
