// The reads of the managers' weekly summary (SPEC §6) for a job of managers (up to JOB_SIZE, 100), as
// named set-based selects for ONE db.batch with the policy and festivals (services/weekly.ts); their
// rows are the domain's TeamWeekRows (domain/team-week.ts computes each team's week from them).
//
// A job may stand for 100 teams of several reps with 200 stores each, so nothing here returns a row
// per store: SQLite aggregates per store and then counts the stores per (rep, class, channel, done)
// — a histogram from which the rules compute credited contacts, stores behind and festival coverage
// exactly. What is listed by name (stores not contacted for 30 days, gifts over the cap, the week's
// notes) is capped per rep with window functions. The bounds that depend on the policy (birthday due
// days, the gift cap) are read from the policy inside the statements; festival windows are checked
// when the contact is logged, so coverage counts the festival contacts up to the week's end.
// The histograms group by the select list's positions (GROUP BY 1, 2, …): their columns are aliases
// of subquery columns.
//
// Scope: a manager sees their team (storeVisible for a manager). The selects are keyed by the
// managers' teams: reps of those teams and those reps' stores, nothing else.
import { and, asc, desc, eq, gte, inArray, isNotNull, lte, or, sql, type SQL, type SQLWrapper } from "drizzle-orm";
import type { Db } from "../client.ts";
import { contacts, interactions, lifeEvents, storeAssignments, stores, teams, users, visitInsights } from "../schema.ts";
import { birthdayBetween, birthdayDaysJson } from "./birthdays.ts";
import { aboutContact, mailUserColumns } from "./columns.ts";
import { policyNumberSql } from "./policy.ts";
import { giftSql, inHoldingSql, quotaChannelSql, sameDayCountSql } from "./rules.ts";
import { addDays, monthBounds, monthOf, parts, ymd } from "../../domain/dates.ts";
import { DEFAULT_BIRTHDAY_WINDOW } from "../../domain/follow-ups.ts";
import { FESTIVAL_LOOKBACK_DAYS, MAX_DUE_DAYS } from "../../domain/policy.ts";
import { LIFE_EVENT_LOOKBACK_DAYS } from "../../domain/rep-month.ts";
import { NAMED_PER_REP, NEGLECT_DAYS, NEGLECT_LOOKBACK_DAYS, NOTES_PER_REP } from "../../domain/team-week.ts";
import type { StoreClass } from "../../domain/types.ts";
import type { WeekRange } from "../../domain/week-range.ts";

/** Festival contacts are binned by count up to this (no class owes more of one kind). */
const BIN_CAP = 9;

/** What every select of the batch is keyed and bounded by. */
type Scope = {
  db: Db;
  ids: number[];
  week: WeekRange;
  /** The managers' teams, and the reps of those teams (subqueries). */
  teamsOf: ReturnType<typeof teamsOfQuery>;
  repsOf: SQLWrapper;
  /**
   * Who held each store at the week's end (store_assignments): the reps' stores then, with the rep and
   * class of that day. Every list keyed by store reads it, so a store moved later stays where it was.
   */
  heldAtEnd: ReturnType<typeof heldAtEndQuery>;
  /** The reps' assignments that held between the 1st of the week before's month and the week's end. */
  held: SQL | undefined;
};

/**
 * A rep's stretches of one store from `from` to the week's end, as one text (tier|from|to;…, to empty
 * while current), for the row of `outer` (a table whose rep_id and store_id name the rep and store):
 * the histograms group stores by it, so stores held all month in one class share a bin, and
 * team-week.ts prorates each stretch (parseHoldings).
 */
function holdingsOf(week: WeekRange, outer = "store_assignments", from = monthBounds(monthOf(week.prevEnd)).first): SQL<string> {
  const a = storeAssignments;
  // Spelled out: drizzle leaves columns unqualified in a one-table subquery, where a bare rep_id would be b's.
  const col = (column: string) => sql`${sql.identifier(outer)}.${sql.identifier(column)}`;
  return sql<string>`(select group_concat(b.tier || '|' || b.valid_from || '|' || coalesce(b.valid_to, ''), ';') from ${a} b
    where b.rep_id = ${col("rep_id")} and b.store_id = ${col("store_id")} and b.valid_from <= ${week.end} and (b.valid_to is null or b.valid_to > ${from}))`;
}

