import type { Messages } from "../zh-CN/index.ts";

export const festivals: Messages["festivals"] = {
  title: (name: string) => `${name} · festival greetings`,
  when: (date: string, days: number) => (days > 0 ? `${date}, in ${days} day(s)` : days === 0 ? `${date}, today` : `${date}, ${-days} day(s) ago`),
  windowClosed: (date: string) => `Greetings count for the festival from ${date}. The drafts are ready to read.`,
  intro: (pending: number) =>
    pending > 0 ? `Greetings are drafted for ${pending} contact(s). Send them, tick them, then press "Mark as sent".` : "Every contact's greeting is recorded as sent.",
  coverage: (covered: number, total: number) => `${covered} of ${total} stores done`,
  state: { done: "Done", due: "To do", overdue: "Festival passed: catch up soon" },
  missing: (actions: string) => `Still to do: ${actions}`,
  noContacts: "No contact to greet (or all are marked do-not-contact).",
  noDraft: "No template fits: write a line of your own.",
  sent: "Sent",
  tick: (who: string) => `I sent the greeting to ${who}`,
  sms: "Text",
  call: "Call",
  save: "Mark as sent",
  saved: (n: number, again: number) => (again > 0 ? `${n} festival message(s) recorded (${again} were already).` : `${n} festival message(s) recorded.`),
  nothingTicked: "Tick at least one contact.",
  refused: (what: string) => `One was not saved: ${what}`,
  noStores: "No stores are assigned to you.",
  draftsTitle: (n: number) => `Drafted greetings · ${n} contact(s)`,
  moreDrafts: (n: number) => `${n} more drafted greeting(s) on the festival page`,
  allDrafts: "More contacts' drafted greetings are on the festival page",
  copy: "Copy (for WeChat)",
  copied: "Copied",
  openBoard: "A greeting is drafted for each contact: open the festival page",
};
