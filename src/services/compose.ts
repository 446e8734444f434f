// The scheduled mail's content (SPEC §6), the contract with the queue consumer: for a job of users
// (up to JOB_SIZE, 100) a plan of set-based selects for ALL of them, which the caller joins with its
// own reads in ONE db.batch (src/db/batch.ts), and whose value composes each user's message from the
// rows without any further database access. The number of round trips per job therefore never grows
// with users or stores. Also used by `npm run digest` (src/cli/digest.ts) to preview a message
// without sending, and (through digestDocs) by the /today page, which shows the same document the
// mail renders.
//
// A service: it joins the reads (db/queries through services/digest.ts and weekly.ts), the rules
// (domain: the digest's data, the team's week, the rep's day) and the rendering (mail), which takes
// plain data and knows neither the database nor this orchestration.
import type { Db } from "../db/client.ts";
import { constantPlan, mapPlan, runPlan, type BatchPlan } from "../db/batch.ts";
import { digestRowsPlan } from "./digest.ts";
import { teamWeekRowsPlan } from "./weekly.ts";
import { dayPartOf, isValidDate } from "../domain/dates.ts";
import { digestData, type DigestData, type DigestRows, type DigestUser } from "../domain/digest-data.ts";
import { digestGreetings } from "../domain/digest-greetings.ts";
import { lastVariantKey } from "../domain/greetings.ts";
import { digestFestivalDrafts } from "../domain/festival-board.ts";
import { repDay, type RepDay } from "../domain/rep-day.ts";
import type { RepList } from "../domain/rep-lists.ts";
import { teamWeeks, type ManagerWeek } from "../domain/team-week.ts";
import { missingNextYear } from "../domain/working-days.ts";
import { weekRange } from "../domain/week-range.ts";
import type { LocalDate } from "../domain/types.ts";
import { digestDoc, digestList, digestMentions, type DigestInput } from "../mail/digest.ts";
import { render, type MailDoc, type MailSection } from "../mail/html.ts";
import { composeWeekly, weeklyMentions } from "../mail/weekly.ts";

/** A rendered message and the contacts it names (digestMentions, weeklyMentions), for the outbox. */
export type Composed = { subject: string; html: string; text: string; mentions: number[] };
export type ComposeKind = "digest" | "weekly";
/** Builds each user's message from the plan's rows; a failure for one user is an Error in the map, not a throw. */
export type Composer = () => Map<number /* userId */, Composed | Error>;

/**
 * For "digest", `period` is the local date (YYYY-MM-DD) the digest is for; for "weekly", the ISO
 * week (YYYY-Www) of the day it is sent: the previous week Mon–Sun is summarised and compared with
 * the week before it. Users with nothing to receive get no entry: inactive users, and for "weekly"
 * anyone but a manager (admins get no summary; a manager without a team gets a short note).
 * `opts.now` is part of the consumer's contract; the content depends on `period` only, so a retry
 * or a preview renders the same message. The composer is a function so that a job whose messages
 * were all stored already (a retry) reads nothing into mail.
 */
export function planCompose(db: Db, kind: ComposeKind, userIds: number[], period: string, opts: { origin: string; now: number }): BatchPlan<Composer> {
  const ids = [...new Set(userIds.filter((id) => Number.isSafeInteger(id) && id > 0))];
  if (kind === "digest") {
    if (!isValidDate(period)) return failing(ids, `invalid digest period ${period}`);
    return mapPlan(digestRowsPlan(db, ids, period), (rows) => () => guarded(ids, () => composeDigests(rows, ids, period, opts.origin)));
  }
  const week = weekRange(period);
  if (!week) return failing(ids, `invalid weekly period ${period}`);
  return mapPlan(teamWeekRowsPlan(db, ids, week), (rows) => () =>
    // The week's send date (Monday of the period) decides whether to ask for next year's calendar.
    guarded(ids, () => composeWeeklies(teamWeeks(rows, week), ids, opts.origin, missingNextYear(rows.context.policy.calendar, week.sendDate))),
  );
}

/** One user's digest as a document: what the mail says and what /today shows (SPEC §5, §6). */
export type DigestDoc = {
  subject: string;
  doc: MailDoc;
  /** The user has live stores of their own; /today points a manager or admin without any to /team. */
  hasStores: boolean;
  /** The contacts the document may name (digestMentions). */
  mentions: number[];
  /** An admin's, from 1 November: next year when its working calendar is missing (the document says so too). */
  calendarMissing: number | null;
};

/**
 * The one place that decides what a digest says, for the mail (composeDigests) and the /today page
 * alike: each user's document from the rows of digestRowsPlan(db, ids, today), without further
 * database access. Links are joined to `origin` ("" gives relative links, as the page wants).
 * Inactive users get no entry; a user the rows do not know, or a failure, is an Error for that user.
 */
export function digestDocs(rows: DigestRows, ids: number[], today: LocalDate, origin: string, openedAt?: string): Map<number, DigestDoc | Error> {
  const data = digestData(rows, ids, today);
  const out = new Map<number, DigestDoc | Error>();
  for (const id of ids) {
    const user = data.users.get(id);
    if (!user) {
      out.set(id, new Error(`user ${id} not found`));
      continue;
    }
    if (!user.active) continue;
    out.set(
      id,
      attempt(() => {
        const { input, day, hasStores } = digestInputOf(data, user, today, origin, openedAt);
        const { subject, doc } = digestDoc(input);
        return { subject, doc, hasStores, mentions: digestMentions(day, input.festivalDrafts), calendarMissing: input.calendarMissing ?? null };
      }),
    );
  }
  return out;
}

