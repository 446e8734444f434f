// The month of MANY reps at once, as named set-based selects for one db.batch (the /today, /month and
// /team pages, GET /api/progress, and the morning digest's jobs of up to JOB_SIZE, 100): keyed by
// `rep_id IN (…)`, so the number of round trips is the same for 1 rep or 100 and never grows with
// their stores. Their rows are the domain's RepMonthRows (domain/rep-month.ts groups them by rep).
//
// Every result is bounded: a month (or a fixed look-back) of rows per rep, per-rep caps where rows
// could pile up (open slow movers), and birthdays filtered to the few days around today. Each
// select's rows travel as one JSON text (src/db/packed.ts): the rows of a 50-rep job are ~20,000,
// and a Hrana object per cell made them ~4 MB to send and decode. Store-keyed queries go through
// stores(rep_id) → interactions(store_id, local_date); rep-keyed ones through interactions(rep_id,
// local_date) (test/integration/progress.test.ts checks the plans).
import { and, asc, desc, eq, gte, inArray, lte, or, sql, type SQL } from "drizzle-orm";
import type { Db } from "../client.ts";
import { packed } from "../packed.ts";
import { contacts, interactions, lifeEvents, planSkips, storeAssignments, stores, users, visitInsights } from "../schema.ts";
import { aboutContact, birthdayContactColumns, dayContactColumns, followUpInteractionColumns } from "./columns.ts";
import { inHoldingSql, quotaChannelSql, sameDayCountSql } from "./rules.ts";
import { storeVisible, userVisible } from "./scope.ts";
import type { Viewer } from "../../auth/identity.ts";
import { birthdayKeys } from "../../domain/calendar/birthdays.ts";
import { festivalsAround } from "../../domain/calendar/festivals.ts";
import { addDays, monthBounds, monthOf } from "../../domain/dates.ts";
import { DEFAULT_BIRTHDAY_WINDOW } from "../../domain/follow-ups.ts";
import type { MonthContext } from "../../domain/rep-day.ts";
import {
  LAST_CONTACT_LOOKBACK_DAYS,
  LIFE_EVENT_LOOKAHEAD_DAYS,
  LIFE_EVENT_LOOKBACK_DAYS,
  RECENT_VISIT_DAYS,
  SLOW_MOVER_LOOKBACK_DAYS,
  SLOW_MOVERS_PER_REP,
} from "../../domain/rep-month.ts";
import type { LocalDate } from "../../domain/types.ts";

/** What every select of the batch is keyed and bounded by. */
type Scope = {
  ids: number[];
  today: LocalDate;
  /** First day of today's month. */
  first: LocalDate;
  /** Store-keyed rows: the reps' live stores, within the caller's scope. */
  liveStores: SQL | undefined;
  /** Rep-keyed rows: the reps themselves, within the caller's scope. */
  repScope: (col: typeof interactions.repId | typeof storeAssignments.repId | typeof planSkips.repId) => SQL | undefined;
  /** The reps' assignments that held in the month through today (the month's stores, issue 11). */
  heldInMonth: SQL | undefined;
  inMonth: SQL | undefined;
};

// Store-keyed interactions in the order the walk stores_rep_idx → interactions_store_date_idx
// yielded them before that index took channel and occasion after the date (which now order the
// rows of one store and day): the rows (and what is built from them) keep their order. SQLite
// sorts only within a store's day ("RIGHT PART OF ORDER BY").
const storeWalk = [asc(stores.repId), asc(stores.id), asc(interactions.localDate), asc(interactions.id)] as const;

/** How much of a list the batch reads: every open slow mover (the rep's full list page) instead of the digest's cap. */
export type RepMonthOptions = { allSlowMovers?: boolean };

/** The named selects of one batch (exported so tests can EXPLAIN them); their rows are RepMonthRows. */
export function repMonthQueries(db: Db, repIds: readonly number[], today: LocalDate, context: MonthContext, viewer?: Viewer, options: RepMonthOptions = {}) {
  const ids = repIds.length > 0 ? [...repIds] : [0];
  const { first } = monthBounds(monthOf(today));
  const scope: Scope = {
    ids,
    today,
    first,
    liveStores: and(inArray(stores.repId, ids), eq(stores.archived, false), viewer ? storeVisible(viewer) : undefined),
    repScope: (col) => (viewer ? inArray(col, db.select({ id: users.id }).from(users).where(and(inArray(users.id, ids), userVisible(viewer)))) : undefined),
    inMonth: and(gte(interactions.localDate, first), lte(interactions.localDate, today)),
    heldInMonth: undefined,
  };
  const a = storeAssignments;
  scope.heldInMonth = and(inArray(a.repId, ids), scope.repScope(a.repId), lte(a.validFrom, today), or(sql`${a.validTo} is null`, sql`${a.validTo} > ${first}`));
  return {
    ...storeQueries(db, scope),
    festivalInteractions: festivalQuery(db, scope, context),
    ...followUpQueries(db, scope, context),
    ...insightQueries(db, scope, options),
    skips: skipsQuery(db, scope, context),
  };
}

