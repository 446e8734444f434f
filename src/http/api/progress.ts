// GET /api/progress?month=YYYY-MM[&repId=N] (SPEC §5): the pace of each store and channel (R1–R3)
// and the rep-level rules (R9–R11) for a month. Default: the caller, the current month in the
// organisation's time zone. A past month is seen from its last day. Another rep's progress is for
// their manager and admins only (userVisible); anyone else gets a 404, as for a rep that does not exist.
import { Hono } from "hono";
import type { AppEnv } from "../context.ts";
import { requireViewer, signedIn } from "../guard.ts";
import { ApiError } from "../errors.ts";
import { apiQuery, translate, validationError } from "../validation.ts";
import { loadRepMonthView, MonthQuery, type RepMonthView } from "../../services/rep-month-view.ts";
import { QUOTA_CHANNELS, type QuotaChannel } from "../../domain/types.ts";
import type { Pace } from "../../domain/pace.ts";

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

export const progressApi = new Hono<AppEnv>().get("/", signedIn(), apiQuery(MonthQuery), async (c) => {
  const viewer = requireViewer(c);
  const t = c.get("t");
  const q = c.req.valid("query");
  const view = await loadRepMonthView(c.get("db"), viewer, q.repId ?? viewer.id, c.get("now"), q.month);
  if (view === null) throw new ApiError(404, "not_found", "not found");
  if (view === "future") throw validationError({ month: translate("in_future", t) }, t);
  return c.json(progressJson(view));
});
