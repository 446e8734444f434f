// The e-mail adapter: Resend when RESEND_API_KEY is set, otherwise the local outbox only
// (readable at /dev/outbox in development). Resend's SDK is the only code that talks to the network.
import { Resend } from "resend";

export type MailEnv = { RESEND_API_KEY?: string; RESEND_BASE_URL?: string; MAIL_FROM: string };

export type OutgoingMail = { to: string; subject: string; text: string; html?: string };

export type SendResult =
  | { ok: true; providerId: string | null }
  | { ok: false; retryable: boolean; status: number | null; message: string };

export function mailConfigured(env: MailEnv): boolean {
  return Boolean(env.RESEND_API_KEY);
}

export function resendClient(env: MailEnv): Resend {
  return new Resend(env.RESEND_API_KEY, env.RESEND_BASE_URL ? { baseUrl: env.RESEND_BASE_URL } : undefined);
}

/** Rate limits, server errors and network failures are worth another try; a rejected message is not. */
export function isRetryable(status: number | null): boolean {
  return status === null || status === 429 || status >= 500;
}

export async function sendOne(env: MailEnv, mail: OutgoingMail, idempotencyKey: string): Promise<SendResult> {
  const { data, error } = await resendClient(env).emails.send(
    { from: env.MAIL_FROM, to: mail.to, subject: mail.subject, text: mail.text, html: mail.html },
    { idempotencyKey },
  );
  if (error) {
    const status = (error as { statusCode?: number | null }).statusCode ?? null;
    return { ok: false, retryable: isRetryable(status), status, message: error.message };
  }
  return { ok: true, providerId: data?.id ?? null };
}
