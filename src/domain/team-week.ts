// The managers' weekly summary (SPEC §6) as numbers: each team's week, rep by rep, from the rows of
// one set-based read (db/queries/weekly.ts). Pure, no I/O.
//
// The read never returns a row per store: it counts stores per (rep, class, channel, contacts) — a
// histogram from which the rules here compute credited contacts, stores behind and festival coverage
// exactly, as the day's rules (rep-day.ts) would store by store. What is listed by name (stores not
// contacted for NEGLECT_DAYS, gifts over the cap, the week's notes) comes capped per rep with its count.
import { festivalsOfYear } from "./calendar/festivals.ts";
import { birthdayOf, type BirthdayFields } from "./calendar/birthdays.ts";
import { matchActions, type FestivalInteraction } from "./coverage.ts";
import { addDays, parts } from "./dates.ts";
import { openFollowUps, type FollowUp, type FollowUpInteraction, type LifeEventInput } from "./follow-ups.ts";
import { expectedByToday, holdingClock, paceClock, paceOf, paceWith, requiredOver, type Pace, type PaceClock } from "./pace.ts";
import { heldAsA, repHeldClock, repTargetPace, solvedTarget } from "./rep-rules.ts";
import { holdingsAsOf, holdingsIn, holds, parseHoldings, type Holding } from "./holding.ts";
import type { FestivalOccurrence, Policy } from "./policy.ts";
import type { PaceBands } from "./pace-band.ts";
import type { MonthContext } from "./rep-day.ts";
import { QUOTA_CHANNELS, STORE_CLASSES, type Channel, type InsightKind, type Locale, type LocalDate, type Occasion, type QuotaChannel, type Role, type StoreClass } from "./types.ts";
import type { WeekRange } from "./week-range.ts";

/** "Not contacted for 30+ days" (SPEC §6). */
export const NEGLECT_DAYS = 30;
/** Last contact is looked up this far back; older reads as "none in that time". */
export const NEGLECT_LOOKBACK_DAYS = 120;
/** Rows listed by name per rep: neglected stores, stores over the gift cap, notes of each kind. */
export const NAMED_PER_REP = 5;
export const NOTES_PER_REP = 10;

export type WeeklyManager = {
  id: number;
  name: string;
  email: string;
  role: Role;
  teamId: number | null;
  teamName: string | null;
  locale: Locale;
  timeZone: string;
  active: boolean;
};

type RepKeyed = { repId: number | null };
type Named = RepKeyed & { storeId: number; name: string; storeClass: StoreClass; count: number };

/** The rows of a job's weekly summaries, by what they hold (sums may be null where nothing was summed). */
export type TeamWeekRows = {
  context: MonthContext;
  managers: WeeklyManager[];
  /** The teams' reps: active, or still holding stores. */
  reps: { id: number; name: string; teamId: number | null; active: boolean }[];
  /**
   * Stores held per rep and stretches (`holdings`, parseHoldings: the rep's stretches in the two
   * weeks' months; without it, the whole month in `storeClass`, which is then the class).
   */
  storeCounts: (RepKeyed & { storeClass: StoreClass; holdings?: string | null; stores: number })[];
  /** R1–R3: stores per (rep, stretches, channel, contacts this month, contacts by the week before's end). */
  pace: (RepKeyed & { storeClass: StoreClass; holdings?: string | null; channel: Channel; cur: number; prev: number; stores: number })[];
  /**
   * R9–R11: the rep's contacts of the month, stores per (rep, the rep's stretches of the store —
   * null: not theirs that month —, problems solved), help and trainings summed.
   */
  rules: { repId: number; holdings: string | null; solved: number; help: number | null; trainings: number | null; stores: number }[];
  /** R4, R5: stores per (rep, class, festival, contacts of each kind). */
  festivalBins: (RepKeyed & {
    storeClass: StoreClass;
    festivalKey: string | null;
    festivalYear: number | null;
    giftVisits: number;
    visits: number;
    calls: number;
    messages: number;
    stores: number;
  })[];
  /** Contacts per rep, week (cur 1: this one, 0: the one before) and channel; follow-up contacts among them. */
  activity: { repId: number; cur: number; channel: Channel; contacts: number; followUps: number | null }[];
  /** R12–R17: visits per rep, week and number of intel kinds. */
  intel: { repId: number; cur: number; kinds: number; visits: number }[];
  gifts: (RepKeyed & { week: number | null; year: number | null })[];
  /** Stores over the yearly gift cap, the first few per rep, with their count. */
  overCap: (Named & { total: number })[];
  /** Stores not contacted for NEGLECT_DAYS, the longest first, a few per rep, with their count. */
  neglected: (Named & { last: LocalDate | null; since?: LocalDate | null })[];
  /** The week's competitor and slow-mover notes, capped per rep and kind, with the count. */
  notes: (RepKeyed & {
    id: number;
    kind: InsightKind;
    subject: string | null;
    detail: string;
    reason: string | null;
    action: string | null;
    aboutContact: number | null;
    localDate: LocalDate;
    authorId: number;
    storeId: number;
    storeName: string;
    storeClass: StoreClass;
    count: number;
  })[];
  /** R6–R8 on the send date: open life events, contacts linked to them, overdue birthdays and their greetings. */
  lifeEvents: (RepKeyed & LifeEventInput)[];
  linkedContacts: { lifeEventId: number | null; channel: Channel; occasion: Occasion; localDate: LocalDate }[];
  overdueBirthdays: (RepKeyed & BirthdayFields & { id: number })[];
  birthdayGreetings: { contactId: number | null; channel: Channel; occasion: Occasion; localDate: LocalDate }[];
};

