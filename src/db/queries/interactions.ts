// Logged interactions as the caller may see them (storeVisible): the API's list, and the one the
// quick log just saved. Writing them is services/log-interaction.ts (checks, idempotency, insights).
import { and, desc, eq, gte, lt, lte, or, sql } from "drizzle-orm";
import type { Db } from "../client.ts";
import { interactions, stores } from "../schema.ts";
import { storeVisible } from "./scope.ts";
import { sameDayRepeatsSql } from "./rules.ts";
import type { Viewer } from "../../auth/identity.ts";
import type { LocalDate } from "../../domain/types.ts";

export type InteractionFilter = { id?: number; storeId?: number; from?: LocalDate; to?: LocalDate };
/** Keyset position in the list's order (newest first): the last row's occurredAt and id. */
export type InteractionCursor = { at: number; id: number };

/** One page of interactions, newest first, with each one's insight count; `nextCursor` when more follow. */
export async function listInteractions(db: Db, viewer: Viewer, filter: InteractionFilter, page: { limit: number; cursor?: InteractionCursor }) {
  const { cursor, limit } = page;
  const rows = await db
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
        filter.id ? eq(interactions.id, filter.id) : undefined,
        filter.storeId ? eq(interactions.storeId, filter.storeId) : undefined,
        filter.from ? gte(interactions.localDate, filter.from) : undefined,
        filter.to ? lte(interactions.localDate, filter.to) : undefined,
        cursor ? or(lt(interactions.occurredAt, cursor.at), and(eq(interactions.occurredAt, cursor.at), lt(interactions.id, cursor.id))) : undefined,
      ),
    )
    .orderBy(desc(interactions.occurredAt), desc(interactions.id))
    .limit(limit + 1);
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return { items, nextCursor: rows.length > limit && last ? { at: last.occurredAt, id: last.id } : null };
}

/**
 * The interaction the quick log just saved, for its confirmation: the store, how many distinct
 * intel items it holds, and the contacts on its channel at its store in its month so far. Null when
 * it does not exist or is out of the viewer's scope.
 */
export async function savedInteraction(db: Db, viewer: Viewer, id: number) {
  const [row] = await db
    .select({
      id: interactions.id,
      storeId: interactions.storeId,
      storeName: stores.name,
      storeClass: stores.class,
      repId: interactions.repId,
      createdAt: interactions.createdAt,
      channel: interactions.channel,
      localDate: interactions.localDate,
      lat: interactions.lat,
      lng: interactions.lng,
      accuracyM: interactions.accuracyM,
      storeLat: stores.lat,
      storeLng: stores.lng,
      insights: sql<number>`(select count(distinct kind) from visit_insights where interaction_id = ${interactions.id})`,
      // Contacts on this channel at this store in the interaction's month ('-31' bounds every month),
      // a day's repeats counted as the policy says (sameDayRepeats, as pace counts them).
      monthCount: sql<number>`(select case when ${sameDayRepeatsSql()} = 'each' then count(*) else count(distinct m.local_date) end from interactions m where m.store_id = ${interactions.storeId} and m.channel = ${interactions.channel}
            and m.local_date between substr(${interactions.localDate}, 1, 7) || '-01' and substr(${interactions.localDate}, 1, 7) || '-31')`,
    })
    .from(interactions)
    .innerJoin(stores, eq(stores.id, interactions.storeId))
    .where(and(eq(interactions.id, id), storeVisible(viewer)));
  return row ?? null;
}