/** Who held each of the reps' stores at the end of `end` (store_assignments); also /team/lists (team-lists.ts). */
export function heldAtEndQuery(db: Db, repsOf: SQLWrapper, end: string) {
  const a = storeAssignments;
  return db
    .select({ storeId: a.storeId, repId: a.repId, tier: a.tier })
    .from(a)
    .where(and(inArray(a.repId, repsOf), lte(a.validFrom, end), or(sql`${a.validTo} is null`, sql`${a.validTo} > ${end}`)))
    .as("held_at_end");
}

function teamsOfQuery(db: Db, ids: number[]) {
  return db
    .select({ id: users.teamId })
    .from(users)
    .where(and(inArray(users.id, ids), eq(users.role, "manager"), isNotNull(users.teamId)));
}

function repsOfQuery(db: Db, teamsOf: ReturnType<typeof teamsOfQuery>) {
  return db
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.role, "rep"), inArray(users.teamId, teamsOf)));
}

/** The named selects; their rows are TeamWeekRows (without the context). */
export function weeklyQueries(db: Db, managerIds: readonly number[], week: WeekRange) {
  const s = scopeOf(db, managerIds, week);
  return { ...peopleQueries(s), ...histogramQueries(s), ...weekCountQueries(s), ...namedQueries(s), ...followUpQueries(s) };
}

/**
 * The same selects for the reps of `reps` (a subquery of user ids: /team/lists, a manager's team or
 * an admin's everyone, perhaps one rep) instead of managers' teams, with no manager rows; and the
 * names of the contacts whose follow-ups the summary counts, for listing them.
 */
export function weeklyQueriesForReps(db: Db, reps: SQLWrapper, week: WeekRange) {
  const s = scopeOf(db, [], week, reps);
  return { ...peopleQueries(s), ...histogramQueries(s), ...weekCountQueries(s), ...namedQueries(s), ...followUpQueries(s), followUpContacts: followUpContacts(s) };
}

/**
 * Just the weekly's R1–R3 selects (stores held per rep and the pace histogram) for the reps of `reps`
 * and one week: /team's team pace over the last weeks, one pair per week in its existing batch.
 */
export function weeklyPaceQueries(db: Db, reps: SQLWrapper, week: WeekRange) {
  const s = scopeOf(db, [], week, reps);
  return { storeCounts: peopleQueries(s).storeCounts, pace: paceHistogram(s) };
}

function scopeOf(db: Db, managerIds: readonly number[], week: WeekRange, reps?: SQLWrapper): Scope {
  const ids = managerIds.length > 0 ? [...managerIds] : [0];
  const teamsOf = teamsOfQuery(db, ids);
  const repsOf = reps ?? repsOfQuery(db, teamsOf);
  const a = storeAssignments;
  const from = monthBounds(monthOf(week.prevEnd)).first;
  const held = and(inArray(a.repId, repsOf), lte(a.validFrom, week.end), or(sql`${a.validTo} is null`, sql`${a.validTo} > ${from}`));
  return { db, ids, week, teamsOf, repsOf, heldAtEnd: heldAtEndQuery(db, repsOf, week.end), held };
}

