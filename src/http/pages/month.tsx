// /month: the signed-in user's pace per store and channel (R1–R3) and their own targets (R9–R11),
// for the current month or, with ?month=YYYY-MM, a past one seen from its last day. Mounted at /month;
// resolveMonth also serves /team/reps/:id.
import { Hono } from "hono";
import * as v from "valibot";
import type { AppContext, AppEnv } from "../context.ts";
import { useT } from "./layout.tsx";
import { MonthBody, MonthPicker } from "./pace-view.tsx";
import { withViewer } from "../guard.ts";
import type { Guard, Queries, Rows } from "../../db/batch.ts";
import { ApiError } from "../errors.ts";
import { fieldErrors, translate } from "../validation.ts";
import { loadRepMonthView, loadRepMonthViewWith, MonthQuery, type RepMonthView } from "../../services/rep-month-view.ts";
import type { Viewer } from "../../auth/identity.ts";
import { localDateOf, monthOf } from "../../domain/dates.ts";

export type ResolvedMonth = {
  view: RepMonthView;
  /** What the user typed, kept in the picker. */
  input: string;
  /** The month field's error (the page then shows the current month, status 400). */
  error?: string;
  /** A month already over (seen from its last day). */
  past: boolean;
};

/**
 * The month view of `repId` as `viewer` may see it (null: out of scope), with ?month= validated.
 * `guard`: the session check for the first batch (withViewer).
 */
export async function resolveMonth(c: AppContext, viewer: Viewer, repId: number, guard: Guard | null = null): Promise<ResolvedMonth | null> {
  return (await resolveMonthWith(c, viewer, repId, guard, {})).resolved;
}

/** resolveMonth with the caller's own selects in the month's first batch (loadRepMonthViewWith). */
export async function resolveMonthWith<X extends Queries>(c: AppContext, viewer: Viewer, repId: number, guard: Guard | null, extra: X): Promise<{ resolved: ResolvedMonth | null; extra: Rows<X> }> {
  const t = c.get("t");
  const db = c.get("db");
  const now = c.get("now");
  const input = c.req.query("month") ?? "";
  let error: string | undefined;
  let month: string | undefined;
  if (input !== "") {
    const parsed = v.safeParse(MonthQuery, { month: input });
    if (parsed.success) month = parsed.output.month;
    else error = fieldErrors(parsed.issues, t).month ?? translate("bad_month", t);
  }
  const first = await loadRepMonthViewWith(db, viewer, repId, now, month, guard, extra);
  let view = first.view;
  if (view === "future") {
    error = translate("in_future", t);
    view = await loadRepMonthView(db, viewer, repId, now, undefined);
  }
  if (view === null || view === "future") return { resolved: null, extra: first.extra };
  const current = monthOf(localDateOf(now, view.context.policy.timeZone));
  return { resolved: { view, input: input || view.day.month, error, past: view.day.month < current }, extra: first.extra };
}

function MonthPage(props: { r: ResolvedMonth; managerWithoutStores: boolean }) {
  const t = useT();
  const { r } = props;
  return (
    <>
      <h1>{t.progress.monthTitle}</h1>
      <MonthPicker action="/month" month={r.input} error={r.error} />
      {props.managerWithoutStores ? (
        <div class="card">
          <p>
            {t.progress.noStoresManager} <a href="/team">{t.progress.toTeam}</a>
          </p>
        </div>
      ) : (
        <MonthBody day={r.view.day} stores={r.view.data.stores} past={r.past} />
      )}
    </>
  );
}

export const monthPage = new Hono<AppEnv>().get("/", async (c) => {
  const { viewer, value: r } = await withViewer(c, [], (as) => resolveMonth(c, as.viewer, as.viewer.id, as.guard));
  if (!r) throw new ApiError(404, "not_found", "not found");
  c.status(r.error ? 400 : 200);
  return c.render(<MonthPage r={r} managerWithoutStores={r.view.data.stores.length === 0 && viewer.role !== "rep"} />, { title: c.get("t").progress.monthTitle, nav: "month" });
});
