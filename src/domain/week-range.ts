// The week a manager's weekly summary covers (SPEC §6), from the ISO week of the day it is sent. Pure.
import { addDays, isoWeekOf, isoWeekday, ymd } from "./dates.ts";
import type { LocalDate } from "./types.ts";

export type WeekRange = {
  /** The period: ISO week of the day the summary is sent. */
  label: string;
  /** Monday of that week: "now" for what is overdue. */
  sendDate: LocalDate;
  /** The week summarised (Mon–Sun before sendDate) and its ISO label. */
  start: LocalDate;
  end: LocalDate;
  weekLabel: string;
  /** The week before it, for the change. */
  prevStart: LocalDate;
  prevEnd: LocalDate;
};

/** Monday of ISO week `YYYY-Www`, or null when there is no such week. */
function mondayOfIsoWeek(label: string): LocalDate | null {
  const m = /^(\d{4})-W(\d{2})$/.exec(label);
  if (!m) return null;
  const year = Number(m[1]);
  const week = Number(m[2]);
  if (week < 1 || week > 53 || year < 1902 || year > 2099) return null;
  const jan4 = ymd(year, 1, 4); // always in week 1
  const monday = addDays(jan4, 1 - isoWeekday(jan4) + (week - 1) * 7);
  return isoWeekOf(monday) === label ? monday : null;
}

/** The summarised week of period `YYYY-Www` (the week before it), or null when there is no such week. */
export function weekRange(period: string): WeekRange | null {
  const sendDate = mondayOfIsoWeek(period);
  if (!sendDate) return null;
  const start = addDays(sendDate, -7);
  return {
    label: period,
    sendDate,
    start,
    end: addDays(sendDate, -1),
    weekLabel: isoWeekOf(start),
    prevStart: addDays(sendDate, -14),
    prevEnd: addDays(sendDate, -8),
  };
}