export type ChannelWeek = { credited: number; required: number; expected: number; storesBehind: number };

export type RepWeek = {
  rep: { id: number; name: string; active: boolean };
  storesTotal: number;
  /** Month of the week's end, through the week's end. */
  byChannel: Record<QuotaChannel, ChannelWeek>;
  byClass: Record<StoreClass, { stores: number } & Record<QuotaChannel, { credited: number; required: number }>>;
  /** Σ credited ÷ Σ expected over the three channels, in %; null before anything is expected. */
  paceRate: number | null;
  /** The same at the end of the week before. */
  prevPaceRate: number | null;
  /** Behind pace on at least one channel by a whole contact. */
  behind: boolean;
  /** Festivals whose window overlapped the week: stores covered of those held, in all and by class. */
  festivals: { key: string; year: number; name: FestivalOccurrence["name"]; covered: number; total: number; byClass: Record<StoreClass, { covered: number; total: number }> }[];
  followUps: { done: number; overdue: number };
  rules: { helpAsked: Pace; problemsSolved: Pace; trainings: Pace };
  intel: { visits: number; complete: number; prevVisits: number; prevComplete: number };
  gifts: { week: number; year: number; overCap: { storeId: number; name: string; storeClass: StoreClass; total: number }[]; overCapCount: number };
  /** `isNew`: first held within the look-back and never contacted (reads "new store", not "no contact"). */
  neglected: { count: number; first: { storeId: number; name: string; storeClass: StoreClass; last: LocalDate | null; isNew: boolean }[] };
  contacts: { cur: number; prev: number };
};

/** R16, R17 and (issue 12) R12 product feedback and R14 what was done for a preference. */
export type NoteKind = "competitor" | "slow_mover" | "product_feedback" | "preference_action";

export type WeekNote = {
  id: number;
  kind: NoteKind;
  subject: string | null;
  detail: string;
  reason: string | null;
  action: string | null;
  /** The contact the note is about (its own link, else its visit's): the summary names them. */
  contactId: number | null;
  localDate: LocalDate;
  storeId: number;
  storeName: string;
  storeClass: StoreClass;
  repName: string;
};

export type TeamWeek = {
  manager: WeeklyManager;
  week: WeekRange;
  clock: PaceClock;
  giftCap: number;
  /** The policy's pace colours (pace-band.ts). */
  bands: PaceBands;
  reps: RepWeek[];
  notes: Record<NoteKind, { shown: WeekNote[]; total: number }>;
};

/** What each manager gets: their team's week, a note that they lead no team, or nothing (not a manager). */
export type ManagerWeek = { kind: "team"; team: TeamWeek } | { kind: "no_team"; manager: WeeklyManager; week: WeekRange };

