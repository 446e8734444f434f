// The outbox as the admin's pages (and, in development, the local mailbox) show it. Organisation
// mail is not scoped rows: the pages decide who may look (admins; this machine in development).
import { desc, eq } from "drizzle-orm";
import type { Db } from "../client.ts";
import { outbox, users } from "../schema.ts";

export const OUTBOX_STATES = ["claimed", "sending", "sent", "failed", "local"] as const;
export type OutboxState = (typeof OUTBOX_STATES)[number];

/** The newest messages, in one state or all, with the recipient's name. */
export function listOutbox(db: Db, state: OutboxState | undefined, limit = 200) {
  return db
    .select({
      id: outbox.id,
      kind: outbox.kind,
      toEmail: outbox.toEmail,
      name: users.name,
      period: outbox.period,
      subject: outbox.subject,
      state: outbox.state,
      attempts: outbox.attempts,
      lastError: outbox.lastError,
      createdAt: outbox.createdAt,
    })
    .from(outbox)
    .innerJoin(users, eq(users.id, outbox.userId))
    .where(state ? eq(outbox.state, state) : undefined)
    .orderBy(desc(outbox.id))
    .limit(limit);
}

export type OutboxListRow = Awaited<ReturnType<typeof listOutbox>>[number];

/** One message, every column (its stored copy is read with storedMail, src/mail/transport.ts). */
export async function outboxMessage(db: Db, id: number) {
  const [row] = await db.select().from(outbox).where(eq(outbox.id, id));
  return row ?? null;
}

/** What the message's own HTML page needs: the stored copy and the state. */
export async function outboxStoredCopy(db: Db, id: number) {
  const [row] = await db
    .select({ subject: outbox.subject, html: outbox.html, text: outbox.text, content: outbox.content, state: outbox.state })
    .from(outbox)
    .where(eq(outbox.id, id));
  return row ?? null;
}
