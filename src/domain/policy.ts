// The handbook's rules (R1–R17) as data an admin can edit, with the handbook's defaults.
import * as v from "valibot";
import {
  LIFE_EVENT_KINDS,
  type Channel,
  type LifeEventKind,
  type LocalDate,
  type QuotaChannel,
  type StoreClass,
} from "./types.ts";
import { localDate, noControlChars } from "./fields.ts";
import { BUILT_IN_CALENDAR, type WorkingCalendar } from "./working-days.ts";

export type PerClass = Record<StoreClass, number>;

/** What a festival asks of the rep at a store of one class (R4, R5). */
export type FestivalAction = "visit_with_gift" | "visit" | "phone" | "message";

export type FestivalDef = {
  /** Stable key: `spring_festival`, `dragon_boat`, `mid_autumn`, or an admin's own. */
  key: string;
  name: { "zh-CN": string; en: string };
  /** Lunar dates follow the official Chinese calendar; `day: 30` on a 29-day month means its last day. */
  calendar: "lunar" | "solar";
  month: number;
  day: number;
  /** Actions count when logged from `windowBefore` days before to `windowAfter` days after. */
  windowBefore: number;
  windowAfter: number;
  /** The digest starts listing the festival this many days before it. */
  leadDays: number;
  /** Every action listed for a class must be done at each store of that class. */
  actions: Record<StoreClass, FestivalAction[]>;
  active: boolean;
};

/** A festival placed on the solar calendar for one year, with its window (R4, R5). */
export type FestivalOccurrence = {
  key: string;
  name: FestivalDef["name"];
  /** The year the festival belongs to (Spring Festival 2027 falls on 2027-02-06). */
  year: number;
  date: LocalDate;
  /** First and last day (inclusive) on which a logged action counts for it. */
  windowStart: LocalDate;
  windowEnd: LocalDate;
  /** First day the digest lists it. */
  leadStart: LocalDate;
  actions: FestivalDef["actions"];
};

/**
 * Two contacts of one channel with the same store on the same day (the handbook is silent).
 * "once" (the default): they count as one toward the quota and pace. A quota is about keeping in
 * touch over the month: a rep should not meet an A store's 8 visits by logging the morning and the
 * afternoon at the same counter, and pace already assumes at most one contact per store, channel
 * and day (MAX_CONTACTS_PER_STORE_DAY in pace.ts). Both contacts stay in the log and the store's
 * history. "each": every contact counts, for a company whose handbook says so.
 */
export type SameDayRepeats = "once" | "each";
export const SAME_DAY_REPEATS = ["once", "each"] as const satisfies readonly SameDayRepeats[];

export type FollowUpRule = { channel: Channel; dueDays: number };

