// Entering a year of the official working calendar (the API's PUT and /admin/calendar's forms): what
// was in force before decides whether the year is created or changed for the audit, and which
// lists changed.
import type { Db } from "../db/client.ts";
import { saveCalendarYear } from "../db/queries/working-calendar.ts";
import { tidyEntry, type CalendarEntry } from "../domain/calendar-entry.ts";
import { calendarYear, type WorkingCalendar } from "../domain/working-days.ts";

export async function enterCalendarYear(db: Db, before: WorkingCalendar, entry: CalendarEntry, by: number, now: number): Promise<CalendarEntry> {
  const tidy = tidyEntry(entry);
  const old = calendarYear(before, tidy.year);
  const same = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x, i) => x === b[i]);
  const changes = [...(same(old.holidays, tidy.holidays) ? [] : ["holidays"]), ...(same(old.workdays, tidy.workdays) ? [] : ["workdays"])];
  await saveCalendarYear(db, tidy, changes, old.source === "admin", by, now);
  return tidy;
}
