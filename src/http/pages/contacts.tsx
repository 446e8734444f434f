// Contact pages: /contacts/:id (profile, birthday in both calendars, personal notes, life events,
// greetings sent), the contact form (new at /stores/:id/contacts/new, edit), deletion with a
// confirmation form, and the life-event forms under /contacts/:id/events. Mounted by stores.tsx.
import { Hono } from "hono";
import * as v from "valibot";
import type { AppContext, AppEnv } from "../context.ts";
import { idParam, requireViewer } from "../guard.ts";
import { ApiError } from "../errors.ts";
import { fieldErrors, translate } from "../validation.ts";
import type { Messages } from "../../i18n/index.ts";
import { Csrf, Layout } from "./layout.tsx";
import {
  birthdayOf,
  CheckField,
  codesToMessages,
  ErrorSummary,
  formValues,
  logLink,
  SelectField,
  TextField,
  throwFailure,
  type Errors,
  type Values,
} from "./store-forms.tsx";
import { getStore } from "../../db/queries/stores.ts";
import { createContact, deleteContact, getContact, loadContactPage, updateContact, type Contact, type ContactPage, type ContactView } from "../../db/queries/contacts.ts";
import { createLifeEvent, dismissLifeEvent, getLifeEvent, updateLifeEvent, type LifeEvent } from "../../db/queries/life-events.ts";
import {
  birthdayErrors,
  ContactCreateInput,
  ContactPatchInput,
  formToInput,
  LIFE_EVENT_STATES,
  LifeEventCreateInput,
  LifeEventPatchInput,
} from "../../services/store-input.ts";
import { nextBirthday } from "../../domain/calendar/birthdays.ts";
import { daysBetween } from "../../domain/dates.ts";
import { BIRTHDAY_CALENDARS, CONTACT_ROLES, LIFE_EVENT_KINDS, type LocalDate } from "../../domain/types.ts";

const CONTACT_FORM = {
  text: ["name", "role", "formOfAddress", "phone", "wechat", "qq", "birthdayCalendar", "preferences", "familyNotes"],
  numbers: ["birthdayMonth", "birthdayDay", "birthYear"],
  checkboxes: ["birthdayLeapMonth", "doNotContact"],
  lists: ["tags"],
};
const EVENT_FORM = { text: ["kind", "date", "notes", "state"] };

function notFound(): never {
  throw new ApiError(404, "not_found", "not found");
}

// ---- contact page ----------------------------------------------------------------------------

function BirthdayText(props: { c: AppContext; contact: Contact; today: LocalDate }) {
  const { c, contact, today } = props;
  const t = c.get("t");
  const s = t.stores;
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

function ContactDetail(props: { c: AppContext; data: ContactPage }) {
  const { c, data } = props;
  const t = c.get("t");
  const s = t.stores;
  const locale = c.get("locale");
  const x = data.contact;
  return (
    <Layout c={c} title={x.name} nav="stores">
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
            <BirthdayText c={c} contact={x} today={data.today} />
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
      {data.lifeEvents.length === 0 ? (
        <p class="muted">{s.noLifeEvents}</p>
      ) : (
        <ul class="plain card">
          {data.lifeEvents.map((e) => (
            <li>
              <div class="row">
                <strong class="grow">
                  {t.common.lifeEvent[e.kind]} · {e.date}
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
                    <Csrf c={c} />
                    <button class="secondary small-button" type="submit">
                      {s.dismiss}
                    </button>
                  </form>
                )}
              </div>
            </li>
          ))}
        </ul>
      )}

      <h2>{s.greetingsTitle}</h2>
      {data.greetings.length === 0 ? (
        <p class="muted">{s.noGreetings}</p>
      ) : (
        <ul class="plain card">
          {data.greetings.map((g) => (
            <li>
              <div class="row">
                <span class="grow">
                  {g.occasion === "festival"
                    ? ((locale === "en" ? g.festivalEn : g.festivalZh) ?? g.festivalKey ?? t.common.occasion.festival)
                    : t.common.occasion[g.occasion]}
                  {" · "}
                  {t.common.channel[g.channel]}
                </span>
                <span class="muted small">{g.localDate}</span>
              </div>
              {g.notes && <div class="pre small">{g.notes}</div>}
              <div class="muted small">{s.loggedBy(g.repName)}</div>
            </li>
          ))}
        </ul>
      )}
    </Layout>
  );
}

// ---- contact form ----------------------------------------------------------------------------

