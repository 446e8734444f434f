// The rep-level rules of a month (R9–R11), paced like the store quotas: the expectation by today is
// the target × working days elapsed / working days in the month (see pace.ts). "critical" keeps the
// quotas' measure of feasibility, one per eligible store and working day: R9 and R10 at any of the
// rep's stores, R11 at their A stores (so a rep without A stores is critical on R11 from day one).
import { monthBounds, monthOf } from "./dates.ts";
import { paceClock, paceOf, type Pace, type PaceClock, type StoreRef } from "./pace.ts";
import type { Policy } from "./policy.ts";
import type { LocalDate, StoreClass } from "./types.ts";
import type { WorkingDayPolicy } from "./working-days.ts";

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
    helpAsked: helpAskedProgress(policy, clock, counted, stores.length),
    problemsSolved: problemsSolvedProgress(policy, clock, stores, counted),
    trainings: trainingProgress(policy, clock, stores, counted),
  };
}

/** R9: the rep asks clients for help, counted wherever it happened (the rule is per rep). */
export function helpAskedProgress(
  policy: Pick<Policy, "helpAskedPerRep">,
  clock: PaceClock,
  rows: readonly RepActivityRow[],
  storeCount: number,
): RuleProgress {
  const done = rows.reduce((n, r) => n + r.helpAsked, 0);
  return { rule: "R9", ...paceOf(clock, policy.helpAskedPerRep, done, storeCount) };
}

/**
 * R10: problems solved. Scope "store": each store owes its class's target, a surplus at one store
 * does not cover another, so done = Σ min(solved, target) and the rule is met only when no store is
 * short. Scope "rep": the targets add up to one number and only the total counts. Only the rep's
 * own stores count (their class sets the target).
 */
export function problemsSolvedProgress(
  policy: Pick<Policy, "problemsSolved">,
  clock: PaceClock,
  stores: readonly StoreRef[],
  rows: readonly RepActivityRow[],
): ProblemsSolvedProgress {
  const solved = sumByStore(rows, (r) => r.problemsSolved);
  const { perClass, scope } = policy.problemsSolved;
  let required = 0;
  let total = 0;
  let credited = 0;
  const shortStores: StoreShortfall[] = [];
  for (const s of stores) {
    const target = perClass[s.class];
    const done = solved.get(s.id) ?? 0;
    required += target;
    total += done;
    credited += Math.min(done, target);
    if (done < target) shortStores.push({ storeId: s.id, storeClass: s.class, required: target, done, remaining: target - done });
  }
  if (scope === "rep") return { rule: "R10", scope, ...paceOf(clock, required, total, stores.length), shortStores: [] };
  const pace = paceOf(clock, required, credited, stores.length);
  // Per store, one a day: a store owing more than the days left makes the rule infeasible.
  const critical = pace.critical || shortStores.some((s) => s.remaining > clock.remainingWorkingDays);
  return { rule: "R10", scope, ...pace, critical, shortStores };
}

/** R11: formal trainings; only a training at one of the rep's A stores counts. */
export function trainingProgress(
  policy: Pick<Policy, "trainingsPerRep">,
  clock: PaceClock,
  stores: readonly StoreRef[],
  rows: readonly RepActivityRow[],
): RuleProgress {
  const aStores = new Set(stores.filter((s) => s.class === "A").map((s) => s.id));
  const done = rows.reduce((n, r) => n + (aStores.has(r.storeId) ? r.trainings : 0), 0);
  return { rule: "R11", ...paceOf(clock, policy.trainingsPerRep, done, aStores.size) };
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
