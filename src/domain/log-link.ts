// The quick-log form prefilled (SPEC §3 "one tap from e-mail to a logged contact"): the one place
// that spells the parameters /log reads. Links open a form; a GET never writes.
import type { Channel, Occasion } from "./types.ts";

export type LogParams = {
  storeId: number;
  channel?: Channel;
  contactId?: number | null;
  occasion?: Occasion;
  festivalKey?: string | null;
  lifeEventId?: number | null;
  greetingTemplateId?: number | null;
};

/** `origin` "" gives a relative link (pages); the e-mail and the calendar feed pass the app's origin. */
export function logUrl(origin: string, p: LogParams): string {
  const q = new URLSearchParams({ storeId: String(p.storeId) });
  if (p.channel) q.set("channel", p.channel);
  if (p.contactId != null) q.set("contactId", String(p.contactId));
  if (p.occasion) q.set("occasion", p.occasion);
  if (p.festivalKey) q.set("festivalKey", p.festivalKey);
  if (p.lifeEventId != null) q.set("lifeEventId", String(p.lifeEventId));
  if (p.greetingTemplateId != null) q.set("greetingTemplateId", String(p.greetingTemplateId));
  return `${origin.replace(/\/+$/, "")}/log?${q.toString()}`;
}
