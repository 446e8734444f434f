import { eq } from "drizzle-orm";
import type { Db } from "../client.ts";
import { policy } from "../schema.ts";
import { withDefaults, type Policy } from "../../domain/policy.ts";

export async function loadPolicy(db: Db): Promise<Policy> {
  const [row] = await db.select({ data: policy.data }).from(policy).where(eq(policy.id, 1));
  return withDefaults(row?.data as Partial<Policy> | undefined);
}
