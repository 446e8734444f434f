// What the greeting-template pages share: their frame (a sub-navigation of their own), occasions in
// page order with their names, the sample contact of the preview, and the placeholder reference.
import type { Child } from "hono/jsx";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { AppContext } from "../../context.ts";
import { usePage, useT } from "../layout.tsx";
import type { FestivalRow } from "../../../db/queries/festivals.ts";
import type { TemplateRow } from "../../../db/queries/greetings.ts";
import { GENERIC_FESTIVAL, GREETING_OCCASIONS, PLACEHOLDERS, type GreetingFacts } from "../../../domain/greetings.ts";
import { LOCALES, type Locale } from "../../../domain/types.ts";
import { messages, type Messages } from "../../../i18n/index.ts";

/** Occasions in page order: the built-in ones, admin festivals before the generic festival texts, then any orphan. */
export function occasionOrder(fests: readonly FestivalRow[], rows: readonly TemplateRow[]): string[] {
  const builtin: readonly string[] = GREETING_OCCASIONS;
  const extra = fests.map((f) => f.key).filter((k) => !builtin.includes(k));
  const at = builtin.indexOf(GENERIC_FESTIVAL);
  const order = [...builtin.slice(0, at), ...extra, ...builtin.slice(at)];
  for (const r of rows) if (!order.includes(r.occasion)) order.push(r.occasion);
  return order;
}

/** Occasions a new template may be written for: the built-in ones and every festival key. */
export function allowedOccasions(fests: readonly FestivalRow[]): string[] {
  return occasionOrder(fests, []);
}

export function occasionLabel(occasion: string, t: Messages, fests: readonly FestivalRow[], locale: Locale): string {
  const own = (t.greetings.occasion as Record<string, string>)[occasion];
  if (own) return own;
  const f = fests.find((x) => x.key === occasion);
  return f ? (locale === "en" ? f.nameEn : f.nameZh) : occasion;
}

/** A sample contact in the template's own language, signed by the admin (`rep`), for the preview. */
export function sampleFacts(rep: string, locale: Locale, occasion: string, fests: readonly FestivalRow[]): GreetingFacts {
  const s = messages(locale).greetings.sample;
  const f = fests.find((x) => x.key === occasion);
  return { ...s, rep, festival: f ? (locale === "en" ? f.nameEn : f.nameZh) : s.festival };
}

export function asLocale(s: string): Locale {
  return (LOCALES as readonly string[]).includes(s) ? (s as Locale) : "zh-CN";
}

function TemplatesFrame(props: { notice?: string; error?: string; children: Child }) {
  const t = useT();
  return (
    <>
      <nav class="sub">
        <a href="/admin">{t.admin.title}</a>
        <a href="/admin/templates" class="on">
          {t.greetings.title}
        </a>
      </nav>
      {props.notice && <div class="alert ok">{props.notice}</div>}
      {props.error && <div class="alert error">{props.error}</div>}
      {props.children}
    </>
  );
}

export function renderTemplates(c: AppContext, frame: { title: string; notice?: string; error?: string }, body: Child, status: ContentfulStatusCode = 200) {
  c.status(status);
  return c.render(
    <TemplatesFrame notice={frame.notice} error={frame.error}>
      {body}
    </TemplatesFrame>,
    { title: frame.title, nav: "admin" },
  );
}

export function PlaceholderReference() {
  const t = useT().greetings;
  const locale = usePage().get("locale");
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
