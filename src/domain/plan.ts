// Today's plan (SPEC §3 "A plan for today"): a bounded list of visits, calls and messages for one
// rep, chosen from what is owed. Pure: the caller passes the day's state.
//
// One item per store and channel: every reason the store is owed that channel today (a follow-up, a
// festival action, the month's pace) is one item with all its reasons, so a store with two reasons
// takes one slot. Order of choice:
// 1. must-dos: birthday and life-event follow-ups due or overdue today (R6–R8), then the missing
//    actions of festivals whose window is open (R4, R5). They may fill the whole bound.
// 2. routine contacts for the open quota gaps (R1–R3), per channel, ranked by urgency, then class
//    (A first), then days since the last contact (never or long ago first), then store id. Each
//    channel has its own size: what the month still needs of it per remaining working day, within
//    the channel's capacity (policy.digest.planCapacity: a call does not take a visit's travel time).
// The whole list holds at most `maxItems` (policy.digest.maxPlanItems). Items the rep skipped today
// are left out, and a store skipped as closed is left out for `closedDays` days (plan_skips).
import { addDays, daysBetween } from "./dates.ts";
import type { DueFestival, FestivalCoverage } from "./coverage.ts";
import type { FollowUp, FollowUpKind } from "./follow-ups.ts";
import type { PaceRow, StoreRef } from "./pace.ts";
import type { FestivalAction } from "./policy.ts";
import { QUOTA_CHANNELS, type Channel, type LocalDate, type Occasion, type QuotaChannel, type StoreClass } from "./types.ts";

/** Why a rep skipped a planned item (the /today form; the manager reads them on the rep's page). */
export const SKIP_REASONS = ["closed", "owner_away", "not_logged", "other"] as const;
export type SkipReason = (typeof SKIP_REASONS)[number];

/** A skip as the plan reads it: the store, the channel and the rep's local day. */
export type PlanSkip = { storeId: number; channel: Channel; localDate: LocalDate; reason: SkipReason };

/** A must-do reason: a follow-up (R6–R8) or a festival action (R4, R5). */
export type PlanReason =
  | { kind: "follow_up"; contactId: number; lifeEventId?: number; followUp: { kind: FollowUpKind; status: FollowUp["status"]; dueDate: LocalDate; daysOverdue: number } }
  | { kind: "festival"; festivalKey: string; action: FestivalAction };

/** One item: a store and a channel, with everything the quick-log link (`/log?storeId=…&channel=…`) needs. */
export type PlanTask = {
  storeId: number;
  channel: Channel;
  storeClass: StoreClass;
  /** The first must-do reason's contact, occasion and keys (what the log link prefills); routine otherwise. */
  contactId?: number;
  occasion: Occasion;
  festivalKey?: string;
  lifeEventId?: number;
  /** The must-do reasons, most pressing first; empty for a routine contact. */
  reasons: PlanReason[];
  /** The month's count on this channel while the store still has a gap on it (R1–R3). */
  pace?: { done: number; required: number; behind: boolean; urgency: number };
  /** null when there is no contact within the look-back (or ever). */
  daysSinceLastContact: number | null;
};

export type PlanGroup = "visit" | "phone" | "message" | "other";

/** Visits in one area (the district of the address, else the city), in the order of their most pressing visit. */
export type PlanArea = { area: string; tasks: PlanTask[] };

export type Plan = {
  /** Routine items each channel has room for today (its pace within its capacity). */
  limits: Record<QuotaChannel, number>;
  /** Every item, most pressing first. */
  tasks: PlanTask[];
  /** The same items by what the rep does: visits (by area), calls, messages. */
  groups: Record<PlanGroup, PlanTask[]>;
  areas: PlanArea[];
};

export type PlanStore = StoreRef & { city?: string | null; address?: string | null };

export type PlanFestival = Pick<DueFestival, "windowOpen"> & {
  occurrence: { key: string; date: LocalDate };
  coverage: Pick<FestivalCoverage, "stores">;
};

export type PlanInput = {
  today: LocalDate;
  /** Routine contacts are planned on working days only; follow-ups and open festivals every day. */
  workingDay: boolean;
  maxItems: number;
  /** The most routine items of each channel a day holds (policy.digest.planCapacity). */
  capacity: Record<QuotaChannel, number>;
  /** What the month still needs of each channel per remaining working day. */
  neededPerDay: Record<QuotaChannel, number>;
  stores: readonly PlanStore[];
  gaps: readonly Pick<PaceRow, "storeId" | "storeClass" | "channel" | "urgency" | "isBehind" | "met" | "done" | "required">[];
  /** Open follow-ups with the store of their contact. */
  followUps: readonly (FollowUp & { storeId: number })[];
  festivals: readonly PlanFestival[];
  /** The last day each store was contacted (within the look-back). */
  lastContact: ReadonlyMap<number, LocalDate>;
  /** The rep's skips of the last `closedDays` days (more are harmless). */
  skips?: readonly PlanSkip[];
  /** Days a store skipped as closed stays out of the plan, the day of the skip included. */
  closedDays?: number;
};

