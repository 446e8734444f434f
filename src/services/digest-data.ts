// The reads of the morning digest for a job of reps (up to JOB_SIZE, 100), as set-based selects the caller runs
// in ONE db.batch with its own (mail/compose.ts → the queue consumer): the policy and festivals,
// the reps' months (services/rep-month.ts), the users, the greeting templates, what the greetings
// may say about each contact (R13, R15) and the variant each was sent last time.
//
// The batch is built before the policy is known, yet two of rep-month's selects are bounded by it
// (the days after a birthday in which it is still listed, the festivals around today). Widening them
// to the policy's maximum would multiply their rows (the job's read must stay well under the
// database's 10 MB response limit), so rep-month's selects are built with the default bounds and
// two small selects here add what a stored policy with longer birthday due days lists on top,
// reading the policy inside the statement: nothing at all with the default policy. Festival
// contacts come from a select bounded by the widest window any festival may have; the rules check
// key, year and window.
//
// Scope: every select is keyed by the reps' own stores (stores.rep_id IN the job's reps), which is
// what storeVisible gives each rep; personal notes go only to that store's rep (SPEC §4).
import { birthdayContactColumns, repContactOf } from "../db/queries/columns.ts";
import { and, asc, eq, gte, inArray, lte, or, sql, type SQL } from "drizzle-orm";
import type { BatchResponse } from "drizzle-orm/batch";
import type { Db } from "../db/client.ts";
import { packed } from "../db/packed.ts";
import { policyNumberSql } from "../db/queries/policy.ts";
import { giftSql } from "../db/queries/rules.ts";
import { contacts, interactions, lifeEvents, stores, users } from "../db/schema.ts";
import { lastVariantMap, lastVariantsWhere, previousYearRange, templatesQuery, toGreetingTemplate } from "../db/queries/greetings.ts";
import {
  birthdayKeys,
  fillRepMonths,
  LIFE_EVENT_LOOKAHEAD_DAYS,
  LIFE_EVENT_LOOKBACK_DAYS,
  monthContextFrom,
  monthContextQueries,
  repMonthQueries,
} from "./rep-month.ts";
import { DEFAULT_POLICY } from "../domain/policy.ts";
import { DEFAULT_BIRTHDAY_WINDOW } from "../domain/follow-ups.ts";
import { addDays, monthOf } from "../domain/dates.ts";
import { emptyRepMonth, type MonthContext, type RepMonthData } from "../domain/rep-day.ts";
import type { GreetingTemplate } from "../domain/greetings.ts";
import type { ContactFacts } from "../mail/digest.ts";
import type { LocalDate } from "../domain/types.ts";

/** PolicySchema's upper bound on a follow-up's due days: the widest a birthday is listed after the day. */
export const MAX_DUE_DAYS = 60;
/** A festival window reaches at most 60 days before and 30 after the day (FestivalDefSchema). */
export const FESTIVAL_LOOKBACK_DAYS = 90;

/**
 * The context rep-month's selects are built with before the policy is loaded: the default birthday
 * bounds (digestQueries adds what a longer due time lists) and no festivals (rep-month's festival
 * select then returns nothing; digestQueries has its own).
 */
export function queryContext(): MonthContext {
  return { policy: DEFAULT_POLICY, festivals: [] };
}

// ---- birthdays bounded by the stored policy --------------------------------------------------

/**
 * The birthday keys (month × 100 + day, per calendar) of each day from `from` to `to` days after
 * `anchor`, as one JSON parameter: `[[offset, [solar keys], [lunar keys]], …]`.
 */
export function birthdayDaysJson(anchor: LocalDate, from: number, to: number): string {
  const days: [number, number[], number[]][] = [];
  for (let o = from; o <= to; o++) {
    const d = addDays(anchor, o);
    const k = birthdayKeys(d, d);
    days.push([o, k.solar, k.lunar]);
  }
  return JSON.stringify(days);
}

/**
 * Contacts whose birthday falls between offsets `lo` and `hi` of the days in `daysJson` (bounds may
 * be SQL reading the policy). The key lists are uncorrelated subqueries: SQLite builds each once.
 */
