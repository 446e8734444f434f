// The rep-level rules of a month (R9–R11), paced like the store quotas: the expectation by today is
// the target × working days elapsed / working days in the month (see pace.ts). "critical" keeps the
// quotas' measure of feasibility, one per eligible store and working day: R9 and R10 at any of the
// rep's stores, R11 at their A stores (so a rep without A stores is critical on R11 from day one).
//
// Proration (issue 11), by the rule of the quotas (proratedQuota: round(target × working days held ÷
// working days in the month), at least 1 while a working day is held):
// - R10's target is the sum of the stores' class targets, so each store owes its class's target
//   prorated over each stretch it was held in that class, and is paced over the days held, as R1–R3;
// - R9 and R11 are per rep, but a rep can only do them while holding stores (R11: A stores), so
//   their targets are prorated by the working days on which the rep held at least one store (R11:
//   one A store). A rep who held none all month keeps the whole target, as before: there is nothing
//   to prorate by, and the rule reads critical.
// Stores without holdings are held all month.
import { addDays, monthBounds, monthOf } from "./dates.ts";
import { heldWorkingDays, holdingDays, holds, type Holding } from "./holding.ts";
import { expectedByToday, holdingClock, paceClock, paceOf, paceWith, proratedQuota, type Pace, type PaceClock, type StoreRef } from "./pace.ts";
import type { Policy } from "./policy.ts";
import type { LocalDate, StoreClass } from "./types.ts";
import { isWorkingDay, type WorkingDayPolicy } from "./working-days.ts";

/**
 * One row per store of a single aggregate over the rep's interactions of the month through today:
 * `SELECT store_id, sum(asked_help), sum(problem_solved IS NOT NULL), sum(<formal training>) …
 * GROUP BY store_id`. As in pace.ts, rows that carry `localDate` are dropped when outside the month
 * or after today (contacts dated in the future are not done yet).
 */
export type RepActivityRow = {
  storeId: number;
  helpAsked: number;
  problemsSolved: number;
  trainings: number;
  localDate?: LocalDate;
};

export type RuleProgress = Pace & { rule: "R9" | "R10" | "R11" };

export type StoreShortfall = { storeId: number; storeClass: StoreClass; required: number; done: number; remaining: number };

export type ProblemsSolvedProgress = RuleProgress & {
  scope: "store" | "rep";
  /** Scope "store": the stores still below their own target. Scope "rep": always empty. */
  shortStores: StoreShortfall[];
};

export type RepRules = {
  clock: PaceClock;
  helpAsked: RuleProgress;
  problemsSolved: ProblemsSolvedProgress;
  trainings: RuleProgress;
};

type RepRulePolicy = Pick<Policy, "helpAskedPerRep" | "problemsSolved" | "trainingsPerRep"> & WorkingDayPolicy;

export function repRules(
  policy: RepRulePolicy,
  today: LocalDate,
  stores: readonly StoreRef[],
  rows: readonly RepActivityRow[],
  month: string = monthOf(today),
): RepRules {
  const clock = paceClock(policy, today, month);
  const counted = rowsInClock(clock, rows);
  return {
    clock,
    helpAsked: helpAskedProgress(policy, clock, counted, stores.length, repHeldClock(policy, clock, stores)),
    problemsSolved: problemsSolvedProgress(policy, clock, stores, counted),
    trainings: trainingProgress(policy, clock, stores, counted),
  };
}

/** A store as R9–R11 see it: its class, and its stretches of the month when it was not held all of it. */
type HeldStore = { class: StoreClass; holdings?: readonly Holding[] };

/** Whether a store was held in class A in the month (R11 counts trainings there). */
export function heldAsA(s: HeldStore): boolean {
  return s.holdings ? s.holdings.some((h) => h.class === "A") : s.class === "A";
}

/**
 * The clock of the working days of the month on which at least one of `stores` was held (R9; R11
 * with the A stretches only); null when none was held on any day of the month (no proration).
 */
export function repHeldClock(policy: WorkingDayPolicy, clock: PaceClock, stores: readonly HeldStore[], onlyClass?: StoreClass): PaceClock | null {
  const days = new Set<LocalDate>();
  for (const s of stores) {
    const stretches: readonly Holding[] = s.holdings ?? [{ class: s.class, from: "0000-01-01", to: null }];
    for (const h of stretches) {
      if (onlyClass !== undefined && h.class !== onlyClass) continue;
      const d = holdingDays(h, clock.month);
      if (!d) continue;
      // The whole month: the clock as it is (and no day-by-day walk).
      const b = monthBounds(clock.month);
      if (d.first === b.first && d.last === b.last) return clock;
      for (let day = d.first; day <= d.last; day = addDays(day, 1)) days.add(day);
    }
  }
  if (days.size === 0) return null;
  let total = 0;
  let elapsed = 0;
  let remaining = 0;
  for (const day of days) {
    if (!isWorkingDay(policy, day)) continue;
    total++;
    if (day <= clock.today) elapsed++;
    if (day >= clock.today) remaining++;
  }
  return { ...clock, total, elapsed, remainingWorkingDays: remaining };
}

