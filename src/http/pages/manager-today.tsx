// A manager's /today (services/manager-today.ts): the team's work for today as short lists, each
// line a link — reps off pace, overdue follow-ups, festival gaps, stores going quiet.
import type { Child } from "hono/jsx";
import { usePage, useT } from "./layout.tsx";
import { parts } from "../../domain/dates.ts";
import { BAND_TONE } from "../../domain/pace-band.ts";
import type { LocalDate } from "../../domain/types.ts";
import type { ManagerToday } from "../../services/manager-today.ts";

/** Lines listed per list; the rest are on /team (or the rep's page). */
const SHOWN = 10;

function List<T>(props: { title: string; items: T[]; line: (item: T) => Child; id: string }) {
  const t = useT();
  if (props.items.length === 0) return null;
  return (
    <section class="card" id={props.id}>
      <h2 class="flush">
        {props.title} <span class="muted small">{props.items.length}</span>
      </h2>
      <ul class="plain">{props.items.slice(0, SHOWN).map((item) => <li>{props.line(item)}</li>)}</ul>
      {props.items.length > SHOWN && (
        <p class="small">
          <a href="/team">{t.progress.andMore(props.items.length - SHOWN)}</a>
        </p>
      )}
    </section>
  );
}

export function ManagerTodayView(props: { data: ManagerToday; heading: boolean; calendarMissing: number | null }) {
  const t = useT();
  const m = t.manager.today;
  const date = (d: LocalDate) => {
    const p = parts(d);
    return t.mail.date(p.month, p.day);
  };
  const { data } = props;
  const empty = data.behind.length + data.overdue.length + data.festivals.length + data.quiet.length === 0;
  const locale = usePage().get("locale");
  return (
    <>
      {props.heading && (
        <h1>
          {t.progress.todayTitle} · {data.today}
        </h1>
      )}
      {props.heading && props.calendarMissing && (
        <div class="alert warn">
          {t.mail.digest.calendarMissing(props.calendarMissing)} <a href={`/admin/calendar?year=${props.calendarMissing}`}>{t.admin.calendar.enterIt}</a>
        </div>
      )}
      <div class="manager-today">
        {empty && (
          <div class="card">
            <p>
              {data.reps === 0 ? t.progress.noReps : m.allWell} <a href="/team">{t.progress.toTeam}</a>
            </p>
          </div>
        )}
        <List
          id="behind"
          title={m.behindTitle}
          items={data.behind}
          line={(b) => (
            <>
              <a href={`/team/reps/${b.rep.id}`}>{b.rep.name}</a>{" "}
              <span class={`pill ${BAND_TONE[b.band]}`}>{t.manager.paceOf(b.ratio, t.manager.band[b.band])}</span>{" "}
              <span class="muted small">{m.short(b.short)}</span>
            </>
          )}
        />
        <List
          id="overdue"
          title={m.overdueTitle}
          items={data.overdue}
          line={(o) => (
            <>
              <a href={`/contacts/${o.followUp.contactId}`}>
                {o.contactName} · {o.followUp.kind === "birthday" ? t.common.occasion.birthday : t.common.lifeEvent[o.followUp.kind]}
              </a>{" "}
              <span class="small bad">{m.daysOverdue(o.followUp.daysOverdue)}</span>
              <div class="muted small">
                {o.store.storeClass} · {o.store.name} · {o.rep.name}
              </div>
            </>
          )}
        />
        <List
          id="festival-gaps"
          title={m.festivalsTitle}
          items={data.festivals}
          line={(f) => (
            <>
              <a href={`/team/reps/${f.rep.id}`}>
                {f.festival.name[locale]} · {f.rep.name}
              </a>{" "}
              <span class="muted small">{m.festivalGap(f.uncovered, f.total, f.daysLeft, date(f.festival.windowEnd))}</span>
            </>
          )}
        />
        <List
          id="going-quiet"
          title={m.quietTitle}
          items={data.quiet}
          line={(q) => (
            <>
              <a href={`/stores/${q.store.id}`}>
                {q.store.storeClass} · {q.store.name}
              </a>{" "}
              <span class="muted small">
                {m.quiet(date(q.last), q.daysLeft)} · {q.rep.name}
              </span>
            </>
          )}
        />
      </div>
    </>
  );
}
