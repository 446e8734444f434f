// /stores/:id: a store's contacts, this month's pace per channel (R1–R3), open follow-ups (R6–R8),
// visit intel (slow movers R17, competitor notes R16) and history, newest first, paged.
import { mayChange } from "../../../services/change-interaction.ts";
import * as v from "valibot";
import type { AppContext } from "../../context.ts";
import { Csrf, useT } from "../layout.tsx";
import { CheckInNote } from "../check-in.tsx";
import { logLink } from "../forms.tsx";
import { idParam, requireViewer } from "../../guard.ts";
import { ApiError } from "../../errors.ts";
import { firstValues, fromFields, queryValidator, translate } from "../../validation.ts";
import { loadStorePage, type HistoryCursor, type StorePage } from "../../../db/queries/stores.ts";
import { greetable } from "../../../db/queries/contacts.ts";
import { birthdayOf } from "../../../domain/calendar/birthdays.ts";
import { openFollowUps, type FollowUp } from "../../../domain/follow-ups.ts";

const HISTORY_SIZE = 20;

/** `?before=<at>.<id>`: older history; anything else is a 400 (after the store's own 404). */
export const historyQuery = queryValidator(
  fromFields(
    firstValues,
    v.object({
      before: v.optional(
        v.pipe(
          v.string(),
          v.regex(/^\d{1,15}\.\d{1,15}$/),
          v.transform((s): HistoryCursor => {
            const [at, id] = s.split(".").map(Number) as [number, number];
            return { at, id };
          }),
        ),
      ),
    }),
  ),
  (c) => {
    idParam(c);
    throw new ApiError(400, "validation_failed", c.get("t").common.fixErrors, { before: translate("invalid", c.get("t")) });
  },
);

/** Open follow-ups of the store's contacts (R6–R8); do-not-contact contacts get none. */
function storeFollowUps(data: StorePage): FollowUp[] {
  const allowed = greetable(data.contacts);
  const allowedIds = new Set(allowed.map((x) => x.id));
  return openFollowUps({
    today: data.today,
    rules: data.policy.followUps,
    contacts: allowed.map((x) => ({ contactId: x.id, birthday: birthdayOf(x) })),
    lifeEvents: data.lifeEvents.filter((e) => allowedIds.has(e.contactId)),
    interactions: data.followUpInteractions,
  });
}

function StoreCard(props: { store: StorePage["store"] }) {
  const t = useT();
  const s = t.stores;
  const { store } = props;
  return (
    <div class="card">
      {store.code && (
        <div class="muted small">
          {t.stores.code}: <span class="mono">{store.code}</span>
        </div>
      )}
      {store.address && <div>{[store.city, store.address].filter(Boolean).join(" · ")}</div>}
      {!store.address && store.city && <div>{store.city}</div>}
      {store.phone && (
        <div>
          <a href={`tel:${store.phone}`}>{store.phone}</a>
        </div>
      )}
      <div class="muted small">
        {s.rep}: {store.repName ?? s.unassigned}
      </div>
      <div class="row actions">
        {!store.archived && (
          <a class="button" href={logLink({ storeId: store.id })}>
            {s.logContact}
          </a>
        )}
        <a class="button secondary" href={`/stores/${store.id}/edit`}>
          {t.common.edit}
        </a>
      </div>
    </div>
  );
}

