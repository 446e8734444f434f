// GET /team/export.csv?month=YYYY-MM: the team's month for Excel (services/team-export.ts). UTF-8
// with a BOM, so Excel opens Chinese correctly; every text cell made inert against formula
// injection (a store named "=HYPERLINK(…)" stays text). Managers: their team; admins: everyone or
// ?teamId=; reps never reach it (signedIn in team/index.tsx answers 404).
import * as v from "valibot";
import type { AppContext } from "../../context.ts";
import { requireViewer } from "../../guard.ts";
import { ApiError } from "../../errors.ts";
import { fmt } from "../pace-view.tsx";
import { inertCell, toCsv } from "../../../domain/csv.ts";
import { monthParam } from "../../../domain/fields.ts";
import { loadTeamExport } from "../../../services/team-export.ts";

const ExportQuery = v.object({
  month: v.optional(monthParam),
  teamId: v.optional(v.pipe(v.string(), v.regex(/^\d{1,12}$/), v.transform(Number), v.minValue(1))),
});

export async function exportTeamCsv(c: AppContext) {
  const viewer = requireViewer(c);
  const t = c.get("t");
  const parsed = v.safeParse(ExportQuery, { month: c.req.query("month") || undefined, teamId: c.req.query("teamId") || undefined });
  if (!parsed.success) {
    const field = parsed.issues[0].path?.[0]?.key === "teamId" ? "teamId" : "month";
    throw new ApiError(400, "validation_failed", "invalid query", { [field]: t.validation.invalid });
  }
  // Managers export their own team whatever the query says; admins may narrow to one.
  const teamId = viewer.role === "admin" ? parsed.output.teamId : undefined;
  const data = await loadTeamExport(c.get("db"), viewer, { month: parsed.output.month, teamId }, c.get("now"));
  if (data === "future") throw new ApiError(400, "validation_failed", "month not begun", { month: t.validation.invalid });
  const x = t.manager.export;
  const rows: string[][] = [[x.month, x.team, x.rep, x.storeId, x.store, x.city, x.storeClass, x.item, x.required, x.done, x.expected]];
  for (const { rep, day, stores } of data.reps) {
    const who = [data.month, rep.teamName ?? "", rep.name];
    for (const r of day.pace.rows) {
      const s = stores.get(r.storeId);
      rows.push([...who, String(r.storeId), s?.name ?? "", s?.city ?? "", r.storeClass, t.common.channel[r.channel], String(r.required), String(r.done), fmt(r.expectedByToday)]);
    }
    for (const [label, p] of [
      [t.progress.rules.R9, day.rules.helpAsked],
      [t.progress.rules.R10, day.rules.problemsSolved],
      [t.progress.rules.R11, day.rules.trainings],
    ] as const) {
      rows.push([...who, "", "", "", "", label, String(p.required), String(p.done), fmt(p.expectedByToday)]);
    }
  }
  c.header("content-type", "text/csv; charset=utf-8");
  c.header("content-disposition", `attachment; filename="keqing-team-${data.month}.csv"`);
  c.header("cache-control", "private, no-store");
  return c.body(`\uFEFF${toCsv(rows.map((r) => r.map(inertCell)))}`);
}
