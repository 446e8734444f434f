// The quick log: the page reps use most, on a phone between pharmacies. Two taps to a store
// (recent first), one screen of fields, visit intel (R12–R17) as quick fields. Prefilled from the
// digest's links; a hidden idempotency key makes a double submit or a retry store one interaction.
import { Hono } from "hono";
import * as v from "valibot";
import type { AppEnv } from "../../context.ts";
import { requireViewer, withViewer } from "../../guard.ts";
import { ApiError, errorBody } from "../../errors.ts";
import { fieldErrors, postedStrings, translate, type Errors } from "../../validation.ts";
import { logInput, prefill, toFormErrors } from "./input.ts";
import { renderLogForm } from "./form.tsx";
import { StorePicker } from "./picker.tsx";
import { SavedPage } from "./saved.tsx";
import { logFormData, storesForPicker } from "../../../services/log-form.ts";
import { InteractionInput } from "../../../services/interaction-input.ts";
import { logInteraction } from "../../../services/log-interaction.ts";
import { savedInteraction } from "../../../db/queries/interactions.ts";
import { mayChange } from "../../../services/change-interaction.ts";
import { loadPolicy } from "../../../db/queries/policy.ts";
import { localDateOf } from "../../../domain/dates.ts";

const StoreIdQuery = v.pipe(v.string(), v.regex(/^\d{1,12}$/), v.transform(Number));

/** Mounted at /log. */
export const logPages = new Hono<AppEnv>()
  .get("/", async (c) => {
    const q = c.req.query();
    const db = c.get("db");
    const now = c.get("now");
    const storeId = v.safeParse(StoreIdQuery, q.storeId ?? "");
    if (!storeId.success) {
      // "Recent" is counted in the rep's own time zone, as /today dates the day: no policy read needed.
      // One round trip, the session checked in it (withViewer).
      const { value: list } = await withViewer(c, [], ({ viewer, guard }) => storesForPicker(db, viewer, localDateOf(now, viewer.timeZone), q.q, guard));
      return c.render(<StorePicker q={q.q ?? ""} list={list} />, { title: c.get("t").log.title, nav: "log" });
    }
    const { value: data } = await withViewer(c, [], ({ viewer, guard }) => logFormData(db, viewer, storeId.output, now, undefined, guard));
    if (!data) throw new ApiError(404, "not_found", "not found");
    const values = prefill(q, c.get("now"), data.policy.timeZone);
    // A suggested occasion the store does not have today falls back to routine, never to an error.
    if (values.occasion && !data.occasions.some((o) => o.value === values.occasion)) delete values.occasion;
    return renderLogForm(c, { data, values, errors: {} });
  })
  // Checked here rather than by a validator middleware: the input depends on the store's policy (its
  // time zone turns the form's local date and time into an instant), read once the store is known.
  // The offline queue (public/assets/queue.js) sends the same form and asks for JSON: the stored row's
  // id, or the error with the form's field names, so a refused entry can be fixed in this form.
  .post("/", async (c) => {
    const viewer = requireViewer(c);
    const t = c.get("t");
    const json = (c.req.header("accept") ?? "").startsWith("application/json");
    const values = await postedStrings(c);
    const storeId = v.safeParse(StoreIdQuery, values.storeId ?? "");
    const data = storeId.success ? await logFormData(c.get("db"), viewer, storeId.output, c.get("now")) : null;
    if (!data) {
      if (json) return c.json(errorBody("not_found", t.log.storeGone), 404);
      throw new ApiError(404, "not_found", "not found");
    }
    const { input, insightKinds } = logInput(values, data.policy.timeZone);
    const refuse = (errors: Errors) => {
      if (json) return c.json(errorBody("validation_failed", t.common.fixErrors, toFormErrors(errors, insightKinds)), 400);
      // The template came hidden from an e-mail link and cannot be fixed here: the banner says why,
      // and the form is shown without it, so submitting again logs the contact.
      if (errors.greetingTemplateId) delete values.greetingTemplateId;
      return renderLogForm(c, { data, values, errors: toFormErrors(errors, insightKinds) }, 400);
    };
    const parsed = v.safeParse(InteractionInput, input);
    if (!parsed.success) return refuse(fieldErrors(parsed.issues, t));
    const result = await logInteraction(c.get("db"), viewer, parsed.output, c.get("now"));
    if (!result.ok) {
      if ("notFound" in result) {
        if (json) return c.json(errorBody("not_found", t.log.storeGone), 404);
        throw new ApiError(404, "not_found", "not found");
      }
      if ("deleted" in result) {
        if (json) return c.json(errorBody("conflict", t.log.deletedReplay), 409);
        throw new ApiError(409, "conflict", t.log.deletedReplay);
      }
      return refuse(Object.fromEntries(Object.entries(result.fields).map(([k, code]) => [k, translate(code, t)])));
    }
    if (json) return c.json({ id: result.interaction.id, replayed: result.replayed, warnings: result.warnings }, result.replayed ? 200 : 201);
    const warn = result.warnings.length ? `?w=${result.warnings.join(",")}` : "";
    return c.redirect(`/log/saved/${result.interaction.id}${warn}`, 303);
  })
  .get("/saved/:id{[0-9]+}", async (c) => {
    const viewer = requireViewer(c);
    const db = c.get("db");
    const [row, policy] = await Promise.all([savedInteraction(db, viewer, Number(c.req.param("id"))), loadPolicy(db)]);
    if (!row) throw new ApiError(404, "not_found", "not found");
    const intel = Number(c.req.query("intel") ?? "");
    const note = c.req.query("edited") === "1" ? "edited" : Number.isInteger(intel) && intel > 0 ? { intel } : null;
    const undo = mayChange(viewer, row, policy, c.get("now")) === true;
    return c.render(<SavedPage row={row} policy={policy} warnings={(c.req.query("w") ?? "").split(",")} note={note} undo={undo} />, {
      title: c.get("t").log.savedTitle,
      nav: "log",
    });
  });