function contactValues(x: Contact): Values {
  const str = (n: number | null) => (n === null ? "" : String(n));
  return {
    name: x.name,
    role: x.role,
    formOfAddress: x.formOfAddress ?? "",
    phone: x.phone ?? "",
    wechat: x.wechat ?? "",
    qq: x.qq ?? "",
    birthdayCalendar: x.birthdayCalendar ?? "",
    birthdayMonth: str(x.birthdayMonth),
    birthdayDay: str(x.birthdayDay),
    birthdayLeapMonth: x.birthdayLeapMonth ? "1" : "",
    birthYear: str(x.birthYear),
    tags: x.tags.join(", "),
    preferences: x.preferences ?? "",
    familyNotes: x.familyNotes ?? "",
    doNotContact: x.doNotContact ? "1" : "",
  };
}

function ContactForm(props: { c: AppContext; store: { id: number; name: string }; contact?: ContactView; values: Values; errors: Errors }) {
  const { c, store, contact, values, errors } = props;
  const t = c.get("t");
  const s = t.stores;
  const title = contact ? s.editContact : s.newContact;
  const range = (n: number): [string, string][] => Array.from({ length: n }, (_, i) => [String(i + 1), String(i + 1)]);
  return (
    <Layout c={c} title={title} nav="stores">
      <p class="small">
        <a href={contact ? `/contacts/${contact.id}` : `/stores/${store.id}`}>← {contact ? contact.name : store.name}</a>
      </p>
      <h1>{title}</h1>
      <ErrorSummary c={c} errors={errors} />
      <form method="post" action={contact ? `/contacts/${contact.id}/edit` : `/stores/${store.id}/contacts/new`} class="card" novalidate>
        <Csrf c={c} />
        <TextField name="name" label={s.contactName} values={values} errors={errors} required />
        <SelectField
          name="role"
          label={s.contactRole}
          values={values}
          errors={errors}
          options={CONTACT_ROLES.map((r): [string, string] => [r, t.common.contactRole[r]])}
        />
        <TextField name="formOfAddress" label={s.formOfAddress} placeholder={s.formOfAddressHint} values={values} errors={errors} />
        <TextField name="phone" label={s.phone} values={values} errors={errors} type="tel" inputmode="tel" />
        <div class="cols">
          <TextField name="wechat" label={s.wechat} values={values} errors={errors} />
          <TextField name="qq" label={s.qq} values={values} errors={errors} inputmode="numeric" />
        </div>
        <fieldset class="bare">
          <legend class="label">{s.birthday}</legend>
          <div class="cols3">
            <SelectField
              name="birthdayCalendar"
              label={s.birthdayCalendar}
              values={values}
              errors={errors}
              options={[["", s.noBirthday], ...BIRTHDAY_CALENDARS.map((k): [string, string] => [k, t.common.calendar[k]])]}
            />
            <SelectField name="birthdayMonth" label={s.birthdayMonth} values={values} errors={errors} options={[["", "—"], ...range(12)]} />
            <SelectField name="birthdayDay" label={s.birthdayDay} values={values} errors={errors} options={[["", "—"], ...range(31)]} />
          </div>
          <CheckField name="birthdayLeapMonth" label={s.birthdayLeapMonth} values={values} errors={errors} />
          <TextField name="birthYear" label={s.birthYear} values={values} errors={errors} inputmode="numeric" />
        </fieldset>
        <TextField name="tags" label={s.tags} hint={s.tagsHint} values={values} errors={errors} />
        <p class="muted small">{s.personalHint}</p>
        <TextField name="preferences" label={s.preferences} hint={s.preferencesHint} values={values} errors={errors} area />
        <TextField name="familyNotes" label={s.familyNotes} values={values} errors={errors} area />
        <CheckField name="doNotContact" label={s.doNotContactLabel} values={values} errors={errors} />
        <div class="sticky-submit">
          <button class="block" type="submit">
            {t.common.save}
          </button>
        </div>
      </form>
    </Layout>
  );
}

/**
 * Field errors of a contact form the schema refused. `tags.0` and friends point at the one tags
 * field; the birthday's consistency (checked after the schema on the saved path) is checked here
 * too, so every error shows in one round.
 */
function formErrors(fields: Errors, values: Values, t: Messages): Errors {
  const out: Errors = {};
  for (const [k, msg] of Object.entries(fields)) out[k.startsWith("tags.") ? "tags" : k] ??= msg;
  const num = (k: string) => (/^\d{1,2}$/.test(values[k] ?? "") ? Number(values[k]) : null);
  const cal = values.birthdayCalendar;
  const birthday = birthdayErrors({
    birthdayCalendar: cal === "solar" || cal === "lunar" ? cal : null,
    birthdayMonth: num("birthdayMonth"),
    birthdayDay: num("birthdayDay"),
    birthdayLeapMonth: values.birthdayLeapMonth === "1",
    birthYear: /^\d{4}$/.test(values.birthYear ?? "") ? Number(values.birthYear) : null,
  });
  for (const [k, code] of Object.entries(birthday)) out[k] ??= translate(code, t);
  return out;
}

