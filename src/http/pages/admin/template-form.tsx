// A greeting template's form: a new text (occasion and language chosen) or an edit (both fixed), with
// a preview on a sample contact as the admin types.
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { AppContext } from "../../context.ts";
import { Csrf, FieldError, usePage, useT } from "../layout.tsx";
import type { Errors } from "../../validation.ts";
import type { FestivalRow } from "../../../db/queries/festivals.ts";
import type { TemplateRow } from "../../../db/queries/greetings.ts";
import { renderTemplate } from "../../../domain/greetings.ts";
import { LOCALES } from "../../../domain/types.ts";
import { allowedOccasions, asLocale, occasionLabel, PlaceholderReference, renderTemplates, sampleFacts } from "./template-parts.tsx";

export type Values = { occasion: string; locale: string; body: string; active: string };

type FormProps = { row?: TemplateRow; values: Values; errors?: Errors; fests: readonly FestivalRow[] };

/** What an edit cannot change: the occasion, the language and the variant's number. */
function FixedFacts(props: { row: TemplateRow; fests: readonly FestivalRow[] }) {
  const t = useT();
  const tg = t.greetings;
  const { row } = props;
  return (
    <dl class="facts">
      <dt>{tg.occasionLabel}</dt>
      <dd>{occasionLabel(row.occasion, t, props.fests, usePage().get("locale"))}</dd>
      <dt>{tg.localeLabel}</dt>
      <dd>{tg.locale[row.locale]}</dd>
      <dt>{tg.variant(row.variant)}</dt>
      <dd class="muted small">{tg.fixedOnEdit}</dd>
    </dl>
  );
}

function OccasionAndLocale(props: { values: Values; errors?: Errors; fests: readonly FestivalRow[] }) {
  const t = useT();
  const tg = t.greetings;
  const locale = usePage().get("locale");
  const { values, errors } = props;
  const bad = (name: string) => Boolean(errors?.[name]);
  return (
    <div class="cols">
      <div class="field">
        <label for="occasion">{tg.occasionLabel}</label>
        <select id="occasion" name="occasion" class={bad("occasion") ? "invalid" : undefined} aria-describedby={bad("occasion") ? "occasion-error" : undefined}>
          {allowedOccasions(props.fests).map((o) => (
            <option value={o} selected={o === values.occasion}>
              {occasionLabel(o, t, props.fests, locale)}
            </option>
          ))}
        </select>
        <FieldError errors={errors} name="occasion" />
      </div>
      <div class="field">
        <label for="locale">{tg.localeLabel}</label>
        <select id="locale" name="locale" class={bad("locale") ? "invalid" : undefined} aria-describedby={bad("locale") ? "locale-error" : undefined}>
          {LOCALES.map((l) => (
            <option value={l} selected={l === values.locale}>
              {tg.locale[l]}
            </option>
          ))}
        </select>
        <FieldError errors={errors} name="locale" />
      </div>
    </div>
  );
}

function TemplateForm(props: FormProps) {
  const t = useT();
  const tg = t.greetings;
  const { row, values, errors, fests } = props;
  const preview = renderTemplate(values.body, sampleFacts(usePage().get("viewer")?.name ?? "", asLocale(values.locale), values.occasion, fests));
  const bad = Boolean(errors?.body);
  return (
    <>
      <h1>{row ? tg.editTemplate : tg.newTemplate}</h1>
      <form method="post" action={row ? `/admin/templates/${row.id}` : "/admin/templates"} class="card" novalidate>
        <Csrf />
        {row ? <FixedFacts row={row} fests={fests} /> : <OccasionAndLocale values={values} errors={errors} fests={fests} />}
        <label for="body">{tg.body}</label>
        <textarea id="body" name="body" rows={5} class={bad ? "invalid" : undefined} aria-invalid={bad ? "true" : undefined} aria-describedby={bad ? "body-error" : "body-hint"}>
          {values.body}
        </textarea>
        <div class="muted small" id="body-hint">
          {tg.bodyHint}
        </div>
        <FieldError errors={errors} name="body" />
        <label class="check">
          <input type="checkbox" name="active" value="1" checked={values.active === "1"} />
          {tg.active}
        </label>
        <h2>{tg.previewTitle}</h2>
        <div class={preview ? "pre" : "muted small"}>{preview ?? tg.previewUnavailable}</div>
        <div class="row actions">
          <button type="submit" name="intent" value="save">
            {t.common.save}
          </button>
          <button type="submit" name="intent" value="preview" class="secondary">
            {tg.preview}
          </button>
          <a href={`/admin/templates#o-${row?.occasion ?? values.occasion}`}>{t.common.cancel}</a>
        </div>
      </form>
      <PlaceholderReference />
    </>
  );
}

export function renderTemplateForm(c: AppContext, props: FormProps, status: ContentfulStatusCode = 200) {
  const t = c.get("t");
  const frame = { title: props.row ? t.greetings.editTemplate : t.greetings.newTemplate, error: props.errors ? t.common.fixErrors : undefined };
  return renderTemplates(c, frame, <TemplateForm {...props} />, status);
}