/** The rules as the admin edits and the policy row stores them. */
export type PolicyRules = {
  timeZone: string;
  /** ISO weekdays that count as working days: 1 = Monday … 7 = Sunday. Default Monday–Saturday. */
  workingDays: number[];
  /**
   * When true (the default), the official public holidays (法定节假日) are non-working and make-up
   * days (调休) working, whatever their weekday. On by default because a Chinese sales team has
   * Golden Week and the Spring Festival off like everyone else, and its clients' shops close or run
   * short-staffed: pace must not count those days as owed, nor skip the Sunday everyone works instead.
   */
  officialHolidaysOff: boolean;
  /** Extra non-working dates set by the admin (YYYY-MM-DD). */
  extraNonWorkingDates: string[];
  /** R1–R3: contacts per store per month, by channel and class. */
  quotas: Record<QuotaChannel, PerClass>;
  /** How repeats of a channel at one store on one day count toward R1–R3 (SameDayRepeats). */
  sameDayRepeats: SameDayRepeats;
  /** R6–R8: which channel closes a follow-up and how many days after the event it is due. */
  followUps: { birthday: FollowUpRule } & Record<LifeEventKind, FollowUpRule>;
  /**
   * R9: times a rep asks clients for help per month. Prorated like the quotas (proratedQuota) over the
   * working days on which the rep held at least one store; a rep who held none keeps the whole target.
   */
  helpAskedPerRep: number;
  /**
   * R10: problems solved per store per month, by class; `rep` scope sums them into one target per rep.
   * A store held part of the month owes its class's target prorated over each stretch (proratedQuota).
   */
  problemsSolved: { perClass: PerClass; scope: "store" | "rep" };
  /** R11: formal trainings at A stores per rep per month, prorated over the working days the rep held an A store (as R9). */
  trainingsPerRep: number;
  /** R12–R17: the number of intel items a complete visit has (of six). */
  intelItemsPerVisit: number;
  /** Compliance: yearly gift value per store, CNY. */
  giftCapPerStoreYear: number;
  /**
   * Days after logging an interaction during which its rep may edit or delete it (managers and
   * admins, in their scope, at any time). Counted from when it was logged, not from when it
   * happened: a visit logged late (up to 90 days back) can still be fixed for a week.
   */
  interactionEditDays: number;
  /**
   * Days after a bereavement (丧事) during which its contact gets no celebratory text (birthday
   * wishes, festival cheer): only a restrained greeting, or none.
   */
  mourningDays: number;
  /**
   * On-site check-in (issue 14): a visit logged on a phone records where the device was and how
   * accurately, and shows whether that was at the store. Off by default: a position is the rep's
   * personal data (PIPL), so a company turns it on knowingly, after telling its reps (README
   * "Privacy"). It is taken only at the moment a visit is logged, with the browser's permission.
   */
  /**
   * Colour bands for pace, in % of what is expected by today (done ÷ expected): at least `onPace`
   * reads on pace (green), at least `slipping` slipping (amber), below it behind (red). The same
   * bands colour the pages, the digest and the weekly (domain/pace-band.ts).
   */
  paceBands: { onPace: number; slipping: number };
  checkIn: {
    enabled: boolean;
    /** A visit is on site when its distance to the store is at most this plus the position's accuracy. */
    onSiteMeters: number;
  };
  digest: {
    /** Default local time of the morning digest, HH:MM. */
    defaultTime: string;
    /** No morning digest is sent after this local time (an outage delays mail, never sends stale news at night). */
    cutoffTime: string;
    /** ISO weekday on which managers get the weekly summary. */
    weeklyDay: number;
    /** Upper bound on the tasks in today's plan. */
    maxPlanItems: number;
    /**
     * The most routine items of each channel in today's plan: separate, because a call or a message
     * does not take a visit's travel time.
     */
    planCapacity: Record<QuotaChannel, number>;
    /** Days a store the rep skipped as closed stays out of the plan (the day of the skip included). */
    skipClosedDays: number;
  };
};

/**
 * The policy as every rule reads it: the stored rules and the official working calendar
 * (domain/working-days.ts), which is not part of the policy row but is loaded in the same statement
 * (db/queries/policy.ts), so a month's working days follow the calendar an admin keeps.
 */
export type Policy = PolicyRules & { calendar: WorkingCalendar };

export const DEFAULT_RULES: PolicyRules = {
  timeZone: "Asia/Shanghai",
  workingDays: [1, 2, 3, 4, 5, 6],
  officialHolidaysOff: true,
  extraNonWorkingDates: [],
  quotas: {
    visit: { A: 8, B: 4, C: 1 }, // R1
    phone: { A: 4, B: 2, C: 1 }, // R2
    message: { A: 4, B: 2, C: 1 }, // R3
  },
  sameDayRepeats: "once",
  followUps: {
    birthday: { channel: "message", dueDays: 0 }, // R6
    wedding: { channel: "visit", dueDays: 7 }, // R7
    new_baby: { channel: "visit", dueDays: 7 }, // R7
    bereavement: { channel: "visit", dueDays: 3 }, // R8
    illness: { channel: "visit", dueDays: 3 }, // R8
    accident: { channel: "visit", dueDays: 3 }, // R8
  },
  helpAskedPerRep: 5, // R9
  problemsSolved: { perClass: { A: 2, B: 1, C: 1 }, scope: "store" }, // R10
  trainingsPerRep: 1, // R11
  intelItemsPerVisit: 6, // R12–R17
  giftCapPerStoreYear: 2000,
  // A week covers the usual mistakes (wrong store among same-named ones, wrong channel) found when
  // the rep looks at the confirmation, /month or the next morning's digest, while the month's
  // figures a manager reads in the Monday weekly stay settled for the reps' own changes.
  interactionEditDays: 7,
  // 百日: the hundred days after a death (烧百日 closes the first mourning rites) are the period
  // most widely kept in China for avoiding celebrations and congratulations; close family may keep
  // a year (周年), which an admin can set here. Festival greetings during it are restrained (问候).
  mourningDays: 100,
  // 200 m: a pharmacy's own door to the far side of a mall or a basement car park, where phones
  // report their position; GPS indoors is often off by 50–100 m on its own.
  checkIn: { enabled: false, onSiteMeters: 200 },
  // 95 %: a day's work short in a month of about 22 working days is still on pace; below 75 % a
  // quarter of what was due by today is missing.
  paceBands: { onPace: 95, slipping: 75 },
  digest: {
    defaultTime: "07:30",
    cutoffTime: "12:00",
    weeklyDay: 1,
    maxPlanItems: 12,
    // A visit is 30–45 minutes at the counter plus the ride to the next pharmacy: about eight fill a
    // working day. A call must catch the owner between customers, 5–10 minutes: six fit in an hour
    // between visits. A message takes a minute, but ten personal ones are a sitting, not a mass send.
    planCapacity: { visit: 8, phone: 6, message: 10 },
    // Long enough for a day off or a short holiday closure, short enough that a store closed for
    // good shows up again within the week for the rep (or the manager) to act on.
    skipClosedDays: 3,
  },
};

