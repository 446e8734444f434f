// /today: the rep's day, live (the morning digest as a page, SPEC §5–6): pace headline, today's plan
// with one-tap links to the quick log, stores behind pace, festivals in their lead time (R4, R5),
// birthdays and life events (R6–R8), R9–R11, open slow movers (R17) and last week's visits missing
// intel (R12–R17). Also mounts /month and /team (one registration point in app.tsx).
import { Hono } from "hono";
import type { AppContext, AppEnv } from "../context.ts";
import { Layout } from "./layout.tsx";
import { Headline, RulesCard, fmt } from "./pace-view.tsx";
import { monthPages } from "./month.tsx";
import { teamPages } from "./team.tsx";
import { requireViewer } from "../guard.ts";
import { ApiError } from "../errors.ts";
import { loadRepMonthView } from "../api/progress.ts";
import type { PlanGroup, PlanTask } from "../../domain/plan.ts";
import type { FestivalDue, RepContact, RepDay, RepMonthData, RepStore } from "../../domain/rep-day.ts";
import type { FollowUp } from "../../domain/follow-ups.ts";
import { QUOTA_CHANNELS } from "../../domain/types.ts";

/** Rows shown per list before "…and N more" (the page stays short on a phone). */
const LIST_LIMIT = 10;

/** The quick-log form prefilled for a task; /log reads exactly these parameters. */
export function logHref(task: Pick<PlanTask, "storeId" | "channel" | "contactId" | "occasion" | "festivalKey" | "lifeEventId">): string {
  const q = new URLSearchParams({ storeId: String(task.storeId), channel: task.channel });
  if (task.contactId !== undefined) q.set("contactId", String(task.contactId));
  q.set("occasion", task.occasion);
  if (task.festivalKey !== undefined) q.set("festivalKey", task.festivalKey);
  if (task.lifeEventId !== undefined) q.set("lifeEventId", String(task.lifeEventId));
  return `/log?${q.toString()}`;
}

type Lookup = { store: Map<number, RepStore>; contact: Map<number, RepContact>; festivalName: Map<string, string> };

function lookups(c: AppContext, data: RepMonthData, day: RepDay): Lookup {
  const locale = c.get("locale");
  return {
    store: new Map(data.stores.map((s) => [s.id, s])),
    contact: new Map(data.contacts.map((x) => [x.id, x])),
    festivalName: new Map(day.festivals.map((f) => [f.occurrence.key, f.occurrence.name[locale]])),
  };
}

function who(contact: RepContact | undefined): string {
  return contact ? (contact.formOfAddress ?? contact.name) : "";
}

function More(props: { c: AppContext; n: number }) {
  return props.n > 0 ? <li class="muted small">{props.c.get("t").progress.andMore(props.n)}</li> : null;
}

function StoreName(props: { store: RepStore | undefined }) {
  const s = props.store;
  if (!s) return null;
  return (
    <>
      <span class={`pill ${s.class}`}>{s.class}</span> {s.name}
    </>
  );
}

function followUpWhat(c: AppContext, f: Pick<FollowUp, "kind">): string {
  const t = c.get("t");
  return f.kind === "birthday" ? t.progress.birthday : t.common.lifeEvent[f.kind];
}

function statusText(c: AppContext, f: Pick<FollowUp, "status" | "dueDate" | "eventDate" | "daysOverdue">): string {
  const s = c.get("t").progress.status;
  return f.status === "overdue" ? s.overdue(f.daysOverdue) : f.status === "upcoming" ? s.upcoming(f.eventDate) : s.due(f.dueDate);
}

function taskReason(c: AppContext, task: PlanTask, look: Lookup): string {
  const t = c.get("t");
  switch (task.reason) {
    case "follow_up":
      return t.progress.reasonFollowUp(who(look.contact.get(task.contactId ?? 0)), followUpWhat(c, { kind: task.followUp!.kind }));
    case "festival":
      return t.progress.reasonFestival(look.festivalName.get(task.festivalKey ?? "") ?? task.festivalKey ?? "", t.progress.actions[task.festivalAction!]);
    case "pace": {
      const ch = t.common.channel[task.channel];
      return task.behind ? t.progress.reasonBehind(ch) : t.progress.reasonGap(ch);
    }
  }
}

function sinceText(c: AppContext, days: number | null): string {
  const t = c.get("t").progress;
  return days === null ? t.noRecentContact : days === 0 ? t.contactedToday : t.daysSince(days);
}

