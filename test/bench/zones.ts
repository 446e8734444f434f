// Digests go out only while it is morning where the rep lives: the consumer drops a digest past
// its local day's cut-off by the real clock. Benchmarks and system tests therefore move reps to a
// fixed-offset Etc/GMT zone where it is morning right now.
import { localDateOf, localTimeOf } from "../../src/domain/dates.ts";

/** Etc/GMT zone for a UTC offset in hours (POSIX sign: Etc/GMT-8 is UTC+8). */
export function etcZone(offsetHours: number): string {
  return offsetHours === 0 ? "Etc/GMT" : offsetHours > 0 ? `Etc/GMT-${offsetHours}` : `Etc/GMT+${-offsetHours}`;
}

/** Digest time given to every rep: any hour from here to the 12:00 cut-off is "due". */
export const DIGEST_TIME = "06:00";

/**
 * A zone where the local time is now between 06:00 and the 12:00 cut-off, earliest hour first so
 * a long run has the most room; optionally one whose local date is `date`.
 */
export function morningZone(now: number, date?: string): { zone: string; offset: number; today: string } | null {
  for (const hour of [7, 6, 8, 9, 10, 11]) {
    for (let offset = -12; offset <= 14; offset++) {
      const zone = etcZone(offset);
      if (Number(localTimeOf(now, zone).slice(0, 2)) !== hour) continue;
      const today = localDateOf(now, zone);
      if (date && today !== date) continue;
      return { zone, offset, today };
    }
  }
  return null;
}

/** Epoch ms of `time` (HH:MM) on `date` in a zone `offset` hours ahead of UTC. */
export function instantAt(date: string, time: string, offset: number): number {
  return Date.parse(`${date}T${time}:00Z`) - offset * 3_600_000;
}
