// Festival coverage (R4, R5): which stores have had every action their class owes for a festival.
// Festival dates come in as FestivalOccurrence (placed on the solar calendar elsewhere); nothing
// here computes lunar dates.
//
// What counts for an action:
// - the interaction is logged for that festival: occasion "festival", same key, same year (a
//   Mid-Autumn visit of last year, or a Dragon Boat call, does not cover this Mid-Autumn);
// - its localDate is inside [windowStart, windowEnd], both days included;
// - when a `today` is given, it is not after today (a contact dated in the future is not done yet);
// - the channel fits the action:
//     visit_with_gift  a visit with a gift (a gift description or a value above 0);
//     visit            any visit, with or without a gift;
//     phone            a phone call, or a visit: meeting in person is the stronger form of the call
//                      the handbook asks of B and C stores;
//     message          a message only: a message never stands in for a call or a visit, and a call
//                      or visit does not stand in for the written greeting;
//   third-party contacts satisfy nothing.
// - each interaction fulfils at most one action, so an admin's ["visit", "phone"] takes a visit and
//   a call (or two visits), and ["visit", "visit"] takes two visits.
import { daysBetween } from "./dates.ts";
import type { FestivalAction, FestivalOccurrence } from "./policy.ts";
import type { StoreRef } from "./pace.ts";
import { STORE_CLASSES, type Channel, type LocalDate, type Occasion, type StoreClass } from "./types.ts";

/** The columns of an `interactions` row that coverage reads. */
export type FestivalInteraction = {
  storeId: number;
  channel: Channel;
  occasion: Occasion;
  festivalKey: string | null;
  festivalYear: number | null;
  localDate: LocalDate;
  giftWhat?: string | null;
  giftValue?: number | null;
};

export type StoreCoverage = {
  storeId: number;
  storeClass: StoreClass;
  /** The actions the store's class owes, in the festival's order. */
  required: FestivalAction[];
  done: FestivalAction[];
  missing: FestivalAction[];
  /** Every required action done (a class owing nothing is covered). */
  covered: boolean;
};

export type CoverageCount = { stores: number; covered: number };

export type FestivalCoverage = {
  key: string;
  year: number;
  stores: StoreCoverage[];
  byClass: Record<StoreClass, CoverageCount>;
  total: CoverageCount;
};

export function hasGift(i: Pick<FestivalInteraction, "giftWhat" | "giftValue">): boolean {
  return (i.giftWhat ?? "").trim() !== "" || (i.giftValue ?? 0) > 0;
}

/** Whether an interaction is logged for this festival occurrence inside its window (and not after `today`). */
export function countsFor(i: FestivalInteraction, festival: FestivalOccurrence, today?: LocalDate): boolean {
  return (
    i.occasion === "festival" &&
    i.festivalKey === festival.key &&
    i.festivalYear === festival.year &&
    i.localDate >= festival.windowStart &&
    i.localDate <= festival.windowEnd &&
    (today === undefined || i.localDate <= today)
  );
}

/** Whether an interaction's channel (and gift) fits an action; see the table at the top. */
export function satisfies(i: Pick<FestivalInteraction, "channel" | "giftWhat" | "giftValue">, action: FestivalAction): boolean {
  switch (action) {
    case "visit_with_gift":
      return i.channel === "visit" && hasGift(i);
    case "visit":
      return i.channel === "visit";
    case "phone":
      return i.channel === "phone" || i.channel === "visit";
    case "message":
      return i.channel === "message";
  }
}

// Actions that fewer interactions satisfy are matched first, each with the weakest interaction that
// fits, so a visit with a gift is kept for visit_with_gift rather than spent on a phone action. The
// actions' sets of fitting interactions are nested (gift visit ⊂ visit ⊂ phone-or-visit), and for
// nested sets this greedy matching is a maximum one.
const MATCH_ORDER: Record<FestivalAction, number> = { visit_with_gift: 0, visit: 1, message: 2, phone: 3 };

function strength(i: FestivalInteraction): number {
  if (i.channel !== "visit") return 0;
  return hasGift(i) ? 2 : 1;
}

