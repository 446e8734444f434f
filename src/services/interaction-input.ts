// What a rep sends when logging a contact, from the API (JSON) or the quick-log form.
// Messages are codes (see i18n `validation`), translated into the caller's language. Strict: the
// API refuses a key the body does not know (top level: parseStrict; insights and the gift are
// strict objects), so a typo such as `noets` is a 400 naming it, never notes silently dropped.
import * as v from "valibot";
import { CHANNELS, INSIGHT_KINDS, OCCASIONS } from "../domain/types.ts";
import { isoInstant, latitude, longitude, optionalText, requiredText } from "../domain/fields.ts";

const id = v.pipe(v.number("not_a_number"), v.integer("not_a_number"), v.minValue(1, "invalid"));

export const InsightInput = v.strictObject({
  kind: v.picklist(INSIGHT_KINDS, "unknown_value"),
  contactId: v.optional(v.nullable(id)),
  subject: optionalText(100),
  detail: requiredText(1000),
  reason: optionalText(500),
  action: optionalText(500),
});

/**
 * On-site check-in: the device's position when the visit was logged (WGS 84, as browsers report it)
 * and its accuracy radius in metres. All three or none (a strict object).
 */
export const PositionInput = v.strictObject({
  lat: latitude,
  lng: longitude,
  accuracyM: v.pipe(v.number("not_a_number"), v.minValue(0, "out_of_range"), v.maxValue(10_000, "out_of_range")),
});

export const InteractionInput = v.object({
  storeId: id,
  channel: v.picklist(CHANNELS, "unknown_value"),
  occurredAt: isoInstant,
  contactId: v.optional(v.nullable(id)),
  occasion: v.optional(v.picklist(OCCASIONS, "unknown_value"), "routine"),
  festivalKey: optionalText(40),
  lifeEventId: v.optional(v.nullable(id)),
  gift: v.optional(
    v.nullable(
      v.strictObject({
        what: requiredText(100),
        value: v.pipe(v.number("not_a_number"), v.minValue(0, "negative"), v.maxValue(100_000, "too_large")),
      }),
    ),
  ),
  askedHelp: v.optional(v.boolean("invalid"), false),
  problemSolved: optionalText(500),
  trainingTopic: optionalText(200),
  notes: optionalText(2000),
  insights: v.optional(v.pipe(v.array(InsightInput, "invalid"), v.maxLength(12, "too_many")), []),
  greetingTemplateId: v.optional(v.nullable(id)),
  /** Kept only when the policy has check-in on and the channel is a visit (services/log-interaction.ts). */
  position: v.optional(v.nullable(PositionInput)),
  idempotencyKey: v.pipe(v.string(), v.regex(/^[A-Za-z0-9_.:-]{8,100}$/, "bad_key")),
});

export type InteractionInput = v.InferOutput<typeof InteractionInput>;

/**
 * The columns a checked input stores, the same for a new log and a fixed one: a festival only on a
 * festival occasion, absent fields as null. `localDate` and `festivalYear` come from the checks.
 */
export function interactionColumns(input: InteractionInput, checked: { localDate: string; festivalYear: number | null }) {
  const festival = input.occasion === "festival";
  return {
    storeId: input.storeId,
    contactId: input.contactId ?? null,
    channel: input.channel,
    occurredAt: Date.parse(input.occurredAt),
    localDate: checked.localDate,
    occasion: input.occasion,
    festivalKey: festival ? (input.festivalKey ?? null) : null,
    festivalYear: festival ? checked.festivalYear : null,
    lifeEventId: input.lifeEventId ?? null,
    giftWhat: input.gift?.what ?? null,
    giftValue: input.gift?.value ?? null,
    askedHelp: input.askedHelp,
    problemSolved: input.problemSolved ?? null,
    trainingTopic: input.trainingTopic ?? null,
    notes: input.notes ?? null,
    greetingTemplateId: input.greetingTemplateId ?? null,
  };
}