function DeleteConfirm(props: { c: AppContext; contact: ContactView }) {
  const { c, contact } = props;
  const t = c.get("t");
  const s = t.stores;
  return (
    <Layout c={c} title={s.deleteContact} nav="stores">
      <div class="card narrow">
        <h1>{s.deleteConfirmTitle(contact.name)}</h1>
        <p>{s.deleteWarning}</p>
        <form method="post" action={`/contacts/${contact.id}/delete`} class="row">
          <Csrf c={c} />
          <button class="danger" type="submit">
            {s.deleteButton}
          </button>
          <a href={`/contacts/${contact.id}`}>{t.common.cancel}</a>
        </form>
      </div>
    </Layout>
  );
}

// ---- life-event form -------------------------------------------------------------------------

function LifeEventForm(props: { c: AppContext; contact: { id: number; name: string }; event?: LifeEvent; values: Values; errors: Errors }) {
  const { c, contact, event, values, errors } = props;
  const t = c.get("t");
  const s = t.stores;
  const title = event ? s.editLifeEvent : s.addLifeEvent;
  return (
    <Layout c={c} title={title} nav="stores">
      <p class="small">
        <a href={`/contacts/${contact.id}`}>← {contact.name}</a>
      </p>
      <h1>{title}</h1>
      <ErrorSummary c={c} errors={errors} />
      <form method="post" action={event ? `/contacts/${contact.id}/events/${event.id}/edit` : `/contacts/${contact.id}/events/new`} class="card" novalidate>
        <Csrf c={c} />
        <SelectField
          name="kind"
          label={s.eventKind}
          values={values}
          errors={errors}
          options={LIFE_EVENT_KINDS.map((k): [string, string] => [k, t.common.lifeEvent[k]])}
        />
        <TextField name="date" label={s.eventDate} type="date" values={values} errors={errors} />
        <TextField name="notes" label={s.eventNotes} values={values} errors={errors} area />
        {event && (
          <SelectField
            name="state"
            label={s.eventState}
            values={values}
            errors={errors}
            options={LIFE_EVENT_STATES.map((k): [string, string] => [k, s.eventStates[k]])}
          />
        )}
        <div class="sticky-submit">
          <button class="block" type="submit">
            {t.common.save}
          </button>
        </div>
      </form>
    </Layout>
  );
}

function eventValues(e: LifeEvent): Values {
  return { kind: e.kind, date: e.date, notes: e.notes ?? "", state: e.state };
}

// ---- routes ----------------------------------------------------------------------------------

