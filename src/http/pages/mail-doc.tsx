// A MailDoc (src/mail/html.ts) as page markup, so /today shows the very document the morning digest
// mails (SPEC §5 "today: the digest as a page"). Classes only: the Content-Security-Policy blocks
// style="…". Every value goes through JSX escaping; links are the document's own (relative /log?…
// for the page, sms:, tel:), never markup.
import type { MailBlock, MailDoc, MailItem, MailLink, MailSection, Tone } from "../../mail/html.ts";
import { Csrf, TableWrap, useT } from "./layout.tsx";
import { SKIP_REASONS } from "../../domain/plan.ts";

/** Copies the draft's blockquote beside it (public/assets/app.js): hidden until the script shows it, the text stays selectable. */
export function CopyButton() {
  const tf = useT().festivals;
  return (
    <button type="button" class="button secondary copy" data-copy data-copied={tf.copied} hidden>
      {tf.copy}
    </button>
  );
}

const TONE: Record<Tone, string> = { bad: "tone-bad", warn: "tone-warn", good: "tone-good", muted: "muted" };

function cls(...names: (string | false | undefined)[]): string {
  return names.filter(Boolean).join(" ");
}

function toned(base: string, tone: Tone | undefined): string {
  return cls(base, tone && TONE[tone]);
}

function Link(props: { link: MailLink }) {
  const { link } = props;
  return (
    <a class={link.primary ? "button" : "button secondary"} href={link.href}>
      {link.label}
    </a>
  );
}

/** /today's skip of a plan item: a small form behind a disclosure (works without script), POST /today/skip. */
function SkipForm(props: { skip: NonNullable<MailItem["skip"]> }) {
  const t = useT().progress.skip;
  return (
    <details class="md-skip">
      <summary>{t.open}</summary>
      <form method="post" action="/today/skip">
        <Csrf />
        <input type="hidden" name="storeId" value={String(props.skip.storeId)} />
        <input type="hidden" name="channel" value={props.skip.channel} />
        <fieldset class="group">
          <legend>{t.legend}</legend>
          {SKIP_REASONS.map((r, i) => (
            <label class="check">
              <input type="radio" name="reason" value={r} required={i === 0} /> {t.reasons[r]}
            </label>
          ))}
        </fieldset>
        <label>
          {t.note}
          <input type="text" name="note" maxlength={200} autocomplete="off" />
        </label>
        <button type="submit" class="secondary">
          {t.save}
        </button>
      </form>
    </details>
  );
}

function Item(props: { item: MailItem; skippable?: boolean }) {
  const it = props.item;
  return (
    <li>
      <div class="md-title">
        {it.badge && (
          <>
            <span class={`pill ${it.badge}`}>{it.badge}</span>{" "}
          </>
        )}
        {it.href ? <a href={it.href}>{it.title}</a> : it.title}
      </div>
      {(it.lines ?? []).map((l) => (
        <div class={toned("small", l.tone)}>{l.text}</div>
      ))}
      {it.quote && (
        <>
          <blockquote class="md-quote">{it.quote}</blockquote>
          <CopyButton />
        </>
      )}
      {it.links && it.links.length > 0 && (
        <div class="md-links">
          {it.links.map((l) => (
            <Link link={l} />
          ))}
        </div>
      )}
      {props.skippable && it.skip && <SkipForm skip={it.skip} />}
    </li>
  );
}

/** `here` is the page's own path: a "more" link to it (the mail's "see the page") stays text. */
function Block(props: { block: MailBlock; here: string; skippable?: boolean }) {
  const b = props.block;
  switch (b.kind) {
    case "text":
      return <p class={toned("md-p", b.tone)}>{b.text}</p>;
    case "subhead":
      return <h3 class="md-sub">{b.text}</h3>;
    case "items":
      return (
        <ul class="plain md-items">
          {b.items.map((it) => (
            <Item item={it} skippable={props.skippable} />
          ))}
        </ul>
      );
    case "more":
      return b.href === props.here ? (
        <p class="md-p muted small">{b.text}</p>
      ) : (
        <a class="md-more" href={b.href}>
          {b.text}
        </a>
      );
    case "stats":
      return (
        <div class="kpis md-stats">
          {b.stats.map((s) => (
            <div class="kpi">
              <span class="muted small">{s.label}</span>
              <b class={s.tone ? TONE[s.tone] : undefined}>{s.value}</b>
              {s.note && <span class={toned("small", s.tone ?? "muted")}>{s.note}</span>}
            </div>
          ))}
        </div>
      );
    case "bars":
      return (
        <ul class="plain">
          {b.bars.map((x) => (
            <li>
              {x.label} <span class={TONE[x.tone]}>{x.text}</span>
            </li>
          ))}
        </ul>
      );
    case "table":
      return (
        <TableWrap label={b.head.join(" · ")}>
          <table>
            <thead>
              <tr>
                {b.head.map((h) => (
                  <th>{h}</th>
                ))}
              </tr>
            </thead>
            <tbody>
              {b.rows.map((r) => (
                <tr>
                  {r.map((cell) => (
                    <td class={cell.tone ? TONE[cell.tone] : undefined}>{cell.text}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      );
  }
}

/** `skippable`: plan items get their skip form (the rep's own /today); `untitled`: the page's heading says it already. */
export function MailSectionCard(props: { section: MailSection; here: string; skippable?: boolean; untitled?: boolean }) {
  const s = props.section;
  return (
    <section class="card md-section" id={s.id}>
      {!props.untitled && <h2 class="flush">{s.title}</h2>}
      {s.blocks.map((b) => (
        <Block block={b} here={props.here} skippable={props.skippable} />
      ))}
    </section>
  );
}

/** The heading, the intro and the sections; the mail's footer (about the e-mail itself) is left out. */
export function MailDocView(props: { doc: MailDoc; here: string; skippable?: boolean }) {
  const { doc } = props;
  return (
    <>
      <h1>{doc.heading}</h1>
      <div class="md-intro">
        {doc.intro.map((l) => (
          <p class={toned("md-p", l.tone)}>{l.text}</p>
        ))}
      </div>
      {doc.sections.map((s) => (
        <MailSectionCard section={s} here={props.here} skippable={props.skippable} />
      ))}
    </>
  );
}
