// The e-mail adapter: Resend when RESEND_API_KEY is set, otherwise the local outbox only
// (readable at /dev/outbox in development). Resend's SDK is the only code that talks to the network.
import { gunzipSync, gzipSync } from "node:zlib";
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

/**
 * Rate limits, server errors and network failures are worth another try; a rejected message is not.
 * Nor is a 409, except Resend's "same key still in flight": the other copy of the job may yet fail.
 */
export function isRetryable(status: number | null, name?: string): boolean {
  return status === null || status === 429 || status >= 500 || name === "concurrent_idempotent_requests";
}

/**
 * A message as the outbox keeps it once it is being sent: exactly what goes to Resend, so a retry
 * under the same idempotency key sends the same bytes (Resend rejects the key with another payload).
 */
export type StoredMail = { subject: string; html: string | null; text: string };

/**
 * Gzipped JSON, about a seventh of the HTML and text a job would otherwise write. Level 1: measured
 * in workerd on 50 digests (2.5 MB), 17 ms and 365 KB, where CompressionStream (level 6, not
 * adjustable) took 42 ms for 300 KB, more Worker time than the plain write it replaces.
 * gzip's checksum also means a damaged copy fails to read instead of resending something else.
 */
export function packMail(mail: StoredMail): Uint8Array {
  return gzipSync(JSON.stringify({ subject: mail.subject, html: mail.html, text: mail.text }), { level: 1 });
}

function unpackMail(content: Uint8Array): StoredMail {
  const m = JSON.parse(new TextDecoder().decode(gunzipSync(content))) as StoredMail;
  return { subject: m.subject, html: m.html ?? null, text: m.text };
}

/**
 * The one way to read a stored message: its packed content, or else the plain columns (sign-in
 * mail, and digests stored before the content column). Null when nothing was stored.
 */
export function storedMail(row: { subject: string | null; html: string | null; text: string | null; content: Uint8Array | null }): StoredMail | null {
  if (row.content) return unpackMail(row.content);
  if (row.html === null && row.text === null) return null;
  return { subject: row.subject ?? "", html: row.html, text: row.text ?? "" };
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