/** The managers with their team, the teams' reps (active, or still holding stores), stores held per rep and stretches. */
function peopleQueries({ db, ids, week, repsOf, held }: Scope) {
  const a = storeAssignments;
  const perStore = db
    .select({ repId: a.repId, storeClass: sql<StoreClass>`${a.tier}`.as("store_class"), holdings: holdingsOf(week).as("holdings") })
    .from(a)
    .where(held)
    .groupBy(a.repId, a.storeId)
    .as("held_stores");
  return {
    managers: db
      .select({ ...mailUserColumns, teamName: teams.name })
      .from(users)
      .leftJoin(teams, eq(teams.id, users.teamId))
      .where(inArray(users.id, ids)),
    reps: db
      .select({ id: users.id, name: users.name, teamId: users.teamId, active: users.active })
      .from(users)
      .where(
        and(
          eq(users.role, "rep"),
          inArray(users.id, repsOf),
          or(eq(users.active, true), sql`exists (select 1 from ${stores} s where s.rep_id = ${users.id} and s.archived = 0)`),
        ),
      )
      .orderBy(asc(users.name), asc(users.id)),
    storeCounts: db
      .select({ repId: perStore.repId, storeClass: perStore.storeClass, holdings: perStore.holdings, stores: sql<number>`count(*)` })
      .from(perStore)
      .groupBy(sql`1, 2, 3`),
  };
}

/** The histograms of R1–R3, R9–R11 and R4–R5: stores counted per rep, class and what was done there. */
function histogramQueries(s: Scope) {
  return { pace: paceHistogram(s), rules: rulesHistogram(s), festivalBins: festivalHistogram(s) };
}

/**
 * R1–R3: contacts per store and channel inside the rep's stretches, in this month through the week's
 * end (cur) and in the previous week's month through its end (prev), so the change in pace needs no
 * second pass; same-day repeats counted as the policy says.
 */
function paceHistogram({ db, week, held }: Scope) {
  const { end, prevEnd } = week;
  const a = storeAssignments;
  const inHolding = inHoldingSql(a);
  const perStore = db
    .select({
      repId: a.repId,
      storeClass: sql<StoreClass>`${a.tier}`.as("store_class"),
      holdings: holdingsOf(week).as("holdings"),
      channel: interactions.channel,
      cur: sameDayCountSql(and(inHolding, gte(interactions.localDate, monthBounds(monthOf(end)).first))!).as("cur"),
      prev: sameDayCountSql(and(inHolding, lte(interactions.localDate, prevEnd))!).as("prev"),
    })
    .from(a)
    .innerJoin(interactions, eq(interactions.storeId, a.storeId))
    .where(and(held, gte(interactions.localDate, monthBounds(monthOf(prevEnd)).first), lte(interactions.localDate, end), quotaChannelSql()))
    .groupBy(a.repId, a.storeId, interactions.channel)
    .as("per_store");
  return db
    .select({
      repId: perStore.repId,
      storeClass: perStore.storeClass,
      holdings: perStore.holdings,
      channel: perStore.channel,
      cur: perStore.cur,
      prev: perStore.prev,
      stores: sql<number>`count(*)`,
    })
    .from(perStore)
    .groupBy(sql`1, 2, 3, 4, 5, 6`);
}

/**
 * R9–R11: per rep and store, the rep's contacts of the month through the week's end, with the rep's
 * stretches of the store in the month (none: not the rep's store, where only R9 counts); stores per
 * (rep, stretches, problems solved), help and trainings summed.
 */
function rulesHistogram({ db, week, repsOf }: Scope) {
  const first = monthBounds(monthOf(week.end)).first;
  const perRepStore = db
    .select({
      repId: interactions.repId,
      holdings: holdingsOf(week, "interactions", first).as("holdings"),
      help: sql<number>`sum(${interactions.askedHelp})`.as("help"),
      solved: sql<number>`count(${interactions.problemSolved})`.as("solved"),
      trainings: sql<number>`count(${interactions.trainingTopic})`.as("trainings"),
    })
    .from(interactions)
    .where(and(inArray(interactions.repId, repsOf), gte(interactions.localDate, first), lte(interactions.localDate, week.end)))
    .groupBy(interactions.repId, interactions.storeId)
    .as("per_rep_store");
  return db
    .select({
      repId: perRepStore.repId,
      holdings: perRepStore.holdings,
      solved: perRepStore.solved,
      help: sql<number>`sum(${perRepStore.help})`,
      trainings: sql<number>`sum(${perRepStore.trainings})`,
      stores: sql<number>`count(*)`,
    })
    .from(perRepStore)
    .groupBy(sql`1, 2, 3`);
}

