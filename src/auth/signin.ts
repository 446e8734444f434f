// One-time sign-in links (SPEC §5): 15 minutes, single use, stored hashed.
import { and, eq, gt, isNull, sql } from "drizzle-orm";
import type { Db } from "../db/client.ts";
import { signinTokens, users } from "../db/schema.ts";
import { randomToken, sha256Hex } from "./tokens.ts";

export const SIGNIN_TTL_MS = 15 * 60 * 1000;

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** Issues a link token for an active user; null when there is no such user (the caller answers the same either way). */
export async function issueSigninToken(db: Db, email: string, now: number) {
  const [user] = await db
    .select({ id: users.id, email: users.email, name: users.name, locale: users.locale })
    .from(users)
    .where(and(eq(users.email, normaliseEmail(email)), eq(users.active, true)));
  if (!user) return null;
  const token = randomToken();
  await db.insert(signinTokens).values({ tokenHash: await sha256Hex(token), userId: user.id, expiresAt: now + SIGNIN_TTL_MS });
  return { token, user };
}

/** Marks the token used and returns its user, in one statement so two clicks cannot both succeed. */
export async function consumeSigninToken(db: Db, token: string, now: number): Promise<{ userId: number; email: string } | null> {
  const rows = await db
    .update(signinTokens)
    .set({ usedAt: now })
    .where(
      and(
        eq(signinTokens.tokenHash, await sha256Hex(token)),
        isNull(signinTokens.usedAt),
        gt(signinTokens.expiresAt, now),
        sql`exists (select 1 from ${users} where ${users.id} = ${signinTokens.userId} and ${users.active} = 1)`,
      ),
    )
    .returning({ userId: signinTokens.userId, email: sql<string>`(select ${users.email} from ${users} where ${users.id} = ${signinTokens.userId})` });
  return rows[0] ?? null;
}
