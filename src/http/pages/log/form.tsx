// The quick log's one screen of fields for a chosen store: channel, contact and occasion, when, gift,
// what was done (R9–R11), visit intel (R12–R17) and notes. Shown again with what was typed and each
// error beside its field; errors of fields the form does not show go in the banner.
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { AppContext } from "../../context.ts";
import { Csrf, FieldError, usePage, useT } from "../layout.tsx";
import type { Values } from "../forms.tsx";
import type { Errors } from "../../validation.ts";
import { INTEL_FIELDS } from "./input.ts";
import type { LogFormData, OccasionOption } from "../../../services/log-form.ts";
import { CHANNELS, INSIGHT_KINDS, type Locale } from "../../../domain/types.ts";

function Text(props: { name: string; label: string; values: Values; errors: Errors; type?: string; hint?: string; inputmode?: "decimal" | "numeric" | "tel"; area?: boolean }) {
  const invalid = props.errors[props.name] ? "invalid" : undefined;
  const describedBy = props.errors[props.name] ? `${props.name}-error` : undefined;
  return (
    <div>
      <label for={props.name}>{props.label}</label>
      {props.area ? (
        <textarea id={props.name} name={props.name} class={invalid} aria-describedby={describedBy}>
          {props.values[props.name] ?? ""}
        </textarea>
      ) : (
        <input
          id={props.name}
          name={props.name}
          type={props.type ?? "text"}
          inputmode={props.inputmode}
          value={props.values[props.name] ?? ""}
          placeholder={props.hint}
          class={invalid}
          aria-describedby={describedBy}
        />
      )}
      <FieldError errors={props.errors} name={props.name} />
    </div>
  );
}

/** `edit`: the form fixes a logged interaction (/interactions/:id/edit) instead of logging a new one. */
type Fields = { data: LogFormData; values: Values; errors: Errors; edit?: { id: number; insights: number } };

function Channel(props: { values: Values; errors: Errors }) {
  const t = useT();
  return (
    <fieldset class="bare">
      <legend class="label">{t.log.channel}</legend>
      <div class="segmented">
        {CHANNELS.map((ch) => (
          <label>
            <input type="radio" name="channel" value={ch} checked={(props.values.channel ?? "visit") === ch} />
            <span>{t.common.channel[ch]}</span>
          </label>
        ))}
      </div>
      <FieldError errors={props.errors} name="channel" />
    </fieldset>
  );
}

function occasionLabel(o: OccasionOption, t: ReturnType<typeof useT>, locale: Locale): string {
  if (o.value === "routine") return t.log.occasionRoutine;
  if (o.value === "training") return t.log.occasionTraining;
  if ("festival" in o) return t.log.occasionFestival(o.festival.name[locale]);
  if ("date" in o) return t.log.occasionBirthday(o.who, o.date);
  return t.log.occasionLifeEvent(o.who, t.common.lifeEvent[o.kind]);
}

function ContactAndOccasion(props: Fields) {
  const t = useT();
  const locale = usePage().get("locale");
  const { data, values, errors } = props;
  return (
    <div class="cols">
      <div>
        <label for="contactId">{t.log.contact}</label>
        <select id="contactId" name="contactId" class={errors.contactId ? "invalid" : undefined}>
          <option value="">{t.log.noContact}</option>
          {data.contacts.map((ct) => (
            <option value={String(ct.id)} selected={values.contactId === String(ct.id)}>
              {ct.formOfAddress ? `${ct.formOfAddress}（${ct.name}）` : ct.name} · {t.common.contactRole[ct.role as keyof typeof t.common.contactRole] ?? ct.role}
              {ct.doNotContact ? " ⛔" : ""}
            </option>
          ))}
        </select>
        <FieldError errors={errors} name="contactId" />
      </div>
      <div>
        <label for="occasion">{t.log.occasion}</label>
        <select id="occasion" name="occasion" class={errors.occasion ? "invalid" : undefined}>
          {data.occasions.map((o) => (
            <option value={o.value} selected={(values.occasion ?? "routine") === o.value}>
              {occasionLabel(o, t, locale)}
            </option>
          ))}
        </select>
        <FieldError errors={errors} name="occasion" />
      </div>
    </div>
  );
}

