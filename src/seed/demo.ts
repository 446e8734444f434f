// The demo organisation, generated deterministically and without I/O: same options → same rows.
//
// `generateOrg` yields chunks of rows per table, shaped for the Drizzle insert types and carrying
// explicit ids, so a seeder can insert them in large batches without reading ids back. Every row a
// chunk references is in an earlier chunk (policy, festivals, teams, users, then per rep: stores,
// contacts, life events, interactions, visit insights). Memory stays bounded: a rep's world is
// built, buffered, and flushed; nothing else is kept, so 20,000 reps cost no more than 20.
//
// Demo accounts (stable for any seed):
//   admin@keqing.local                       admin
//   manager01@keqing.local … managerNN       manager, one per team (长沙一组, 长沙二组, 株洲一组, …)
//   rep001@keqing.local … repNNN             rep; reps are split across teams in contiguous blocks
// Rep diligence follows a fixed 12-rep cycle (see REP_TIER_CYCLE): rep001 is on pace, rep004 and
// rep010 are well behind, rep006 and rep012 behind, rep003 and rep009 slightly behind.
import { festivalToRow } from "../db/queries/festivals.ts";
import { contacts, festivals, interactions, lifeEvents, policy, stores, teams, users, visitInsights } from "../db/schema.ts";
import { birthdaysBetween, type Birthday } from "../domain/calendar/birthdays.ts";
import { festivalOccurrence } from "../domain/calendar/festivals.ts";
import { leapMonthOf, lunarMonthDays, solarToLunar } from "../domain/calendar/lunar.ts";
import { addDays, daysBetween, daysInMonth, isoWeekOf, monthBounds, monthOf, parts } from "../domain/dates.ts";
import { DEFAULT_FESTIVALS, DEFAULT_POLICY, DEFAULT_RULES, type FestivalOccurrence } from "../domain/policy.ts";
import {
  INSIGHT_KINDS,
  type Channel,
  type ContactRole,
  type InsightKind,
  type LifeEventKind,
  type LocalDate,
  type Occasion,
  type QuotaChannel,
  type StoreClass,
} from "../domain/types.ts";
import { isWorkingDay } from "../domain/working-days.ts";
import {
  CHAINS,
  CITIES,
  COMPETITOR_DETAILS,
  COMPETITOR_PRODUCTS,
  CONTACT_TAGS,
  FAMILY_NOTES,
  FESTIVAL_GIFTS,
  HELP_ASKED,
  INDEPENDENT_STORES,
  LIFE_EVENT_GIFTS,
  LIFE_EVENT_NOTES,
  MESSAGE_NOTES,
  OUR_PRODUCTS,
  PHONE_NOTES,
  PREFERENCES,
  PROBLEMS_SOLVED,
  PRODUCT_FEEDBACK,
  ROUTINE_GIFTS,
  SLOW_MOVER_CAUSES,
  SLOW_MOVER_DETAILS,
  TEAM_CITY_CYCLE,
  THIRD_PARTY_NOTES,
  TRAINING_TOPICS,
  VISIT_NOTES,
  branchName,
  chineseNumber,
  fill,
  formOfAddress,
  mobile,
  fits,
  pickFitting,
  pickGiven,
  pickSurname,
  qqNumber,
  wechatId,
  type City,
  type Gender,
} from "./names.ts";
import { Rng } from "./random.ts";

// ---- public types -------------------------------------------------------------------------------

export type SeedRows = {
  policy: typeof policy.$inferInsert;
  festivals: typeof festivals.$inferInsert;
  teams: typeof teams.$inferInsert;
  users: typeof users.$inferInsert;
  stores: typeof stores.$inferInsert;
  contacts: typeof contacts.$inferInsert;
  lifeEvents: typeof lifeEvents.$inferInsert;
  interactions: typeof interactions.$inferInsert;
  visitInsights: typeof visitInsights.$inferInsert;
};
export type SeedTable = keyof SeedRows;

/** Parents before children: the order in which tables are first yielded. */
export const SEED_TABLES: readonly SeedTable[] = [
  "policy",
  "festivals",
  "teams",
  "users",
  "stores",
  "contacts",
  "lifeEvents",
  "interactions",
  "visitInsights",
];

/** A run of rows of one table. All rows of a chunk have the same keys (so one multi-row INSERT fits them). */
export type SeedChunk = { [K in SeedTable]: { table: K; rows: SeedRows[K][] } }[SeedTable];

export type DemoOptions = {
  reps: number;
  storesPerRep: number;
  seed: number;
  /** The organisation's today (Asia/Shanghai); nothing is dated after it. */
  today: LocalDate;
  /** One team per manager. Default: one per four reps. */
  managers?: number;
  /** Days of history before today. Default: from the first day of the previous month, so "last week" and "30+ days" have data. */
  historyDays?: number;
  /** Epoch ms; when given, contacts logged on `today` happen before it (seeding at 08:00 shows no afternoon visits). */
  now?: number;
  /** Most rows per yielded chunk (default 1000). Memory holds about this many rows per table plus one rep's world. */
  chunkSize?: number;
};

export type RepTier = "on_pace" | "slightly_behind" | "behind" | "well_behind";

/** Rep n (1-based) gets REP_TIER_CYCLE[(n-1) % 12]: half on pace, and a couple well behind in any dozen. */
export const REP_TIER_CYCLE: readonly RepTier[] = [
  "on_pace", "on_pace", "slightly_behind", "well_behind", "on_pace", "behind",
  "on_pace", "on_pace", "slightly_behind", "well_behind", "on_pace", "behind",
];

export const ADMIN_EMAIL = "admin@keqing.local";

/** rep001@keqing.local; four digits and more only past 999 reps, so small demos keep short addresses. */
export function repEmail(n: number): string {
  return `rep${String(n).padStart(3, "0")}@keqing.local`;
}

export function managerEmail(n: number): string {
  return `manager${String(n).padStart(2, "0")}@keqing.local`;
}

