// The contact form: new (/stores/:id/contacts/new) and edit (/contacts/:id/edit), re-rendered with
// what was typed and each field's error; and the confirmation before a contact is erased.
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { AppContext } from "../../context.ts";
import { Csrf, useT } from "../layout.tsx";
import { CheckField, ErrorSummary, SelectField, TextField, type Values } from "../forms.tsx";
import { storeOr404 } from "../stores/form.tsx";
import { idParam, requireViewer } from "../../guard.ts";
import { ApiError } from "../../errors.ts";
import { formStrings, formValidator, fromFields, postedStrings, translate, type Errors } from "../../validation.ts";
import type { Messages } from "../../../i18n/index.ts";
import { getContact, type Contact, type ContactView } from "../../../db/queries/contacts.ts";
import { ContactCreateInput, ContactPatchInput, formToInput } from "../../../services/store-input.ts";
import { birthdayErrors } from "../../../domain/calendar/birthdays.ts";
import { BIRTHDAY_CALENDARS, CONTACT_ROLES } from "../../../domain/types.ts";

const CONTACT_FORM = {
  text: ["name", "role", "formOfAddress", "phone", "wechat", "qq", "birthdayCalendar", "preferences", "familyNotes"],
  numbers: ["birthdayMonth", "birthdayDay", "birthYear"],
  checkboxes: ["birthdayLeapMonth", "doNotContact"],
  lists: ["tags"],
};

export async function contactOr404(c: AppContext): Promise<ContactView> {
  const contact = await getContact(c.get("db"), requireViewer(c), idParam(c));
  if (!contact) throw new ApiError(404, "not_found", "not found");
  return contact;
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

const fromContactForm = (raw: Parameters<typeof formStrings>[0]) => formToInput(formStrings(raw), CONTACT_FORM);

export const createContactForm = formValidator(fromFields(fromContactForm, ContactCreateInput), async (c, fields) => {
  const store = await storeOr404(c);
  const values = await postedStrings(c);
  return renderContactForm(c, { store, values, errors: formErrors(fields, values, c.get("t")) }, 400);
});

export const editContactForm = formValidator(fromFields(fromContactForm, ContactPatchInput), async (c, fields) => {
  const contact = await contactOr404(c);
  const values = await postedStrings(c);
  return renderContactForm(c, { store: { id: contact.storeId, name: contact.storeName }, contact, values, errors: formErrors(fields, values, c.get("t")) }, 400);
});

export function contactValues(x: Contact): Values {
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

function BirthdayFields(props: { values: Values; errors: Errors }) {
  const t = useT();
  const s = t.stores;
  const { values, errors } = props;
  // Without script the pickers cannot follow the calendar as it is chosen: a lunar birthday shows
  // 初一…三十 (no 31st), a solar one 1日…31日, and a form not yet decided shows both names.
  const calendar = values.birthdayCalendar === "lunar" || values.birthdayCalendar === "solar" ? values.birthdayCalendar : null;
  const range = (n: number, label: (i: number) => string): [string, string][] => Array.from({ length: n }, (_, i) => [String(i + 1), label(i + 1)]);
  return (
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
        <SelectField name="birthdayMonth" label={s.birthdayMonth} values={values} errors={errors} options={[["", "—"], ...range(12, (m) => s.monthOption(calendar, m))]} />
        <SelectField name="birthdayDay" label={s.birthdayDay} values={values} errors={errors} options={[["", "—"], ...range(calendar === "lunar" ? 30 : 31, (d) => s.dayOption(calendar, d))]} />
      </div>
      <CheckField name="birthdayLeapMonth" label={s.birthdayLeapMonth} values={values} errors={errors} />
      <TextField name="birthYear" label={s.birthYear} values={values} errors={errors} inputmode="numeric" />
    </fieldset>
  );
}

type FormProps = { store: { id: number; name: string }; contact?: ContactView; values: Values; errors: Errors };

function ContactForm(props: FormProps) {
  const t = useT();
  const s = t.stores;
  const { store, contact, values, errors } = props;
  return (
    <>
      <p class="small">
        <a href={contact ? `/contacts/${contact.id}` : `/stores/${store.id}`}>← {contact ? contact.name : store.name}</a>
      </p>
      <h1>{contact ? s.editContact : s.newContact}</h1>
      <ErrorSummary errors={errors} />
      <form method="post" action={contact ? `/contacts/${contact.id}/edit` : `/stores/${store.id}/contacts/new`} class="card" novalidate>
        <Csrf />
        <TextField name="name" label={s.contactName} values={values} errors={errors} required />
        <SelectField name="role" label={s.contactRole} values={values} errors={errors} options={CONTACT_ROLES.map((r): [string, string] => [r, t.common.contactRole[r]])} />
        <TextField name="formOfAddress" label={s.formOfAddress} placeholder={s.formOfAddressHint} values={values} errors={errors} />
        <TextField name="phone" label={s.phone} values={values} errors={errors} type="tel" inputmode="tel" />
        <div class="cols">
          <TextField name="wechat" label={s.wechat} values={values} errors={errors} />
          <TextField name="qq" label={s.qq} values={values} errors={errors} inputmode="numeric" />
        </div>
        <BirthdayFields values={values} errors={errors} />
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
    </>
  );
}

export function renderContactForm(c: AppContext, props: FormProps, status: ContentfulStatusCode = 200) {
  const s = c.get("t").stores;
  c.status(status);
  return c.render(<ContactForm {...props} />, { title: props.contact ? s.editContact : s.newContact, nav: "stores" });
}

function DeleteConfirm(props: { contact: ContactView }) {
  const t = useT();
  const s = t.stores;
  const { contact } = props;
  return (
    <div class="card narrow">
      <h1>{s.deleteConfirmTitle(contact.name)}</h1>
      <p>{s.deleteWarning}</p>
      <form method="post" action={`/contacts/${contact.id}/delete`} class="row">
        <Csrf />
        <button class="danger" type="submit">
          {s.deleteButton}
        </button>
        <a href={`/contacts/${contact.id}`}>{t.common.cancel}</a>
      </form>
    </div>
  );
}

export function renderDeleteConfirm(c: AppContext, contact: ContactView) {
  return c.render(<DeleteConfirm contact={contact} />, { title: c.get("t").stores.deleteContact, nav: "stores" });
}
