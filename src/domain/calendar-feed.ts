// The private calendar feed's content (services/calendar-feed.ts serves it): festivals (R4, R5),
// contacts' birthdays (R6) and life-event follow-up deadlines (R7, R8) from the last week through the
// coming year, from the rows of one read (db/queries/calendar-feed.ts). It holds forms of address,
// store names and dates only, never preferences, family notes or life-event notes (R13, R15). Pure.
import { birthdaysBetween, isValidBirthday, type Birthday } from "./calendar/birthdays.ts";
import { festivalOccurrence } from "./calendar/festivals.ts";
import { addDays, localDateOf, parts } from "./dates.ts";
import { lifeEventFollowUps, type FollowUpInteraction, type LifeEventState } from "./follow-ups.ts";
import type { FestivalDef, FestivalOccurrence, Policy } from "./policy.ts";
import type { BirthdayCalendar, Channel, LifeEventKind, Locale, LocalDate, StoreClass } from "./types.ts";

/** The feed spans the last week (a birthday just missed is still worth a late wish) and the coming year. */
export const FEED_DAYS_BACK = 7;
export const FEED_DAYS_AHEAD = 365;


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

type Named = { name: string; formOfAddress: string | null; storeId: number; storeName: string };

/** The rows of one owner's feed (scoped to the stores they may see), with the policy and the active festivals. */
export type CalendarFeedRows = {
  policy: Policy;
  festivals: FestivalDef[];
  /** The owner's active stores per class. */
  storeClasses: { class: StoreClass; n: number }[];
  /** Reachable contacts with a birthday. */
  contacts: (Named & { id: number; calendar: BirthdayCalendar | null; month: number | null; day: number | null; leapMonth: boolean })[];
  /** Open life events of reachable contacts that may fall due in the feed. */
  lifeEvents: (Named & { id: number; kind: LifeEventKind; date: LocalDate; state: LifeEventState; contactId: number })[];
  /** Interactions linked to those events: one on the required channel closes a follow-up (R7, R8). */
  linked: (FollowUpInteraction & { lifeEventId: number | null })[];
};

const who = (c: { name: string; formOfAddress: string | null }) => c.formOfAddress?.trim() || c.name;

/** The owner's feed at `now`, in the organisation's time zone. */
export function calendarFeedOf(rows: CalendarFeedRows, owner: { name: string; locale: Locale }, now: number): CalendarFeed {
  const pol = rows.policy;
  const today = localDateOf(now, pol.timeZone);
  const from = addDays(today, -FEED_DAYS_BACK);
  const to = addDays(today, FEED_DAYS_AHEAD);
  const storesByClass: Record<StoreClass, number> = { A: 0, B: 0, C: 0 };
  for (const r of rows.storeClasses) storesByClass[r.class] = Number(r.n);
  return {
    ownerName: owner.name,
    locale: owner.locale,
    timeZone: pol.timeZone,
    today,
    from,
    to,
    storesByClass,
    festivals: feedFestivals(rows.festivals, from, to),
    birthdays: feedBirthdays(rows.contacts, from, to),
    followUps: feedFollowUps(rows, today, from, to),
    birthdayChannel: pol.followUps.birthday.channel,
  };
}

/** Festivals whose day or window's first day falls in the feed; a festival of year Y+1 (a late-December 腊八, a window opening early) can fall in Y, an admin's lunar 11th-month one of Y-1 in January of Y. */
function feedFestivals(defs: readonly FestivalDef[], from: LocalDate, to: LocalDate): FeedFestival[] {
  const inWindow = (d: LocalDate) => from <= d && d <= to;
  const out: FeedFestival[] = [];
  for (const def of defs) {
    for (let y = parts(from).year - 1; y <= parts(to).year + 1; y++) {
      const occurrence = festivalOccurrence(def, y);
      if (occurrence && (inWindow(occurrence.date) || inWindow(occurrence.windowStart))) out.push({ def, occurrence });
    }
  }
  return out;
}

function feedBirthdays(contacts: CalendarFeedRows["contacts"], from: LocalDate, to: LocalDate): FeedBirthday[] {
  const out: FeedBirthday[] = [];
  for (const c of contacts) {
    if (!c.calendar || c.month === null || c.day === null) continue;
    const birthday: Birthday = { calendar: c.calendar, month: c.month, day: c.day, leapMonth: c.leapMonth };
    if (!isValidBirthday(birthday)) continue;
    for (const date of birthdaysBetween(birthday, from, to)) {
      out.push({ contactId: c.id, storeId: c.storeId, who: who(c), storeName: c.storeName, date, birthday });
    }
  }
  return out;
}

/** Open life events whose follow-up falls due inside the feed (R7, R8). */
function feedFollowUps(rows: CalendarFeedRows, today: LocalDate, from: LocalDate, to: LocalDate): FeedFollowUp[] {
  const eventsById = new Map(rows.lifeEvents.map((e) => [e.id, e]));
  const out: FeedFollowUp[] = [];
  const open = lifeEventFollowUps({
    today,
    rules: rows.policy.followUps,
    lifeEvents: rows.lifeEvents.map((e) => ({ id: e.id, contactId: e.contactId, kind: e.kind, date: e.date, state: e.state })),
    interactions: rows.linked,
  });
  for (const f of open) {
    const e = f.lifeEventId === undefined ? undefined : eventsById.get(f.lifeEventId);
    if (!e || !(from <= f.dueDate && f.dueDate <= to)) continue;
    out.push({
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
  return out;
}