/** Each rep's week, by rep id, in the rows' order (the weekly's per-rep figures; also /team/lists). */
export function repWeeks(rows: TeamWeekRows, week: WeekRange): Map<number, RepWeek> {
  const pol = rows.context.policy;
  const clock = paceClock(pol, week.end);
  const reps = new Map<number, RepWeek>();
  const overdue = new Map<number, number>();
  for (const f of overdueFollowUps(rows, week)) overdue.set(f.repId, (overdue.get(f.repId) ?? 0) + 1);
  for (const r of rows.reps) reps.set(r.id, emptyRepWeek(r, clock, overdue.get(r.id) ?? 0));
  const of = (id: number | null) => (id === null ? undefined : reps.get(id));
  const prevClock = paceClock(pol, week.prevEnd);
  const groups = addPace(rows, of, reps, pol, clock, prevClock);
  addRules(rows, groups, reps, pol, clock, prevClock);
  addFestivals(rows, reps, occurrencesOfWeek(rows.context, week));
  addWeekCounts(rows, of, pol);
  addNamed(rows, of, reps, week);
  return reps;
}

/** A week's rows with every list empty: the caller fills in what it has. */
export function emptyTeamWeekRows(context: MonthContext, head: Pick<TeamWeekRows, "managers" | "reps">): TeamWeekRows {
  return {
    context,
    ...head,
    storeCounts: [],
    pace: [],
    rules: [],
    festivalBins: [],
    activity: [],
    intel: [],
    gifts: [],
    overCap: [],
    neglected: [],
    notes: [],
    lifeEvents: [],
    linkedContacts: [],
    overdueBirthdays: [],
    birthdayGreetings: [],
  };
}

/**
 * The pace of a group of reps at a week's end, as the weekly's pace column computes it for each rep
 * (Σ credited ÷ Σ expected over the three channels, in %), summed over the reps: from the weekly's
 * R1–R3 rows alone. Null before anything is expected.
 */
export function groupPaceRate(
  context: MonthContext,
  reps: readonly { id: number; name: string }[],
  rows: Pick<TeamWeekRows, "storeCounts" | "pace">,
  week: WeekRange,
): { credited: number; expected: number; rate: number | null } {
  const all = emptyTeamWeekRows(context, { managers: [], reps: reps.map((r) => ({ id: r.id, name: r.name, teamId: null, active: true })) });
  all.storeCounts = rows.storeCounts;
  all.pace = rows.pace;
  let credited = 0;
  let expected = 0;
  for (const r of repWeeks(all, week).values()) {
    for (const ch of QUOTA_CHANNELS) {
      credited += r.byChannel[ch].credited;
      expected += r.byChannel[ch].expected;
    }
  }
  return { credited, expected, rate: expected > 0 ? (100 * credited) / expected : null };
}

/** The week of each active manager of the rows (admins and reps get no weekly summary). */
export function teamWeeks(rows: TeamWeekRows, week: WeekRange): Map<number, ManagerWeek> {
  const pol = rows.context.policy;
  const clock = paceClock(pol, week.end);
  const reps = repWeeks(rows, week);

  const managers = new Map<number, ManagerWeek>();
  for (const m of rows.managers) {
    if (m.role !== "manager" || !m.active) continue;
    if (m.teamId === null) {
      managers.set(m.id, { kind: "no_team", manager: m, week });
      continue;
    }
    const teamReps = rows.reps.filter((r) => r.teamId === m.teamId).map((r) => reps.get(r.id)!);
    managers.set(m.id, {
      kind: "team",
      team: { manager: m, week, clock, giftCap: pol.giftCapPerStoreYear, bands: pol.paceBands, reps: teamReps, notes: teamNotes(rows, teamReps) },
    });
  }
  return managers;
}

const emptyChannel = (): ChannelWeek => ({ credited: 0, required: 0, expected: 0, storesBehind: 0 });

