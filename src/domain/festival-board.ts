// The festival page (R4, R5): every store of the rep's for one festival occurrence, by class, with
// its state and, for each contact, a greeting drafted for them: their form of address, a text that
// does not repeat what they were sent for this festival last year, the rep's signature. Pure.
import { festivalCoverage, type FestivalInteraction, type StoreCoverage } from "./coverage.ts";
import { chooseGreeting, contactGreetingFacts, GENERIC_FESTIVAL, inMourning, type GreetingChoice, type GreetingOccasion, type GreetingTemplate } from "./greetings.ts";
import type { FestivalOccurrence } from "./policy.ts";
import { STORE_CLASSES, type Locale, type LocalDate, type StoreClass } from "./types.ts";

/** done: every action the class owes is logged; due: not yet, on or before the festival day; overdue: after it, the window still open. */
export type BoardState = "done" | "due" | "overdue";

export type BoardContact = {
  id: number;
  storeId: number;
  name: string;
  formOfAddress: string | null;
  phone: string | null;
  doNotContact: boolean;
  preferences: string | null;
  familyNotes: string | null;
  /** Their latest bereavement (丧事), for mourning. */
  lastBereavement: string | null;
};

export type BoardDraft = {
  contactId: number;
  /** How the rep addresses them (王姐), else their name. */
  who: string;
  phone: string | null;
  /** Already sent a message for this festival (any contact logged with it). */
  sent: boolean;
  /** Null when no template can be filled for this contact. */
  greeting: GreetingChoice | null;
};

export type BoardStore = StoreCoverage & { name: string; state: BoardState; drafts: BoardDraft[] };

export type FestivalBoard = {
  occurrence: FestivalOccurrence;
  /** Whether a contact logged today counts for the festival (today inside its window). */
  windowOpen: boolean;
  byClass: Record<StoreClass, BoardStore[]>;
  /** Drafts not yet sent, over every store: what the page's "send" list offers. */
  pending: number;
};

/** What a festival draft needs besides the contact: shared by the page and the digest. */
export type DraftArgs = {
  occurrence: FestivalOccurrence;
  today: LocalDate;
  templates: readonly GreetingTemplate[];
  /** The template this contact was last sent for the occasion (within the previous year). */
  lastVariant: (contactId: number, occasion: GreetingOccasion) => number | null;
  locale: Locale;
  repName: string;
  /** policy.mourningDays: a contact bereaved this recently gets only a restrained 问候, or nothing. */
  mourningDays: number;
};

/**
 * One contact's greeting for the festival: their form of address, not the text they were sent last
 * year (the festival's own templates, else the generic ones), the rep's signature, restrained in
 * mourning. The one place the festival page and the digest draft a festival greeting.
 */
export function festivalDraft(args: DraftArgs & { contact: BoardContact; storeName: string | null }): GreetingChoice | null {
  const o = args.occurrence;
  const c = args.contact;
  return chooseGreeting({
    occasion: o.key,
    locale: args.locale,
    templates: args.templates,
    facts: contactGreetingFacts({
      name: c.name,
      formOfAddress: c.formOfAddress,
      storeName: args.storeName,
      preferences: c.preferences,
      familyNotes: c.familyNotes,
      repName: args.repName,
      festivalName: o.name[args.locale],
    }),
    lastVariantId: args.lastVariant(c.id, o.key) ?? args.lastVariant(c.id, GENERIC_FESTIVAL),
    mourning: inMourning(c.lastBereavement, args.today, args.mourningDays),
    // Same contact and year, same draft: the page, the digest and a re-render agree.
    seed: `${c.id}:${o.key}:${o.year}`,
  });
}

/** Contacts per rep a festival digest reads drafts for, at most (its select caps them): the mail shows a few, the festival page all. */
export const FESTIVAL_CONTACTS_PER_REP = 30;

/** A draft the digest and /today show: one contact of a store still owing the festival a message or a call. */
export type DigestDraft = { storeId: number; contactId: number; who: string; phone: string | null; greeting: GreetingChoice; sms: boolean };

export type FestivalDrafts = { byFestival: ReadonlyMap<string, readonly DigestDraft[]>; capped: boolean };

/**
 * For the digest: per open festival (by key), a draft for each contact of the stores still owing a
 * message or a call, in the digest's order (A first). `capped`: the contacts read hit
 * FESTIVAL_CONTACTS_PER_REP, so the page has more than these.
 */
