// The outbox as the senders write it: a sign-in mail recorded and its outcome. (The scheduled mail's
// claims, ownership and outcomes: see scheduler/consumer.ts.)
import { eq } from "drizzle-orm";
import type { Db } from "../client.ts";
import { outbox } from "../schema.ts";

/**
 * Records a sign-in mail before it is sent. Its body (which holds a live sign-in link) is kept only
 * when there is no mail provider (`local`), so local use can read it. The period is a random token:
 * every sign-in mail is its own (kind, user, period). Returns the row's id.
 */
export async function insertSigninMail(
  db: Db,
  row: { userId: number; toEmail: string; subject: string; text: string; local: boolean; period: string },
): Promise<number | null> {
  const [inserted] = await db
    .insert(outbox)
    .values({
      kind: "signin",
      userId: row.userId,
      period: row.period,
      toEmail: row.toEmail,
      subject: row.subject,
      text: row.local ? row.text : null,
      state: row.local ? "local" : "sending",
      attempts: row.local ? 0 : 1,
    })
    .returning({ id: outbox.id });
  return inserted?.id ?? null;
}

/** A sent message's provider id, or why it failed (at most 500 characters). */
export async function recordSendResult(db: Db, id: number, result: { ok: true; providerId: string | null } | { ok: false; error: string }, now: number): Promise<void> {
  await db
    .update(outbox)
    .set(result.ok ? { state: "sent", providerId: result.providerId, sentAt: now } : { state: "failed", lastError: result.error.slice(0, 500) })
    .where(eq(outbox.id, id));
}