export function repTier(n: number): RepTier {
  return REP_TIER_CYCLE[(n - 1) % REP_TIER_CYCLE.length]!;
}

// ---- time ---------------------------------------------------------------------------------------

// Asia/Shanghai has been UTC+8 without daylight saving since 1991, so local wall-clock times map to
// instants with a constant offset; no Intl call per row (a million rows would notice).
const SHANGHAI_OFFSET_MS = 8 * 3_600_000;
const WORK_START_MIN = 9 * 60;
const WORK_END_MIN = 18 * 60;

function instantOf(date: LocalDate, minuteOfDay: number, second = 0): number {
  const { year, month, day } = parts(date);
  return Date.UTC(year, month - 1, day, 0, minuteOfDay, second) - SHANGHAI_OFFSET_MS;
}

function localMinuteOf(instant: number): number {
  const ms = (instant + SHANGHAI_OFFSET_MS) % 86_400_000;
  return Math.floor(ms / 60_000);
}

function clamp01(x: number): number {
  return x < 0 ? 0 : x > 1 ? 1 : x;
}

// ---- organisation-wide context --------------------------------------------------------------------

type Day = { date: LocalDate; working: boolean; week: string };
type Segment = {
  month: string;
  days: Day[];
  workingDays: number;
  /** Share of the month's working days the segment covers: what part of a monthly quota is due in it. */
  frac: number;
  current: boolean;
};

type Ctx = {
  seed: number;
  storesPerRep: number;
  today: LocalDate;
  start: LocalDate;
  /** Latest local minute on `today` an interaction may take (exclusive); WORK_END_MIN without `now`. */
  todayEndMin: number;
  segments: Segment[];
  weeks: string[];
  festivals: FestivalOccurrence[];
  baseTime: number;
  birthdayMemo: Map<string, LocalDate[]>;
};

function buildCtx(opts: DemoOptions): Ctx {
  const { today } = opts;
  const prevMonthFirst = monthBounds(monthOf(addDays(monthBounds(monthOf(today)).first, -1))).first;
  const historyDays = opts.historyDays ?? daysBetween(prevMonthFirst, today);
  if (!Number.isInteger(historyDays) || historyDays < 0) throw new RangeError("historyDays must be a whole number ≥ 0");
  const start = addDays(today, -historyDays);
  const segments: Segment[] = [];
  const weeks = new Set<string>();
  for (let m = monthOf(start); m <= monthOf(today); m = monthOf(addDays(monthBounds(m).last, 1))) {
    const { first, last } = monthBounds(m);
    const from = first < start ? start : first;
    const to = last > today ? today : last;
    const days: Day[] = [];
    let monthWorking = 0;
    for (let d = first; d <= last; d = addDays(d, 1)) {
      const working = isWorkingDay(DEFAULT_POLICY, d);
      if (working) monthWorking++;
      if (d >= from && d <= to) {
        const week = isoWeekOf(d);
        weeks.add(week);
        days.push({ date: d, working, week });
      }
    }
    const workingDays = days.filter((d) => d.working).length;
    segments.push({ month: m, days, workingDays, frac: monthWorking ? workingDays / monthWorking : 0, current: m === monthOf(today) });
  }
  let todayEndMin = WORK_END_MIN;
  if (opts.now !== undefined) {
    const nowDate = new Date(opts.now + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);
    if (nowDate === today) todayEndMin = Math.min(WORK_END_MIN, localMinuteOf(opts.now));
    else if (nowDate < today) todayEndMin = 0;
  }
  const fests: FestivalOccurrence[] = [];
  for (let y = parts(start).year - 1; y <= parts(today).year + 1; y++) {
    for (const def of DEFAULT_FESTIVALS) {
      const occ = def.active ? festivalOccurrence(def, y) : null;
      if (occ && occ.windowStart <= today && occ.windowEnd >= start) fests.push(occ);
    }
  }
  return {
    seed: opts.seed,
    storesPerRep: opts.storesPerRep,
    today,
    start,
    todayEndMin,
    segments,
    weeks: [...weeks],
    festivals: fests,
    // Stores, contacts and people "existed" well before the history starts.
    baseTime: instantOf(addDays(start, -120), WORK_START_MIN),
    birthdayMemo: new Map(),
  };
}

/** Solar dates of a birthday from history start to a week after today; memoised (a few hundred distinct birthdays). */
function birthdayDates(ctx: Ctx, b: Birthday): LocalDate[] {
  const key = `${b.calendar}${b.leapMonth ? "L" : ""}${b.month}-${b.day}`;
  let dates = ctx.birthdayMemo.get(key);
  if (!dates) {
    dates = birthdaysBetween(b, ctx.start, addDays(ctx.today, 7));
    ctx.birthdayMemo.set(key, dates);
  }
  return dates;
}

// ---- per-rep world ------------------------------------------------------------------------------

type ContactGen = {
  id: number;
  storeId: number;
  role: ContactRole;
  name: string;
  addr: string;
  pinyin: string;
  gender: Gender;
  birthYear: number;
  /** Age this year, for notes that must fit (a grandchild at 50, a wedding at 28). */
  age: number;
  phone: string | null;
  wechat: string | null;
  qq: string | null;
  birthday: Birthday | null;
  tags: string[];
  prefs: number[];
  family: string[];
  dnc: boolean;
};

type StoreGen = {
  row: SeedRows["stores"];
  cls: StoreClass;
  /** How much attention this store gets (0 = neglected this period). */
  factor: number;
  active: boolean;
  contacts: ContactGen[];
  slowProduct: string;
  slowCause: number;
};

type IxGen = {
  store: StoreGen;
  contact: ContactGen | null;
  channel: Channel;
  date: LocalDate;
  at: number;
  occasion: Occasion;
  festivalKey: string | null;
  festivalYear: number | null;
  lifeEventId: number | null;
  giftWhat: string | null;
  giftValue: number | null;
  askedHelp: boolean;
  problemSolved: string | null;
  trainingTopic: string | null;
  notes: string | null;
};

