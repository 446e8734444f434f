// Fixing a logged contact from a phone, with plain forms (no script): /interactions/:id/edit (the
// quick log's form, prefilled; "换一家" picks another store), a delete with a confirmation page,
// the quick log's one-tap undo, and intel added to an earlier visit (the digest's "visit missing
// intel" line opens /interactions/:id/intel). The rules are services/change-interaction.ts.
import { Hono } from "hono";
import * as v from "valibot";
import type { AppContext, AppEnv } from "../context.ts";
import { requireViewer } from "../guard.ts";
import { ApiError } from "../errors.ts";
import { fieldErrors, postedStrings, translate, type Errors } from "../validation.ts";
import { Csrf, FieldError, useT } from "./layout.tsx";
import { renderLogForm } from "./log/form.tsx";
import { StorePicker } from "./log/picker.tsx";
import { INTEL_FIELDS, logInput, toFormErrors, valuesOf } from "./log/input.ts";
import type { Values } from "./forms.tsx";
import { logFormData, storesForPicker } from "../../services/log-form.ts";
import { addIntel, AddInsightsInput, editInteraction, interactionToChange, InteractionPatch, removeInteraction, type Denied } from "../../services/change-interaction.ts";
import { localDateOf } from "../../domain/dates.ts";
import { INSIGHT_KINDS } from "../../domain/types.ts";

const Id = v.pipe(v.string(), v.regex(/^\d{1,12}$/), v.transform(Number));
const idOf = (c: AppContext) => {
  const id = v.safeParse(Id, c.req.param("id") ?? "");
  if (!id.success) throw new ApiError(404, "not_found", "not found");
  return id.output;
};

/** Out of scope 404; a rep's own past the window 403 with the reason (the error page shows it). */
function refuse(c: AppContext, d: Denied): never {
  if (d.reason === "window_closed") throw new ApiError(403, "edit_window_closed", c.get("t").log.editWindowClosed(d.days));
  throw new ApiError(404, "not_found", "not found");
}

async function changeable(c: AppContext) {
  const found = await interactionToChange(c.get("db"), requireViewer(c), idOf(c), c.get("now"));
  if (!found.ok) refuse(c, found);
  return found.value;
}

/** The edit form for the store chosen (`?storeId=`, after "换一家") or the interaction's own. */
async function editForm(c: AppContext, values: Values | null, errors: Errors, status: 200 | 400 = 200) {
  const { row, insights, policy } = await changeable(c);
  const chosen = v.safeParse(Id, values?.storeId ?? c.req.query("storeId") ?? "");
  const storeId = chosen.success ? chosen.output : row.storeId;
  const data = await logFormData(c.get("db"), requireViewer(c), storeId, c.get("now"), { localDate: row.localDate, lifeEventId: row.lifeEventId });
  if (!data) throw new ApiError(404, "not_found", "not found");
  const shown = values ?? valuesOf(row, policy.timeZone);
  if (!values && storeId !== row.storeId) {
    // Another store: its contacts and occasions differ, so those two start over.
    shown.contactId = "";
    shown.occasion = "routine";
  }
  return renderLogForm(c, { data, values: shown, errors, edit: { id: row.id, insights: new Set(insights.map((i) => i.kind)).size } }, status);
}

function DeleteConfirm(props: { id: number; what: string }) {
  const t = useT();
  return (
    <div class="card narrow">
      <h1>{t.log.deleteTitle}</h1>
      <p>{t.log.deleteConfirm(props.what)}</p>
      <form method="post" action={`/interactions/${props.id}/delete`} class="row">
        <Csrf />
        <button class="danger" type="submit">
          {t.log.deleteButton}
        </button>
        <a href={`/interactions/${props.id}/edit`}>{t.log.cancel}</a>
      </form>
    </div>
  );
}

function IntelForm(props: { id: number; title: string; existing: string[]; values: Values; errors: Errors }) {
  const t = useT();
  const { values, errors } = props;
  const field = (name: string, label: string) => (
    <div>
      <label for={name}>{label}</label>
      <input id={name} name={name} value={values[name] ?? ""} class={errors[name] ? "invalid" : undefined} aria-describedby={errors[name] ? `${name}-error` : undefined} />
      <FieldError errors={errors} name={name} />
    </div>
  );
  return (
    <>
      <h1>{t.log.addIntelTitle}</h1>
      <p class="muted">{props.title}</p>
      {props.existing.length > 0 && (
        <p>
          {t.log.existingIntel}: {props.existing.join("、")}
        </p>
      )}
      {Object.keys(errors).length > 0 && (
        <div class="alert error" role="alert">
          {errors.insights ?? t.common.fixErrors}
        </div>
      )}
      <form method="post" action={`/interactions/${props.id}/intel`} novalidate class="log-form">
        <Csrf />
        {INSIGHT_KINDS.map((k) =>
          INTEL_FIELDS[k].length === 1 ? (
            <div class="intel-item">{field(`intel.${k}.detail`, t.log.intel[k])}</div>
          ) : (
            <fieldset class="bare intel-item">
              <legend class="label">{t.log.intel[k]}</legend>
              {INTEL_FIELDS[k].map((f) => field(`intel.${k}.${f}`, t.log[f]))}
            </fieldset>
          ),
        )}
        <div class="sticky-submit">
          <button class="block" type="submit">
            {t.log.addIntelSave}
          </button>
        </div>
      </form>
    </>
  );
}