/** Gift, help asked, problem solved and (at A stores) training: R9–R11 and the gift cap. */
function WhatWasDone(props: Fields) {
  const t = useT();
  const { data, values, errors } = props;
  return (
    <>
      <details open={data.store.class === "A" || Boolean(values["gift.what"] || errors["gift.what"] || errors["gift.value"])}>
        <summary>{t.log.gift}</summary>
        <div class="cols">
          <Text name="gift.what" label={t.log.giftWhat} values={values} errors={errors} />
          <Text name="gift.value" label={t.log.giftValue} type="number" inputmode="decimal" values={values} errors={errors} />
        </div>
        {/* Shown by the page script while the value typed takes the store past the year's cap (the
            saved page says it too, with or without script). */}
        {!props.edit && (
          <p class="alert warn" id="gift-cap-live" role="status" hidden data-cap={String(data.policy.giftCapPerStoreYear)} data-spent={String(data.giftSpent)}>
            {t.log.giftCapWarning(t.common.yuan(data.policy.giftCapPerStoreYear))}
          </p>
        )}
      </details>

      <label class="check">
        <input type="checkbox" name="askedHelp" value="1" checked={values.askedHelp === "1"} />
        {t.log.askedHelp}
      </label>
      <Text name="problemSolved" label={t.log.problemSolved} hint={t.log.problemSolvedHint} values={values} errors={errors} />
      {data.store.class === "A" && <Text name="trainingTopic" label={t.log.trainingTopic} values={values} errors={errors} />}
    </>
  );
}

function Intel(props: { values: Values; errors: Errors }) {
  const t = useT();
  const { values, errors } = props;
  return (
    <details open={(values.channel ?? "visit") === "visit"} class="intel">
      <summary>{t.log.intelTitle}</summary>
      <p class="muted small">{t.log.intelHint}</p>
      <FieldError errors={errors} name="insights" />
      {INSIGHT_KINDS.map((k) =>
        INTEL_FIELDS[k].length === 1 ? (
          <div class="intel-item">
            <Text name={`intel.${k}.detail`} label={t.log.intel[k]} values={values} errors={errors} />
          </div>
        ) : (
          <fieldset class="bare intel-item">
            <legend class="label">{t.log.intel[k]}</legend>
            {INTEL_FIELDS[k].map((f) => (
              <Text name={`intel.${k}.${f}`} label={t.log[f]} values={values} errors={errors} />
            ))}
          </fieldset>
        ),
      )}
    </details>
  );
}

function LogForm(props: Fields) {
  const t = useT();
  const { data, values, errors, edit } = props;
  const hasErrors = Object.keys(errors).length > 0;
  // Errors of fields this form does not show (hidden ones, training at a non-A store) go in the banner.
  const shown = (k: string) =>
    !["_", "storeId", "idempotencyKey", "greetingTemplateId", "askedHelp"].includes(k) && !k.startsWith("position") && (k !== "trainingTopic" || data.store.class === "A");
  // On-site check-in: the script (public/assets/app.js) asks the phone for its position when a visit
  // is saved and fills these; without script, permission or a fix they stay empty and the log saves.
  const checkIn = !edit && data.policy.checkIn.enabled;
  const banner = Object.entries(errors).filter(([k]) => !shown(k)).map(([, m]) => m);
  return (
    <>
      <div class="row">
        <h1 class="grow">
          <span class={`pill ${data.store.class}`}>{data.store.class}</span> {data.store.name}
        </h1>
        <a href={edit ? `/interactions/${edit.id}/store` : "/log"} class="small">
          {t.log.changeStore}
        </a>
      </div>
      {hasErrors && (
        <div class="alert error" role="alert">
          {t.common.fixErrors}
          {banner.map((m) => (
            <div>{m}</div>
          ))}
        </div>
      )}
      {edit && <h2>{t.log.editTitle}</h2>}
      <form method="post" action={edit ? `/interactions/${edit.id}/edit` : "/log"} novalidate class="log-form" data-check-in={checkIn ? "1" : undefined}>
        <Csrf />
        <input type="hidden" name="storeId" value={String(data.store.id)} />
        {!edit && <input type="hidden" name="idempotencyKey" value={values.idempotencyKey ?? ""} />}
        {values.greetingTemplateId && <input type="hidden" name="greetingTemplateId" value={values.greetingTemplateId} />}
        {checkIn && ["lat", "lng", "accuracyM"].map((k) => <input type="hidden" name={`position.${k}`} value="" />)}
        <Channel values={values} errors={errors} />
        <ContactAndOccasion {...props} />
        <Text name="when" label={t.log.when} type="datetime-local" values={values} errors={errors} />
        <WhatWasDone {...props} />
        {edit ? (
          (values.channel ?? "visit") === "visit" && (
            <p>
              {t.log.intelCount(edit.insights, data.policy.intelItemsPerVisit)} · <a href={`/interactions/${edit.id}/intel`}>{t.log.addIntel}</a>
            </p>
          )
        ) : (
          <Intel values={values} errors={errors} />
        )}
        <Text name="notes" label={t.log.notes} values={values} errors={errors} area />
        <div class="sticky-submit">
          <button class="block" type="submit">
            {edit ? t.log.editSave : t.log.submit}
          </button>
        </div>
      </form>
      {edit && (
        <p>
          <a href={`/interactions/${edit.id}/delete`}>{t.log.deleteLink}</a>
        </p>
      )}
    </>
  );
}

export function renderLogForm(c: AppContext, props: Fields, status: ContentfulStatusCode = 200) {
  c.status(status);
  return c.render(<LogForm {...props} />, { title: props.edit ? c.get("t").log.editTitle : c.get("t").log.title, nav: "log" });
}
