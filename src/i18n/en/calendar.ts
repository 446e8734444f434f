import type { Messages } from "../zh-CN/index.ts";
import { lunarDateZh } from "../zh-CN/stores.ts";

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const md = (iso: string) => `${MONTHS[Number(iso.slice(5, 7)) - 1] ?? ""} ${Number(iso.slice(8, 10))}`;

export const calendar: Messages["calendar"] = {
  title: "Calendar feed",
  hint: "Subscribe to festivals, client birthdays and follow-up deadlines in your phone's calendar (iPhone, Android, Outlook, Google Calendar); it updates by itself.",
  privacy:
    "The link is private: anyone who has it can see these entries (forms of address, store names and dates only, never preferences or family notes). Do not forward it; if it may have leaked, replace it.",
  active: "Your private feed link is active.",
  inactive: "The calendar feed is off.",
  create: "Create a feed link",
  rotate: "Replace the link",
  rotateHint: "The old link stops working at once; subscribe again with the new one.",
  revoke: "Turn the feed off",
  newTitle: "Your calendar feed link",
  newHint: "Copy it or subscribe now: for your security it is shown only this once.",
  subscribe: "Subscribe on this device",
  webcalLabel: "Phone calendar (webcal link)",
  httpsLabel: "Other calendar apps (e.g. Google Calendar \"From URL\")",
  backToSettings: "Back to settings",
  calName: (name: string) => `Keqing · ${name}`,
  calDesc: "Festivals, client birthdays and follow-up deadlines",
  category: { festival: "Festival", birthday: "Birthday", followUp: "Follow-up" },
  action: { visit_with_gift: "visit with a gift", visit: "visit", phone: "phone call", message: "greeting message" },
  classActions: (cls: string, stores: number | null, actions: string[]) =>
    `Class ${cls} stores${stores === null ? "" : ` (${stores})`}: ${actions.join(", ")}`,
  windowOpens: (festival: string) => `${festival} window opens`,
  classHeadline: (cls: string, actions: string[]) => `${actions.join(", ")} at class ${cls} stores`,
  windowSummary: (festival: string, headline: string) => `${festival} window opens: ${headline}`,
  festivalOn: (festival: string, date: string) => `${festival}: ${md(date)}`,
  window: (from: string, to: string) => `Counts from ${md(from)} to ${md(to)}`,
  lunarDate: (month: number, day: number, leap: boolean) => `Lunar ${leap ? "leap " : ""}${month}/${day} (农历${lunarDateZh(month, day, leap)})`,
  birthdaySummary: (who: string, store: string) => `${who}'s birthday (${store})`,
  birthdayNote: (channel: string) => `Send a greeting written for them (${channel}, R6)`,
  congratulateSummary: (channel: string, who: string, store: string) => `Congratulate ${who} (${store}): ${channel.toLowerCase()} due`,
  condoleSummary: (channel: string, who: string, store: string) => `Condolences to ${who} (${store}): ${channel.toLowerCase()} due`,
  followUpNote: (what: string | null, eventDate: string, dueDate: string, rule: string) =>
    `${what ? `${what} · ` : ""}happened on ${md(eventDate)}; due by ${md(dueDate)} (${rule})`,
};
