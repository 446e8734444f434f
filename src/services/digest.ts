// The morning digest's reads for a job of reps (up to JOB_SIZE, 100) as one plan: the policy and the
// festivals, the digest's own selects (db/queries/digest.ts) and the reps' months (rep-month.ts), in
// ONE db.batch whatever the job's size, mapped to the domain's DigestRows (domain/digest-data.ts).
import type { Db } from "../db/client.ts";
import { batchPlan, joinPlans, mapPlan, type BatchPlan } from "../db/batch.ts";
import { digestMonthContext, digestQueries } from "../db/queries/digest.ts";
import { toGreetingTemplate } from "../db/queries/greetings.ts";
import { monthContextPlan } from "../db/queries/month-context.ts";
import { repMonthQueries, type RepMonthOptions } from "../db/queries/rep-month.ts";
import type { DigestRows } from "../domain/digest-data.ts";
import type { LocalDate } from "../domain/types.ts";

/** `options`: the rep's list pages read every open slow mover, the digest its first few and their count. */
export function digestRowsPlan(db: Db, repIds: readonly number[], today: LocalDate, options: RepMonthOptions = {}): BatchPlan<DigestRows> {
  const plans = joinPlans({
    context: monthContextPlan(db),
    digest: batchPlan(digestQueries(db, repIds, today)),
    month: batchPlan(repMonthQueries(db, repIds, today, digestMonthContext(), undefined, options)),
  });
  return mapPlan(plans, ({ context, digest, month }) => ({ ...digest, context, templates: digest.templates.map(toGreetingTemplate), month }));
}