type Ids = { store: number; contact: number; lifeEvent: number; interaction: number; insight: number };

type RepRows = {
  stores: SeedRows["stores"][];
  contacts: SeedRows["contacts"][];
  lifeEvents: SeedRows["lifeEvents"][];
  interactions: SeedRows["interactions"][];
  visitInsights: SeedRows["visitInsights"][];
};

const TIER_DILIGENCE: Record<RepTier, readonly [number, number]> = {
  on_pace: [1.0, 1.12],
  slightly_behind: [0.8, 0.9],
  behind: [0.55, 0.68],
  well_behind: [0.22, 0.38],
};

/** Chance a store is neglected outright (no contact in a month), by tier. */
const TIER_NEGLECT: Record<RepTier, number> = { on_pace: 0, slightly_behind: 0.04, behind: 0.1, well_behind: 0.3 };

/** Weights of a visit's intel completeness 0…6 (R12–R17) by tier: diligent reps bring back more. */
const TIER_INTEL: Record<RepTier, readonly number[]> = {
  on_pace: [1, 1, 2, 6, 10, 8, 6],
  slightly_behind: [2, 2, 4, 8, 8, 4, 2],
  behind: [4, 4, 5, 7, 5, 3, 1],
  well_behind: [7, 6, 5, 4, 2, 1, 0],
};

const CLASS_CONTACTS: Record<StoreClass, readonly [number, number]> = { A: [2, 4], B: [1, 3], C: [1, 2] };
const ROLE_AGE: Record<ContactRole, readonly [number, number]> = {
  owner: [34, 62],
  manager: [27, 50],
  clerk: [20, 56],
  pharmacist: [26, 60],
  buyer: [28, 52],
};
const CHANNEL_CONTACT_WEIGHT: Record<Channel, Record<ContactRole, number>> = {
  visit: { owner: 3, manager: 3, pharmacist: 2, clerk: 2, buyer: 1 },
  phone: { owner: 4, manager: 4, buyer: 3, pharmacist: 1, clerk: 1 },
  message: { owner: 3, manager: 3, pharmacist: 2, clerk: 2, buyer: 2 },
  third_party: { owner: 1, manager: 1, pharmacist: 1, clerk: 1, buyer: 1 },
};
const LIFE_EVENT_WEIGHTS: readonly (readonly [LifeEventKind, number])[] = [
  ["wedding", 3],
  ["new_baby", 3],
  ["illness", 2],
  ["bereavement", 1.2],
  ["accident", 0.8],
];
const QUOTA_CHANNELS_ORDER: readonly QuotaChannel[] = ["visit", "phone", "message"];

function classMix(rng: Rng, n: number): StoreClass[] {
  const a = Math.round(n * 0.2);
  const b = Math.round(n * 0.3);
  const out: StoreClass[] = [];
  for (let i = 0; i < n; i++) out.push(i < a ? "A" : i < a + b ? "B" : "C");
  return rng.shuffle(out);
}

function pickBirthday(rng: Rng, birthYear: number, thisYear: number): { birthday: Birthday; birthYear: number } {
  const lunarShare = thisYear - birthYear >= 38 ? 0.45 : 0.15; // older people more often keep the lunar birthday
  if (!rng.chance(lunarShare)) {
    const month = rng.int(1, 12);
    // Now and then a 29 February, born in a leap year: a solar edge case the demo should show.
    if (month === 2 && rng.chance(0.03)) {
      const leapYear = birthYear - (birthYear % 4);
      return { birthday: { calendar: "solar", month: 2, day: 29, leapMonth: false }, birthYear: leapYear };
    }
    return { birthday: { calendar: "solar", month, day: rng.int(1, daysInMonth(birthYear, month)), leapMonth: false }, birthYear };
  }
  const r = rng.next();
  if (r < 0.06) {
    // Born in a leap month (闰月): move the birth year to the nearest one that had a leap month.
    for (let k = 0; k < 12; k++) {
      for (const y of [birthYear - k, birthYear + k]) {
        if (thisYear - y < 18) continue;
        const leap = leapMonthOf(y);
        if (leap) {
          const day = rng.int(1, lunarMonthDays(y, leap, true));
          return { birthday: { calendar: "lunar", month: leap, day, leapMonth: true }, birthYear: y };
        }
      }
    }
  }
  const month = rng.int(1, 12);
  const days = lunarMonthDays(birthYear, month, false);
  // Born on the 30th (of a 30-day month): celebrated on the 29th in years the month is short.
  if (r < 0.14 && days === 30) return { birthday: { calendar: "lunar", month, day: 30, leapMonth: false }, birthYear };
  return { birthday: { calendar: "lunar", month, day: rng.int(1, days), leapMonth: false }, birthYear };
}

function makeContact(rng: Rng, ctx: Ctx, id: number, storeId: number, role: ContactRole, isFirst: boolean): ContactGen {
  const [surname, pinyin] = pickSurname(rng);
  const femaleShare = role === "clerk" ? 0.78 : role === "pharmacist" ? 0.62 : 0.5;
  const gender: Gender = rng.chance(femaleShare) ? "f" : "m";
  const [minAge, maxAge] = ROLE_AGE[role];
  const age = rng.int(minAge, maxAge);
  let birthYear = parts(ctx.today).year - age;
  const given = pickGiven(rng, gender, birthYear);
  let birthday: Birthday | null = null;
  if (rng.chance(0.85)) {
    const b = pickBirthday(rng, birthYear, parts(ctx.today).year);
    birthday = b.birthday;
    birthYear = b.birthYear;
  }
  const tags: string[] = [];
  const roleTags = CONTACT_TAGS[role];
  if (roleTags && rng.chance(0.7)) tags.push(rng.pick(roleTags));
  if (rng.chance(0.2)) tags.push(rng.pick(CONTACT_TAGS.any));
  const realAge = parts(ctx.today).year - birthYear;
  const fitting = PREFERENCES.flatMap((p, i) => (fits(p, realAge, gender) ? [i] : []));
  const prefs = rng.chance(0.55) ? rng.sample(fitting, rng.int(1, 3)).sort((a, b) => a - b) : [];
  const family = rng.chance(0.45) ? rng.sample(FAMILY_NOTES.filter((f) => fits(f, realAge, gender)), rng.int(1, 2)).map((f) => f.text) : [];
  return {
    id,
    storeId,
    role,
    name: `${surname}${given}`,
    addr: formOfAddress(rng, { surname, given, gender, age: realAge, role }),
    pinyin,
    gender,
    birthYear,
    age: realAge,
    phone: rng.chance(0.92) ? mobile(rng) : null,
    wechat: rng.chance(0.8) ? wechatId(rng, pinyin, birthYear) : null,
    qq: rng.chance(0.2) ? qqNumber(rng) : null,
    birthday,
    tags,
    prefs,
    family,
    // Someone asked not to be contacted: never the store's main contact, and never linked to anything below.
    dnc: !isFirst && rng.chance(0.015),
  };
}

