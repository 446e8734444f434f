// The festival page's reads, as one named batch: the rep's own stores, their contacts, the festival
// contacts logged at those stores around today, the templates, and what each contact was last sent.
import { and, asc, eq, gte, inArray, lte, sql } from "drizzle-orm";
import type { Db } from "../client.ts";
import { contacts, festivals, interactions, lifeEvents, stores } from "../schema.ts";
import { storeVisible } from "./scope.ts";
import { policySelect } from "./policy.ts";
import { lastVariantsWhere, previousYearRange, templatesQuery } from "./greetings.ts";
import type { Viewer } from "../../auth/identity.ts";
import { addDays } from "../../domain/dates.ts";
import { FESTIVAL_LOOKBACK_DAYS, MAX_MOURNING_DAYS } from "../../domain/policy.ts";
import type { LocalDate } from "../../domain/types.ts";

export function festivalBoardQueries(db: Db, viewer: Viewer, key: string, today: LocalDate) {
  // The stores under the viewer's own name (a manager or admin with none sees an empty page).
  const mine = and(eq(stores.repId, viewer.id), eq(stores.archived, false), storeVisible(viewer));
  const myStoreIds = db.select({ id: stores.id }).from(stores).where(mine);
  return {
    policy: policySelect(db),
    festival: db.select().from(festivals).where(and(eq(festivals.key, key), eq(festivals.active, true))),
    stores: db.select({ id: stores.id, name: stores.name, class: stores.class }).from(stores).where(mine).orderBy(asc(stores.name)),
    contacts: db
      .select({
        id: contacts.id,
        storeId: contacts.storeId,
        name: contacts.name,
        formOfAddress: contacts.formOfAddress,
        phone: contacts.phone,
        doNotContact: contacts.doNotContact,
        preferences: contacts.preferences,
        familyNotes: contacts.familyNotes,
        // Mourning (policy.mourningDays, at most MAX_MOURNING_DAYS): the latest bereavement up to today.
        // The outer column named in full: in a one-table select Drizzle writes it bare ("id"), which
        // inside the subquery would be the life event's own id.
        lastBereavement: sql<string | null>`(select max(le.date) from ${lifeEvents} le where le.contact_id = ${sql.identifier("contacts")}.${sql.identifier("id")}
            and le.kind = 'bereavement' and le.date between ${addDays(today, -MAX_MOURNING_DAYS)} and ${today})`,
      })
      .from(contacts)
      .where(inArray(contacts.storeId, myStoreIds))
      .orderBy(asc(contacts.storeId), asc(contacts.id)),
    // Coverage is the store's (R4, R5): whoever logged it, within the widest window around today.
    interactions: db
      .select({
        storeId: interactions.storeId,
        contactId: interactions.contactId,
        channel: interactions.channel,
        occasion: interactions.occasion,
        festivalKey: interactions.festivalKey,
        festivalYear: interactions.festivalYear,
        localDate: interactions.localDate,
        giftWhat: interactions.giftWhat,
        giftValue: interactions.giftValue,
      })
      .from(interactions)
      .where(
        and(
          inArray(interactions.storeId, myStoreIds),
          eq(interactions.occasion, "festival"),
          eq(interactions.festivalKey, key),
          gte(interactions.localDate, addDays(today, -FESTIVAL_LOOKBACK_DAYS)),
          lte(interactions.localDate, today),
        ),
      ),
    templates: templatesQuery(db),
    lastVariants: lastVariantsWhere(db, mine, previousYearRange(today)),
  };
}
