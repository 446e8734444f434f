// A visit's on-site check-in in words (issue 14): "在店（距门店 35 米）", "不在门店附近", or nothing
// when the visit has no position or the store no coordinates. The coordinates themselves are never shown.
import { useT } from "./layout.tsx";
import { checkInVerdict } from "../../domain/check-in.ts";

type Located = { lat: number | null; lng: number | null; accuracyM: number | null; storeLat: number | null; storeLng: number | null };

/** `lead`: text before the note (a separator), shown only with it. */
export function CheckInNote(props: { visit: Located; onSiteMeters: number; class?: string; lead?: string }) {
  const t = useT();
  const { visit } = props;
  const verdict = checkInVerdict(visit, { lat: visit.storeLat, lng: visit.storeLng }, props.onSiteMeters);
  if (!verdict) return null;
  return (
    <>
      {props.lead}
      <span class={`check-in ${verdict.onSite ? "ok-text" : "muted"}${props.class ? ` ${props.class}` : ""}`} data-on-site={verdict.onSite ? "1" : "0"}>
        {verdict.onSite ? t.log.onSite(verdict.distanceM) : t.log.notOnSite}
      </span>
    </>
  );
}
