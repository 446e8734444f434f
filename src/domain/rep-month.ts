// The months of many reps at once, from the rows of one set-based read (db/queries/rep-month.ts):
// how far back each kind of row is read, what the rows look like, and how they are grouped into each
// rep's RepMonthData (rep-day.ts) for the day's rules. Pure, no I/O.
import { birthdayOf, type BirthdayFields } from "./calendar/birthdays.ts";
import type { FestivalInteraction } from "./coverage.ts";
import type { FollowUpInteraction, LifeEventInput } from "./follow-ups.ts";
import { emptyRepMonth, type MonthContext, type PlanSkipRow, type RepContact, type RepMonthData, type SlowMover } from "./rep-day.ts";
import { monthOf } from "./dates.ts";
import type { LocalDate, StoreClass } from "./types.ts";

/** "Days since last contact" looks this far back; older contacts read as "none lately". */
export const LAST_CONTACT_LOOKBACK_DAYS = 120;
/** Open life events older than this are stale for the plan (R7, R8 are due within days). */
export const LIFE_EVENT_LOOKBACK_DAYS = 120;
/** Life events recorded ahead of their day are listed this far ahead. */
export const LIFE_EVENT_LOOKAHEAD_DAYS = 60;
/** R17: open slow movers reported within this look-back, at most this many per rep (newest first). */
export const SLOW_MOVER_LOOKBACK_DAYS = 120;
export const SLOW_MOVERS_PER_REP = 20;
/** "Visits last week missing intel": the 7 days before today. */
export const RECENT_VISIT_DAYS = 7;

type RepKeyed = { repId: number | null };

/** A contact as the day's rules read it (R6), with the stored birthday's columns. */
export type ContactRow = BirthdayFields & { id: number; storeId: number; name: string; formOfAddress: string | null; phone: string | null };

/** The rows of the reps' months, by what they hold (sums may be null where nothing was summed). */
export type RepMonthRows = {
  /** The stretches each rep held each store this month (one row per assignment), in store order. */
  stores: (RepKeyed & { id: number; name: string; class: StoreClass; city: string | null; address: string | null; phone: string | null; from: LocalDate; to: LocalDate | null; since: LocalDate })[];
  /** Per store: R1–R3 contacts this month per channel, and the last contact within the look-back. */
  storeContacts: (RepKeyed & { storeId: number; message: number | null; phone: number | null; visit: number | null; lastDate: LocalDate })[];
  /** Per store, what the rep did this month (R9–R11) and their quota contacts before today. */
  activity: {
    repId: number;
    storeId: number;
    helpAsked: number | null;
    problemsSolved: number | null;
    trainings: number | null;
    contactsBeforeToday: number | null;
  }[];
  festivalInteractions: (RepKeyed & FestivalInteraction)[];
  birthdayContacts: (RepKeyed & ContactRow)[];
  /** Open life events with their contact (R7, R8). */
  lifeEvents: (RepKeyed & LifeEventInput & Omit<ContactRow, "id">)[];
  birthdayGreetings: (RepKeyed & FollowUpInteraction)[];
  /** Contacts linked to the open life events: their rep is the event's. */
  linkedContacts: FollowUpInteraction[];
  /** R17, with the contact the note is about (its own link, else its visit's). */
  slowMovers: (RepKeyed & Omit<SlowMover, "contactId"> & { aboutContact: number | null; total?: number })[];
  recentVisits: { repId: number; interactionId: number; storeId: number; localDate: LocalDate; intelKinds: number }[];
  /** The month's visits by number of intel kinds recorded. */
  monthIntel: { repId: number; kinds: number; visits: number }[];
  /** The rep's plan skips of the month and of the closed-store look-back (plan.ts). */
  skips: (PlanSkipRow & { repId: number })[];
};

/** A contact row as the day's rules take it. */
export function repContactOf(r: ContactRow): RepContact {
  return { id: r.id, storeId: r.storeId, name: r.name, formOfAddress: r.formOfAddress, phone: r.phone, birthday: birthdayOf(r) };
}

/** Every rep of `repIds` with their month through `today`: an empty month when the rows hold nothing of theirs. */
export function repMonthsOf(context: MonthContext, repIds: Iterable<number>, today: LocalDate, rows: RepMonthRows): Map<number, RepMonthData> {
  const month = monthOf(today);
  const out = new Map<number, RepMonthData>();
  for (const id of repIds) out.set(id, emptyRepMonth(context, id, today, month));
  fillRepMonths(out, rows);
  return out;
}

