// The private calendar feed: festivals (R4, R5), contacts' birthdays (R6) and life-event follow-up
// deadlines (R7, R8) of the stores a user may see, for any calendar app to subscribe to.
// The feed URL carries a random token (stored only as its SHA-256) instead of a session, because
// calendar apps cannot sign in; so a feed may end up shared, and holds forms of address, store
// names and dates only, never preferences, family notes or life-event notes (R13, R15).
// Reads: one round trip for the token, one batch for everything else.
import { policyOf, policySelect } from "../db/queries/policy.ts";
import { logUrl } from "../domain/log-link.ts";
import { and, asc, between, count, eq, inArray, isNotNull, type SQL } from "drizzle-orm";
import type { Db } from "../db/client.ts";
import { contacts, festivals, interactions, lifeEvents, stores, users } from "../db/schema.ts";
import { storeVisible } from "../db/queries/scope.ts";
import { festivalFromRow } from "../db/queries/festivals.ts";
import type { Viewer } from "../auth/identity.ts";
import { randomToken, sha256Hex } from "../auth/tokens.ts";
import type { FestivalDef, FestivalOccurrence, Policy } from "../domain/policy.ts";
import { festivalOccurrence } from "../domain/calendar/festivals.ts";
import { birthdaysBetween, isValidBirthday, type Birthday } from "../domain/calendar/birthdays.ts";
import { lifeEventFollowUps } from "../domain/follow-ups.ts";
import { addDays, localDateOf, parts } from "../domain/dates.ts";
import { buildCalendar, icalUid, type IcalEvent } from "../domain/ical.ts";
import { STORE_CLASSES, type Channel, type LifeEventKind, type Locale, type LocalDate, type StoreClass } from "../domain/types.ts";
import type { Messages } from "../i18n/index.ts";

/** The feed spans the last week (a birthday just missed is still worth a late wish) and the coming year. */
export const FEED_DAYS_BACK = 7;
export const FEED_DAYS_AHEAD = 365;
/** PolicySchema caps every follow-up's dueDays at 60: older open events cannot fall due inside the feed. */
const MAX_DUE_DAYS = 60;
// Bounds per request (SPEC §8): a rep has a few hundred contacts; an admin's feed over a whole
// organisation would not fit a Worker's CPU budget, and no calendar shows thousands a day anyway.
const MAX_BIRTHDAY_CONTACTS = 5000;
const MAX_LIFE_EVENTS = 2000;
/** Calendar apps poll on their own schedule; this asks for a few times a day, matching the data. */
const REFRESH_MINUTES = 360;

// ---- the token ---------------------------------------------------------------------------

/** Creates or replaces the user's feed token; the old URL stops working at once. Returns the new token (shown once). */
export async function issueCalendarToken(db: Db, userId: number): Promise<string> {
  const token = randomToken(32);
  await db.update(users).set({ calendarTokenHash: await sha256Hex(token) }).where(eq(users.id, userId));
  return token;
}

export async function revokeCalendarToken(db: Db, userId: number): Promise<void> {
  await db.update(users).set({ calendarTokenHash: null }).where(eq(users.id, userId));
}

export async function hasCalendarFeed(db: Db, userId: number): Promise<boolean> {
  const [row] = await db.select({ hash: users.calendarTokenHash }).from(users).where(eq(users.id, userId));
  return row?.hash != null;
}

/** The active user a feed token belongs to, or null (unknown, replaced, revoked, or the user deactivated). */
export async function calendarFeedOwner(db: Db, token: string): Promise<Viewer | null> {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return null;
  const [row] = await db
    .select({ id: users.id, role: users.role, teamId: users.teamId, name: users.name, email: users.email, locale: users.locale, timeZone: users.timeZone })
    .from(users)
    .where(and(eq(users.calendarTokenHash, await sha256Hex(token)), eq(users.active, true)));
  return row ?? null;
}

// ---- the feed's data ---------------------------------------------------------------------

