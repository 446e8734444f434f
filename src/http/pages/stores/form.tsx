// The store form: new (/stores/new, managers and admins) and edit (/stores/:id/edit; a rep sees the
// class and the rep but cannot change them), re-rendered with what was typed and each field's error.
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { AppContext } from "../../context.ts";
import { Csrf, usePage, useT } from "../layout.tsx";
import { ErrorSummary, SelectField, TextField, type Values } from "../forms.tsx";
import { idParam, requireViewer } from "../../guard.ts";
import { ApiError } from "../../errors.ts";
import { formStrings, formValidator, fromFields, postedStrings, type Errors } from "../../validation.ts";
import { assignableRepsSelect, getStore, REP_CHOICES_MAX, type StoreView } from "../../../db/queries/stores.ts";
import { formToInput, StoreCreateInput, StorePatchInput } from "../../../services/store-input.ts";
import { STORE_CLASSES } from "../../../domain/types.ts";
import { DATUMS } from "../../../domain/check-in.ts";

type RepChoice = { id: number; name: string; email: string };

/** Reps the viewer may assign, or null when too many to list (the form then asks for a rep id). */
async function repChoices(c: AppContext): Promise<RepChoice[] | null> {
  const reps = await assignableRepsSelect(c.get("db"), requireViewer(c));
  return reps.length > REP_CHOICES_MAX ? null : reps;
}

const STORE_FORM = { text: ["code", "name", "address", "city", "phone", "class", "datum"], numbers: ["repId"] };
const MANAGER_FIELDS = ["code", "name", "address", "city", "phone", "class", "repId", "lat", "lng", "datum"];

/** A typed coordinate: a decimal becomes a number; anything else stays text for the schema to refuse. */
function decimal(raw: string): number | string | null {
  const s = raw.trim();
  return s === "" ? null : /^-?\d{1,3}(\.\d+)?$/.test(s) ? Number(s) : s;
}

/** Form strings → the schema's input; an empty select is "required", not "not a number". */
function storeFormInput(values: Values, canManage: boolean): Record<string, unknown> {
  const picked: Values = {};
  for (const k of canManage ? MANAGER_FIELDS : ["name", "address", "city", "phone"]) {
    if (k in values) picked[k] = values[k]!;
  }
  const input = formToInput(picked, STORE_FORM);
  if (input.class === null) delete input.class;
  if (input.repId === null) delete input.repId;
  if (input.datum === null) delete input.datum;
  // Both coordinates empty clears them; otherwise resolveLocation checks they come as a pair.
  if (canManage && "lat" in picked) input.lat = decimal(picked.lat);
  if (canManage && "lng" in picked) input.lng = decimal(picked.lng);
  return input;
}

/** The form's store in the viewer's scope, or a 404 whatever was posted. */
export async function storeOr404(c: AppContext): Promise<StoreView> {
  const store = await getStore(c.get("db"), requireViewer(c), idParam(c));
  if (!store) throw new ApiError(404, "not_found", "not found");
  return store;
}

/** New store: on bad input, the form again with what was typed (400). */
export const createForm = formValidator(
  fromFields((raw) => storeFormInput(formStrings(raw), true), StoreCreateInput),
  async (c, errors) => renderStoreForm(c, { values: await postedStrings(c), errors }, 400),
);

const editFields = (canManage: boolean) =>
  formValidator(
    fromFields((raw) => storeFormInput(formStrings(raw), canManage), StorePatchInput),
    async (c, errors) => renderStoreForm(c, { store: await storeOr404(c), values: await postedStrings(c), errors }, 400),
  );
const repEdit = editFields(false);
const managerEdit = editFields(true);
/** Edit: a rep's form has no class or rep fields, so anything posted under those names is ignored. */
export const editForm: typeof managerEdit = (c, next) => (c.get("viewer")?.role === "rep" ? repEdit : managerEdit)(c, next);

function ClassAndRep(props: { values: Values; errors: Errors; reps: RepChoice[] | null }) {
  const t = useT();
  const s = t.stores;
  const { values, errors } = props;
  return (
    <>
      <SelectField
        name="class"
        label={s.storeClass}
        values={values}
        errors={errors}
        hint={s.classHint}
        options={[["", "—"], ...STORE_CLASSES.map((k): [string, string] => [k, t.common.storeClass[k]])]}
      />
      {props.reps ? (
        <SelectField
          name="repId"
          label={s.rep}
          values={values}
          errors={errors}
          options={[["", s.chooseRep], ...props.reps.map((r): [string, string] => [String(r.id), `${r.name} · ${r.email}`])]}
        />
      ) : (
        <TextField name="repId" label={s.repId} values={values} errors={errors} inputmode="numeric" />
      )}
    </>
  );
}