/** R4, R5: festival contacts per store, festival and kind, up to the week's end; stores per (rep, class, festival, contacts of each kind). */
function festivalHistogram({ db, week, heldAtEnd: h }: Scope) {
  const gift = giftSql();
  const festivalPerStore = db
    .select({
      repId: h.repId,
      storeClass: sql<StoreClass>`${h.tier}`.as("store_class"),
      festivalKey: interactions.festivalKey,
      festivalYear: interactions.festivalYear,
      giftVisits: sql<number>`min(sum(${interactions.channel} = 'visit' and ${gift}), ${BIN_CAP})`.as("gift_visits"),
      visits: sql<number>`min(sum(${interactions.channel} = 'visit' and not ${gift}), ${BIN_CAP})`.as("visits"),
      calls: sql<number>`min(sum(${interactions.channel} = 'phone'), ${BIN_CAP})`.as("calls"),
      messages: sql<number>`min(sum(${interactions.channel} = 'message'), ${BIN_CAP})`.as("messages"),
    })
    .from(stores)
    .innerJoin(h, eq(h.storeId, stores.id))
    .innerJoin(interactions, eq(interactions.storeId, stores.id))
    .where(and(eq(interactions.occasion, "festival"), gte(interactions.localDate, addDays(week.start, -FESTIVAL_LOOKBACK_DAYS)), lte(interactions.localDate, week.end)))
    .groupBy(stores.id, interactions.festivalKey, interactions.festivalYear)
    .as("festival_per_store");
  return db
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
    .groupBy(sql`1, 2, 3, 4, 5, 6, 7, 8`);
}

/** The two weeks' contacts per channel, visits by intel kinds (R12–R17), and gift value this week and year. */
function weekCountQueries({ db, week, repsOf, heldAtEnd: h }: Scope) {
  const { start, end, prevStart } = week;
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
  return {
    activity: db
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
    intel: db
      .select({ repId: visitKinds.repId, cur: visitKinds.cur, kinds: visitKinds.kinds, visits: sql<number>`count(*)` })
      .from(visitKinds)
      .groupBy(sql`1, 2, 3`),
    gifts: db
      .select({
        repId: h.repId,
        year: sql<number>`sum(${interactions.giftValue})`,
        week: sql<number>`sum(case when ${interactions.localDate} >= ${start} then ${interactions.giftValue} else 0 end)`,
      })
      .from(stores)
      .innerJoin(h, eq(h.storeId, stores.id))
      .innerJoin(interactions, eq(interactions.storeId, stores.id))
      .where(and(gte(interactions.localDate, ymd(parts(end).year, 1, 1)), lte(interactions.localDate, end), sql`${interactions.giftValue} > 0`))
      .groupBy(h.repId),
  };
}

/** What is listed by name, a few per rep with the count: stores over the gift cap, stores not contacted lately, the week's notes. */
function namedQueries({ db, week, heldAtEnd: h }: Scope) {
  const { end } = week;
  const giftRanked = giftsOverCap(db, end, h);
  const neglected = neglectedStores(db, end, h);
  const notes = weekNotes(db, week, h);
  return {
    overCap: db.select().from(giftRanked).where(lte(giftRanked.rn, NAMED_PER_REP)),
    neglected: db.select().from(neglected).where(lte(neglected.rn, NAMED_PER_REP)),
    notes: db.select().from(notes).where(lte(notes.rn, NOTES_PER_REP)).orderBy(desc(notes.localDate), desc(notes.id)),
  };
}

/** Stores given gifts over the yearly cap from 1 January to `end` (compliance), ranked per rep, most first; also /team/lists/gifts (team-lists.ts). */
export function giftsOverCap(db: Db, end: string, h: Scope["heldAtEnd"]) {
  const giftStores = db
    .select({
      storeId: sql<number>`${stores.id}`.as("store_id"),
      name: stores.name,
      storeClass: sql<StoreClass>`${h.tier}`.as("store_class"),
      repId: h.repId,
      total: sql<number>`sum(${interactions.giftValue})`.as("total"),
    })
    .from(stores)
    .innerJoin(h, eq(h.storeId, stores.id))
    .innerJoin(interactions, eq(interactions.storeId, stores.id))
    .where(and(gte(interactions.localDate, ymd(parts(end).year, 1, 1)), lte(interactions.localDate, end), sql`${interactions.giftValue} > 0`))
    .groupBy(stores.id)
    .having(sql`sum(${interactions.giftValue}) > ${policyNumberSql("giftCapPerStoreYear")}`)
    .as("gift_stores");
  return db
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
}