export type FeedFestival = { def: FestivalDef; occurrence: FestivalOccurrence };

/** `who` is the form of address (王姐) or else the name: nothing more personal leaves through the feed. */
export type FeedBirthday = { contactId: number; storeId: number; who: string; storeName: string; date: LocalDate; birthday: Birthday };

export type FeedFollowUp = {
  lifeEventId: number;
  contactId: number;
  storeId: number;
  who: string;
  storeName: string;
  kind: LifeEventKind;
  eventDate: LocalDate;
  dueDate: LocalDate;
  channel: Channel;
};

export type CalendarFeed = {
  ownerName: string;
  locale: Locale;
  timeZone: string;
  today: LocalDate;
  from: LocalDate;
  to: LocalDate;
  /** The owner's active stores per class: which festival actions concern them (R4, R5). */
  storesByClass: Record<StoreClass, number>;
  festivals: FeedFestival[];
  birthdays: FeedBirthday[];
  followUps: FeedFollowUp[];
  birthdayChannel: Channel;
};

const who = (c: { name: string; formOfAddress: string | null }) => c.formOfAddress?.trim() || c.name;

/** Everything in the owner's feed, from one batched round trip. Scoped like every page (storeVisible). */
export async function loadCalendarFeed(db: Db, owner: Viewer, now: number): Promise<CalendarFeed> {
  const reachable: SQL[] = [storeVisible(owner), eq(stores.archived, false), eq(contacts.doNotContact, false)];
  // The organisation's time zone arrives with the policy in this same batch, so the SQL bounds use
  // the UTC date widened by a day each side (no zone's date is more than a day from UTC's); the exact
  // window is applied below.
  const roughToday = localDateOf(now, "UTC");
  const roughFrom = addDays(roughToday, -FEED_DAYS_BACK - 1);
  const roughTo = addDays(roughToday, FEED_DAYS_AHEAD + 1);
  const openEvents = and(
    eq(lifeEvents.state, "open"),
    between(lifeEvents.date, addDays(roughFrom, -MAX_DUE_DAYS), roughTo),
    ...reachable,
  );
  const [policyRows, festivalRows, classRows, contactRows, eventRows, linkedRows] = await db.batch([
    policySelect(db),
    db.select().from(festivals).where(eq(festivals.active, true)).orderBy(asc(festivals.id)),
    db
      .select({ class: stores.class, n: count() })
      .from(stores)
      .where(and(storeVisible(owner), eq(stores.archived, false)))
      .groupBy(stores.class),
    // Named columns only: preferences and family notes are never read here.
    db
      .select({
        id: contacts.id,
        name: contacts.name,
        formOfAddress: contacts.formOfAddress,
        calendar: contacts.birthdayCalendar,
        month: contacts.birthdayMonth,
        day: contacts.birthdayDay,
        leapMonth: contacts.birthdayLeapMonth,
        storeId: stores.id,
        storeName: stores.name,
      })
      .from(contacts)
      .innerJoin(stores, eq(stores.id, contacts.storeId))
      .where(and(...reachable, isNotNull(contacts.birthdayCalendar), isNotNull(contacts.birthdayMonth), isNotNull(contacts.birthdayDay)))
      .orderBy(asc(contacts.id))
      .limit(MAX_BIRTHDAY_CONTACTS),
    db
      .select({
        id: lifeEvents.id,
        kind: lifeEvents.kind,
        date: lifeEvents.date,
        state: lifeEvents.state,
        contactId: contacts.id,
        name: contacts.name,
        formOfAddress: contacts.formOfAddress,
        storeId: stores.id,
        storeName: stores.name,
      })
      .from(lifeEvents)
      .innerJoin(contacts, eq(contacts.id, lifeEvents.contactId))
      .innerJoin(stores, eq(stores.id, contacts.storeId))
      .where(openEvents)
      .orderBy(asc(lifeEvents.date), asc(lifeEvents.id))
      .limit(MAX_LIFE_EVENTS),
    // Interactions linked to those events: one on the required channel closes a follow-up (R7, R8).
    db
      .select({ lifeEventId: interactions.lifeEventId, channel: interactions.channel, occasion: interactions.occasion, localDate: interactions.localDate })
      .from(interactions)
      .where(
        inArray(
          interactions.lifeEventId,
          db
            .select({ id: lifeEvents.id })
            .from(lifeEvents)
            .innerJoin(contacts, eq(contacts.id, lifeEvents.contactId))
            .innerJoin(stores, eq(stores.id, contacts.storeId))
            .where(openEvents),
        ),
      ),
  ]);

  const pol: Policy = policyOf(policyRows);
  const today = localDateOf(now, pol.timeZone);
  const from = addDays(today, -FEED_DAYS_BACK);
  const to = addDays(today, FEED_DAYS_AHEAD);
  const inWindow = (d: LocalDate) => from <= d && d <= to;

  const storesByClass: Record<StoreClass, number> = { A: 0, B: 0, C: 0 };
  for (const r of classRows) storesByClass[r.class] = Number(r.n);

  // A lunar festival of year Y-1 (lunar month 12) can fall in January of Y: look one year back.
  const feedFestivals: FeedFestival[] = [];
  for (const def of festivalRows.map(festivalFromRow)) {
    for (let y = parts(from).year - 1; y <= parts(to).year; y++) {
      const occurrence = festivalOccurrence(def, y);
      if (occurrence && (inWindow(occurrence.date) || inWindow(occurrence.windowStart))) feedFestivals.push({ def, occurrence });
    }
  }

  const birthdays: FeedBirthday[] = [];
  for (const c of contactRows) {
    if (!c.calendar || c.month === null || c.day === null) continue;
    const birthday: Birthday = { calendar: c.calendar, month: c.month, day: c.day, leapMonth: c.leapMonth };
    if (!isValidBirthday(birthday)) continue;
    for (const date of birthdaysBetween(birthday, from, to)) {
      birthdays.push({ contactId: c.id, storeId: c.storeId, who: who(c), storeName: c.storeName, date, birthday });
    }
  }

  const eventsById = new Map(eventRows.map((e) => [e.id, e]));
  const followUps: FeedFollowUp[] = [];
  const open = lifeEventFollowUps({
    today,
    rules: pol.followUps,
    lifeEvents: eventRows.map((e) => ({ id: e.id, contactId: e.contactId, kind: e.kind, date: e.date, state: e.state })),
    interactions: linkedRows,
  });
  for (const f of open) {
    const e = f.lifeEventId === undefined ? undefined : eventsById.get(f.lifeEventId);
    if (!e || !inWindow(f.dueDate)) continue;
    followUps.push({
      lifeEventId: e.id,
      contactId: e.contactId,
      storeId: e.storeId,
      who: who(e),
      storeName: e.storeName,
      kind: e.kind,
      eventDate: f.eventDate,
      dueDate: f.dueDate,
      channel: f.requiredChannel,
    });
  }

  return {
    ownerName: owner.name,
    locale: owner.locale,
    timeZone: pol.timeZone,
    today,
    from,
    to,
    storesByClass,
    festivals: feedFestivals,
    birthdays,
    followUps,
    birthdayChannel: pol.followUps.birthday.channel,
  };
}

