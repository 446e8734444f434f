// A rep skips an item of today's plan with a reason (/today's form, issue 12.4). The day is the rep's
// own local date, as /today and the digest date the plan.
import * as v from "valibot";
import type { Db } from "../db/client.ts";
import type { Viewer } from "../auth/identity.ts";
import { saveSkip } from "../db/queries/plan-skips.ts";
import { localDateOf } from "../domain/dates.ts";
import { optionalText } from "../domain/fields.ts";
import { SKIP_REASONS } from "../domain/plan.ts";
import { QUOTA_CHANNELS } from "../domain/types.ts";

export const SkipInput = v.object({
  storeId: v.pipe(v.string("required"), v.regex(/^\d{1,12}$/, "invalid"), v.transform(Number), v.minValue(1, "invalid")),
  channel: v.picklist(QUOTA_CHANNELS, "invalid"),
  reason: v.picklist(SKIP_REASONS, "required"),
  note: optionalText(200),
});
export type SkipInput = v.InferOutput<typeof SkipInput>;

export function skipPlanItem(db: Db, viewer: Viewer, input: SkipInput, now: number) {
  return saveSkip(db, viewer, { ...input, note: input.note ?? null, localDate: localDateOf(now, viewer.timeZone) }, now);
}
