// Birthday and life-event follow-ups (R6–R8): which are open on a given day, when each is due, and
// whether it is late. Pure: the caller passes `today` (a date in the organisation's time zone).
import { type Birthday, birthdaysBetween, isValidBirthday } from "./calendar/birthdays.ts";
import { addDays, daysBetween } from "./dates.ts";
import type { FollowUpRule, Policy } from "./policy.ts";
import type { Channel, LifeEventKind, LocalDate, Occasion } from "./types.ts";

export type FollowUpKind = "birthday" | LifeEventKind;

/**
 * - upcoming: the event is still ahead (today < eventDate): a birthday inside its lead window, or a
 *   wedding recorded before the day.
 * - due: today is between the event date and the due date, inclusive: act now. With the default
 *   birthday rule (dueDays 0) that is the birthday itself; a wedding is due for the 7 days after it.
 * - overdue: today > dueDate; `daysOverdue` counts the days since the due date.
 */
export type FollowUpStatus = "upcoming" | "due" | "overdue";

export type LifeEventState = "open" | "done" | "dismissed";

export type LifeEventInput = { id: number; contactId: number; kind: LifeEventKind; date: LocalDate; state: LifeEventState };

export type BirthdayContact = { contactId: number; birthday: Birthday | null };

/** The interactions that may close a follow-up (those of the contacts concerned, or linked to their life events). */
export type FollowUpInteraction = {
  channel: Channel;
  occasion: Occasion;
  localDate: LocalDate;
  contactId?: number | null;
  lifeEventId?: number | null;
};

export type FollowUp = {
  kind: FollowUpKind;
  contactId: number;
  /** Set for life events (R7, R8), absent for birthdays. */
  lifeEventId?: number;
  /** The birthday as celebrated this year, or the life event's date. */
  eventDate: LocalDate;
  dueDate: LocalDate;
  requiredChannel: Channel;
  status: FollowUpStatus;
  /** 0 unless overdue. */
  daysOverdue: number;
};

/**
 * How long a birthday follow-up lives (R6). Birthdays are not owed forever: one is listed from
 * `leadDays` before the birthday until `graceDays` after its due date, then dropped. A greeting
 * logged anywhere in that same period closes it (an early wish the day before counts; a note for
 * last year's birthday does not).
 */
export type BirthdayWindow = { leadDays: number; graceDays: number };
export const DEFAULT_BIRTHDAY_WINDOW: BirthdayWindow = { leadDays: 3, graceDays: 7 };

export function followUpStatus(
  today: LocalDate,
  eventDate: LocalDate,
  dueDate: LocalDate,
): { status: FollowUpStatus; daysOverdue: number } {
  if (today > dueDate) return { status: "overdue", daysOverdue: daysBetween(dueDate, today) };
  if (today < eventDate) return { status: "upcoming", daysOverdue: 0 };
  return { status: "due", daysOverdue: 0 };
}

/** The period in which a birthday follow-up is listed and in which a greeting closes it (inclusive). */
export function birthdayWindow(
  birthday: LocalDate,
  rule: FollowUpRule,
  window: BirthdayWindow = DEFAULT_BIRTHDAY_WINDOW,
): { from: LocalDate; to: LocalDate } {
  return { from: addDays(birthday, -window.leadDays), to: addDays(birthday, rule.dueDays + window.graceDays) };
}

/**
 * Open birthday follow-ups on `today` (R6). Closed by an interaction with occasion "birthday", the
 * same contact and the rule's channel (default: a message), dated inside the birthday's window.
 * Contacts without a birthday, or with a malformed one, have none.
 */
