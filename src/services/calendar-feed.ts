// The private calendar feed: festivals (R4, R5), contacts' birthdays (R6) and life-event follow-up
// deadlines (R7, R8) of the stores a user may see, for any calendar app to subscribe to.
// The feed URL carries a random token (stored only as its SHA-256) instead of a session, because
// calendar apps cannot sign in; so a feed may end up shared, and holds forms of address, store
// names and dates only, never preferences, family notes or life-event notes (R13, R15).
// Reads: one round trip for the token, one batch for everything else (db/queries/calendar-feed.ts);
// the feed's content is domain/calendar-feed.ts, its text (iCalendar) is built here.
import type { Db } from "../db/client.ts";
import { setCalendarTokenHash, userByCalendarTokenHash } from "../db/queries/users.ts";
import { runQueries } from "../db/batch.ts";
import { calendarFeedQueries } from "../db/queries/calendar-feed.ts";
import { festivalFromRow } from "../db/queries/festivals.ts";
import { policyOf } from "../db/queries/policy.ts";
import type { Viewer } from "../auth/identity.ts";
import { randomToken, sha256Hex } from "../auth/tokens.ts";
import { calendarFeedOf, FEED_DAYS_AHEAD, FEED_DAYS_BACK, type CalendarFeed, type FeedFestival } from "../domain/calendar-feed.ts";
import { addDays, localDateOf } from "../domain/dates.ts";
import { buildCalendar, icalUid, type IcalEvent } from "../domain/ical.ts";
import { logUrl } from "../domain/log-link.ts";
import { STORE_CLASSES, type LifeEventKind, type LocalDate, type StoreClass } from "../domain/types.ts";
import type { Messages } from "../i18n/index.ts";

/** Calendar apps poll on their own schedule; this asks for a few times a day, matching the data. */
const REFRESH_MINUTES = 360;

// ---- the token ---------------------------------------------------------------------------

/** Creates or replaces the user's feed token; the old URL stops working at once. Returns the new token (shown once). */
export async function issueCalendarToken(db: Db, userId: number): Promise<string> {
  const token = randomToken(32);
  await setCalendarTokenHash(db, userId, await sha256Hex(token));
  return token;
}

export async function revokeCalendarToken(db: Db, userId: number): Promise<void> {
  await setCalendarTokenHash(db, userId, null);
}

/** The active user a feed token belongs to, or null (unknown, replaced, revoked, or the user deactivated). */
export async function calendarFeedOwner(db: Db, token: string): Promise<Viewer | null> {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return null;
  return userByCalendarTokenHash(db, await sha256Hex(token));
}

// ---- the feed's data ---------------------------------------------------------------------

/**
 * Everything in the owner's feed, from one batched round trip. The organisation's time zone arrives
 * with the policy in this same batch, so the SQL bounds use the UTC date widened by a day each side
 * (no zone's date is more than a day from UTC's); the exact window is applied by calendarFeedOf.
 */
export async function loadCalendarFeed(db: Db, owner: Viewer, now: number): Promise<CalendarFeed> {
  const roughToday = localDateOf(now, "UTC");
  const rows = await runQueries(db, calendarFeedQueries(db, owner, addDays(roughToday, -FEED_DAYS_BACK - 1), addDays(roughToday, FEED_DAYS_AHEAD + 1)));
  return calendarFeedOf({ ...rows, policy: policyOf(rows.policy), festivals: rows.festivals.map(festivalFromRow) }, owner, now);
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
