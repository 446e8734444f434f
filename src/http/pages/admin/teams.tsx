// /admin/teams: create, rename, delete an empty team (admins only). A team's manager is a user with
// the role manager and that team, set on the user's page.
import { Hono } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { AppContext, AppEnv } from "../../context.ts";
import { idParam, requireViewer } from "../../guard.ts";
import { ApiError } from "../../errors.ts";
import { Csrf, FieldError, useT } from "../layout.tsx";
import { firstValues, formValidator, fromFields, type Fields } from "../../validation.ts";
import { teamOverview, type TeamOverview } from "../../../db/queries/teams.ts";
import { TeamForm } from "../../../services/admin-users.ts";
import { createTeam, deleteEmptyTeam, renameTeam } from "../../../db/queries/teams.ts";
import { renderAdmin, translateAll, type Errors } from "./shared.tsx";

const nameOf = (raw: Fields) => firstValues(raw).name ?? "";
const typedName = async (c: AppContext) => nameOf(await c.req.parseBody({ all: true }));
const NameFields = fromFields((raw) => ({ name: nameOf(raw) }), TeamForm);

const createForm = formValidator(NameFields, async (c, errors) => renderTeams(c, { values: { name: await typedName(c) }, errors }, 400));

/** A rename's errors are keyed by the team's own field, `name-<id>`. */
const renameForm = formValidator(NameFields, async (c, errors) => {
  const key = `name-${idParam(c)}`;
  return renderTeams(c, { values: { [key]: await typedName(c) }, errors: { [key]: errors.name ?? c.get("t").validation.invalid } }, 400);
});

function CreateForm(props: { values?: Record<string, string>; errors?: Errors }) {
  const tt = useT().admin.teams;
  const { values, errors } = props;
  return (
    <form method="post" action="/admin/teams" class="card" novalidate>
      <Csrf />
      <label for="name">{tt.name}</label>
      <div class="row">
        <input class={`grow${errors?.name ? " invalid" : ""}`} id="name" name="name" value={values?.name ?? ""} aria-describedby={errors?.name ? "name-error" : undefined} />
        <button type="submit">{tt.create}</button>
      </div>
      <FieldError errors={errors} name="name" />
    </form>
  );
}

function TeamItem(props: { team: TeamOverview["teams"][number]; overview: TeamOverview; values?: Record<string, string>; errors?: Errors }) {
  const t = useT();
  const tt = t.admin.teams;
  const { team, values, errors } = props;
  const m = props.overview.members.get(team.id) ?? { reps: 0, all: 0 };
  const mgrs = props.overview.managers.filter((x) => x.teamId === team.id);
  const key = `name-${team.id}`;
  return (
    <li>
      <form method="post" action={`/admin/teams/${team.id}`} novalidate>
        <Csrf />
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
            <Csrf />
            <button class="danger" type="submit">
              {tt.delete}
            </button>
          </form>
        )}
      </div>
    </li>
  );
}

type PageProps = { errors?: Errors; values?: Record<string, string>; notice?: string; error?: string };

/** Errors of the create form are keyed `name`; those of a team's rename form `name-<id>`. */
async function renderTeams(c: AppContext, props: PageProps, status: ContentfulStatusCode = 200) {
  const viewer = requireViewer(c, "admin");
  const t = c.get("t");
  const overview = await teamOverview(c.get("db"), viewer);
  const tt = t.admin.teams;
  const { errors, values } = props;
  const body = (
    <>
      <h1>{tt.title}</h1>
      <CreateForm values={values} errors={errors} />
      {overview.teams.length === 0 ? (
        <p class="muted">{tt.none}</p>
      ) : (
        <div class="card">
          <ul class="plain">
            {overview.teams.map((team) => (
              <TeamItem team={team} overview={overview} values={values} errors={errors} />
            ))}
          </ul>
        </div>
      )}
      <p class="muted small">
        {tt.deleteHint} {tt.managerHint}
      </p>
    </>
  );
  return renderAdmin(c, { title: tt.title, section: "teams", notice: props.notice, error: props.error ?? (errors ? t.common.fixErrors : undefined) }, body, status);
}

const DONE = { created: "created", renamed: "renamed", deleted: "deleted" } as const;

export const adminTeams = new Hono<AppEnv>()
  .get("/", (c) => {
    const done = c.req.query("done");
    const tt = c.get("t").admin.teams;
    const notice = done === DONE.created ? tt.created : done === DONE.renamed ? tt.renamed : done === DONE.deleted ? tt.deleted : undefined;
    return renderTeams(c, { notice });
  })
  .post("/", createForm, async (c) => {
    const result = await createTeam(c.get("db"), c.req.valid("form").name);
    if (!result.ok) {
      const fields = "fields" in result ? translateAll(result.fields, c.get("t")) : {};
      return renderTeams(c, { values: { name: await typedName(c) }, errors: fields }, 400);
    }
    return c.redirect(`/admin/teams?done=${DONE.created}`, 303);
  })
  .post("/:id", renameForm, async (c) => {
    const id = idParam(c);
    const t = c.get("t");
    const key = `name-${id}`;
    const result = await renameTeam(c.get("db"), id, c.req.valid("form").name);
    if (!result.ok) {
      if ("notFound" in result) throw new ApiError(404, "not_found", "not found");
      return renderTeams(c, { values: { [key]: await typedName(c) }, errors: { [key]: translateAll(result.fields, t).name ?? t.validation.invalid } }, 400);
    }
    return c.redirect(`/admin/teams?done=${DONE.renamed}`, 303);
  })
  .post("/:id/delete", async (c) => {
    const id = idParam(c);
    const outcome = await deleteEmptyTeam(c.get("db"), id);
    if (outcome === "not_found") throw new ApiError(404, "not_found", "not found");
    if (outcome === "not_empty") return renderTeams(c, { error: c.get("t").admin.errors.team_not_empty }, 409);
    return c.redirect(`/admin/teams?done=${DONE.deleted}`, 303);
  });