function contactRow(c: ContactGen, createdAt: number): SeedRows["contacts"] {
  return {
    id: c.id,
    storeId: c.storeId,
    role: c.role,
    name: c.name,
    formOfAddress: c.addr,
    phone: c.phone,
    wechat: c.wechat,
    qq: c.qq,
    birthdayCalendar: c.birthday?.calendar ?? null,
    birthdayMonth: c.birthday?.month ?? null,
    birthdayDay: c.birthday?.day ?? null,
    birthdayLeapMonth: c.birthday?.leapMonth ?? false,
    birthYear: c.birthYear,
    tags: c.tags,
    preferences: c.prefs.length ? c.prefs.map((i) => PREFERENCES[i]!.text).join("；") : null,
    familyNotes: c.family.length ? c.family.join("；") : null,
    doNotContact: c.dnc,
    createdAt,
    updatedAt: createdAt,
  };
}

function pickContact(rng: Rng, store: StoreGen, channel: Channel): ContactGen | null {
  const ok = store.contacts.filter(
    (c) => !c.dnc && (channel === "phone" ? c.phone !== null : channel === "message" ? c.phone !== null || c.wechat !== null : true),
  );
  if (ok.length === 0) return null;
  const weights = CHANNEL_CONTACT_WEIGHT[channel];
  return rng.weighted(ok, ok.map((c) => weights[c.role]));
}

/** `n` distinct days of `days`, weighted (Efraimidis–Spirakis: smallest −ln(u)/w keys win). */
function pickDays(rng: Rng, days: readonly Day[], n: number, weight: (d: Day) => number): Day[] {
  if (n <= 0) return [];
  const keyed: { day: Day; key: number }[] = [];
  for (const day of days) {
    const w = weight(day);
    if (w > 0) keyed.push({ day, key: -Math.log(1 - rng.next()) / w });
  }
  keyed.sort((a, b) => a.key - b.key);
  return keyed.slice(0, n).map((k) => k.day);
}

/**
 * An instant during working hours on `date`, or on an earlier day of `days` when `today` has no
 * working time left before `now`; null when there is no such day.
 */
function placeTime(rng: Rng, ctx: Ctx, date: LocalDate, earliest: LocalDate): { date: LocalDate; at: number } | null {
  let d = date;
  let end = d === ctx.today ? ctx.todayEndMin : WORK_END_MIN;
  if (end <= WORK_START_MIN) {
    d = addDays(d, -1);
    if (d < earliest || d < ctx.start) return null;
    end = WORK_END_MIN;
  }
  const minute = rng.int(WORK_START_MIN, end - 1);
  return { date: d, at: instantOf(d, minute, rng.int(0, 59)) };
}

function newIx(store: StoreGen, contact: ContactGen | null, channel: Channel, date: LocalDate, at: number): IxGen {
  return {
    store,
    contact,
    channel,
    date,
    at,
    occasion: "routine",
    festivalKey: null,
    festivalYear: null,
    lifeEventId: null,
    giftWhat: null,
    giftValue: null,
    askedHelp: false,
    problemSolved: null,
    trainingTopic: null,
    notes: null,
  };
}

function giftValue(rng: Rng, min: number, max: number): number {
  return Math.round(rng.int(min, max) / 10) * 10;
}

