// /team/lists/not-contacted: the weekly's "not contacted for 30 days" list in full, for the week a
// summary covers (by default the last one sent), paged, optionally one rep's. One round trip: the
// page of stores (with the total) and the reps to filter by, in one batch.
import type { Db } from "../db/client.ts";
import { batchPlan, joinPlans, runPlan, runQueries } from "../db/batch.ts";
import { monthContextPlan } from "../db/queries/month-context.ts";
import { teamRepsSelect } from "../db/queries/team.ts";
import { giftsSelect, notContactedSelect, notesSelect, weekSelects } from "../db/queries/team-lists.ts";
import type { Viewer } from "../auth/identity.ts";
import { addDays, isoWeekOf, localDateOf } from "../domain/dates.ts";
import { NEGLECT_LOOKBACK_DAYS, overdueFollowUps, repWeeks, type NoteKind, type RepWeek, type TeamWeekRows } from "../domain/team-week.ts";
import type { FollowUp } from "../domain/follow-ups.ts";
import type { PaceBands } from "../domain/pace-band.ts";
import type { WeekRange } from "../domain/week-range.ts";
import type { LocalDate, StoreClass } from "../domain/types.ts";

/** Rows per page of a list. */
export const LIST_PAGE_SIZE = 50;
/** Reps offered in the filter (a team is far smaller). */
const FILTER_REPS = 500;

export type NotContactedRow = { storeId: number; name: string; storeClass: StoreClass; repId: number; repName: string; last: LocalDate | null; isNew: boolean };

export type NotContactedList = {
  week: WeekRange;
  rows: NotContactedRow[];
  total: number;
  reps: { id: number; name: string }[];
};

/** The period whose summary was sent last (this week's, sent on its Monday), by the viewer's clock. */
export function lastWeekPeriod(now: number, timeZone: string): string {
  return isoWeekOf(localDateOf(now, timeZone));
}

/** One round trip, whatever the number of reps. */
export async function loadNotContacted(db: Db, viewer: Viewer, q: { week: WeekRange; repId?: number; page: number }): Promise<NotContactedList> {
  const week = q.week;
  const r = await runQueries(db, {
    rows: notContactedSelect(db, viewer, week, { repId: q.repId, limit: LIST_PAGE_SIZE, offset: (q.page - 1) * LIST_PAGE_SIZE }),
    reps: teamRepsSelect(db, viewer, { limit: FILTER_REPS, offset: 0 }),
  });
  const recent = addDays(week.end, -NEGLECT_LOOKBACK_DAYS);
  return {
    week,
    rows: r.rows.map((s) => ({
      storeId: Number(s.storeId),
      name: s.name,
      storeClass: s.storeClass,
      repId: Number(s.repId),
      repName: s.repName,
      last: s.last,
      // As the weekly says it (team-week.ts addNamed).
      isNew: s.last === null && !!s.since && s.since > recent,
    })),
    total: Number(r.rows[0]?.total ?? 0),
    reps: r.reps.map((x) => ({ id: x.id, name: x.name })),
  };
}

export type NoteRow = {
  id: number;
  subject: string | null;
  detail: string;
  reason: string | null;
  action: string | null;
  localDate: LocalDate;
  storeId: number;
  storeName: string;
  storeClass: StoreClass;
  repId: number;
  repName: string;
};

export type NotesList = { week: WeekRange; kind: NoteKind; rows: NoteRow[]; total: number; reps: { id: number; name: string }[] };

/** The week's notes of one kind in full, paged; one round trip, whatever the number of reps. */
export async function loadNotes(db: Db, viewer: Viewer, q: { week: WeekRange; kind: NoteKind; repId?: number; page: number }): Promise<NotesList> {
  const r = await runQueries(db, {
    rows: notesSelect(db, viewer, q.week, q.kind, { repId: q.repId, limit: LIST_PAGE_SIZE, offset: (q.page - 1) * LIST_PAGE_SIZE }),
    reps: teamRepsSelect(db, viewer, { limit: FILTER_REPS, offset: 0 }),
  });
  return {
    week: q.week,
    kind: q.kind,
    rows: r.rows.map((n) => ({
      id: Number(n.id),
      subject: n.subject,
      detail: n.detail,
      reason: n.reason,
      action: n.action,
      localDate: n.localDate,
      storeId: Number(n.storeId),
      storeName: n.storeName,
      storeClass: n.storeClass,
      repId: Number(n.repId),
      repName: n.repName,
    })),
    total: Number(r.rows[0]?.total ?? 0),
    reps: r.reps.map((x) => ({ id: x.id, name: x.name })),
  };
}

