// /admin/teams: create, rename, delete an empty team (admins only). A team's manager is a user with
// the role manager and that team, set on the user's page.
import { Hono } from "hono";
import * as v from "valibot";
import type { AppContext, AppEnv } from "../../context.ts";
import { idParam, requireViewer } from "../../guard.ts";
import { ApiError } from "../../errors.ts";
import { Csrf, FieldError } from "../layout.tsx";
import { fieldErrors } from "../../validation.ts";
import { teamOverview } from "../../../db/queries/teams.ts";
import { TeamForm, createTeam, deleteEmptyTeam, renameTeam } from "../../../services/admin-users.ts";
import { AdminPage, str, translateAll, type Errors } from "./shared.tsx";

/** Errors of the create form are keyed `name`; those of a team's rename form `name-<id>`. */
async function TeamsPage(props: { c: AppContext; errors?: Errors; values?: Record<string, string>; notice?: string; error?: string }) {
  const { c, errors, values } = props;
  const viewer = requireViewer(c, "admin");
  const t = c.get("t");
  const db = c.get("db");
  const { teams: teamRows, members, managers } = await teamOverview(db, viewer);
  const tt = t.admin.teams;
  return (
    <AdminPage c={c} title={tt.title} section="teams" notice={props.notice} error={props.error ?? (errors ? t.common.fixErrors : undefined)}>
      <h1>{tt.title}</h1>
      <form method="post" action="/admin/teams" class="card" novalidate>
        <Csrf c={c} />
        <label for="name">{tt.name}</label>
        <div class="row">
          <input
            class={`grow${errors?.name ? " invalid" : ""}`}
            id="name"
            name="name"
            value={values?.name ?? ""}
            aria-describedby={errors?.name ? "name-error" : undefined}
          />
          <button type="submit">{tt.create}</button>
        </div>
        <FieldError errors={errors} name="name" />
      </form>
      {teamRows.length === 0 ? (
        <p class="muted">{tt.none}</p>
      ) : (
        <div class="card">
          <ul class="plain">
            {teamRows.map((team) => {
              const m = members.get(team.id) ?? { reps: 0, all: 0 };
              const mgrs = managers.filter((x) => x.teamId === team.id);
              const key = `name-${team.id}`;
              return (
                <li>
                  <form method="post" action={`/admin/teams/${team.id}`} novalidate>
                    <Csrf c={c} />
                    <div class="row">
                      <input
                        class={`grow${errors?.[key] ? " invalid" : ""}`}
                        id={key}
                        name="name"
                        aria-label={tt.name}
                        value={values?.[key] ?? team.name}
                        aria-describedby={errors?.[key] ? `${key}-error` : undefined}
                      />
                      <button class="secondary" type="submit">
                        {tt.rename}
                      </button>
                    </div>
                    <FieldError errors={errors} name={key} />
                  </form>
                  <div class="row small">
                    <span class="grow muted">
                      {tt.managers}
                      {t.admin.colon}
                      {mgrs.length === 0
                        ? tt.noManager
                        : mgrs.map((x, i) => (
                            <>
                              {i > 0 && t.admin.listSep}
                              <a href={`/admin/users/${x.id}`}>{x.name}</a>
                            </>
                          ))}
                      {" · "}
                      {tt.reps}
                      {t.admin.colon}
                      {m.reps}
                    </span>
                    {m.all === 0 && (
                      <form method="post" action={`/admin/teams/${team.id}/delete`}>
                        <Csrf c={c} />
                        <button class="danger" type="submit">
                          {tt.delete}
                        </button>
                      </form>
                    )}
                  </div>
                </li>
              );
            })}
          </ul>
        </div>
      )}
      <p class="muted small">
        {tt.deleteHint} {tt.managerHint}
      </p>
    </AdminPage>
  );
}

const DONE = { created: "created", renamed: "renamed", deleted: "deleted" } as const;

export const adminTeams = new Hono<AppEnv>()
  .get("/", (c) => {
    requireViewer(c, "admin");
    const done = c.req.query("done");
    const tt = c.get("t").admin.teams;
    const notice = done === DONE.created ? tt.created : done === DONE.renamed ? tt.renamed : done === DONE.deleted ? tt.deleted : undefined;
    return c.html(<TeamsPage c={c} notice={notice} />);
  })
  .post("/", async (c) => {
    requireViewer(c, "admin");
    const t = c.get("t");
    const name = str(await c.req.formData(), "name");
    const parsed = v.safeParse(TeamForm, { name });
    if (!parsed.success) return c.html(<TeamsPage c={c} values={{ name }} errors={fieldErrors(parsed.issues, t)} />, 400);
    const result = await createTeam(c.get("db"), parsed.output.name);
    if (!result.ok) {
      const fields = "fields" in result ? translateAll(result.fields, t) : {};
      return c.html(<TeamsPage c={c} values={{ name }} errors={fields} />, 400);
    }
    return c.redirect(`/admin/teams?done=${DONE.created}`, 303);
  })
  .post("/:id", async (c) => {
    requireViewer(c, "admin");
    const id = idParam(c);
    const t = c.get("t");
    const key = `name-${id}`;
    const name = str(await c.req.formData(), "name");
    const parsed = v.safeParse(TeamForm, { name });
    if (!parsed.success) {
      return c.html(<TeamsPage c={c} values={{ [key]: name }} errors={{ [key]: fieldErrors(parsed.issues, t).name ?? t.validation.invalid }} />, 400);
    }
    const result = await renameTeam(c.get("db"), id, parsed.output.name);
    if (!result.ok) {
      if ("notFound" in result) throw new ApiError(404, "not_found", "not found");
      return c.html(<TeamsPage c={c} values={{ [key]: name }} errors={{ [key]: translateAll(result.fields, t).name ?? t.validation.invalid }} />, 400);
    }
    return c.redirect(`/admin/teams?done=${DONE.renamed}`, 303);
  })
  .post("/:id/delete", async (c) => {
    requireViewer(c, "admin");
    const id = idParam(c);
    const outcome = await deleteEmptyTeam(c.get("db"), id);
    if (outcome === "not_found") throw new ApiError(404, "not_found", "not found");
    if (outcome === "not_empty") return c.html(<TeamsPage c={c} error={c.get("t").admin.errors.team_not_empty} />, 409);
    return c.redirect(`/admin/teams?done=${DONE.deleted}`, 303);
  });
