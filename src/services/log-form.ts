// The reads behind the quick-log page: the store picker (recent first) and, for one store, its
// contacts and the occasions worth suggesting today (an open festival window, a birthday or a life
// event due). One round trip each.
import { policyOf } from "../db/queries/policy.ts";
import { runQueries, type Guard } from "../db/batch.ts";
import { logFormQueries, pickerStores } from "../db/queries/log-form.ts";
import type { Db } from "../db/client.ts";
import { festivalFromRow } from "../db/queries/festivals.ts";
import type { Viewer } from "../auth/identity.ts";
import type { FestivalOccurrence, Policy } from "../domain/policy.ts";
import { festivalsAround } from "../domain/calendar/festivals.ts";
import { birthdaysBetween, type Birthday } from "../domain/calendar/birthdays.ts";
import { addDays, localDateOf } from "../domain/dates.ts";
import type { LifeEventKind, StoreClass } from "../domain/types.ts";

export type PickerStore = { id: number; name: string; class: StoreClass; city: string | null; lastContact: string | null };

/** How far back "most recently contacted" looks when ordering the picker. */
const PICKER_LOOKBACK_DAYS = 120;

/**
 * Stores the viewer may log at, most recently contacted first; `q` searches name, city and address.
 * `guard`: the session check to run first in the same batch (http/guard.ts withViewer).
 */
export async function storesForPicker(db: Db, viewer: Viewer, today: string, q: string | undefined, guard: Guard | null = null, limit = 60): Promise<PickerStore[]> {
  const rows = await runQueries(db, { stores: pickerStores(db, viewer, addDays(today, -PICKER_LOOKBACK_DAYS), q, limit) }, guard);
  return rows.stores;
}

export type OccasionOption =
  | { value: "routine" }
  | { value: "training" }
  | { value: `festival:${string}`; festival: FestivalOccurrence }
  | { value: `birthday:${number}`; contactId: number; who: string; date: string }
  | { value: `life_event:${number}`; lifeEventId: number; contactId: number; who: string; kind: LifeEventKind };

export type LogFormData = {
  store: { id: number; name: string; class: StoreClass; city: string | null };
  contacts: { id: number; name: string; formOfAddress: string | null; role: string; doNotContact: boolean }[];
  occasions: OccasionOption[];
  policy: Policy;
  today: string;
  /** Gifts' value at this store this year so far (the form warns while the rep types one past the cap). */
  giftSpent: number;
};

/** Birthdays are suggested from 3 days before to 7 after, as in the follow-up rules (R6). */
const BIRTHDAY_BEFORE = 3;
const BIRTHDAY_AFTER = 7;

/**
 * `logged`: the form edits an interaction logged on that day with that life event: the occasions
 * open on its day are offered too (an old festival's window, a birthday then), and its own
 * follow-up although it closed it.
 */
export async function logFormData(
  db: Db,
  viewer: Viewer,
  storeId: number,
  now: number,
  logged?: { localDate: string; lifeEventId: number | null },
  guard: Guard | null = null,
): Promise<LogFormData | null> {
  // The year in the viewer's own zone (the policy's is read in the same batch).
  const year = localDateOf(now, viewer.timeZone).slice(0, 4);
  const rows = await runQueries(db, logFormQueries(db, viewer, storeId, year, logged?.lifeEventId ?? null), guard);
  const store = rows.store[0];
  if (!store) return null;
  const pol = policyOf(rows.policy);
  const today = localDateOf(now, pol.timeZone);
  const who = (c: { name: string; formOfAddress: string | null }) => c.formOfAddress || c.name;
  const byId = new Map(rows.contacts.map((c) => [c.id, c]));

  const occasions: OccasionOption[] = [{ value: "routine" }];
  const days = logged && logged.localDate !== today ? [today, logged.localDate] : [today];
  for (const day of days) {
    for (const f of festivalsAround(rows.festivals.map(festivalFromRow), day)) {
      const value = `festival:${f.key}` as const;
      if (f.windowStart <= day && day <= f.windowEnd && !occasions.some((o) => o.value === value)) occasions.push({ value, festival: f });
    }
  }
  for (const c of rows.contacts) {
    if (!c.birthdayCalendar || !c.birthdayMonth || !c.birthdayDay) continue;
    const b: Birthday = { calendar: c.birthdayCalendar, month: c.birthdayMonth, day: c.birthdayDay, leapMonth: c.birthdayLeapMonth };
    const date = days.map((day) => birthdaysBetween(b, addDays(day, -BIRTHDAY_AFTER), addDays(day, BIRTHDAY_BEFORE))[0]).find(Boolean);
    if (date) occasions.push({ value: `birthday:${c.id}`, contactId: c.id, who: who(c), date });
  }
  for (const e of rows.openEvents) {
    const c = byId.get(e.contactId);
    if (c) occasions.push({ value: `life_event:${e.id}`, lifeEventId: e.id, contactId: c.id, who: who(c), kind: e.kind });
  }
  if (store.class === "A") occasions.push({ value: "training" });

  return {
    store,
    contacts: rows.contacts.map(({ id, name, formOfAddress, role, doNotContact }) => ({ id, name, formOfAddress, role, doNotContact })),
    occasions,
    policy: pol,
    today,
    giftSpent: Number(rows.giftTotal[0]?.total ?? 0),
  };
}

