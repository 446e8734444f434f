// Today's plan (SPEC §3 "A plan for today"): a bounded list of visits, calls and messages for one
// rep, chosen from what is owed. Pure: the caller passes the day's state.
//
// Order of choice:
// 1. must-dos: birthday and life-event follow-ups due or overdue today (R6–R8), then the missing
//    actions of festivals whose window is open (R4, R5). They may fill the whole bound.
// 2. routine contacts for the open quota gaps (R1–R3), one per store, ranked by urgency, then class
//    (A first), then days since the last contact (never or long ago first), then store id.
// The list holds at most `maxItems` (policy.digest.maxPlanItems); routine contacts fill it only up to
// the rep's typical daily volume (their average contacts per working day this month, or what the
// month still needs per day before they have a history), never below a small floor.
import { daysBetween } from "./dates.ts";
import type { DueFestival, FestivalCoverage } from "./coverage.ts";
import type { FollowUp, FollowUpKind } from "./follow-ups.ts";
import type { PaceRow, StoreRef } from "./pace.ts";
import type { FestivalAction } from "./policy.ts";
import type { Channel, LocalDate, Occasion, QuotaChannel, StoreClass } from "./types.ts";

/** The fewest tasks a plan proposes when there is enough to do (a quiet rep still gets a real plan). */
export const PLAN_MIN_ITEMS = 5;

export type PlanReason = "follow_up" | "festival" | "pace";

/** One task, with everything the quick-log link (`/log?storeId=…&channel=…`) needs. */
export type PlanTask = {
  storeId: number;
  contactId?: number;
  channel: Channel;
  occasion: Occasion;
  festivalKey?: string;
  lifeEventId?: number;
  reason: PlanReason;
  storeClass: StoreClass;
  /** Follow-ups: birthday or the life event's kind, with its state. */
  followUp?: { kind: FollowUpKind; status: FollowUp["status"]; dueDate: LocalDate; daysOverdue: number };
  /** Festival tasks: the action owed (a visit may have to bring a gift, R4). */
  festivalAction?: FestivalAction;
  /** Pace tasks: the gap's urgency and whether the store is behind on that channel. */
  urgency?: number;
  behind?: boolean;
  /** null when there is no contact within the look-back (or ever). */
  daysSinceLastContact: number | null;
};

export type PlanGroup = "visit" | "phone" | "message" | "other";

export type Plan = {
  /** How many routine tasks the rep's volume allows today. */
  limit: number;
  /** Every task, most pressing first. */
  tasks: PlanTask[];
  /** The same tasks by what the rep does: visits (clustered by city), calls, messages. */
  groups: Record<PlanGroup, PlanTask[]>;
};

export type PlanStore = StoreRef & { city?: string | null };

export type PlanFestival = Pick<DueFestival, "windowOpen"> & {
  occurrence: { key: string; date: LocalDate };
  coverage: Pick<FestivalCoverage, "stores">;
};

export type PlanInput = {
  today: LocalDate;
  /** Routine contacts are planned on working days only; follow-ups and open festivals every day. */
  workingDay: boolean;
  maxItems: number;
  /** Average quota contacts per working day before today; null without any working day yet. */
  dailyVolume: number | null;
  /** What the month still needs per remaining working day, the size before the rep has a history. */
  neededPerDay: number;
  stores: readonly PlanStore[];
  gaps: readonly Pick<PaceRow, "storeId" | "storeClass" | "channel" | "urgency" | "isBehind" | "met">[];
  /** Open follow-ups with the store of their contact. */
  followUps: readonly (FollowUp & { storeId: number })[];
  festivals: readonly PlanFestival[];
  /** The last day each store was contacted (within the look-back). */
  lastContact: ReadonlyMap<number, LocalDate>;
};

const CLASS_RANK: Record<StoreClass, number> = { A: 0, B: 1, C: 2 };
const CHANNEL_RANK: Record<QuotaChannel, number> = { visit: 0, phone: 1, message: 2 };
// A gift visit is the hardest to fit into a day: list it first among a festival's actions.
const ACTION_RANK: Record<FestivalAction, number> = { visit_with_gift: 0, visit: 1, phone: 2, message: 3 };
const ACTION_CHANNEL: Record<FestivalAction, QuotaChannel> = { visit_with_gift: "visit", visit: "visit", phone: "phone", message: "message" };
// Floating-point urgencies of equal gaps may differ in the last bits; treat them as equal.
const EPSILON = 1e-9;

/** How many routine tasks today: the typical volume, within [floor, maxItems]. */
export function planLimit(input: Pick<PlanInput, "maxItems" | "dailyVolume" | "neededPerDay">): number {
  const max = Math.max(0, Math.floor(input.maxItems));
  const floor = Math.min(PLAN_MIN_ITEMS, max);
  const typical = input.dailyVolume ?? input.neededPerDay;
  const n = Number.isFinite(typical) ? Math.round(typical) : max;
  return Math.min(max, Math.max(floor, n));
}

function daysSince(lastContact: ReadonlyMap<number, LocalDate>, storeId: number, today: LocalDate): number | null {
  const last = lastContact.get(storeId);
  return last === undefined ? null : Math.max(0, daysBetween(last, today));
}

/** Longer since the last contact first; no contact at all comes before any date. */
function bySince(a: number | null, b: number | null): number {
  if (a === b) return 0;
  if (a === null) return -1;
  if (b === null) return 1;
  return b - a;
}