export function birthdayFollowUps(args: {
  today: LocalDate;
  rule: FollowUpRule;
  contacts: readonly BirthdayContact[];
  interactions: readonly FollowUpInteraction[];
  window?: BirthdayWindow;
}): FollowUp[] {
  const { today, rule, window = DEFAULT_BIRTHDAY_WINDOW } = args;
  const greetings = new Map<number, LocalDate[]>();
  for (const i of args.interactions) {
    if (i.occasion !== "birthday" || i.channel !== rule.channel || i.contactId == null) continue;
    const list = greetings.get(i.contactId) ?? [];
    list.push(i.localDate);
    greetings.set(i.contactId, list);
  }
  // A birthday is listed on `today` iff today ∈ [b - leadDays, b + dueDays + graceDays].
  const from = addDays(today, -(rule.dueDays + window.graceDays));
  const to = addDays(today, window.leadDays);
  const out: FollowUp[] = [];
  for (const c of args.contacts) {
    if (!c.birthday || !isValidBirthday(c.birthday)) continue;
    for (const eventDate of birthdaysBetween(c.birthday, from, to)) {
      const w = birthdayWindow(eventDate, rule, window);
      const done = (greetings.get(c.contactId) ?? []).some((d) => w.from <= d && d <= w.to);
      if (done) continue;
      const dueDate = addDays(eventDate, rule.dueDays);
      out.push({ kind: "birthday", contactId: c.contactId, eventDate, dueDate, requiredChannel: rule.channel, ...followUpStatus(today, eventDate, dueDate) });
    }
  }
  return out;
}

/**
 * Open life-event follow-ups on `today` (R7 wedding/new baby: visit; R8 misfortune: condolence visit).
 * A life event stays open until it is marked done or dismissed, or an interaction linked to it
 * (lifeEventId) with the required channel is logged, whenever that was; it stays overdue meanwhile.
 * Events dated in the future are listed as upcoming.
 */
export function lifeEventFollowUps(args: {
  today: LocalDate;
  rules: Policy["followUps"];
  lifeEvents: readonly LifeEventInput[];
  interactions: readonly FollowUpInteraction[];
}): FollowUp[] {
  const { today, rules } = args;
  const linked = new Map<number, Set<Channel>>();
  for (const i of args.interactions) {
    if (i.lifeEventId == null) continue;
    const set = linked.get(i.lifeEventId) ?? new Set<Channel>();
    set.add(i.channel);
    linked.set(i.lifeEventId, set);
  }
  const out: FollowUp[] = [];
  for (const e of args.lifeEvents) {
    if (e.state !== "open") continue;
    const rule = rules[e.kind];
    if (linked.get(e.id)?.has(rule.channel)) continue;
    const dueDate = addDays(e.date, rule.dueDays);
    out.push({
      kind: e.kind,
      contactId: e.contactId,
      lifeEventId: e.id,
      eventDate: e.date,
      dueDate,
      requiredChannel: rule.channel,
      ...followUpStatus(today, e.date, dueDate),
    });
  }
  return out;
}

function compare(a: FollowUp, b: FollowUp): number {
  if (a.dueDate !== b.dueDate) return a.dueDate < b.dueDate ? -1 : 1;
  if (a.eventDate !== b.eventDate) return a.eventDate < b.eventDate ? -1 : 1;
  if (a.kind !== b.kind) return a.kind < b.kind ? -1 : 1;
  if (a.contactId !== b.contactId) return a.contactId - b.contactId;
  return (a.lifeEventId ?? 0) - (b.lifeEventId ?? 0);
}

/** All open follow-ups on `today`, most pressing first (earliest due date; ties by event date, kind, contact, event). */
export function openFollowUps(args: {
  today: LocalDate;
  rules: Policy["followUps"];
  contacts: readonly BirthdayContact[];
  lifeEvents: readonly LifeEventInput[];
  interactions: readonly FollowUpInteraction[];
  birthdayWindow?: BirthdayWindow;
}): FollowUp[] {
  return [
    ...birthdayFollowUps({
      today: args.today,
      rule: args.rules.birthday,
      contacts: args.contacts,
      interactions: args.interactions,
      ...(args.birthdayWindow ? { window: args.birthdayWindow } : {}),
    }),
    ...lifeEventFollowUps(args),
  ].sort(compare);
}
