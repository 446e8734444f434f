// /admin: the admin's pages, for role admin only; everyone else gets the same 404 as for a page
// that does not exist (nothing to probe), visitors a redirect to sign-in. Mounted at /admin.
import { Hono } from "hono";
import type { AppEnv } from "../../context.ts";
import { requireViewer } from "../../guard.ts";
import { useT } from "../layout.tsx";
import { orgCounts, type OrgCounts } from "../../../db/queries/org.ts";
import { renderAdmin, SECTIONS } from "./shared.tsx";
import { adminUsers } from "./users.tsx";
import { adminTeams } from "./teams.tsx";
import { adminPolicy } from "./policy.tsx";
import { adminFestivals } from "./festivals.tsx";
import { adminCalendar } from "./calendar.tsx";
import { loadPolicy } from "../../../db/queries/policy.ts";
import { localDateOf } from "../../../domain/dates.ts";
import { hasOfficialCalendar, missingNextYear } from "../../../domain/working-days.ts";
import type { AppContext } from "../../context.ts";
import { adminTemplates } from "./templates.tsx";
import { adminImport } from "./import.tsx";
import { adminAudit } from "./audit.tsx";
import { adminOutbox } from "../outbox.tsx";

function AdminHome(props: { n: OrgCounts }) {
  const t = useT().admin;
  const { n } = props;
  return (
    <>
      <h1>{t.title}</h1>
      <p class="muted small">{t.counts(n.users, n.teams, n.stores, n.festivals)}</p>
      <ul class="plain card">
        {SECTIONS.map((s) => (
          <li>
            <a href={`/admin/${s}`}>
              <strong>{t.sections[s]}</strong>
            </a>
            <div class="muted small">{t.sectionHints[s]}</div>
          </li>
        ))}
      </ul>
    </>
  );
}

/**
 * Next year, when its working calendar is missing and it is 1 November or later in the
 * organisation's zone. Local 1 November begins on 31 October 10:00 UTC at the earliest (UTC+14), and
 * a year the built-in table knows is never missing: only then is the calendar read (one more round
 * trip, on admin pages in the last two months of a year the library does not cover).
 */
async function calendarMissing(c: AppContext): Promise<number | null> {
  const now = new Date(c.get("now"));
  const beforeNovember = now.getUTCMonth() < 9 || (now.getUTCMonth() === 9 && now.getUTCDate() < 31);
  if (beforeNovember || hasOfficialCalendar(now.getUTCFullYear() + 1)) return null;
  const policy = await loadPolicy(c.get("db"));
  return missingNextYear(policy.calendar, localDateOf(c.get("now"), policy.timeZone));
}

export const adminPages = new Hono<AppEnv>()
  // Every admin path, known or not, answers a non-admin the same way.
  .use("*", async (c, next) => {
    requireViewer(c, "admin");
    // Pages only: a POST answers with a redirect, or re-renders a form whose banner can wait.
    if (c.req.method === "GET") c.set("calendarMissing", await calendarMissing(c));
    await next();
  })
  .get("/", async (c) => {
    const n = await orgCounts(c.get("db"), requireViewer(c, "admin"));
    return renderAdmin(c, { title: c.get("t").admin.title }, <AdminHome n={n} />);
  })
  .route("/users", adminUsers)
  .route("/teams", adminTeams)
  .route("/policy", adminPolicy)
  .route("/calendar", adminCalendar)
  .route("/festivals", adminFestivals)
  .route("/templates", adminTemplates)
  .route("/import", adminImport)
  .route("/audit", adminAudit)
  .route("/outbox", adminOutbox);