function buildRep(ctx: Ctx, repIndex: number, repId: number, city: City, ids: Ids): RepRows {
  const rng = Rng.for(ctx.seed, 2, repIndex);
  const tier = repTier(repIndex + 1);
  const [dLo, dHi] = TIER_DILIGENCE[tier];
  const diligence = rng.real(dLo, dHi);
  // Last month a little different, so the manager's "change" columns move.
  const prevDiligence = Math.max(0.15, diligence + rng.real(-0.15, 0.12));
  const weekFactor = new Map(ctx.weeks.map((w) => [w, rng.real(0.8, 1.2)] as const));
  const dilOf = (seg: Segment) => (seg.current ? diligence : prevDiligence);

  // -- stores and contacts
  const storeGens: StoreGen[] = [];
  const classes = classMix(rng, ctx.storesPerRep);
  const usedNames = new Set<string>();
  for (const cls of classes) {
    const district = rng.pick(city.districts);
    const street = rng.pick(district.streets);
    let name: string;
    let isChain: boolean;
    let attempt = 0;
    do {
      const chain = (isChain = rng.chance(0.55));
      const s = attempt < 3 ? street : rng.pick(district.streets);
      name = chain
        ? branchName(rng.weightedPair(CHAINS), s)
        : rng.chance(0.35)
          ? branchName(rng.pick(INDEPENDENT_STORES), s, "分店")
          : rng.pick(INDEPENDENT_STORES);
      attempt++;
    } while (usedNames.has(name) && attempt < 8);
    usedNames.add(name);
    const storeId = ++ids.store;
    const active = !rng.chance(0.012);
    const neglect = TIER_NEGLECT[tier] * (cls === "A" ? 0.3 : cls === "B" ? 0.8 : 1.3);
    const store: StoreGen = {
      row: {
        id: storeId,
        name,
        class: cls,
        repId,
        address: `${city.name}市${district.name}${street}${rng.int(1, 399)}号`,
        city: city.name,
        phone: `${city.areaCode}-8${rng.digits(7)}`,
        archived: !active,
        createdAt: ctx.baseTime,
      },
      cls,
      factor: rng.chance(neglect) ? 0 : rng.real(0.8, 1.2),
      active,
      contacts: [],
      slowProduct: rng.pick(OUR_PRODUCTS),
      slowCause: rng.int(0, SLOW_MOVER_CAUSES.length - 1),
    };
    const [cMin, cMax] = CLASS_CONTACTS[cls];
    const nContacts = rng.int(cMin, cMax);
    for (let k = 0; k < nContacts; k++) {
      const role: ContactRole =
        k === 0
          ? isChain ? "manager" : "owner"
          : rng.weightedPair<ContactRole>([["clerk", 6], ["pharmacist", 2], ["buyer", cls === "C" ? 0 : 1]]);
      store.contacts.push(makeContact(rng, ctx, ++ids.contact, storeId, role, k === 0));
    }
    storeGens.push(store);
  }
  const activeStores = storeGens.filter((s) => s.active);
  const reachable = activeStores.flatMap((s) => s.contacts.filter((c) => !c.dnc));

  // -- birthdays within the coming week, so today's digest has some (R6)
  const upcoming = reachable.length ? rng.sample(reachable, Math.min(reachable.length, rng.int(1, 2))) : [];
  for (const c of upcoming) {
    const target = addDays(ctx.today, rng.int(0, 7));
    let b: Birthday = { calendar: "solar", ...monthDay(target), leapMonth: false };
    if (rng.chance(0.5)) {
      const l = solarToLunar(target);
      if (!l.leap) {
        // The 29th of a 29-day month: a birthday kept as the 30th falls on it.
        const day = l.day === 29 && lunarMonthDays(l.year, l.month, false) === 29 && rng.chance(0.5) ? 30 : l.day;
        const lunar: Birthday = { calendar: "lunar", month: l.month, day, leapMonth: false };
        if (birthdaysBetween(lunar, target, target).length) b = lunar;
      }
    }
    c.birthday = b;
    if (b.calendar === "solar" && b.month === 2 && b.day === 29) {
      c.birthYear -= c.birthYear % 4;
      c.age = parts(ctx.today).year - c.birthYear;
    }
  }

  const ixs: IxGen[] = [];
  const add = (store: StoreGen, contact: ContactGen | null, channel: Channel, date: LocalDate, earliest: LocalDate): IxGen | null => {
    const placed = placeTime(rng, ctx, date, earliest);
    if (!placed) return null;
    const ix = newIx(store, contact, channel, placed.date, placed.at);
    ixs.push(ix);
    return ix;
  };

  // -- routine contacts by quota (R1–R3), paced by diligence and the week's mood
  for (const seg of ctx.segments) {
    const dil = dilOf(seg);
    const segStart = seg.days[0]?.date ?? ctx.today;
    for (const store of activeStores) {
      for (const channel of QUOTA_CHANNELS_ORDER) {
        const q = DEFAULT_POLICY.quotas[channel][store.cls];
        const n = Math.min(seg.workingDays, rng.round(q * seg.frac * dil * store.factor));
        const sunday = channel === "message" ? 0.4 : channel === "phone" ? 0.15 : 0.03;
        for (const day of pickDays(rng, seg.days, n, (d) => (d.working ? weekFactor.get(d.week)! : sunday))) {
          const ix = add(store, pickContact(rng, store, channel), channel, day.date, segStart);
          if (ix && rng.chance(0.3)) {
            ix.notes = rng.pick(channel === "visit" ? VISIT_NOTES : channel === "phone" ? PHONE_NOTES : MESSAGE_NOTES);
          }
          // A small gift now and then on a routine visit, well under the yearly cap per store.
          if (ix && channel === "visit" && store.cls !== "C" && rng.chance(0.04)) {
            const [what, lo, hi] = rng.pick(ROUTINE_GIFTS);
            ix.giftWhat = what;
            ix.giftValue = giftValue(rng, lo, hi);
          }
        }
      }
    }
    // Third-party help (counts toward no quota).
    const nThird = rng.round(3 * seg.frac * dil);
    for (let k = 0; k < nThird && activeStores.length; k++) {
      const day = pickDays(rng, seg.days, 1, (d) => (d.working ? 1 : 0))[0];
      if (!day) break;
      const ix = add(rng.pick(activeStores), null, "third_party", day.date, segStart);
      if (ix) ix.notes = rng.pick(THIRD_PARTY_NOTES);
    }
  }

  // -- festivals whose action window overlaps the history (R4, R5)
  for (const occ of ctx.festivals) {
    const from = occ.windowStart > ctx.start ? occ.windowStart : ctx.start;
    const to = occ.windowEnd < ctx.today ? occ.windowEnd : ctx.today;
    if (from > to) continue;
    // Before the festival the work is only partly done: scale by how much of the run-up has passed.
    const progress = clamp01((daysBetween(occ.windowStart, to) + 1) / (daysBetween(occ.windowStart, occ.date) + 1));
    const gift = FESTIVAL_GIFTS[occ.key] ?? (["水果篮", 60, 150] as const);
    const nearFrom = addDays(occ.date, -7) > from ? addDays(occ.date, -7) : from;
    const span = nearFrom <= to ? [nearFrom, to] : [from, to];
    for (const store of activeStores) {
      const p = clamp01(diligence) * progress * (store.factor === 0 ? 0.3 : 1);
      for (const action of occ.actions[store.cls]) {
        if (!rng.chance(p)) continue;
        const channel: Channel = action === "visit_with_gift" ? "visit" : action;
        const date = addDays(span[0]!, rng.int(0, daysBetween(span[0]!, span[1]!)));
        const ix = add(store, store.contacts[0]!.dnc ? null : store.contacts[0]!, channel, date, from);
        if (!ix) continue;
        ix.occasion = "festival";
        ix.festivalKey = occ.key;
        ix.festivalYear = occ.year;
        ix.notes = `${occ.name["zh-CN"]}${channel === "visit" ? "拜访" : channel === "phone" ? "电话问候" : "祝福短信"}`;
        if (action === "visit_with_gift") {
          ix.giftWhat = gift[0];
          ix.giftValue = giftValue(rng, gift[1], gift[2]);
        }
      }
    }
  }

  // -- birthday messages already sent in the history (R6)
  const birthdayP = 0.45 + 0.45 * clamp01(diligence);
  for (const store of activeStores) {
    for (const c of store.contacts) {
      if (c.dnc || !c.birthday) continue;
      for (const d of birthdayDates(ctx, c.birthday)) {
        if (d >= ctx.today || !rng.chance(birthdayP)) continue;
        const ix = add(store, c, "message", d, d);
        if (ix) {
          ix.occasion = "birthday";
          ix.notes = "生日祝福";
        }
      }
    }
  }

  // -- life events (R7, R8): some open (a few overdue), some followed up with a linked visit
  const lifeRows: SeedRows["lifeEvents"][] = [];
  const historyLen = daysBetween(ctx.start, ctx.today);
  const nEvents = repIndex % 4 === 0 ? 2 : rng.weightedPair([[0, 3], [1, 5], [2, 2]] as const);
  for (let k = 0; k < nEvents && reachable.length; k++) {
    const c = rng.pick(reachable);
    const store = activeStores.find((s) => s.row.id === c.storeId)!;
    const kind = rng.weightedPair(LIFE_EVENT_WEIGHTS);
    const rule = DEFAULT_POLICY.followUps[kind];
    // rep001, rep005, …: one fresh open event and one already followed up, so the demo shows both.
    const mode = repIndex % 4 === 0 ? (k === 0 ? "open" : "done") : rng.weightedPair([["open", 4], ["done", 5], ["future", kind === "wedding" ? 2 : 0]] as const);
    let date: LocalDate;
    let state: "open" | "done" = "open";
    let followUp: LocalDate | null = null;
    if (mode === "future") date = addDays(ctx.today, rng.int(1, 10));
    else if (mode === "open") date = addDays(ctx.today, -rng.int(0, Math.min(6, historyLen)));
    else {
      date = addDays(ctx.today, -rng.int(Math.min(2, historyLen), Math.min(25, historyLen)));
      followUp = addDays(date, rng.int(0, Math.min(rule.dueDays, daysBetween(date, ctx.today))));
      state = "done";
    }
    const id = ++ids.lifeEvent;
    if (followUp) {
      const ix = add(store, c, rule.channel, followUp, date);
      if (ix) {
        ix.occasion = "life_event";
        ix.lifeEventId = id;
        const [what, lo, hi] = rng.pick(LIFE_EVENT_GIFTS[kind]);
        ix.giftWhat = what;
        ix.giftValue = giftValue(rng, lo, hi);
        ix.notes = kind === "wedding" || kind === "new_baby" ? "登门道喜" : "登门慰问";
      } else {
        state = "open";
      }
    }
    const learned = date < ctx.today ? date : addDays(ctx.today, -1);
    lifeRows.push({
      id,
      contactId: c.id,
      kind,
      date,
      notes: fill(pickFitting(rng, LIFE_EVENT_NOTES[kind], c.age, c.gender).text, { addr: c.addr }),
      state,
      createdAt: instantOf(learned, WORK_START_MIN + rng.int(0, 480)),
    });
  }

  // -- rep-level rules: training (R11), help asked (R9), problems solved (R10)
  for (const seg of ctx.segments) {
    const dil = dilOf(seg);
    const segStart = seg.days[0]?.date;
    if (!segStart) continue;
    const inSeg = (ix: IxGen) => ix.date >= segStart && ix.date <= seg.days[seg.days.length - 1]!.date;
    const aStores = activeStores.filter((s) => s.cls === "A");
    const nTraining = rng.chance(clamp01(dil * (0.3 + 0.7 * seg.frac))) ? (rng.chance(0.12) ? 2 : 1) : 0;
    for (let k = 0; k < nTraining && aStores.length; k++) {
      const routineA = ixs.filter((ix) => inSeg(ix) && ix.channel === "visit" && ix.occasion === "routine" && ix.store.cls === "A");
      let ix: IxGen | null = routineA.length ? rng.pick(routineA) : null;
      if (!ix) {
        const day = pickDays(rng, seg.days, 1, (d) => (d.working ? 1 : 0))[0];
        const store = rng.pick(aStores);
        ix = day ? add(store, pickContact(rng, store, "visit"), "visit", day.date, segStart) : null;
      }
      if (!ix) continue;
      ix.occasion = "training";
      ix.trainingTopic = rng.pick(TRAINING_TOPICS);
      ix.notes = `给店员做了一次培训：${ix.trainingTopic}`;
    }
    const workable = ixs.filter((ix) => inSeg(ix) && (ix.channel === "visit" || ix.channel === "phone") && ix.occasion === "routine");
    const nHelp = Math.min(workable.length, rng.round(DEFAULT_POLICY.helpAskedPerRep * seg.frac * dil * rng.real(0.9, 1.25)));
    for (const ix of rng.sample(workable, nHelp)) {
      ix.askedHelp = true;
      ix.notes = fill(rng.pick(HELP_ASKED), { p: rng.pick(OUR_PRODUCTS) });
    }
    const byStore = new Map<StoreGen, IxGen[]>();
    for (const ix of workable) {
      const list = byStore.get(ix.store);
      if (list) list.push(ix);
      else byStore.set(ix.store, [ix]);
    }
    for (const [store, list] of byStore) {
      const want = rng.round(DEFAULT_POLICY.problemsSolved.perClass[store.cls] * seg.frac * dil * (store.factor === 0 ? 0 : 1));
      for (const ix of rng.sample(list, Math.min(want, list.length))) ix.problemSolved = rng.pick(PROBLEMS_SOLVED);
    }
  }

  // -- ids in time order, then the rows
  ixs.sort((a, b) => a.at - b.at);
  const intelWeights = TIER_INTEL[tier];
  const intelCounts = [0, 1, 2, 3, 4, 5, 6];
  const ixRows: SeedRows["interactions"][] = [];
  const insightRows: SeedRows["visitInsights"][] = [];
  const lastSlow = new Map<number, SeedRows["visitInsights"]>();
  for (const ix of ixs) {
    const id = ++ids.interaction;
    ixRows.push({
      id,
      repId,
      storeId: ix.store.row.id!,
      contactId: ix.contact?.id ?? null,
      channel: ix.channel,
      occurredAt: ix.at,
      localDate: ix.date,
      occasion: ix.occasion,
      festivalKey: ix.festivalKey,
      festivalYear: ix.festivalYear,
      lifeEventId: ix.lifeEventId,
      giftWhat: ix.giftWhat,
      giftValue: ix.giftValue,
      askedHelp: ix.askedHelp,
      problemSolved: ix.problemSolved,
      trainingTopic: ix.trainingTopic,
      notes: ix.notes,
      greetingTemplateId: null,
      idempotencyKey: `seed-${id}`,
      createdAt: ix.at,
    });
    if (ix.channel !== "visit") continue;
    // R12–R17: intel completeness varies by rep; a condolence visit is not the moment for market research.
    const k = ix.occasion === "life_event" ? rng.int(0, 1) : rng.weighted(intelCounts, intelWeights);
    const kinds = new Set(rng.sample(INSIGHT_KINDS, k));
    // One clerk per visit is the source, so R13 (preference) and R14 (done for it) tell one story.
    const about: About = { contact: clerkOf(rng, ix.store), pref: -1 };
    for (const kind of INSIGHT_KINDS) {
      if (!kinds.has(kind)) continue;
      const row = insight(rng, ix, about, kind, ++ids.insight, id);
      insightRows.push(row);
      if (kind === "slow_mover") {
        // One open issue per store: an earlier report of the same slow mover is superseded by the latest.
        const prev = lastSlow.get(ix.store.row.id!);
        if (prev) prev.status = "resolved";
        lastSlow.set(ix.store.row.id!, row);
      }
    }
  }
  // A slow mover last reported more than three weeks ago counts as dealt with, most of the time.
  for (const row of lastSlow.values()) {
    if (row.createdAt! < instantOf(addDays(ctx.today, -21), 0) && rng.chance(0.6)) row.status = "resolved";
  }

  const contactRows: SeedRows["contacts"][] = [];
  for (const s of storeGens) for (const c of s.contacts) contactRows.push(contactRow(c, ctx.baseTime));
  return {
    stores: storeGens.map((s) => s.row),
    contacts: contactRows,
    lifeEvents: lifeRows,
    interactions: ixRows,
    visitInsights: insightRows,
  };
}