function emptyRepWeek(r: TeamWeekRows["reps"][number], clock: PaceClock, overdue: number): RepWeek {
  return {
    rep: { id: r.id, name: r.name, active: r.active },
    storesTotal: 0,
    byChannel: { visit: emptyChannel(), phone: emptyChannel(), message: emptyChannel() },
    byClass: Object.fromEntries(
      STORE_CLASSES.map((c) => [c, { stores: 0, visit: { credited: 0, required: 0 }, phone: { credited: 0, required: 0 }, message: { credited: 0, required: 0 } }]),
    ) as RepWeek["byClass"],
    paceRate: null,
    prevPaceRate: null,
    behind: false,
    festivals: [],
    followUps: { done: 0, overdue },
    rules: { helpAsked: paceOf(clock, 0, 0), problemsSolved: paceOf(clock, 0, 0), trainings: paceOf(clock, 0, 0) },
    intel: { visits: 0, complete: 0, prevVisits: 0, prevComplete: 0 },
    gifts: { week: 0, year: 0, overCap: [], overCapCount: 0 },
    neglected: { count: 0, first: [] },
    contacts: { cur: 0, prev: 0 },
  };
}

/** R6–R8: the follow-ups overdue on the send date, with the rep holding the contact's store (the weekly counts them; /team/lists/follow-ups lists them). */
export function overdueFollowUps(rows: TeamWeekRows, week: WeekRange): (FollowUp & { repId: number })[] {
  const pol = rows.context.policy;
  const interactions: FollowUpInteraction[] = [
    ...rows.linkedContacts.map((r) => ({ channel: r.channel, occasion: r.occasion, localDate: r.localDate, lifeEventId: r.lifeEventId })),
    ...rows.birthdayGreetings.map((r) => ({ channel: r.channel, occasion: r.occasion, localDate: r.localDate, contactId: r.contactId })),
  ];
  const repOfContact = new Map<number, number>();
  for (const r of [...rows.lifeEvents.map((e) => ({ id: e.contactId, repId: e.repId })), ...rows.overdueBirthdays]) if (r.repId !== null) repOfContact.set(r.id, r.repId);
  const out: (FollowUp & { repId: number })[] = [];
  for (const f of openFollowUps({
    today: week.sendDate,
    rules: pol.followUps,
    contacts: rows.overdueBirthdays.map((c) => ({ contactId: c.id, birthday: birthdayOf(c) })),
    lifeEvents: rows.lifeEvents.map((e) => ({ id: e.id, contactId: e.contactId, kind: e.kind, date: e.date, state: e.state })),
    interactions,
  })) {
    if (f.status !== "overdue") continue;
    const rep = repOfContact.get(f.contactId);
    if (rep !== undefined) out.push({ ...f, repId: rep });
  }
  return out;
}

type Bin = { cur: number; prev: number; stores: number };

/** A group of a rep's stores with the same stretches, as of the week's end and of the week before's. */
type HeldGroup = { repId: number; storeClass: StoreClass; key: string; cur: Holding[]; prev: Holding[]; heldAtEnd: boolean; stores: number };

function heldGroup(r: { repId: number | null; storeClass: StoreClass; holdings?: string | null }, clock: PaceClock, prevClock: PaceClock): Omit<HeldGroup, "stores"> {
  const all: Holding[] = r.holdings ? parseHoldings(r.holdings) : [{ class: r.storeClass, from: "0000-01-01", to: null }];
  const cur = holdingsIn(holdingsAsOf(all, clock.today), clock.month);
  const prev = holdingsIn(holdingsAsOf(all, prevClock.today), prevClock.month);
  return {
    repId: r.repId ?? 0,
    storeClass: cur.at(-1)?.class ?? r.storeClass,
    // Stretches in date order (SQL's group_concat promises no order); the class only without them.
    key: `${r.repId}|${r.holdings ? JSON.stringify(all) : r.storeClass}`,
    cur,
    prev,
    heldAtEnd: cur.some((h) => holds(h, clock.today)),
  };
}

/**
 * R1–R3 from the histogram, through the week's end and the week before's: a store absent from it had
 * no contact on that channel. Each store owes its stretches' prorated quotas and is paced over the
 * working days held (pace.ts), as the day's rules count it store by store; credited contacts are
 * capped at what the store owes. `storesTotal` and the classes count the stores held at the week's end.
 */
