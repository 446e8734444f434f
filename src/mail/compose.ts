// The scheduled mail's content layer (SPEC §6), the contract with the queue consumer: for a job of
// users (up to JOB_SIZE, 100) it hands out set-based selects for ALL of them, which the caller runs in ONE
// db.batch together with its own, then builds each user's message from the results without any
// further database access. The number of round trips per job therefore never grows with users or
// stores. Also used by `npm run digest` (src/cli/digest.ts) to preview a message without sending, and
// (through digestDocs) by the /today page, which shows the same document the mail renders.
import type { BatchItem } from "drizzle-orm/batch";
import type { Db } from "../db/client.ts";
import { lastVariantKey } from "../db/queries/greetings.ts";
import { digestData, digestQueries, type DigestRows } from "../services/digest-data.ts";
import { weekRange, weeklyData, weeklyQueries, type WeeklyRows } from "../services/weekly-data.ts";
import { repDay } from "../domain/rep-day.ts";
import { isValidDate } from "../domain/dates.ts";
import { digestDoc, digestGreetings, digestMentions } from "./digest.ts";
import { render, type MailDoc } from "./html.ts";
import { composeWeekly, weeklyMentions } from "./weekly.ts";

/** A rendered message and the contacts it names (digestMentions, weeklyMentions), for the outbox. */
export type Composed = { subject: string; html: string; text: string; mentions: number[] };
export type ComposeKind = "digest" | "weekly";
export type ComposePlan = {
  /** Set-based selects for ALL users of the job, run by the caller inside ONE db.batch together with its own queries. */
  queries: BatchItem<"sqlite">[];
  /** Builds each user's message from the results of `queries` (same order). A failure for one user is an Error in the map, not a throw. */
  compose(results: unknown[]): Map<number /* userId */, Composed | Error>;
};

/**
 * For "digest", `period` is the local date (YYYY-MM-DD) the digest is for; for "weekly", the ISO
 * week (YYYY-Www) of the day it is sent: the previous week Mon–Sun is summarised and compared with
 * the week before it. Users with nothing to receive get no entry: inactive users, and for "weekly"
 * anyone but a manager (admins get no summary; a manager without a team gets a short note).
 * `opts.now` is part of the consumer's contract; the content depends on `period` only, so a retry
 * or a preview renders the same message.
 */
export function planCompose(db: Db, kind: ComposeKind, userIds: number[], period: string, opts: { origin: string; now: number }): ComposePlan {
  const ids = [...new Set(userIds.filter((id) => Number.isSafeInteger(id) && id > 0))];
  if (kind === "digest") {
    if (!isValidDate(period)) return failing(ids, `invalid digest period ${period}`);
    const queries = digestQueries(db, ids, period);
    return {
      queries: [...queries],
      compose: (results) => guarded(ids, queries.length, results, () => composeDigests(results as unknown as DigestRows, ids, period, opts.origin)),
    };
  }
  const week = weekRange(period);
  if (!week) return failing(ids, `invalid weekly period ${period}`);
  const queries = weeklyQueries(db, ids, week);
  return {
    queries: [...queries],
    compose: (results) =>
      guarded(ids, queries.length, results, () => {
        const { managers } = weeklyData(results as unknown as WeeklyRows, week);
        const out = new Map<number, Composed | Error>();
        for (const id of ids) {
          const m = managers.get(id);
          if (!m) continue;
          out.set(
            id,
            attempt(() => ({
              ...composeWeekly({ locale: (m.kind === "team" ? m.team.manager : m.manager).locale, origin: opts.origin, week: m }),
              mentions: weeklyMentions(m),
            })),
          );
        }
        return out;
      }),
  };
}

/** One user's digest as a document: what the mail says and what /today shows (SPEC §5, §6). */
export type DigestDoc = {
  subject: string;
  doc: MailDoc;
  /** The user has live stores of their own; /today points a manager or admin without any to /team. */
  hasStores: boolean;
  /** The contacts the document may name (digestMentions). */
  mentions: number[];
};

/**
 * The one place that decides what a digest says, for the mail (composeDigests) and the /today page
 * alike: each user's document from the rows of `digestQueries(db, ids, today)`, without further
 * database access. Links are joined to `origin` ("" gives relative links, as the page wants).
 * Inactive users get no entry; a user the rows do not know, or a failure, is an Error for that user.
 */
export function digestDocs(rows: DigestRows, ids: number[], today: string, origin: string): Map<number, DigestDoc | Error> {
  const data = digestData(rows, ids, today);
  const out = new Map<number, DigestDoc | Error>();
  for (const id of ids) {
    const user = data.users.get(id);
    if (!user) {
      out.set(id, new Error(`user ${id} not found`));
      continue;
    }
    if (!user.active) continue;
    const month = data.months.get(id)!;
    out.set(
      id,
      attempt(() => {
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
        });
        const { subject, doc } = digestDoc({ locale: user.locale, origin, repName: user.name, day, stores: month.stores, contacts: month.contacts, greetings });
        return { subject, doc, hasStores: month.stores.length > 0, mentions: digestMentions(day) };
      }),
    );
  }
  return out;
}

function composeDigests(rows: DigestRows, ids: number[], today: string, origin: string): Map<number, Composed | Error> {
  const out = new Map<number, Composed | Error>();
  for (const [id, d] of digestDocs(rows, ids, today, origin)) out.set(id, d instanceof Error ? d : attempt(() => ({ ...render(d.subject, d.doc), mentions: d.mentions })));
  return out;
}

function attempt<T>(build: () => T): T | Error {
  try {
    return build();
  } catch (err) {
    return err instanceof Error ? err : new Error(String(err));
  }
}

/** A whole-job failure (results of the wrong shape, rows that break the shaping) becomes an Error per user. */
function guarded(ids: number[], expected: number, results: unknown[], build: () => Map<number, Composed | Error>): Map<number, Composed | Error> {
  if (!Array.isArray(results) || results.length !== expected) {
    return new Map(ids.map((id) => [id, new Error(`compose: expected ${expected} results, got ${Array.isArray(results) ? results.length : typeof results}`)]));
  }
  try {
    return build();
  } catch (err) {
    const e = err instanceof Error ? err : new Error(String(err));
    return new Map(ids.map((id) => [id, e]));
  }
}

function failing(ids: number[], message: string): ComposePlan {
  return { queries: [], compose: () => new Map(ids.map((id) => [id, new Error(message)])) };
}
