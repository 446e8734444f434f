// Loads the month of MANY reps at once (the /today, /month and /team pages, GET /api/progress, and
// the morning-digest consumer's jobs of up to JOB_SIZE, 100): one db.batch of set-based selects keyed by
// `rep_id IN (…)`, so the number of round trips is the same for 1 rep or 100 and never grows with
// their stores. Without a preloaded MonthContext the policy and festivals take one more round trip
// first (their values bound the other queries' date ranges), so: 1 round trip with a context, 2
// without.
//
// Every result is bounded: a month (or a fixed look-back) of rows per rep, per-rep caps where
// rows could pile up (open slow movers), and birthdays filtered to the few days around today. Each
// select's rows travel as one JSON text (src/db/packed.ts), a fifth of the bytes of Hrana cells.
// Store-keyed queries go through stores(rep_id) → interactions(store_id, local_date); rep-keyed ones
// through interactions(rep_id, local_date) (test/integration/progress.test.ts checks the plans).
import { policyOf, policySelect } from "../db/queries/policy.ts";
import { aboutContact, birthdayContactColumns, dayContactColumns, followUpInteractionColumns, repContactOf } from "../db/queries/columns.ts";
import { and, asc, desc, eq, gte, inArray, lte, or, sql, type SQL } from "drizzle-orm";
import type { Db } from "../db/client.ts";
import { packed } from "../db/packed.ts";
import { quotaChannelSql } from "../db/queries/rules.ts";
import type { BatchResponse } from "drizzle-orm/batch";
import { contacts, festivals, interactions, lifeEvents, stores, users, visitInsights } from "../db/schema.ts";
import { storeVisible, userVisible } from "../db/queries/scope.ts";
import { festivalFromRow } from "../db/queries/festivals.ts";
import type { Viewer } from "../auth/identity.ts";
import type { Policy } from "../domain/policy.ts";
import { festivalsAround } from "../domain/calendar/festivals.ts";
import { solarToLunar, lunarMonthDays, LUNAR_YEAR_MAX, LUNAR_YEAR_MIN } from "../domain/calendar/lunar.ts";
import { DEFAULT_BIRTHDAY_WINDOW } from "../domain/follow-ups.ts";
import { addDays, daysInMonth, monthBounds, monthOf, parts } from "../domain/dates.ts";
import { emptyRepMonth, type MonthContext, type RepMonthData } from "../domain/rep-day.ts";
import type { LocalDate } from "../domain/types.ts";

export type { MonthContext, RepMonthData } from "../domain/rep-day.ts";

/** "Days since last contact" looks this far back; older contacts read as "none lately". */
export const LAST_CONTACT_LOOKBACK_DAYS = 120;
/** Open life events older than this are stale for the plan (R7, R8 are due within days). */
export const LIFE_EVENT_LOOKBACK_DAYS = 120;
/** Life events recorded ahead of their day are listed this far ahead. */
export const LIFE_EVENT_LOOKAHEAD_DAYS = 60;
/** R17: open slow movers reported within this look-back, at most this many per rep (newest first). */
export const SLOW_MOVER_LOOKBACK_DAYS = 120;
export const SLOW_MOVERS_PER_REP = 20;
/** "Visits last week missing intel": the 7 days before today. */
export const RECENT_VISIT_DAYS = 7;

export type LoadOptions = {
  /** Policy and festivals already loaded (saves a round trip). */
  context?: MonthContext;
  /** When loading for a signed-in caller: rows outside their scope are left out (storeVisible/userVisible). */
  viewer?: Viewer;
};

// ---- policy and festivals -----------------------------------------------------------------------

/** The two selects of a MonthContext, to put in a caller's own db.batch. */
export function monthContextQueries(db: Db) {
  return [
    policySelect(db),
    db.select().from(festivals).orderBy(asc(festivals.id)),
  ] as const;
}

