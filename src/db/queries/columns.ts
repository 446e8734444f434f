// Column sets several set-based reads select alike, so the rules get rows of one shape (the domain's
// ContactRow and FollowUpInteraction; domain/rep-month.ts maps a contact row).
import { sql, type SQL } from "drizzle-orm";
import { contacts, interactions, lifeEvents, users, visitInsights } from "../schema.ts";

/** A user as the scheduled mail addresses them (the digest's DigestUser, the weekly summary's manager). */
export const mailUserColumns = {
  id: users.id,
  name: users.name,
  email: users.email,
  role: users.role,
  teamId: users.teamId,
  locale: users.locale,
  timeZone: users.timeZone,
  digestTime: users.digestTime,
  active: users.active,
};

/** What may close a follow-up (R6–R8): the domain's FollowUpInteraction. */
export const followUpInteractionColumns = {
  channel: interactions.channel,
  occasion: interactions.occasion,
  localDate: interactions.localDate,
  contactId: interactions.contactId,
  lifeEventId: interactions.lifeEventId,
};

/** A contact as the day's rules need it (R6), without its id: name, how to address and reach them, the birthday. No notes. */
export const dayContactColumns = {
  storeId: contacts.storeId,
  name: contacts.name,
  formOfAddress: contacts.formOfAddress,
  phone: contacts.phone,
  birthdayCalendar: contacts.birthdayCalendar,
  birthdayMonth: contacts.birthdayMonth,
  birthdayDay: contacts.birthdayDay,
  birthdayLeapMonth: contacts.birthdayLeapMonth,
};

/**
 * The contact a visit insight is about, as erasure sees it (deleteContact): its own link, else its
 * visit's contact, else the contact of the visit's life event. Mail quoting the insight names them.
 */
export function aboutContact(): SQL<number | null> {
  return sql<number | null>`coalesce(${visitInsights.contactId}, ${interactions.contactId}, (select ${lifeEvents.contactId} from ${lifeEvents} where ${lifeEvents.id} = ${interactions.lifeEventId}))`;
}

/** The same with the contact's id. */
export const birthdayContactColumns = { id: contacts.id, ...dayContactColumns };
