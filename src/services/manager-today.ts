// A manager's /today (issue 13.4): what to do about the team today — reps falling behind and by how
// much, the team's overdue follow-ups (R6–R8), festival coverage gaps with the days left (R4, R5),
// and stores about to go NEGLECT_DAYS without contact. Computed by the month loader the pages use
// (services/rep-month.ts → domain/rep-day.ts), so the numbers are /team's. Two round trips whatever
// the team's size: the policy, festivals and reps, then every rep's month in one batch. /today joins
// the first with the manager's own digest and its session check (managerTodayPlan).
import type { Db } from "../db/client.ts";
import { batchPlan, runPlan, type Rows } from "../db/batch.ts";
import { contextQueries, monthContextOf } from "../db/queries/month-context.ts";
import { teamRepsSelect } from "../db/queries/team.ts";
import type { Viewer } from "../auth/identity.ts";
import { daysBetween, localDateOf } from "../domain/dates.ts";
import { overallBand, type PaceBand } from "../domain/pace-band.ts";
import { repDay } from "../domain/rep-day.ts";
import type { FollowUp } from "../domain/follow-ups.ts";
import type { FestivalOccurrence } from "../domain/policy.ts";
import { NEGLECT_DAYS } from "../domain/team-week.ts";
import { QUOTA_CHANNELS, type LocalDate, type StoreClass } from "../domain/types.ts";
import { loadRepMonths } from "./rep-month.ts";

/** Reps read at once (one loader batch): a team is far smaller. */
const MAX_REPS = 200;
/** "About to go NEGLECT_DAYS without contact": within this many days of it. */
export const QUIET_WARNING_DAYS = 7;

type RepRef = { id: number; name: string };
type StoreRef = { id: number; name: string; storeClass: StoreClass };

export type ManagerToday = {
  today: LocalDate;
  reps: number;
  /** Reps off pace over the three quota channels, furthest behind first; `short`: whole contacts short of expected. */
  behind: { rep: RepRef; band: Exclude<PaceBand, "on_pace">; ratio: number; short: number }[];
  /** Overdue follow-ups of the team's contacts, most overdue first. */
  overdue: { rep: RepRef; store: StoreRef; contactName: string; followUp: FollowUp }[];
  /** Festivals in their window or lead-up with stores not yet covered, per rep. */
  festivals: { rep: RepRef; festival: Pick<FestivalOccurrence, "key" | "name" | "date" | "windowEnd">; daysLeft: number; uncovered: number; total: number }[];
  /** Stores whose last contact was NEGLECT_DAYS − QUIET_WARNING_DAYS to NEGLECT_DAYS − 1 days ago, soonest first. */
  quiet: { rep: RepRef; store: StoreRef; last: LocalDate; daysLeft: number }[];
};

/** The first round trip's reads (the policy, festivals and the team's reps), to join with a page's own. */
export function managerTodayPlan(db: Db, viewer: Viewer) {
  return batchPlan(firstQueries(db, viewer));
}

function firstQueries(db: Db, viewer: Viewer) {
  return { ...contextQueries(db), reps: teamRepsSelect(db, viewer, { limit: MAX_REPS, offset: 0 }) };
}

type FirstRows = Rows<ReturnType<typeof firstQueries>>;

export async function loadManagerToday(db: Db, viewer: Viewer, now: number): Promise<ManagerToday> {
  return managerTodayFrom(db, viewer, now, await runPlan(db, managerTodayPlan(db, viewer)));
}

/** The rest from the first round trip's rows: the team's months (the second round trip), judged. */
export async function managerTodayFrom(db: Db, viewer: Viewer, now: number, rows: FirstRows): Promise<ManagerToday> {
  const context = monthContextOf(rows);
  const today = localDateOf(now, context.policy.timeZone);
  const months = await loadRepMonths(
    db,
    rows.reps.map((r) => r.id),
    today,
    { context, viewer },
  );
  const out: ManagerToday = { today, reps: 0, behind: [], overdue: [], festivals: [], quiet: [] };
  for (const r of rows.reps) {
    const data = months.get(r.id)!;
    if (!r.active && data.stores.length === 0) continue;
    out.reps += 1;
    const rep = { id: r.id, name: r.name };
    const day = repDay(data);
    const store = new Map(data.stores.map((s) => [s.id, { id: s.id, name: s.name, storeClass: s.class }]));
    const channels = QUOTA_CHANNELS.map((ch) => ({ done: day.pace.headline[ch].credited, expected: day.pace.headline[ch].expectedByToday }));
    // The same totals decide the band and the shortfall, so a rep off pace is always a contact or more short.
    const { band, ratio, short } = overallBand(channels, day.bands);
    if (band !== "on_pace" && ratio !== null) out.behind.push({ rep, band, ratio, short });
    const contactName = new Map(data.contacts.map((c) => [c.id, c.name]));
    for (const f of day.followUps) {
      const s = store.get(f.storeId);
      if (f.status === "overdue" && s) out.overdue.push({ rep, store: s, contactName: contactName.get(f.contactId) ?? "", followUp: f });
    }
    for (const f of day.festivals) {
      const { total } = f.coverage;
      if (total.covered >= total.stores) continue;
      const o = f.occurrence;
      out.festivals.push({
        rep,
        festival: { key: o.key, name: o.name, date: o.date, windowEnd: o.windowEnd },
        daysLeft: Math.max(0, daysBetween(today, o.windowEnd)),
        uncovered: total.stores - total.covered,
        total: total.stores,
      });
    }
    for (const s of day.current) {
      const last = day.lastContact.get(s.id);
      if (!last) continue; // never contacted in the look-back: the weekly's neglected list, not "about to"
      const since = daysBetween(last, today);
      if (since >= NEGLECT_DAYS - QUIET_WARNING_DAYS && since < NEGLECT_DAYS) {
        out.quiet.push({ rep, store: { id: s.id, name: s.name, storeClass: s.class }, last, daysLeft: NEGLECT_DAYS - since });
      }
    }
  }
  out.behind.sort((a, b) => a.ratio - b.ratio || a.rep.name.localeCompare(b.rep.name));
  out.overdue.sort((a, b) => b.followUp.daysOverdue - a.followUp.daysOverdue || a.store.id - b.store.id);
  out.festivals.sort((a, b) => a.daysLeft - b.daysLeft || b.uncovered - a.uncovered);
  out.quiet.sort((a, b) => a.daysLeft - b.daysLeft || a.store.id - b.store.id);
  return out;
}