function PaceTable(props: { pace: StorePage["pace"] }) {
  const t = useT();
  const s = t.stores;
  const daysLeft = props.pace[0]?.remainingWorkingDays ?? 0;
  return (
    <div class="card table-wrap">
      <table>
        <thead>
          <tr>
            <th>{s.paceChannel}</th>
            <th>{s.paceDone}</th>
            <th>{s.paceExpected}</th>
            <th>{s.paceStatus}</th>
          </tr>
        </thead>
        <tbody>
          {props.pace.map((p) => (
            <tr>
              <td>{t.common.channel[p.channel]}</td>
              <td>
                {p.done} / {p.required}
                {p.required > 0 && <progress class="pace" max={p.required} value={Math.min(p.done, p.required)} />}
              </td>
              <td>{p.expectedByToday.toFixed(1)}</td>
              <td>
                {p.met ? <span class="pill ok">{s.met}</span> : p.isBehind ? <span class="pill bad">{s.behind}</span> : <span class="pill">{s.onPace}</span>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <p class="muted small">{s.daysLeft(daysLeft)}</p>
    </div>
  );
}

function FollowUpItem(props: { f: FollowUp; storeId: number; who: StorePage["contacts"][number] | undefined }) {
  const t = useT();
  const s = t.stores;
  const { f, storeId, who } = props;
  const label = f.kind === "birthday" ? t.common.occasion.birthday : t.common.lifeEvent[f.kind];
  const href =
    f.kind === "birthday"
      ? logLink({ storeId, contactId: f.contactId, channel: f.requiredChannel, occasion: "birthday" })
      : logLink({ storeId, contactId: f.contactId, channel: f.requiredChannel, occasion: "life_event", lifeEventId: f.lifeEventId });
  return (
    <li>
      <div class="row">
        <a class="grow" href={`/contacts/${f.contactId}`}>
          {who?.formOfAddress ?? who?.name ?? ""} · {label} · {f.eventDate}
        </a>
        <span class={`pill ${f.status === "overdue" ? "bad" : f.status === "due" ? "A" : ""}`}>
          {f.status === "overdue" ? s.overdueDays(f.daysOverdue) : s.followUpStatus[f.status]}
        </span>
      </div>
      <div class="row small">
        <span class="muted grow">
          {s.dueOn(f.dueDate)} · {s.followUpChannel(t.common.channel[f.requiredChannel])}
        </span>
        <a href={href}>{s.doIt}</a>
      </div>
    </li>
  );
}

function FollowUps(props: { data: StorePage }) {
  const s = useT().stores;
  const followUps = storeFollowUps(props.data);
  const names = new Map(props.data.contacts.map((x) => [x.id, x]));
  return followUps.length === 0 ? (
    <p class="muted">{s.noFollowUps}</p>
  ) : (
    <ul class="plain card">
      {followUps.map((f) => (
        <FollowUpItem f={f} storeId={props.data.store.id} who={names.get(f.contactId)} />
      ))}
    </ul>
  );
}

function Contacts(props: { data: StorePage }) {
  const t = useT();
  const s = t.stores;
  const { store, contacts } = props.data;
  return contacts.length === 0 ? (
    <p class="muted">{s.noContacts}</p>
  ) : (
    <ul class="plain card">
      {contacts.map((x) => (
        <li>
          <div class="row">
            <a class="grow" href={`/contacts/${x.id}`}>
              {x.name}
              {x.formOfAddress && <span class="muted"> · {x.formOfAddress}</span>}
            </a>
            <span class="muted small">{t.common.contactRole[x.role]}</span>
            {x.doNotContact && <span class="pill bad">{s.doNotContact}</span>}
          </div>
          <div class="row small acts">
            {x.phone && <a href={`tel:${x.phone}`}>{x.phone}</a>}
            {!store.archived && !x.doNotContact && <a href={logLink({ storeId: store.id, contactId: x.id })}>{s.logContact}</a>}
          </div>
        </li>
      ))}
    </ul>
  );
}

/** A dated list of one intel kind: subject, detail, and the reason, action or what worked where given (also on a contact's page). */
export function InsightList(props: { title: string; items: StorePage["slowMovers"]; resolve?: boolean }) {
  const t = useT();
  const s = t.stores;
  return (
    <>
      <h3 class="small">{props.title}</h3>
      {props.items.length === 0 ? (
        <p class="muted small">{s.noInsights}</p>
      ) : (
        <ul class="plain">
          {props.items.map((i) => (
            <li>
              {i.subject && <strong>{i.subject} </strong>}
              <span class="muted small">{i.localDate}</span>
              <div>{i.detail}</div>
              {i.reason && (
                <div class="small">
                  {s.reason}: {i.reason}
                </div>
              )}
              {i.action && (
                <div class="small">
                  {s.action}: {i.action}
                </div>
              )}
              {i.resolution && (
                <div class="small tone-good">
                  {s.worked}: {i.resolution}
                </div>
              )}
              {props.resolve && (
                <details>
                  <summary class="small">{s.resolve}</summary>
                  <form method="post" action={`/stores/slow-movers/${i.id}/resolve`}>
                    <Csrf />
                    <label for={`resolution-${i.id}`}>{s.resolution}</label>
                    <textarea id={`resolution-${i.id}`} name="resolution" required maxlength={500} rows={2} placeholder={s.resolutionHint} />
                    <button type="submit" class="secondary">
                      {s.resolve}
                    </button>
                  </form>
                </details>
              )}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

function Insights(props: { data: StorePage }) {
  const s = useT().stores;
  const d = props.data;
  return (
    <div class="card" id="insights">
      <InsightList title={s.slowMovers} items={d.slowMovers} resolve={!d.store.archived} />
      {d.resolvedSlowMovers.length > 0 && <InsightList title={s.resolvedSlowMovers} items={d.resolvedSlowMovers} />}
      <InsightList title={s.productFeedback} items={d.productFeedback} />
      <InsightList title={s.preferenceActions} items={d.preferenceActions} />
      <InsightList title={s.competitorNotes} items={d.competitorNotes} />
    </div>
  );
}

function HistoryItem(props: { h: StorePage["history"][number]; editable: boolean; onSiteMeters: number }) {
  const t = useT();
  const s = t.stores;
  const { h } = props;
  return (
    <li>
      <div class="row">
        <span class="grow">
          <strong>{t.common.channel[h.channel]}</strong>
          {h.occasion !== "routine" && <span class="pill">{t.common.occasion[h.occasion]}</span>}
          {h.contactId && h.contactName && (
            <>
              {" · "}
              <a href={`/contacts/${h.contactId}`}>{h.contactName}</a>
            </>
          )}
          <CheckInNote visit={h} onSiteMeters={props.onSiteMeters} class="small" lead=" · " />
        </span>
        <span class="muted small">{h.localDate}</span>
        {props.editable && (
          <a class="small" href={`/interactions/${h.id}/edit`}>
            {t.log.edit}
          </a>
        )}
      </div>
      {h.notes && <div class="pre">{h.notes}</div>}
      <div class="muted small">
        {[
          h.giftWhat ? `${s.gift}: ${h.giftWhat}${h.giftValue !== null ? ` ${t.common.yuan(h.giftValue)}` : ""}` : null,
          h.askedHelp ? s.askedHelp : null,
          h.problemSolved ? `${s.problemSolved}: ${h.problemSolved}` : null,
          h.trainingTopic ? `${s.training}: ${h.trainingTopic}` : null,
          s.loggedBy(h.repName),
        ]
          .filter(Boolean)
          .join(" · ")}
      </div>
    </li>
  );
}

function History(props: { data: StorePage; paged: boolean; editable: (h: StorePage["history"][number]) => boolean }) {
  const s = useT().stores;
  const { store, history, historyNext } = props.data;
  return (
    <>
      {history.length === 0 ? (
        <p class="muted">{s.noHistory}</p>
      ) : (
        <ul class="plain card">
          {history.map((h) => (
            <HistoryItem h={h} editable={props.editable(h)} onSiteMeters={props.data.policy.checkIn.onSiteMeters} />
          ))}
        </ul>
      )}
      {(historyNext || props.paged) && (
        <p class="row">
          {props.paged && <a href={`/stores/${store.id}`}>{s.latestHistory}</a>}
          {historyNext && (
            <a class="button secondary" href={`/stores/${store.id}?before=${historyNext.at}.${historyNext.id}`}>
              {s.olderHistory}
            </a>
          )}
        </p>
      )}
    </>
  );
}

function StoreDetail(props: { data: StorePage; paged: boolean; deleted: boolean; removed: boolean; editable: (h: StorePage["history"][number]) => boolean }) {
  const t = useT();
  const s = t.stores;
  const { data } = props;
  const { store } = data;
  return (
    <>
      <p class="small">
        <a href="/stores">← {s.listTitle}</a>
      </p>
      <div class="row">
        <h1 class="grow">{store.name}</h1>
        <span class={`pill ${store.class}`}>{t.common.storeClass[store.class]}</span>
        {store.archived && <span class="pill">{s.archived}</span>}
      </div>
      {props.deleted && <div class="alert ok">{s.deleted}</div>}
      {props.removed && <div class="alert ok">{t.log.deleted}</div>}
      <StoreCard store={store} />

      <h2>{s.paceTitle}</h2>
      <PaceTable pace={data.pace} />

      <h2>{s.followUpsTitle}</h2>
      <FollowUps data={data} />

      <div class="row">
        <h2 class="grow">{s.contactsTitle}</h2>
        <a href={`/stores/${store.id}/contacts/new`}>+ {s.addContact}</a>
      </div>
      <Contacts data={data} />

      <h2>{s.insightsTitle}</h2>
      <Insights data={data} />

      <h2>{s.historyTitle}</h2>
      <History data={data} paged={props.paged} editable={props.editable} />
    </>
  );
}

/** GET /stores/:id, after historyQuery. */
export async function storePage(c: AppContext, cursor: HistoryCursor | null) {
  const viewer = requireViewer(c);
  const data = await loadStorePage(c.get("db"), viewer, idParam(c), c.get("now"), { limit: HISTORY_SIZE, cursor });
  if (!data) throw new ApiError(404, "not_found", "not found");
  const now = c.get("now");
  const editable = (h: StorePage["history"][number]) => mayChange(viewer, h, data.policy, now) === true;
  return c.render(
    <StoreDetail data={data} paged={cursor !== null} deleted={c.req.query("deleted") === "1"} removed={c.req.query("removed") === "1"} editable={editable} />,
    { title: data.store.name, nav: "stores" },
  );
}
