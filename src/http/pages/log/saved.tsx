// /log/saved/:id: what the quick log just stored, with this month's count on its channel at its
// store (R1–R3), the intel items of a visit (R12–R17) and a warning when the gift passed the cap.
import { Csrf, useT } from "../layout.tsx";
import type { savedInteraction } from "../../../db/queries/interactions.ts";
import type { Policy } from "../../../domain/policy.ts";
import { isQuotaChannel, requiredFor } from "../../../domain/pace.ts";
import { CheckInNote } from "../check-in.tsx";

type Saved = NonNullable<Awaited<ReturnType<typeof savedInteraction>>>;

/** `note`: after an edit or added intel, which one; `undo`: the viewer may still undo it (their own, within the window). */
export function SavedPage(props: { row: Saved; policy: Policy; warnings: string[]; note: "edited" | { intel: number } | null; undo: boolean }) {
  const t = useT();
  const { row, policy: pol } = props;
  const channel = row.channel;
  return (
    <>
      <div class="card">
        <h1>✓ {props.note === "edited" ? t.log.editSaved : t.log.savedTitle}</h1>
        {props.note && props.note !== "edited" && <p class="alert ok">{t.log.intelSaved(props.note.intel)}</p>}
        <p>{t.log.savedSummary(row.storeName, t.common.channelLong[channel])}</p>
        {channel === "visit" && row.lat !== null && row.storeLat !== null && (
          <p>
            <CheckInNote visit={row} onSiteMeters={pol.checkIn.onSiteMeters} />
          </p>
        )}
        {isQuotaChannel(channel) && (
          <p class="saved-count">
            <strong>{t.log.monthCount(t.common.channel[channel], Number(row.monthCount), requiredFor(pol, row.storeClass, channel))}</strong>
          </p>
        )}
        {channel === "visit" && <p class="muted">{t.log.intelCount(Number(row.insights), pol.intelItemsPerVisit)}</p>}
        {props.warnings.includes("gift_cap") && <div class="alert warn">{t.log.giftCapWarning(t.common.yuan(pol.giftCapPerStoreYear))}</div>}
        {props.undo && (
          // A plain form: the tap right after saving is the confirmation (services/change-interaction.ts checks the rules again).
          <form method="post" action={`/interactions/${row.id}/delete`} class="row">
            <Csrf />
            <button class="secondary" type="submit">
              {t.log.undo}
            </button>
            <a href={`/interactions/${row.id}/edit`}>{t.log.edit}</a>
            {channel === "visit" && <a href={`/interactions/${row.id}/intel`}>{t.log.addIntel}</a>}
            <span class="muted small">{t.log.undoHint}</span>
          </form>
        )}
      </div>
      <p class="row">
        <a class="button" href="/log">
          {t.log.logAnother}
        </a>
        <a class="button secondary" href={`/log?storeId=${row.storeId}`}>
          {t.log.sameStoreAgain}
        </a>
      </p>
      <p class="row">
        <a href="/today">{t.log.toToday}</a>
        <a href={`/stores/${row.storeId}`}>{t.log.toStore}</a>
      </p>
    </>
  );
}
