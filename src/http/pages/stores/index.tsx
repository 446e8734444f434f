// /stores: the list, a store's page, the store form and archiving. A store's contacts are added
// under /stores/:id/contacts (contacts/index.tsx).
import { Hono } from "hono";
import type { AppEnv } from "../../context.ts";
import { idParam, requireViewer, signedIn } from "../../guard.ts";
import { ApiError } from "../../errors.ts";
import { fieldErrors, postedStrings, translate } from "../../validation.ts";
import * as v from "valibot";
import { resolveSlowMoverFor, ResolveInput } from "../../../services/insights.ts";
import { codesToMessages, throwFailure } from "../forms.tsx";
import { listQuery, storeList } from "./list.tsx";
import { historyQuery, storePage } from "./detail.tsx";
import { createForm, editForm, renderStoreForm, storeOr404, storeValues } from "./form.tsx";
import { createStore, getStore, updateStore, type StorePatch } from "../../../db/queries/stores.ts";
import { resolveClass, resolveLocation } from "../../../services/store-input.ts";

/** Mounted at /stores. */
export const storePages = new Hono<AppEnv>()
  .get("/", signedIn(), listQuery, (c) => storeList(c, c.req.valid("query")))
  .get("/new", (c) => {
    requireViewer(c, "manager", "admin");
    // A position pasted into a new store most likely comes from a map app: GCJ-02.
    return renderStoreForm(c, { values: { datum: "gcj02" }, errors: {} });
  })
  .post("/", signedIn("manager", "admin"), createForm, async (c) => {
    const viewer = requireViewer(c);
    const p = c.req.valid("form");
    const cls = resolveClass(p);
    if (!cls.value) return renderStoreForm(c, { values: await postedStrings(c), errors: { class: translate("required", c.get("t")) } }, 400);
    const location = resolveLocation(p);
    if (location.error) {
      return renderStoreForm(c, { values: await postedStrings(c), errors: { [location.error.field]: translate(location.error.code, c.get("t")) } }, 400);
    }
    const result = await createStore(c.get("db"), viewer, {
      code: p.code ?? null,
      name: p.name,
      class: cls.value,
      address: p.address ?? null,
      city: p.city ?? null,
      phone: p.phone ?? null,
      repId: p.repId,
      location: location.value ?? null,
    }, c.get("now"));
    if (!result.ok) {
      if (result.reason !== "invalid") throwFailure(result, c);
      return renderStoreForm(c, { values: await postedStrings(c), errors: codesToMessages(result.fields, c) }, 400);
    }
    return c.redirect(`/stores/${result.value.id}`, 303);
  })
  .get("/:id", signedIn(), historyQuery, (c) => storePage(c, c.req.valid("query").before ?? null))
  .get("/:id/edit", async (c) => {
    const store = await storeOr404(c);
    return renderStoreForm(c, { store, values: storeValues(store), errors: {} });
  })
  .post("/:id/edit", signedIn(), editForm, async (c) => {
    const viewer = requireViewer(c);
    const store = await storeOr404(c);
    const p = c.req.valid("form");
    // A rep's form has no class or rep fields; anything posted under those names is ignored.
    const patch: StorePatch = { name: p.name, address: p.address ?? null, city: p.city ?? null, phone: p.phone ?? null };
    if (viewer.role !== "rep") {
      patch.class = resolveClass(p).value;
      patch.code = p.code ?? null;
      patch.repId = p.repId;
      const location = resolveLocation(p);
      if (location.error) {
        return renderStoreForm(c, { store, values: await postedStrings(c), errors: { [location.error.field]: translate(location.error.code, c.get("t")) } }, 400);
      }
      if (location.value !== undefined) Object.assign(patch, location.value ?? { lat: null, lng: null });
    }
    const result = await updateStore(c.get("db"), viewer, store.id, patch, c.get("now"));
    if (!result.ok) {
      if (result.reason !== "invalid") throwFailure(result, c);
      return renderStoreForm(c, { store, values: await postedStrings(c), errors: codesToMessages(result.fields, c) }, 400);
    }
    return c.redirect(`/stores/${store.id}`, 303);
  })
  // R17: a slow mover marked resolved with what worked (the store page's form).
  .post("/slow-movers/:id/resolve", async (c) => {
    const viewer = requireViewer(c);
    const id = idParam(c);
    const t = c.get("t");
    const parsed = v.safeParse(ResolveInput, { resolution: (await c.req.parseBody()).resolution });
    // The one field, named in the message the error page shows.
    if (!parsed.success) throw new ApiError(400, "validation_failed", `${t.stores.resolution}: ${fieldErrors(parsed.issues, t).resolution ?? ""}`, fieldErrors(parsed.issues, t));
    const result = await resolveSlowMoverFor(c.get("db"), viewer, id, parsed.output, c.get("now"));
    if (!result.ok) throw new ApiError(404, "not_found", "not found");
    return c.redirect(`/stores/${result.storeId}#insights`, 303);
  })
  .post("/:id/archive", async (c) => {
    const viewer = requireViewer(c, "manager", "admin");
    const id = idParam(c);
    // Scope before validation: a store outside it is a 404 whatever was posted.
    if (!(await getStore(c.get("db"), viewer, id))) throw new ApiError(404, "not_found", "not found");
    const body = await c.req.parseBody();
    const archived = body.archived === "1" ? true : body.archived === "0" ? false : null;
    if (archived === null) throw new ApiError(400, "validation_failed", c.get("t").common.fixErrors, { archived: translate("invalid", c.get("t")) });
    const result = await updateStore(c.get("db"), viewer, id, { archived }, c.get("now"));
    if (!result.ok) throwFailure(result, c);
    return c.redirect(`/stores/${id}`, 303);
  });
