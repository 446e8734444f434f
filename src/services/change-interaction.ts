// A rep can fix a mistake: edit or delete a logged interaction (PATCH/DELETE /api/interactions/:id,
// /interactions/:id/edit, the quick log's undo), or add intel to an earlier visit.
//
// Who: a rep changes only their own interactions, for `policy.interactionEditDays` after logging
// them; managers (their team's stores) and admins (all) at any time. Out of scope is "not found";
// a rep's own interaction past the window is "window closed" (403). An edit is held to the same
// checks as the create (services/log-interaction.ts: contact at the store, festival window, life
// event at the store, training at A stores only, template fits the occasion…), with the store's
// scope checked for the editor.
import * as v from "valibot";
import type { Db } from "../db/client.ts";
import type { Viewer } from "../auth/identity.ts";
import { addInsights, deleteInteraction, interactionInScope, updateInteraction, type InteractionRow } from "../db/queries/interaction-changes.ts";
import { checkInput, readForChecks } from "./log-interaction.ts";
import { InsightInput, InteractionInput, interactionColumns } from "./interaction-input.ts";
import type { Policy } from "../domain/policy.ts";
import type { Channel, LifeEventKind } from "../domain/types.ts";

const DAY_MS = 86_400_000;

/** PATCH's body: any field of the create but the idempotency key and the insights (intel is added with its own form). */
/** Nor the position: it was taken when the visit was logged, and an edit cannot move it. */
export const InteractionPatch = v.partial(v.omit(InteractionInput, ["idempotencyKey", "insights", "position"]));
export type InteractionPatch = v.InferOutput<typeof InteractionPatch>;

export const AddInsightsInput = v.object({
  insights: v.pipe(v.array(InsightInput, "invalid"), v.minLength(1, "required"), v.maxLength(12, "too_many")),
});

export type Denied = { ok: false; reason: "not_found" } | { ok: false; reason: "window_closed"; days: number };
export type ChangeResult<T> = { ok: true; value: T } | Denied | { ok: false; reason: "invalid"; fields: Record<string, string> };

/** Until when a rep may still change their own interaction: logged time + the policy's days. */
export function editableUntil(row: Pick<InteractionRow, "createdAt">, policy: Pick<Policy, "interactionEditDays">): number {
  return row.createdAt + policy.interactionEditDays * DAY_MS;
}

/** The rules on who may change an interaction; scope (storeVisible) has already been applied. */
export function mayChange(viewer: Viewer, row: Pick<InteractionRow, "repId" | "createdAt">, policy: Policy, now: number): true | Denied {
  if (viewer.role !== "rep") return true;
  if (row.repId !== viewer.id) return { ok: false, reason: "not_found" };
  if (now > editableUntil(row, policy)) return { ok: false, reason: "window_closed", days: policy.interactionEditDays };
  return true;
}

/** The interaction and its insights for the edit page, when the viewer may change it. */
export async function interactionToChange(db: Db, viewer: Viewer, id: number, now: number) {
  const found = await interactionInScope(db, viewer, id);
  if (!found) return { ok: false, reason: "not_found" } as const;
  const may = mayChange(viewer, found.row, found.policy, now);
  if (may !== true) return may;
  return { ok: true, value: found } as const;
}

/** The follow-up an interaction closed when logged: its life event, if on the channel its kind requires (R7, R8). */
function closedFollowUp(row: { lifeEventId: number | null; channel: Channel }, kind: LifeEventKind | null, policy: Policy) {
  if (!row.lifeEventId || !kind || policy.followUps[kind].channel !== row.channel) return null;
  return { lifeEventId: row.lifeEventId, channel: row.channel };
}

/** The stored row as the create's input, so a patch merges onto it and the merged whole is checked. */
function asInput(row: InteractionRow): InteractionInput {
  return {
    storeId: row.storeId,
    channel: row.channel,
    occurredAt: new Date(row.occurredAt).toISOString(),
    contactId: row.contactId,
    occasion: row.occasion,
    festivalKey: row.festivalKey,
    lifeEventId: row.lifeEventId,
    gift: row.giftWhat || row.giftValue ? { what: row.giftWhat ?? "", value: row.giftValue ?? 0 } : null,
    askedHelp: row.askedHelp,
    problemSolved: row.problemSolved,
    trainingTopic: row.trainingTopic,
    notes: row.notes,
    insights: [],
    greetingTemplateId: row.greetingTemplateId,
    idempotencyKey: row.idempotencyKey,
  };
}

