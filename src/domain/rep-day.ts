// A rep's day (SPEC §6 rep digest, the /today page): everything the month's rules say about one rep
// on one date, computed from rows loaded once (services/rep-month.ts). Pure, no I/O.
import type { Birthday } from "./calendar/birthdays.ts";
import { festivalsAround } from "./calendar/festivals.ts";
import { festivalTasks, type DueFestival, type FestivalCoverage, type FestivalInteraction, type StoreCoverage } from "./coverage.ts";
import { addDays, monthBounds } from "./dates.ts";
import { openFollowUps, type FollowUp, type FollowUpInteraction, type LifeEventInput } from "./follow-ups.ts";
import { gapsByUrgency, monthPace, type InteractionCount, type MonthPace, type PaceRow, type StoreRef } from "./pace.ts";
import { todaysPlan, type Plan, type PlanSkip } from "./plan.ts";
import type { FestivalDef, Policy } from "./policy.ts";
import type { PaceBands } from "./pace-band.ts";
import { repRules, type RepActivityRow, type RepRules } from "./rep-rules.ts";
import { QUOTA_CHANNELS, type LocalDate, type QuotaChannel } from "./types.ts";
import { countWorkingDays, isWorkingDay } from "./working-days.ts";
import { holds, holdingsAsOf, holdingsIn, type Holding } from "./holding.ts";
import { LAST_CONTACT_LOOKBACK_DAYS } from "./rep-month.ts";

/** The policy and festival definitions every rep of a batch shares. */
export type MonthContext = { policy: Policy; festivals: FestivalDef[] };

/**
 * A store the rep held this month: `holdings` are the stretches (holding.ts), `class` the last
 * one's, `since` the day anyone first held it (a store added lately reads "new").
 */
export type RepStore = StoreRef & { name: string; city: string | null; address?: string | null; phone: string | null; repId: number; holdings?: Holding[]; since?: LocalDate };

export type RepContact = {
  id: number;
  storeId: number;
  name: string;
  formOfAddress: string | null;
  phone: string | null;
  birthday: Birthday | null;
};

/** R6–R8 inputs: life events carry their contact's store so tasks can link to it. */
export type RepLifeEvent = LifeEventInput;

/** R17: an open slow-mover issue at one of the rep's stores. */
export type SlowMover = {
  id: number;
  storeId: number;
  interactionId: number;
  localDate: LocalDate;
  subject: string | null;
  detail: string;
  reason: string | null;
  action: string | null;
  /** The contact the note is about (its own link, else its visit's): the stored mail names them. */
  contactId?: number | null;
};

/** A recent on-site visit and how many of the six intel kinds (R12–R17) it recorded. */
export type RecentVisit = { interactionId: number; storeId: number; localDate: LocalDate; intelKinds: number };

/** R9–R11 rows, plus the quota contacts the rep logged before today (their daily volume). */
export type RepActivity = RepActivityRow & { contactsBeforeToday: number };

/** A plan item the rep skipped (plan_skips), with the note a manager reads. */
export type PlanSkipRow = PlanSkip & { id: number; note: string | null; createdAt: number };

/** Everything the month's rules need for one rep, as loaded by services/rep-month.ts. */
export type RepMonthData = MonthContext & {
  repId: number;
  today: LocalDate;
  month: string;
  stores: RepStore[];
  /** Contacts per store and channel, month start through today (R1–R3). */
  counts: InteractionCount[];
  activity: RepActivity[];
  /** Last contact per store within the look-back (no row: none in that time). */
  lastContact: { storeId: number; localDate: LocalDate }[];
  festivalInteractions: FestivalInteraction[];
  contacts: RepContact[];
  lifeEvents: RepLifeEvent[];
  followUpInteractions: FollowUpInteraction[];
  slowMovers: SlowMover[];
  /** How many open slow movers there are in all when `slowMovers` was read capped (absent: all were read). */
  slowMoversTotal?: number;
  /** The rep's visits of the last 7 days before today. */
  recentVisits: RecentVisit[];
  /** The month's visits through today by number of intel kinds recorded (0–6). */
  monthIntel: { kinds: number; visits: number }[];
  /** The rep's plan skips of the month and of the closed-store look-back, newest first. */
  skips: PlanSkipRow[];
};

