// /contacts/:id: a contact's profile, birthday in both calendars, personal notes, life events and the
// greetings sent.
import { mayChange } from "../../../services/change-interaction.ts";
import type { AppContext } from "../../context.ts";
import { Csrf, usePage, useT } from "../layout.tsx";
import { logLink } from "../forms.tsx";
import { InsightList } from "../stores/detail.tsx";
import { idParam, requireViewer } from "../../guard.ts";
import { ApiError } from "../../errors.ts";
import { loadContactPage, type Contact, type ContactPage } from "../../../db/queries/contacts.ts";
import { birthdayOf, nextBirthday } from "../../../domain/calendar/birthdays.ts";
import { daysBetween } from "../../../domain/dates.ts";
import type { LocalDate } from "../../../domain/types.ts";

function BirthdayText(props: { contact: Contact; today: LocalDate }) {
  const t = useT();
  const s = t.stores;
  const { contact, today } = props;
  const b = birthdayOf(contact);
  if (!b) return <span class="muted">{t.common.none}</span>;
  const label = b.calendar === "solar" ? s.solarDate(b.month, b.day) : s.lunarDate(b.month, b.day, b.leapMonth);
  const next = nextBirthday(b, today);
  const days = daysBetween(today, next);
  return (
    <span>
      {t.common.calendar[b.calendar]} {label}
      {contact.birthYear !== null && ` (${contact.birthYear})`}
      <span class="muted small block">{b.calendar === "lunar" ? s.nextBirthdaySolar(next, days) : s.nextBirthday(next, days)}</span>
    </span>
  );
}

function Facts(props: { data: ContactPage }) {
  const t = useT();
  const s = t.stores;
  const x = props.data.contact;
  return (
    <dl class="facts">
      <dt>{s.contactRole}</dt>
      <dd>{t.common.contactRole[x.role]}</dd>
      <dt>{s.store}</dt>
      <dd>
        <a href={`/stores/${x.storeId}`}>{x.storeName}</a>
      </dd>
      <dt>{s.phone}</dt>
      <dd>{x.phone ? <a href={`tel:${x.phone}`}>{x.phone}</a> : <span class="muted">{t.common.none}</span>}</dd>
      {x.wechat && (
        <>
          <dt>{s.wechat}</dt>
          <dd>{x.wechat}</dd>
        </>
      )}
      {x.qq && (
        <>
          <dt>{s.qq}</dt>
          <dd>{x.qq}</dd>
        </>
      )}
      <dt>{s.birthday}</dt>
      <dd>
        <BirthdayText contact={x} today={props.data.today} />
      </dd>
      {x.tags.length > 0 && (
        <>
          <dt>{s.tags}</dt>
          <dd>
            {x.tags.map((tag) => (
              <span class="pill">{tag}</span>
            ))}
          </dd>
        </>
      )}
    </dl>
  );
}

function LifeEvents(props: { data: ContactPage }) {
  const t = useT();
  const s = t.stores;
  const { data } = props;
  const x = data.contact;
  if (data.lifeEvents.length === 0) return <p class="muted">{s.noLifeEvents}</p>;
  return (
    <ul class="plain card">
      {data.lifeEvents.map((e) => (
        <li>
          <div class="row">
            <strong class="grow">
              {t.common.lifeEvent[e.kind]}
              {e.concerns !== "self" && `（${t.stores.concerns[e.concerns]}）`} · {e.date}
            </strong>
            <span class={`pill ${e.state === "open" ? "A" : e.state === "done" ? "ok" : ""}`}>{s.eventStates[e.state]}</span>
          </div>
          {e.notes && <div class="pre">{e.notes}</div>}
          <div class="row small">
            <a href={`/contacts/${x.id}/events/${e.id}/edit`}>{t.common.edit}</a>
            {e.state === "open" && !x.storeArchived && !x.doNotContact && (
              <a href={logLink({ storeId: x.storeId, contactId: x.id, channel: data.policy.followUps[e.kind].channel, occasion: "life_event", lifeEventId: e.id })}>
                {s.doIt}
              </a>
            )}
            {e.state === "open" && (
              <form method="post" action={`/contacts/${x.id}/events/${e.id}/dismiss`} class="inline">
                <Csrf />
                <button class="secondary small-button" type="submit">
                  {s.dismiss}
                </button>
              </form>
            )}
          </div>
        </li>
      ))}
    </ul>
  );
}

