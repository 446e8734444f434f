// /api/stores (mounted there by api/index.ts): what the store pages do, as JSON. A store's class is `tier` (A/B/C; `class` is
// accepted as a synonym in bodies and filters and returned too). Bodies are strict: an unknown
// field is a 400 naming it, so a typo never passes silently. Out-of-scope ids are 404s.
import { Hono } from "hono";
import type { AppEnv } from "../context.ts";
import { idParam, requireViewer, signedIn } from "../guard.ts";
import { ApiError } from "../errors.ts";
import { apiQuery, firstValues, fromFields, translate, validationError } from "../validation.ts";
import { parseStrict, readObject, throwApiFailure } from "./body.ts";
import {
  createStore,
  decodeCursor,
  encodeCursor,
  getStore,
  listStores,
  updateStore,
  type StoreListItem,
  type StorePatch,
  type StoreView,
} from "../../db/queries/stores.ts";
import { contactsOfStore, createContact } from "../../db/queries/contacts.ts";
import { loadPolicy } from "../../db/queries/policy.ts";
import {
  ContactCreateInput,
  resolveClass,
  resolveLocation,
  StoreCreateInput,
  StoreListQuery,
  StorePatchInput,
  withoutBlanks,
} from "../../services/store-input.ts";
import { contactJson } from "./contacts.ts";

const DEFAULT_LIMIT = 50;

/** Filters of the list; a blank one (`?city=`) is no filter. */
const ListQuery = fromFields((raw) => withoutBlanks(firstValues(raw)), StoreListQuery);

export function storeJson(s: StoreView) {
  return {
    id: s.id,
    code: s.code,
    name: s.name,
    tier: s.class,
    class: s.class,
    city: s.city,
    address: s.address,
    phone: s.phone,
    repId: s.repId,
    repName: s.repName,
    archived: s.archived,
    location: s.lat === null || s.lng === null ? null : { lat: s.lat, lng: s.lng, source: s.locationSource },
    createdAt: s.createdAt,
  };
}

function storeListJson(s: StoreListItem) {
  return {
    ...storeJson(s),
    behind: s.behind,
    pace: s.pace.map((p) => ({ channel: p.channel, required: p.required, done: p.done, expectedByToday: p.expectedByToday, behind: p.isBehind })),
  };
}

export const storesApi = new Hono<AppEnv>()
  .get("/", signedIn(), apiQuery(ListQuery), async (c) => {
    const viewer = requireViewer(c);
    const t = c.get("t");
    const db = c.get("db");
    const q = c.req.valid("query");
    const cls = resolveClass(q);
    if (cls.error) throw validationError({ tier: translate(cls.error, t) }, t);
    const cursor = q.cursor ? decodeCursor(q.cursor) : null;
    if (q.cursor && !cursor) throw validationError({ cursor: translate("invalid", t) }, t);
    const result = await listStores(
      db,
      viewer,
      await loadPolicy(db),
      { class: cls.value, city: q.city, q: q.q, behind: q.behind, archived: q.archived },
      { limit: q.limit ?? DEFAULT_LIMIT, cursor, now: c.get("now") },
    );
    return c.json({ items: result.items.map(storeListJson), nextCursor: result.nextCursor ? encodeCursor(result.nextCursor) : null });
  })
  .post("/", async (c) => {
    const viewer = requireViewer(c, "manager", "admin");
    const t = c.get("t");
    const body = parseStrict(StoreCreateInput, await readObject(c), t);
    const cls = resolveClass(body);
    if (!cls.value) throw validationError({ tier: translate(cls.error ?? "required", t) }, t);
    const location = resolveLocation(body);
    if (location.error) throw validationError({ [location.error.field]: translate(location.error.code, t) }, t);
    const result = await createStore(c.get("db"), viewer, {
      code: body.code ?? null,
      name: body.name,
      class: cls.value,
      address: body.address ?? null,
      city: body.city ?? null,
      phone: body.phone ?? null,
      repId: body.repId,
      location: location.value ?? null,
    }, c.get("now"));
    if (!result.ok) throwApiFailure(result, t);
    return c.json(storeJson(result.value), 201);
  })
  .get("/:id", async (c) => {
    const viewer = requireViewer(c);
    const store = await getStore(c.get("db"), viewer, idParam(c));
    if (!store) throw new ApiError(404, "not_found", "not found");
    return c.json(storeJson(store));
  })
  .patch("/:id", async (c) => {
    const viewer = requireViewer(c);
    const t = c.get("t");
    const id = idParam(c);
    const raw = await readObject(c);
    const body = parseStrict(StorePatchInput, raw, t);
    const cls = resolveClass(body);
    if (cls.error) throw validationError({ tier: translate(cls.error, t) }, t);
    const patch: StorePatch = {};
    if (body.name !== undefined) patch.name = body.name;
    if (body.code !== undefined) patch.code = body.code;
    if (cls.value !== undefined) patch.class = cls.value;
    if (body.address !== undefined) patch.address = body.address;
    if (body.city !== undefined) patch.city = body.city;
    if (body.phone !== undefined) patch.phone = body.phone;
    if (body.repId !== undefined) patch.repId = body.repId;
    if (body.archived !== undefined) patch.archived = body.archived;
    const location = resolveLocation(body);
    if (location.error) throw validationError({ [location.error.field]: translate(location.error.code, t) }, t);
    if (location.value !== undefined) Object.assign(patch, location.value ?? { lat: null, lng: null });
    const result = await updateStore(c.get("db"), viewer, id, patch, c.get("now"));
    if (!result.ok) throwApiFailure(result, t, "tier" in raw ? { class: "tier" } : {});
    return c.json(storeJson(result.value));
  })
  .get("/:id/contacts", async (c) => {
    const viewer = requireViewer(c);
    const list = await contactsOfStore(c.get("db"), viewer, idParam(c));
    if (!list) throw new ApiError(404, "not_found", "not found");
    return c.json({ items: list.map((x) => contactJson(x, c)) });
  })
  .post("/:id/contacts", async (c) => {
    const viewer = requireViewer(c);
    const t = c.get("t");
    const storeId = idParam(c);
    const body = parseStrict(ContactCreateInput, await readObject(c), t);
    const result = await createContact(c.get("db"), viewer, storeId, body, c.get("now"));
    if (!result.ok) throwApiFailure(result, t);
    return c.json(contactJson(result.value, c), 201);
  });
