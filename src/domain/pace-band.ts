// Colour that means something (issue 13.3): how far done is from what is expected by today, as one
// of three bands from the policy (policy.paceBands). Pages, the digest and the weekly all colour pace
// with paceBand, so a rep at 90 % of the expected pace never looks like one at 31 %. Pure.
import type { PolicyRules } from "./policy.ts";

export type PaceBands = PolicyRules["paceBands"];
export type PaceBand = "on_pace" | "slipping" | "behind";

/** done ÷ expected in % (whole numbers); null while nothing is expected yet. */
export function paceRatio(done: number, expected: number): number | null {
  return expected > 0 ? Math.round((done / expected) * 100) : null;
}

/**
 * The band of `done` against `expected` by today. Less than one whole contact short is on pace
 * whatever the ratio: early in a month 0 of 0.4 expected is not a rep behind, only a day not over.
 */
export function paceBand(done: number, expected: number, bands: PaceBands): PaceBand {
  if (expected - done < 1) return "on_pace";
  const pct = (done / expected) * 100;
  if (pct >= bands.onPace) return "on_pace";
  return pct >= bands.slipping ? "slipping" : "behind";
}

/** A mail tone (and page class) per band. */
export const BAND_TONE = { on_pace: "good", slipping: "warn", behind: "bad" } as const satisfies Record<PaceBand, string>;

/**
 * Several paces together (a rep's three quota channels): Σ done against Σ expected, as the weekly's
 * pace column; `short`, the whole contacts short of Σ expected (at least 1 whenever off pace).
 */
export function overallBand(parts: readonly { done: number; expected: number }[], bands: PaceBands): { band: PaceBand; ratio: number | null; short: number } {
  let done = 0;
  let expected = 0;
  for (const p of parts) {
    done += p.done;
    expected += p.expected;
  }
  return { band: paceBand(done, expected, bands), ratio: paceRatio(done, expected), short: Math.max(0, Math.floor(expected - done)) };
}
