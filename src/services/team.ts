// /team: a page of reps with each one's month (pace by channel R1–R3, stores behind, R9–R11, visit
// intel R12–R17), for a manager their team, for an admin every team or one. Two round trips: the
// policy, festivals, reps and teams together (with the session check, `guard`), then the months of
// the page's reps.
import type { Db } from "../db/client.ts";
import { checkInsSelect, dailyContactsSelect, reassignTargetsQueries, teamRepsSelect, teamsSelect, type TeamRep } from "../db/queries/team.ts";
import { monthLine, type MonthLine } from "../domain/month-line.ts";
import { loadRepMonths } from "./rep-month.ts";
import { runQueries, type Guard } from "../db/batch.ts";
import { contextQueries, monthContextOf } from "../db/queries/month-context.ts";
import type { Viewer } from "../auth/identity.ts";
import { repDay, type RepDay, type RepMonthData } from "../domain/rep-day.ts";
import { addDays, isoWeekOf, localDateOf, monthBounds, monthOf } from "../domain/dates.ts";
import { weekRange, type WeekRange } from "../domain/week-range.ts";
import { groupPaceRate } from "../domain/team-week.ts";
import { weeklyPaceQueries } from "../db/queries/weekly.ts";
import { checkInVerdict } from "../domain/check-in.ts";

/** The team's pace counts every rep the viewer may see (or of the team chosen), far more than a team. */
const ALL_REPS = 5000;

/** Reps per page: one loader batch, the same size the digest consumer uses. */
export const TEAM_PAGE_SIZE = 50;

/** A rep's visits this month with a check-in at a located store (`judged`), and those on site. */
export type OnSiteShare = { onSite: number; judged: number };

/** Weeks of the team's pace on /team, the last first summary's week last. */
export const PACE_WEEKS = 8;

/** The team's pace at the end of each of the last PACE_WEEKS summaries' weeks, as the weekly computes it. */
export type WeekPace = { week: WeekRange; rate: number | null; credited: number; expected: number };

export type TeamList = {
  reps: { rep: TeamRep; day: RepDay; onSite: OnSiteShare }[];
  /** Every rep of the list (all pages), oldest week first. */
  weeks: WeekPace[];
  hasNext: boolean;
  teams: { id: number; name: string }[];
};

/** `teamId` narrows an admin's list to one team (a manager always sees their own); `page` from 1. */
export async function loadTeamList(db: Db, viewer: Viewer, filter: { teamId?: number; page: number }, now: number, guard: Guard | null = null): Promise<TeamList> {
  const page = { teamId: filter.teamId, limit: TEAM_PAGE_SIZE + 1, offset: (filter.page - 1) * TEAM_PAGE_SIZE };
  // The month by the viewer's zone, a day wider each side; cut to the policy's month below.
  const approx = monthBounds(monthOf(localDateOf(now, viewer.timeZone)));
  // The last PACE_WEEKS summaries' weeks (the newest: the one sent this Monday), by the viewer's clock.
  const localToday = localDateOf(now, viewer.timeZone);
  const weeks = Array.from({ length: PACE_WEEKS }, (_, i) => weekRange(isoWeekOf(addDays(localToday, -7 * (PACE_WEEKS - 1 - i))))!);
  const allReps = teamRepsSelect(db, viewer, { teamId: filter.teamId, limit: ALL_REPS, offset: 0 }).as("all_reps");
  const repIds = db.select({ id: allReps.id }).from(allReps);
  const rows = await runQueries(db, {
    ...contextQueries(db),
    reps: teamRepsSelect(db, viewer, page),
    teams: teamsSelect(db, viewer),
    checkIns: checkInsSelect(db, viewer, page, addDays(approx.first, -1), addDays(approx.last, 1)),
    // The weekly's own R1–R3 selects for each week, in this batch: no round trip more for any team size.
    allReps: teamRepsSelect(db, viewer, { teamId: filter.teamId, limit: ALL_REPS, offset: 0 }),
    weekStores: weeks.map((w) => weeklyPaceQueries(db, repIds, w).storeCounts),
    weekPace: weeks.map((w) => weeklyPaceQueries(db, repIds, w).pace),
  }, guard);
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
  const onSite = new Map<number, OnSiteShare>();
  for (const v of rows.checkIns) {
    if (monthOf(v.localDate) !== monthOf(today)) continue;
    const verdict = checkInVerdict(v, { lat: v.storeLat, lng: v.storeLng }, context.policy.checkIn.onSiteMeters);
    if (!verdict) continue;
    const share = onSite.get(v.repId) ?? { onSite: 0, judged: 0 };
    share.judged += 1;
    if (verdict.onSite) share.onSite += 1;
    onSite.set(v.repId, share);
  }
  const paceWeeks = weeks.map((week, i): WeekPace => ({ week, ...groupPaceRate(context, rows.allReps, { storeCounts: rows.weekStores[i]!, pace: rows.weekPace[i]! }, week) }));
  return {
    weeks: paceWeeks,
    reps: reps.map((rep) => ({ rep, day: repDay(months.get(rep.id)!), onSite: onSite.get(rep.id) ?? { onSite: 0, judged: 0 } })),
    hasNext: repRows.length > TEAM_PAGE_SIZE,
    teams: teamRows,
  };
}

/** A rep's quota contacts per store, channel and day of `month` (the rep page's line), as counts. */
export type DailyContacts = Parameters<typeof monthLine>[4][number][];

export async function loadDailyContacts(db: Db, viewer: Viewer, repId: number, month: string): Promise<DailyContacts> {
  return dailyContactsOf(await dailyContactsSelect(db, viewer, repId, month));
}

export function dailyContactsOf(rows: Awaited<ReturnType<typeof dailyContactsSelect>>): DailyContacts {
  return rows.map((r) => ({ storeId: Number(r.storeId), channel: r.channel, localDate: r.localDate, count: Number(r.count) }));
}

/**
 * What the rep page reads beside the month, in the month's first batch (resolveMonthWith): who may
 * receive the rep's stores and the line's daily counts of `month`.
 */
export function repPageQueries(db: Db, viewer: Viewer, repId: number, toTeam: number | undefined, month: string) {
  return { ...reassignTargetsQueries(db, viewer, repId, toTeam), daily: dailyContactsSelect(db, viewer, repId, month) };
}

/**
 * The rep page's done-versus-expected line for the month shown. The page reads the counts beside
 * the month (same round trip) for the month it expects; only when the month shown differs (a month
 * in the future falls back to today's) are they read again.
 */
export async function loadMonthLine(db: Db, viewer: Viewer, data: RepMonthData, counts: { month: string; rows: DailyContacts }): Promise<MonthLine> {
  const rows = counts.month === data.month ? counts.rows : await loadDailyContacts(db, viewer, data.repId, data.month);
  return monthLine(data.policy, data.month, data.today, data.stores, rows);
}