/**
 * R16, R17, R12, R14: the week's competitor notes, slow movers still open (a resolved one leaves the
 * list), product feedback and what was done for preferences, of the stores held at its end, ranked per
 * rep and kind, newest first; also /team/lists/notes (team-lists.ts).
 */
export function weekNotes(db: Db, week: WeekRange, h: Scope["heldAtEnd"]) {
  const { start, end } = week;
  return db
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
      storeClass: sql<StoreClass>`${h.tier}`.as("store_class"),
      repId: h.repId,
      rn: sql<number>`row_number() over (partition by ${h.repId}, ${visitInsights.kind} order by ${interactions.localDate} desc, ${visitInsights.id} desc)`.as("rn"),
      count: sql<number>`count(*) over (partition by ${h.repId}, ${visitInsights.kind})`.as("n"),
    })
    .from(stores)
    .innerJoin(h, eq(h.storeId, stores.id))
    .innerJoin(interactions, eq(interactions.storeId, stores.id))
    .innerJoin(visitInsights, eq(visitInsights.interactionId, interactions.id))
    .where(
      and(
        gte(interactions.localDate, start),
        lte(interactions.localDate, end),
        sql`+${visitInsights.kind} in ('competitor', 'slow_mover', 'product_feedback', 'preference_action')`,
        sql`(+${visitInsights.kind} <> 'slow_mover' or ${visitInsights.status} = 'open')`,
      ),
    )
    .as("notes");
}

/** Stores not contacted (third-party help aside) for NEGLECT_DAYS by the week's end, ranked per rep, longest first. */
export function neglectedStores(db: Db, end: string, h: Scope["heldAtEnd"]) {
  const lastContact = db
    .select({
      storeId: sql<number>`${stores.id}`.as("store_id"),
      name: stores.name,
      storeClass: sql<StoreClass>`${h.tier}`.as("store_class"),
      repId: h.repId,
      // Spelled out: drizzle leaves columns unqualified in a one-table subquery, and a bare "id" here
      // would be the interaction's.
      last: sql<string | null>`(select max(i.local_date) from ${interactions} i where i.store_id = ${sql.identifier("stores")}.${sql.identifier("id")} and i.local_date between ${addDays(end, -NEGLECT_LOOKBACK_DAYS)} and ${end} and i.channel <> 'third_party')`.as(
        "last",
      ),
      // When anyone first held the store: one held for less than NEGLECT_DAYS is not neglected yet.
      since: sql<string | null>`(select min(b.valid_from) from ${storeAssignments} b where b.store_id = ${sql.identifier("stores")}.${sql.identifier("id")})`.as("since"),
    })
    .from(stores)
    .innerJoin(h, eq(h.storeId, stores.id))
    .as("last_contact");
  return db
    .select({
      storeId: lastContact.storeId,
      name: lastContact.name,
      storeClass: lastContact.storeClass,
      repId: lastContact.repId,
      last: lastContact.last,
      since: lastContact.since,
      rn: sql<number>`row_number() over (partition by ${lastContact.repId} order by ${lastContact.last} asc, ${lastContact.storeId})`.as("rn"),
      count: sql<number>`count(*) over (partition by ${lastContact.repId})`.as("n"),
    })
    .from(lastContact)
    .where(
      and(
        or(sql`${lastContact.last} is null`, lte(lastContact.last, addDays(end, -NEGLECT_DAYS))),
        sql`coalesce(${lastContact.since}, '') <= ${addDays(end, -NEGLECT_DAYS)}`,
      ),
    )
    .as("neglected");
}

