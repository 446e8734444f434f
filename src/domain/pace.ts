// Pace (SPEC §3 "Pace, not only totals"; R1–R3): for each store and quota channel, what the month
// requires, what is done, what should be done by today, and how urgent the gap is.
//
// Definitions (all counts are per calendar month in the organisation's time zone):
// - expectedByToday = required × (working days from the 1st through today) / (working days in the
//   month). "Through today" means by the end of today, so on the 10th of a 30-working-day month a
//   store needing 8 visits should have 8 × 10 / 30 ≈ 2.67. On a non-working day the expectation
//   stays where the last working day left it.
// - remainingWorkingDays = working days from today (included, if it is one) to the month's end:
//   the digest goes out in the morning, so today is still usable. Today therefore appears in both
//   "elapsed" and "remaining": elapsed describes where pace should stand tonight, remaining what the
//   rep can still use.
// - done counts only interactions dated from the 1st through today: a contact dated after today
//   (a mistyped date, a clock gone wrong) is not done yet. Third-party contacts count toward no quota.
//   With the policy's `sameDayRepeats: "once"` (the default) a store, channel and day counts once.
// - A store held for part of the month (added, reassigned or reclassified mid-month; holding.ts)
//   owes a prorated quota (proratedQuota) and is paced over the working days it was held.
import { monthBounds, monthOf } from "./dates.ts";
import { heldWorkingDays, type Holding } from "./holding.ts";
import type { Policy, SameDayRepeats } from "./policy.ts";
import { QUOTA_CHANNELS, type Channel, type LocalDate, type QuotaChannel, type StoreClass } from "./types.ts";
import { countWorkingDays, type WorkingDayPolicy } from "./working-days.ts";

/**
 * A store as the rules see it (a `stores` row has these two columns). `holdings`: the stretches of
 * the month the store was held, in which class (holding.ts); without them, the whole month in `class`.
 */
export type StoreRef = { id: number; class: StoreClass; holdings?: readonly Holding[] };

/** How far the month has run, in working days. */
export type PaceClock = {
  month: string;
  today: LocalDate;
  /** Working days in the month. */
  total: number;
  /** Working days from the 1st through today (all of them once the month is over, none before it starts). */
  elapsed: number;
  /** Working days from today (included) to the end of the month; 0 once the month is over. */
  remainingWorkingDays: number;
};

/** A store can usefully take at most this many contacts of one channel a day: more is not feasible. */
export const MAX_CONTACTS_PER_STORE_DAY = 1;

/** Stands in for "no working day left" so urgency stays finite and ranks above "one day left". */
const NO_DAYS_LEFT = 0.5;

/** The clock for `month` (default: today's month) seen from `today`; past and future months work too. */
export function paceClock(policy: WorkingDayPolicy, today: LocalDate, month: string = monthOf(today)): PaceClock {
  const { first, last } = monthBounds(month);
  return {
    month,
    today,
    total: countWorkingDays(policy, first, last),
    elapsed: today < first ? 0 : countWorkingDays(policy, first, today < last ? today : last),
    remainingWorkingDays: today > last ? 0 : countWorkingDays(policy, today > first ? today : first, last),
  };
}

/**
 * Quotas are prorated by working days (issue 11) for a store held for part of the month (added,
 * reassigned or reclassified mid-month; each class's stretch on its own):
 *
 *   required = round(quota × working days held in the month ÷ working days in the month),
 *
 * at least 1 while the stretch holds a working day, 0 when it holds none. A store held all month
 * owes exactly its quota; an A store (8 visits) added on the 15th of a 26-working-day month with 11
 * working days left owes round(8 × 11 ÷ 26) = 3, and added on the last working day, 1.
 */
export function proratedQuota(quota: number, heldDays: number, monthDays: number): number {
  if (quota <= 0 || heldDays <= 0) return 0;
  if (monthDays <= 0 || heldDays >= monthDays) return quota;
  return Math.max(1, Math.round((quota * heldDays) / monthDays));
}

/**
 * The clock of a store held for part of the month: its working days are those held, so the
 * expectation grows only while the rep holds it (a store added today is not behind today).
 */
export function holdingClock(policy: WorkingDayPolicy, clock: PaceClock, holdings: readonly Holding[]): PaceClock {
  let total = 0;
  let elapsed = 0;
  let remaining = 0;
  for (const h of holdings) {
    total += heldWorkingDays(policy, h, clock.month);
    elapsed += heldWorkingDays(policy, h, clock.month, undefined, clock.today);
    remaining += heldWorkingDays(policy, h, clock.month, clock.today);
  }
  return { ...clock, total, elapsed, remainingWorkingDays: remaining };
}