const CLASS_RANK: Record<StoreClass, number> = { A: 0, B: 1, C: 2 };
// A gift visit is the hardest to fit into a day: list it first among a festival's actions.
const ACTION_RANK: Record<FestivalAction, number> = { visit_with_gift: 0, visit: 1, phone: 2, message: 3 };
const ACTION_CHANNEL: Record<FestivalAction, QuotaChannel> = { visit_with_gift: "visit", visit: "visit", phone: "phone", message: "message" };
// Floating-point urgencies of equal gaps may differ in the last bits; treat them as equal.
const EPSILON = 1e-9;

/** Routine items per channel today: the month's need per remaining working day, rounded up, within [0, capacity]. */
export function planLimits(input: Pick<PlanInput, "capacity" | "neededPerDay">): Record<QuotaChannel, number> {
  const out = {} as Record<QuotaChannel, number>;
  for (const ch of QUOTA_CHANNELS) {
    const cap = Math.max(0, Math.floor(input.capacity[ch]));
    const need = input.neededPerDay[ch];
    out[ch] = Number.isFinite(need) ? Math.min(cap, Math.max(0, Math.ceil(need - EPSILON))) : cap;
  }
  return out;
}

/**
 * The area of a store for grouping visits: the district (区, 县, 旗, or a county-level 市) read from a
 * Chinese address after the province and the city ("长沙市岳麓区麓山路 12 号" → 岳麓区), else the city.
 */
