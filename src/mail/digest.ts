// The rep's morning digest (SPEC §6): a RepDay (domain/rep-day.ts) with the names, phones and
// chosen greetings (domain/digest-greetings.ts) it needs → subject, HTML and plain text in the rep's
// language: the subject and the intro here, the sections in digest-sections.ts. Pure: no I/O.
import type { RepContact, RepDay, RepStore } from "../domain/rep-day.ts";
import { QUOTA_CHANNELS, type Locale, type LocalDate } from "../domain/types.ts";
import { parts, type DayPart } from "../domain/dates.ts";
import type { GreetingChoice } from "../domain/greetings.ts";
import type { FestivalDrafts } from "../domain/festival-board.ts";
import { messages } from "../i18n/index.ts";
import { digestSections, listSection, type Ctx } from "./digest-sections.ts";
import { joinUrl, render, type Composed, type MailDoc, type MailSection } from "./html.ts";
import type { RepList } from "../domain/rep-lists.ts";

export { logUrl } from "../domain/log-link.ts";

// ---- whom a digest names -------------------------------------------------------------------------

/**
 * The contacts a rep's digest may name or quote: every open follow-up's contact (name, phone, the
 * greeting drawn from their notes), every planned task's contact, and the contact each listed slow
 * mover is about, and every contact a festival greeting is drafted for. A superset of what the rendered mail shows (lists are capped), which is the safe
 * side: the outbox records these so that erasing a contact finds the stored mail to redact.
 */
export function digestMentions(day: Pick<RepDay, "followUps" | "plan" | "slowMovers">, festivalDrafts?: FestivalDrafts): number[] {
  const ids = new Set<number>();
  for (const list of festivalDrafts?.byFestival.values() ?? []) for (const d of list) ids.add(d.contactId);
  for (const f of day.followUps) ids.add(f.contactId);
  for (const task of day.plan.tasks) if (task.contactId !== undefined) ids.add(task.contactId);
  for (const m of day.slowMovers) if (m.contactId != null) ids.add(m.contactId);
  return [...ids].sort((a, b) => a - b);
}

// ---- the digest ---------------------------------------------------------------------------------

export type DigestInput = {
  locale: Locale;
  /** The app's origin, e.g. https://keqing.example.com: every link is absolute. */
  origin: string;
  repName: string;
  /** Which greeting heads the document: the mail uses the rep's digest time, /today the hour it is opened. */
  dayPart: DayPart;
  day: RepDay;
  stores: readonly RepStore[];
  contacts: readonly RepContact[];
  /** From digestGreetings. */
  greetings: ReadonlyMap<string, GreetingChoice>;
  /** From digestFestivalDrafts (festival-board.ts): a greeting per contact of the stores still owing one. */
  festivalDrafts?: FestivalDrafts;
  /** An admin's digest from 1 November: next year, when its working calendar is missing. */
  calendarMissing?: number | null;
};

export function composeDigest(input: DigestInput): Composed {
  const { subject, doc } = digestDoc(input);
  return render(subject, doc);
}

/** What every section reads. */
function ctxOf(input: DigestInput): Ctx {
  const t = messages(input.locale);
  const date = (d: LocalDate) => {
    const p = parts(d);
    return t.mail.date(p.month, p.day);
  };
  return {
    t,
    locale: input.locale,
    origin: input.origin,
    day: input.day,
    store: new Map(input.stores.map((s) => [s.id, s])),
    contact: new Map(input.contacts.map((c) => [c.id, c])),
    greetings: input.greetings,
    festivalDrafts: input.festivalDrafts ?? { byFestival: new Map(), capped: false },
    date,
  };
}

/** One page of a list the digest caps (its "N more"), in full: the digest's own items, and how many there are. */
export function digestList(input: DigestInput, list: RepList, offset: number, limit: number): { section: MailSection; total: number } {
  return listSection(ctxOf(input), list, offset, limit);
}

export function digestDoc(input: DigestInput): { subject: string; doc: MailDoc } {
  const ctx = ctxOf(input);
  const { t } = ctx;
  const date = ctx.date;
  const d = t.mail.digest;
  const { day } = input;
  const footer = {
    text: d.footer,
    links: [
      { label: d.todayPage, href: joinUrl(input.origin, "/today") },
      { label: d.settings, href: joinUrl(input.origin, "/settings") },
    ],
  };
  const base = { lang: input.locale, title: d.title, heading: d.heading(input.repName, input.dayPart), footer };
  const calendarLine: MailDoc["intro"] = input.calendarMissing ? [{ text: d.calendarMissing(input.calendarMissing), tone: "bad" }] : [];

  if (input.stores.length === 0 && day.pace.storesTotal === 0) {
    return {
      subject: d.subject(date(day.today), [d.subjectNothing]),
      doc: { ...base, preheader: d.noStores, intro: [{ text: d.noStores }, ...calendarLine], sections: [] },
    };
  }

  const sections = digestSections(ctx);

  const paceSummary = QUOTA_CHANNELS.map((ch) => d.paceLine(t.common.channel[ch], day.pace.headline[ch].credited, day.pace.headline[ch].required)).join(
    t.mail.listJoin,
  );
  const intro: MailDoc["intro"] = [{ text: d.intro(date(day.today), day.pace.clock.remainingWorkingDays) }];
  if (!day.workingDay) intro.push({ text: t.progress.planRestDay, tone: "muted" });
  intro.push(...calendarLine);
  return {
    subject: d.subject(date(day.today), subjectParts(ctx)),
    doc: { ...base, preheader: d.preheader(paceSummary, t.progress.storesBehind(day.pace.storesBehind, day.pace.storesTotal)), intro, sections },
  };
}

/** 拜访 4 家，电话 3 个，短信 1 条，祝福 2 条: today's plan by what the rep does; zeros left out. */
function subjectParts(ctx: Ctx): string[] {
  const d = ctx.t.mail.digest;
  const { groups } = ctx.day.plan;
  const greetings = groups.message.filter((task) => task.reasons.some((r) => r.kind === "follow_up")).length;
  const counts = [
    groups.visit.length > 0 ? d.subjectVisits(groups.visit.length) : null,
    groups.phone.length > 0 ? d.subjectCalls(groups.phone.length) : null,
    groups.message.length - greetings > 0 ? d.subjectMessages(groups.message.length - greetings) : null,
    greetings > 0 ? d.subjectGreetings(greetings) : null,
  ].filter((p): p is string => p !== null);
  return counts.length > 0 ? counts : [d.subjectNothing];
}