/** A store's quota of a channel over its holdings of the month (each stretch in its own class, prorated). */
export function requiredOver(policy: Pick<Policy, "quotas"> & WorkingDayPolicy, clock: PaceClock, holdings: readonly Holding[], channel: QuotaChannel): number {
  return holdings.reduce((n, h) => n + proratedQuota(requiredFor(policy, h.class, channel), heldWorkingDays(policy, h, clock.month), clock.total), 0);
}

/** Pro-rata target by the end of today. A month without working days is due in full once it starts. */
export function expectedByToday(clock: PaceClock, required: number): number {
  if (clock.total === 0) return clock.today < monthBounds(clock.month).first ? 0 : required;
  // Multiply before dividing: when the result is a whole number it comes out exact (8 × 15 / 30 = 4).
  return (required * clock.elapsed) / clock.total;
}

/** One quota (or rep-level target) measured against the clock. */
export type Pace = {
  required: number;
  done: number;
  expectedByToday: number;
  /** required − done, never below 0. */
  remaining: number;
  remainingWorkingDays: number;
  /** expectedByToday − done, never below 0 (fractional: 2.67 expected, 2 done → 0.67). */
  behind: number;
  /** At least one whole contact short of pace; what "stores behind" counts. */
  isBehind: boolean;
  met: boolean;
  /** More left to do than the working days left can take (one contact per store, channel and day). */
  critical: boolean;
  /** Ranks gaps, higher first; 0 when met. See `urgencyOf`. */
  urgency: number;
};

/**
 * Urgency = (contacts still needed per remaining working day) × (1 + behind / required).
 * The first factor is the pressure of the gap: 1 means one contact every working day from today
 * on. The second lifts a gap that is behind pace by up to ×2 (when nothing of what was expected is
 * done). A met quota has urgency 0; a gap with no working day left counts half a day.
 */
export function urgencyOf(required: number, remaining: number, behind: number, remainingWorkingDays: number): number {
  if (remaining <= 0 || required <= 0) return 0;
  const pressure = remaining / Math.max(remainingWorkingDays, NO_DAYS_LEFT);
  return pressure * (1 + behind / required);
}

/**
 * `perDay` is how many contacts the working days left can take each: one for a store's channel; the
 * rep-level rules (rep-rules.ts) pass one per eligible store.
 */
export function paceOf(clock: PaceClock, required: number, done: number, perDay: number = MAX_CONTACTS_PER_STORE_DAY): Pace {
  return paceWith(clock, required, done, expectedByToday(clock, required), perDay);
}

/** paceOf with the expectation given: a sum of parts paced over different days held (R10 over stores held part of the month). */
export function paceWith(clock: PaceClock, required: number, done: number, expected: number, perDay: number = MAX_CONTACTS_PER_STORE_DAY): Pace {
  const remaining = Math.max(0, required - done);
  const behind = Math.max(0, expected - done);
  return {
    required,
    done,
    expectedByToday: expected,
    remaining,
    remainingWorkingDays: clock.remainingWorkingDays,
    behind,
    isBehind: behind >= 1,
    met: done >= required,
    critical: remaining > clock.remainingWorkingDays * perDay,
    urgency: urgencyOf(required, remaining, behind, clock.remainingWorkingDays),
  };
}

/** R1–R3: the monthly quota of a channel for a store class. */
export function requiredFor(policy: Pick<Policy, "quotas">, storeClass: StoreClass, channel: QuotaChannel): number {
  return policy.quotas[channel][storeClass];
}

export function isQuotaChannel(channel: Channel): channel is QuotaChannel {
  return (QUOTA_CHANNELS as readonly string[]).includes(channel);
}

// ---- a rep's month ------------------------------------------------------------------------------

/**
 * One row of `SELECT store_id, channel, count(*) … WHERE rep_id = ? AND local_date BETWEEN
 * <first of month> AND <today> GROUP BY store_id, channel`. Several rows for the same store and
 * channel add up. A query may instead be bounded by the month only and also group by local_date:
 * rows that carry `localDate` are dropped here when outside the month or after today.
 */
export type InteractionCount = { storeId: number; channel: Channel; count: number; localDate?: LocalDate };

export type PaceRow = Pace & { storeId: number; storeClass: StoreClass; channel: QuotaChannel };