/**
 * The reps' plan skips (plan_skips) of the month, and of the days a store skipped as closed stays
 * out of the plan when those reach into last month; newest first. Through plan_skips_item_uq.
 */
function skipsQuery(db: Db, s: Scope, context: MonthContext) {
  const closedFrom = addDays(s.today, 1 - context.policy.digest.skipClosedDays);
  const from = closedFrom < s.first ? closedFrom : s.first;
  const p = planSkips;
  return packed(
    db,
    db
      .select({ id: p.id, repId: p.repId, storeId: p.storeId, channel: p.channel, localDate: p.localDate, reason: p.reason, note: p.note, createdAt: p.createdAt })
      .from(p)
      .where(and(inArray(p.repId, s.ids), s.repScope(p.repId), gte(p.localDate, from), lte(p.localDate, s.today)))
      .orderBy(asc(p.repId), desc(p.localDate), desc(p.id)),
  );
}

/**
 * The stores each rep held this month (through today) with the stretches they held them, their
 * contacts per store within those stretches (R1–R3, last contact) and the rep's own month (R9–R11).
 * A month is read from the assignments that held in it, so a later reassignment or reclassification
 * changes nothing in it; the store's own row gives only its name and contact details.
 */
function storeQueries(db: Db, s: Scope) {
  const quota = quotaChannelSql();
  const a = storeAssignments;
  // Contacts of one channel within the rep's stretch of the month, counted as the policy's
  // same-day rule says (sameDayCountSql); anyone's contact at the store counts for its holder.
  const held = (channel: "message" | "phone" | "visit") =>
    sameDayCountSql(and(eq(interactions.channel, channel), gte(interactions.localDate, s.first), inHoldingSql(a))!);
  return {
    stores: packed(
      db,
      db
        .select({
          id: stores.id,
          name: stores.name,
          class: a.tier,
          city: stores.city,
          address: stores.address,
          phone: stores.phone,
          repId: a.repId,
          from: a.validFrom,
          to: a.validTo,
          // When the store was first held by anyone: a store added lately without contact reads "new".
          since: sql<LocalDate>`(select min(b.valid_from) from ${a} b where b.store_id = ${stores.id})`,
        })
        .from(a)
        .innerJoin(stores, eq(stores.id, a.storeId))
        .where(s.heldInMonth)
        // By the class the rep last held the store in this month (its class in RepStore), so a month
        // reads in the same order after a later reclassification; a store's stretches stay together.
        .orderBy(
          asc(a.repId),
          sql`(select b.tier from ${a} b where b.store_id = ${stores.id} and b.rep_id is ${a.repId} and b.valid_from <= ${s.today} order by b.valid_from desc limit 1)`,
          asc(stores.name),
          asc(stores.id),
          asc(a.validFrom),
        ),
    ),
    // Per store and stretch held, one scan of the look-back: R1–R3 contacts per channel from the 1st
    // through today inside the stretch, and the last contact (third-party help is not contact with
    // the store). The month lies inside the look-back, so one grouped scan serves both. A store held
    // twice in the month joins each contact once per stretch; only one stretch counts it.
    storeContacts: packed(
      db,
      db
        .select({
          repId: a.repId,
          storeId: a.storeId,
          message: held("message"),
          phone: held("phone"),
          visit: held("visit"),
          lastDate: sql<string>`max(${interactions.localDate})`,
        })
        .from(a)
        .innerJoin(interactions, eq(interactions.storeId, a.storeId))
        .where(and(s.heldInMonth, gte(interactions.localDate, addDays(s.today, -LAST_CONTACT_LOOKBACK_DAYS)), lte(interactions.localDate, s.today), quota))
        .groupBy(a.repId, a.storeId),
    ),
    // R9–R11: what the rep did this month, per store; plus their quota contacts before today (volume)
    activity: packed(
      db,
      db
        .select({
          repId: interactions.repId,
          storeId: interactions.storeId,
          helpAsked: sql<number>`sum(${interactions.askedHelp})`,
          problemsSolved: sql<number>`count(${interactions.problemSolved})`,
          trainings: sql<number>`count(${interactions.trainingTopic})`,
          contactsBeforeToday: sql<number>`sum(${quota} and ${interactions.localDate} < ${s.today})`,
        })
        .from(interactions)
        .where(and(inArray(interactions.repId, s.ids), s.repScope(interactions.repId), s.inMonth))
        .groupBy(interactions.repId, interactions.storeId),
    ),
  };
}

