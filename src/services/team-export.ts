// GET /team/export.csv: a month of the team as rows for a spreadsheet — every rep × store × channel
// with required, done and expected (R1–R3), and each rep's R9–R11 — computed by the same month loader
// as the pages (so the numbers are the page's, past months from the assignments that held then).
// Two round trips whatever the team's size: the policy, festivals and reps, then every rep's month
// in one batch (services/rep-month.ts).
import type { Db } from "../db/client.ts";
import { runQueries } from "../db/batch.ts";
import { contextQueries, monthContextOf } from "../db/queries/month-context.ts";
import { teamRepsSelect, type TeamRep } from "../db/queries/team.ts";
import type { Viewer } from "../auth/identity.ts";
import { localDateOf } from "../domain/dates.ts";
import { repDay, type RepDay, type RepStore } from "../domain/rep-day.ts";
import { loadRepMonths } from "./rep-month.ts";
import { monthToday } from "./rep-month-view.ts";

/** The most reps one export reads (one loader batch); a larger organisation exports team by team. */
export const EXPORT_MAX_REPS = 500;

export type TeamExport = {
  month: string;
  reps: { rep: TeamRep; day: RepDay; stores: Map<number, RepStore> }[];
};

/**
 * The month's rows of every rep the viewer may see (a manager: their team; an admin: everyone, or
 * one team), in the order of /team. "future" for a month not begun.
 */
export async function loadTeamExport(db: Db, viewer: Viewer, filter: { month?: string; teamId?: number }, now: number): Promise<TeamExport | "future"> {
  const rows = await runQueries(db, { ...contextQueries(db), reps: teamRepsSelect(db, viewer, { teamId: filter.teamId, limit: EXPORT_MAX_REPS, offset: 0 }) });
  const context = monthContextOf(rows);
  const when = monthToday(filter.month, localDateOf(now, context.policy.timeZone));
  if (!when) return "future";
  const months = await loadRepMonths(
    db,
    rows.reps.map((r) => r.id),
    when.today,
    { context, viewer },
  );
  return {
    month: when.month,
    reps: rows.reps.map((rep) => {
      const data = months.get(rep.id)!;
      return { rep, day: repDay(data), stores: new Map(data.stores.map((s) => [s.id, s])) };
    }),
  };
}