export type ChannelHeadline = {
  required: number;
  /** Every contact logged, including those beyond a store's quota. */
  done: number;
  /** Contacts that count toward quotas: a store's surplus does not make up another store's gap. */
  credited: number;
  expectedByToday: number;
  /** Sum of the stores' remaining contacts. */
  remaining: number;
  storesBehind: number;
  storesMet: number;
};

export type MonthPace = {
  clock: PaceClock;
  /** One row per store and quota channel, in the order of the stores given. */
  rows: PaceRow[];
  headline: Record<QuotaChannel, ChannelHeadline>;
  /** Stores behind pace on at least one channel. */
  storesBehind: number;
  storesTotal: number;
};

export function monthPace(
  policy: Pick<Policy, "quotas" | "sameDayRepeats"> & WorkingDayPolicy,
  today: LocalDate,
  stores: readonly StoreRef[],
  counts: readonly InteractionCount[],
  month: string = monthOf(today),
): MonthPace {
  const clock = paceClock(policy, today, month);
  const done = doneByStoreChannel(clock, counts, policy.sameDayRepeats);
  const rows: PaceRow[] = [];
  for (const store of stores) {
    const held = store.holdings ? holdingClock(policy, clock, store.holdings) : clock;
    for (const channel of QUOTA_CHANNELS) {
      const required = store.holdings ? requiredOver(policy, clock, store.holdings, channel) : requiredFor(policy, store.class, channel);
      const pace = paceOf(held, required, done.get(key(store.id, channel)) ?? 0);
      rows.push({ storeId: store.id, storeClass: store.class, channel, ...pace });
    }
  }
  return {
    clock,
    rows,
    headline: headlineOf(rows),
    storesBehind: new Set(rows.filter((r) => r.isBehind).map((r) => r.storeId)).size,
    storesTotal: stores.length,
  };
}

/** The open gaps, most urgent first; ties go to the higher class (A before B before C), then store id. */
export function gapsByUrgency<T extends PaceRow>(rows: readonly T[]): T[] {
  return rows
    .filter((r) => !r.met)
    .sort((a, b) => b.urgency - a.urgency || classOrder(a.storeClass, b.storeClass) || a.storeId - b.storeId);
}

function classOrder(a: StoreClass, b: StoreClass): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function key(storeId: number, channel: QuotaChannel): string {
  return `${storeId}:${channel}`;
}

/**
 * Rows without a date were counted in SQL (sameDayCountSql applies the same-day rule there); rows
 * with one are counted here, once per store, channel and day when the policy says "once".
 */
function doneByStoreChannel(clock: PaceClock, counts: readonly InteractionCount[], repeats: SameDayRepeats): Map<string, number> {
  const { first, last } = monthBounds(clock.month);
  const done = new Map<string, number>();
  const seen = new Set<string>();
  for (const c of counts) {
    if (!isQuotaChannel(c.channel)) continue; // third-party help counts toward no quota
    if (c.localDate !== undefined && (c.localDate < first || c.localDate > last || c.localDate > clock.today)) continue;
    const k = key(c.storeId, c.channel);
    let n = c.count;
    if (c.localDate !== undefined && repeats === "once") {
      const day = `${k}:${c.localDate}`;
      n = seen.has(day) || c.count <= 0 ? 0 : 1;
      seen.add(day);
    }
    done.set(k, (done.get(k) ?? 0) + n);
  }
  return done;
}

/** What a list of one store's contacts on a channel counts toward its quota (the rule sameDayCountSql runs in SQL). */
export function countedContacts(repeats: SameDayRepeats, dates: readonly LocalDate[]): number {
  return repeats === "each" ? dates.length : new Set(dates).size;
}

function headlineOf(rows: readonly PaceRow[]): Record<QuotaChannel, ChannelHeadline> {
  const empty = (): ChannelHeadline => ({
    required: 0,
    done: 0,
    credited: 0,
    expectedByToday: 0,
    remaining: 0,
    storesBehind: 0,
    storesMet: 0,
  });
  const headline: Record<QuotaChannel, ChannelHeadline> = { visit: empty(), phone: empty(), message: empty() };
  for (const r of rows) {
    const h = headline[r.channel];
    h.required += r.required;
    h.done += r.done;
    h.credited += Math.min(r.done, r.required);
    h.expectedByToday += r.expectedByToday;
    h.remaining += r.remaining;
    if (r.isBehind) h.storesBehind++;
    if (r.met) h.storesMet++;
  }
  return headline;
}