function monthDay(d: LocalDate): { month: number; day: number } {
  const p = parts(d);
  return { month: p.month, day: p.day };
}

/** The contact an intel item is about: a clerk (营业员) when the store has one, as the handbook asks. */
function clerkOf(rng: Rng, store: StoreGen): ContactGen | null {
  const ok = store.contacts.filter((c) => !c.dnc);
  if (ok.length === 0) return null;
  const clerks = ok.filter((c) => c.role === "clerk" || c.role === "pharmacist");
  return rng.pick(clerks.length ? clerks : ok);
}

type About = { contact: ContactGen | null; pref: number };

function insight(rng: Rng, ix: IxGen, about: About, kind: InsightKind, id: number, interactionId: number): SeedRows["visitInsights"] {
  const store = ix.store;
  const contact = about.contact;
  const age = contact ? contact.age : 35;
  let subject: string | null = null;
  let detail: string;
  let reason: string | null = null;
  let action: string | null = null;
  switch (kind) {
    case "product_feedback":
      subject = rng.pick(OUR_PRODUCTS);
      detail = fill(rng.pick(PRODUCT_FEEDBACK), { p: subject });
      break;
    case "competitor":
      subject = rng.pick(COMPETITOR_PRODUCTS);
      detail = fill(rng.pick(COMPETITOR_DETAILS), { c: subject });
      break;
    case "slow_mover": {
      subject = store.slowProduct;
      const cause = SLOW_MOVER_CAUSES[store.slowCause]!;
      detail = fill(rng.pick(SLOW_MOVER_DETAILS), { n: rng.int(1, 5) });
      reason = cause.reason;
      action = cause.action;
      break;
    }
    case "clerk_preference":
    case "preference_action": {
      if (about.pref < 0) {
        // What is learned lands on the contact's profile (SPEC §2), so a new preference is added there.
        if (contact && contact.prefs.length === 0) contact.prefs.push(PREFERENCES.indexOf(pickFitting(rng, PREFERENCES, age, contact.gender)));
        about.pref = contact ? rng.pick(contact.prefs) : rng.int(0, PREFERENCES.length - 1);
      }
      const pref = PREFERENCES[about.pref]!;
      const addr = contact?.addr ?? "店员";
      detail = kind === "clerk_preference" ? `${addr}${pref.text}` : fill(pref.action, { addr });
      break;
    }
    case "family": {
      if (contact && contact.family.length === 0) contact.family.push(pickFitting(rng, FAMILY_NOTES, age, contact.gender).text);
      detail = `${contact?.addr ?? "店员"}：${contact ? rng.pick(contact.family) : rng.pick(FAMILY_NOTES).text}`;
      break;
    }
  }
  return {
    id,
    interactionId,
    kind,
    contactId: contact?.id ?? null,
    subject,
    detail,
    reason,
    action,
    status: "open",
    createdAt: ix.at + 60_000,
  };
}

