// The festival page (/festivals/:key): the board of the rep's stores for the festival in its lead
// time or window, and "sent": several greetings ticked at once, each logged as a festival message.
import * as v from "valibot";
import type { Db } from "../db/client.ts";
import { runQueries } from "../db/batch.ts";
import { festivalBoardQueries } from "../db/queries/festival-board.ts";
import { policyOf } from "../db/queries/policy.ts";
import { festivalFromRow } from "../db/queries/festivals.ts";
import type { Viewer } from "../auth/identity.ts";
import { festivalsAround } from "../domain/calendar/festivals.ts";
import { festivalsInLead } from "../domain/coverage.ts";
import { localDateOf } from "../domain/dates.ts";
import { festivalBoard, type FestivalBoard } from "../domain/festival-board.ts";
import { lastVariantKey, lastVariantMap } from "../domain/greetings.ts";
import { logInteractions } from "./log-interaction.ts";

/**
 * The board for `key` as the viewer sees it today (their own time zone, as /today), or null when
 * the festival is unknown, inactive, or neither in its lead time nor its window. One round trip.
 */
export async function loadFestivalBoard(db: Db, viewer: Viewer, key: string, now: number): Promise<FestivalBoard | null> {
  const today = localDateOf(now, viewer.timeZone);
  const rows = await runQueries(db, festivalBoardQueries(db, viewer, key, today));
  const def = rows.festival[0];
  if (!def) return null;
  const due = festivalsInLead(festivalsAround([festivalFromRow(def)], today), today)[0];
  if (!due) return null;
  const last = lastVariantMap(rows.lastVariants);
  return festivalBoard({
    occurrence: due.occurrence,
    today,
    stores: rows.stores,
    interactions: rows.interactions,
    contacts: rows.contacts,
    templates: rows.templates,
    lastVariant: (contactId, occasion) => last.get(lastVariantKey(contactId, occasion)) ?? null,
    locale: viewer.locale,
    repName: viewer.name,
    mourningDays: policyOf(rows.policy).mourningDays,
  });
}

/** One ticked greeting: `storeId:contactId:templateId` (templateId 0 when the rep wrote their own). */
const Pick = v.pipe(
  v.string(),
  v.regex(/^\d{1,12}:\d{1,12}:\d{1,12}$/, "invalid"),
  v.transform((s) => {
    const [storeId, contactId, templateId] = s.split(":").map(Number) as [number, number, number];
    return { storeId, contactId, templateId: templateId > 0 ? templateId : null };
  }),
);
export const SentForm = v.object({
  /** The page's own key, made when it was shown: the same form sent again stores nothing twice. */
  batch: v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{8,40}$/, "bad_key")),
  sent: v.pipe(v.array(Pick, "invalid"), v.minLength(1, "nothing_ticked"), v.maxLength(500, "too_many")),
});
export type SentBatch = v.InferOutput<typeof SentForm>;

export type SentResult =
  | { ok: true; saved: number; replayed: number }
  /** What was refused, by pick (the first refusal's fields), nothing after it written. */
  | { ok: false; notFound: true }
  | { ok: false; pick: string; fields: Record<string, string> };

/**
 * Logs each ticked greeting as a `message` interaction with the festival occasion, keyed by the
 * page's batch key and the contact: sending the form again (a retry, a double tap) stores nothing
 * twice. A page shown afresh has a new key, so a message deleted as a mistake can be logged again.
 * Each message is held to the quick log's own checks (store in scope, contact at the store, the
 * template fits, the window is open); one read batch and one write batch for the whole set
 * (logInteractions), and a refusal writes none of it and says which pick and why.
 */
export async function sendFestivalMessages(db: Db, viewer: Viewer, board: FestivalBoard, form: SentBatch, now: number): Promise<SentResult> {
  const o = board.occurrence;
  const occurredAt = new Date(now).toISOString();
  const picks = form.sent;
  const result = await logInteractions(
    db,
    viewer,
    picks.map((p) => ({
      storeId: p.storeId,
      channel: "message",
      occurredAt,
      contactId: p.contactId,
      occasion: "festival",
      festivalKey: o.key,
      greetingTemplateId: p.templateId,
      askedHelp: false,
      insights: [],
      idempotencyKey: `fest-${form.batch}-${p.storeId}-${p.contactId}`,
    })),
    now,
  );
  if (result.ok || "notFound" in result) return result;
  const p = picks[result.index]!;
  // A message of this batch deleted since (the rep undid it): this page's key may not log it again.
  return { ok: false, pick: `${p.storeId}:${p.contactId}`, fields: "deleted" in result ? { sent: "stale_page" } : result.fields };
}