export function monthContextFrom(
  policyRows: readonly { data: Partial<Policy> | null }[],
  festivalRows: readonly (typeof festivals.$inferSelect)[],
): MonthContext {
  return {
    policy: policyOf(policyRows),
    festivals: festivalRows.map(festivalFromRow),
  };
}

export async function loadMonthContext(db: Db): Promise<MonthContext> {
  const [p, f] = await db.batch(monthContextQueries(db));
  return monthContextFrom(p, f);
}

// ---- birthdays near today -----------------------------------------------------------------------

/**
 * `month * 100 + day` keys of the birthdays celebrated in [from, to], per calendar: a superset the
 * domain (follow-ups.ts) then places exactly. A day at a month's end also takes the later days that
 * clamp onto it (Feb 29 on Feb 28, lunar 30 on a 29-day month's 29th). Lunar leap months give the
 * key of their month number: born in 闰四月 or in 四月 both read as month 4 here.
 */
export function birthdayKeys(from: LocalDate, to: LocalDate): { solar: number[]; lunar: number[] } {
  const solar = new Set<number>();
  const lunar = new Set<number>();
  for (let d = from; d <= to; d = addDays(d, 1)) {
    const { year, month, day } = parts(d);
    const last = daysInMonth(year, month);
    for (let k = day; k <= (day === last ? 31 : day); k++) solar.add(month * 100 + k);
    if (year <= LUNAR_YEAR_MIN || year > LUNAR_YEAR_MAX) continue; // solarToLunar looks at year − 1 too
    const l = solarToLunar(d);
    const lastLunar = lunarMonthDays(l.year, l.month, l.leap);
    for (let k = l.day; k <= (l.day === lastLunar ? 30 : l.day); k++) lunar.add(l.month * 100 + k);
  }
  return { solar: [...solar], lunar: [...lunar] };
}

// ---- the batch ----------------------------------------------------------------------------------

