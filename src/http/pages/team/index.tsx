// /team, for managers (their team) and admins (every team). Reps get 404 here.
import { Hono } from "hono";
import type { AppEnv } from "../../context.ts";
import { idParam, requireViewer, signedIn } from "../../guard.ts";
import { codesToMessages, throwFailure } from "../forms.tsx";
import { renderTeamList, teamQuery } from "./list.tsx";
import { exportTeamCsv } from "./export.ts";
import { giftsQuery, listQuery, notesQuery, renderGifts, renderNotContacted, renderNotes } from "./lists.tsx";
import { renderWeekList, weekListQuery } from "./week-lists.tsx";
import { keptReassign, reassignForm, renderRep } from "./rep.tsx";
import { reassignStores } from "../../../db/queries/stores.ts";

/** Mounted at /team. */
export const teamPages = new Hono<AppEnv>()
  .get("/", signedIn("manager", "admin"), teamQuery, (c) => renderTeamList(c, c.req.valid("query")))
  .get("/export.csv", signedIn("manager", "admin"), (c) => exportTeamCsv(c))
  .get("/lists/not-contacted", signedIn("manager", "admin"), listQuery, (c) => renderNotContacted(c, c.req.valid("query")))
  .get("/lists/notes", signedIn("manager", "admin"), notesQuery, (c) => renderNotes(c, c.req.valid("query")))
  .get("/lists/gifts", signedIn("manager", "admin"), giftsQuery, (c) => renderGifts(c, c.req.valid("query")))
  .get("/lists/follow-ups", signedIn("manager", "admin"), weekListQuery("follow-ups"), (c) => renderWeekList(c, "follow-ups", c.req.valid("query")))
  .get("/lists/rules", signedIn("manager", "admin"), weekListQuery("rules"), (c) => renderWeekList(c, "rules", c.req.valid("query")))
  .get("/lists/change", signedIn("manager", "admin"), weekListQuery("change"), (c) => renderWeekList(c, "change", c.req.valid("query")))
  .get("/lists/festivals", signedIn("manager", "admin"), weekListQuery("festivals"), (c) => renderWeekList(c, "festivals", c.req.valid("query")))
  // Folded (middleware/session.ts): renderRep checks the session in its first read.
  .get("/reps/:id", (c) => renderRep(c, idParam(c)))
  .post("/reps/:id/reassign", signedIn("manager", "admin"), reassignForm, async (c) => {
    const viewer = requireViewer(c);
    const repId = idParam(c);
    const { storeIds, toRepId } = c.req.valid("form");
    const result = await reassignStores(c.get("db"), viewer, { fromRepId: repId, storeIds, toRepId }, c.get("now"));
    if (!result.ok) {
      if (result.reason !== "invalid") throwFailure(result, c);
      return renderRep(c, repId, await keptReassign(c, codesToMessages(result.fields, c)));
    }
    return c.redirect(`/team/reps/${repId}?moved=${result.value.moved}`, 303);
  });
