// A rep's month day by day (issue 13.2): contacts done so far and expected by each day, as the
// month's pace counts them (pace.ts monthPace: credited contacts capped at each store's quota,
// same-day repeats as the policy says, expected pro rata over the working days each store is held).
// Pure: the rep page draws it (http/pages/charts).
import { addDays, monthBounds } from "./dates.ts";
import { monthPace, type InteractionCount, type StoreRef } from "./pace.ts";
import type { Policy } from "./policy.ts";
import type { WorkingDayPolicy } from "./working-days.ts";
import { QUOTA_CHANNELS, type LocalDate } from "./types.ts";

export type MonthLine = { days: LocalDate[]; done: (number | null)[]; expected: number[] };

/**
 * Every day of `month`: Σ credited over the three quota channels through that day (null after
 * `today`: not yet known) and Σ expected by the end of that day. `counts` carry their day.
 */
export function monthLine(
  policy: Pick<Policy, "quotas" | "sameDayRepeats"> & WorkingDayPolicy,
  month: string,
  today: LocalDate,
  stores: readonly StoreRef[],
  counts: readonly (InteractionCount & { localDate: LocalDate })[],
): MonthLine {
  const { first, last } = monthBounds(month);
  const out: MonthLine = { days: [], done: [], expected: [] };
  for (let d = first; d <= last; d = addDays(d, 1)) {
    const pace = monthPace(policy, d, stores, counts, month);
    let done = 0;
    let expected = 0;
    for (const ch of QUOTA_CHANNELS) {
      done += pace.headline[ch].credited;
      expected += pace.headline[ch].expectedByToday;
    }
    out.days.push(d);
    out.done.push(d <= today ? done : null);
    out.expected.push(expected);
  }
  return out;
}
