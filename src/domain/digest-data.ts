// What a job's morning digests are built from, as one value per job (the reads: db/queries/digest.ts
// and rep-month.ts, in one batch): each rep's month (rep-month.ts) with the festival contacts and the
// late birthdays the digest reads on top, the users, the greeting templates, what each greeting may
// say about its contact and the variant sent last time. Pure, no I/O.
import type { Channel, Concerns, Locale, LocalDate, Role } from "./types.ts";
import { lastVariantMap, type GreetingTemplate } from "./greetings.ts";
import type { BoardContact } from "./festival-board.ts";
import type { MonthContext, RepMonthData } from "./rep-day.ts";
import { repContactOf, repMonthsOf, type ContactRow, type RepMonthRows } from "./rep-month.ts";

/** The personal data a greeting may draw on (R13, R15); only the store's rep receives the digest. */
export type ContactFacts = {
  preferences: string | null;
  familyNotes: string | null;
  doNotContact: boolean;
  /** The contact's latest bereavement within the longest mourning a policy may set (greetings.ts inMourning). */
  lastBereavement?: LocalDate | null;
};

export type DigestUser = {
  id: number;
  name: string;
  email: string;
  role: Role;
  teamId: number | null;
  locale: Locale;
  timeZone: string;
  /** Local `HH:MM` of the digest mail. */
  digestTime: string;
  active: boolean;
};

/** The rows of a job's digests, by what they hold. */
export type DigestRows = {
  context: MonthContext;
  users: DigestUser[];
  templates: GreetingTemplate[];
  facts: ({ id: number } & ContactFacts)[];
  /** The newest greeting per contact and template occasion within the previous year's range. */
  lastVariants: { contactId: number | null; occasion: string; templateId: number }[];
  /** Who each open life event of those contacts concerns, where not the contact themself. */
  eventConcerns?: { id: number; concerns: Concerns }[];
  /** R4, R5: festival contacts within the widest window; `gift` is hasGift as SQL says it (1 or 0). */
  festivalInteractions: {
    repId: number | null;
    storeId: number;
    channel: Channel;
    festivalKey: string | null;
    festivalYear: number | null;
    localDate: LocalDate;
    gift: number;
  }[];
  /** R6: birthdays a stored policy's longer due time lists beyond the months' default bounds, and their greetings. */
  lateContacts: ({ repId: number | null } & ContactRow)[];
  lateGreetings: { contactId: number | null; channel: Channel; localDate: LocalDate }[];
  /** R4, R5: contacts a festival greeting is drafted for while a window is open (capped per rep), and their last year's templates. */
  festivalContacts?: ({ repId: number | null } & Omit<BoardContact, "doNotContact">)[];
  festivalLastVariants?: { contactId: number | null; occasion: string; templateId: number }[];
  month: RepMonthRows;
};

export type DigestData = {
  context: MonthContext;
  users: Map<number, DigestUser>;
  /** Every rep of the job, with an empty month when they have no rows. */
  months: Map<number, RepMonthData>;
  facts: Map<number, ContactFacts>;
  templates: GreetingTemplate[];
  /** lastVariantKey(contact, occasion) → template id. */
  lastVariants: Map<string, number>;
  /** Life event id → who it concerns (absent: the contact themself). */
  concerns: Map<number, Concerns>;
  /** Per rep, the contacts festival greetings are drafted for (do-not-contact left out by the select). */
  festivalContacts: Map<number, BoardContact[]>;
};

/** The rows, by rep. */
export function digestData(rows: DigestRows, repIds: readonly number[], today: LocalDate): DigestData {
  const months = repMonthsOf(rows.context, new Set(repIds), today, rows.month);
  for (const r of rows.festivalInteractions) {
    if (r.repId === null) continue;
    months.get(r.repId)?.festivalInteractions.push({
      storeId: r.storeId,
      channel: r.channel,
      occasion: "festival",
      festivalKey: r.festivalKey,
      festivalYear: r.festivalYear,
      localDate: r.localDate,
      giftValue: Number(r.gift) ? 1 : null,
    });
  }
  addLateBirthdays(months, rows);
  return {
    context: rows.context,
    users: new Map(rows.users.map((u) => [u.id, u])),
    months,
    facts: new Map(
      rows.facts.map((f) => [f.id, { preferences: f.preferences, familyNotes: f.familyNotes, doNotContact: f.doNotContact, lastBereavement: f.lastBereavement ?? null }]),
    ),
    templates: rows.templates,
    lastVariants: lastVariantMap([...rows.lastVariants, ...(rows.festivalLastVariants ?? [])]),
    concerns: new Map((rows.eventConcerns ?? []).map((e) => [e.id, e.concerns])),
    festivalContacts: festivalContactsByRep(rows.festivalContacts ?? []),
  };
}

function festivalContactsByRep(rows: NonNullable<DigestRows["festivalContacts"]>): Map<number, BoardContact[]> {
  const out = new Map<number, BoardContact[]>();
  for (const { repId, ...c } of rows) {
    if (repId === null) continue;
    const list = out.get(repId) ?? [];
    list.push({ ...c, doNotContact: false });
    out.set(repId, list);
  }
  return out;
}

/** Birthdays beyond the months' default bounds (a stored policy with a longer due time), each once. */
function addLateBirthdays(months: Map<number, RepMonthData>, rows: Pick<DigestRows, "lateContacts" | "lateGreetings">): void {
  const repOfLate = new Map<number, number>();
  const known = new Set([...months.values()].flatMap((m) => m.contacts.map((c) => c.id)));
  for (const r of rows.lateContacts) {
    const m = r.repId === null ? undefined : months.get(r.repId);
    if (!m || known.has(r.id)) continue;
    known.add(r.id);
    repOfLate.set(r.id, r.repId!);
    m.contacts.push(repContactOf(r));
  }
  for (const r of rows.lateGreetings) {
    const rep = r.contactId === null ? undefined : repOfLate.get(r.contactId);
    if (rep !== undefined) months.get(rep)?.followUpInteractions.push({ channel: r.channel, occasion: "birthday", localDate: r.localDate, contactId: r.contactId });
  }
}
