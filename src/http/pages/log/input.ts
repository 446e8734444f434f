// The quick log's form and the API's interaction input, each way: the form's strings → the input
// InteractionInput checks (as POST /api/interactions takes it), the input's error paths → the form's
// fields, and a digest link's query → the form's first values.
import { randomToken } from "../../../auth/tokens.ts";
import { instantOf, localDateOf, localTimeOf } from "../../../domain/dates.ts";
import { isCalendarDate, TIME_OF_DAY } from "../../../domain/fields.ts";
import { CHANNELS, INSIGHT_KINDS, type InsightKind } from "../../../domain/types.ts";
import type { Values } from "../forms.tsx";
import type { Errors } from "../../validation.ts";

/** Which quick fields each intel item has; `detail` is what the insight says. */
export const INTEL_FIELDS: Record<InsightKind, ("subject" | "detail" | "reason" | "action")[]> = {
  product_feedback: ["subject", "detail"],
  clerk_preference: ["detail"],
  preference_action: ["detail"],
  family: ["detail"],
  competitor: ["subject", "detail"],
  slow_mover: ["subject", "reason", "action"],
};

/** Occasions on which a greeting is sent (R4–R8): the only ones that keep the e-mail's template id. */
const GREETING_KINDS = ["birthday", "festival", "life_event"];

/** The visit intel typed into the form, as the input's insights, with the item each one came from. */
function insightsOf(body: Values): { insights: Record<string, unknown>[]; insightKinds: InsightKind[] } {
  const insights: Record<string, unknown>[] = [];
  const insightKinds: InsightKind[] = [];
  for (const k of INSIGHT_KINDS) {
    const f = (name: string) => (body[`intel.${k}.${name}`] ?? "").trim();
    if (!INTEL_FIELDS[k].some((name) => f(name) !== "")) continue;
    // A slow mover is named by its product; the rest are told in `detail`.
    const detail = k === "slow_mover" ? f("subject") : f("detail");
    insights.push({ kind: k, subject: f("subject") || null, detail, reason: f("reason") || null, action: f("action") || null });
    insightKinds.push(k);
  }
  return { insights, insightKinds };
}

/** The form's strings → the API's input shape, plus where each insight came from (for errors). */
export function logInput(body: Values, timeZone: string) {
  const occasion = body.occasion ?? "routine";
  const [kind, ref] = occasion.includes(":") ? (occasion.split(":", 2) as [string, string]) : [occasion, ""];
  const num = (s: string | undefined) => (s && s.trim() !== "" ? (/^\d+$/.test(s.trim()) ? Number(s) : s) : null);
  const [date, time] = (body.when ?? "").split("T");
  // A day or a time that does not exist (2026-02-30, 25:00) is left as typed: the schema refuses it.
  const occurredAt =
    date && time && isCalendarDate(date) && TIME_OF_DAY.test(time) ? new Date(instantOf(date, time, timeZone)).toISOString() : body.when ?? "";
  const { insights, insightKinds } = insightsOf(body);
  const giftWhat = (body["gift.what"] ?? "").trim();
  const giftValue = (body["gift.value"] ?? "").trim();
  const gift = giftWhat || giftValue ? { what: giftWhat, value: giftValue === "" ? 0 : Number(giftValue) } : null;
  // The check-in's hidden fields, filled by the page's script when the phone gave a position: all
  // three or none (a field left empty among filled ones is refused by the schema, not dropped).
  const pos = ["lat", "lng", "accuracyM"].map((k) => (body[`position.${k}`] ?? "").trim());
  const position = pos.some((x) => x !== "") ? { lat: Number(pos[0] || Number.NaN), lng: Number(pos[1] || Number.NaN), accuracyM: Number(pos[2] || Number.NaN) } : null;
  return {
    input: {
      storeId: num(body.storeId),
      channel: body.channel,
      occurredAt,
      contactId: kind === "birthday" ? num(ref) : num(body.contactId),
      occasion: kind,
      festivalKey: kind === "festival" ? ref : null,
      lifeEventId: kind === "life_event" ? num(ref) : null,
      gift,
      askedHelp: body.askedHelp === "1",
      problemSolved: body.problemSolved ?? null,
      trainingTopic: body.trainingTopic ?? null,
      notes: body.notes ?? null,
      insights,
      // The e-mail's greeting rides along only on an occasion that sends one (the rep may have changed it).
      greetingTemplateId: GREETING_KINDS.includes(kind) ? num(body.greetingTemplateId) : null,
      position,
      idempotencyKey: body.idempotencyKey ?? "",
    },
    insightKinds,
  };
}

