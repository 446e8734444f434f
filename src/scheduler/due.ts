// Who is due for mail at an instant (SPEC §6), as pure rules: reps get the morning digest once
// their local digest time has passed and until the cut-off (an outage delays mail, never sends
// yesterday's news at night); managers get the weekly summary on the policy's weekday.
import { isoWeekOf, isoWeekday, localDateOf, localTimeOf } from "../domain/dates.ts";
import type { Policy } from "../domain/policy.ts";
import type { LocalDate } from "../domain/types.ts";

export type MailKind = "digest" | "weekly";

export type DueWindow = {
  timeZone: string;
  date: LocalDate;
  /** Local HH:MM now: users whose digest time is at or before it are due. */
  time: string;
  /** Still before the cut-off: past it, nothing more is sent today. */
  open: boolean;
  /** The weekly summary's day in this zone, and its period label. */
  weeklyToday: boolean;
  week: string;
};

export function dueWindow(now: number, timeZone: string, policy: Pick<Policy, "digest">): DueWindow {
  const date = localDateOf(now, timeZone);
  const time = localTimeOf(now, timeZone);
  return {
    timeZone,
    date,
    time,
    open: time < policy.digest.cutoffTime,
    weeklyToday: isoWeekday(date) === policy.digest.weeklyDay,
    week: isoWeekOf(date),
  };
}

/** The period a claim is for: one digest per local day, one summary per ISO week. */
export function periodOf(kind: MailKind, w: DueWindow): string {
  return kind === "digest" ? w.date : w.week;
}

/** Jobs of at most `size` claims each, never mixing kinds or periods (one queue message each). */
export function groupClaims<T extends { kind: MailKind; period: string; id: number }>(claims: T[], size: number): T[][] {
  const byKey = new Map<string, T[]>();
  for (const c of claims) {
    const key = `${c.kind}|${c.period}`;
    (byKey.get(key) ?? byKey.set(key, []).get(key)!).push(c);
  }
  const jobs: T[][] = [];
  for (const list of byKey.values()) {
    list.sort((a, b) => a.id - b.id);
    for (let i = 0; i < list.length; i += size) jobs.push(list.slice(i, i + size));
  }
  return jobs;
}