/** Adds the rows to the months in `out` (prepared with emptyRepMonth), by rep; rows of other reps are left out. */
export function fillRepMonths(out: Map<number, RepMonthData>, rows: RepMonthRows): void {
  const of = (repId: number | null) => (repId === null ? undefined : out.get(repId));
  // One store per rep with its stretches in date order; its class is the last stretch's.
  for (const s of rows.stores) {
    const m = of(s.repId);
    if (!m) continue;
    const holding = { class: s.class, from: s.from, to: s.to };
    const last = m.stores.at(-1);
    if (last?.id === s.id && last.holdings) {
      last.holdings.push(holding);
      last.class = s.class;
    } else m.stores.push({ id: s.id, name: s.name, class: s.class, city: s.city, address: s.address, phone: s.phone, repId: s.repId!, holdings: [holding], since: s.since });
  }
  for (const r of rows.storeContacts) {
    const m = of(r.repId);
    if (!m) continue;
    // A count per channel with contacts, in the order a GROUP BY store, channel gives them.
    for (const channel of ["message", "phone", "visit"] as const) {
      const count = Number(r[channel] ?? 0);
      if (count > 0) m.counts.push({ storeId: r.storeId, channel, count });
    }
    m.lastContact.push({ storeId: r.storeId, localDate: r.lastDate });
  }
  for (const r of rows.activity) {
    of(r.repId)?.activity.push({
      storeId: r.storeId,
      helpAsked: Number(r.helpAsked ?? 0),
      problemsSolved: Number(r.problemsSolved ?? 0),
      trainings: Number(r.trainings ?? 0),
      contactsBeforeToday: Number(r.contactsBeforeToday ?? 0),
    });
  }
  for (const { repId, ...row } of rows.festivalInteractions) of(repId)?.festivalInteractions.push(row);
  fillFollowUps(of, rows);
  for (const r of rows.slowMovers) {
    const m = of(r.repId);
    if (!m) continue;
    m.slowMoversTotal = Math.max(m.slowMoversTotal ?? 0, Number(r.total ?? 0));
    m.slowMovers.push({
      id: r.id,
      storeId: r.storeId,
      interactionId: r.interactionId,
      localDate: r.localDate,
      subject: r.subject,
      detail: r.detail,
      reason: r.reason,
      action: r.action,
      contactId: r.aboutContact,
    });
  }
  for (const r of rows.recentVisits) {
    of(r.repId)?.recentVisits.push({ interactionId: r.interactionId, storeId: r.storeId, localDate: r.localDate, intelKinds: Number(r.intelKinds) });
  }
  for (const r of rows.monthIntel) of(r.repId)?.monthIntel.push({ kinds: Number(r.kinds), visits: Number(r.visits) });
  for (const { repId, ...r } of rows.skips ?? []) of(repId)?.skips.push(r);
}

/** R6–R8: the contacts (each once), their open life events, and what may close them. */
function fillFollowUps(of: (repId: number | null) => RepMonthData | undefined, rows: RepMonthRows): void {
  const seenContacts = new Set<number>();
  for (const r of [...rows.birthdayContacts, ...rows.lifeEvents.map((e) => ({ ...e, id: e.contactId }))]) {
    if (seenContacts.has(r.id)) continue;
    seenContacts.add(r.id);
    of(r.repId)?.contacts.push(repContactOf(r));
  }
  for (const r of rows.lifeEvents) of(r.repId)?.lifeEvents.push({ id: r.id, contactId: r.contactId, kind: r.kind, date: r.date, state: r.state });
  const repOfEvent = new Map(rows.lifeEvents.map((e) => [e.id, e.repId]));
  const linked = rows.linkedContacts.map((r) => ({ ...r, repId: repOfEvent.get(r.lifeEventId ?? 0) ?? null }));
  for (const r of [...rows.birthdayGreetings, ...linked]) {
    of(r.repId)?.followUpInteractions.push({
      channel: r.channel,
      occasion: r.occasion,
      localDate: r.localDate,
      contactId: r.contactId,
      lifeEventId: r.lifeEventId,
    });
  }
}
