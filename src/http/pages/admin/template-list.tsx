// /admin/templates: every greeting text by occasion and language, each with a preview on a sample
// contact, and a warning where no active text can always be filled in.
import { Csrf, usePage, useT } from "../layout.tsx";
import type { FestivalRow } from "../../../db/queries/festivals.ts";
import type { TemplateRow } from "../../../db/queries/greetings.ts";
import { GENERIC_FESTIVAL, alwaysFillable, isFestivalOccasion, renderTemplate } from "../../../domain/greetings.ts";
import { LOCALES, type Locale } from "../../../domain/types.ts";
import { occasionLabel, occasionOrder, PlaceholderReference, sampleFacts } from "./template-parts.tsx";

function Variant(props: { row: TemplateRow; preview: string | null }) {
  const t = useT();
  const tg = t.greetings;
  const r = props.row;
  return (
    <li>
      <div class="row">
        <strong class="grow">{tg.variant(r.variant)}</strong>
        <span class={`pill ${r.active ? "ok" : ""}`}>{r.active ? tg.active : tg.inactive}</span>
        <a href={`/admin/templates/${r.id}`}>{tg.edit}</a>
        <form method="post" action={`/admin/templates/${r.id}/active`} class="inline">
          <Csrf />
          <input type="hidden" name="active" value={r.active ? "0" : "1"} />
          <button type="submit" class="secondary small-button">
            {r.active ? tg.deactivate : tg.activate}
          </button>
        </form>
      </div>
      <div class="pre">{r.body}</div>
      <div class="muted small pre">{`${tg.preview}${t.admin.colon}${props.preview ?? tg.previewUnavailable}`}</div>
    </li>
  );
}

/** One occasion's texts in one language. */
function LocaleGroup(props: { occasion: string; locale: Locale; rows: TemplateRow[]; fests: readonly FestivalRow[] }) {
  const tg = useT().greetings;
  const rep = usePage().get("viewer")?.name ?? "";
  const { occasion, locale: l } = props;
  const group = props.rows.filter((r) => r.occasion === occasion && r.locale === l);
  const active = group.filter((r) => r.active);
  const facts = sampleFacts(rep, l, occasion, props.fests);
  return (
    <div>
      <h3 class="small">{tg.locale[l]}</h3>
      {active.length === 0 ? (
        <p class="muted small">{isFestivalOccasion(occasion) && occasion !== GENERIC_FESTIVAL ? tg.noneUsesGeneric : group.length === 0 ? tg.none : tg.allInactive}</p>
      ) : (
        !active.some((r) => alwaysFillable(r.body)) && <div class="alert warn small">{tg.noAlwaysFillable}</div>
      )}
      <ul class="plain">
        {group.map((r) => (
          <Variant row={r} preview={renderTemplate(r.body, facts)} />
        ))}
      </ul>
      <p class="small">
        <a href={`/admin/templates/new?occasion=${encodeURIComponent(occasion)}&locale=${l}`}>{`+ ${tg.addVariant}`}</a>
      </p>
    </div>
  );
}

export function TemplateList(props: { rows: TemplateRow[]; fests: FestivalRow[] }) {
  const t = useT();
  const tg = t.greetings;
  const locale = usePage().get("locale");
  const { rows, fests } = props;
  const occasions = occasionOrder(fests, rows);
  return (
    <>
      <div class="row">
        <h1 class="grow">{tg.title}</h1>
        <a class="button" href="/admin/templates/new">
          {tg.newTemplate}
        </a>
      </div>
      <p class="muted small">{tg.intro}</p>
      <PlaceholderReference />
      <nav class="sub" aria-label={tg.jump}>
        {occasions.map((o) => (
          <a href={`#o-${o}`}>{occasionLabel(o, t, fests, locale)}</a>
        ))}
      </nav>
      {occasions.map((occasion) => (
        <section class="card" id={`o-${occasion}`}>
          <h2 class="flush">{occasionLabel(occasion, t, fests, locale)}</h2>
          {LOCALES.map((l) => (
            <LocaleGroup occasion={occasion} locale={l} rows={rows} fests={fests} />
          ))}
        </section>
      ))}
    </>
  );
}