/** R4, R5: festival contacts inside the windows around today (only festivals whose lead or window holds today). */
function festivalQuery(db: Db, s: Scope, context: MonthContext) {
  const around = festivalsAround(context.festivals, s.today);
  const festivalKeys = around.length > 0 ? [...new Set(around.map((o) => o.key))] : [""];
  const festivalFrom = around.reduce((m, o) => (o.windowStart < m ? o.windowStart : m), s.today);
  return packed(
    db,
    db
      .select({
        repId: stores.repId,
        storeId: interactions.storeId,
        channel: interactions.channel,
        occasion: interactions.occasion,
        festivalKey: interactions.festivalKey,
        festivalYear: interactions.festivalYear,
        localDate: interactions.localDate,
        giftWhat: interactions.giftWhat,
        giftValue: interactions.giftValue,
      })
      .from(stores)
      .innerJoin(interactions, eq(interactions.storeId, stores.id))
      .where(
        and(
          s.liveStores,
          gte(interactions.localDate, festivalFrom),
          lte(interactions.localDate, s.today),
          eq(interactions.occasion, "festival"),
          inArray(interactions.festivalKey, festivalKeys),
        ),
      )
      .orderBy(...storeWalk),
  );
}

/** R6–R8: contacts with a birthday near today, open life events, and the contacts that may close them. */
function followUpQueries(db: Db, s: Scope, context: MonthContext) {
  // R6: birthdays listed today lie in [today − (due + grace), today + lead]; a greeting that closes
  // one lies in [birthday − lead, birthday + due + grace].
  const bw = DEFAULT_BIRTHDAY_WINDOW;
  const after = context.policy.followUps.birthday.dueDays + bw.graceDays;
  const keys = birthdayKeys(addDays(s.today, -after), addDays(s.today, bw.leadDays));
  // The unary `+` keeps SQLite off the organisation-wide indexes (birthdays, open events, insight
  // kinds): walking the reps' stores and their contacts costs the same whatever the organisation's size.
  const birthdayKey = sql`${contacts.birthdayMonth} * 100 + ${contacts.birthdayDay}`;
  const birthdayNear = or(
    and(sql`+${contacts.birthdayCalendar} = 'solar'`, inArray(birthdayKey, keys.solar)),
    and(sql`+${contacts.birthdayCalendar} = 'lunar'`, inArray(birthdayKey, keys.lunar)),
  );
  const eventRange = and(
    sql`+${lifeEvents.state} = 'open'`,
    gte(lifeEvents.date, addDays(s.today, -LIFE_EVENT_LOOKBACK_DAYS)),
    lte(lifeEvents.date, addDays(s.today, LIFE_EVENT_LOOKAHEAD_DAYS)),
  );
  // Contacts who asked not to be contacted get no greeting or visit task (R6–R8).
  const reachable = eq(contacts.doNotContact, false);
  const openEventIds = db
    .select({ id: lifeEvents.id })
    .from(lifeEvents)
    .innerJoin(contacts, eq(contacts.id, lifeEvents.contactId))
    .innerJoin(stores, eq(stores.id, contacts.storeId))
    .where(and(s.liveStores, reachable, eventRange));
  return {
    // R6: contacts with a birthday near today (no personal notes here)
    birthdayContacts: packed(
      db,
      db
        .select({ repId: stores.repId, ...birthdayContactColumns })
        .from(stores)
        .innerJoin(contacts, eq(contacts.storeId, stores.id))
        .where(and(s.liveStores, reachable, birthdayNear)),
    ),
    // R7, R8: open life events with their contact
    lifeEvents: packed(
      db,
      db
        .select({
          repId: stores.repId,
          id: lifeEvents.id,
          kind: lifeEvents.kind,
          date: lifeEvents.date,
          state: lifeEvents.state,
          contactId: contacts.id,
          ...dayContactColumns,
        })
        .from(stores)
        .innerJoin(contacts, eq(contacts.storeId, stores.id))
        .innerJoin(lifeEvents, eq(lifeEvents.contactId, contacts.id))
        .where(and(s.liveStores, reachable, eventRange)),
    ),
    // R6: birthday greetings that may close a birthday listed today
    birthdayGreetings: packed(
      db,
      db
        .select({ repId: stores.repId, ...followUpInteractionColumns })
        .from(stores)
        .innerJoin(interactions, eq(interactions.storeId, stores.id))
        .where(
          and(
            s.liveStores,
            gte(interactions.localDate, addDays(s.today, -(after + bw.leadDays))),
            lte(interactions.localDate, addDays(s.today, bw.leadDays + after)),
            eq(interactions.occasion, "birthday"),
          ),
        )
        .orderBy(...storeWalk),
    ),
    // R7, R8: contacts linked to the open life events (scoped through the events' stores)
    linkedContacts: packed(db, db.select({ ...followUpInteractionColumns }).from(interactions).where(inArray(interactions.lifeEventId, openEventIds))),
  };
}