/** The handbook's defaults with the built-in official calendar (tests and the demo seed read this). */
export const DEFAULT_POLICY: Policy = { ...DEFAULT_RULES, calendar: BUILT_IN_CALENDAR };

const majorFestivalActions: FestivalDef["actions"] = {
  A: ["visit_with_gift", "message"], // R4
  B: ["phone", "message"],
  C: ["phone", "message"],
};

export const DEFAULT_FESTIVALS: FestivalDef[] = [
  {
    key: "spring_festival",
    name: { "zh-CN": "春节", en: "Spring Festival" },
    calendar: "lunar",
    month: 1,
    day: 1,
    windowBefore: 21,
    windowAfter: 7,
    leadDays: 21,
    actions: { A: ["visit", "message"], B: ["visit", "message"], C: ["visit", "message"] }, // R5
    active: true,
  },
  {
    key: "dragon_boat",
    name: { "zh-CN": "端午节", en: "Dragon Boat Festival" },
    calendar: "lunar",
    month: 5,
    day: 5,
    windowBefore: 10,
    windowAfter: 2,
    leadDays: 10,
    actions: majorFestivalActions,
    active: true,
  },
  {
    key: "mid_autumn",
    name: { "zh-CN": "中秋节", en: "Mid-Autumn Festival" },
    calendar: "lunar",
    month: 8,
    day: 15,
    windowBefore: 10,
    windowAfter: 2,
    leadDays: 10,
    actions: majorFestivalActions,
    active: true,
  },
];

// ---- validation -------------------------------------------------------------------------

/** The most days after its event a follow-up may be due: the widest a birthday is listed after the day. */
export const MAX_DUE_DAYS = 60;
/** The longest mourning a policy may set: three years (守孝三年, the traditional longest). */
export const MAX_MOURNING_DAYS = 1095;
/** How far a festival's window may reach before and after its day. */
export const MAX_WINDOW_BEFORE = 60;
export const MAX_WINDOW_AFTER = 30;
/** A festival contact that counts today was logged at most this many days ago (a whole widest window). */
export const FESTIVAL_LOOKBACK_DAYS = MAX_WINDOW_BEFORE + MAX_WINDOW_AFTER;

const count = v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(1000));
const perClass = v.object({ A: count, B: count, C: count });
const percent = v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(100));
const planCap = v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(50));
const hhmm = v.pipe(v.string(), v.regex(/^([01]\d|2[0-3]):[0-5]\d$/, "HH:MM"));
const isoWeekday = v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(7));
const isoDate = localDate();
const followUp = v.object({
  channel: v.picklist(["visit", "phone", "message", "third_party"]),
  dueDays: v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(MAX_DUE_DAYS)),
});