export function birthdayBetween(daysJson: string, lo: SQL | number, hi: SQL | number): SQL {
  const key = sql`(${contacts.birthdayMonth} * 100 + ${contacts.birthdayDay})`;
  const keys = (path: string) =>
    sql`(select k.value from json_each(${daysJson}) d, json_each(d.value, ${path}) k where json_extract(d.value, '$[0]') between ${lo} and ${hi})`;
  // The unary `+` keeps SQLite off the organisation-wide birthday index (as in rep-month.ts).
  return sql`((+${contacts.birthdayCalendar} = 'solar' and ${key} in ${keys("$[1]")}) or (+${contacts.birthdayCalendar} = 'lunar' and ${key} in ${keys("$[2]")}))`;
}

// ---- the digest's selects ---------------------------------------------------------------------

function liveStoresOf(ids: number[]): SQL {
  return and(inArray(stores.repId, ids), eq(stores.archived, false))!;
}

/**
 * The contacts a digest may greet today: birthday listed today (R6) or an open life event near
 * today (R7, R8), at the reps' live stores. A subquery builder: the facts and the last variants
 * are read for exactly this set.
 */
function greetableContacts(db: Db, ids: number[], today: LocalDate) {
  const bw = DEFAULT_BIRTHDAY_WINDOW;
  // From the policy's due time + grace ago (read in the statement) to the lead ahead.
  const days = birthdayDaysJson(today, -(MAX_DUE_DAYS + bw.graceDays), bw.leadDays);
  const openEvents = db
    .select({ contactId: lifeEvents.contactId })
    .from(lifeEvents)
    .where(
      and(
        sql`+${lifeEvents.state} = 'open'`,
        gte(lifeEvents.date, addDays(today, -LIFE_EVENT_LOOKBACK_DAYS)),
        lte(lifeEvents.date, addDays(today, LIFE_EVENT_LOOKAHEAD_DAYS)),
      ),
    );
  return and(
    liveStoresOf(ids),
    or(birthdayBetween(days, sql`-(${policyNumberSql("followUps.birthday.dueDays")} + ${bw.graceDays})`, bw.leadDays), inArray(contacts.id, openEvents)),
  );
}

