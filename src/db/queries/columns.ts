// Column sets several set-based reads select alike, so the rules get rows of one shape.
import { contacts, interactions } from "../schema.ts";

/** What may close a follow-up (R6–R8): the domain's FollowUpInteraction. */
export const followUpInteractionColumns = {
  channel: interactions.channel,
  occasion: interactions.occasion,
  localDate: interactions.localDate,
  contactId: interactions.contactId,
  lifeEventId: interactions.lifeEventId,
};

/** A contact as the day's rules need it (R6): name, how to address and reach them, the birthday. No notes. */
export const birthdayContactColumns = {
  id: contacts.id,
  storeId: contacts.storeId,
  name: contacts.name,
  formOfAddress: contacts.formOfAddress,
  phone: contacts.phone,
  birthdayCalendar: contacts.birthdayCalendar,
  birthdayMonth: contacts.birthdayMonth,
  birthdayDay: contacts.birthdayDay,
  birthdayLeapMonth: contacts.birthdayLeapMonth,
};
