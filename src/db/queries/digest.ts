// The morning digest's own reads for a job of reps (up to JOB_SIZE, 100), as named set-based selects
// that run in ONE db.batch with the policy, the festivals and the reps' months (services/digest.ts):
// the users, the greeting templates, what the greetings may say about each contact (R13, R15), the
// variant each was sent last time, and what the months' selects cannot bound before the policy is
// known.
//
// The batch is built before the policy is known, yet two of rep-month's selects are bounded by it
// (the days after a birthday in which it is still listed, the festivals around today). Widening them
// to the policy's maximum would multiply their rows (the job's read must stay well under the
// database's 10 MB response limit), so rep-month's selects are built with the default bounds
// (digestMonthContext) and two small selects here add what a stored policy with longer birthday due
// days lists on top, reading the policy inside the statement: nothing at all with the default
// policy. Festival contacts come from a select bounded by the widest window any festival may have;
// the rules check key, year and window.
//
// Scope: every select is keyed by the reps' own stores (stores.rep_id IN the job's reps), which is
// what storeVisible gives each rep; personal notes go only to that store's rep (SPEC §4).
import { and, asc, eq, gte, inArray, lte, or, sql, type SQL } from "drizzle-orm";
import type { Db } from "../client.ts";
import { packed } from "../packed.ts";
import { contacts, festivals, interactions, lifeEvents, stores, users } from "../schema.ts";
import { birthdayBetween, birthdayDaysJson } from "./birthdays.ts";
import { birthdayContactColumns, mailUserColumns } from "./columns.ts";
import { lastVariantsWhere, previousYearRange, templatesQuery } from "./greetings.ts";
import { policyNumberSql } from "./policy.ts";
import { giftSql } from "./rules.ts";
import { addDays } from "../../domain/dates.ts";
import { DEFAULT_BIRTHDAY_WINDOW } from "../../domain/follow-ups.ts";
import { DEFAULT_POLICY, FESTIVAL_LOOKBACK_DAYS, MAX_DUE_DAYS, MAX_MOURNING_DAYS, MAX_WINDOW_AFTER, MAX_WINDOW_BEFORE } from "../../domain/policy.ts";
import { FESTIVAL_CONTACTS_PER_REP } from "../../domain/festival-board.ts";
import type { MonthContext } from "../../domain/rep-day.ts";
import { LIFE_EVENT_LOOKAHEAD_DAYS, LIFE_EVENT_LOOKBACK_DAYS } from "../../domain/rep-month.ts";
import type { LocalDate } from "../../domain/types.ts";

/**
 * The context rep-month's selects are built with before the policy is loaded: the default birthday
 * bounds (digestQueries adds what a longer due time lists) and no festivals (rep-month's festival
 * select then returns nothing; digestQueries has its own).
 */
export function digestMonthContext(): MonthContext {
  return { policy: DEFAULT_POLICY, festivals: [] };
}

const dueDays = () => policyNumberSql("followUps.birthday.dueDays");

function liveStoresOf(ids: number[]): SQL {
  return and(inArray(stores.repId, ids), eq(stores.archived, false))!;
}

/**
 * The contacts a digest may greet today: birthday listed today (R6) or an open life event near
 * today (R7, R8), at the reps' live stores. A condition: the facts and the last variants are read
 * for exactly this set.
 */
function greetableContacts(db: Db, ids: number[], today: LocalDate) {
  const bw = DEFAULT_BIRTHDAY_WINDOW;
  // From the policy's due time + grace ago (read in the statement) to the lead ahead.
  const days = birthdayDaysJson(today, -(MAX_DUE_DAYS + bw.graceDays), bw.leadDays);
  // Per contact of the job's stores, through life_events_contact_idx: a set of every open event in
  // the date range would be read from the whole organisation's table, once per job (issue 15). The
  // unary + keeps the planner off life_events_open_idx (state, date), organisation-wide.
  const openEventNear = sql`exists (select 1 from ${lifeEvents} where ${lifeEvents.contactId} = ${contacts.id} and +${lifeEvents.state} = 'open'
    and ${lifeEvents.date} between ${addDays(today, -LIFE_EVENT_LOOKBACK_DAYS)} and ${addDays(today, LIFE_EVENT_LOOKAHEAD_DAYS)})`;
  return and(liveStoresOf(ids), or(birthdayBetween(days, sql`-(${dueDays()} + ${bw.graceDays})`, bw.leadDays), openEventNear));
}