function addPace(
  rows: TeamWeekRows,
  of: (id: number | null) => RepWeek | undefined,
  reps: Map<number, RepWeek>,
  pol: Policy,
  clock: PaceClock,
  prevClock: PaceClock,
): HeldGroup[] {
  const groups = new Map<string, HeldGroup>();
  for (const s of rows.storeCounts) {
    const rep = of(s.repId);
    if (!rep) continue;
    const g = { ...heldGroup(s, clock, prevClock), stores: Number(s.stores) };
    if (g.heldAtEnd) {
      rep.byClass[g.storeClass].stores += g.stores;
      rep.storesTotal += g.stores;
    }
    const same = groups.get(g.key);
    if (same) same.stores += g.stores;
    else groups.set(g.key, g);
  }
  const bins = new Map<string, Bin[]>();
  for (const b of rows.pace) {
    const k = `${heldGroup(b, clock, prevClock).key}|${b.channel}`;
    (bins.get(k) ?? bins.set(k, []).get(k)!).push({ cur: Number(b.cur), prev: Number(b.prev), stores: Number(b.stores) });
  }
  for (const rep of reps.values()) {
    let prevCredited = 0;
    let prevExpected = 0;
    for (const g of groups.values()) {
      if (g.repId !== rep.rep.id) continue;
      const n = g.stores;
      const heldClock = holdingClock(pol, clock, g.cur);
      const prevHeldClock = holdingClock(pol, prevClock, g.prev);
      for (const ch of QUOTA_CHANNELS) {
        const q = requiredOver(pol, clock, g.cur, ch);
        const e = expectedByToday(heldClock, q);
        const prevQ = requiredOver(pol, prevClock, g.prev, ch);
        const list = bins.get(`${g.key}|${ch}`) ?? [];
        const zero = n - list.reduce((m, b) => m + b.stores, 0);
        const c = rep.byChannel[ch];
        for (const b of [...list, { cur: 0, prev: 0, stores: Math.max(0, zero) }]) {
          const got = Math.min(b.cur, q) * b.stores;
          c.credited += got;
          rep.byClass[g.storeClass][ch].credited += got;
          if (e - b.cur >= 1) c.storesBehind += b.stores;
          prevCredited += Math.min(b.prev, prevQ) * b.stores;
        }
        c.required += q * n;
        c.expected += e * n;
        rep.byClass[g.storeClass][ch].required += q * n;
        prevExpected += expectedByToday(prevHeldClock, prevQ) * n;
      }
    }
    let credited = 0;
    let expected = 0;
    for (const ch of QUOTA_CHANNELS) {
      credited += rep.byChannel[ch].credited;
      expected += rep.byChannel[ch].expected;
    }
    rep.paceRate = expected > 0 ? (100 * credited) / expected : null;
    rep.prevPaceRate = prevExpected > 0 ? (100 * prevCredited) / prevExpected : null;
    rep.behind = QUOTA_CHANNELS.some((ch) => rep.byChannel[ch].expected - rep.byChannel[ch].credited >= 1);
  }
  return [...groups.values()];
}

/**
 * R9–R11 (rep-rules.ts) from the histogram, as the rep's month counts them (repRules): R10 counts the
 * rep's stores of the month, each owing its class's target prorated over the stretches held and
 * capped per store unless scoped per rep; R9 and R11 are prorated over the days the rep held a store
 * (an A store).
 */