// ---- the generator ------------------------------------------------------------------------------

function chunk<K extends SeedTable>(table: K, rows: SeedRows[K][]): SeedChunk {
  return { table, rows } as SeedChunk;
}

function* slices<K extends SeedTable>(table: K, rows: SeedRows[K][], size: number): Generator<SeedChunk> {
  for (let i = 0; i < rows.length; i += size) yield chunk(table, rows.slice(i, i + size));
}

type RepTable = "stores" | "contacts" | "lifeEvents" | "interactions" | "visitInsights";
const REP_TABLES: readonly RepTable[] = ["stores", "contacts", "lifeEvents", "interactions", "visitInsights"];

/** Team i's name: 长沙一组, 长沙二组, 株洲一组, 湘潭一组, … (cities cycle by TEAM_CITY_CYCLE). */
export function teamName(i: number): { name: string; city: City } {
  const cityIndex = TEAM_CITY_CYCLE[i % TEAM_CITY_CYCLE.length]!;
  const city = CITIES[cityIndex]!;
  let ordinal = 0;
  for (let j = 0; j <= i; j++) if (TEAM_CITY_CYCLE[j % TEAM_CITY_CYCLE.length] === cityIndex) ordinal++;
  return { name: `${city.name}${chineseNumber(ordinal)}组`, city };
}