/** The selects of one batch, exported so tests can EXPLAIN them. */
export function repMonthQueries(db: Db, repIds: readonly number[], today: LocalDate, context: MonthContext, viewer?: Viewer) {
  const ids = repIds.length > 0 ? [...repIds] : [0];
  const { policy: pol } = context;
  const { first } = monthBounds(monthOf(today));
  // Store-keyed rows: the reps' live stores, within the caller's scope.
  const liveStores = and(inArray(stores.repId, ids), eq(stores.archived, false), viewer ? storeVisible(viewer) : undefined);
  // Rep-keyed rows: the reps themselves, within the caller's scope.
  const repScope = (col: typeof interactions.repId): SQL | undefined =>
    viewer ? inArray(col, db.select({ id: users.id }).from(users).where(and(inArray(users.id, ids), userVisible(viewer)))) : undefined;
  // Store-keyed interactions in the order the walk stores_rep_idx → interactions_store_date_idx
  // yielded them before that index took channel and occasion after the date (which now order the
  // rows of one store and day): the rows (and what is built from them) keep their order. SQLite
  // sorts only within a store's day ("RIGHT PART OF ORDER BY").
  const storeWalk = [asc(stores.repId), asc(stores.id), asc(interactions.localDate), asc(interactions.id)] as const;
  const inMonth = and(gte(interactions.localDate, first), lte(interactions.localDate, today));
  const quota = quotaChannelSql();

  // R4, R5: only festivals whose lead or window holds today, and only their windows' days.
  const around = festivalsAround(context.festivals, today);
  const festivalKeys = around.length > 0 ? [...new Set(around.map((o) => o.key))] : [""];
  const festivalFrom = around.reduce((m, o) => (o.windowStart < m ? o.windowStart : m), today);

  // R6: birthdays listed today lie in [today − (due + grace), today + lead]; a greeting that closes
  // one lies in [birthday − lead, birthday + due + grace].
  const bw = DEFAULT_BIRTHDAY_WINDOW;
  const after = pol.followUps.birthday.dueDays + bw.graceDays;
  const keys = birthdayKeys(addDays(today, -after), addDays(today, bw.leadDays));
  const greetFrom = addDays(today, -(after + bw.leadDays));
  const greetTo = addDays(today, bw.leadDays + after);
  // The unary `+` keeps SQLite off the organisation-wide indexes (birthdays, open events, insight
  // kinds): walking the reps' stores and their contacts costs the same whatever the organisation's size.
  const birthdayKey = sql`${contacts.birthdayMonth} * 100 + ${contacts.birthdayDay}`;
  const birthdayNear = or(
    and(sql`+${contacts.birthdayCalendar} = 'solar'`, inArray(birthdayKey, keys.solar)),
    and(sql`+${contacts.birthdayCalendar} = 'lunar'`, inArray(birthdayKey, keys.lunar)),
  );
  const eventRange = and(
    sql`+${lifeEvents.state} = 'open'`,
    gte(lifeEvents.date, addDays(today, -LIFE_EVENT_LOOKBACK_DAYS)),
    lte(lifeEvents.date, addDays(today, LIFE_EVENT_LOOKAHEAD_DAYS)),
  );
  // Contacts who asked not to be contacted get no greeting or visit task (R6–R8).
  const reachable = eq(contacts.doNotContact, false);
  const openEventIds = db
    .select({ id: lifeEvents.id })
    .from(lifeEvents)
    .innerJoin(contacts, eq(contacts.id, lifeEvents.contactId))
    .innerJoin(stores, eq(stores.id, contacts.storeId))
    .where(and(liveStores, reachable, eventRange));

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
    })
    .from(stores)
    .innerJoin(interactions, eq(interactions.storeId, stores.id))
    .innerJoin(visitInsights, eq(visitInsights.interactionId, interactions.id))
    .where(
      and(
        liveStores,
        gte(interactions.localDate, addDays(today, -SLOW_MOVER_LOOKBACK_DAYS)),
        lte(interactions.localDate, today),
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
    .where(and(inArray(interactions.repId, ids), repScope(interactions.repId), inMonth, eq(interactions.channel, "visit")))
    // Per visit, in the order interactions_rep_date_idx walks (rep, date, id): no sort to group.
    .groupBy(interactions.repId, interactions.localDate, interactions.id)
    .as("visit_kinds");

  // Every select travels packed (one JSON text, src/db/packed.ts): the rows of a 50-rep job are
  // ~20,000, and a Hrana object per cell made them ~4 MB to send and decode.
  return [
    // 0. the reps' stores
    packed(
      db,
      db
        .select({ id: stores.id, name: stores.name, class: stores.class, city: stores.city, phone: stores.phone, repId: stores.repId })
        .from(stores)
        .where(liveStores)
        .orderBy(asc(stores.repId), asc(stores.class), asc(stores.name), asc(stores.id)),
    ),
    // 1. per store, one scan of the look-back: R1–R3 contacts per channel from the 1st through today
    // (anyone's contact counts for the store), and the last contact (third-party help is not contact
    // with the store). The month lies inside the look-back, so one grouped scan serves both (measured
    // on 50 reps × 80 stores: about a third less sqld time than a select each). Grouped by rep and
    // store, the order stores_rep_idx walks, no sort is needed; each rep's stores come in id order.
    packed(
      db,
      db
        .select({
          repId: stores.repId,
          storeId: stores.id,
          message: sql<number>`sum(${interactions.channel} = 'message' and ${interactions.localDate} >= ${first})`,
          phone: sql<number>`sum(${interactions.channel} = 'phone' and ${interactions.localDate} >= ${first})`,
          visit: sql<number>`sum(${interactions.channel} = 'visit' and ${interactions.localDate} >= ${first})`,
          lastDate: sql<string>`max(${interactions.localDate})`,
        })
        .from(stores)
        .innerJoin(interactions, eq(interactions.storeId, stores.id))
        .where(and(liveStores, gte(interactions.localDate, addDays(today, -LAST_CONTACT_LOOKBACK_DAYS)), lte(interactions.localDate, today), quota))
        .groupBy(stores.repId, stores.id),
    ),
    // 2. R9–R11: what the rep did this month, per store; plus their quota contacts before today (volume)
    packed(
      db,
      db
        .select({
          repId: interactions.repId,
          storeId: interactions.storeId,
          helpAsked: sql<number>`sum(${interactions.askedHelp})`,
          problemsSolved: sql<number>`count(${interactions.problemSolved})`,
          trainings: sql<number>`count(${interactions.trainingTopic})`,
          contactsBeforeToday: sql<number>`sum(${quota} and ${interactions.localDate} < ${today})`,
        })
        .from(interactions)
        .where(and(inArray(interactions.repId, ids), repScope(interactions.repId), inMonth))
        .groupBy(interactions.repId, interactions.storeId),
    ),
    // 3. R4, R5: festival contacts inside the windows around today
    packed(
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
            liveStores,
            gte(interactions.localDate, festivalFrom),
            lte(interactions.localDate, today),
            eq(interactions.occasion, "festival"),
            inArray(interactions.festivalKey, festivalKeys),
          ),
        )
        .orderBy(...storeWalk),
    ),
    // 4. R6: contacts with a birthday near today (no personal notes here)
    packed(
      db,
      db
        .select({
          repId: stores.repId,
          ...birthdayContactColumns,
        })
        .from(stores)
        .innerJoin(contacts, eq(contacts.storeId, stores.id))
        .where(and(liveStores, reachable, birthdayNear)),
    ),
    // 5. R7, R8: open life events with their contact
    packed(
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
        .where(and(liveStores, reachable, eventRange)),
    ),
    // 6. R6: birthday greetings that may close a birthday listed today
    packed(
      db,
      db
        .select({
          repId: stores.repId,
          ...followUpInteractionColumns,
        })
        .from(stores)
        .innerJoin(interactions, eq(interactions.storeId, stores.id))
        .where(and(liveStores, gte(interactions.localDate, greetFrom), lte(interactions.localDate, greetTo), eq(interactions.occasion, "birthday")))
        .orderBy(...storeWalk),
    ),
    // 7. R7, R8: contacts linked to the open life events (scoped through the events' stores)
    packed(
      db,
      db
        .select({
          ...followUpInteractionColumns,
        })
        .from(interactions)
        .where(inArray(interactions.lifeEventId, openEventIds)),
    ),
    // 8. R17: open slow movers, newest first, capped per rep
    packed(db, db.select().from(slowRanked).where(lte(slowRanked.rank, SLOW_MOVERS_PER_REP)).orderBy(desc(slowRanked.localDate), desc(slowRanked.id))),
    // 9. R12–R17: the rep's visits of the last 7 days with the number of intel kinds each recorded
    // (per visit, grouped in index order as visit_kinds is: by rep and date; repDay sorts them)
    packed(
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
            inArray(interactions.repId, ids),
            repScope(interactions.repId),
            gte(interactions.localDate, addDays(today, -RECENT_VISIT_DAYS)),
            lte(interactions.localDate, addDays(today, -1)),
            eq(interactions.channel, "visit"),
          ),
        )
        .groupBy(interactions.repId, interactions.localDate, interactions.id),
    ),
    // 10. R12–R17: the month's visits by number of intel kinds (at most 7 rows per rep)
    packed(
      db,
      db
        .select({ repId: visitKinds.repId, kinds: visitKinds.kinds, visits: sql<number>`count(*)` })
        .from(visitKinds)
        .groupBy(visitKinds.repId, sql`"visit_kinds"."kinds"`),
    ),
  ] as const;
}

