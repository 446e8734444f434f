// The reads of the managers' weekly summary (SPEC §6) for a job of managers (up to JOB_SIZE, 100), as
// set-based selects the caller runs in ONE db.batch (mail/compose.ts → the queue consumer).
//
// A job may stand for 100 teams of several reps with 200 stores each, so nothing here returns a row
// per store: SQLite aggregates per store and then counts the stores per (rep, class, channel, done)
// — a histogram from which the rules compute credited contacts, stores behind and festival coverage
// exactly. What is listed by name (stores not contacted for 30 days, gifts over the cap, the week's
// notes) is capped per rep with window functions. The bounds that depend on the policy (birthday due
// days, the gift cap) are read from the policy inside the statements; festival windows are checked
// when the contact is logged, so coverage counts the festival contacts up to the week's end.
//
// Scope: a manager sees their team (storeVisible for a manager). The selects are keyed by the
// managers' teams: reps of those teams and those reps' stores, nothing else.
import { and, asc, desc, eq, gte, inArray, isNotNull, lte, or, sql } from "drizzle-orm";
import type { BatchResponse } from "drizzle-orm/batch";
import type { Db } from "../db/client.ts";
import { contacts, interactions, lifeEvents, stores, teams, users, visitInsights } from "../db/schema.ts";
import { aboutContact } from "../db/queries/columns.ts";
import { birthdayOf } from "../domain/calendar/birthdays.ts";
import { monthContextFrom, monthContextQueries, type MonthContext } from "./rep-month.ts";
import { birthdayBetween, birthdayDaysJson, FESTIVAL_LOOKBACK_DAYS, MAX_DUE_DAYS } from "./digest-data.ts";
import { policyNumberSql } from "../db/queries/policy.ts";
import { giftSql, quotaChannelSql } from "../db/queries/rules.ts";
import { addDays, isoWeekOf, isoWeekday, monthBounds, monthOf, parts, ymd } from "../domain/dates.ts";
import { DEFAULT_BIRTHDAY_WINDOW, openFollowUps, type FollowUpInteraction } from "../domain/follow-ups.ts";
import { paceClock, paceOf, expectedByToday, type Pace, type PaceClock } from "../domain/pace.ts";
import { festivalsOfYear } from "../domain/calendar/festivals.ts";
import { matchActions, type FestivalInteraction } from "../domain/coverage.ts";
import { QUOTA_CHANNELS, STORE_CLASSES, type LocalDate, type QuotaChannel, type StoreClass } from "../domain/types.ts";
import type { FestivalOccurrence } from "../domain/policy.ts";

/** "Not contacted for 30+ days" (SPEC §6). */
export const NEGLECT_DAYS = 30;
/** Last contact is looked up this far back; older reads as "none in that time". */
export const NEGLECT_LOOKBACK_DAYS = 120;
/** Rows listed by name per rep: neglected stores, stores over the gift cap, notes of each kind. */
export const NAMED_PER_REP = 5;
export const NOTES_PER_REP = 10;
/** Open life events older than this are not counted as overdue any more (as in rep-month.ts). */
const LIFE_EVENT_LOOKBACK_DAYS = 120;
/** Festival contacts are binned by count up to this (no class owes more of one kind). */
const BIN_CAP = 9;

// ---- the week -----------------------------------------------------------------------------------

export type WeekRange = {
  /** The period: ISO week of the day the summary is sent. */
  label: string;
  /** Monday of that week: "now" for what is overdue. */
  sendDate: LocalDate;
  /** The week summarised (Mon–Sun before sendDate) and its ISO label. */
  start: LocalDate;
  end: LocalDate;
  weekLabel: string;
  /** The week before it, for the change. */
  prevStart: LocalDate;
  prevEnd: LocalDate;
};

/** Monday of ISO week `YYYY-Www`, or null when there is no such week. */
export function mondayOfIsoWeek(label: string): LocalDate | null {
  const m = /^(\d{4})-W(\d{2})$/.exec(label);
  if (!m) return null;
  const year = Number(m[1]);
  const week = Number(m[2]);
  if (week < 1 || week > 53 || year < 1902 || year > 2099) return null;
  const jan4 = ymd(year, 1, 4); // always in week 1
  const monday = addDays(jan4, 1 - isoWeekday(jan4) + (week - 1) * 7);
  return isoWeekOf(monday) === label ? monday : null;
}

