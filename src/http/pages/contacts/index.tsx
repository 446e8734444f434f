// Contact pages: a store's new contact (mounted at /stores/:id/contacts), a contact's page, form
// and erasure (/contacts), and its life events (/contacts/:id/events).
import { Hono } from "hono";
import type { AppEnv } from "../../context.ts";
import { idParam, requireViewer, signedIn } from "../../guard.ts";
import { codesToMessages, throwFailure } from "../forms.tsx";
import { storeOr404 } from "../stores/form.tsx";
import { postedStrings } from "../../validation.ts";
import { contactPage } from "./detail.tsx";
import { contactOr404, contactValues, createContactForm, editContactForm, renderContactForm, renderDeleteConfirm } from "./form.tsx";
import { createEventForm, editEventForm, eventOr404, eventValues, renderEventForm } from "./events.tsx";
import { createContact, deleteContact, updateContact } from "../../../db/queries/contacts.ts";
import { createLifeEvent, dismissLifeEvent, updateLifeEvent } from "../../../db/queries/life-events.ts";

/** Mounted at /stores/:id/contacts. */
export const storeContactPages = new Hono<AppEnv>()
  .get("/new", async (c) => renderContactForm(c, { store: await storeOr404(c), values: { role: "clerk" }, errors: {} }))
  .post("/new", signedIn(), createContactForm, async (c) => {
    const store = await storeOr404(c);
    const result = await createContact(c.get("db"), requireViewer(c), store.id, c.req.valid("form"), c.get("now"));
    if (!result.ok) {
      if (result.reason !== "invalid") throwFailure(result, c);
      return renderContactForm(c, { store, values: await postedStrings(c), errors: codesToMessages(result.fields, c) }, 400);
    }
    return c.redirect(`/contacts/${result.value.id}`, 303);
  });

/** Mounted at /contacts. */
export const contactPages = new Hono<AppEnv>()
  .get("/:id", (c) => contactPage(c))
  .get("/:id/edit", async (c) => {
    const contact = await contactOr404(c);
    return renderContactForm(c, { store: { id: contact.storeId, name: contact.storeName }, contact, values: contactValues(contact), errors: {} });
  })
  .post("/:id/edit", signedIn(), editContactForm, async (c) => {
    const contact = await contactOr404(c);
    const result = await updateContact(c.get("db"), requireViewer(c), contact.id, c.req.valid("form"), c.get("now"));
    if (!result.ok) {
      if (result.reason !== "invalid") throwFailure(result, c);
      const store = { id: contact.storeId, name: contact.storeName };
      return renderContactForm(c, { store, contact, values: await postedStrings(c), errors: codesToMessages(result.fields, c) }, 400);
    }
    return c.redirect(`/contacts/${contact.id}`, 303);
  })
  .get("/:id/delete", async (c) => renderDeleteConfirm(c, await contactOr404(c)))
  .post("/:id/delete", async (c) => {
    const viewer = requireViewer(c);
    const result = await deleteContact(c.get("db"), viewer, idParam(c), c.get("now"));
    if (!result.ok) throwFailure(result, c);
    return c.redirect(`/stores/${result.value.storeId}?deleted=1`, 303);
  });

/** Mounted at /contacts/:id/events. */
export const lifeEventPages = new Hono<AppEnv>()
  .get("/new", async (c) => renderEventForm(c, { contact: await contactOr404(c), values: {}, errors: {} }))
  .post("/new", signedIn(), createEventForm, async (c) => {
    const contact = await contactOr404(c);
    const result = await createLifeEvent(c.get("db"), requireViewer(c), contact.id, c.req.valid("form"), c.get("now"));
    if (!result.ok) {
      if (result.reason !== "invalid") throwFailure(result, c);
      return renderEventForm(c, { contact, values: await postedStrings(c), errors: codesToMessages(result.fields, c) }, 400);
    }
    return c.redirect(`/contacts/${contact.id}`, 303);
  })
  .get("/:eventId/edit", async (c) => {
    const event = await eventOr404(c);
    return renderEventForm(c, { contact: { id: event.contactId, name: event.contactName }, event, values: eventValues(event), errors: {} });
  })
  .post("/:eventId/edit", signedIn(), editEventForm, async (c) => {
    const event = await eventOr404(c);
    const contact = { id: event.contactId, name: event.contactName };
    const result = await updateLifeEvent(c.get("db"), requireViewer(c), event.id, c.req.valid("form"), c.get("now"));
    if (!result.ok) {
      if (result.reason !== "invalid") throwFailure(result, c);
      return renderEventForm(c, { contact, event, values: await postedStrings(c), errors: codesToMessages(result.fields, c) }, 400);
    }
    return c.redirect(`/contacts/${contact.id}`, 303);
  })
  .post("/:eventId/dismiss", async (c) => {
    const event = await eventOr404(c);
    const result = await dismissLifeEvent(c.get("db"), requireViewer(c), event.id, c.get("now"));
    if (!result.ok) throwFailure(result, c);
    return c.redirect(`/contacts/${event.contactId}`, 303);
  });