/** Error paths of the input → the names of the form's fields. */
export function toFormErrors(fields: Errors, insightKinds: InsightKind[]): Errors {
  const out: Errors = {};
  for (const [path, msg] of Object.entries(fields)) {
    const m = path.match(/^insights\.(\d+)\.(\w+)$/);
    let name = path;
    if (path === "occurredAt") name = "when";
    else if (path === "festivalKey" || path === "lifeEventId") name = "occasion";
    else if (m) {
      const kind = insightKinds[Number(m[1])];
      const field = m[2] === "detail" && kind === "slow_mover" ? "subject" : m[2];
      name = kind ? `intel.${kind}.${field}` : "insights";
    }
    out[name] ??= msg;
  }
  return out;
}

/** Query parameters of the digest's links → the form's initial values. */
export function prefill(q: Record<string, string>, now: number, timeZone: string): Values {
  const values: Values = {
    channel: (CHANNELS as readonly string[]).includes(q.channel ?? "") ? q.channel! : "visit",
    when: `${localDateOf(now, timeZone)}T${localTimeOf(now, timeZone)}`,
    idempotencyKey: `log-${randomToken(12)}`,
  };
  if (/^\d+$/.test(q.contactId ?? "")) values.contactId = q.contactId!;
  if (/^\d+$/.test(q.greetingTemplateId ?? "")) values.greetingTemplateId = q.greetingTemplateId!;
  if (q.occasion === "festival" && q.festivalKey) values.occasion = `festival:${q.festivalKey}`;
  else if (q.occasion === "birthday" && values.contactId) values.occasion = `birthday:${values.contactId}`;
  else if (q.occasion === "life_event" && /^\d+$/.test(q.lifeEventId ?? "")) values.occasion = `life_event:${q.lifeEventId}`;
  else if (q.occasion === "training") values.occasion = "training";
  return values;
}

/** A logged interaction → the form's values, for its edit page (the inverse of logInput). */
export function valuesOf(
  row: {
    channel: string;
    occurredAt: number;
    contactId: number | null;
    occasion: string;
    festivalKey: string | null;
    lifeEventId: number | null;
    giftWhat: string | null;
    giftValue: number | null;
    askedHelp: boolean;
    problemSolved: string | null;
    trainingTopic: string | null;
    notes: string | null;
    greetingTemplateId: number | null;
  },
  timeZone: string,
): Values {
  const occasion =
    row.occasion === "festival" && row.festivalKey
      ? `festival:${row.festivalKey}`
      : row.occasion === "birthday" && row.contactId
        ? `birthday:${row.contactId}`
        : row.occasion === "life_event" && row.lifeEventId
          ? `life_event:${row.lifeEventId}`
          : row.occasion;
  const values: Values = {
    channel: row.channel,
    when: `${localDateOf(row.occurredAt, timeZone)}T${localTimeOf(row.occurredAt, timeZone)}`,
    occasion,
    contactId: row.contactId ? String(row.contactId) : "",
    "gift.what": row.giftWhat ?? "",
    "gift.value": row.giftValue === null ? "" : String(row.giftValue),
    askedHelp: row.askedHelp ? "1" : "",
    problemSolved: row.problemSolved ?? "",
    trainingTopic: row.trainingTopic ?? "",
    notes: row.notes ?? "",
  };
  if (row.greetingTemplateId) values.greetingTemplateId = String(row.greetingTemplateId);
  return values;
}