export function todaysPlan(input: PlanInput): Plan {
  const max = Math.max(0, Math.floor(input.maxItems));
  const limit = planLimit(input);
  const classOf = new Map(input.stores.map((s) => [s.id, s.class]));
  const cityOf = new Map(input.stores.map((s) => [s.id, s.city ?? ""]));
  const since = (storeId: number) => daysSince(input.lastContact, storeId, input.today);

  // 1a. Follow-ups due or overdue (R6–R8); upcoming ones wait for their day.
  const followUps: PlanTask[] = input.followUps
    .filter((f) => f.status !== "upcoming" && classOf.has(f.storeId))
    .sort((a, b) => (a.dueDate < b.dueDate ? -1 : a.dueDate > b.dueDate ? 1 : 0) || a.contactId - b.contactId || (a.lifeEventId ?? 0) - (b.lifeEventId ?? 0))
    .map((f) => ({
      storeId: f.storeId,
      contactId: f.contactId,
      channel: f.requiredChannel,
      occasion: f.kind === "birthday" ? "birthday" : "life_event",
      ...(f.lifeEventId !== undefined ? { lifeEventId: f.lifeEventId } : {}),
      reason: "follow_up",
      storeClass: classOf.get(f.storeId)!,
      followUp: { kind: f.kind, status: f.status, dueDate: f.dueDate, daysOverdue: f.daysOverdue },
      daysSinceLastContact: since(f.storeId),
    }));

  // 1b. Missing festival actions while the window is open (R4, R5): earliest festival first, then
  // A stores, then the store left alone longest.
  const festivalTasks: (PlanTask & { date: LocalDate })[] = [];
  for (const f of input.festivals) {
    if (!f.windowOpen) continue;
    for (const s of f.coverage.stores) {
      if (s.covered || !classOf.has(s.storeId)) continue;
      for (const action of s.missing) {
        festivalTasks.push({
          storeId: s.storeId,
          channel: ACTION_CHANNEL[action],
          occasion: "festival",
          festivalKey: f.occurrence.key,
          reason: "festival",
          storeClass: s.storeClass,
          festivalAction: action,
          daysSinceLastContact: since(s.storeId),
          date: f.occurrence.date,
        });
      }
    }
  }
  festivalTasks.sort(
    (a, b) =>
      (a.date < b.date ? -1 : a.date > b.date ? 1 : 0) ||
      CLASS_RANK[a.storeClass] - CLASS_RANK[b.storeClass] ||
      bySince(a.daysSinceLastContact, b.daysSinceLastContact) ||
      a.storeId - b.storeId ||
      ACTION_RANK[a.festivalAction!] - ACTION_RANK[b.festivalAction!],
  );

  const mustDo: PlanTask[] = [...followUps, ...festivalTasks.map(({ date: _date, ...t }) => t)].slice(0, max);

  // 2. Routine contacts for quota gaps: one per store, none where the rep already has a task today
  // or has already been today (one contact per store and channel a day is what pace assumes).
  const taken = new Set(mustDo.map((t) => t.storeId));
  for (const [storeId, last] of input.lastContact) if (last >= input.today) taken.add(storeId);
  const room = input.workingDay ? Math.max(0, Math.min(limit, max) - mustDo.length) : 0;
  const candidates = input.gaps
    .filter((g) => !g.met && g.urgency > 0 && classOf.has(g.storeId) && !taken.has(g.storeId))
    .map((g) => ({ g, since: since(g.storeId) }))
    .sort(
      (a, b) =>
        (Math.abs(b.g.urgency - a.g.urgency) > EPSILON ? b.g.urgency - a.g.urgency : 0) ||
        CLASS_RANK[a.g.storeClass] - CLASS_RANK[b.g.storeClass] ||
        bySince(a.since, b.since) ||
        a.g.storeId - b.g.storeId ||
        CHANNEL_RANK[a.g.channel] - CHANNEL_RANK[b.g.channel],
    );
  const routine: PlanTask[] = [];
  for (const { g, since: s } of candidates) {
    if (routine.length >= room) break;
    if (taken.has(g.storeId)) continue;
    taken.add(g.storeId);
    routine.push({
      storeId: g.storeId,
      channel: g.channel,
      occasion: "routine",
      reason: "pace",
      storeClass: g.storeClass,
      urgency: g.urgency,
      behind: g.isBehind,
      daysSinceLastContact: s,
    });
  }

  const tasks = [...mustDo, ...routine];
  return { limit, tasks, groups: groupTasks(tasks, cityOf) };
}

/** Visits clustered by city (cities in the order of their most pressing visit), calls, messages. */
export function groupTasks(tasks: readonly PlanTask[], cityOf: ReadonlyMap<number, string> = new Map()): Record<PlanGroup, PlanTask[]> {
  const groups: Record<PlanGroup, PlanTask[]> = { visit: [], phone: [], message: [], other: [] };
  for (const t of tasks) {
    const g: PlanGroup = t.channel === "visit" || t.channel === "phone" || t.channel === "message" ? t.channel : "other";
    groups[g].push(t);
  }
  const cityRank = new Map<string, number>();
  for (const t of groups.visit) {
    const city = cityOf.get(t.storeId) ?? "";
    if (!cityRank.has(city)) cityRank.set(city, cityRank.size);
  }
  // Array.prototype.sort is stable: within a city the priority order stays.
  groups.visit.sort((a, b) => cityRank.get(cityOf.get(a.storeId) ?? "")! - cityRank.get(cityOf.get(b.storeId) ?? "")!);
  return groups;
}