function isTimeZone(tz: string): boolean {
  try {
    // oxlint-disable-next-line no-new -- the constructor throws RangeError on an unknown zone: that is the check
    new Intl.DateTimeFormat("en", { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

export const PolicySchema = v.pipe(
  v.object({
    timeZone: v.pipe(v.string(), v.check(isTimeZone, "unknown time zone")),
    workingDays: v.pipe(v.array(isoWeekday), v.minLength(1, "at least one working day")),
    officialHolidaysOff: v.boolean(),
    extraNonWorkingDates: v.array(isoDate),
    quotas: v.object({ visit: perClass, phone: perClass, message: perClass }),
    sameDayRepeats: v.picklist(SAME_DAY_REPEATS),
    followUps: v.object({
      birthday: followUp,
      ...Object.fromEntries(LIFE_EVENT_KINDS.map((k) => [k, followUp])),
    } as Record<"birthday" | LifeEventKind, typeof followUp>),
    helpAskedPerRep: count,
    problemsSolved: v.object({ perClass, scope: v.picklist(["store", "rep"]) }),
    trainingsPerRep: count,
    intelItemsPerVisit: v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(6)),
    giftCapPerStoreYear: v.pipe(v.number(), v.minValue(0), v.maxValue(1_000_000)),
    interactionEditDays: v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(366)),
    mourningDays: v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(MAX_MOURNING_DAYS)),
    checkIn: v.object({ enabled: v.boolean(), onSiteMeters: v.pipe(v.number(), v.integer(), v.minValue(10), v.maxValue(5000)) }),
    paceBands: v.pipe(
      v.object({ onPace: percent, slipping: percent }),
      v.check((b) => b.slipping < b.onPace, "slipping must be below on pace"),
    ),
    digest: v.object({
      defaultTime: hhmm,
      cutoffTime: hhmm,
      weeklyDay: isoWeekday,
      maxPlanItems: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(100)),
      planCapacity: v.object({ visit: planCap, phone: planCap, message: planCap }),
      skipClosedDays: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(30)),
    }),
  }),
  v.check((p) => p.digest.defaultTime < p.digest.cutoffTime, "the digest time must be before the cut-off"),
);

const festivalActions = v.array(v.picklist(["visit_with_gift", "visit", "phone", "message"]));
const dayOfMonth = v.pipe(v.number(), v.integer(), v.minValue(1));
export const FestivalDefSchema = v.pipe(
  v.object({
    key: v.pipe(v.string(), v.regex(/^[a-z][a-z0-9_]{1,39}$/, "lowercase letters, digits and _")),
    name: v.object({
      "zh-CN": v.pipe(v.string(), noControlChars, v.trim(), v.minLength(1), v.maxLength(40)),
      en: v.pipe(v.string(), noControlChars, v.trim(), v.minLength(1), v.maxLength(60)),
    }),
    calendar: v.picklist(["lunar", "solar"]),
    month: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(12)),
    day: dayOfMonth,
    windowBefore: v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(MAX_WINDOW_BEFORE)),
    windowAfter: v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(MAX_WINDOW_AFTER)),
    leadDays: v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(60)),
    actions: v.object({ A: festivalActions, B: festivalActions, C: festivalActions }),
    active: v.boolean(),
  }),
  v.check((f) => f.day <= (f.calendar === "lunar" ? 30 : [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][f.month - 1]!), "no such day in that month"),
);

export type ValidationResult<T> = { ok: true; value: T } | { ok: false; fields: Record<string, string> };

/** Flattens valibot issues to `{ "quotas.visit.A": "message" }`, the shape of the API's `fields`. */
export function issuesToFields(issues: readonly v.BaseIssue<unknown>[]): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const issue of issues) {
    const path = issue.path?.map((p) => String(p.key)).join(".") || "_";
    fields[path] ??= issue.message;
  }
  return fields;
}

export function validatePolicy(input: unknown): ValidationResult<PolicyRules> {
  const r = v.safeParse(PolicySchema, input);
  return r.success ? { ok: true, value: r.output } : { ok: false, fields: issuesToFields(r.issues) };
}

export function validateFestival(input: unknown): ValidationResult<FestivalDef> {
  const r = v.safeParse(FestivalDefSchema, input);
  return r.success ? { ok: true, value: r.output } : { ok: false, fields: issuesToFields(r.issues) };
}

/** A stored policy may predate a field added later: fill what is missing from the defaults. */
export function withDefaults(stored: Partial<PolicyRules> | null | undefined): PolicyRules {
  if (!stored) return structuredClone(DEFAULT_RULES);
  return {
    ...structuredClone(DEFAULT_RULES),
    ...stored,
    quotas: { ...DEFAULT_RULES.quotas, ...stored.quotas },
    followUps: { ...DEFAULT_RULES.followUps, ...stored.followUps },
    problemsSolved: { ...DEFAULT_RULES.problemsSolved, ...stored.problemsSolved },
    digest: { ...DEFAULT_RULES.digest, ...stored.digest, planCapacity: { ...DEFAULT_RULES.digest.planCapacity, ...stored.digest?.planCapacity } },
    checkIn: { ...DEFAULT_RULES.checkIn, ...stored.checkIn },
    paceBands: { ...DEFAULT_RULES.paceBands, ...stored.paceBands },
  };
}
