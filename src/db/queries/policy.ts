// The one policy row (R1–R17 settings, SPEC §2): one select and one mapper, used by every reader.
// The stored JSON may predate newer settings, so each read fills in the handbook's defaults.
import { eq } from "drizzle-orm";
import type { Db } from "../client.ts";
import { policy } from "../schema.ts";
import { withDefaults, type Policy } from "../../domain/policy.ts";

/** The policy row as a statement that can ride in a batch; map its rows with `policyOf`. */
export function policySelect(db: Db) {
  return db.select({ data: policy.data }).from(policy).where(eq(policy.id, 1));
}

export function policyOf(rows: readonly { data: Partial<Policy> | null }[]): Policy {
  return withDefaults(rows[0]?.data);
}

export async function loadPolicy(db: Db): Promise<Policy> {
  return policyOf(await policySelect(db));
}
