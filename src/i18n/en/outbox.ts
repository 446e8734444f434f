import type { Messages } from "../zh-CN/index.ts";

export const outbox: Messages["outbox"] = {
  title: "Outbox",
  devTitle: "Local outbox (development)",
  devHint: "Without RESEND_API_KEY, mail is kept here and not sent.",
  empty: "The outbox is empty.",
  kind: { digest: "Morning plan", weekly: "Weekly summary", signin: "Sign-in link" },
  state: { claimed: "Claimed", sending: "Sending", sent: "Sent", failed: "Failed", local: "Local only" },
  columns: { when: "When", kind: "Kind", to: "To", subject: "Subject", state: "State", attempts: "Attempts", error: "Error" },
  allStates: "All states",
  view: "View",
  text: "Text",
  html: "HTML",
  erased: (when: string) => `The stored content was erased on ${when}: a contact it named was deleted (personal data). Its delivery state, attempts and times are kept.`,
};