async function intelPage(c: AppContext, values: Values, errors: Errors, status: 200 | 400 = 200) {
  const t = c.get("t");
  const { row, insights } = await changeable(c);
  if (row.channel !== "visit") throw new ApiError(404, "not_found", "not found");
  c.status(status);
  return c.render(
    <IntelForm
      id={row.id}
      title={t.log.addIntelFor(row.storeName, row.localDate)}
      existing={[...new Set(insights.map((i) => t.log.intel[i.kind]))]}
      values={values}
      errors={errors}
    />,
    { title: t.log.addIntelTitle, nav: "log" },
  );
}

/** Mounted at /interactions. */
export const interactionPages = new Hono<AppEnv>()
  .get("/:id/edit", (c) => editForm(c, null, {}))
  .post("/:id/edit", async (c) => {
    const viewer = requireViewer(c);
    const t = c.get("t");
    const { policy } = await changeable(c);
    const values = await postedStrings(c);
    const { input } = logInput(values, policy.timeZone);
    const { idempotencyKey: _key, insights: _insights, ...fields } = input;
    const parsed = v.safeParse(InteractionPatch, fields);
    if (!parsed.success) return editForm(c, values, toFormErrors(fieldErrors(parsed.issues, t), []), 400);
    const result = await editInteraction(c.get("db"), viewer, idOf(c), parsed.output, c.get("now"));
    if (!result.ok) {
      if (result.reason !== "invalid") refuse(c, result);
      return editForm(c, values, toFormErrors(Object.fromEntries(Object.entries(result.fields).map(([k, code]) => [k, translate(code, t)])), []), 400);
    }
    const w = result.value.warnings.length ? `&w=${result.value.warnings.join(",")}` : "";
    return c.redirect(`/log/saved/${idOf(c)}?edited=1${w}`, 303);
  })
  .get("/:id/store", async (c) => {
    const { row, policy } = await changeable(c);
    const q = c.req.query("q");
    const list = await storesForPicker(c.get("db"), requireViewer(c), localDateOf(c.get("now"), policy.timeZone), q, null);
    return c.render(<StorePicker q={q ?? ""} list={list} action={`/interactions/${row.id}/store`} href={(storeId) => `/interactions/${row.id}/edit?storeId=${storeId}`} />, {
      title: c.get("t").log.pickNewStore,
      nav: "log",
    });
  })
  .get("/:id/delete", async (c) => {
    const t = c.get("t");
    const { row } = await changeable(c);
    const what = `${row.storeName} · ${t.common.channelLong[row.channel]} · ${row.localDate}`;
    return c.render(<DeleteConfirm id={row.id} what={what} />, { title: t.log.deleteTitle, nav: "log" });
  })
  // The confirmation page's button, and the quick log's undo (the tap right after saving is the confirmation).
  .post("/:id/delete", async (c) => {
    const result = await removeInteraction(c.get("db"), requireViewer(c), idOf(c), c.get("now"));
    if (!result.ok) {
      if (result.reason === "invalid") throw new ApiError(400, "bad_request", "bad request");
      refuse(c, result);
    }
    return c.redirect(`/stores/${result.value.storeId}?removed=1`, 303);
  })
  .get("/:id/intel", (c) => intelPage(c, {}, {}))
  .post("/:id/intel", async (c) => {
    const t = c.get("t");
    const { policy } = await changeable(c);
    const values = await postedStrings(c);
    const { input, insightKinds } = logInput({ ...values, channel: "visit" }, policy.timeZone);
    if (input.insights.length === 0) return intelPage(c, values, { insights: t.log.intelNone }, 400);
    const parsed = v.safeParse(AddInsightsInput, { insights: input.insights });
    if (!parsed.success) return intelPage(c, values, toFormErrors(fieldErrors(parsed.issues, t), insightKinds), 400);
    const result = await addIntel(c.get("db"), requireViewer(c), idOf(c), parsed.output, c.get("now"));
    if (!result.ok) {
      if (result.reason !== "invalid") refuse(c, result);
      return intelPage(c, values, toFormErrors(Object.fromEntries(Object.entries(result.fields).map(([k, code]) => [k, translate(code, t)])), insightKinds), 400);
    }
    return c.redirect(`/log/saved/${idOf(c)}?intel=${result.value.added}`, 303);
  });