export function weekRange(period: string): WeekRange | null {
  const sendDate = mondayOfIsoWeek(period);
  if (!sendDate) return null;
  const start = addDays(sendDate, -7);
  return {
    label: period,
    sendDate,
    start,
    end: addDays(sendDate, -1),
    weekLabel: isoWeekOf(start),
    prevStart: addDays(sendDate, -14),
    prevEnd: addDays(sendDate, -8),
  };
}

// ---- the selects --------------------------------------------------------------------------------

const GIFT = giftSql();

export function weeklyQueries(db: Db, managerIds: readonly number[], week: WeekRange) {
  const ids = managerIds.length > 0 ? [...managerIds] : [0];
  const { start, end, prevStart, prevEnd, sendDate } = week;
  const monthStart = monthBounds(monthOf(end)).first;
  const prevMonthStart = monthBounds(monthOf(prevEnd)).first;
  const yearStart = ymd(parts(end).year, 1, 1);

  const teamsOf = db
    .select({ id: users.teamId })
    .from(users)
    .where(and(inArray(users.id, ids), eq(users.role, "manager"), isNotNull(users.teamId)));
  const repsOf = db
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.role, "rep"), inArray(users.teamId, teamsOf)));
  const teamStores = and(inArray(stores.repId, repsOf), eq(stores.archived, false));

  // R1–R3: contacts per store and channel, in this month through the week's end (cur) and in the
  // previous week's month through its end (prev), so the change in pace needs no second pass.
  const perStore = db
    .select({
      repId: stores.repId,
      storeClass: sql<StoreClass>`${stores.class}`.as("store_class"),
      channel: interactions.channel,
      cur: sql<number>`sum(${interactions.localDate} >= ${monthStart})`.as("cur"),
      prev: sql<number>`sum(${interactions.localDate} <= ${prevEnd})`.as("prev"),
    })
    .from(stores)
    .innerJoin(interactions, eq(interactions.storeId, stores.id))
    .where(
      and(
        teamStores,
        gte(interactions.localDate, prevMonthStart),
        lte(interactions.localDate, end),
        quotaChannelSql(),
      ),
    )
    .groupBy(stores.id, interactions.channel)
    .as("per_store");

  // R9–R11: per rep and store, the month through the week's end.
  const perRepStore = db
    .select({
      repId: interactions.repId,
      own: sql<number>`(${stores.repId} = ${interactions.repId} and ${stores.archived} = 0)`.as("own"),
      storeClass: sql<StoreClass>`${stores.class}`.as("store_class"),
      help: sql<number>`sum(${interactions.askedHelp})`.as("help"),
      solved: sql<number>`count(${interactions.problemSolved})`.as("solved"),
      trainings: sql<number>`count(${interactions.trainingTopic})`.as("trainings"),
    })
    .from(interactions)
    .innerJoin(stores, eq(stores.id, interactions.storeId))
    .where(and(inArray(interactions.repId, repsOf), gte(interactions.localDate, monthStart), lte(interactions.localDate, end)))
    .groupBy(interactions.repId, interactions.storeId)
    .as("per_rep_store");

  // R4, R5: festival contacts per store, festival and kind, up to the week's end.
  const festivalPerStore = db
    .select({
      repId: stores.repId,
      storeClass: sql<StoreClass>`${stores.class}`.as("store_class"),
      festivalKey: interactions.festivalKey,
      festivalYear: interactions.festivalYear,
      giftVisits: sql<number>`min(sum(${interactions.channel} = 'visit' and ${GIFT}), ${BIN_CAP})`.as("gift_visits"),
      visits: sql<number>`min(sum(${interactions.channel} = 'visit' and not ${GIFT}), ${BIN_CAP})`.as("visits"),
      calls: sql<number>`min(sum(${interactions.channel} = 'phone'), ${BIN_CAP})`.as("calls"),
      messages: sql<number>`min(sum(${interactions.channel} = 'message'), ${BIN_CAP})`.as("messages"),
    })
    .from(stores)
    .innerJoin(interactions, eq(interactions.storeId, stores.id))
    .where(
      and(
        teamStores,
        eq(interactions.occasion, "festival"),
        gte(interactions.localDate, addDays(start, -FESTIVAL_LOOKBACK_DAYS)),
        lte(interactions.localDate, end),
      ),
    )
    .groupBy(stores.id, interactions.festivalKey, interactions.festivalYear)
    .as("festival_per_store");

  // R12–R17: visits of the two weeks with the number of intel kinds each recorded.
  const visitKinds = db
    .select({
      repId: interactions.repId,
      cur: sql<number>`(${interactions.localDate} >= ${start})`.as("cur"),
      kinds: sql<number>`count(distinct ${visitInsights.kind})`.as("kinds"),
    })
    .from(interactions)
    .leftJoin(visitInsights, eq(visitInsights.interactionId, interactions.id))
    .where(and(inArray(interactions.repId, repsOf), eq(interactions.channel, "visit"), gte(interactions.localDate, prevStart), lte(interactions.localDate, end)))
    .groupBy(interactions.id)
    .as("visit_kinds");

  // Gifts over the yearly cap, by store (compliance).
  const giftStores = db
    .select({
      storeId: sql<number>`${stores.id}`.as("store_id"),
      name: stores.name,
      storeClass: sql<StoreClass>`${stores.class}`.as("store_class"),
      repId: stores.repId,
      total: sql<number>`sum(${interactions.giftValue})`.as("total"),
    })
    .from(stores)
    .innerJoin(interactions, eq(interactions.storeId, stores.id))
    .where(and(teamStores, gte(interactions.localDate, yearStart), lte(interactions.localDate, end), sql`${interactions.giftValue} > 0`))
    .groupBy(stores.id)
    .having(sql`sum(${interactions.giftValue}) > ${policyNumberSql("giftCapPerStoreYear")}`)
    .as("gift_stores");
  const giftRanked = db
    .select({
      storeId: giftStores.storeId,
      name: giftStores.name,
      storeClass: giftStores.storeClass,
      repId: giftStores.repId,
      total: giftStores.total,
      rn: sql<number>`row_number() over (partition by ${giftStores.repId} order by ${giftStores.total} desc, ${giftStores.storeId})`.as("rn"),
      count: sql<number>`count(*) over (partition by ${giftStores.repId})`.as("n"),
    })
    .from(giftStores)
    .as("gift_ranked");

  // Stores not contacted (third-party help aside) for NEGLECT_DAYS by the week's end.
  const lastContact = db
    .select({
      storeId: sql<number>`${stores.id}`.as("store_id"),
      name: stores.name,
      storeClass: sql<StoreClass>`${stores.class}`.as("store_class"),
      repId: stores.repId,
      // Spelled out: drizzle leaves columns unqualified in a one-table subquery, and a bare "id" here
      // would be the interaction's.
      last: sql<string | null>`(select max(i.local_date) from ${interactions} i where i.store_id = ${sql.identifier("stores")}.${sql.identifier("id")} and i.local_date between ${addDays(end, -NEGLECT_LOOKBACK_DAYS)} and ${end} and i.channel <> 'third_party')`.as(
        "last",
      ),
    })
    .from(stores)
    .where(teamStores)
    .as("last_contact");
  const neglected = db
    .select({
      storeId: lastContact.storeId,
      name: lastContact.name,
      storeClass: lastContact.storeClass,
      repId: lastContact.repId,
      last: lastContact.last,
      rn: sql<number>`row_number() over (partition by ${lastContact.repId} order by ${lastContact.last} asc, ${lastContact.storeId})`.as("rn"),
      count: sql<number>`count(*) over (partition by ${lastContact.repId})`.as("n"),
    })
    .from(lastContact)
    .where(or(sql`${lastContact.last} is null`, lte(lastContact.last, addDays(end, -NEGLECT_DAYS))))
    .as("neglected");

  // R16, R17: the week's competitor and slow-mover notes, newest first, capped per rep and kind.
  const notes = db
    .select({
      id: visitInsights.id,
      kind: visitInsights.kind,
      subject: visitInsights.subject,
      detail: visitInsights.detail,
      reason: visitInsights.reason,
      action: visitInsights.action,
      aboutContact: aboutContact().as("about_contact"),
      localDate: interactions.localDate,
      authorId: sql<number>`${interactions.repId}`.as("author_id"),
      storeId: interactions.storeId,
      storeName: stores.name,
      storeClass: sql<StoreClass>`${stores.class}`.as("store_class"),
      repId: stores.repId,
      rn: sql<number>`row_number() over (partition by ${stores.repId}, ${visitInsights.kind} order by ${interactions.localDate} desc, ${visitInsights.id} desc)`.as("rn"),
      count: sql<number>`count(*) over (partition by ${stores.repId}, ${visitInsights.kind})`.as("n"),
    })
    .from(stores)
    .innerJoin(interactions, eq(interactions.storeId, stores.id))
    .innerJoin(visitInsights, eq(visitInsights.interactionId, interactions.id))
    .where(and(teamStores, gte(interactions.localDate, start), lte(interactions.localDate, end), sql`+${visitInsights.kind} in ('competitor', 'slow_mover')`))
    .as("notes");

  // R6–R8 overdue on the send date: open life events, and birthdays past their due date still listed.
  const reachable = eq(contacts.doNotContact, false);
  const bw = DEFAULT_BIRTHDAY_WINDOW;
  const due = policyNumberSql("followUps.birthday.dueDays");
  const birthdayDays = birthdayDaysJson(sendDate, -(MAX_DUE_DAYS + bw.graceDays), -1);
  const overdueBirthday = and(teamStores, reachable, birthdayBetween(birthdayDays, sql`-(${due} + ${bw.graceDays})`, sql`-(${due} + 1)`));
  const overdueBirthdayIds = db.select({ id: contacts.id }).from(contacts).innerJoin(stores, eq(stores.id, contacts.storeId)).where(overdueBirthday);
  const eventWhere = and(
    teamStores,
    reachable,
    sql`+${lifeEvents.state} = 'open'`,
    gte(lifeEvents.date, addDays(sendDate, -LIFE_EVENT_LOOKBACK_DAYS)),
    lte(lifeEvents.date, sendDate),
  );
  const openEventIds = db
    .select({ id: lifeEvents.id })
    .from(lifeEvents)
    .innerJoin(contacts, eq(contacts.id, lifeEvents.contactId))
    .innerJoin(stores, eq(stores.id, contacts.storeId))
    .where(eventWhere);

  // The histograms group by the select list's positions (GROUP BY 1, 2, …): their columns are
  // aliases of subquery columns.
  return [
    // 0, 1: policy and festivals
    ...monthContextQueries(db),
    // 2: the managers, with their team
    db
      .select({
        id: users.id,
        name: users.name,
        email: users.email,
        role: users.role,
        teamId: users.teamId,
        teamName: teams.name,
        locale: users.locale,
        timeZone: users.timeZone,
        active: users.active,
      })
      .from(users)
      .leftJoin(teams, eq(teams.id, users.teamId))
      .where(inArray(users.id, ids)),
    // 3: the teams' reps (active, or still holding stores)
    db
      .select({ id: users.id, name: users.name, teamId: users.teamId, active: users.active })
      .from(users)
      .where(
        and(
          eq(users.role, "rep"),
          inArray(users.teamId, teamsOf),
          or(eq(users.active, true), sql`exists (select 1 from ${stores} s where s.rep_id = ${users.id} and s.archived = 0)`),
        ),
      )
      .orderBy(asc(users.name), asc(users.id)),
    // 4: live stores per rep and class
    db
      .select({ repId: stores.repId, storeClass: stores.class, stores: sql<number>`count(*)` })
      .from(stores)
      .where(teamStores)
      .groupBy(stores.repId, stores.class),
    // 5: R1–R3 histogram: stores per (rep, class, channel, contacts this month, contacts by the week before)
    db
      .select({ repId: perStore.repId, storeClass: perStore.storeClass, channel: perStore.channel, cur: perStore.cur, prev: perStore.prev, stores: sql<number>`count(*)` })
      .from(perStore)
      .groupBy(sql`1, 2, 3, 4, 5`),
    // 6: R9–R11 histogram: stores per (rep, own store?, class, problems solved), with help and trainings summed
    db
      .select({
        repId: perRepStore.repId,
        own: perRepStore.own,
        storeClass: perRepStore.storeClass,
        solved: perRepStore.solved,
        help: sql<number>`sum(${perRepStore.help})`,
        trainings: sql<number>`sum(${perRepStore.trainings})`,
        stores: sql<number>`count(*)`,
      })
      .from(perRepStore)
      .groupBy(sql`1, 2, 3, 4`),
    // 7: R4, R5 histogram: stores per (rep, class, festival, contacts of each kind)
    db
      .select({
        repId: festivalPerStore.repId,
        storeClass: festivalPerStore.storeClass,
        festivalKey: festivalPerStore.festivalKey,
        festivalYear: festivalPerStore.festivalYear,
        giftVisits: festivalPerStore.giftVisits,
        visits: festivalPerStore.visits,
        calls: festivalPerStore.calls,
        messages: festivalPerStore.messages,
        stores: sql<number>`count(*)`,
      })
      .from(festivalPerStore)
      .groupBy(sql`1, 2, 3, 4, 5, 6, 7, 8`),
    // 8: contacts logged per rep, week (this / before) and channel; follow-up contacts among them
    db
      .select({
        repId: interactions.repId,
        cur: sql<number>`(${interactions.localDate} >= ${start})`,
        channel: interactions.channel,
        contacts: sql<number>`count(*)`,
        followUps: sql<number>`sum(${interactions.occasion} in ('birthday', 'life_event'))`,
      })
      .from(interactions)
      .where(and(inArray(interactions.repId, repsOf), gte(interactions.localDate, prevStart), lte(interactions.localDate, end)))
      .groupBy(interactions.repId, sql`(${interactions.localDate} >= ${start})`, interactions.channel),
    // 9: R12–R17: visits per rep, week and number of intel kinds
    db
      .select({ repId: visitKinds.repId, cur: visitKinds.cur, kinds: visitKinds.kinds, visits: sql<number>`count(*)` })
      .from(visitKinds)
      .groupBy(sql`1, 2, 3`),
    // 10: gift value per rep, this week and this year
    db
      .select({
        repId: stores.repId,
        year: sql<number>`sum(${interactions.giftValue})`,
        week: sql<number>`sum(case when ${interactions.localDate} >= ${start} then ${interactions.giftValue} else 0 end)`,
      })
      .from(stores)
      .innerJoin(interactions, eq(interactions.storeId, stores.id))
      .where(and(teamStores, gte(interactions.localDate, yearStart), lte(interactions.localDate, end), sql`${interactions.giftValue} > 0`))
      .groupBy(stores.repId),
    // 11: stores over the gift cap, the first few per rep
    db.select().from(giftRanked).where(lte(giftRanked.rn, NAMED_PER_REP)),
    // 12: stores not contacted for 30+ days, the longest first, a few per rep (with the count)
    db.select().from(neglected).where(lte(neglected.rn, NAMED_PER_REP)),
    // 13: the week's competitor and slow-mover notes
    db.select().from(notes).where(lte(notes.rn, NOTES_PER_REP)).orderBy(desc(notes.localDate), desc(notes.id)),
    // 14: open life events of the teams' reachable contacts
    db
      .select({ repId: stores.repId, id: lifeEvents.id, contactId: lifeEvents.contactId, kind: lifeEvents.kind, date: lifeEvents.date, state: lifeEvents.state })
      .from(lifeEvents)
      .innerJoin(contacts, eq(contacts.id, lifeEvents.contactId))
      .innerJoin(stores, eq(stores.id, contacts.storeId))
      .where(eventWhere),
    // 15: contacts linked to those events (the required channel closes them)
    db
      .select({ lifeEventId: interactions.lifeEventId, channel: interactions.channel, occasion: interactions.occasion, localDate: interactions.localDate })
      .from(interactions)
      .where(inArray(interactions.lifeEventId, openEventIds)),
    // 16: contacts whose birthday is past its due date on the send date and still listed (R6)
    db
      .select({
        repId: stores.repId,
        id: contacts.id,
        birthdayCalendar: contacts.birthdayCalendar,
        birthdayMonth: contacts.birthdayMonth,
        birthdayDay: contacts.birthdayDay,
        birthdayLeapMonth: contacts.birthdayLeapMonth,
      })
      .from(contacts)
      .innerJoin(stores, eq(stores.id, contacts.storeId))
      .where(overdueBirthday),
    // 17: birthday greetings to those contacts that may close them
    db
      .select({ contactId: interactions.contactId, channel: interactions.channel, occasion: interactions.occasion, localDate: interactions.localDate })
      .from(interactions)
      .where(
        and(
          inArray(interactions.contactId, overdueBirthdayIds),
          eq(interactions.occasion, "birthday"),
          gte(interactions.localDate, addDays(sendDate, -(MAX_DUE_DAYS + 2 * bw.graceDays + bw.leadDays))),
          lte(interactions.localDate, sendDate),
        ),
      ),
  ] as const;
}

