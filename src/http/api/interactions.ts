import { Hono } from "hono";
import * as v from "valibot";
import type { AppEnv } from "../context.ts";
import { requireVerified, requireViewer, signedIn, withViewer } from "../guard.ts";
import { ApiError } from "../errors.ts";
import { apiQuery, translate, validationError } from "../validation.ts";
import { parseStrict, readObject } from "./body.ts";
import { InteractionInput } from "../../services/interaction-input.ts";
import { localDate } from "../../domain/fields.ts";
import { logInteraction } from "../../services/log-interaction.ts";
import { listInteractions } from "../../db/queries/interactions.ts";
import { addIntel, AddInsightsInput, editInteraction, InteractionPatch, removeInteraction, type ChangeResult } from "../../services/change-interaction.ts";
import type { Messages } from "../../i18n/index.ts";

/** A change refused: out of scope 404, a rep's own past the window 403, bad input 400 naming each field. */
function throwRefusal(result: Exclude<ChangeResult<unknown>, { ok: true }>, t: Messages): never {
  if (result.reason === "not_found") throw new ApiError(404, "not_found", "not found");
  if (result.reason === "window_closed") throw new ApiError(403, "edit_window_closed", t.log.editWindowClosed(result.days));
  throw validationError(Object.fromEntries(Object.entries(result.fields).map(([k, code]) => [k, translate(code, t)])), t);
}

const IdParam = v.object({ id: v.pipe(v.string(), v.regex(/^\d{1,12}$/, "invalid"), v.transform(Number)) });

const date = localDate();
const ListQuery = v.object({
  storeId: v.optional(v.pipe(v.string(), v.regex(/^\d{1,12}$/, "invalid"), v.transform(Number))),
  from: v.optional(date),
  to: v.optional(date),
  limit: v.optional(v.pipe(v.string(), v.regex(/^\d{1,3}$/, "invalid"), v.transform(Number), v.minValue(1, "invalid"), v.maxValue(200, "too_large")), "50"),
  /** Opaque cursor from the previous page: `<occurredAt>.<id>`. */
  cursor: v.optional(
    v.pipe(
      v.string(),
      v.regex(/^\d{1,15}\.\d{1,15}$/, "invalid"),
      v.transform((s) => {
        const [at, id] = s.split(".").map(Number) as [number, number];
        return { at, id };
      }),
    ),
  ),
});

export const interactionsApi = new Hono<AppEnv>()
  .post("/", async (c) => {
    const t = c.get("t");
    let input: InteractionInput;
    try {
      input = parseStrict(InteractionInput, await readObject(c), t);
    } catch (err) {
      // Refused input is answered as before: to a signed-in caller only (401 first otherwise).
      await requireVerified(c);
      throw err;
    }
    // Two round trips in all: the session is checked in the checks' batch (withViewer).
    const { value: result } = await withViewer(c, [], ({ viewer, guard }) => logInteraction(c.get("db"), viewer, input, c.get("now"), guard));
    if (!result.ok) {
      if ("notFound" in result) throw new ApiError(404, "not_found", "store not found");
      if ("deleted" in result) throw new ApiError(409, "conflict", t.log.deletedReplay);
      throw validationError(Object.fromEntries(Object.entries(result.fields).map(([k, code]) => [k, translate(code, t)])), t);
    }
    if (result.replayed) c.header("idempotent-replayed", "true");
    return c.json({ ...result.interaction, warnings: result.warnings }, result.replayed ? 200 : 201);
  })
  .patch("/:id", async (c) => {
    const viewer = requireViewer(c);
    const t = c.get("t");
    const id = v.safeParse(IdParam, c.req.param());
    if (!id.success) throw new ApiError(404, "not_found", "not found");
    const patch = parseStrict(InteractionPatch, await readObject(c), t);
    const result = await editInteraction(c.get("db"), viewer, id.output.id, patch, c.get("now"));
    if (!result.ok) throwRefusal(result, t);
    const [row] = (await listInteractions(c.get("db"), viewer, { id: id.output.id }, { limit: 1 })).items;
    return c.json({ ...row, warnings: result.value.warnings });
  })
  .post("/:id/insights", async (c) => {
    const viewer = requireViewer(c);
    const t = c.get("t");
    const id = v.safeParse(IdParam, c.req.param());
    if (!id.success) throw new ApiError(404, "not_found", "not found");
    const input = parseStrict(AddInsightsInput, await readObject(c), t);
    const result = await addIntel(c.get("db"), viewer, id.output.id, input, c.get("now"));
    if (!result.ok) throwRefusal(result, t);
    const [row] = (await listInteractions(c.get("db"), viewer, { id: id.output.id }, { limit: 1 })).items;
    return c.json(row, 201);
  })
  .delete("/:id", async (c) => {
    const viewer = requireViewer(c);
    const id = v.safeParse(IdParam, c.req.param());
    if (!id.success) throw new ApiError(404, "not_found", "not found");
    const result = await removeInteraction(c.get("db"), viewer, id.output.id, c.get("now"));
    if (!result.ok) throwRefusal(result, c.get("t"));
    return c.json({ id: id.output.id, deleted: true });
  })
  .get("/", signedIn(), apiQuery(ListQuery), async (c) => {
    const viewer = requireViewer(c);
    const q = c.req.valid("query");
    const page = await listInteractions(c.get("db"), viewer, { storeId: q.storeId, from: q.from, to: q.to }, { limit: Number(q.limit), cursor: q.cursor });
    const next = page.nextCursor;
    return c.json({ items: page.items, nextCursor: next ? `${next.at}.${next.id}` : null });
  });