function PlanCard(props: { c: AppContext; day: RepDay; look: Lookup }) {
  const { c, day, look } = props;
  const t = c.get("t");
  const { plan } = day;
  const groups: PlanGroup[] = ["visit", "phone", "message", "other"];
  return (
    <div class="card" id="plan">
      <h2 class="flush">{t.progress.planTitle}</h2>
      {!day.workingDay && <p class="muted small">{t.progress.planRestDay}</p>}
      {plan.tasks.length === 0 ? (
        <p class="muted">{t.progress.planEmpty}</p>
      ) : (
        <>
          {plan.tasks.some((task) => task.reason === "pace") && <p class="muted small">{t.progress.planSized(plan.limit)}</p>}
          {groups
            .filter((g) => plan.groups[g].length > 0)
            .map((g) => (
              <section data-group={g}>
                <h3>
                  {t.progress.groups[g]} · {plan.groups[g].length}
                </h3>
                <ul class="plain tasks">
                  {plan.groups[g].map((task) => {
                    const store = look.store.get(task.storeId);
                    return (
                      <li data-reason={task.reason}>
                        <div class="grow">
                          <StoreName store={store} />
                          <div class="small">{taskReason(c, task, look)}</div>
                          <div class="muted small">
                            {[store?.city, task.followUp ? statusText(c, { ...task.followUp, eventDate: task.followUp.dueDate }) : sinceText(c, task.daysSinceLastContact)]
                              .filter(Boolean)
                              .join(" · ")}
                          </div>
                        </div>
                        <a class="button secondary" href={logHref(task)}>
                          {t.progress.logIt}
                        </a>
                      </li>
                    );
                  })}
                </ul>
              </section>
            ))}
        </>
      )}
    </div>
  );
}

function FollowUpsCard(props: { c: AppContext; day: RepDay; look: Lookup }) {
  const { c, day, look } = props;
  const t = c.get("t").progress;
  const shown = day.followUps.slice(0, LIST_LIMIT * 2);
  return (
    <div class="card" id="follow-ups">
      <h2 class="flush">{t.followUpsTitle}</h2>
      {shown.length === 0 ? (
        <p class="muted">{t.followUpsEmpty}</p>
      ) : (
        <ul class="plain tasks">
          {shown.map((f) => (
            <li class={f.status === "overdue" ? "late" : undefined}>
              <div class="grow">
                <b>{who(look.contact.get(f.contactId))}</b> · {followUpWhat(c, f)}
                <div class="small">
                  <StoreName store={look.store.get(f.storeId)} />
                </div>
                <div class={`small ${f.status === "overdue" ? "bad" : "muted"}`}>{statusText(c, f)}</div>
              </div>
              <a
                class="button secondary"
                href={logHref({
                  storeId: f.storeId,
                  channel: f.requiredChannel,
                  contactId: f.contactId,
                  occasion: f.kind === "birthday" ? "birthday" : "life_event",
                  lifeEventId: f.lifeEventId,
                })}
              >
                {t.logIt}
              </a>
            </li>
          ))}
          <More c={c} n={day.followUps.length - shown.length} />
        </ul>
      )}
    </div>
  );
}

function FestivalCard(props: { c: AppContext; f: FestivalDue; look: Lookup }) {
  const { c, f, look } = props;
  const t = c.get("t");
  const name = f.occurrence.name[c.get("locale")];
  const actions = (list: readonly string[]) => list.map((a) => t.progress.actions[a as keyof typeof t.progress.actions]).join("、");
  const shown = f.uncovered.slice(0, LIST_LIMIT);
  return (
    <div class="card" data-festival={f.occurrence.key}>
      <h3 class="flush">
        {name} · {t.progress.festivalWhen(f.occurrence.date, f.daysUntil)}
      </h3>
      <p class="muted small">{f.windowOpen ? t.progress.windowOpen : t.progress.windowOpens(f.occurrence.windowStart)}</p>
      <ul class="small">
        {(["A", "B", "C"] as const)
          .filter((cls) => f.coverage.byClass[cls].stores > 0)
          .map((cls) => (
            <li>
              {t.progress.classActions(t.common.storeClass[cls], actions(f.occurrence.actions[cls]))} ·{" "}
              {t.progress.coverage(f.coverage.byClass[cls].covered, f.coverage.byClass[cls].stores)}
            </li>
          ))}
      </ul>
      {shown.length > 0 && (
        <ul class="plain">
          {shown.map((s) => {
            const first = s.missing[0];
            return (
              <li class="row">
                <div class="grow">
                  <StoreName store={look.store.get(s.storeId)} />
                  <div class="muted small">{t.progress.missing(actions(s.missing))}</div>
                </div>
                {f.windowOpen && first && (
                  <a
                    class="button secondary"
                    href={logHref({
                      storeId: s.storeId,
                      channel: first === "visit_with_gift" ? "visit" : first,
                      occasion: "festival",
                      festivalKey: f.occurrence.key,
                    })}
                  >
                    {t.progress.logIt}
                  </a>
                )}
              </li>
            );
          })}
          <More c={c} n={f.uncovered.length - shown.length} />
        </ul>
      )}
    </div>
  );
}