export type WeeklyRows = BatchResponse<ReturnType<typeof weeklyQueries>>;

// ---- the summary --------------------------------------------------------------------------------

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
  festivals: { key: string; year: number; name: FestivalOccurrence["name"]; covered: number; total: number }[];
  followUps: { done: number; overdue: number };
  rules: { helpAsked: Pace; problemsSolved: Pace; trainings: Pace };
  intel: { visits: number; complete: number; prevVisits: number; prevComplete: number };
  gifts: { week: number; year: number; overCap: { storeId: number; name: string; storeClass: StoreClass; total: number }[]; overCapCount: number };
  neglected: { count: number; first: { storeId: number; name: string; storeClass: StoreClass; last: LocalDate | null }[] };
  contacts: { cur: number; prev: number };
};

export type WeekNote = {
  id: number;
  kind: "competitor" | "slow_mover";
  subject: string | null;
  detail: string;
  reason: string | null;
  action: string | null;
  /** The contact the note is about (columns.ts aboutContact): the summary names them. */
  contactId: number | null;
  localDate: LocalDate;
  storeId: number;
  storeName: string;
  storeClass: StoreClass;
  repName: string;
};

export type TeamWeek = {
  manager: WeeklyRows[2][number];
  week: WeekRange;
  clock: PaceClock;
  giftCap: number;
  reps: RepWeek[];
  notes: Record<"competitor" | "slow_mover", { shown: WeekNote[]; total: number }>;
};

