// /admin/templates: the greeting texts the digest chooses from (R4–R8), by occasion and language.
// Admins only; everyone else gets the 404 of a page that does not exist, visitors the sign-in.
// A template is validated when saved (unknown placeholders, unmatched braces, length, tone), so a
// broken one never reaches the morning mail. Templates are never deleted: interactions refer to
// them (greeting_template_id), and a deactivated one keeps its default from coming back.
import { Hono } from "hono";
import type { Child } from "hono/jsx";
import * as v from "valibot";
import type { AppContext, AppEnv } from "../context.ts";
import { idParam, requireViewer } from "../guard.ts";
import { ApiError } from "../errors.ts";
import { fieldErrors, translate } from "../validation.ts";
import { Csrf, FieldError, Layout } from "./layout.tsx";
import { festivalRowsSelect, type FestivalRow } from "../../db/queries/festivals.ts";
import { createTemplate, getTemplate, templatesQuery, updateTemplate, type TemplateRow } from "../../db/queries/greetings.ts";
import {
  GENERIC_FESTIVAL,
  GREETING_OCCASIONS,
  PLACEHOLDERS,
  alwaysFillable,
  isFestivalOccasion,
  renderTemplate,
  validateTemplate,
  type GreetingFacts,
} from "../../domain/greetings.ts";
import { LOCALES, type Locale } from "../../domain/types.ts";
import { noControlChars } from "../../domain/fields.ts";
import { messages, type Messages } from "../../i18n/index.ts";

type Values = { occasion: string; locale: string; body: string; active: string };
type Errors = Record<string, string>;

/** The raw text is bounded before the template rules run (they report the real limit). */
const MAX_RAW_BODY = 4000;

function formSchema(occasions: readonly string[]) {
  return v.object({
    occasion: v.picklist(occasions, "unknown_value"),
    locale: v.picklist(LOCALES, "unknown_value"),
    body: v.pipe(v.string("required"), noControlChars, v.maxLength(MAX_RAW_BODY, "template_too_long")),
    active: v.optional(v.picklist(["1"], "invalid")),
  });
}

const ActiveForm = v.object({ active: v.picklist(["0", "1"], "invalid") });

/** Occasions in page order: the built-in ones, admin festivals before the generic festival texts, then any orphan. */
function occasionOrder(fests: readonly FestivalRow[], rows: readonly TemplateRow[]): string[] {
  const builtin: readonly string[] = GREETING_OCCASIONS;
  const extra = fests.map((f) => f.key).filter((k) => !builtin.includes(k));
  const at = builtin.indexOf(GENERIC_FESTIVAL);
  const order = [...builtin.slice(0, at), ...extra, ...builtin.slice(at)];
  for (const r of rows) if (!order.includes(r.occasion)) order.push(r.occasion);
  return order;
}

/** Occasions a new template may be written for: the built-in ones and every festival key. */
function allowedOccasions(fests: readonly FestivalRow[]): string[] {
  return occasionOrder(fests, []);
}

function occasionLabel(occasion: string, t: Messages, fests: readonly FestivalRow[], locale: Locale): string {
  const own = (t.greetings.occasion as Record<string, string>)[occasion];
  if (own) return own;
  const f = fests.find((x) => x.key === occasion);
  return f ? (locale === "en" ? f.nameEn : f.nameZh) : occasion;
}

/** A sample contact in the template's own language, signed by the admin, for the preview. */
function sampleFacts(c: AppContext, locale: Locale, occasion: string, fests: readonly FestivalRow[]): GreetingFacts {
  const s = messages(locale).greetings.sample;
  const f = fests.find((x) => x.key === occasion);
  return { ...s, rep: c.get("viewer")?.name ?? "", festival: f ? (locale === "en" ? f.nameEn : f.nameZh) : s.festival };
}

function asLocale(s: string): Locale {
  return (LOCALES as readonly string[]).includes(s) ? (s as Locale) : "zh-CN";
}

function TemplatesPage(props: { c: AppContext; title: string; notice?: string; error?: string; children: Child }) {
  const { c } = props;
  const t = c.get("t");
  return (
    <Layout c={c} title={props.title} nav="admin">
      <nav class="sub">
        <a href="/admin">{t.admin.title}</a>
        <a href="/admin/templates" class="on">
          {t.greetings.title}
        </a>
      </nav>
      {props.notice && <div class="alert ok">{props.notice}</div>}
      {props.error && <div class="alert error">{props.error}</div>}
      {props.children}
    </Layout>
  );
}

function PlaceholderReference(props: { c: AppContext }) {
  const t = props.c.get("t").greetings;
  const locale = props.c.get("locale");
  return (
    <details>
      <summary>{t.placeholders}</summary>
      <p class="muted small">{t.placeholderHint}</p>
      <dl class="facts">
        {PLACEHOLDERS.map((p) => [<dt>{`{${p.zh}} {${p.key}}`}</dt>, <dd>{p.label[locale]}</dd>])}
      </dl>
    </details>
  );
}

