// /api/contacts and /api/life-events (mounted there by api/index.ts). Personal fields (preferences, family notes) are returned only
// to whom storeVisible lets see the contact at all: the store's rep, that rep's manager, admins.
import { Hono } from "hono";
import type { AppContext, AppEnv } from "../context.ts";
import { idParam, requireViewer } from "../guard.ts";
import { ApiError } from "../errors.ts";
import { parseStrict, readObject, throwApiFailure } from "./body.ts";
import { deleteContact, getContact, updateContact, type Contact } from "../../db/queries/contacts.ts";
import { createLifeEvent, lifeEventsOfContact, updateLifeEvent, type LifeEvent } from "../../db/queries/life-events.ts";
import { ContactPatchInput, LifeEventCreateInput, LifeEventPatchInput } from "../../services/store-input.ts";
import { nextBirthday } from "../../domain/calendar/birthdays.ts";
import { localDateOf } from "../../domain/dates.ts";

/** The next birthday is computed in the caller's time zone (a day either way only around midnight). */
export function contactJson(x: Contact, c: AppContext) {
  const viewer = c.get("viewer");
  const hasBirthday = x.birthdayCalendar !== null && x.birthdayMonth !== null && x.birthdayDay !== null;
  let next: string | null = null;
  if (hasBirthday && viewer) {
    const today = localDateOf(c.get("now"), viewer.timeZone);
    next = nextBirthday({ calendar: x.birthdayCalendar!, month: x.birthdayMonth!, day: x.birthdayDay!, leapMonth: x.birthdayLeapMonth }, today);
  }
  return {
    id: x.id,
    storeId: x.storeId,
    role: x.role,
    name: x.name,
    formOfAddress: x.formOfAddress,
    phone: x.phone,
    wechat: x.wechat,
    qq: x.qq,
    birthdayCalendar: x.birthdayCalendar,
    birthdayMonth: x.birthdayMonth,
    birthdayDay: x.birthdayDay,
    birthdayLeapMonth: x.birthdayLeapMonth,
    birthYear: x.birthYear,
    nextBirthday: next,
    tags: x.tags,
    preferences: x.preferences,
    familyNotes: x.familyNotes,
    doNotContact: x.doNotContact,
    createdAt: x.createdAt,
    updatedAt: x.updatedAt,
  };
}

export function lifeEventJson(e: LifeEvent) {
  return { id: e.id, contactId: e.contactId, kind: e.kind, concerns: e.concerns, date: e.date, notes: e.notes, state: e.state, createdAt: e.createdAt };
}

export const contactsApi = new Hono<AppEnv>()
  .get("/:id", async (c) => {
    const viewer = requireViewer(c);
    const contact = await getContact(c.get("db"), viewer, idParam(c));
    if (!contact) throw new ApiError(404, "not_found", "not found");
    return c.json({ ...contactJson(contact, c), storeName: contact.storeName });
  })
  .patch("/:id", async (c) => {
    const viewer = requireViewer(c);
    const t = c.get("t");
    const id = idParam(c);
    const body = parseStrict(ContactPatchInput, await readObject(c), t);
    const result = await updateContact(c.get("db"), viewer, id, body, c.get("now"));
    if (!result.ok) throwApiFailure(result, t);
    return c.json(contactJson(result.value, c));
  })
  .delete("/:id", async (c) => {
    const viewer = requireViewer(c);
    const result = await deleteContact(c.get("db"), viewer, idParam(c), c.get("now"));
    if (!result.ok) throwApiFailure(result, c.get("t"));
    return c.body(null, 204);
  })
  .get("/:id/life-events", async (c) => {
    const viewer = requireViewer(c);
    const list = await lifeEventsOfContact(c.get("db"), viewer, idParam(c));
    if (!list) throw new ApiError(404, "not_found", "not found");
    return c.json({ items: list.map(lifeEventJson) });
  })
  .post("/:id/life-events", async (c) => {
    const viewer = requireViewer(c);
    const t = c.get("t");
    const contactId = idParam(c);
    const body = parseStrict(LifeEventCreateInput, await readObject(c), t);
    const result = await createLifeEvent(c.get("db"), viewer, contactId, body, c.get("now"));
    if (!result.ok) throwApiFailure(result, t);
    return c.json(lifeEventJson(result.value), 201);
  });

export const lifeEventsApi = new Hono<AppEnv>().patch("/:id", async (c) => {
  const viewer = requireViewer(c);
  const t = c.get("t");
  const id = idParam(c);
  const body = parseStrict(LifeEventPatchInput, await readObject(c), t);
  const result = await updateLifeEvent(c.get("db"), viewer, id, body, c.get("now"));
  if (!result.ok) throwApiFailure(result, t);
  return c.json(lifeEventJson(result.value));
});