function BehindCard(props: { c: AppContext; day: RepDay; look: Lookup }) {
  const { c, day, look } = props;
  const t = c.get("t");
  const any = QUOTA_CHANNELS.some((ch) => day.behind[ch].length > 0);
  return (
    <div class="card" id="behind">
      <h2 class="flush">{t.progress.behindTitle}</h2>
      {!any && <p class="muted">{t.progress.behindEmpty}</p>}
      {QUOTA_CHANNELS.filter((ch) => day.behind[ch].length > 0).map((ch) => (
        <section data-channel={ch}>
          <h3>
            {t.common.channel[ch]} · {day.behind[ch].length}
          </h3>
          <ul class="plain">
            {day.behind[ch].slice(0, LIST_LIMIT).map((r) => (
              <li class="row">
                <span class="grow">
                  <StoreName store={look.store.get(r.storeId)} />
                </span>
                <span class="small">
                  {r.done}/{r.required} · {t.progress.expectedShort} {fmt(r.expectedByToday)}
                </span>
              </li>
            ))}
            <More c={c} n={day.behind[ch].length - LIST_LIMIT} />
          </ul>
        </section>
      ))}
    </div>
  );
}

function SlowMoversCard(props: { c: AppContext; day: RepDay; look: Lookup }) {
  const { c, day, look } = props;
  const t = c.get("t").progress;
  return (
    <div class="card" id="slow-movers">
      <h2 class="flush">{t.slowMoversTitle}</h2>
      {day.slowMovers.length === 0 ? (
        <p class="muted">{t.slowMoversEmpty}</p>
      ) : (
        <ul class="plain">
          {day.slowMovers.map((m) => (
            <li>
              <b>{m.subject ?? m.detail}</b> · <StoreName store={look.store.get(m.storeId)} />
              <div class="muted small">{m.localDate}</div>
              {m.subject && m.detail !== m.subject && <div class="small">{m.detail}</div>}
              {m.reason && <div class="small">{t.slowReason(m.reason)}</div>}
              {m.action && <div class="small">{t.slowAction(m.action)}</div>}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

function IntelCard(props: { c: AppContext; day: RepDay; look: Lookup }) {
  const { c, day, look } = props;
  const t = c.get("t").progress;
  return (
    <div class="card" id="intel">
      <h2 class="flush">{t.intelTitle}</h2>
      <p class="muted small">{t.intelRate(day.intel.complete, day.intel.visits)}</p>
      {day.visitsMissingIntel.length === 0 ? (
        <p class="muted">{t.intelEmpty}</p>
      ) : (
        <ul class="plain">
          {day.visitsMissingIntel.map((v) => (
            <li class="row">
              <span class="grow">
                <StoreName store={look.store.get(v.storeId)} />
                <div class="muted small">{v.localDate}</div>
              </span>
              <span class="pill bad">{t.intelOf(v.intelKinds, day.intel.target)}</span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

const todayRoutes = new Hono<AppEnv>().get("/today", async (c) => {
  const viewer = requireViewer(c);
  const t = c.get("t");
  const view = await loadRepMonthView(c.get("db"), viewer, viewer.id, c.get("now"), undefined);
  if (view === null || view === "future") throw new ApiError(404, "not_found", "not found");
  const { data, day } = view;
  const look = lookups(c, data, day);
  const empty = data.stores.length === 0;
  return c.html(
    <Layout c={c} title={t.progress.todayTitle} nav="today">
      <h1>
        {t.progress.todayTitle} · {day.today}
      </h1>
      {empty ? (
        <div class="card">
          {viewer.role === "rep" ? (
            <p>{t.progress.noStores}</p>
          ) : (
            <p>
              {t.progress.noStoresManager} <a href="/team">{t.progress.toTeam}</a>
            </p>
          )}
        </div>
      ) : (
        <>
          <Headline c={c} day={day} />
          <PlanCard c={c} day={day} look={look} />
          <FollowUpsCard c={c} day={day} look={look} />
          <h2>{t.progress.festivalsTitle}</h2>
          {day.festivals.length === 0 ? (
            <p class="muted">{t.progress.festivalsEmpty}</p>
          ) : (
            day.festivals.map((f) => <FestivalCard c={c} f={f} look={look} />)
          )}
          <BehindCard c={c} day={day} look={look} />
          <RulesCard c={c} rules={day.rules} />
          <SlowMoversCard c={c} day={day} look={look} />
          <IntelCard c={c} day={day} look={look} />
        </>
      )}
    </Layout>,
  );
});

/** /today, /month and /team/… in one registration. */
export const progressPages = new Hono<AppEnv>().route("/", todayRoutes).route("/", monthPages).route("/", teamPages);
