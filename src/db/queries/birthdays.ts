// Birthdays matched inside SQL for a range of days whose bounds may depend on the stored policy (read
// in the statement: the digest's and the weekly summary's batches load the policy alongside).
import { sql, type SQL } from "drizzle-orm";
import { contacts } from "../schema.ts";
import { birthdayKeys } from "../../domain/calendar/birthdays.ts";
import { addDays } from "../../domain/dates.ts";
import type { LocalDate } from "../../domain/types.ts";

/**
 * The birthday keys (month × 100 + day, per calendar) of each day from `from` to `to` days after
 * `anchor`, as one JSON parameter: `[[offset, [solar keys], [lunar keys]], …]`.
 */
export function birthdayDaysJson(anchor: LocalDate, from: number, to: number): string {
  const days: [number, number[], number[]][] = [];
  for (let o = from; o <= to; o++) {
    const d = addDays(anchor, o);
    const k = birthdayKeys(d, d);
    days.push([o, k.solar, k.lunar]);
  }
  return JSON.stringify(days);
}

/**
 * Contacts whose birthday falls between offsets `lo` and `hi` of the days in `daysJson` (bounds may
 * be SQL reading the policy). The key lists are uncorrelated subqueries: SQLite builds each once.
 */
export function birthdayBetween(daysJson: string, lo: SQL | number, hi: SQL | number): SQL {
  const key = sql`(${contacts.birthdayMonth} * 100 + ${contacts.birthdayDay})`;
  const keys = (path: string) =>
    sql`(select k.value from json_each(${daysJson}) d, json_each(d.value, ${path}) k where json_extract(d.value, '$[0]') between ${lo} and ${hi})`;
  // The unary `+` keeps SQLite off the organisation-wide birthday index (as in rep-month.ts).
  return sql`((+${contacts.birthdayCalendar} = 'solar' and ${key} in ${keys("$[1]")}) or (+${contacts.birthdayCalendar} = 'lunar' and ${key} in ${keys("$[2]")}))`;
}
