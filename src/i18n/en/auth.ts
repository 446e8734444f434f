import type { Messages } from "../zh-CN/index.ts";

export const auth: Messages["auth"] = {
  signInTitle: "Sign in",
  emailLabel: "Work e-mail",
  sendLink: "E-mail me a sign-in link",
  linkSent: "If this address has an account, a sign-in link is on its way. It works for 15 minutes; any sign-in link you received in the last 15 minutes works too.",
  rateLimited: "Too many requests. Please wait a little and try again.",
  invalidEmail: "Enter a valid e-mail address",
  confirmTitle: "Confirm sign-in",
  confirmButton: "Sign in to Keqing",
  confirmHint: "Press the button to finish signing in. The link works once.",
  linkInvalid: "This sign-in link is invalid or has expired. Ask for a new one.",
  mailSubject: "Your Keqing sign-in link",
  mailBody: (name: string, link: string) =>
    `Hello ${name},\n\nOpen this link to sign in to Keqing (valid for 15 minutes, once):\n${link}\n\nIf you did not ask for it, ignore this e-mail.`,
  signedOut: "You are signed out.",
  signOutEverywhere: "Sign out everywhere",
  signedOutEverywhere: (n: number) => `Signed out of ${n} device(s).`,
  apiTokensRevoked: (n: number) => ` Revoked ${n} API token(s).`,
  apiTokensKept: (n: number) => ` ${n} API token(s) still work; revoke them in Settings after signing in.`,
};