/** The named selects; the selects whose rows grow with the job travel packed (one JSON text, src/db/packed.ts). */
export function digestQueries(db: Db, repIds: readonly number[], today: LocalDate) {
  const ids = repIds.length > 0 ? [...repIds] : [0];
  const greetable = greetableContacts(db, ids, today);
  const greetableIds = db.select({ id: contacts.id }).from(contacts).innerJoin(stores, eq(stores.id, contacts.storeId)).where(greetable);
  return {
    users: packed(db, db.select(mailUserColumns).from(users).where(inArray(users.id, ids))),
    // organisation-wide configuration
    templates: packed(db, templatesQuery(db)),
    // what a greeting may say about each contact greeted today (R13, R15), and do-not-contact
    facts: packed(
      db,
      db
        .select({
          id: contacts.id,
          preferences: contacts.preferences,
          familyNotes: contacts.familyNotes,
          doNotContact: contacts.doNotContact,
          // Mourning (policy.mourningDays, at most MAX_MOURNING_DAYS): the latest bereavement up to today.
          lastBereavement: sql<string | null>`(select max(le.date) from ${lifeEvents} le where le.contact_id = ${contacts.id}
            and le.kind = 'bereavement' and le.date between ${addDays(today, -MAX_MOURNING_DAYS)} and ${today})`,
        })
        .from(contacts)
        .innerJoin(stores, eq(stores.id, contacts.storeId))
        .where(greetable),
    ),
    // who each open life event of those contacts concerns, where it is not the contact themself
    eventConcerns: packed(
      db,
      db
        .select({ id: lifeEvents.id, concerns: lifeEvents.concerns })
        .from(lifeEvents)
        .innerJoin(contacts, eq(contacts.id, lifeEvents.contactId))
        .innerJoin(stores, eq(stores.id, contacts.storeId))
        .where(and(greetable, sql`+${lifeEvents.state} = 'open'`, sql`${lifeEvents.concerns} <> 'self'`)),
    ),
    // the template each of those contacts was sent last time, per occasion
    lastVariants: packed(db, lastVariantsWhere(db, and(liveStoresOf(ids), inArray(interactions.contactId, greetableIds)), previousYearRange(today))),
    festivalInteractions: festivalInteractionsQuery(db, ids, today),
    ...festivalContactQueries(db, ids, today),
    ...lateBirthdayQueries(db, ids, today),
  };
}

/**
 * The keys of the active festivals whose action window is open on `today` (R4, R5), matched inside
 * SQL as birthdays are: a festival on day today + o (o from −MAX_WINDOW_AFTER to MAX_WINDOW_BEFORE)
 * is open when −windowAfter ≤ o ≤ windowBefore. A superset (birthdayKeys clamps month ends, and a
 * lunar leap month reads as its month) that the rules then place exactly.
 */
function openFestivalKeys(today: LocalDate): SQL {
  const days = birthdayDaysJson(today, -MAX_WINDOW_AFTER, MAX_WINDOW_BEFORE);
  return sql`(select f.key from ${festivals} f, json_each(${days}) d where f.active = 1
    and json_extract(d.value, '$[0]') between -f.window_after and f.window_before
    and (f.month * 100 + f.day) in (select k.value from json_each(d.value, case f.calendar when 'solar' then '$[1]' else '$[2]' end) k))`;
}

/**
 * R4, R5: the contacts a festival greeting is drafted for (festival-board.ts festivalDraft), and what
 * each was sent last year. Nothing is read outside festival windows (the gate reads only the
 * festivals table). Per rep, the stores no festival message reached yet come first, A before B
 * before C as the digest lists them, capped at FESTIVAL_CONTACTS_PER_REP.
 */
