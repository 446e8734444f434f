// Who held a store, in which class, over a month (issue 11: history does not move). A store's
// assignments (store_assignments) are cut to the month; each piece is a Holding. A month's pace is
// computed from the holdings of that month only, so reassigning or reclassifying a store later
// changes nothing in it, and a store that changes hands mid-month counts for each rep for the
// working days they held it (pace.ts prorates the quota by those days). Pure, no I/O.
import { addDays, monthBounds } from "./dates.ts";
import type { LocalDate, StoreClass } from "./types.ts";
import { countWorkingDays, type WorkingDayPolicy } from "./working-days.ts";

/**
 * Assignments written before their history was recorded (migration 0009's backfill, the demo seed,
 * a store inserted without one) start here: far enough back that every earlier month reads as it
 * did before the history existed.
 */
export const ASSIGNMENTS_BACKFILLED_FROM: LocalDate = "2000-01-01";

/** One stretch of a store held in one class: `from` included, `to` excluded (null: still held). */
export type Holding = { class: StoreClass; from: LocalDate; to: LocalDate | null };

/** The last day of a holding inside the month (`to` is excluded), and its first. */
export function holdingDays(h: Holding, month: string): { first: LocalDate; last: LocalDate } | null {
  const b = monthBounds(month);
  const first = h.from > b.first ? h.from : b.first;
  const end = h.to === null ? b.last : addDays(h.to, -1);
  const last = end < b.last ? end : b.last;
  return first <= last ? { first, last } : null;
}

/** Working days of the holding in the month between `from` and `to` (both included). */
export function heldWorkingDays(policy: WorkingDayPolicy, h: Holding, month: string, from?: LocalDate, to?: LocalDate): number {
  const d = holdingDays(h, month);
  if (!d) return 0;
  const a = from !== undefined && from > d.first ? from : d.first;
  const b = to !== undefined && to < d.last ? to : d.last;
  return a <= b ? countWorkingDays(policy, a, b) : 0;
}

/** Whether a holding covers `date`. */
export function holds(h: Holding, date: LocalDate): boolean {
  return h.from <= date && (h.to === null || date < h.to);
}

/** The stretches as the weekly's histograms carry them (`tier|from|to;…`, `to` empty while current), in date order. */
export function parseHoldings(text: string): Holding[] {
  return text
    .split(";")
    .filter((part) => part !== "")
    .map((part) => {
      const [cls, from, to] = part.split("|");
      return { class: cls as StoreClass, from: from!, to: to ? to : null };
    })
    .sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : 0));
}

/**
 * The stretches as they stood at the end of `date`: later ones not yet begun, a stretch that ended
 * after it still open. A month seen from a day reads what was known that day, so a summary computed
 * again later says the same.
 */
export function holdingsAsOf(holdings: readonly Holding[], date: LocalDate): Holding[] {
  return holdings.filter((h) => h.from <= date).map((h) => (h.to !== null && h.to > date ? { ...h, to: null } : h));
}

/** The stretches that hold a working day or any day of `month`. */
export function holdingsIn(holdings: readonly Holding[], month: string): Holding[] {
  return holdings.filter((h) => holdingDays(h, month) !== null);
}
