// One rep's month as a signed-in viewer may see it (GET /api/progress, /month, /team/reps/:id): the
// pace of each store and channel (R1–R3) and the rep-level rules (R9–R11), for the current month or
// a past one seen from its last day.
import * as v from "valibot";
import type { Db } from "../db/client.ts";
import { visibleUserSelect } from "../db/queries/users.ts";
import { loadRepMonths, type MonthContext } from "./rep-month.ts";
import { runQueries, type Guard, type Queries, type Rows } from "../db/batch.ts";
import { contextQueries, monthContextOf } from "../db/queries/month-context.ts";
import type { Viewer } from "../auth/identity.ts";
import { localDateOf, monthBounds, monthOf } from "../domain/dates.ts";
import { monthParam } from "../domain/fields.ts";
import { repDay, type RepDay, type RepMonthData } from "../domain/rep-day.ts";
import type { LocalDate } from "../domain/types.ts";

const digits = (code: string) => v.pipe(v.string(code), v.regex(/^\d{1,12}$/, code), v.transform(Number), v.minValue(1, code));

/** `month` is YYYY-MM within the lunar tables' years (domain/fields.ts); `repId` a positive id. */
export const MonthQuery = v.object({
  month: v.optional(monthParam),
  repId: v.optional(digits("invalid")),
});

/**
 * The day a month is seen from: today for the current month, the last day for a past one. A future
 * month has nothing to show yet: null (the caller reports a field error).
 */
export function monthToday(month: string | undefined, todayLocal: LocalDate): { month: string; today: LocalDate } | null {
  const current = monthOf(todayLocal);
  const m = month ?? current;
  if (m > current) return null;
  return { month: m, today: m === current ? todayLocal : monthBounds(m).last };
}

export type RepMonthView = {
  rep: { id: number; name: string; role: string; teamId: number | null };
  context: MonthContext;
  data: RepMonthData;
  day: RepDay;
};

/**
 * One rep's month for a signed-in viewer, in two round trips: the policy, festivals and the rep
 * (scoped by userVisible: null when out of scope), then the month itself. `guard`: the session
 * check to run first in the first batch (http/guard.ts withViewer).
 */
export async function loadRepMonthView(
  db: Db,
  viewer: Viewer,
  repId: number,
  now: number,
  month: string | undefined,
  guard: Guard | null = null,
): Promise<RepMonthView | null | "future"> {
  return (await loadRepMonthViewWith(db, viewer, repId, now, month, guard, {})).view;
}

/**
 * loadRepMonthView, with the caller's own selects (`extra`, scoped by the caller) in its first batch:
 * a page that needs more than the month (the rep page's targets and daily counts) adds no round trip.
 */
export async function loadRepMonthViewWith<X extends Queries>(
  db: Db,
  viewer: Viewer,
  repId: number,
  now: number,
  month: string | undefined,
  guard: Guard | null,
  extra: X,
): Promise<{ view: RepMonthView | null | "future"; extra: Rows<X> }> {
  const own = { ...contextQueries(db), rep: visibleUserSelect(db, viewer, repId) };
  // One batch; the month's own names win over an extra of the same name.
  const all: unknown = await runQueries(db, { ...extra, ...own }, guard);
  const rows = all as Rows<typeof own>;
  const extraRows = all as Rows<X>;
  const rep = rows.rep[0];
  if (!rep) return { view: null, extra: extraRows };
  const context = monthContextOf(rows);
  const when = monthToday(month, localDateOf(now, context.policy.timeZone));
  if (!when) return { view: "future", extra: extraRows };
  const months = await loadRepMonths(db, [rep.id], when.today, { context, viewer });
  const data = months.get(rep.id)!;
  return { view: { rep, context, data, day: repDay(data) }, extra: extraRows };
}