async function TemplateList(props: { c: AppContext; notice?: string }) {
  const { c } = props;
  requireViewer(c, "admin");
  const t = c.get("t");
  const tg = t.greetings;
  const locale = c.get("locale");
  const db = c.get("db");
  const [rows, fests] = await db.batch([templatesQuery(db), festivalRowsSelect(db)]);
  const occasions = occasionOrder(fests, rows);
  return (
    <TemplatesPage c={c} title={tg.title} notice={props.notice}>
      <div class="row">
        <h1 class="grow">{tg.title}</h1>
        <a class="button" href="/admin/templates/new">
          {tg.newTemplate}
        </a>
      </div>
      <p class="muted small">{tg.intro}</p>
      <PlaceholderReference c={c} />
      <nav class="sub" aria-label={tg.jump}>
        {occasions.map((o) => (
          <a href={`#o-${o}`}>{occasionLabel(o, t, fests, locale)}</a>
        ))}
      </nav>
      {occasions.map((occasion) => (
        <section class="card" id={`o-${occasion}`}>
          <h2 class="flush">{occasionLabel(occasion, t, fests, locale)}</h2>
          {LOCALES.map((l) => {
            const group = rows.filter((r) => r.occasion === occasion && r.locale === l);
            const active = group.filter((r) => r.active);
            const facts = sampleFacts(c, l, occasion, fests);
            return (
              <div>
                <h3 class="small">{tg.locale[l]}</h3>
                {active.length === 0 ? (
                  <p class="muted small">
                    {isFestivalOccasion(occasion) && occasion !== GENERIC_FESTIVAL ? tg.noneUsesGeneric : group.length === 0 ? tg.none : tg.allInactive}
                  </p>
                ) : (
                  !active.some((r) => alwaysFillable(r.body)) && <div class="alert warn small">{tg.noAlwaysFillable}</div>
                )}
                <ul class="plain">
                  {group.map((r) => (
                    <li>
                      <div class="row">
                        <strong class="grow">{tg.variant(r.variant)}</strong>
                        <span class={`pill ${r.active ? "ok" : ""}`}>{r.active ? tg.active : tg.inactive}</span>
                        <a href={`/admin/templates/${r.id}`}>{tg.edit}</a>
                        <form method="post" action={`/admin/templates/${r.id}/active`} class="inline">
                          <Csrf c={c} />
                          <input type="hidden" name="active" value={r.active ? "0" : "1"} />
                          <button type="submit" class="secondary small-button">
                            {r.active ? tg.deactivate : tg.activate}
                          </button>
                        </form>
                      </div>
                      <div class="pre">{r.body}</div>
                      <div class="muted small pre">{`${tg.preview}${t.admin.colon}${renderTemplate(r.body, facts) ?? tg.previewUnavailable}`}</div>
                    </li>
                  ))}
                </ul>
                <p class="small">
                  <a href={`/admin/templates/new?occasion=${encodeURIComponent(occasion)}&locale=${l}`}>{`+ ${tg.addVariant}`}</a>
                </p>
              </div>
            );
          })}
        </section>
      ))}
    </TemplatesPage>
  );
}