export function* generateOrg(opts: DemoOptions): Generator<SeedChunk, void, undefined> {
  const { reps, storesPerRep, seed } = opts;
  if (!Number.isInteger(reps) || reps < 0) throw new RangeError("reps must be a whole number ≥ 0");
  if (!Number.isInteger(storesPerRep) || storesPerRep < 0) throw new RangeError("storesPerRep must be a whole number ≥ 0");
  const managers = opts.managers ?? Math.max(1, Math.ceil(reps / 4));
  if (!Number.isInteger(managers) || managers < 0 || (reps > 0 && managers < 1)) {
    throw new RangeError("managers must be a whole number, at least 1 when there are reps");
  }
  const size = opts.chunkSize ?? 1000;
  const ctx = buildCtx(opts);

  yield chunk("policy", [{ id: 1, data: structuredClone(DEFAULT_RULES), updatedAt: ctx.baseTime, updatedBy: null }]);
  yield chunk(
    "festivals",
    DEFAULT_FESTIVALS.map((f, i) => ({ id: i + 1, ...festivalToRow(f), actions: structuredClone(f.actions) })),
  );

  const teamCities: City[] = [];
  const teamRows: SeedRows["teams"][] = [];
  for (let i = 0; i < managers; i++) {
    const t = teamName(i);
    teamCities.push(t.city);
    teamRows.push({ id: i + 1, name: t.name, createdAt: ctx.baseTime });
  }
  yield* slices("teams", teamRows, size);

  // Users: admin 1, managers 2…managers+1, reps after them.
  const person = (i: number, role: "admin" | "manager" | "rep", teamId: number | null, email: string, name?: string): SeedRows["users"] => {
    const rng = Rng.for(seed, 1, i);
    const gender: Gender = rng.chance(0.5) ? "f" : "m";
    const birthYear = parts(ctx.today).year - rng.int(role === "rep" ? 23 : 32, role === "rep" ? 45 : 55);
    return {
      id: i,
      email,
      name: name ?? `${pickSurname(rng)[0]}${pickGiven(rng, gender, birthYear)}`,
      role,
      teamId,
      locale: "zh-CN",
      timeZone: DEFAULT_POLICY.timeZone,
      digestTime: role === "rep" ? rng.weightedPair([["07:30", 7], ["07:00", 1.5], ["08:00", 1.5]] as const) : "07:30",
      digestPaused: false,
      phone: role === "admin" ? null : mobile(rng),
      active: true,
      createdAt: ctx.baseTime,
    };
  };
  let userBuf: SeedRows["users"][] = [person(1, "admin", null, ADMIN_EMAIL, "系统管理员")];
  for (let m = 1; m <= managers; m++) {
    userBuf.push(person(1 + m, "manager", m, managerEmail(m)));
    if (userBuf.length >= size) {
      yield chunk("users", userBuf);
      userBuf = [];
    }
  }
  const firstRepId = managers + 2;
  const teamOfRep = (r: number) => Math.floor((r * managers) / Math.max(1, reps));
  for (let r = 0; r < reps; r++) {
    userBuf.push(person(firstRepId + r, "rep", teamOfRep(r) + 1, repEmail(r + 1)));
    if (userBuf.length >= size) {
      yield chunk("users", userBuf);
      userBuf = [];
    }
  }
  if (userBuf.length) yield chunk("users", userBuf);

  const ids: Ids = { store: 0, contact: 0, lifeEvent: 0, interaction: 0, insight: 0 };
  const buf: RepRows = { stores: [], contacts: [], lifeEvents: [], interactions: [], visitInsights: [] };
  function* flush(table: RepTable, all: boolean): Generator<SeedChunk> {
    const rows = buf[table] as SeedRows[RepTable][];
    const keep = all ? 0 : rows.length % size;
    const out = rows.splice(0, rows.length - keep);
    if (out.length) yield* slices(table, out, size);
  }
  for (let r = 0; r < reps; r++) {
    const rows = buildRep(ctx, r, firstRepId + r, teamCities[teamOfRep(r)]!, ids);
    for (const t of REP_TABLES) {
      const into = buf[t] as unknown[];
      for (const row of rows[t]) into.push(row);
    }
    for (let i = 0; i < REP_TABLES.length; i++) {
      const t = REP_TABLES[i]!;
      if (buf[t].length < size) continue;
      // Everything a child row may reference goes out before it.
      for (let j = 0; j < i; j++) yield* flush(REP_TABLES[j]!, true);
      yield* flush(t, false);
    }
  }
  for (const t of REP_TABLES) yield* flush(t, true);
}