export async function editInteraction(db: Db, viewer: Viewer, id: number, patch: InteractionPatch, now: number): Promise<ChangeResult<{ warnings: string[] }>> {
  const found = await interactionToChange(db, viewer, id, now);
  if (!found.ok) return found;
  const { row, insights, policy } = found.value;
  const input: InteractionInput = { ...asInput(row), ...patch };
  // An occasion changed without its reference drops the old one (a festival key on a routine visit is refused).
  if (patch.occasion && patch.occasion !== "festival" && !("festivalKey" in patch)) input.festivalKey = null;
  if (patch.occasion && patch.occasion !== "life_event" && !("lifeEventId" in patch)) input.lifeEventId = null;

  const r = await readForChecks(db, viewer, input);
  // The time may stay as it was, however long ago (a manager correcting an old log): the checks'
  // bounds on it (not ahead of now, at most 90 days back) are then taken from the time itself.
  const unchangedTime = Date.parse(input.occurredAt) === row.occurredAt;
  const checked = checkInput(input, r, unchangedTime ? row.occurredAt : now);
  const fields: Record<string, string> = checked.ok ? {} : { ...checked.fields };
  if (insights.length > 0 && input.channel !== "visit") fields.channel = "insights_visit_only";
  if (!r.store || r.store.archived) fields.storeId = "not_found";
  if (!checked.ok || Object.keys(fields).length > 0) return { ok: false, reason: "invalid", fields };
  return write(checked.value.festivalYear, checked.value.localDate);

  async function write(festivalYear: number | null, localDate: string) {
    const warnings: string[] = [];
    // The store's gifts this year without this interaction's own (it is being replaced).
    const own = row.storeId === input.storeId && row.localDate.slice(0, 4) === localDate.slice(0, 4) ? (row.giftValue ?? 0) : 0;
    if (input.gift && r.giftTotal - own + input.gift.value > policy.giftCapPerStoreYear) warnings.push("gift_cap");
    const next = interactionColumns(input, { localDate, festivalYear });
    const event = r.event;
    const close = event && event.state === "open" && policy.followUps[event.kind].channel === next.channel ? event.id : null;
    await updateInteraction(db, viewer, row, next, { close, reopen: closedFollowUp(row, row.lifeEventKind, policy) }, now);
    return { ok: true as const, value: { warnings } };
  }
}

export async function removeInteraction(db: Db, viewer: Viewer, id: number, now: number): Promise<ChangeResult<{ storeId: number }>> {
  const found = await interactionToChange(db, viewer, id, now);
  if (!found.ok) return found;
  const { row, policy } = found.value;
  await deleteInteraction(db, viewer, id, closedFollowUp(row, row.lifeEventKind, policy), now);
  return { ok: true, value: { storeId: row.storeId } };
}

/** Intel added to an earlier visit: the same rules as at logging (contacts at the store, R13/R15 onto the profile). */
export async function addIntel(db: Db, viewer: Viewer, id: number, input: v.InferOutput<typeof AddInsightsInput>, now: number): Promise<ChangeResult<{ added: number }>> {
  const found = await interactionToChange(db, viewer, id, now);
  if (!found.ok) return found;
  const { row } = found.value;
  if (row.channel !== "visit") return { ok: false, reason: "invalid", fields: { insights: "insights_visit_only" } };
  const r = await readForChecks(db, viewer, { ...asInput(row), insights: input.insights });
  const contactStore = new Map(r.contactRows.map((c) => [c.id, c.storeId]));
  const fields: Record<string, string> = {};
  input.insights.forEach((ins, i) => {
    if (ins.contactId && contactStore.get(ins.contactId) !== row.storeId) fields[`insights.${i}.contactId`] = "contact_not_at_store";
  });
  if (Object.keys(fields).length > 0) return { ok: false, reason: "invalid", fields };
  const insights = input.insights.map((ins) => ({
    kind: ins.kind,
    contactId: ins.contactId ?? row.contactId ?? null,
    subject: ins.subject ?? null,
    detail: ins.detail,
    reason: ins.reason ?? null,
    action: ins.action ?? null,
  }));
  const profile = insights.flatMap((ins) => {
    const column = ins.kind === "clerk_preference" ? "preferences" : ins.kind === "family" ? "familyNotes" : null;
    return column && ins.contactId ? [{ contactId: ins.contactId, column, line: `${row.localDate} ${ins.detail}` } as const] : [];
  });
  await addInsights(db, viewer, id, insights, profile, now);
  return { ok: true, value: { added: insights.length } };
}