function TemplateForm(props: { c: AppContext; row?: TemplateRow; values: Values; errors?: Errors; fests: readonly FestivalRow[] }) {
  const { c, row, values, errors, fests } = props;
  const t = c.get("t");
  const tg = t.greetings;
  const locale = c.get("locale");
  const title = row ? tg.editTemplate : tg.newTemplate;
  const tplLocale = asLocale(values.locale);
  const preview = renderTemplate(values.body, sampleFacts(c, tplLocale, values.occasion, fests));
  const bad = (name: string) => Boolean(errors?.[name]);
  return (
    <TemplatesPage c={c} title={title} error={errors ? t.common.fixErrors : undefined}>
      <h1>{title}</h1>
      <form method="post" action={row ? `/admin/templates/${row.id}` : "/admin/templates"} class="card" novalidate>
        <Csrf c={c} />
        {row ? (
          <dl class="facts">
            <dt>{tg.occasionLabel}</dt>
            <dd>{occasionLabel(row.occasion, t, fests, locale)}</dd>
            <dt>{tg.localeLabel}</dt>
            <dd>{tg.locale[row.locale]}</dd>
            <dt>{tg.variant(row.variant)}</dt>
            <dd class="muted small">{tg.fixedOnEdit}</dd>
          </dl>
        ) : (
          <div class="cols">
            <div class="field">
              <label for="occasion">{tg.occasionLabel}</label>
              <select id="occasion" name="occasion" class={bad("occasion") ? "invalid" : undefined} aria-describedby={bad("occasion") ? "occasion-error" : undefined}>
                {allowedOccasions(fests).map((o) => (
                  <option value={o} selected={o === values.occasion}>
                    {occasionLabel(o, t, fests, locale)}
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
        )}
        <label for="body">{tg.body}</label>
        <textarea
          id="body"
          name="body"
          rows={5}
          class={bad("body") ? "invalid" : undefined}
          aria-invalid={bad("body") ? "true" : undefined}
          aria-describedby={bad("body") ? "body-error" : "body-hint"}
        >
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
      <PlaceholderReference c={c} />
    </TemplatesPage>
  );
}

function formValues(body: Record<string, string | File | (string | File)[]>, row?: TemplateRow): Values {
  const s = (k: string) => {
    const x = body[k];
    return typeof x === "string" ? x : "";
  };
  return {
    occasion: row ? row.occasion : s("occasion"),
    locale: row ? row.locale : s("locale"),
    body: s("body"),
    active: s("active") === "1" ? "1" : "",
  };
}

/** valibot shape checks, then the template rules; error codes → the viewer's language, per field. */
function check(values: Values, occasions: readonly string[], t: Messages): { ok: true; body: string } | { ok: false; errors: Errors } {
  const shape = v.safeParse(formSchema(occasions), { ...values, active: values.active || undefined });
  const errors: Errors = shape.success ? {} : fieldErrors(shape.issues, t);
  if (!errors.body) {
    const occasion = occasions.includes(values.occasion) ? values.occasion : undefined;
    const r = validateTemplate(values.body, asLocale(values.locale), occasion);
    if (!r.ok) errors.body = r.unknown.length > 0 ? t.greetings.unknownPlaceholders(r.unknown.join(t.admin.listSep)) : translate(r.fields.body, t);
    else if (Object.keys(errors).length === 0) return { ok: true, body: r.value.body };
  }
  return { ok: false, errors };
}

async function loadFestivals(c: AppContext): Promise<FestivalRow[]> {
  return festivalRowsSelect(c.get("db"));
}

async function loadRow(c: AppContext): Promise<TemplateRow> {
  const row = await getTemplate(c.get("db"), idParam(c));
  if (!row) throw new ApiError(404, "not_found", "not found");
  return row;
}

export const templatePages = new Hono<AppEnv>()
  .use("*", async (c, next) => {
    requireViewer(c, "admin");
    await next();
  })
  .get("/", (c) => {
    requireViewer(c, "admin");
    const tg = c.get("t").greetings;
    const done = c.req.query("done");
    const notice = done === "created" ? tg.created : done === "saved" ? tg.saved : done === "deactivated" ? tg.deactivated : done === "activated" ? tg.activated : undefined;
    return c.html(<TemplateList c={c} notice={notice} />);
  })
  .get("/new", async (c) => {
    requireViewer(c, "admin");
    const fests = await loadFestivals(c);
    const occasion = c.req.query("occasion") ?? "";
    const locale = c.req.query("locale") ?? "";
    const values: Values = {
      occasion: allowedOccasions(fests).includes(occasion) ? occasion : "birthday",
      locale: (LOCALES as readonly string[]).includes(locale) ? locale : c.get("locale"),
      body: "",
      active: "1",
    };
    return c.html(<TemplateForm c={c} values={values} fests={fests} />);
  })
  .post("/", async (c) => {
    requireViewer(c, "admin");
    const form = await c.req.parseBody();
    const fests = await loadFestivals(c);
    const values = formValues(form);
    if (form.intent === "preview") return c.html(<TemplateForm c={c} values={values} fests={fests} />);
    const result = check(values, allowedOccasions(fests), c.get("t"));
    if (!result.ok) return c.html(<TemplateForm c={c} values={values} errors={result.errors} fests={fests} />, 400);
    await createTemplate(c.get("db"), { occasion: values.occasion, locale: asLocale(values.locale), body: result.body, active: values.active === "1" });
    return c.redirect(`/admin/templates?done=created#o-${values.occasion}`, 303);
  })
  .get("/:id", async (c) => {
    const row = await loadRow(c);
    const values: Values = { occasion: row.occasion, locale: row.locale, body: row.body, active: row.active ? "1" : "" };
    return c.html(<TemplateForm c={c} row={row} values={values} fests={await loadFestivals(c)} />);
  })
  .post("/:id", async (c) => {
    const row = await loadRow(c);
    const form = await c.req.parseBody();
    const fests = await loadFestivals(c);
    const values = formValues(form, row);
    if (form.intent === "preview") return c.html(<TemplateForm c={c} row={row} values={values} fests={fests} />);
    // The row's own occasion is allowed even if its festival was deleted since.
    const result = check(values, [...new Set([...allowedOccasions(fests), row.occasion])], c.get("t"));
    if (!result.ok) return c.html(<TemplateForm c={c} row={row} values={values} errors={result.errors} fests={fests} />, 400);
    await updateTemplate(c.get("db"), row.id, { body: result.body, active: values.active === "1" });
    return c.redirect(`/admin/templates?done=saved#o-${row.occasion}`, 303);
  })
  .post("/:id/active", async (c) => {
    const row = await loadRow(c);
    const form = await c.req.parseBody();
    const parsed = v.safeParse(ActiveForm, { active: form.active });
    if (!parsed.success) throw new ApiError(400, "validation_failed", c.get("t").common.fixErrors);
    const active = parsed.output.active === "1";
    await updateTemplate(c.get("db"), row.id, { active });
    return c.redirect(`/admin/templates?done=${active ? "activated" : "deactivated"}#o-${row.occasion}`, 303);
  });