/** Where the store is: a manager types or pastes it; a check-in sets it when it is empty. */
function Location(props: { values: Values; errors: Errors; store?: StoreView }) {
  const t = useT();
  const s = t.stores;
  const { values, errors, store } = props;
  return (
    <fieldset>
      <legend>{s.location}</legend>
      <p class="muted small">
        {store?.locationSource ? s.locationSetBy[store.locationSource] : s.locationNone} {s.locationHint}
      </p>
      <TextField name="lat" label={s.lat} values={values} errors={errors} inputmode="decimal" />
      <TextField name="lng" label={s.lng} values={values} errors={errors} inputmode="decimal" />
      <SelectField name="datum" label={s.datum} values={values} errors={errors} options={DATUMS.map((d): [string, string] => [d, s.datums[d]])} />
    </fieldset>
  );
}

function ArchiveForm(props: { store: StoreView }) {
  const s = useT().stores;
  const { store } = props;
  return (
    <form method="post" action={`/stores/${store.id}/archive`} class="card">
      <Csrf />
      <input type="hidden" name="archived" value={store.archived ? "0" : "1"} />
      <p class="muted small">{s.archiveHint}</p>
      <button class={store.archived ? "secondary" : "danger"} type="submit">
        {store.archived ? s.unarchive : s.archive}
      </button>
    </form>
  );
}

type FormProps = {
  store?: StoreView;
  values: Values;
  errors: Errors;
  /** null when there are too many reps to list: the form asks for a rep id. */
  reps: RepChoice[] | null;
};

function StoreForm(props: FormProps) {
  const t = useT();
  const s = t.stores;
  const { store, values, errors } = props;
  const canManage = usePage().get("viewer")?.role !== "rep";
  return (
    <>
      <p class="small">
        <a href={store ? `/stores/${store.id}` : "/stores"}>← {store ? store.name : s.listTitle}</a>
      </p>
      <h1>{store ? s.editStore : s.newStore}</h1>
      <ErrorSummary errors={errors} />
      <form method="post" action={store ? `/stores/${store.id}/edit` : "/stores"} class="card" novalidate>
        <Csrf />
        <TextField name="name" label={s.name} values={values} errors={errors} required />
        {canManage && <TextField name="code" label={s.code} values={values} errors={errors} />}
        {canManage ? (
          <ClassAndRep values={values} errors={errors} reps={props.reps} />
        ) : (
          store && (
            <p class="muted small">
              {t.common.storeClass[store.class]} · {s.rep}: {store.repName ?? s.unassigned}
              <br />
              {s.lockedForRep}
            </p>
          )
        )}
        <TextField name="address" label={s.address} values={values} errors={errors} autocomplete="street-address" />
        <TextField name="city" label={s.city} values={values} errors={errors} />
        <TextField name="phone" label={s.phone} values={values} errors={errors} type="tel" inputmode="tel" />
        {canManage && <Location values={values} errors={errors} store={store} />}
        <div class="sticky-submit">
          <button class="block" type="submit">
            {t.common.save}
          </button>
        </div>
      </form>
      {store && canManage && <ArchiveForm store={store} />}
    </>
  );
}

/** The form; a rep's edit form lists no reps (they cannot change the rep). */
export async function renderStoreForm(c: AppContext, props: Omit<FormProps, "reps">, status: ContentfulStatusCode = 200) {
  const reps = requireViewer(c).role === "rep" ? [] : await repChoices(c);
  const s = c.get("t").stores;
  c.status(status);
  return c.render(<StoreForm {...props} reps={reps} />, { title: props.store ? s.editStore : s.newStore, nav: "stores" });
}

export function storeValues(store: StoreView): Values {
  return {
    code: store.code ?? "",
    name: store.name,
    class: store.class,
    repId: store.repId === null ? "" : String(store.repId),
    address: store.address ?? "",
    city: store.city ?? "",
    phone: store.phone ?? "",
    // Stored as WGS-84, so shown as such: saving the form unchanged changes nothing.
    lat: store.lat === null ? "" : String(store.lat),
    lng: store.lng === null ? "" : String(store.lng),
    datum: "wgs84",
  };
}
