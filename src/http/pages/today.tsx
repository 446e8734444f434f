// /today: the morning digest as a page (SPEC §5–6). The document comes from digestDocs, the same
// function the mail is built with, so the page and the e-mail cannot say different things; links are
// relative (origin "") and every task opens the prefilled quick log.
import { Hono } from "hono";
import type { AppEnv } from "../context.ts";
import { useT } from "./layout.tsx";
import { MailDocView } from "./mail-doc.tsx";
import { ManagerTodayView } from "./manager-today.tsx";
import { renderRepList, repListQuery } from "./today-lists.tsx";
import { managerTodayFrom, managerTodayPlan } from "../../services/manager-today.ts";
import { requireViewer, withViewer } from "../guard.ts";
import { ApiError } from "../errors.ts";
import { digestDocsPlan, type DigestDoc } from "../../services/compose.ts";
import { constantPlan, joinPlans, runPlan } from "../../db/batch.ts";
import { localDateOf, localTimeOf } from "../../domain/dates.ts";
import { logUrl } from "../../domain/log-link.ts";
import { SkipInput, skipPlanItem } from "../../services/plan-skip.ts";
import { fieldErrors, postedStrings } from "../validation.ts";
import * as v from "valibot";

/** A manager or admin without stores of their own: the team page is where their work is. */
function NoStores(props: { today: string; calendarMissing: number | null }) {
  const t = useT();
  return (
    <>
      <h1>
        {t.progress.todayTitle} · {props.today}
      </h1>
      {props.calendarMissing && (
        <div class="alert warn">
          {t.mail.digest.calendarMissing(props.calendarMissing)} <a href={`/admin/calendar?year=${props.calendarMissing}`}>{t.admin.calendar.enterIt}</a>
        </div>
      )}
      <div class="card">
        <p>
          {t.progress.noStoresManager} <a href="/team">{t.progress.toTeam}</a>
        </p>
      </div>
    </>
  );
}

/** Mounted at /today. */
export const todayPage = new Hono<AppEnv>().get("/", async (c) => {
  const db = c.get("db");
  const now = c.get("now");
  // One round trip for a rep (the digest and the session check), two for a manager of a team (their
  // own digest and the team's reps with it, then the team's months).
  const { viewer, value: first } = await withViewer(c, [], ({ viewer: who, guard }) => {
    // The digest's day: the local date in the user's own time zone, as the scheduler dates the mail.
    const today = localDateOf(now, who.timeZone);
    // The digest reads the stores under the viewer's own name; a manager without a team may see no
    // store at all (storeVisible), so none is read for them.
    const ownDigest = who.role !== "manager" || who.teamId !== null;
    const managesTeam = who.role === "manager" && who.teamId !== null;
    return runPlan(
      db,
      joinPlans({
        today: constantPlan(today),
        digest: ownDigest ? digestDocsPlan(db, [who.id], today, "", localTimeOf(now, who.timeZone)) : constantPlan(null),
        team: managesTeam ? managerTodayPlan(db, who) : constantPlan(null),
      }),
      guard,
    );
  });
  const today = first.today;
  let digest: DigestDoc | null = null;
  if (first.digest) {
    const d = first.digest.get(viewer.id);
    if (!d) throw new ApiError(404, "not_found", "not found");
    if (d instanceof Error) throw d;
    digest = d;
  }
  const t = c.get("t");
  // A manager of a team: the team's work for today (manager-today.tsx), its months one round trip more.
  const team = first.team ? await managerTodayFrom(db, viewer, now, first.team) : null;
  const own =
    digest && (digest.hasStores || viewer.role === "rep") ? (
      <>
        {c.req.query("skipped") === "1" && (
          <div class="alert ok" role="status">
            {t.progress.skip.saved}
          </div>
        )}
        <MailDocView doc={digest.doc} here="/today" skippable />
      </>
    ) : null;
  const teamView = team && <ManagerTodayView data={team} heading={!own} calendarMissing={digest?.calendarMissing ?? null} />;
  const page = own || teamView ? <>{own}{teamView}</> : <NoStores today={today} calendarMissing={digest?.calendarMissing ?? null} />;
  return c.render(page, { title: t.progress.todayTitle, nav: "today" });
})
  // A list the digest caps ("还有 N 条"), in full and paged: the viewer's own, as above.
  .get("/lists/:list", repListQuery, (c) => renderRepList(c, c.req.valid("query").page ?? 1))
  // Skip a plan item with a reason (the form under each item). Not the viewer's own live store: 404.
  // "Contacted, not logged yet" goes on to the quick log, prefilled, so the contact gets logged.
  .post("/skip", async (c) => {
    const viewer = requireViewer(c);
    const parsed = v.safeParse(SkipInput, await postedStrings(c));
    if (!parsed.success) {
      // Only a hand-made post gets here (the form's reason is required, its note capped): say which field, change nothing.
      const t = c.get("t");
      const label: Record<string, string> = { reason: t.progress.skip.legend, note: t.progress.skip.note };
      c.status(400);
      return c.render(
        <div class="card">
          <div class="alert error">{t.common.fixErrors}</div>
          <ul>
            {Object.entries(fieldErrors(parsed.issues, t)).map(([k, m]) => (
              <li data-field={k}>
                {label[k] ?? k}: {m}
              </li>
            ))}
          </ul>
          <a href="/today">{t.progress.todayTitle}</a>
        </div>,
        { title: t.progress.todayTitle, nav: "today" },
      );
    }
    const result = await skipPlanItem(c.get("db"), viewer, parsed.output, c.get("now"));
    if (result === "not_found") throw new ApiError(404, "not_found", "not found");
    const { storeId, channel, reason } = parsed.output;
    return c.redirect(reason === "not_logged" ? logUrl("", { storeId, channel, occasion: "routine" }) : "/today?skipped=1#plan", 303);
  });