/**
 * The month through `today` of every rep in `repIds`, keyed by rep id (a rep without stores or rows
 * gets an empty month). Round trips: 1 with `options.context`, 2 without; never more.
 */
export async function loadRepMonths(
  db: Db,
  repIds: number[],
  today: LocalDate,
  options: LoadOptions = {},
): Promise<Map<number, RepMonthData>> {
  const ids = [...new Set(repIds.filter((id) => Number.isSafeInteger(id) && id > 0))];
  const out = new Map<number, RepMonthData>();
  if (ids.length === 0) return out;
  const context = options.context ?? (await loadMonthContext(db));
  const month = monthOf(today);
  for (const id of ids) out.set(id, emptyRepMonth(context, id, today, month));

  fillRepMonths(out, await db.batch(repMonthQueries(db, ids, today, context, options.viewer)));
  return out;
}

/** The results of repMonthQueries' batch, in order (for a caller that runs them inside its own db.batch). */
export type RepMonthRows = BatchResponse<ReturnType<typeof repMonthQueries>>;

/** Adds the rows of repMonthQueries to the months in `out` (prepared with emptyRepMonth), by rep. */
export function fillRepMonths(out: Map<number, RepMonthData>, rows: RepMonthRows): void {
  const [storeRows, storeContactRows, activityRows, festivalRows, contactRows, eventRows, greetingRows, linkedRows, slowRows, recentRows, intelRows] = rows;
  const of = (repId: number | null) => (repId === null ? undefined : out.get(repId));
  for (const s of storeRows) of(s.repId)?.stores.push({ id: s.id, name: s.name, class: s.class, city: s.city, phone: s.phone, repId: s.repId! });
  for (const r of storeContactRows) {
    const m = of(r.repId);
    if (!m) continue;
    // A count per channel with contacts, in the order a GROUP BY store, channel gives them.
    for (const channel of ["message", "phone", "visit"] as const) {
      const count = Number(r[channel] ?? 0);
      if (count > 0) m.counts.push({ storeId: r.storeId, channel, count });
    }
    m.lastContact.push({ storeId: r.storeId, localDate: r.lastDate });
  }
  for (const r of activityRows) {
    of(r.repId)?.activity.push({
      storeId: r.storeId,
      helpAsked: Number(r.helpAsked ?? 0),
      problemsSolved: Number(r.problemsSolved ?? 0),
      trainings: Number(r.trainings ?? 0),
      contactsBeforeToday: Number(r.contactsBeforeToday ?? 0),
    });
  }
  for (const r of festivalRows) {
    const { repId, ...row } = r;
    of(repId)?.festivalInteractions.push(row);
  }
  const seenContacts = new Set<number>();
  for (const r of [...contactRows, ...eventRows.map((e) => ({ ...e, id: e.contactId }))]) {
    if (seenContacts.has(r.id)) continue;
    seenContacts.add(r.id);
    of(r.repId)?.contacts.push(repContactOf(r));
  }
  for (const r of eventRows) of(r.repId)?.lifeEvents.push({ id: r.id, contactId: r.contactId, kind: r.kind, date: r.date, state: r.state });
  const repOfEvent = new Map(eventRows.map((e) => [e.id, e.repId]));
  const linked = linkedRows.map((r) => ({ ...r, repId: repOfEvent.get(r.lifeEventId ?? 0) ?? null }));
  for (const r of [...greetingRows, ...linked]) {
    of(r.repId)?.followUpInteractions.push({
      channel: r.channel,
      occasion: r.occasion,
      localDate: r.localDate,
      contactId: r.contactId,
      lifeEventId: r.lifeEventId,
    });
  }
  for (const r of slowRows) {
    of(r.repId)?.slowMovers.push({
      id: r.id,
      storeId: r.storeId,
      interactionId: r.interactionId,
      localDate: r.localDate,
      subject: r.subject,
      detail: r.detail,
      reason: r.reason,
      action: r.action,
      contactId: r.aboutContact,
    });
  }
  for (const r of recentRows) {
    of(r.repId)?.recentVisits.push({ interactionId: r.interactionId, storeId: r.storeId, localDate: r.localDate, intelKinds: Number(r.intelKinds) });
  }
  for (const r of intelRows) of(r.repId)?.monthIntel.push({ kinds: Number(r.kinds), visits: Number(r.visits) });
}