function festivalContactQueries(db: Db, ids: number[], today: LocalDate) {
  const open = openFestivalKeys(today);
  const messaged = sql`exists (select 1 from ${interactions} i where i.store_id = ${stores.id} and i.local_date between ${addDays(today, -FESTIVAL_LOOKBACK_DAYS)} and ${today}
    and i.channel = 'message' and i.occasion = 'festival' and i.festival_key in ${open})`;
  const ranked = db
    .select({
      repId: stores.repId,
      id: contacts.id,
      storeId: contacts.storeId,
      name: contacts.name,
      formOfAddress: contacts.formOfAddress,
      phone: contacts.phone,
      preferences: contacts.preferences,
      familyNotes: contacts.familyNotes,
      lastBereavement: sql<string | null>`(select max(le.date) from ${lifeEvents} le where le.contact_id = ${contacts.id}
            and le.kind = 'bereavement' and le.date between ${addDays(today, -MAX_MOURNING_DAYS)} and ${today})`.as("last_bereavement"),
      rank: sql<number>`row_number() over (partition by ${stores.repId} order by ${messaged}, ${stores.class}, ${stores.id}, ${contacts.id})`.as("rank"),
    })
    .from(contacts)
    .innerJoin(stores, eq(stores.id, contacts.storeId))
    .where(and(sql`exists ${open}`, liveStoresOf(ids), eq(contacts.doNotContact, false)))
    .as("festival_ranked");
  const capped = lte(ranked.rank, FESTIVAL_CONTACTS_PER_REP);
  return {
    festivalContacts: packed(
      db,
      db
        .select({
          repId: ranked.repId,
          id: ranked.id,
          storeId: ranked.storeId,
          name: ranked.name,
          formOfAddress: ranked.formOfAddress,
          phone: ranked.phone,
          preferences: ranked.preferences,
          familyNotes: ranked.familyNotes,
          lastBereavement: ranked.lastBereavement,
        })
        .from(ranked)
        .where(capped)
        .orderBy(asc(ranked.rank)),
    ),
    festivalLastVariants: packed(
      db,
      lastVariantsWhere(db, and(liveStoresOf(ids), inArray(interactions.contactId, db.select({ id: ranked.id }).from(ranked).where(capped))), previousYearRange(today)),
    ),
  };
}

/**
 * R4, R5: festival contacts that may fall in a window open around today (rep-month's own select
 * needs the festival definitions to be bounded; the rules check key, year and window).
 */
function festivalInteractionsQuery(db: Db, ids: number[], today: LocalDate) {
  return packed(
    db,
    db
      .select({
        repId: stores.repId,
        storeId: interactions.storeId,
        channel: interactions.channel,
        festivalKey: interactions.festivalKey,
        festivalYear: interactions.festivalYear,
        localDate: interactions.localDate,
        gift: giftSql(),
      })
      .from(stores)
      .innerJoin(interactions, eq(interactions.storeId, stores.id))
      .where(
        and(
          liveStoresOf(ids),
          gte(interactions.localDate, addDays(today, -FESTIVAL_LOOKBACK_DAYS)),
          lte(interactions.localDate, today),
          eq(interactions.occasion, "festival"),
        ),
      )
      .orderBy(asc(interactions.id)),
  );
}

/** R6: birthdays a longer due time in the stored policy still lists, beyond rep-month's default bounds, and the greetings that may close them. */
function lateBirthdayQueries(db: Db, ids: number[], today: LocalDate) {
  // Listed today, older than rep-month's default bounds reach: between due + grace and
  // default due + grace + 1 days ago (an empty range under the default policy).
  const bw = DEFAULT_BIRTHDAY_WINDOW;
  const defaultAfter = DEFAULT_POLICY.followUps.birthday.dueDays + bw.graceDays;
  const lateDays = birthdayDaysJson(today, -(MAX_DUE_DAYS + bw.graceDays), -(defaultAfter + 1));
  const lateBirthdays = and(
    // The range is empty unless the policy's due days exceed the default's. Said first, as a term
    // that reads no table: SQLite tests it once before walking the contacts, and with the default
    // policy both late selects end there (~10 ms each on a 50-rep job otherwise).
    sql`${dueDays()} > ${DEFAULT_POLICY.followUps.birthday.dueDays}`,
    liveStoresOf(ids),
    eq(contacts.doNotContact, false),
    birthdayBetween(lateDays, sql`-(${dueDays()} + ${bw.graceDays})`, -(defaultAfter + 1)),
  );
  const lateBirthdayIds = db.select({ id: contacts.id }).from(contacts).innerJoin(stores, eq(stores.id, contacts.storeId)).where(lateBirthdays);
  return {
    lateContacts: packed(db, db.select({ repId: stores.repId, ...birthdayContactColumns }).from(contacts).innerJoin(stores, eq(stores.id, contacts.storeId)).where(lateBirthdays)),
    lateGreetings: packed(
      db,
      db
        .select({ contactId: interactions.contactId, channel: interactions.channel, localDate: interactions.localDate })
        .from(interactions)
        .where(
          and(
            inArray(interactions.contactId, lateBirthdayIds),
            eq(interactions.occasion, "birthday"),
            gte(interactions.localDate, addDays(today, -(MAX_DUE_DAYS + 2 * bw.graceDays + bw.leadDays))),
            lte(interactions.localDate, addDays(today, bw.leadDays)),
          ),
        ),
    ),
  };
}
