// The weekly's picture of the team (issue 13.2): each rep's pace — Σ credited ÷ Σ expected over the
// three quota channels at the week's end — as a bar coloured by the policy's bands, 100 % = on
// expectation. Reps with nothing expected yet get no bar.
import { BAND_TONE, overallBand } from "../domain/pace-band.ts";
import type { TeamWeek } from "../domain/team-week.ts";
import { QUOTA_CHANNELS } from "../domain/types.ts";
import type { Messages } from "../i18n/index.ts";
import type { MailBlock } from "./html.ts";

export function teamPaceBars(t: Messages, team: TeamWeek): MailBlock[] {
  const bars = team.reps.flatMap((r) => {
    const { band, ratio } = overallBand(
      QUOTA_CHANNELS.map((ch) => ({ done: r.byChannel[ch].credited, expected: r.byChannel[ch].expected })),
      team.bands,
    );
    return ratio === null ? [] : [{ label: r.rep.name, pct: ratio, text: t.manager.paceOf(ratio, t.manager.band[band]), tone: BAND_TONE[band] }];
  });
  return bars.length > 0 ? [{ kind: "bars", bars }] : [];
}
