// The greeting a digest offers for each open follow-up (R6–R8): the chooser (greetings.ts) given
// what the rep may say about the contact (R13, R15), avoiding the variant sent last time. Pure.
import type { ContactFacts } from "./digest-data.ts";
import type { FollowUp } from "./follow-ups.ts";
import {
  chooseGreeting,
  contactGreetingFacts,
  inMourning,
  LIFE_EVENT_OCCASIONS,
  type GreetingChoice,
  type GreetingOccasion,
  type GreetingTemplate,
} from "./greetings.ts";
import type { RepContact, RepDay, RepStore } from "./rep-day.ts";
import type { Concerns, Locale } from "./types.ts";
import { DEFAULT_POLICY } from "./policy.ts";

/** One follow-up's identity: a life event, or a contact's birthday on a date. */
export function followUpKey(f: Pick<FollowUp, "contactId" | "lifeEventId" | "eventDate">): string {
  return f.lifeEventId !== undefined ? `event:${f.lifeEventId}` : `birthday:${f.contactId}:${f.eventDate}`;
}

export function followUpOccasion(f: Pick<FollowUp, "kind">): GreetingOccasion {
  return f.kind === "birthday" ? "birthday" : LIFE_EVENT_OCCASIONS[f.kind];
}

/**
 * The greeting for each open follow-up (R6–R8), keyed by followUpKey: the chooser prefers personal
 * variants and avoids the one sent last time. Contacts marked do-not-contact get none (the loader
 * leaves them out already; this holds even if a row slips through).
 */
export function digestGreetings(args: {
  day: Pick<RepDay, "followUps" | "today">;
  stores: readonly Pick<RepStore, "id" | "name">[];
  contacts: readonly RepContact[];
  facts: ReadonlyMap<number, ContactFacts>;
  templates: readonly GreetingTemplate[];
  lastVariant: (contactId: number, occasion: GreetingOccasion) => number | null;
  locale: Locale;
  repName: string;
  /** Life event id → who it concerns (absent: the contact themself). */
  concerns?: ReadonlyMap<number, Concerns>;
  /** policy.mourningDays: a contact bereaved this recently gets nothing celebratory. */
  mourningDays?: number;
}): Map<string, GreetingChoice> {
  const storeName = new Map(args.stores.map((s) => [s.id, s.name]));
  const contact = new Map(args.contacts.map((c) => [c.id, c]));
  const out = new Map<string, GreetingChoice>();
  for (const f of args.day.followUps) {
    const c = contact.get(f.contactId);
    const facts = args.facts.get(f.contactId);
    if (!c || facts?.doNotContact) continue;
    const occasion = followUpOccasion(f);
    const concerns = f.lifeEventId !== undefined ? (args.concerns?.get(f.lifeEventId) ?? "self") : "self";
    const choice = chooseGreeting({
      occasion,
      locale: args.locale,
      templates: args.templates,
      facts: contactGreetingFacts({
        name: c.name,
        formOfAddress: c.formOfAddress,
        storeName: storeName.get(f.storeId) ?? null,
        preferences: facts?.preferences ?? null,
        familyNotes: facts?.familyNotes ?? null,
        repName: args.repName,
        concerns,
        kinLocale: args.locale,
      }),
      concerns,
      mourning: inMourning(facts?.lastBereavement, args.day.today, args.mourningDays ?? DEFAULT_POLICY.mourningDays),
      lastVariantId: args.lastVariant(f.contactId, occasion),
      seed: f.lifeEventId !== undefined ? `event:${f.lifeEventId}` : `${f.contactId}:${f.eventDate.slice(0, 4)}`,
    });
    if (choice) out.set(followUpKey(f), choice);
  }
  return out;
}