/** Which of `required` the interactions (already filtered to this store and festival) fulfil. */
export function matchActions(required: readonly FestivalAction[], interactions: readonly FestivalInteraction[]): boolean[] {
  const order = required.map((action, index) => ({ action, index })).sort((a, b) => MATCH_ORDER[a.action] - MATCH_ORDER[b.action]);
  const used = new Set<number>();
  const fulfilled = required.map(() => false);
  for (const { action, index } of order) {
    let best = -1;
    interactions.forEach((i, j) => {
      if (used.has(j) || !satisfies(i, action)) return;
      if (best < 0 || strength(i) < strength(interactions[best]!)) best = j;
    });
    if (best >= 0) {
      used.add(best);
      fulfilled[index] = true;
    }
  }
  return fulfilled;
}

export function storeCoverage(
  festival: FestivalOccurrence,
  store: StoreRef,
  interactions: readonly FestivalInteraction[],
): StoreCoverage {
  const required = [...(festival.actions[store.class] ?? [])];
  const fulfilled = matchActions(required, interactions);
  const done = required.filter((_, k) => fulfilled[k]);
  const missing = required.filter((_, k) => !fulfilled[k]);
  return { storeId: store.id, storeClass: store.class, required, done, missing, covered: missing.length === 0 };
}

/** R4/R5 coverage of one festival over a rep's (or a team's) stores. */
export function festivalCoverage(
  festival: FestivalOccurrence,
  stores: readonly StoreRef[],
  interactions: readonly FestivalInteraction[],
  today?: LocalDate,
): FestivalCoverage {
  const byStore = new Map<number, FestivalInteraction[]>();
  for (const i of interactions) {
    if (!countsFor(i, festival, today)) continue;
    const list = byStore.get(i.storeId);
    if (list) list.push(i);
    else byStore.set(i.storeId, [i]);
  }
  const rows = stores.map((s) => storeCoverage(festival, s, byStore.get(s.id) ?? []));
  const byClass = Object.fromEntries(STORE_CLASSES.map((c) => [c, { stores: 0, covered: 0 }])) as Record<StoreClass, CoverageCount>;
  const total: CoverageCount = { stores: 0, covered: 0 };
  for (const r of rows) {
    for (const count of [byClass[r.storeClass], total]) {
      count.stores++;
      if (r.covered) count.covered++;
    }
  }
  return { key: festival.key, year: festival.year, stores: rows, byClass, total };
}

// ---- festivals in their lead time ---------------------------------------------------------------

export type DueFestival = {
  occurrence: FestivalOccurrence;
  /** Days from today to the festival (0 on the day, negative after it). */
  daysUntil: number;
  /** Whether an action logged today counts (today is inside the window). */
  windowOpen: boolean;
};

/**
 * The festivals the digest lists today: from their lead start until their window closes (an action
 * still counts up to windowEnd, after the festival day). Sorted by date; an occurrence passed twice
 * (same key and year) is listed once.
 */
export function festivalsInLead(occurrences: readonly FestivalOccurrence[], today: LocalDate): DueFestival[] {
  const seen = new Set<string>();
  const due: DueFestival[] = [];
  for (const o of occurrences) {
    const id = `${o.key}:${o.year}`;
    if (seen.has(id) || today < o.leadStart || today > o.windowEnd) continue;
    seen.add(id);
    due.push({ occurrence: o, daysUntil: daysBetween(today, o.date), windowOpen: today >= o.windowStart });
  }
  return due.sort((a, b) => (a.occurrence.date < b.occurrence.date ? -1 : a.occurrence.date > b.occurrence.date ? 1 : 0));
}

/** For a rep's digest: each festival in its lead time with the coverage of the rep's stores so far. */
export function festivalTasks(
  occurrences: readonly FestivalOccurrence[],
  today: LocalDate,
  stores: readonly StoreRef[],
  interactions: readonly FestivalInteraction[],
): (DueFestival & { coverage: FestivalCoverage })[] {
  return festivalsInLead(occurrences, today).map((d) => ({ ...d, coverage: festivalCoverage(d.occurrence, stores, interactions, today) }));
}
