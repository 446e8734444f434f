// The life-event form (R7, R8: weddings, births, illness, bereavements): new at
// /contacts/:id/events/new, edit at /contacts/:id/events/:eventId/edit.
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { AppContext } from "../../context.ts";
import { Csrf, useT } from "../layout.tsx";
import { ErrorSummary, SelectField, TextField, type Values } from "../forms.tsx";
import { contactOr404 } from "./form.tsx";
import { idParam, requireViewer } from "../../guard.ts";
import { ApiError } from "../../errors.ts";
import { formStrings, formValidator, fromFields, postedStrings, type Errors } from "../../validation.ts";
import { getLifeEvent, type LifeEvent, type LifeEventView } from "../../../db/queries/life-events.ts";
import { formToInput, LIFE_EVENT_STATES, LifeEventCreateInput, LifeEventPatchInput } from "../../../services/store-input.ts";
import { CONCERNS, LIFE_EVENT_KINDS } from "../../../domain/types.ts";

const EVENT_FORM = { text: ["kind", "date", "notes", "concerns", "state"] };
const fromEventForm = (raw: Parameters<typeof formStrings>[0]) => formToInput(formStrings(raw), EVENT_FORM);

/** The event of the path's contact, in the viewer's scope, or a 404. */
export async function eventOr404(c: AppContext): Promise<LifeEventView> {
  const viewer = requireViewer(c);
  const contactId = idParam(c);
  const event = await getLifeEvent(c.get("db"), viewer, idParam(c, "eventId"));
  if (!event || event.contactId !== contactId) throw new ApiError(404, "not_found", "not found");
  return event;
}

export const createEventForm = formValidator(fromFields(fromEventForm, LifeEventCreateInput), async (c, errors) =>
  renderEventForm(c, { contact: await contactOr404(c), values: await postedStrings(c), errors }, 400),
);

export const editEventForm = formValidator(fromFields(fromEventForm, LifeEventPatchInput), async (c, errors) => {
  const event = await eventOr404(c);
  return renderEventForm(c, { contact: { id: event.contactId, name: event.contactName }, event, values: await postedStrings(c), errors }, 400);
});

export function eventValues(e: LifeEvent): Values {
  return { kind: e.kind, date: e.date, notes: e.notes ?? "", concerns: e.concerns, state: e.state };
}

type FormProps = { contact: { id: number; name: string }; event?: LifeEvent; values: Values; errors: Errors };

function LifeEventForm(props: FormProps) {
  const t = useT();
  const s = t.stores;
  const { contact, event, values, errors } = props;
  return (
    <>
      <p class="small">
        <a href={`/contacts/${contact.id}`}>← {contact.name}</a>
      </p>
      <h1>{event ? s.editLifeEvent : s.addLifeEvent}</h1>
      <ErrorSummary errors={errors} />
      <form method="post" action={event ? `/contacts/${contact.id}/events/${event.id}/edit` : `/contacts/${contact.id}/events/new`} class="card" novalidate>
        <Csrf />
        <SelectField name="kind" label={s.eventKind} values={values} errors={errors} options={LIFE_EVENT_KINDS.map((k): [string, string] => [k, t.common.lifeEvent[k]])} />
        <SelectField
          name="concerns"
          label={s.eventConcerns}
          values={{ concerns: "self", ...values }}
          errors={errors}
          options={CONCERNS.map((k): [string, string] => [k, s.concerns[k]])}
        />
        <TextField name="date" label={s.eventDate} type="date" values={values} errors={errors} />
        <TextField name="notes" label={s.eventNotes} values={values} errors={errors} area />
        {event && (
          <SelectField name="state" label={s.eventState} values={values} errors={errors} options={LIFE_EVENT_STATES.map((k): [string, string] => [k, s.eventStates[k]])} />
        )}
        <div class="sticky-submit">
          <button class="block" type="submit">
            {t.common.save}
          </button>
        </div>
      </form>
    </>
  );
}

export function renderEventForm(c: AppContext, props: FormProps, status: ContentfulStatusCode = 200) {
  const s = c.get("t").stores;
  c.status(status);
  return c.render(<LifeEventForm {...props} />, { title: props.event ? s.editLifeEvent : s.addLifeEvent, nav: "stores" });
}