// ---- the feed's text ---------------------------------------------------------------------

const R7_KINDS: readonly LifeEventKind[] = ["wedding", "new_baby"];


function festivalEvents(f: FeedFestival, feed: CalendarFeed, t: Messages, origin: string): IcalEvent[] {
  const tc = t.calendar;
  const { def, occurrence: o } = f;
  const name = def.name[feed.locale];
  // R4/R5: the actions for the classes the owner has stores of (every class when they have none, e.g. an admin without stores).
  const owned = STORE_CLASSES.filter((cls) => feed.storesByClass[cls] > 0);
  const classes = (owned.length > 0 ? owned : [...STORE_CLASSES]).filter((cls) => def.actions[cls].length > 0);
  const actionsOf = (cls: StoreClass) => def.actions[cls].map((a) => tc.action[a]);
  const classLines = classes.map((cls) => tc.classActions(cls, owned.length > 0 ? feed.storesByClass[cls] : null, actionsOf(cls)));
  const lunar = def.calendar === "lunar" ? tc.lunarDate(def.month, def.day, false) : null;
  const window = tc.window(o.windowStart, o.windowEnd);
  const categories = [tc.category.festival];
  const url = `${origin}/today`;
  const out: IcalEvent[] = [];
  if (inFeed(feed, o.date)) {
    out.push({
      uid: icalUid.festival(o.key, o.year),
      date: o.date,
      summary: name,
      description: [lunar, window, ...classLines].filter((x): x is string => x !== null).join("\n"),
      url,
      categories,
    });
  }
  if (o.windowStart !== o.date && inFeed(feed, o.windowStart)) {
    const first = classes[0];
    out.push({
      uid: icalUid.festivalWindow(o.key, o.year),
      date: o.windowStart,
      summary: first ? tc.windowSummary(name, tc.classHeadline(first, actionsOf(first))) : tc.windowOpens(name),
      description: [tc.festivalOn(name, o.date), window, ...classLines].join("\n"),
      url,
      categories,
    });
  }
  return out;
}

