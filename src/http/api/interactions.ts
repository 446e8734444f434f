import { Hono } from "hono";
import * as v from "valibot";
import { and, desc, eq, gte, lt, lte, or, sql } from "drizzle-orm";
import type { AppEnv } from "../context.ts";
import { requireViewer } from "../guard.ts";
import { ApiError } from "../errors.ts";
import { parseOrThrow, translate, validationError } from "../validation.ts";
import { parseStrict, readObject } from "./body.ts";
import { InteractionInput } from "../../services/interaction-input.ts";
import { localDate } from "../../domain/fields.ts";
import { logInteraction } from "../../services/log-interaction.ts";
import { interactions, stores } from "../../db/schema.ts";
import { storeVisible } from "../../db/queries/scope.ts";

const date = localDate();
const ListQuery = v.object({
  storeId: v.optional(v.pipe(v.string(), v.regex(/^\d{1,12}$/, "invalid"), v.transform(Number))),
  from: v.optional(date),
  to: v.optional(date),
  limit: v.optional(v.pipe(v.string(), v.regex(/^\d{1,3}$/, "invalid"), v.transform(Number), v.minValue(1, "invalid"), v.maxValue(200, "too_large")), "50"),
  /** Opaque cursor from the previous page: `<occurredAt>.<id>`. */
  cursor: v.optional(v.pipe(v.string(), v.regex(/^\d{1,15}\.\d{1,15}$/, "invalid"))),
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
  .get("/", async (c) => {
    const viewer = requireViewer(c);
    const q = parseOrThrow(ListQuery, c.req.query(), c.get("t"));
    const limit = Number(q.limit);
    let cursorCond;
    if (q.cursor) {
      const [at, id] = q.cursor.split(".").map(Number) as [number, number];
      cursorCond = or(lt(interactions.occurredAt, at), and(eq(interactions.occurredAt, at), lt(interactions.id, id)));
    }
    const rows = await c
      .get("db")
      .select({
        id: interactions.id,
        repId: interactions.repId,
        storeId: interactions.storeId,
        storeName: stores.name,
        contactId: interactions.contactId,
        channel: interactions.channel,
        occurredAt: interactions.occurredAt,
        localDate: interactions.localDate,
        occasion: interactions.occasion,
        festivalKey: interactions.festivalKey,
        lifeEventId: interactions.lifeEventId,
        giftWhat: interactions.giftWhat,
        giftValue: interactions.giftValue,
        askedHelp: interactions.askedHelp,
        problemSolved: interactions.problemSolved,
        trainingTopic: interactions.trainingTopic,
        notes: interactions.notes,
        insightCount: sql<number>`(select count(*) from visit_insights where visit_insights.interaction_id = ${interactions.id})`,
      })
      .from(interactions)
      .innerJoin(stores, eq(stores.id, interactions.storeId))
      .where(
        and(
          storeVisible(viewer),
          q.storeId ? eq(interactions.storeId, q.storeId) : undefined,
          q.from ? gte(interactions.localDate, q.from) : undefined,
          q.to ? lte(interactions.localDate, q.to) : undefined,
          cursorCond,
        ),
      )
      .orderBy(desc(interactions.occurredAt), desc(interactions.id))
      .limit(limit + 1);
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    return c.json({ items: page, nextCursor: rows.length > limit && last ? `${last.occurredAt}.${last.id}` : null });
  });