export function areaOf(address: string | null | undefined, city: string | null | undefined): string {
  const a = (address ?? "").replace(/\s+/g, "");
  const c = (city ?? "").trim();
  const m = /^(?:[^省]{2,7}省|[^区]{2,10}自治区)?(?:[^市]{1,8}?(?:市|自治州))?([^省市区县旗路街道号]{1,8}?(?:区|县|旗|市))/.exec(a);
  // An address without a district reads its city as one ("长沙市五一大道…"): that is the city.
  return m && m[1] !== `${c}市` ? m[1]! : c;
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

const byDate = (a: LocalDate, b: LocalDate) => (a < b ? -1 : a > b ? 1 : 0);

export function todaysPlan(input: PlanInput): Plan {
  const max = Math.max(0, Math.floor(input.maxItems));
  const limits = planLimits(input);
  const storeOf = new Map(input.stores.map((s) => [s.id, s]));
  const since = (storeId: number) => daysSince(input.lastContact, storeId, input.today);

  // Skipped today: that store and channel; skipped as closed lately: the whole store.
  const closedFrom = addDays(input.today, -Math.max(1, input.closedDays ?? 1) + 1);
  const skipped = new Set<string>();
  const closed = new Set<number>();
  for (const s of input.skips ?? []) {
    if (s.localDate > input.today) continue;
    if (s.localDate === input.today) skipped.add(`${s.storeId}:${s.channel}`);
    if (s.reason === "closed" && s.localDate >= closedFrom) closed.add(s.storeId);
  }
  const open = (storeId: number, channel: Channel) => storeOf.has(storeId) && !closed.has(storeId) && !skipped.has(`${storeId}:${channel}`);

  // 1a. Follow-ups due or overdue (R6–R8); upcoming ones wait for their day.
  const must: { storeId: number; channel: Channel; reason: PlanReason }[] = input.followUps
    .filter((f) => f.status !== "upcoming" && open(f.storeId, f.requiredChannel))
    .sort((a, b) => byDate(a.dueDate, b.dueDate) || a.contactId - b.contactId || (a.lifeEventId ?? 0) - (b.lifeEventId ?? 0))
    .map((f) => ({
      storeId: f.storeId,
      channel: f.requiredChannel,
      reason: {
        kind: "follow_up",
        contactId: f.contactId,
        ...(f.lifeEventId !== undefined ? { lifeEventId: f.lifeEventId } : {}),
        followUp: { kind: f.kind, status: f.status, dueDate: f.dueDate, daysOverdue: f.daysOverdue },
      },
    }));

  // 1b. Missing festival actions while the window is open (R4, R5): earliest festival first, then
  // A stores, then the store left alone longest.
  const festival: { storeId: number; channel: QuotaChannel; reason: PlanReason & { kind: "festival" }; date: LocalDate; storeClass: StoreClass; since: number | null }[] = [];
  for (const f of input.festivals) {
    if (!f.windowOpen) continue;
    for (const s of f.coverage.stores) {
      if (s.covered) continue;
      for (const action of s.missing) {
        if (!open(s.storeId, ACTION_CHANNEL[action])) continue;
        festival.push({
          storeId: s.storeId,
          channel: ACTION_CHANNEL[action],
          reason: { kind: "festival", festivalKey: f.occurrence.key, action },
          date: f.occurrence.date,
          storeClass: s.storeClass,
          since: since(s.storeId),
        });
      }
    }
  }
  festival.sort(
    (a, b) =>
      byDate(a.date, b.date) ||
      CLASS_RANK[a.storeClass] - CLASS_RANK[b.storeClass] ||
      bySince(a.since, b.since) ||
      a.storeId - b.storeId ||
      ACTION_RANK[a.reason.action] - ACTION_RANK[b.reason.action],
  );

  // Merge by store and channel: the first reason makes the item, later ones join it.
  const items = new Map<string, PlanTask>();
  for (const m of [...must, ...festival]) {
    const key = `${m.storeId}:${m.channel}`;
    const item = items.get(key);
    if (item) {
      item.reasons.push(m.reason);
      continue;
    }
    if (items.size >= max) continue;
    const r = m.reason;
    items.set(key, {
      storeId: m.storeId,
      channel: m.channel,
      storeClass: storeOf.get(m.storeId)!.class,
      ...(r.kind === "follow_up"
        ? { contactId: r.contactId, occasion: r.followUp.kind === "birthday" ? "birthday" : "life_event", ...(r.lifeEventId !== undefined ? { lifeEventId: r.lifeEventId } : {}) }
        : { occasion: "festival", festivalKey: r.festivalKey }),
      reasons: [r],
      daysSinceLastContact: since(m.storeId),
    });
  }

  // The month's count joins every item of a channel with a gap (the line says "本月拜访 1/4").
  for (const g of input.gaps) {
    const item = items.get(`${g.storeId}:${g.channel}`);
    if (item && !g.met) item.pace = { done: g.done, required: g.required, behind: g.isBehind, urgency: g.urgency };
  }

  // 2. Routine contacts for quota gaps, per channel: none at a store already contacted today (one
  // contact per store and channel a day is what pace assumes).
  const contactedToday = new Set<number>();
  for (const [storeId, last] of input.lastContact) if (last >= input.today) contactedToday.add(storeId);
  // A visit or a call, not both: a store gets the more urgent of the two (a tie: the visit), and
  // neither where a must-do already visits or calls it. Messages go alongside.
  const talk = new Map<number, { channel: QuotaChannel; urgency: number }>();
  for (const g of input.gaps) {
    if (g.met || (g.channel !== "visit" && g.channel !== "phone")) continue;
    const t = talk.get(g.storeId);
    if (!t || g.urgency > t.urgency + EPSILON || (g.channel === "visit" && Math.abs(g.urgency - t.urgency) <= EPSILON)) talk.set(g.storeId, { channel: g.channel, urgency: g.urgency });
  }
  const talks = (g: { storeId: number; channel: QuotaChannel }) =>
    g.channel === "message" || (talk.get(g.storeId)?.channel === g.channel && !items.has(`${g.storeId}:visit`) && !items.has(`${g.storeId}:phone`));
  const candidates = input.gaps
    .filter((g) => !g.met && g.urgency > 0 && talks(g) && open(g.storeId, g.channel) && !contactedToday.has(g.storeId) && !items.has(`${g.storeId}:${g.channel}`))
    .map((g) => ({ g, since: since(g.storeId) }))
    .sort(
      (a, b) =>
        (Math.abs(b.g.urgency - a.g.urgency) > EPSILON ? b.g.urgency - a.g.urgency : 0) ||
        CLASS_RANK[a.g.storeClass] - CLASS_RANK[b.g.storeClass] ||
        bySince(a.since, b.since) ||
        a.g.storeId - b.g.storeId,
    );
  if (input.workingDay) {
    for (const ch of QUOTA_CHANNELS) {
      let room = limits[ch];
      for (const { g, since: s } of candidates) {
        if (room <= 0 || items.size >= max) break;
        if (g.channel !== ch) continue;
        room--;
        items.set(`${g.storeId}:${ch}`, {
          storeId: g.storeId,
          channel: ch,
          storeClass: g.storeClass,
          occasion: "routine",
          reasons: [],
          pace: { done: g.done, required: g.required, behind: g.isBehind, urgency: g.urgency },
          daysSinceLastContact: s,
        });
      }
    }
  }

  const tasks = [...items.values()];
  const groups = groupTasks(tasks);
  const areaKey = (id: number) => areaOf(storeOf.get(id)?.address, storeOf.get(id)?.city);
  const areas = new Map<string, PlanTask[]>();
  for (const t of groups.visit) {
    const a = areaKey(t.storeId);
    areas.set(a, [...(areas.get(a) ?? []), t]);
  }
  // Visits are listed area by area, so the group's order is the areas' order.
  groups.visit = [...areas.values()].flat();
  return { limits, tasks, groups, areas: [...areas].map(([area, list]) => ({ area, tasks: list })) };
}

/** Items by what the rep does, each in priority order. */
export function groupTasks(tasks: readonly PlanTask[]): Record<PlanGroup, PlanTask[]> {
  const groups: Record<PlanGroup, PlanTask[]> = { visit: [], phone: [], message: [], other: [] };
  for (const t of tasks) {
    const g: PlanGroup = t.channel === "visit" || t.channel === "phone" || t.channel === "message" ? t.channel : "other";
    groups[g].push(t);
  }
  return groups;
}