/** Which contacts and life events the follow-up selects read (R6–R8 on the send date). */
function followUpWhere({ db, week, heldAtEnd: h }: Scope) {
  const { sendDate } = week;
  const reachable = eq(contacts.doNotContact, false);
  const bw = DEFAULT_BIRTHDAY_WINDOW;
  const due = policyNumberSql("followUps.birthday.dueDays");
  const birthdayDays = birthdayDaysJson(sendDate, -(MAX_DUE_DAYS + bw.graceDays), -1);
  const overdueBirthday = and(reachable, birthdayBetween(birthdayDays, sql`-(${due} + ${bw.graceDays})`, sql`-(${due} + 1)`));
  const overdueBirthdayIds = db.select({ id: contacts.id }).from(contacts).innerJoin(h, eq(h.storeId, contacts.storeId)).where(overdueBirthday);
  const eventWhere = and(
    reachable,
    sql`+${lifeEvents.state} = 'open'`,
    gte(lifeEvents.date, addDays(sendDate, -LIFE_EVENT_LOOKBACK_DAYS)),
    lte(lifeEvents.date, sendDate),
  );
  const openEventIds = db
    .select({ id: lifeEvents.id })
    .from(lifeEvents)
    .innerJoin(contacts, eq(contacts.id, lifeEvents.contactId))
    .innerJoin(h, eq(h.storeId, contacts.storeId))
    .where(eventWhere);
  return { overdueBirthday, overdueBirthdayIds, eventWhere, openEventIds };
}

/** The contacts the follow-up selects read, with their store and its rep at the week's end (names for /team/lists/follow-ups). */
function followUpContacts(s: Scope) {
  const { db, heldAtEnd: h } = s;
  const { overdueBirthdayIds, eventWhere } = followUpWhere(s);
  const eventContactIds = db.select({ id: lifeEvents.contactId }).from(lifeEvents).innerJoin(contacts, eq(contacts.id, lifeEvents.contactId)).innerJoin(h, eq(h.storeId, contacts.storeId)).where(eventWhere);
  return db
    .select({ id: contacts.id, name: contacts.name, storeId: stores.id, storeName: stores.name, storeClass: sql<StoreClass>`${h.tier}`, repId: h.repId })
    .from(contacts)
    .innerJoin(h, eq(h.storeId, contacts.storeId))
    .innerJoin(stores, eq(stores.id, contacts.storeId))
    .where(or(inArray(contacts.id, overdueBirthdayIds), inArray(contacts.id, eventContactIds)));
}

/** R6–R8 overdue on the send date: open life events, and birthdays past their due date still listed, with what may close them. */
function followUpQueries(s: Scope) {
  const { db, week, heldAtEnd: h } = s;
  const { sendDate } = week;
  const bw = DEFAULT_BIRTHDAY_WINDOW;
  const { overdueBirthday, overdueBirthdayIds, eventWhere, openEventIds } = followUpWhere(s);
  return {
    lifeEvents: db
      .select({ repId: h.repId, id: lifeEvents.id, contactId: lifeEvents.contactId, kind: lifeEvents.kind, date: lifeEvents.date, state: lifeEvents.state })
      .from(lifeEvents)
      .innerJoin(contacts, eq(contacts.id, lifeEvents.contactId))
      .innerJoin(h, eq(h.storeId, contacts.storeId))
      .where(eventWhere),
    // the required channel closes them
    linkedContacts: db
      .select({ lifeEventId: interactions.lifeEventId, channel: interactions.channel, occasion: interactions.occasion, localDate: interactions.localDate })
      .from(interactions)
      .where(inArray(interactions.lifeEventId, openEventIds)),
    overdueBirthdays: db
      .select({
        repId: h.repId,
        id: contacts.id,
        birthdayCalendar: contacts.birthdayCalendar,
        birthdayMonth: contacts.birthdayMonth,
        birthdayDay: contacts.birthdayDay,
        birthdayLeapMonth: contacts.birthdayLeapMonth,
      })
      .from(contacts)
      .innerJoin(h, eq(h.storeId, contacts.storeId))
      .where(overdueBirthday),
    birthdayGreetings: db
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
  };
}