/** What one active user's digest is built from: their day, the greetings drafted, the festival drafts. */
function digestInputOf(data: DigestData, user: DigestUser, today: LocalDate, origin: string, openedAt?: string): { input: DigestInput; day: RepDay; hasStores: boolean } {
  const id = user.id;
  const month = data.months.get(id)!;
  const day = repDay(month);
  const greetings = digestGreetings({
    day,
    stores: month.stores,
    contacts: month.contacts,
    facts: data.facts,
    templates: data.templates,
    lastVariant: (contactId, occasion) => data.lastVariants.get(lastVariantKey(contactId, occasion)) ?? null,
    locale: user.locale,
    repName: user.name,
    concerns: data.concerns,
    mourningDays: data.context.policy.mourningDays,
  });
  // R4, R5: a greeting drafted for each contact of the stores still owing the festival a message or a call.
  const festivalDrafts = digestFestivalDrafts({
    festivals: day.festivals,
    stores: month.stores,
    contacts: data.festivalContacts.get(id) ?? [],
    today,
    templates: data.templates,
    lastVariant: (contactId, occasion) => data.lastVariants.get(lastVariantKey(contactId, occasion)) ?? null,
    locale: user.locale,
    repName: user.name,
    mourningDays: data.context.policy.mourningDays,
  });
  // Admins keep the working calendar: from 1 November their digest asks for next year's when it is missing.
  const calendarMissing = user.role === "admin" ? missingNextYear(data.context.policy.calendar, today) : null;
  const input: DigestInput = {
    locale: user.locale,
    origin,
    repName: user.name,
    dayPart: dayPartOf(openedAt ?? user.digestTime),
    day,
    stores: month.stores,
    contacts: month.contacts,
    greetings,
    festivalDrafts,
    calendarMissing,
  };
  return { input, day, hasStores: month.stores.length > 0 };
}

/** A page of one of the rep's lists the digest caps (rep-lists.ts): its section and how many there are in all. */
export type DigestListPage = { section: MailSection; total: number };

/**
 * One page of a list the digest shows the first MAIL_LIST_LIMIT of ("N more"), in full: read by the
 * digest's own plan for the one user (every open slow mover, not the digest's first few), in one round
 * trip, so the page lists exactly what the digest counts. Null for a user with no digest (inactive).
 */
export async function loadDigestList(db: Db, userId: number, today: LocalDate, list: RepList, page: { offset: number; limit: number }): Promise<DigestListPage | null> {
  const plan = mapPlan(digestRowsPlan(db, [userId], today, { allSlowMovers: true }), (rows) => {
    const data = digestData(rows, [userId], today);
    const user = data.users.get(userId);
    if (!user?.active) return null;
    return digestList(digestInputOf(data, user, today, "").input, list, page.offset, page.limit);
  });
  return runPlan(db, plan);
}

/** The digest documents of `ids` for `today` as a plan (the /today page: one user, relative links). */
export function digestDocsPlan(db: Db, ids: number[], today: LocalDate, origin: string, openedAt?: string): BatchPlan<Map<number, DigestDoc | Error>> {
  return mapPlan(digestRowsPlan(db, ids, today), (rows) => digestDocs(rows, ids, today, origin, openedAt));
}

/** The digest documents of `ids` for `today` in one round trip. */
export function loadDigestDocs(db: Db, ids: number[], today: LocalDate, origin: string, openedAt?: string): Promise<Map<number, DigestDoc | Error>> {
  return runPlan(db, digestDocsPlan(db, ids, today, origin, openedAt));
}

function composeDigests(rows: DigestRows, ids: number[], today: LocalDate, origin: string): Map<number, Composed | Error> {
  const out = new Map<number, Composed | Error>();
  for (const [id, d] of digestDocs(rows, ids, today, origin)) out.set(id, d instanceof Error ? d : attempt(() => ({ ...render(d.subject, d.doc), mentions: d.mentions })));
  return out;
}

function composeWeeklies(managers: Map<number, ManagerWeek>, ids: number[], origin: string, calendarMissing: number | null): Map<number, Composed | Error> {
  const out = new Map<number, Composed | Error>();
  for (const id of ids) {
    const m = managers.get(id);
    if (!m) continue;
    out.set(
      id,
      attempt(() => ({
        ...composeWeekly({ locale: (m.kind === "team" ? m.team.manager : m.manager).locale, origin, week: m, calendarMissing }),
        mentions: weeklyMentions(m),
      })),
    );
  }
  return out;
}

function attempt<T>(build: () => T): T | Error {
  try {
    return build();
  } catch (err) {
    return err instanceof Error ? err : new Error(String(err));
  }
}

/** A whole-job failure (rows that break the shaping) becomes an Error per user. */
function guarded(ids: number[], build: () => Map<number, Composed | Error>): Map<number, Composed | Error> {
  const all = attempt(build);
  return all instanceof Error ? new Map(ids.map((id) => [id, all])) : all;
}

function failing(ids: number[], message: string): BatchPlan<Composer> {
  return constantPlan(() => new Map(ids.map((id) => [id, new Error(message)])));
}
