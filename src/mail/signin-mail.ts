// Sign-in links by e-mail. The outbox records every message; the body (which holds a live
// sign-in link) is kept only when there is no mail provider, so local use can read it.
import { eq } from "drizzle-orm";
import type { Db } from "../db/client.ts";
import { outbox } from "../db/schema.ts";
import { randomToken } from "../auth/tokens.ts";
import { mailConfigured, sendOne, type MailEnv } from "./transport.ts";
import { messages } from "../i18n/index.ts";
import type { Locale } from "../domain/types.ts";

export function signinLink(appOrigin: string, token: string): string {
  return `${appOrigin.replace(/\/$/, "")}/signin/verify?token=${encodeURIComponent(token)}`;
}

export async function sendSigninMail(
  env: MailEnv & { APP_ORIGIN: string },
  db: Db,
  user: { id: number; email: string; name: string; locale: Locale },
  token: string,
  now: number,
): Promise<void> {
  const t = messages(user.locale).auth;
  const link = signinLink(env.APP_ORIGIN, token);
  const mail = { to: user.email, subject: t.mailSubject, text: t.mailBody(user.name, link) };
  const local = !mailConfigured(env);
  const [row] = await db
    .insert(outbox)
    .values({
      kind: "signin",
      userId: user.id,
      period: randomToken(9),
      toEmail: user.email,
      subject: mail.subject,
      text: local ? mail.text : null,
      state: local ? "local" : "sending",
      attempts: local ? 0 : 1,
    })
    .returning({ id: outbox.id });
  if (local || !row) return;
  const result = await sendOne(env, mail, `signin/${row.id}`);
  await db
    .update(outbox)
    .set(
      result.ok
        ? { state: "sent", providerId: result.providerId, sentAt: now }
        : { state: "failed", lastError: `${result.status ?? "network"}: ${result.message}`.slice(0, 500) },
    )
    .where(eq(outbox.id, row.id));
}