/** What each manager gets: their team's week, a note that they lead no team, or nothing (not a manager). */
export type ManagerWeek = { kind: "team"; team: TeamWeek } | { kind: "no_team"; manager: WeeklyRows[2][number]; week: WeekRange };

const emptyChannel = (): ChannelWeek => ({ credited: 0, required: 0, expected: 0, storesBehind: 0 });

function festivalInteractions(bin: { giftVisits: number; visits: number; calls: number; messages: number }): FestivalInteraction[] {
  const base = { storeId: 0, occasion: "festival" as const, festivalKey: null, festivalYear: null, localDate: "" };
  const out: FestivalInteraction[] = [];
  for (let i = 0; i < bin.giftVisits; i++) out.push({ ...base, channel: "visit", giftValue: 1 });
  for (let i = 0; i < bin.visits; i++) out.push({ ...base, channel: "visit" });
  for (let i = 0; i < bin.calls; i++) out.push({ ...base, channel: "phone" });
  for (let i = 0; i < bin.messages; i++) out.push({ ...base, channel: "message" });
  return out;
}

/** The batch's rows → each manager's summary (pure: no database access). */
export function weeklyData(rows: WeeklyRows, week: WeekRange): { context: MonthContext; managers: Map<number, ManagerWeek> } {
  const [policyRows, festivalRows, managerRows, repRows, storeCountRows, paceRows, ruleRows, festivalBins, activityRows, intelRows, giftRows, overCapRows, neglectedRows, noteRows, eventRows, linkedRows, birthdayRows, greetingRows] = rows;
  const context = monthContextFrom(policyRows, festivalRows);
  const pol = context.policy;
  const clock = paceClock(pol, week.end);
  const prevClock = paceClock(pol, week.prevEnd);

  const repsByTeam = new Map<number, (typeof repRows)[number][]>();
  for (const r of repRows) if (r.teamId !== null) (repsByTeam.get(r.teamId) ?? repsByTeam.set(r.teamId, []).get(r.teamId)!).push(r);
  const repName = new Map(repRows.map((r) => [r.id, r.name]));

  // Festivals whose window overlapped the week (R4, R5), with coverage as of its end.
  const years = [parts(week.start).year - 1, parts(week.start).year, parts(week.end).year];
  const occurrences = new Map<string, FestivalOccurrence>();
  for (const y of years) {
    for (const o of festivalsOfYear(context.festivals, y)) {
      if (o.windowStart <= week.end && o.windowEnd >= week.start) occurrences.set(`${o.key}:${o.year}`, o);
    }
  }

  // Open follow-ups on the send date, overdue ones counted per rep (R6–R8).
  const followUpInteractions: FollowUpInteraction[] = [
    ...linkedRows.map((r) => ({ channel: r.channel, occasion: r.occasion, localDate: r.localDate, lifeEventId: r.lifeEventId })),
    ...greetingRows.map((r) => ({ channel: r.channel, occasion: r.occasion, localDate: r.localDate, contactId: r.contactId })),
  ];
  const repOfContact = new Map<number, number>();
  for (const r of [...eventRows.map((e) => ({ id: e.contactId, repId: e.repId })), ...birthdayRows]) if (r.repId !== null) repOfContact.set(r.id, r.repId);
  const overdue = new Map<number, number>();
  for (const f of openFollowUps({
    today: week.sendDate,
    rules: pol.followUps,
    contacts: birthdayRows.map((c) => ({
      contactId: c.id,
      birthday: birthdayOf(c),
    })),
    lifeEvents: eventRows.map((e) => ({ id: e.id, contactId: e.contactId, kind: e.kind, date: e.date, state: e.state })),
    interactions: followUpInteractions,
  })) {
    if (f.status !== "overdue") continue;
    const rep = repOfContact.get(f.contactId);
    if (rep !== undefined) overdue.set(rep, (overdue.get(rep) ?? 0) + 1);
  }

  const reps = new Map<number, RepWeek>();
  for (const r of repRows) {
    reps.set(r.id, {
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
      followUps: { done: 0, overdue: overdue.get(r.id) ?? 0 },
      rules: { helpAsked: paceOf(clock, 0, 0), problemsSolved: paceOf(clock, 0, 0), trainings: paceOf(clock, 0, 0) },
      intel: { visits: 0, complete: 0, prevVisits: 0, prevComplete: 0 },
      gifts: { week: 0, year: 0, overCap: [], overCapCount: 0 },
      neglected: { count: 0, first: [] },
      contacts: { cur: 0, prev: 0 },
    });
  }
  const of = (id: number | null) => (id === null ? undefined : reps.get(id));

  // R1–R3 from the histogram: stores absent from it have no contact on that channel.
  for (const s of storeCountRows) {
    const rep = of(s.repId);
    if (!rep) continue;
    rep.byClass[s.storeClass].stores += Number(s.stores);
    rep.storesTotal += Number(s.stores);
  }
  type Bin = { cur: number; prev: number; stores: number };
  const bins = new Map<string, Bin[]>();
  for (const b of paceRows) {
    const k = `${b.repId}|${b.storeClass}|${b.channel}`;
    (bins.get(k) ?? bins.set(k, []).get(k)!).push({ cur: Number(b.cur), prev: Number(b.prev), stores: Number(b.stores) });
  }
  for (const rep of reps.values()) {
    let credited = 0;
    let expected = 0;
    let prevCredited = 0;
    let prevExpected = 0;
    for (const cls of STORE_CLASSES) {
      const n = rep.byClass[cls].stores;
      if (n === 0) continue;
      for (const ch of QUOTA_CHANNELS) {
        const q = pol.quotas[ch][cls];
        const e = expectedByToday(clock, q);
        const pe = expectedByToday(prevClock, q);
        const list = bins.get(`${rep.rep.id}|${cls}|${ch}`) ?? [];
        const zero = n - list.reduce((m, b) => m + b.stores, 0);
        const all: Bin[] = [...list, { cur: 0, prev: 0, stores: Math.max(0, zero) }];
        const c = rep.byChannel[ch];
        for (const b of all) {
          const got = Math.min(b.cur, q) * b.stores;
          c.credited += got;
          rep.byClass[cls][ch].credited += got;
          if (e - b.cur >= 1) c.storesBehind += b.stores;
          prevCredited += Math.min(b.prev, q) * b.stores;
        }
        c.required += q * n;
        c.expected += e * n;
        rep.byClass[cls][ch].required += q * n;
        prevExpected += pe * n;
      }
    }
    for (const ch of QUOTA_CHANNELS) {
      credited += rep.byChannel[ch].credited;
      expected += rep.byChannel[ch].expected;
    }
    rep.paceRate = expected > 0 ? (100 * credited) / expected : null;
    rep.prevPaceRate = prevExpected > 0 ? (100 * prevCredited) / prevExpected : null;
    rep.behind = QUOTA_CHANNELS.some((ch) => rep.byChannel[ch].expected - rep.byChannel[ch].credited >= 1);
  }

  // R9–R11 (rep-rules.ts, from the histogram).
  const ruleAcc = new Map<number, { help: number; solvedCredited: number; solvedTotal: number; trainingsA: number }>();
  for (const b of ruleRows) {
    const acc = ruleAcc.get(b.repId) ?? { help: 0, solvedCredited: 0, solvedTotal: 0, trainingsA: 0 };
    acc.help += Number(b.help ?? 0);
    if (Number(b.own) === 1) {
      const target = pol.problemsSolved.perClass[b.storeClass];
      acc.solvedCredited += Math.min(Number(b.solved), target) * Number(b.stores);
      acc.solvedTotal += Number(b.solved) * Number(b.stores);
      if (b.storeClass === "A") acc.trainingsA += Number(b.trainings ?? 0);
    }
    ruleAcc.set(b.repId, acc);
  }
  for (const rep of reps.values()) {
    const acc = ruleAcc.get(rep.rep.id) ?? { help: 0, solvedCredited: 0, solvedTotal: 0, trainingsA: 0 };
    const required = STORE_CLASSES.reduce((n, c) => n + pol.problemsSolved.perClass[c] * rep.byClass[c].stores, 0);
    const solved = pol.problemsSolved.scope === "rep" ? acc.solvedTotal : acc.solvedCredited;
    rep.rules = {
      helpAsked: paceOf(clock, pol.helpAskedPerRep, acc.help, rep.storesTotal),
      problemsSolved: paceOf(clock, required, solved, rep.storesTotal),
      trainings: paceOf(clock, pol.trainingsPerRep, acc.trainingsA, rep.byClass.A.stores),
    };
  }

  // R4, R5 coverage from the histogram.
  const covered = new Map<string, number>();
  for (const b of festivalBins) {
    const o = occurrences.get(`${b.festivalKey}:${b.festivalYear}`);
    if (!o || b.repId === null) continue;
    const done = matchActions(o.actions[b.storeClass] ?? [], festivalInteractions({ giftVisits: Number(b.giftVisits), visits: Number(b.visits), calls: Number(b.calls), messages: Number(b.messages) }));
    if (done.every(Boolean)) {
      const k = `${b.repId}|${o.key}:${o.year}|${b.storeClass}`;
      covered.set(k, (covered.get(k) ?? 0) + Number(b.stores));
    }
  }
  for (const rep of reps.values()) {
    for (const o of [...occurrences.values()].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0))) {
      let total = 0;
      let done = 0;
      for (const cls of STORE_CLASSES) {
        const n = rep.byClass[cls].stores;
        total += n;
        // A class that owes nothing is covered (coverage.ts).
        done += (o.actions[cls] ?? []).length === 0 ? n : (covered.get(`${rep.rep.id}|${o.key}:${o.year}|${cls}`) ?? 0);
      }
      if (total > 0) rep.festivals.push({ key: o.key, year: o.year, name: o.name, covered: done, total });
    }
  }

  for (const a of activityRows) {
    const rep = of(a.repId);
    if (!rep) continue;
    const cur = Number(a.cur) === 1;
    if (a.channel !== "third_party") {
      if (cur) rep.contacts.cur += Number(a.contacts);
      else rep.contacts.prev += Number(a.contacts);
    }
    if (cur) rep.followUps.done += Number(a.followUps ?? 0);
  }
  for (const v of intelRows) {
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
  for (const g of giftRows) {
    const rep = of(g.repId);
    if (rep) rep.gifts = { ...rep.gifts, week: Number(g.week ?? 0), year: Number(g.year ?? 0) };
  }
  for (const g of overCapRows) {
    const rep = of(g.repId);
    if (!rep) continue;
    rep.gifts.overCap.push({ storeId: Number(g.storeId), name: g.name, storeClass: g.storeClass, total: Number(g.total) });
    rep.gifts.overCapCount = Number(g.count);
  }
  for (const s of neglectedRows) {
    const rep = of(s.repId);
    if (!rep) continue;
    rep.neglected.first.push({ storeId: Number(s.storeId), name: s.name, storeClass: s.storeClass, last: s.last });
    rep.neglected.count = Number(s.count);
  }
  for (const rep of reps.values()) {
    rep.gifts.overCap.sort((a, b) => b.total - a.total);
    rep.neglected.first.sort((a, b) => (a.last ?? "").localeCompare(b.last ?? "") || a.storeId - b.storeId);
  }

  const managers = new Map<number, ManagerWeek>();
  for (const m of managerRows) {
    if (m.role !== "manager" || !m.active) continue; // admins and reps get no weekly summary
    if (m.teamId === null) {
      managers.set(m.id, { kind: "no_team", manager: m, week });
      continue;
    }
    const teamReps = (repsByTeam.get(m.teamId) ?? []).map((r) => reps.get(r.id)!);
    const teamRepIds = new Set(teamReps.map((r) => r.rep.id));
    const byKind = (kind: "competitor" | "slow_mover") => {
      const mine = noteRows.filter((n) => n.kind === kind && n.repId !== null && teamRepIds.has(n.repId));
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
    managers.set(m.id, {
      kind: "team",
      team: {
        manager: m,
        week,
        clock,
        giftCap: pol.giftCapPerStoreYear,
        reps: teamReps,
        notes: { competitor: byKind("competitor"), slow_mover: byKind("slow_mover") },
      },
    });
  }
  return { context, managers };
}

