// GET /api/progress?month=YYYY-MM[&repId=N] (SPEC §5): the pace of each store and channel (R1–R3)
// and the rep-level rules (R9–R11) for a month. Default: the caller, the current month in the
// organisation's time zone. A past month is seen from its last day. Another rep's progress is for
// their manager and admins only (userVisible); anyone else gets a 404, as for a rep that does not exist.
import { Hono } from "hono";
import * as v from "valibot";
import { and, eq } from "drizzle-orm";
import type { AppContext, AppEnv } from "../context.ts";
import { requireViewer } from "../guard.ts";
import { ApiError } from "../errors.ts";
import { parseOrThrow, translate, validationError } from "../validation.ts";
import type { Viewer } from "../../auth/identity.ts";
import type { Db } from "../../db/client.ts";
import { users } from "../../db/schema.ts";
import { userVisible } from "../../db/queries/scope.ts";
import { loadRepMonths, monthContextFrom, monthContextQueries, type MonthContext } from "../../services/rep-month.ts";
import { localDateOf, monthBounds, monthOf } from "../../domain/dates.ts";
import { monthParam } from "../../domain/fields.ts";
import { repDay, type RepDay, type RepMonthData } from "../../domain/rep-day.ts";
import { QUOTA_CHANNELS, type LocalDate, type QuotaChannel } from "../../domain/types.ts";
import type { Pace } from "../../domain/pace.ts";

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
 * (scoped by userVisible: null when out of scope), then the month itself.
 */
export async function loadRepMonthView(
  db: Db,
  viewer: Viewer,
  repId: number,
  now: number,
  month: string | undefined,
): Promise<RepMonthView | null | "future"> {
  const [policyRows, festivalRows, repRows] = await db.batch([
    ...monthContextQueries(db),
    db
      .select({ id: users.id, name: users.name, role: users.role, teamId: users.teamId })
      .from(users)
      .where(and(eq(users.id, repId), userVisible(viewer))),
  ]);
  const rep = repRows[0];
  if (!rep) return null;
  const context = monthContextFrom(policyRows, festivalRows);
  const when = monthToday(month, localDateOf(now, context.policy.timeZone));
  if (!when) return "future";
  const months = await loadRepMonths(db, [rep.id], when.today, { context, viewer });
  const data = months.get(rep.id)!;
  return { rep, context, data, day: repDay(data) };
}

function paceJson(p: Pace) {
  return {
    required: p.required,
    done: p.done,
    expectedByToday: p.expectedByToday,
    remaining: p.remaining,
    remainingWorkingDays: p.remainingWorkingDays,
    behind: p.behind,
    isBehind: p.isBehind,
    met: p.met,
    critical: p.critical,
    urgency: p.urgency,
  };
}

export function progressJson(view: RepMonthView) {
  const { day, data } = view;
  const byStore = new Map<number, Partial<Record<QuotaChannel, ReturnType<typeof paceJson>>>>();
  for (const r of day.pace.rows) {
    const m = byStore.get(r.storeId) ?? {};
    m[r.channel] = paceJson(r);
    byStore.set(r.storeId, m);
  }
  const { clock } = day.pace;
  return {
    month: day.month,
    today: day.today,
    rep: { id: view.rep.id, name: view.rep.name },
    clock: { workingDays: clock.total, elapsed: clock.elapsed, remainingWorkingDays: clock.remainingWorkingDays },
    headline: Object.fromEntries(QUOTA_CHANNELS.map((ch) => [ch, day.pace.headline[ch]])),
    storesBehind: day.pace.storesBehind,
    storesTotal: day.pace.storesTotal,
    stores: data.stores.map((s) => ({ id: s.id, name: s.name, class: s.class, city: s.city, channels: byStore.get(s.id) ?? {} })),
    rules: {
      helpAsked: { rule: "R9", ...paceJson(day.rules.helpAsked) },
      problemsSolved: {
        rule: "R10",
        scope: day.rules.problemsSolved.scope,
        ...paceJson(day.rules.problemsSolved),
        shortStores: day.rules.problemsSolved.shortStores,
      },
      trainings: { rule: "R11", ...paceJson(day.rules.trainings) },
    },
    intel: day.intel,
  };
}

async function handle(c: AppContext) {
  const viewer = requireViewer(c);
  const t = c.get("t");
  const q = parseOrThrow(MonthQuery, c.req.query(), t);
  const view = await loadRepMonthView(c.get("db"), viewer, q.repId ?? viewer.id, c.get("now"), q.month);
  if (view === null) throw new ApiError(404, "not_found", "not found");
  if (view === "future") throw validationError({ month: translate("in_future", t) }, t);
  return c.json(progressJson(view));
}

export const progressApi = new Hono<AppEnv>().get("/", handle);