export function digestQueries(db: Db, repIds: readonly number[], today: LocalDate) {
  const ids = repIds.length > 0 ? [...repIds] : [0];
  const greetable = greetableContacts(db, ids, today);
  const greetableIds = db.select({ id: contacts.id }).from(contacts).innerJoin(stores, eq(stores.id, contacts.storeId)).where(greetable);
  const range = previousYearRange(today);
  // Listed today, older than rep-month's default bounds reach: between due + grace and
  // default due + grace + 1 days ago (an empty range under the default policy).
  const bw = DEFAULT_BIRTHDAY_WINDOW;
  const defaultAfter = DEFAULT_POLICY.followUps.birthday.dueDays + bw.graceDays;
  const lateDays = birthdayDaysJson(today, -(MAX_DUE_DAYS + bw.graceDays), -(defaultAfter + 1));
  const lateBirthdays = and(
    // The range is empty unless the policy's due days exceed the default's. Said first, as a term
    // that reads no table: SQLite tests it once before walking the contacts, and with the default
    // policy both late selects end there (~10 ms each on a 50-rep job otherwise).
    sql`${policyNumberSql("followUps.birthday.dueDays")} > ${DEFAULT_POLICY.followUps.birthday.dueDays}`,
    liveStoresOf(ids),
    eq(contacts.doNotContact, false),
    birthdayBetween(lateDays, sql`-(${policyNumberSql("followUps.birthday.dueDays")} + ${bw.graceDays})`, -(defaultAfter + 1)),
  );
  const lateBirthdayIds = db.select({ id: contacts.id }).from(contacts).innerJoin(stores, eq(stores.id, contacts.storeId)).where(lateBirthdays);

  // The selects whose rows grow with the job travel packed (one JSON text, src/db/packed.ts).
  return [
    // 0, 1: policy and festivals
    ...monthContextQueries(db),
    // 2: the users of the job
    packed(
      db,
      db
        .select({
          id: users.id,
          name: users.name,
          email: users.email,
          role: users.role,
          teamId: users.teamId,
          locale: users.locale,
          timeZone: users.timeZone,
          active: users.active,
        })
        .from(users)
        .where(inArray(users.id, ids)),
    ),
    // 3: greeting templates (organisation-wide configuration)
    packed(db, templatesQuery(db)),
    // 4: what a greeting may say about each contact greeted today (R13, R15), and do-not-contact
    packed(
      db,
      db
        .select({
          id: contacts.id,
          preferences: contacts.preferences,
          familyNotes: contacts.familyNotes,
          doNotContact: contacts.doNotContact,
        })
        .from(contacts)
        .innerJoin(stores, eq(stores.id, contacts.storeId))
        .where(greetable),
    ),
    // 5: the template each of those contacts was sent last time, per occasion
    packed(db, lastVariantsWhere(db, and(liveStoresOf(ids), inArray(interactions.contactId, greetableIds)), range)),
    // 6: R4, R5: festival contacts that may fall in a window open around today (rep-month's own select
    // needs the festival definitions to be bounded; the rules check key, year and window)
    packed(
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
    ),
    // 7: R6: birthdays a longer due time in the stored policy still lists, beyond rep-month's default bounds
    packed(
      db,
      db
        .select({
          repId: stores.repId,
          ...birthdayContactColumns,
        })
        .from(contacts)
        .innerJoin(stores, eq(stores.id, contacts.storeId))
        .where(lateBirthdays),
    ),
    // 8: the greetings that may close those
    packed(
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
    // 9…: the reps' months
    ...repMonthQueries(db, ids, today, queryContext()),
  ] as const;
}

export type DigestRows = BatchResponse<ReturnType<typeof digestQueries>>;

export type DigestUser = DigestRows[2][number];

export type DigestData = {
  context: MonthContext;
  users: Map<number, DigestUser>;
  /** Every rep of the job, with an empty month when they have no rows. */
  months: Map<number, RepMonthData>;
  facts: Map<number, ContactFacts>;
  templates: GreetingTemplate[];
  /** lastVariantKey(contact, occasion) → template id. */
  lastVariants: Map<string, number>;
};

/** The batch's rows, by rep (pure: no database access). */
export function digestData(rows: DigestRows, repIds: readonly number[], today: LocalDate): DigestData {
  const [policyRows, festivalRows, userRows, templateRows, factRows, variantRows, festivalInteractionRows, lateContactRows, lateGreetingRows, ...monthRows] =
    rows;
  const context = monthContextFrom(policyRows, festivalRows);
  const month = monthOf(today);
  const months = new Map<number, RepMonthData>();
  for (const id of new Set(repIds)) months.set(id, emptyRepMonth(context, id, today, month));
  fillRepMonths(months, monthRows);
  for (const r of festivalInteractionRows) {
    if (r.repId === null) continue;
    months.get(r.repId)?.festivalInteractions.push({
      storeId: r.storeId,
      channel: r.channel,
      occasion: "festival",
      festivalKey: r.festivalKey,
      festivalYear: r.festivalYear,
      localDate: r.localDate,
      giftValue: Number(r.gift) ? 1 : null,
    });
  }
  // Birthdays beyond rep-month's default bounds (a stored policy with a longer due time).
  const repOfLate = new Map<number, number>();
  const known = new Set([...months.values()].flatMap((m) => m.contacts.map((c) => c.id)));
  for (const r of lateContactRows) {
    const m = r.repId === null ? undefined : months.get(r.repId);
    if (!m || known.has(r.id)) continue;
    known.add(r.id);
    repOfLate.set(r.id, r.repId!);
    m.contacts.push(repContactOf(r));
  }
  for (const r of lateGreetingRows) {
    const rep = r.contactId === null ? undefined : repOfLate.get(r.contactId);
    if (rep !== undefined) months.get(rep)?.followUpInteractions.push({ channel: r.channel, occasion: "birthday", localDate: r.localDate, contactId: r.contactId });
  }
  return {
    context,
    users: new Map(userRows.map((u) => [u.id, u])),
    months,
    facts: new Map(factRows.map((f) => [f.id, { preferences: f.preferences, familyNotes: f.familyNotes, doNotContact: f.doNotContact }])),
    templates: templateRows.map(toGreetingTemplate),
    lastVariants: lastVariantMap(variantRows),
  };
}