export type FestivalDue = DueFestival & {
  coverage: FestivalCoverage;
  /** The stores still owing an action, A first. */
  uncovered: StoreCoverage[];
};

export type IntelSummary = {
  /** Intel items a complete visit has (policy.intelItemsPerVisit). */
  target: number;
  visits: number;
  /** Visits with at least `target` kinds. */
  complete: number;
  /** Share of the month's visits that were complete; null without visits. */
  rate: number | null;
};

export type RepDay = {
  repId: number;
  today: LocalDate;
  month: string;
  workingDay: boolean;
  pace: MonthPace;
  /** The policy's pace colours (pace-band.ts). */
  bands: PaceBands;
  rules: RepRules;
  /** Every open quota gap, most urgent first. */
  gaps: PaceRow[];
  /** Stores at least one contact behind pace, per channel, most urgent first. */
  behind: Record<QuotaChannel, PaceRow[]>;
  festivals: FestivalDue[];
  /** Open birthday and life-event follow-ups (upcoming, due and overdue), most pressing first. */
  followUps: (FollowUp & { storeId: number })[];
  slowMovers: SlowMover[];
  /** How many open slow movers the rep has in all (`slowMovers` may be the first of them). */
  slowMoversTotal: number;
  /** Last week's visits with fewer intel kinds than a complete visit has, newest first. */
  visitsMissingIntel: RecentVisit[];
  intel: IntelSummary;
  lastContact: Map<number, LocalDate>;
  /**
   * Stores first held within the last-contact look-back and never contacted in it: they read
   * "new" (新门店), not "no contact in 120 days".
   */
  newStores: Set<number>;
  /** The stores the rep holds today (the month's pace also counts those held earlier in it). */
  current: RepStore[];
  /** Average quota contacts per working day before today this month; null before the first one. */
  dailyVolume: number | null;
  /** Σ remaining contacts ÷ remaining working days: what keeps the month on track from today. */
  neededPerDay: number;
  /** The month's plan skips (the manager's list on the rep's page), newest first. */
  skips: PlanSkipRow[];
  plan: Plan;
};

const CLASS_RANK = { A: 0, B: 1, C: 2 } as const;