export type GiftRow = { storeId: number; name: string; storeClass: StoreClass; repId: number; repName: string; total: number };

export type GiftsList = { week: WeekRange; rows: GiftRow[]; total: number; cap: number | null; reps: { id: number; name: string }[] };

/** Stores over the yearly gift cap at the week's end in full, paged; one round trip. */
export async function loadGifts(db: Db, viewer: Viewer, q: { week: WeekRange; repId?: number; page: number }): Promise<GiftsList> {
  const r = await runQueries(db, {
    rows: giftsSelect(db, viewer, q.week, { repId: q.repId, limit: LIST_PAGE_SIZE, offset: (q.page - 1) * LIST_PAGE_SIZE }),
    reps: teamRepsSelect(db, viewer, { limit: FILTER_REPS, offset: 0 }),
  });
  return {
    week: q.week,
    rows: r.rows.map((g) => ({ storeId: Number(g.storeId), name: g.name, storeClass: g.storeClass, repId: Number(g.repId), repName: g.repName, total: Number(g.total) })),
    total: Number(r.rows[0]?.count ?? 0),
    cap: r.rows[0] ? Number(r.rows[0].cap) : null,
    reps: r.reps.map((x) => ({ id: x.id, name: x.name })),
  };
}

/** A rep's week as the weekly summary computes it (domain/team-week.ts), for /team/lists/{rules,change,festivals}. */
export type WeekFigures = {
  week: WeekRange;
  bands: PaceBands;
  /** The viewer's reps (or the one filtered), as the weekly orders them. */
  reps: RepWeek[];
  /** The follow-ups the weekly counts overdue, most overdue first, with the contact and store. */
  overdue: OverdueRow[];
  filter: { id: number; name: string }[];
};

export type OverdueRow = FollowUp & { repId: number; repName: string; contactName: string; storeId: number; storeName: string; storeClass: StoreClass };

/**
 * One round trip, whatever the number of reps: the weekly's own selects and the month's context (the
 * same plan as the summary's, keyed by the viewer's reps instead of a manager's team), and the reps
 * to filter by. The figures are the weekly's by construction.
 */
export async function loadWeekFigures(db: Db, viewer: Viewer, q: { week: WeekRange; repId?: number }): Promise<WeekFigures> {
  const plan = joinPlans({
    context: monthContextPlan(db),
    weekly: batchPlan(weekSelects(db, viewer, q.week, q.repId)),
    filter: batchPlan({ reps: teamRepsSelect(db, viewer, { limit: FILTER_REPS, offset: 0 }) }),
  });
  const { context, weekly, filter } = await runPlan(db, plan);
  const rows: TeamWeekRows = { ...weekly, managers: [], context };
  const reps = [...repWeeks(rows, q.week).values()];
  const repName = new Map(reps.map((r) => [r.rep.id, r.rep.name]));
  const contact = new Map(weekly.followUpContacts.map((c) => [Number(c.id), c]));
  const overdue = overdueFollowUps(rows, q.week)
    .flatMap((f) => {
      const c = contact.get(f.contactId);
      if (!c) return [];
      return [{ ...f, repName: repName.get(f.repId) ?? "", contactName: c.name, storeId: Number(c.storeId), storeName: c.storeName, storeClass: c.storeClass }];
    })
    .sort((a, b) => b.daysOverdue - a.daysOverdue || a.repName.localeCompare(b.repName) || a.contactId - b.contactId);
  return { week: q.week, bands: context.policy.paceBands, reps, overdue, filter: filter.reps.map((x) => ({ id: x.id, name: x.name })) };
}
