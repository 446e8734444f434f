// Sign-in links by e-mail: the link and the message in the user's language (services/signin-mail.ts
// records and sends it).
import { messages } from "../i18n/index.ts";
import type { Locale } from "../domain/types.ts";
import type { OutgoingMail } from "./transport.ts";

export function signinLink(appOrigin: string, token: string): string {
  return `${appOrigin.replace(/\/$/, "")}/signin/verify?token=${encodeURIComponent(token)}`;
}

export function signinMail(user: { email: string; name: string; locale: Locale }, link: string): OutgoingMail {
  const t = messages(user.locale).auth;
  return { to: user.email, subject: t.mailSubject, text: t.mailBody(user.name, link) };
}
