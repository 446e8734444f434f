// /admin/users: list, create, edit, deactivate and reactivate accounts (admins only).
import { Hono } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { AppContext, AppEnv } from "../../context.ts";
import { requireViewer, idParam } from "../../guard.ts";
import { ApiError } from "../../errors.ts";
import { Csrf, useT } from "../layout.tsx";
import { firstValues, formValidator, fromFields, type Fields } from "../../validation.ts";
import { searchUsers, userForAdmin, USER_PAGE_SIZE } from "../../../db/queries/users.ts";
import { countLiveSessions } from "../../../auth/sessions.ts";
import { LOCALES, ROLES } from "../../../domain/types.ts";
import { messages } from "../../../i18n/index.ts";
import { UserForm } from "../../../services/admin-users.ts";
import { createUser, setUserActive, updateUser } from "../../../db/queries/users.ts";
import { listTeams } from "../../../db/queries/teams.ts";
import { renderAdmin, SelectField, TextField, translateAll, type Errors } from "./shared.tsx";

type Values = { email: string; name: string; role: string; teamId: string; locale: string; digestTime: string };

/** The form's fields as typed (a missing one is empty). */
function userValues(raw: Fields): Values {
  const f = firstValues(raw);
  return { email: f.email ?? "", name: f.name ?? "", role: f.role ?? "", teamId: f.teamId ?? "", locale: f.locale ?? "", digestTime: f.digestTime ?? "" };
}

const typedValues = async (c: AppContext) => userValues(await c.req.parseBody({ all: true }));
const UserFields = fromFields(userValues, UserForm);

const newUserForm = formValidator(UserFields, async (c, errors) => renderUserForm(c, { values: await typedValues(c), errors }, 400));

const editUserForm = formValidator(UserFields, async (c, errors) => {
  const id = idParam(c);
  const row = await loadUser(c, id);
  return renderUserForm(c, { id, values: await typedValues(c), active: row.active, errors }, 400);
});

function noticeText(c: AppContext): string | undefined {
  const t = c.get("t").admin;
  const done = c.req.query("done");
  switch (done) {
    case "created":
      return t.users.created;
    case "saved":
      return t.saved;
    case "deactivated":
      return t.users.deactivated;
    case "reactivated":
      return t.users.reactivated;
    default:
      return undefined;
  }
}

type UserRow = Awaited<ReturnType<typeof searchUsers>>[number];