export function digestFestivalDrafts(
  args: Omit<DraftArgs, "occurrence"> & {
    festivals: readonly { occurrence: FestivalOccurrence; windowOpen: boolean; uncovered: readonly Pick<StoreCoverage, "storeId" | "missing">[] }[];
    stores: readonly { id: number; name: string }[];
    contacts: readonly BoardContact[];
  },
): FestivalDrafts {
  const storeName = new Map(args.stores.map((s) => [s.id, s.name]));
  const contactsOf = new Map<number, BoardContact[]>();
  for (const c of args.contacts) if (!c.doNotContact) contactsOf.set(c.storeId, [...(contactsOf.get(c.storeId) ?? []), c]);
  const byFestival = new Map<string, readonly DigestDraft[]>();
  for (const f of args.festivals) {
    if (!f.windowOpen) continue;
    const drafts: DigestDraft[] = [];
    for (const s of f.uncovered) {
      const sms = s.missing.includes("message");
      if (!sms && !s.missing.includes("phone")) continue;
      for (const c of contactsOf.get(s.storeId) ?? []) {
        const greeting = festivalDraft({ ...args, occurrence: f.occurrence, contact: c, storeName: storeName.get(s.storeId) ?? null });
        if (greeting) drafts.push({ storeId: s.storeId, contactId: c.id, who: c.formOfAddress || c.name, phone: c.phone, greeting, sms });
      }
    }
    if (drafts.length > 0) byFestival.set(f.occurrence.key, drafts);
  }
  return { byFestival, capped: args.contacts.length >= FESTIVAL_CONTACTS_PER_REP };
}

export function festivalBoard(args: {
  occurrence: FestivalOccurrence;
  today: LocalDate;
  stores: readonly { id: number; name: string; class: StoreClass }[];
  /** Festival interactions of those stores (any rep: coverage is the store's, R4/R5). */
  interactions: readonly (FestivalInteraction & { contactId: number | null })[];
  contacts: readonly BoardContact[];
  templates: readonly GreetingTemplate[];
} & DraftArgs): FestivalBoard {
  const o = args.occurrence;
  const coverage = festivalCoverage(o, args.stores, args.interactions, args.today);
  const storeName = new Map(args.stores.map((s) => [s.id, s.name]));
  const messaged = new Set(
    args.interactions.filter((i) => i.channel === "message" && i.contactId !== null && i.festivalKey === o.key && i.festivalYear === o.year).map((i) => i.contactId),
  );
  const contactsOf = new Map<number, BoardContact[]>();
  for (const c of args.contacts) {
    // Do-not-contact means no greeting at all (R13); they are not listed.
    if (c.doNotContact) continue;
    const list = contactsOf.get(c.storeId);
    if (list) list.push(c);
    else contactsOf.set(c.storeId, [c]);
  }
  const state = (s: StoreCoverage): BoardState => (s.covered ? "done" : args.today > o.date ? "overdue" : "due");
  const byClass = Object.fromEntries(STORE_CLASSES.map((c) => [c, [] as BoardStore[]])) as Record<StoreClass, BoardStore[]>;
  let pending = 0;
  for (const s of coverage.stores) {
    const drafts = (contactsOf.get(s.storeId) ?? []).map((c): BoardDraft => {
      const sent = messaged.has(c.id);
      if (!sent) pending++;
      return {
        contactId: c.id,
        who: c.formOfAddress || c.name,
        phone: c.phone,
        sent,
        greeting: festivalDraft({ ...args, contact: c, storeName: storeName.get(s.storeId) ?? null }),
      };
    });
    byClass[s.storeClass].push({ ...s, name: storeName.get(s.storeId) ?? `#${s.storeId}`, state: state(s), drafts });
  }
  // Most urgent first within a class: overdue, due, then done; then by name.
  const rank: Record<BoardState, number> = { overdue: 0, due: 1, done: 2 };
  for (const cls of STORE_CLASSES) byClass[cls].sort((a, b) => rank[a.state] - rank[b.state] || a.name.localeCompare(b.name, "zh-CN"));
  return { occurrence: o, windowOpen: args.today >= o.windowStart && args.today <= o.windowEnd, byClass, pending };
}