function addRules(rows: TeamWeekRows, groups: HeldGroup[], reps: Map<number, RepWeek>, pol: Policy, clock: PaceClock, prevClock: PaceClock): void {
  const empty = () => ({ help: 0, solvedCredited: 0, solvedTotal: 0, trainingsA: 0 });
  const ruleAcc = new Map<number, ReturnType<typeof empty>>();
  for (const b of rows.rules) {
    const acc = ruleAcc.get(b.repId) ?? empty();
    acc.help += Number(b.help ?? 0);
    const cur = b.holdings ? heldGroup({ repId: b.repId, storeClass: "C", holdings: b.holdings }, clock, prevClock).cur : [];
    if (cur.length > 0) {
      const store = { class: cur.at(-1)!.class, holdings: cur };
      const target = solvedTarget(pol, clock, store).required;
      acc.solvedCredited += Math.min(Number(b.solved), target) * Number(b.stores);
      acc.solvedTotal += Number(b.solved) * Number(b.stores);
      if (heldAsA(store)) acc.trainingsA += Number(b.trainings ?? 0);
    }
    ruleAcc.set(b.repId, acc);
  }
  for (const rep of reps.values()) {
    const acc = ruleAcc.get(rep.rep.id) ?? empty();
    const held: { class: StoreClass; holdings: Holding[]; n: number }[] = groups
      .filter((g) => g.repId === rep.rep.id && g.cur.length > 0)
      .map((g) => ({ class: g.storeClass, holdings: g.cur, n: g.stores }));
    let required = 0;
    let expected = 0;
    for (const g of held) {
      const t = solvedTarget(pol, clock, g);
      required += t.required * g.n;
      expected += t.expected * g.n;
    }
    const storeCount = held.reduce((n, g) => n + g.n, 0);
    const aStores = held.filter(heldAsA).reduce((n, g) => n + g.n, 0);
    const solved = pol.problemsSolved.scope === "rep" ? acc.solvedTotal : acc.solvedCredited;
    rep.rules = {
      helpAsked: repTargetPace(clock, repHeldClock(pol, clock, held), pol.helpAskedPerRep, acc.help, storeCount),
      problemsSolved: paceWith(clock, required, solved, expected, storeCount),
      trainings: repTargetPace(clock, repHeldClock(pol, clock, held, "A"), pol.trainingsPerRep, acc.trainingsA, aStores),
    };
  }
}

/** Festivals whose window overlapped the week (R4, R5), by `key:year`. */
function occurrencesOfWeek(context: MonthContext, week: WeekRange): Map<string, FestivalOccurrence> {
  const years = [parts(week.start).year - 1, parts(week.start).year, parts(week.end).year];
  const occurrences = new Map<string, FestivalOccurrence>();
  for (const y of years) {
    for (const o of festivalsOfYear(context.festivals, y)) {
      if (o.windowStart <= week.end && o.windowEnd >= week.start) occurrences.set(`${o.key}:${o.year}`, o);
    }
  }
  return occurrences;
}

/** A bin of the histogram as the interactions coverage.ts matches against the class's actions. */
function festivalInteractions(bin: { giftVisits: number; visits: number; calls: number; messages: number }): FestivalInteraction[] {
  const base = { storeId: 0, occasion: "festival" as const, festivalKey: null, festivalYear: null, localDate: "" };
  const out: FestivalInteraction[] = [];
  for (let i = 0; i < bin.giftVisits; i++) out.push({ ...base, channel: "visit", giftValue: 1 });
  for (let i = 0; i < bin.visits; i++) out.push({ ...base, channel: "visit" });
  for (let i = 0; i < bin.calls; i++) out.push({ ...base, channel: "phone" });
  for (let i = 0; i < bin.messages; i++) out.push({ ...base, channel: "message" });
  return out;
}

/** R4, R5: festival coverage as of the week's end from the histogram (a class that owes nothing is covered, as in coverage.ts). */
function addFestivals(rows: TeamWeekRows, reps: Map<number, RepWeek>, occurrences: Map<string, FestivalOccurrence>): void {
  const covered = new Map<string, number>();
  for (const b of rows.festivalBins) {
    const o = occurrences.get(`${b.festivalKey}:${b.festivalYear}`);
    if (!o || b.repId === null) continue;
    const done = matchActions(o.actions[b.storeClass] ?? [], festivalInteractions({ giftVisits: Number(b.giftVisits), visits: Number(b.visits), calls: Number(b.calls), messages: Number(b.messages) }));
    if (done.every(Boolean)) {
      const k = `${b.repId}|${o.key}:${o.year}|${b.storeClass}`;
      covered.set(k, (covered.get(k) ?? 0) + Number(b.stores));
    }
  }
  const byDate = [...occurrences.values()].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  for (const rep of reps.values()) {
    for (const o of byDate) {
      let total = 0;
      let done = 0;
      const byClass = {} as Record<StoreClass, { covered: number; total: number }>;
      for (const cls of STORE_CLASSES) {
        const n = rep.byClass[cls].stores;
        const c = (o.actions[cls] ?? []).length === 0 ? n : (covered.get(`${rep.rep.id}|${o.key}:${o.year}|${cls}`) ?? 0);
        byClass[cls] = { covered: c, total: n };
        total += n;
        done += c;
      }
      if (total > 0) rep.festivals.push({ key: o.key, year: o.year, name: o.name, covered: done, total, byClass });
    }
  }
}

