// The outbox: every message and its state. Admins see it in every environment; in development a
// page without sign-in shows the local mail (sign-in links included) so the app works without Resend.
// `adminOutbox` is mounted at /admin/outbox, `devOutbox` at /dev/outbox.
import { Hono } from "hono";
import type { AppContext, AppEnv } from "../context.ts";
import { TableWrap, usePage, useT } from "./layout.tsx";
import { requireViewer } from "../guard.ts";
import { ApiError } from "../errors.ts";
import { listOutbox, outboxMessage, outboxStoredCopy, OUTBOX_STATES, type OutboxListRow, type OutboxState } from "../../db/queries/outbox.ts";
import { localDateOf, localTimeOf } from "../../domain/dates.ts";
import { mailConfigured, storedMail } from "../../mail/transport.ts";
import { isLoopback } from "../../config.ts";

function OutboxTable(props: { rows: OutboxListRow[]; base: string }) {
  const t = useT().outbox;
  const tz = usePage().get("viewer")?.timeZone ?? "Asia/Shanghai";
  if (props.rows.length === 0) return <p class="muted">{t.empty}</p>;
  return (
    <TableWrap label={t.title}>
      <table>
        <thead>
          <tr>
            <th>{t.columns.when}</th>
            <th>{t.columns.kind}</th>
            <th>{t.columns.to}</th>
            <th>{t.columns.subject}</th>
            <th>{t.columns.state}</th>
            <th>{t.columns.attempts}</th>
            <th>{t.columns.error}</th>
          </tr>
        </thead>
        <tbody>
          {props.rows.map((r) => (
            <tr>
              <td class="small">
                {localDateOf(r.createdAt, tz)} {localTimeOf(r.createdAt, tz)}
              </td>
              <td>{t.kind[r.kind]}</td>
              <td class="small">
                {r.name} &lt;{r.toEmail}&gt;
              </td>
              <td>
                {r.subject ?? ""}{" "}
                <a href={`${props.base}/${r.id}`} class="small">
                  {t.view}
                </a>
              </td>
              <td>
                <span class={`pill ${r.state === "failed" ? "bad" : r.state === "sent" ? "ok" : ""}`}>{t.state[r.state]}</span>
              </td>
              <td>{r.attempts}</td>
              <td class="small">{r.lastError ?? ""}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableWrap>
  );
}

type Row = NonNullable<Awaited<ReturnType<typeof outboxMessage>>>;

function Message(props: { row: Row; base: string }) {
  const all = useT();
  const t = all.outbox;
  const { row } = props;
  const mail = storedMail(row);
  const tz = usePage().get("viewer")?.timeZone ?? "Asia/Shanghai";
  return (
    <>
      <p>
        <a href={props.base}>{all.common.back}</a>
      </p>
      <h1>{row.subject ?? ""}</h1>
      <p class="muted small">
        {row.toEmail} · {t.state[row.state]} · {row.period}
      </p>
      {row.redactedAt !== null && (
        <p class="card" role="note">
          {t.erased(`${localDateOf(row.redactedAt, tz)} ${localTimeOf(row.redactedAt, tz)}`)}
        </p>
      )}
      {mail?.html && (
        <p>
          <a class="button secondary" href={`${props.base}/${row.id}/html`}>
            {t.html}
          </a>
        </p>
      )}
      <h2>{t.text}</h2>
      <pre class="card mail-text">{mail?.text ?? ""}</pre>
    </>
  );
}

/** One message's page (its text, a link to its HTML); in the local mailbox only local mail. */
async function messagePage(c: AppContext, base: string, onlyLocal = false) {
  const row = await outboxMessage(c.get("db"), Number(c.req.param("id")));
  if (!row || (onlyLocal && row.state !== "local")) throw new ApiError(404, "not_found", "not found");
  return c.render(<Message row={row} base={base} />, { title: row.subject ?? c.get("t").outbox.title });
}

/** The e-mail's own HTML, alone on its page: it needs inline styles, so it gets a CSP of its own (no scripts at all). */
async function rawHtml(c: AppContext, id: number, onlyLocal = false) {
  const row = await outboxStoredCopy(c.get("db"), id);
  const html = row && !(onlyLocal && row.state !== "local") ? storedMail(row)?.html : null;
  if (!html) throw new ApiError(404, "not_found", "not found");
  c.header("content-security-policy", "default-src 'none'; style-src 'unsafe-inline'; img-src data:; form-action 'none'; frame-ancestors 'none'; base-uri 'none'");
  c.header("x-content-type-options", "nosniff");
  c.header("referrer-policy", "no-referrer");
  c.header("x-frame-options", "DENY");
  return c.html(html);
}

function stateFilter(c: AppContext): OutboxState | undefined {
  const s = c.req.query("state");
  return (OUTBOX_STATES as readonly string[]).includes(s ?? "") ? (s as OutboxState) : undefined;
}

/**
 * Development only, and only to this machine: the local mail is readable before signing in (sign-in
 * links live here). Off whenever a mail provider is configured. "This machine" takes two loopback
 * names: the URL's host (Cloudflare only routes our own hostnames to the Worker, so a remote request
 * never arrives as localhost there) and the client address. On Cloudflare that is CF-Connecting-IP,
 * set by the edge; under `wrangler dev` Miniflare sets it from the socket's peer, so a Host header
 * saying localhost from another machine still fails. A request without it (neither of those) is refused.
 */
function devOnly(c: AppContext) {
  const client = c.req.header("cf-connecting-ip");
  const local = isLoopback(new URL(c.req.url).hostname) && client !== undefined && isLoopback(client);
  if (c.env.ENVIRONMENT !== "development" || mailConfigured(c.env) || !local) throw new ApiError(404, "not_found", "not found");
}

function StateFilter(props: { state: OutboxState | undefined }) {
  const all = useT();
  const t = all.outbox;
  return (
    <form method="get" class="row">
      <select name="state" aria-label={t.columns.state}>
        <option value="">{t.allStates}</option>
        {OUTBOX_STATES.map((s) => (
          <option value={s} selected={props.state === s}>
            {t.state[s]}
          </option>
        ))}
      </select>
      <button class="secondary" type="submit">
        {all.common.filter}
      </button>
    </form>
  );
}

/** The admin's outbox, every state (admin/index.tsx checks the role for every /admin path). */
export const adminOutbox = new Hono<AppEnv>()
  .get("/", async (c) => {
    requireViewer(c, "admin");
    const t = c.get("t").outbox;
    const state = stateFilter(c);
    const rows = await listOutbox(c.get("db"), state);
    return c.render(
      <>
        <h1>{t.title}</h1>
        <StateFilter state={state} />
        <OutboxTable rows={rows} base="/admin/outbox" />
      </>,
      { title: t.title, nav: "admin" },
    );
  })
  .get("/:id{[0-9]+}", (c) => {
    requireViewer(c, "admin");
    return messagePage(c, "/admin/outbox");
  })
  .get("/:id{[0-9]+}/html", (c) => {
    requireViewer(c, "admin");
    return rawHtml(c, Number(c.req.param("id")));
  });

/** The local mailbox (development only, this machine only: devOnly). */
export const devOutbox = new Hono<AppEnv>()
  .get("/", async (c) => {
    devOnly(c);
    const t = c.get("t").outbox;
    const rows = await listOutbox(c.get("db"), "local");
    return c.render(
      <>
        <h1>{t.devTitle}</h1>
        <p class="muted">{t.devHint}</p>
        <OutboxTable rows={rows} base="/dev/outbox" />
      </>,
      { title: t.devTitle },
    );
  })
  .get("/:id{[0-9]+}", (c) => {
    devOnly(c);
    return messagePage(c, "/dev/outbox", true);
  })
  .get("/:id{[0-9]+}/html", (c) => {
    devOnly(c);
    return rawHtml(c, Number(c.req.param("id")), true);
  });
