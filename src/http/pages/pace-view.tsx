// Shared pieces of the progress pages (/today, /month, /team): pace bars, the month's headline, the
// rep-level rules and the per-store table. Bars are SVG with width attributes: the CSP forbids
// style="…", and presentation attributes are not styles.
import { FieldError, useT } from "./layout.tsx";
import type { Pace } from "../../domain/pace.ts";
import { paceBand, type PaceBand } from "../../domain/pace-band.ts";
import type { RepDay, RepStore } from "../../domain/rep-day.ts";
import type { RepRules } from "../../domain/rep-rules.ts";
import { QUOTA_CHANNELS, type QuotaChannel } from "../../domain/types.ts";

/** One decimal, without a trailing ".0" (2.67 → "2.7", 4 → "4"). */
export function fmt(n: number): string {
  return String(Math.round(n * 10) / 10);
}

function pct(part: number, whole: number): number {
  if (whole <= 0) return part > 0 ? 100 : 0;
  return Math.max(0, Math.min(100, Math.round((part / whole) * 1000) / 10));
}

/** Pace state → bar class: late when the days left cannot take what is left, behind when a contact short. */
export function paceState(p: Pick<Pace, "met" | "critical" | "isBehind">): "" | "behind" | "late" {
  if (p.met) return "";
  if (p.critical) return "late";
  return p.isBehind ? "behind" : "";
}

/** Done against required, with a tick where pace says "expected by today". */
export function PaceBar(props: { pace: Pick<Pace, "done" | "required" | "expectedByToday" | "met" | "critical" | "isBehind">; band?: PaceBand }) {
  const { pace, band } = props;
  const t = useT();
  const mark = Math.min(98.5, pct(pace.expectedByToday, pace.required));
  // A band (the policy's colours) replaces the per-store state where one is given.
  const state = band ? `band-${band}` : paceState(pace);
  const label = t.progress.barLabel(pace.done, pace.required, fmt(pace.expectedByToday));
  return (
    <svg
      class={`meter${state ? ` ${state}` : ""}`}
      viewBox="0 0 100 10"
      preserveAspectRatio="none"
      role="img"
      aria-label={band ? `${label} · ${t.manager.band[band]}` : label}
    >
      <rect class="track" x="0" y="0" width="100" height="10" />
      <rect class="fill" x="0" y="0" width={String(pct(pace.done, pace.required))} height="10" />
      {pace.required > 0 && <rect class="mark" x={String(mark)} y="0" width="1.5" height="10" />}
    </svg>
  );
}

/** Per quota channel: credited toward the quota of required, with its bar and the expectation by today. */
export function ChannelKpis(props: { day: RepDay }) {
  const t = useT();
  const { headline } = props.day.pace;
  return (
    <div class="kpis">
      {QUOTA_CHANNELS.map((ch) => {
        const h = headline[ch];
        const pace = {
          done: h.credited,
          required: h.required,
          expectedByToday: h.expectedByToday,
          met: h.credited >= h.required,
          isBehind: h.expectedByToday - h.credited >= 1,
          critical: false,
        };
        return (
          <div class="kpi" data-channel={ch}>
            <span class="muted small">{t.common.channel[ch]}</span>
            <b>{t.progress.doneOf(h.credited, h.required)}</b>
            <PaceBar pace={pace} band={paceBand(h.credited, h.expectedByToday, props.day.bands)} />
            <span class="muted small">{t.progress.expected(fmt(h.expectedByToday))}</span>
          </div>
        );
      })}
    </div>
  );
}

/** The month in a few numbers per channel (credited toward quotas / required, and the expectation). */
function Headline(props: { day: RepDay; past?: boolean }) {
  const { day } = props;
  const t = useT();
  const { clock } = day.pace;
  return (
    <div class="card">
      <h2 class="flush">{t.progress.headlineTitle}</h2>
      <p class="muted small">
        {props.past ? t.progress.monthOver(clock.month) : t.progress.asOf(day.today, clock.remainingWorkingDays)}
        {" · "}
        {t.progress.storesBehind(day.pace.storesBehind, day.pace.storesTotal)}
      </p>
      <ChannelKpis day={day} />
    </div>
  );
}

