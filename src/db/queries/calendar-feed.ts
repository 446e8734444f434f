// The reads of one owner's calendar feed (domain/calendar-feed.ts), as named selects for one batch,
// scoped like every page (storeVisible): named columns only, so preferences and family notes are
// never read here. Bounded per request (SPEC §8): a rep has a few hundred contacts; an admin's feed
// over a whole organisation would not fit a Worker's CPU budget, and no calendar shows thousands a
// day anyway.
import { and, asc, between, count, eq, inArray, isNotNull, type SQL } from "drizzle-orm";
import type { Db } from "../client.ts";
import { contacts, festivals, interactions, lifeEvents, stores } from "../schema.ts";
import { policySelect } from "./policy.ts";
import { storeVisible } from "./scope.ts";
import type { Viewer } from "../../auth/identity.ts";
import { addDays } from "../../domain/dates.ts";
import { MAX_DUE_DAYS } from "../../domain/policy.ts";
import type { LocalDate } from "../../domain/types.ts";

const MAX_BIRTHDAY_CONTACTS = 5000;
const MAX_LIFE_EVENTS = 2000;

/** The owner's rows for a feed from `from` to `to` (a life event due up to MAX_DUE_DAYS after its day may fall due in it). */
export function calendarFeedQueries(db: Db, owner: Viewer, from: LocalDate, to: LocalDate) {
  const reachable: SQL[] = [storeVisible(owner), eq(stores.archived, false), eq(contacts.doNotContact, false)];
  const openEvents = and(eq(lifeEvents.state, "open"), between(lifeEvents.date, addDays(from, -MAX_DUE_DAYS), to), ...reachable);
  return {
    policy: policySelect(db),
    festivals: db.select().from(festivals).where(eq(festivals.active, true)).orderBy(asc(festivals.id)),
    storeClasses: db
      .select({ class: stores.class, n: count() })
      .from(stores)
      .where(and(storeVisible(owner), eq(stores.archived, false)))
      .groupBy(stores.class),
    contacts: db
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
    lifeEvents: db
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
    linked: db
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
  };
}
