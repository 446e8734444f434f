import { Hono } from "hono";
import * as v from "valibot";
import type { AppEnv } from "../context.ts";
import { requireViewer, signedIn } from "../guard.ts";
import { ApiError } from "../errors.ts";
import { apiQuery, translate, validationError } from "../validation.ts";
import { parseStrict, readObject } from "./body.ts";
import { InteractionInput } from "../../services/interaction-input.ts";
import { localDate } from "../../domain/fields.ts";
import { logInteraction } from "../../services/log-interaction.ts";
import { listInteractions } from "../../db/queries/interactions.ts";

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
    const viewer = requireViewer(c);
    const t = c.get("t");
    const input = parseStrict(InteractionInput, await readObject(c), t);
    const result = await logInteraction(c.get("db"), viewer, input, c.get("now"));
    if (!result.ok) {
      if ("notFound" in result) throw new ApiError(404, "not_found", "store not found");
      throw validationError(Object.fromEntries(Object.entries(result.fields).map(([k, code]) => [k, translate(code, t)])), t);
    }
    if (result.replayed) c.header("idempotent-replayed", "true");
    return c.json({ ...result.interaction, warnings: result.warnings }, result.replayed ? 200 : 201);
  })
  .get("/", signedIn(), apiQuery(ListQuery), async (c) => {
    const viewer = requireViewer(c);
    const q = c.req.valid("query");
    const page = await listInteractions(c.get("db"), viewer, { storeId: q.storeId, from: q.from, to: q.to }, { limit: Number(q.limit), cursor: q.cursor });
    const next = page.nextCursor;
    return c.json({ items: page.items, nextCursor: next ? `${next.at}.${next.id}` : null });
  });