function RuleRow(props: { label: string; pace: Pace; note?: string }) {
  const { pace } = props;
  return (
    <li>
      <div class="row">
        <span class="grow">{props.label}</span>
        <b>{useT().progress.doneOf(pace.done, pace.required)}</b>
      </div>
      <PaceBar pace={pace} />
      {props.note && <div class="muted small">{props.note}</div>}
    </li>
  );
}

/** R9–R11 with their pace. */
function RulesCard(props: { rules: RepRules }) {
  const { rules } = props;
  const t = useT().progress;
  const short = rules.problemsSolved.shortStores.length;
  return (
    <div class="card">
      <h2 class="flush">{t.rulesTitle}</h2>
      <ul class="plain">
        <RuleRow label={t.rules.R9} pace={rules.helpAsked} />
        <RuleRow label={t.rules.R10} pace={rules.problemsSolved} note={rules.problemsSolved.scope === "store" && short > 0 ? t.shortStores(short) : undefined} />
        <RuleRow label={t.rules.R11} pace={rules.trainings} />
      </ul>
    </div>
  );
}

/** Every store of the rep with a bar per channel: a block per store, so names stay readable on a phone. */
function StorePaceTable(props: { day: RepDay; stores: readonly RepStore[] }) {
  const { day, stores } = props;
  const t = useT();
  const rows = new Map<string, Pace>();
  for (const r of day.pace.rows) rows.set(`${r.storeId}:${r.channel}`, r);
  if (stores.length === 0) return <p class="muted">{t.progress.noStores}</p>;
  return (
    <ul class="plain store-pace">
      {stores.map((s) => (
        <li data-store={String(s.id)}>
          <div>
            <span class={`pill ${s.class}`}>{s.class}</span> {s.name}
            {s.city && <span class="muted small"> · {s.city}</span>}
          </div>
          <div class="kpis">
            {QUOTA_CHANNELS.map((ch: QuotaChannel) => {
              const p = rows.get(`${s.id}:${ch}`);
              return p ? (
                <div data-channel={ch}>
                  <span class="small">
                    {p.done}/{p.required}
                  </span>
                  <span class="muted small"> {t.common.channel[ch]}</span>
                  <PaceBar pace={p} />
                </div>
              ) : (
                <div />
              );
            })}
          </div>
        </li>
      ))}
    </ul>
  );
}

/** R12–R17 completeness of the month's visits. */
function IntelLine(props: { day: RepDay }) {
  const { intel } = props.day;
  return <p class="muted small">{useT().progress.intelRate(intel.complete, intel.visits)}</p>;
}

/** A GET form to pick another month (never changes data). */
export function MonthPicker(props: { action: string; month: string; error?: string }) {
  const t = useT().progress;
  const errors = props.error ? { month: props.error } : undefined;
  return (
    <form method="get" action={props.action} class="row month-pick">
      <label for="month" class="sr-only">
        {t.monthLabel}
      </label>
      <input
        id="month"
        name="month"
        type="month"
        value={props.month}
        class={props.error ? "invalid grow" : "grow"}
        aria-describedby={props.error ? "month-error" : undefined}
      />
      <button class="secondary" type="submit">
        {t.show}
      </button>
      <FieldError errors={errors} name="month" />
    </form>
  );
}

/** The month page body, for a rep's own /month and a manager's /team/reps/:id. */
export function MonthBody(props: { day: RepDay; stores: readonly RepStore[]; past?: boolean }) {
  const { day } = props;
  return (
    <>
      <Headline day={day} past={props.past} />
      <RulesCard rules={day.rules} />
      <div class="card">
        <h2 class="flush">{useT().progress.storesTitle}</h2>
        <IntelLine day={day} />
        <StorePaceTable day={day} stores={props.stores} />
      </div>
    </>
  );
}