function Greetings(props: { greetings: ContactPage["greetings"]; editable: (g: ContactPage["greetings"][number]) => boolean }) {
  const t = useT();
  const s = t.stores;
  const locale = usePage().get("locale");
  if (props.greetings.length === 0) return <p class="muted">{s.noGreetings}</p>;
  return (
    <ul class="plain card">
      {props.greetings.map((g) => (
        <li>
          <div class="row">
            <span class="grow">
              {g.occasion === "festival" ? ((locale === "en" ? g.festivalEn : g.festivalZh) ?? g.festivalKey ?? t.common.occasion.festival) : t.common.occasion[g.occasion]}
              {" · "}
              {t.common.channel[g.channel]}
            </span>
            <span class="muted small">{g.localDate}</span>
            {props.editable(g) && (
              <a class="small" href={`/interactions/${g.id}/edit`}>
                {t.log.edit}
              </a>
            )}
          </div>
          {g.notes && <div class="pre small">{g.notes}</div>}
          <div class="muted small">{s.loggedBy(g.repName)}</div>
        </li>
      ))}
    </ul>
  );
}

function ContactDetail(props: { data: ContactPage; editable: (g: ContactPage["greetings"][number]) => boolean }) {
  const t = useT();
  const s = t.stores;
  const { data } = props;
  const x = data.contact;
  return (
    <>
      <p class="small">
        <a href={`/stores/${x.storeId}`}>← {x.storeName}</a>
      </p>
      <div class="row">
        <h1 class="grow">
          {x.name}
          {x.formOfAddress && <span class="muted"> · {x.formOfAddress}</span>}
        </h1>
        {x.doNotContact && <span class="pill bad">{s.doNotContact}</span>}
      </div>
      {x.doNotContact && <div class="alert warn">{s.doNotContactLabel}</div>}
      <div class="card">
        <Facts data={data} />
        <div class="row actions">
          {!x.storeArchived && (
            <a class="button" href={logLink({ storeId: x.storeId, contactId: x.id })}>
              {s.logContact}
            </a>
          )}
          <a class="button secondary" href={`/contacts/${x.id}/edit`}>
            {t.common.edit}
          </a>
          <a href={`/contacts/${x.id}/delete`}>{t.common.delete}</a>
        </div>
      </div>

      <div class="card">
        <p class="muted small">{s.personalHint}</p>
        <h3 class="small">{s.preferences}</h3>
        {x.preferences ? <div class="pre">{x.preferences}</div> : <p class="muted">{t.common.none}</p>}
        <h3 class="small">{s.familyNotes}</h3>
        {x.familyNotes ? <div class="pre">{x.familyNotes}</div> : <p class="muted">{t.common.none}</p>}
      </div>

      <div class="row">
        <h2 class="grow">{s.lifeEventsTitle}</h2>
        <a href={`/contacts/${x.id}/events/new`}>+ {s.addLifeEvent}</a>
      </div>
      <LifeEvents data={data} />

      <h2>{s.greetingsTitle}</h2>
      <Greetings greetings={data.greetings} editable={props.editable} />

      <h2>{s.contactIntelTitle}</h2>
      <div class="card" id="insights">
        <p class="muted small">{s.contactIntelHint}</p>
        <InsightList title={s.contactFeedback} items={data.productFeedback} />
        <InsightList title={s.contactPreferenceActions} items={data.preferenceActions} />
      </div>
    </>
  );
}

export async function contactPage(c: AppContext) {
  const viewer = requireViewer(c);
  const now = c.get("now");
  const data = await loadContactPage(c.get("db"), viewer, idParam(c), now);
  if (!data) throw new ApiError(404, "not_found", "not found");
  const editable = (g: ContactPage["greetings"][number]) => mayChange(viewer, g, data.policy, now) === true;
  return c.render(<ContactDetail data={data} editable={editable} />, { title: data.contact.name, nav: "stores" });
}
