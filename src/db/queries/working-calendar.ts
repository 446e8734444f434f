// The official working calendar's admin-entered years (/admin/calendar, PUT /api/working-calendar).
// Reading them for the rules rides in the policy's statement (policy.ts); these are the writes and
// the admin page's list of who entered which year.
import { desc, eq, sql } from "drizzle-orm";
import type { Db } from "../client.ts";
import { auditLog, users, workingCalendarDays, workingCalendarYears } from "../schema.ts";
import type { CalendarEntry } from "../../domain/calendar-entry.ts";

/**
 * Replaces a year whole (an edited built-in year becomes the admin's from then on), in one batch:
 * the year's row, its days, and an audit row naming the lists that changed (`changes`, from the
 * caller, who compared with what was in force). Saving the same year twice leaves the same rows.
 */
export async function saveCalendarYear(db: Db, entry: CalendarEntry, changes: string[], existed: boolean, by: number, now: number): Promise<void> {
  const days = [
    ...entry.holidays.map((date) => ({ year: entry.year, date, kind: "holiday" as const })),
    ...entry.workdays.map((date) => ({ year: entry.year, date, kind: "workday" as const })),
  ];
  await db.batch([
    db
      .insert(workingCalendarYears)
      .values({ year: entry.year, updatedAt: now, updatedBy: by })
      .onConflictDoUpdate({ target: workingCalendarYears.year, set: { updatedAt: now, updatedBy: by } }),
    db.delete(workingCalendarDays).where(eq(workingCalendarDays.year, entry.year)),
    ...(days.length > 0 ? [db.insert(workingCalendarDays).values(days)] : []),
    db.insert(auditLog).values({ actorId: by, entity: "working_calendar", entityId: entry.year, action: existed ? "update" : "create", changes, at: now }),
  ]);
}

/** Who entered each admin year last, and when (newest year first), as a statement that can ride in a batch. */
export function calendarYearAuthorsSelect(db: Db) {
  return db
    .select({ year: workingCalendarYears.year, at: workingCalendarYears.updatedAt, by: sql<string | null>`${users.name}` })
    .from(workingCalendarYears)
    .leftJoin(users, eq(users.id, workingCalendarYears.updatedBy))
    .orderBy(desc(workingCalendarYears.year));
}