/** The two weeks' contacts (third-party help is no contact with the store), follow-ups done, intel completeness, gift totals. */
function addWeekCounts(rows: TeamWeekRows, of: (id: number | null) => RepWeek | undefined, pol: Policy): void {
  for (const a of rows.activity) {
    const rep = of(a.repId);
    if (!rep) continue;
    const cur = Number(a.cur) === 1;
    if (a.channel !== "third_party") {
      if (cur) rep.contacts.cur += Number(a.contacts);
      else rep.contacts.prev += Number(a.contacts);
    }
    if (cur) rep.followUps.done += Number(a.followUps ?? 0);
  }
  for (const v of rows.intel) {
    const rep = of(v.repId);
    if (!rep) continue;
    const complete = Number(v.kinds) >= pol.intelItemsPerVisit;
    const n = Number(v.visits);
    if (Number(v.cur) === 1) {
      rep.intel.visits += n;
      if (complete) rep.intel.complete += n;
    } else {
      rep.intel.prevVisits += n;
      if (complete) rep.intel.prevComplete += n;
    }
  }
  for (const g of rows.gifts) {
    const rep = of(g.repId);
    if (rep) rep.gifts = { ...rep.gifts, week: Number(g.week ?? 0), year: Number(g.year ?? 0) };
  }
}

/** Stores over the gift cap (largest total first) and stores not contacted lately (longest first), with their counts. */
function addNamed(rows: TeamWeekRows, of: (id: number | null) => RepWeek | undefined, reps: Map<number, RepWeek>, week: WeekRange): void {
  const recent = addDays(week.end, -NEGLECT_LOOKBACK_DAYS);
  for (const g of rows.overCap) {
    const rep = of(g.repId);
    if (!rep) continue;
    rep.gifts.overCap.push({ storeId: Number(g.storeId), name: g.name, storeClass: g.storeClass, total: Number(g.total) });
    rep.gifts.overCapCount = Number(g.count);
  }
  for (const s of rows.neglected) {
    const rep = of(s.repId);
    if (!rep) continue;
    rep.neglected.first.push({ storeId: Number(s.storeId), name: s.name, storeClass: s.storeClass, last: s.last, isNew: s.last === null && !!s.since && s.since > recent });
    rep.neglected.count = Number(s.count);
  }
  for (const rep of reps.values()) {
    rep.gifts.overCap.sort((a, b) => b.total - a.total);
    rep.neglected.first.sort((a, b) => (a.last ?? "").localeCompare(b.last ?? "") || a.storeId - b.storeId);
  }
}

/** R16, R17: the team's notes of each kind, named by the rep who wrote them, with the team's total. */
function teamNotes(rows: TeamWeekRows, teamReps: RepWeek[]): TeamWeek["notes"] {
  const teamRepIds = new Set(teamReps.map((r) => r.rep.id));
  const repName = new Map(rows.reps.map((r) => [r.id, r.name]));
  const byKind = (kind: NoteKind) => {
    const mine = rows.notes.filter((n) => n.kind === kind && n.repId !== null && teamRepIds.has(n.repId));
    const totals = new Map<number, number>();
    for (const n of mine) totals.set(n.repId!, Number(n.count));
    return {
      shown: mine.map((n) => ({
        id: n.id,
        kind,
        subject: n.subject,
        detail: n.detail,
        reason: n.reason,
        action: n.action,
        contactId: n.aboutContact,
        localDate: n.localDate,
        storeId: n.storeId,
        storeName: n.storeName,
        storeClass: n.storeClass,
        repName: repName.get(n.authorId) ?? repName.get(n.repId!) ?? "",
      })),
      total: [...totals.values()].reduce((a, b) => a + b, 0),
    };
  };
  return { competitor: byKind("competitor"), slow_mover: byKind("slow_mover"), product_feedback: byKind("product_feedback"), preference_action: byKind("preference_action") };
}