function inFeed(feed: CalendarFeed, d: LocalDate): boolean {
  return feed.from <= d && d <= feed.to;
}

/** The feed as iCalendar text in the owner's language. Pure: the caller passes the clock and the origin. */
export function renderCalendarFeed(feed: CalendarFeed, opts: { t: Messages; origin: string; now: number }): string {
  const { t, origin } = opts;
  const tc = t.calendar;
  const events: IcalEvent[] = feed.festivals.flatMap((f) => festivalEvents(f, feed, t, origin));
  for (const b of feed.birthdays) {
    const lunar = b.birthday.calendar === "lunar" ? tc.lunarDate(b.birthday.month, b.birthday.day, b.birthday.leapMonth) : null;
    events.push({
      uid: icalUid.birthday(b.contactId, b.date),
      date: b.date,
      summary: tc.birthdaySummary(b.who, b.storeName),
      description: [lunar, tc.birthdayNote(t.common.channel[feed.birthdayChannel])].filter((x): x is string => x !== null).join("\n"),
      url: logUrl(origin, { storeId: b.storeId, contactId: b.contactId, occasion: "birthday", channel: feed.birthdayChannel }),
      categories: [tc.category.birthday],
    });
  }
  for (const f of feed.followUps) {
    const channel = t.common.channel[f.channel];
    const happy = R7_KINDS.includes(f.kind);
    events.push({
      uid: icalUid.followUp(f.lifeEventId),
      date: f.dueDate,
      summary: happy ? tc.congratulateSummary(channel, f.who, f.storeName) : tc.condoleSummary(channel, f.who, f.storeName),
      // A misfortune's kind (illness, a death in the family) stays out of a URL that may be shared: R8 events say only "condolence".
      description: tc.followUpNote(happy ? t.common.lifeEvent[f.kind] : null, f.eventDate, f.dueDate, happy ? "R7" : "R8"),
      url: logUrl(origin, { storeId: f.storeId, contactId: f.contactId, occasion: "life_event", lifeEventId: f.lifeEventId, channel: f.channel }),
      categories: [tc.category.followUp],
    });
  }
  return buildCalendar({
    prodId: `-//Keqing//Calendar feed//${feed.locale === "en" ? "EN" : "ZH"}`,
    name: tc.calName(feed.ownerName),
    description: tc.calDesc,
    timeZone: feed.timeZone,
    stamp: opts.now,
    refreshMinutes: REFRESH_MINUTES,
    events,
  });
}