function UserTable(props: { rows: UserRow[] }) {
  const t = useT();
  return (
    <div class="table-wrap card">
      <table>
        <thead>
          <tr>
            <th>{t.admin.users.name}</th>
            <th>{t.admin.users.role}</th>
            <th>{t.admin.users.team}</th>
            <th>{t.admin.users.status}</th>
          </tr>
        </thead>
        <tbody>
          {props.rows.map((u) => (
            <tr class={u.active ? undefined : "muted"}>
              <td>
                <a href={`/admin/users/${u.id}`}>{u.name}</a>
                <div class="small muted">{u.email}</div>
              </td>
              <td>{t.common.role[u.role]}</td>
              <td>{u.team ?? ""}</td>
              <td>
                <span class={`pill ${u.active ? "ok" : "bad"}`}>{u.active ? t.admin.users.active : t.admin.users.inactive}</span>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function UserList(props: { q: string; page: number; rows: UserRow[] }) {
  const t = useT();
  const { q, page, rows } = props;
  const more = rows.length > USER_PAGE_SIZE;
  const pageHref = (p: number) => `/admin/users?${new URLSearchParams({ ...(q ? { q } : {}), page: String(p) }).toString()}`;
  return (
    <>
      <div class="row">
        <h1 class="grow">{t.admin.users.title}</h1>
        <a class="button" href="/admin/users/new">
          {t.admin.users.newUser}
        </a>
      </div>
      <form method="get" action="/admin/users" class="row card">
        <input class="grow" type="search" name="q" value={q} aria-label={t.admin.users.search} placeholder={t.admin.users.search} />
        <button class="secondary" type="submit">
          {t.common.search}
        </button>
      </form>
      {rows.length === 0 ? <p class="muted">{t.admin.users.none}</p> : <UserTable rows={rows.slice(0, USER_PAGE_SIZE)} />}
      <div class="row">
        {page > 1 && (
          <a class="button secondary" href={pageHref(page - 1)}>
            {t.admin.users.prev}
          </a>
        )}
        {more && (
          <a class="button secondary" href={pageHref(page + 1)}>
            {t.admin.users.next}
          </a>
        )}
      </div>
      <p class="muted small">{t.admin.users.managerNote}</p>
    </>
  );
}

/** Sessions, and deactivating or reactivating the account (never one's own). */
function AccessCard(props: { id: number; live: number; active?: boolean }) {
  const t = useT();
  const { id } = props;
  return (
    <div class="card">
      <p class="muted small">{t.admin.users.liveSessions(props.live)}</p>
      {props.active ? (
        <form method="post" action={`/admin/users/${id}/deactivate`}>
          <Csrf />
          <p class="small">{t.admin.users.deactivateHint}</p>
          <button class="danger" type="submit">
            {t.admin.users.deactivate}
          </button>
        </form>
      ) : (
        <form method="post" action={`/admin/users/${id}/reactivate`}>
          <Csrf />
          <p class="small">{t.admin.users.reactivateHint}</p>
          <button type="submit">{t.admin.users.reactivate}</button>
        </form>
      )}
    </div>
  );
}

type FormProps = { id?: number; values: Values; errors?: Errors; active?: boolean; notice?: string; error?: string };

function UserFormPage(props: FormProps & { teams: { id: number; name: string }[]; live: number; self: boolean }) {
  const t = useT();
  const { id, values, errors } = props;
  return (
    <>
      <h1>{id ? t.admin.users.editUser : t.admin.users.newUser}</h1>
      <form method="post" action={id ? `/admin/users/${id}` : "/admin/users"} class="card" novalidate>
        <Csrf />
        <TextField name="email" type="email" inputmode="email" label={t.admin.users.email} value={values.email} errors={errors} required />
        <TextField name="name" label={t.admin.users.name} value={values.name} errors={errors} required />
        <SelectField name="role" label={t.admin.users.role} value={values.role} errors={errors} options={ROLES.map((r) => [r, t.common.role[r]] as const)} />
        <SelectField
          name="teamId"
          label={t.admin.users.team}
          value={values.teamId}
          errors={errors}
          options={[["", t.admin.users.noTeam] as const, ...props.teams.map((tm) => [String(tm.id), tm.name] as const)]}
        />
        <SelectField name="locale" label={t.admin.users.locale} value={values.locale} errors={errors} options={LOCALES.map((l) => [l, messages(l).common.languageName] as const)} />
        <TextField name="digestTime" type="time" label={t.admin.users.digestTime} hint={t.admin.users.digestTimeHint} value={values.digestTime} errors={errors} />
        <p>
          <button type="submit">{id ? t.common.save : t.admin.users.create}</button>
        </p>
      </form>
      {id && !props.self && <AccessCard id={id} live={props.live} active={props.active} />}
    </>
  );
}

async function renderUserForm(c: AppContext, props: FormProps, status: ContentfulStatusCode = 200) {
  const viewer = requireViewer(c, "admin");
  const t = c.get("t");
  const db = c.get("db");
  const { id } = props;
  const [teams, live] = await Promise.all([listTeams(db), id ? countLiveSessions(db, id, c.get("now")) : Promise.resolve(0)]);
  const title = id ? t.admin.users.editUser : t.admin.users.newUser;
  const frame = { title, section: "users" as const, notice: props.notice, error: props.error ?? (props.errors ? t.common.fixErrors : undefined) };
  return renderAdmin(c, frame, <UserFormPage {...props} teams={teams} live={live} self={id === viewer.id} />, status);
}

async function loadUser(c: AppContext, id: number) {
  const viewer = requireViewer(c, "admin");
  const row = await userForAdmin(c.get("db"), viewer, id);
  if (!row) throw new ApiError(404, "not_found", "not found");
  return row;
}

const asValues = (row: Awaited<ReturnType<typeof loadUser>>): Values => ({ ...row, teamId: row.teamId === null ? "" : String(row.teamId) });

export const adminUsers = new Hono<AppEnv>()
  .get("/", async (c) => {
    const viewer = requireViewer(c, "admin");
    const q = (c.req.query("q") ?? "").trim().slice(0, 100);
    const page = Math.max(1, Math.min(10_000, Number(/^\d{1,5}$/.test(c.req.query("page") ?? "") ? c.req.query("page") : 1)));
    const rows = await searchUsers(c.get("db"), viewer, q, page);
    return renderAdmin(c, { title: c.get("t").admin.users.title, section: "users", notice: noticeText(c) }, <UserList q={q} page={page} rows={rows} />);
  })
  .get("/new", (c) => renderUserForm(c, { values: { email: "", name: "", role: "rep", teamId: "", locale: "zh-CN", digestTime: "07:30" } }))
  .post("/", newUserForm, async (c) => {
    requireViewer(c, "admin");
    const t = c.get("t");
    const result = await createUser(c.get("db"), c.req.valid("form"));
    if (!result.ok) {
      if ("notFound" in result) throw new ApiError(404, "not_found", "not found");
      return renderUserForm(c, { values: await typedValues(c), errors: translateAll(result.fields, t) }, 400);
    }
    return c.redirect(`/admin/users/${result.id}?done=created`, 303);
  })
  .get("/:id", async (c) => {
    const id = idParam(c);
    const row = await loadUser(c, id);
    return renderUserForm(c, { id, values: asValues(row), active: row.active, notice: noticeText(c) });
  })
  .post("/:id", editUserForm, async (c) => {
    const viewer = requireViewer(c, "admin");
    const id = idParam(c);
    const t = c.get("t");
    const row = await loadUser(c, id);
    const result = await updateUser(c.get("db"), id, c.req.valid("form"), viewer.id);
    if (!result.ok) {
      if ("notFound" in result) throw new ApiError(404, "not_found", "not found");
      return renderUserForm(c, { id, values: await typedValues(c), active: row.active, errors: translateAll(result.fields, t) }, 400);
    }
    return c.redirect(`/admin/users/${id}?done=saved`, 303);
  })
  .post("/:id/deactivate", async (c) => {
    const viewer = requireViewer(c, "admin");
    const id = idParam(c);
    const row = await loadUser(c, id);
    if (id === viewer.id) return renderUserForm(c, { id, values: asValues(row), active: row.active, error: c.get("t").admin.users.cannotDeactivateSelf }, 400);
    if (!(await setUserActive(c.get("db"), id, false, c.get("now")))) throw new ApiError(404, "not_found", "not found");
    return c.redirect(`/admin/users/${id}?done=deactivated`, 303);
  })
  .post("/:id/reactivate", async (c) => {
    requireViewer(c, "admin");
    const id = idParam(c);
    await loadUser(c, id);
    if (!(await setUserActive(c.get("db"), id, true, c.get("now")))) throw new ApiError(404, "not_found", "not found");
    return c.redirect(`/admin/users/${id}?done=reactivated`, 303);
  });
