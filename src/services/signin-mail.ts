// Sign-in links by e-mail. The outbox records every message; the body (which holds a live sign-in
// link) is kept only when there is no mail provider, so local use can read it.
import type { Db } from "../db/client.ts";
import { insertSigninMail, recordSendResult } from "../db/queries/sending.ts";
import { randomToken } from "../auth/tokens.ts";
import { signinLink, signinMail } from "../mail/signin-mail.ts";
import { mailConfigured, sendOne, type MailEnv } from "../mail/transport.ts";
import type { Locale } from "../domain/types.ts";

export async function sendSigninMail(
  env: MailEnv & { APP_ORIGIN: string },
  db: Db,
  user: { id: number; email: string; name: string; locale: Locale },
  token: string,
  now: number,
): Promise<void> {
  const mail = signinMail(user, signinLink(env.APP_ORIGIN, token));
  const local = !mailConfigured(env);
  const id = await insertSigninMail(db, { userId: user.id, toEmail: user.email, subject: mail.subject, text: mail.text, local, period: randomToken(9) });
  if (local || id === null) return;
  const result = await sendOne(env, mail, `signin/${id}`);
  await recordSendResult(db, id, result.ok ? result : { ok: false, error: `${result.status ?? "network"}: ${result.message}` }, now);
}
