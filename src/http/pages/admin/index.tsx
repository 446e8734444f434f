// /admin: the admin's pages, for role admin only; everyone else gets the same 404 as for a page
// that does not exist (nothing to probe), visitors a redirect to sign-in.
import { Hono } from "hono";
import type { AppContext, AppEnv } from "../../context.ts";
import { requireViewer } from "../../guard.ts";
import { orgCounts } from "../../../db/queries/org.ts";
import { AdminPage, type Section } from "./shared.tsx";
import { adminUsers } from "./users.tsx";
import { adminTeams } from "./teams.tsx";
import { adminPolicy } from "./policy.tsx";
import { adminFestivals } from "./festivals.tsx";
import { adminImport } from "./import.tsx";
import { adminAudit } from "./audit.tsx";

async function AdminHome(props: { c: AppContext }) {
  const { c } = props;
  const viewer = requireViewer(c, "admin");
  const t = c.get("t").admin;
  const db = c.get("db");
  const n = await orgCounts(db, viewer);
  const sections: Section[] = ["users", "teams", "policy", "festivals", "templates", "import", "audit"];
  return (
    <AdminPage c={c} title={t.title}>
      <h1>{t.title}</h1>
      <p class="muted small">{t.counts(n.users, n.teams, n.stores, n.festivals)}</p>
      <ul class="plain card">
        {sections.map((s) => (
          <li>
            <a href={`/admin/${s}`}>
              <strong>{t.sections[s]}</strong>
            </a>
            <div class="muted small">{t.sectionHints[s]}</div>
          </li>
        ))}
      </ul>
    </AdminPage>
  );
}

export const adminPages = new Hono<AppEnv>()
  // Every admin path, known or not, answers a non-admin the same way.
  .use("*", async (c, next) => {
    requireViewer(c, "admin");
    await next();
  })
  .get("/", (c) => {
    requireViewer(c, "admin");
    return c.html(<AdminHome c={c} />);
  })
  .route("/users", adminUsers)
  .route("/teams", adminTeams)
  .route("/policy", adminPolicy)
  .route("/festivals", adminFestivals)
  .route("/import", adminImport)
  .route("/audit", adminAudit);
