// A rep's overall pace on /team as the weekly's pace column says it: Σ credited ÷ Σ expected over
// the three quota channels, coloured by the policy's bands (domain/pace-band.ts), in words too.
import { useT } from "../layout.tsx";
import { BAND_TONE, overallBand } from "../../../domain/pace-band.ts";
import type { RepDay } from "../../../domain/rep-day.ts";
import { QUOTA_CHANNELS } from "../../../domain/types.ts";

export function repOverall(day: RepDay) {
  const parts = QUOTA_CHANNELS.map((ch) => ({ done: day.pace.headline[ch].credited, expected: day.pace.headline[ch].expectedByToday }));
  return overallBand(parts, day.bands);
}

export function PacePill(props: { day: RepDay }) {
  const t = useT().manager;
  const { band, ratio } = repOverall(props.day);
  if (ratio === null) return <span class="pill">{t.paceNone}</span>;
  const tone = BAND_TONE[band];
  return (
    <span class={`pill ${tone === "good" ? "ok" : tone}`} data-band={band}>
      {t.paceOf(ratio, t.band[band])}
    </span>
  );
}
