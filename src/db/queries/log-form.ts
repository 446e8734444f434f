// The quick-log page's reads: the store picker (recent first), and for one store the rows its form
// needs (the store, its contacts, their open life events, the policy, the active festivals).
import { and, asc, desc, eq, gte, or, sql } from "drizzle-orm";
import type { Db } from "../client.ts";
import { contacts, festivals, interactions, lifeEvents, stores } from "../schema.ts";
import { storeVisible } from "./scope.ts";
import { policySelect } from "./policy.ts";
import type { Viewer } from "../../auth/identity.ts";
import type { LocalDate } from "../../domain/types.ts";

/** Stores the viewer may log at, most recently contacted (since `since`) first; `q` searches name, city and address. */
export function pickerStores(db: Db, viewer: Viewer, since: LocalDate, q: string | undefined, limit: number) {
  const term = q?.trim() ? `%${q.trim().replace(/[%_\\]/g, (m) => `\\${m}`)}%` : null;
  const last = sql<string | null>`max(${interactions.localDate})`;
  return db
    .select({ id: stores.id, name: stores.name, class: stores.class, city: stores.city, lastContact: last })
    .from(stores)
    .leftJoin(interactions, and(eq(interactions.storeId, stores.id), gte(interactions.localDate, since)))
    .where(
      and(
        storeVisible(viewer),
        eq(stores.archived, false),
        term
          ? or(
              sql`${stores.name} like ${term} escape '\\'`,
              sql`${stores.city} like ${term} escape '\\'`,
              sql`${stores.address} like ${term} escape '\\'`,
            )
          : undefined,
      ),
    )
    .groupBy(stores.id)
    .orderBy(sql`${last} is null`, desc(last), asc(stores.class), asc(stores.name))
    .limit(limit);
}

/**
 * The rows of one store's log form, as a named batch (one round trip); `store` is empty when out of
 * scope. `lifeEventId`: an edited interaction's own follow-up, offered although it closed it.
 */
export function logFormQueries(db: Db, viewer: Viewer, storeId: number, year: string, lifeEventId: number | null = null) {
  return {
    store: db
      .select({ id: stores.id, name: stores.name, class: stores.class, city: stores.city })
      .from(stores)
      .where(and(eq(stores.id, storeId), eq(stores.archived, false), storeVisible(viewer))),
    contacts: db
      .select({
        id: contacts.id,
        name: contacts.name,
        formOfAddress: contacts.formOfAddress,
        role: contacts.role,
        doNotContact: contacts.doNotContact,
        birthdayCalendar: contacts.birthdayCalendar,
        birthdayMonth: contacts.birthdayMonth,
        birthdayDay: contacts.birthdayDay,
        birthdayLeapMonth: contacts.birthdayLeapMonth,
      })
      .from(contacts)
      .where(eq(contacts.storeId, storeId))
      .orderBy(asc(contacts.id)),
    openEvents: db
      .select({ id: lifeEvents.id, kind: lifeEvents.kind, contactId: lifeEvents.contactId })
      .from(lifeEvents)
      .innerJoin(contacts, eq(contacts.id, lifeEvents.contactId))
      .where(and(eq(contacts.storeId, storeId), or(eq(lifeEvents.state, "open"), eq(lifeEvents.id, lifeEventId ?? 0))))
      .orderBy(asc(lifeEvents.date)),
    policy: policySelect(db),
    festivals: db.select().from(festivals).where(eq(festivals.active, true)),
    // The gift cap (giftCapPerStoreYear): what the store has had this year, as the quick log adds it up.
    giftTotal: db
      .select({ total: sql<number>`coalesce(sum(${interactions.giftValue}), 0)` })
      .from(interactions)
      .where(and(eq(interactions.storeId, storeId), sql`${interactions.localDate} between ${`${year}-01-01`} and ${`${year}-12-31`}`)),
  };
}