export const contactPages = new Hono<AppEnv>()
  .get("/stores/:id/contacts/new", async (c) => {
    const viewer = requireViewer(c);
    const store = await getStore(c.get("db"), viewer, idParam(c));
    if (!store) notFound();
    return c.html(<ContactForm c={c} store={store} values={{ role: "clerk" }} errors={{}} />);
  })
  .post("/stores/:id/contacts/new", async (c) => {
    const viewer = requireViewer(c);
    const db = c.get("db");
    const store = await getStore(db, viewer, idParam(c));
    if (!store) notFound();
    const values = formValues(await c.req.parseBody());
    const parsed = v.safeParse(ContactCreateInput, formToInput(values, CONTACT_FORM));
    if (!parsed.success) {
      return c.html(<ContactForm c={c} store={store} values={values} errors={formErrors(fieldErrors(parsed.issues, c.get("t")), values, c.get("t"))} />, 400);
    }
    const result = await createContact(db, viewer, store.id, parsed.output, c.get("now"));
    if (!result.ok) {
      if (result.reason !== "invalid") throwFailure(result, c);
      return c.html(<ContactForm c={c} store={store} values={values} errors={codesToMessages(result.fields, c)} />, 400);
    }
    return c.redirect(`/contacts/${result.value.id}`, 303);
  })
  .get("/contacts/:id", async (c) => {
    const viewer = requireViewer(c);
    const data = await loadContactPage(c.get("db"), viewer, idParam(c), c.get("now"));
    if (!data) notFound();
    return c.html(<ContactDetail c={c} data={data} />);
  })
  .get("/contacts/:id/edit", async (c) => {
    const viewer = requireViewer(c);
    const contact = await getContact(c.get("db"), viewer, idParam(c));
    if (!contact) notFound();
    return c.html(<ContactForm c={c} store={{ id: contact.storeId, name: contact.storeName }} contact={contact} values={contactValues(contact)} errors={{}} />);
  })
  .post("/contacts/:id/edit", async (c) => {
    const viewer = requireViewer(c);
    const db = c.get("db");
    const contact = await getContact(db, viewer, idParam(c));
    if (!contact) notFound();
    const store = { id: contact.storeId, name: contact.storeName };
    const values = formValues(await c.req.parseBody());
    const parsed = v.safeParse(ContactPatchInput, formToInput(values, CONTACT_FORM));
    if (!parsed.success) {
      return c.html(<ContactForm c={c} store={store} contact={contact} values={values} errors={formErrors(fieldErrors(parsed.issues, c.get("t")), values, c.get("t"))} />, 400);
    }
    const result = await updateContact(db, viewer, contact.id, parsed.output, c.get("now"));
    if (!result.ok) {
      if (result.reason !== "invalid") throwFailure(result, c);
      return c.html(<ContactForm c={c} store={store} contact={contact} values={values} errors={codesToMessages(result.fields, c)} />, 400);
    }
    return c.redirect(`/contacts/${contact.id}`, 303);
  })
  .get("/contacts/:id/delete", async (c) => {
    const viewer = requireViewer(c);
    const contact = await getContact(c.get("db"), viewer, idParam(c));
    if (!contact) notFound();
    return c.html(<DeleteConfirm c={c} contact={contact} />);
  })
  .post("/contacts/:id/delete", async (c) => {
    const viewer = requireViewer(c);
    const result = await deleteContact(c.get("db"), viewer, idParam(c), c.get("now"));
    if (!result.ok) throwFailure(result, c);
    return c.redirect(`/stores/${result.value.storeId}?deleted=1`, 303);
  })
  .get("/contacts/:id/events/new", async (c) => {
    const viewer = requireViewer(c);
    const contact = await getContact(c.get("db"), viewer, idParam(c));
    if (!contact) notFound();
    return c.html(<LifeEventForm c={c} contact={contact} values={{}} errors={{}} />);
  })
  .post("/contacts/:id/events/new", async (c) => {
    const viewer = requireViewer(c);
    const db = c.get("db");
    const contact = await getContact(db, viewer, idParam(c));
    if (!contact) notFound();
    const values = formValues(await c.req.parseBody());
    const parsed = v.safeParse(LifeEventCreateInput, formToInput(values, EVENT_FORM));
    if (!parsed.success) {
      return c.html(<LifeEventForm c={c} contact={contact} values={values} errors={fieldErrors(parsed.issues, c.get("t"))} />, 400);
    }
    const result = await createLifeEvent(db, viewer, contact.id, parsed.output, c.get("now"));
    if (!result.ok) {
      if (result.reason !== "invalid") throwFailure(result, c);
      return c.html(<LifeEventForm c={c} contact={contact} values={values} errors={codesToMessages(result.fields, c)} />, 400);
    }
    return c.redirect(`/contacts/${contact.id}`, 303);
  })
  .get("/contacts/:id/events/:eventId/edit", async (c) => {
    const viewer = requireViewer(c);
    const contactId = idParam(c);
    const event = await getLifeEvent(c.get("db"), viewer, idParam(c, "eventId"));
    if (!event || event.contactId !== contactId) notFound();
    return c.html(<LifeEventForm c={c} contact={{ id: contactId, name: event.contactName }} event={event} values={eventValues(event)} errors={{}} />);
  })
  .post("/contacts/:id/events/:eventId/edit", async (c) => {
    const viewer = requireViewer(c);
    const db = c.get("db");
    const contactId = idParam(c);
    const event = await getLifeEvent(db, viewer, idParam(c, "eventId"));
    if (!event || event.contactId !== contactId) notFound();
    const contact = { id: contactId, name: event.contactName };
    const values = formValues(await c.req.parseBody());
    const parsed = v.safeParse(LifeEventPatchInput, formToInput(values, EVENT_FORM));
    if (!parsed.success) {
      return c.html(<LifeEventForm c={c} contact={contact} event={event} values={values} errors={fieldErrors(parsed.issues, c.get("t"))} />, 400);
    }
    const result = await updateLifeEvent(db, viewer, event.id, parsed.output, c.get("now"));
    if (!result.ok) {
      if (result.reason !== "invalid") throwFailure(result, c);
      return c.html(<LifeEventForm c={c} contact={contact} event={event} values={values} errors={codesToMessages(result.fields, c)} />, 400);
    }
    return c.redirect(`/contacts/${contactId}`, 303);
  })
  .post("/contacts/:id/events/:eventId/dismiss", async (c) => {
    const viewer = requireViewer(c);
    const db = c.get("db");
    const contactId = idParam(c);
    const event = await getLifeEvent(db, viewer, idParam(c, "eventId"));
    if (!event || event.contactId !== contactId) notFound();
    const result = await dismissLifeEvent(db, viewer, event.id, c.get("now"));
    if (!result.ok) throwFailure(result, c);
    return c.redirect(`/contacts/${contactId}`, 303);
  });
