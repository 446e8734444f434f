// /team: a page of reps with each one's month (pace by channel R1–R3, stores behind, R9–R11, visit
// intel R12–R17), for a manager their team, for an admin every team or one. Two round trips: the
// policy, festivals, reps and teams together, then the months of the page's reps.
import type { Db } from "../db/client.ts";
import { teamRepsSelect, teamsSelect, type TeamRep } from "../db/queries/team.ts";
import { loadRepMonths } from "./rep-month.ts";
import { runQueries } from "../db/batch.ts";
import { contextQueries, monthContextOf } from "../db/queries/month-context.ts";
import type { Viewer } from "../auth/identity.ts";
import { repDay, type RepDay } from "../domain/rep-day.ts";
import { localDateOf } from "../domain/dates.ts";

/** Reps per page: one loader batch, the same size the digest consumer uses. */
export const TEAM_PAGE_SIZE = 50;

export type TeamList = {
  reps: { rep: TeamRep; day: RepDay }[];
  hasNext: boolean;
  teams: { id: number; name: string }[];
};

/** `teamId` narrows an admin's list to one team (a manager always sees their own); `page` from 1. */
export async function loadTeamList(db: Db, viewer: Viewer, filter: { teamId?: number; page: number }, now: number): Promise<TeamList> {
  const rows = await runQueries(db, {
    ...contextQueries(db),
    reps: teamRepsSelect(db, viewer, { teamId: filter.teamId, limit: TEAM_PAGE_SIZE + 1, offset: (filter.page - 1) * TEAM_PAGE_SIZE }),
    teams: teamsSelect(db, viewer),
  });
  const context = monthContextOf(rows);
  const repRows = rows.reps;
  const teamRows = rows.teams;
  const today = localDateOf(now, context.policy.timeZone);
  const reps = repRows.slice(0, TEAM_PAGE_SIZE);
  const months = await loadRepMonths(
    db,
    reps.map((r) => r.id),
    today,
    { context, viewer },
  );
  return { reps: reps.map((rep) => ({ rep, day: repDay(months.get(rep.id)!) })), hasNext: repRows.length > TEAM_PAGE_SIZE, teams: teamRows };
}