export function repDay(data: RepMonthData): RepDay {
  const { policy, today } = data;
  // The month's pace and R9–R11 count every store held in it, for the days held (prorated);
  // today's work (festivals, the plan) is about the stores held today.
  // Stretches as they stood that day (holdingsAsOf): a past day reads what was known then, as the weekly does.
  const asOf = data.stores.map((s) => (s.holdings ? { ...s, holdings: holdingsAsOf(s.holdings, today) } : s));
  const pace = monthPace(policy, today, asOf, data.counts, data.month);
  const stores = data.stores.filter((s) => !s.holdings || s.holdings.some((h) => holds(h, today)));
  const currentIds = new Set(stores.map((s) => s.id));
  const heldInMonth = asOf.filter((s) => !s.holdings || holdingsIn(s.holdings, data.month).length > 0);
  const rules = repRules(policy, today, heldInMonth, data.activity, data.month);
  const gaps = gapsByUrgency(pace.rows);
  const behind = Object.fromEntries(QUOTA_CHANNELS.map((ch) => [ch, gaps.filter((g) => g.channel === ch && g.isBehind)])) as Record<
    QuotaChannel,
    PaceRow[]
  >;

  const festivals: FestivalDue[] = festivalTasks(festivalsAround(data.festivals, today), today, stores, data.festivalInteractions).map((f) => ({
    ...f,
    uncovered: f.coverage.stores
      .filter((s) => !s.covered)
      .sort((a, b) => CLASS_RANK[a.storeClass] - CLASS_RANK[b.storeClass] || a.storeId - b.storeId),
  }));

  const storeOfContact = new Map(data.contacts.map((c) => [c.id, c.storeId]));
  const followUps = openFollowUps({
    today,
    rules: policy.followUps,
    contacts: data.contacts.map((c) => ({ contactId: c.id, birthday: c.birthday })),
    lifeEvents: data.lifeEvents,
    interactions: data.followUpInteractions,
  }).flatMap((f) => {
    const storeId = storeOfContact.get(f.contactId);
    return storeId === undefined ? [] : [{ ...f, storeId }];
  });

  const target = policy.intelItemsPerVisit;
  const visitsMissingIntel = data.recentVisits
    .filter((v) => v.intelKinds < target)
    .sort((a, b) => (a.localDate < b.localDate ? 1 : a.localDate > b.localDate ? -1 : b.interactionId - a.interactionId));
  let visits = 0;
  let complete = 0;
  for (const h of data.monthIntel) {
    visits += h.visits;
    if (h.kinds >= target) complete += h.visits;
  }

  const lastContact = new Map(data.lastContact.map((l) => [l.storeId, l.localDate]));
  const recent = addDays(today, -LAST_CONTACT_LOOKBACK_DAYS);
  const newStores = new Set(data.stores.filter((s) => s.since !== undefined && s.since > recent && !lastContact.has(s.id)).map((s) => s.id));
  const { first } = monthBounds(data.month);
  const workedBefore = today > first ? countWorkingDays(policy, first, addDays(today, -1)) : 0;
  const contactsBefore = data.activity.reduce((n, a) => n + a.contactsBeforeToday, 0);
  const dailyVolume = workedBefore > 0 ? contactsBefore / workedBefore : null;
  const remaining = QUOTA_CHANNELS.reduce((n, ch) => n + pace.headline[ch].remaining, 0);
  const neededPerDay = remaining / Math.max(1, pace.clock.remainingWorkingDays);
  const workingDay = isWorkingDay(policy, today);

  // Each channel's pace for the plan: what the stores held today still need of it per working day left.
  const currentGaps = gaps.filter((g) => currentIds.has(g.storeId));
  const perChannel = Object.fromEntries(QUOTA_CHANNELS.map((ch) => [ch, 0])) as Record<QuotaChannel, number>;
  for (const g of currentGaps) perChannel[g.channel] += g.remaining;
  for (const ch of QUOTA_CHANNELS) perChannel[ch] /= Math.max(1, pace.clock.remainingWorkingDays);

  const plan = todaysPlan({
    today,
    workingDay,
    maxItems: policy.digest.maxPlanItems,
    capacity: policy.digest.planCapacity,
    neededPerDay: perChannel,
    stores,
    gaps: currentGaps,
    followUps,
    festivals,
    lastContact,
    skips: data.skips,
    closedDays: policy.digest.skipClosedDays,
  });

  return {
    repId: data.repId,
    today,
    month: data.month,
    workingDay,
    pace,
    bands: policy.paceBands,
    rules,
    gaps,
    behind,
    festivals,
    followUps,
    slowMovers: data.slowMovers,
    slowMoversTotal: Math.max(data.slowMoversTotal ?? 0, data.slowMovers.length),
    visitsMissingIntel,
    intel: { target, visits, complete, rate: visits > 0 ? complete / visits : null },
    lastContact,
    newStores,
    current: stores,
    dailyVolume,
    neededPerDay,
    skips: data.skips.filter((s) => s.localDate >= first),
    plan,
  };
}

/** An empty month for a rep without rows (a new rep, or one whose stores were all moved). */
export function emptyRepMonth(context: MonthContext, repId: number, today: LocalDate, month: string): RepMonthData {
  return {
    ...context,
    repId,
    today,
    month,
    stores: [],
    counts: [],
    activity: [],
    lastContact: [],
    festivalInteractions: [],
    contacts: [],
    lifeEvents: [],
    followUpInteractions: [],
    slowMovers: [],
    recentVisits: [],
    monthIntel: [],
    skips: [],
  };
}
