// /admin/audit (admins only): who created, changed or erased which contact's personal data, which
// fields and when, newest first, filtered by contact id and by the user who did it, paged by audit
// id. Field names only: the log never holds values. An erased contact has no name any more: its
// id and "deleted" are shown, and its history stays listed under that id.
import { Hono } from "hono";
import type { AppContext, AppEnv } from "../../context.ts";
import { requireViewer } from "../../guard.ts";
import { FieldError, usePage, useT } from "../layout.tsx";
import { actorByEmail, auditPage, type AuditFilter, type AuditPage, type AuditRow } from "../../../db/queries/audit.ts";
import { localDateOf, localTimeOf } from "../../../domain/dates.ts";
import { renderAdmin, type Errors } from "./shared.tsx";

const ID = /^\d{1,15}$/;

type Query = { contact: string; actor: string; before: string };

/** The filter a query string asks for, or the fields it gets wrong (in the viewer's language). */
async function readFilter(c: AppContext, q: Query): Promise<{ filter: AuditFilter; errors: Errors }> {
  const t = c.get("t").admin.audit;
  const filter: AuditFilter = {};
  const errors: Errors = {};
  if (q.contact !== "") {
    if (ID.test(q.contact) && Number(q.contact) > 0) filter.contactId = Number(q.contact);
    else errors.contact = t.errors.contact;
  }
  if (q.actor !== "") {
    const user = await actorByEmail(c.get("db"), q.actor);
    if (user) filter.actorId = user.id;
    else errors.actor = t.errors.actor;
  }
  if (q.before !== "") {
    if (ID.test(q.before)) filter.before = Number(q.before);
    else errors.before = t.errors.before;
  }
  return { filter, errors };
}

function Record(props: { row: AuditRow; href: (contact: number) => string }) {
  const t = useT().admin.audit;
  const { row } = props;
  const contact =
    row.contactId === null ? null : (
      <span>
        <a href={props.href(row.contactId)}>{row.entity === "contact" ? t.contactRecord(row.contactId) : t.ofContact(row.contactId)}</a>{" "}
        {row.contactName !== null ? row.contactName : <span class="pill bad">{t.erased}</span>}
      </span>
    );
  if (row.entity === "contact") return contact ?? <span>{t.contactRecord(row.entityId)}</span>;
  return (
    <span>
      {t.eventRecord(row.entityId)}
      {contact && <> · {contact}</>}
    </span>
  );
}

function AuditTable(props: { rows: AuditRow[]; href: (contact: number) => string; actorHref: (email: string) => string }) {
  const all = useT();
  const t = all.admin.audit;
  const tz = usePage().get("viewer")?.timeZone ?? "Asia/Shanghai";
  if (props.rows.length === 0) return <p class="muted">{t.none}</p>;
  return (
    <div class="table-wrap card">
      <table>
        <thead>
          <tr>
            <th>{t.when}</th>
            <th>{t.who}</th>
            <th>{t.record}</th>
            <th>{t.action}</th>
            <th>{t.fields}</th>
          </tr>
        </thead>
        <tbody>
          {props.rows.map((r) => {
            return (
              <tr>
                <td class="small">
                  {localDateOf(r.at, tz)} {localTimeOf(r.at, tz)}
                </td>
                <td>{r.actorName === null || r.actorEmail === null ? <span class="muted">{t.unknownActor}</span> : <a href={props.actorHref(r.actorEmail)}>{r.actorName}</a>}</td>
                <td>
                  <Record row={r} href={props.href} />
                </td>
                <td>{r.entity === "contact" && r.action === "delete" ? <strong>{t.erasure}</strong> : t.actions[r.action]}</td>
                <td class="small">{(r.changes ?? []).map((f) => t.fieldNames[f] ?? f).join(all.admin.listSep)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

function FilterForm(props: { q: Query; errors: Errors }) {
  const ta = useT().admin.audit;
  const { q, errors } = props;
  return (
    <form method="get" action="/admin/audit" class="card" novalidate>
      <div class="row">
        <div class="grow">
          <label for="contact">{ta.contact}</label>
          <input id="contact" name="contact" inputmode="numeric" value={q.contact} class={errors.contact ? "invalid" : undefined} aria-describedby={errors.contact ? "contact-error" : undefined} />
          <FieldError errors={errors} name="contact" />
        </div>
        <div class="grow">
          <label for="actor">{ta.actor}</label>
          <input id="actor" name="actor" type="email" value={q.actor} class={errors.actor ? "invalid" : undefined} aria-describedby={errors.actor ? "actor-error" : undefined} />
          <FieldError errors={errors} name="actor" />
        </div>
      </div>
      <FieldError errors={errors} name="before" />
      <div class="row">
        <button type="submit">{ta.filter}</button>
        {(q.contact || q.actor) && (
          <a class="button secondary" href="/admin/audit">
            {ta.clear}
          </a>
        )}
      </div>
    </form>
  );
}

function AuditLog(props: { q: Query; errors: Errors; page: AuditPage | null }) {
  const ta = useT().admin.audit;
  const { q, page } = props;
  const link = (over: Partial<Query>) => {
    const params = Object.entries({ contact: q.contact, actor: q.actor, ...over }).filter(([, v]) => v);
    return `/admin/audit${params.length > 0 ? `?${new URLSearchParams(params).toString()}` : ""}`;
  };
  return (
    <>
      <h1>{ta.title}</h1>
      <p class="muted small">{ta.intro}</p>
      <FilterForm q={q} errors={props.errors} />
      {page && (
        <>
          <AuditTable rows={page.rows} href={(id) => link({ contact: String(id) })} actorHref={(email) => link({ actor: email })} />
          <div class="row">
            {q.before && (
              <a class="button secondary" href={link({})}>
                {ta.newest}
              </a>
            )}
            {page.nextBefore !== null && (
              <a class="button secondary" href={link({ before: String(page.nextBefore) })}>
                {ta.older}
              </a>
            )}
          </div>
        </>
      )}
    </>
  );
}

export const adminAudit = new Hono<AppEnv>().get("/", async (c) => {
  const viewer = requireViewer(c, "admin");
  const t = c.get("t");
  const q: Query = { contact: (c.req.query("contact") ?? "").trim(), actor: (c.req.query("actor") ?? "").trim(), before: (c.req.query("before") ?? "").trim() };
  const { filter, errors } = await readFilter(c, q);
  const failed = Object.keys(errors).length > 0;
  const page = failed ? null : await auditPage(c.get("db"), viewer, filter);
  return renderAdmin(c, { title: t.admin.audit.title, section: "audit", error: failed ? t.common.fixErrors : undefined }, <AuditLog q={q} errors={errors} page={page} />, failed ? 400 : 200);
});