/** A per-rep target prorated over the days held (held: repHeldClock's answer) and paced over them. */
export function repTargetPace(clock: PaceClock, held: PaceClock | null, target: number, done: number, perDay: number): Pace {
  if (held === null || held === clock) return paceOf(clock, target, done, perDay);
  return paceOf(held, proratedQuota(target, held.total, clock.total), done, perDay);
}

/** R10's target of one store: its class's target prorated over each stretch held, paced over the days held. */
export function solvedTarget(policy: Pick<Policy, "problemsSolved"> & WorkingDayPolicy, clock: PaceClock, s: HeldStore): { required: number; expected: number; clock: PaceClock } {
  const perClass = policy.problemsSolved.perClass;
  if (!s.holdings) return { required: perClass[s.class], expected: expectedByToday(clock, perClass[s.class]), clock };
  const held = holdingClock(policy, clock, s.holdings);
  const required = s.holdings.reduce((n, h) => n + proratedQuota(perClass[h.class], heldWorkingDays(policy, h, clock.month), clock.total), 0);
  return { required, expected: expectedByToday(held, required), clock: held };
}

/** Whether the store is still held at the end of today (or of the month, once it is over). */
function heldNow(clock: PaceClock, s: HeldStore): boolean {
  const last = monthBounds(clock.month).last;
  return !s.holdings || s.holdings.some((h) => holds(h, clock.today < last ? clock.today : last));
}

/** R9: the rep asks clients for help, counted wherever it happened (the rule is per rep). */
export function helpAskedProgress(
  policy: Pick<Policy, "helpAskedPerRep">,
  clock: PaceClock,
  rows: readonly RepActivityRow[],
  storeCount: number,
  held: PaceClock | null = clock,
): RuleProgress {
  const done = rows.reduce((n, r) => n + r.helpAsked, 0);
  return { rule: "R9", ...repTargetPace(clock, held, policy.helpAskedPerRep, done, storeCount) };
}

/**
 * R10: problems solved. Scope "store": each store owes its class's target, a surplus at one store
 * does not cover another, so done = Σ min(solved, target) and the rule is met only when no store is
 * short. Scope "rep": the targets add up to one number and only the total counts. Only the rep's
 * own stores count (their class sets the target).
 */
export function problemsSolvedProgress(
  policy: Pick<Policy, "problemsSolved"> & WorkingDayPolicy,
  clock: PaceClock,
  stores: readonly StoreRef[],
  rows: readonly RepActivityRow[],
): ProblemsSolvedProgress {
  const solved = sumByStore(rows, (r) => r.problemsSolved);
  const scope = policy.problemsSolved.scope;
  let required = 0;
  let expected = 0;
  let total = 0;
  let credited = 0;
  let infeasible = false;
  const shortStores: StoreShortfall[] = [];
  for (const s of stores) {
    const target = solvedTarget(policy, clock, s);
    const done = solved.get(s.id) ?? 0;
    required += target.required;
    expected += target.expected;
    total += done;
    credited += Math.min(done, target.required);
    // Short while the rep still holds it (a store handed on is no longer theirs to fix).
    if (done < target.required && heldNow(clock, s)) {
      shortStores.push({ storeId: s.id, storeClass: s.class, required: target.required, done, remaining: target.required - done });
      // Per store, one a day: a store owing more than its days left makes the rule infeasible.
      if (target.required - done > target.clock.remainingWorkingDays) infeasible = true;
    }
  }
  if (scope === "rep") return { rule: "R10", scope, ...paceWith(clock, required, total, expected, stores.length), shortStores: [] };
  const pace = paceWith(clock, required, credited, expected, stores.length);
  return { rule: "R10", scope, ...pace, critical: pace.critical || infeasible, shortStores };
}

/** R11: formal trainings; only a training at one of the rep's A stores counts. */
export function trainingProgress(
  policy: Pick<Policy, "trainingsPerRep"> & WorkingDayPolicy,
  clock: PaceClock,
  stores: readonly StoreRef[],
  rows: readonly RepActivityRow[],
): RuleProgress {
  const aStores = new Set(stores.filter(heldAsA).map((s) => s.id));
  const done = rows.reduce((n, r) => n + (aStores.has(r.storeId) ? r.trainings : 0), 0);
  return { rule: "R11", ...repTargetPace(clock, repHeldClock(policy, clock, stores, "A"), policy.trainingsPerRep, done, aStores.size) };
}

function rowsInClock(clock: PaceClock, rows: readonly RepActivityRow[]): RepActivityRow[] {
  const { first, last } = monthBounds(clock.month);
  return rows.filter((r) => r.localDate === undefined || (r.localDate >= first && r.localDate <= last && r.localDate <= clock.today));
}

function sumByStore(rows: readonly RepActivityRow[], pick: (r: RepActivityRow) => number): Map<number, number> {
  const sums = new Map<number, number>();
  for (const r of rows) sums.set(r.storeId, (sums.get(r.storeId) ?? 0) + pick(r));
  return sums;
}