/** R17 open slow movers; R12–R17 intel of last week's visits and of the month's. */
function insightQueries(db: Db, s: Scope, options: RepMonthOptions) {
  const slowRanked = db
    .select({
      id: visitInsights.id,
      repId: stores.repId,
      storeId: interactions.storeId,
      interactionId: visitInsights.interactionId,
      localDate: interactions.localDate,
      subject: visitInsights.subject,
      detail: visitInsights.detail,
      reason: visitInsights.reason,
      action: visitInsights.action,
      aboutContact: aboutContact().as("about_contact"),
      rank: sql<number>`row_number() over (partition by ${stores.repId} order by ${interactions.localDate} desc, ${visitInsights.id} desc)`.as("rank"),
      // How many there are in all, so the digest's "N more" counts what the rep's list page shows.
      total: sql<number>`count(*) over (partition by ${stores.repId})`.as("total"),
    })
    .from(stores)
    .innerJoin(interactions, eq(interactions.storeId, stores.id))
    .innerJoin(visitInsights, eq(visitInsights.interactionId, interactions.id))
    .where(
      and(
        s.liveStores,
        gte(interactions.localDate, addDays(s.today, -SLOW_MOVER_LOOKBACK_DAYS)),
        lte(interactions.localDate, s.today),
        eq(interactions.channel, "visit"),
        sql`+${visitInsights.kind} = 'slow_mover'`,
        eq(visitInsights.status, "open"),
      ),
    )
    .as("slow_ranked");
  const visitKinds = db
    .select({
      repId: interactions.repId,
      id: interactions.id,
      kinds: sql<number>`count(distinct ${visitInsights.kind})`.as("kinds"),
    })
    .from(interactions)
    .leftJoin(visitInsights, eq(visitInsights.interactionId, interactions.id))
    .where(and(inArray(interactions.repId, s.ids), s.repScope(interactions.repId), s.inMonth, eq(interactions.channel, "visit")))
    // Per visit, in the order interactions_rep_date_idx walks (rep, date, id): no sort to group.
    .groupBy(interactions.repId, interactions.localDate, interactions.id)
    .as("visit_kinds");
  return {
    // R17: open slow movers, newest first, capped per rep (each row carries the uncapped total)
    slowMovers: packed(
      db,
      db
        .select()
        .from(slowRanked)
        .where(options.allSlowMovers ? undefined : lte(slowRanked.rank, SLOW_MOVERS_PER_REP))
        .orderBy(desc(slowRanked.localDate), desc(slowRanked.id)),
    ),
    // R12–R17: the rep's visits of the last 7 days with the number of intel kinds each recorded
    // (per visit, grouped in index order as visit_kinds is: by rep and date; repDay sorts them)
    recentVisits: packed(
      db,
      db
        .select({
          repId: interactions.repId,
          interactionId: interactions.id,
          storeId: interactions.storeId,
          localDate: interactions.localDate,
          intelKinds: sql<number>`count(distinct ${visitInsights.kind})`,
        })
        .from(interactions)
        .leftJoin(visitInsights, eq(visitInsights.interactionId, interactions.id))
        .where(
          and(
            inArray(interactions.repId, s.ids),
            s.repScope(interactions.repId),
            gte(interactions.localDate, addDays(s.today, -RECENT_VISIT_DAYS)),
            lte(interactions.localDate, addDays(s.today, -1)),
            eq(interactions.channel, "visit"),
          ),
        )
        .groupBy(interactions.repId, interactions.localDate, interactions.id),
    ),
    // R12–R17: the month's visits by number of intel kinds (at most 7 rows per rep)
    monthIntel: packed(
      db,
      db
        .select({ repId: visitKinds.repId, kinds: visitKinds.kinds, visits: sql<number>`count(*)` })
        .from(visitKinds)
        .groupBy(visitKinds.repId, sql`"visit_kinds"."kinds"`),
    ),
  };
}
