// /festivals/:key — festival season on one page (R4, R5): every store of the rep's by class with its
// state (done, due, overdue) and, for each contact, a greeting drafted for them with sms: and tel:
// links; the rep ticks the ones sent and saves them in one go (each a festival `message`).
import { Hono } from "hono";
import * as v from "valibot";
import type { AppContext, AppEnv } from "../context.ts";
import { Csrf, usePage, useT } from "./layout.tsx";
import { CopyButton } from "./mail-doc.tsx";
import { requireViewer } from "../guard.ts";
import { ApiError } from "../errors.ts";
import { fieldErrors, translate } from "../validation.ts";
import { loadFestivalBoard, sendFestivalMessages, SentForm } from "../../services/festival-board.ts";
import type { BoardStore, FestivalBoard } from "../../domain/festival-board.ts";
import { daysBetween, localDateOf, parts } from "../../domain/dates.ts";
import { STORE_CLASSES } from "../../domain/types.ts";
import { dialable, smsHref } from "../../mail/html.ts";
import { randomToken } from "../../auth/tokens.ts";

const KEY = /^[a-z0-9_]{1,40}$/;

type Notice = { tone: "ok" | "error"; text: string };

function FestivalPage(props: { board: FestivalBoard; today: string; batch: string; notice?: Notice }) {
  const t = useT();
  const tf = t.festivals;
  const { board, today } = props;
  const o = board.occurrence;
  const date = (d: string) => t.mail.date(parts(d).month, parts(d).day);
  const all = STORE_CLASSES.flatMap((c) => board.byClass[c]);
  return (
    <>
      <h1>{tf.title(o.name[usePage().get("locale")])}</h1>
      <p class="muted">{tf.when(date(o.date), daysBetween(today, o.date))}</p>
      {props.notice && <div class={`alert ${props.notice.tone}`} role={props.notice.tone === "error" ? "alert" : "status"}>{props.notice.text}</div>}
      {all.length === 0 ? (
        <p class="card">{tf.noStores}</p>
      ) : (
        <form method="post" action={`/festivals/${o.key}`}>
          <Csrf />
          <input type="hidden" name="batch" value={props.batch} />
          <p>{board.windowOpen ? tf.intro(board.pending) : tf.windowClosed(date(o.windowStart))}</p>
          {STORE_CLASSES.map((cls) => {
            const list = board.byClass[cls];
            if (list.length === 0) return null;
            const covered = list.filter((s) => s.covered).length;
            return (
              <section>
                <h2>
                  {t.common.storeClass[cls]} · {tf.coverage(covered, list.length)}
                </h2>
                <ul class="plain">
                  {list.map((s) => (
                    <StoreCard store={s} windowOpen={board.windowOpen} />
                  ))}
                </ul>
              </section>
            );
          })}
          {board.windowOpen && board.pending > 0 && (
            <p class="sticky-submit">
              <button type="submit" class="block">
                {tf.save}
              </button>
            </p>
          )}
        </form>
      )}
    </>
  );
}

function StoreCard(props: { store: BoardStore; windowOpen: boolean }) {
  const t = useT();
  const tf = t.festivals;
  const s = props.store;
  const tone = s.state === "done" ? "ok" : s.state === "overdue" ? "bad" : "";
  return (
    <li class="card">
      <div class="row">
        <span class="pill">{s.storeClass}</span>
        <strong class="grow">{s.name}</strong>
        <span class={`pill ${tone}`}>{tf.state[s.state]}</span>
      </div>
      {s.missing.length > 0 && <p class="muted small">{tf.missing(s.missing.map((a) => t.progress.actions[a]).join(t.mail.listJoin))}</p>}
      {s.drafts.length === 0 ? (
        <p class="muted small">{tf.noContacts}</p>
      ) : (
        <ul class="plain">
          {s.drafts.map((d) => {
            const phone = dialable(d.phone);
            const text = d.greeting?.text ?? "";
            const id = `sent-${s.storeId}-${d.contactId}`;
            return (
              <li class="draft">
                <p class="small">
                  <strong>{d.who}</strong>
                  {d.sent && <span class="pill ok"> {tf.sent}</span>}
                </p>
                {d.greeting ? (
                  <>
                    <blockquote class="greeting">{text}</blockquote>
                    <CopyButton />
                  </>
                ) : (
                  <p class="muted small">{tf.noDraft}</p>
                )}
                <div class="row small acts">
                  {phone && text && <a href={smsHref(phone, text)}>{tf.sms}</a>}
                  {phone && <a href={`tel:${phone}`}>{tf.call}</a>}
                </div>
                {props.windowOpen && !d.sent && (
                  <label class="check" for={id}>
                    <input type="checkbox" id={id} name="sent" value={`${s.storeId}:${d.contactId}:${d.greeting?.templateId ?? 0}`} />
                    {tf.tick(d.who)}
                  </label>
                )}
              </li>
            );
          })}
        </ul>
      )}
    </li>
  );
}

async function boardOr404(c: AppContext): Promise<{ board: FestivalBoard; today: string }> {
  const viewer = requireViewer(c);
  const key = c.req.param("key") ?? "";
  if (!KEY.test(key)) throw new ApiError(404, "not_found", "not found");
  const board = await loadFestivalBoard(c.get("db"), viewer, key, c.get("now"));
  if (!board) throw new ApiError(404, "not_found", "not found");
  return { board, today: localDateOf(c.get("now"), viewer.timeZone) };
}

function render(c: AppContext, board: FestivalBoard, today: string, notice?: Notice, status: 200 | 400 = 200) {
  c.status(status);
  // A fresh batch key each time the page is shown (sendFestivalMessages).
  return c.render(<FestivalPage board={board} today={today} batch={randomToken(12)} notice={notice} />, { title: c.get("t").festivals.title(board.occurrence.name[c.get("locale")]), nav: "today" });
}

/** Mounted at /festivals. */
export const festivalPages = new Hono<AppEnv>()
  .get("/:key", async (c) => {
    const { board, today } = await boardOr404(c);
    const saved = c.req.query("saved");
    const again = c.req.query("again");
    const notice = saved !== undefined ? { tone: "ok" as const, text: c.get("t").festivals.saved(Number(saved) || 0, Number(again) || 0) } : undefined;
    return render(c, board, today, notice);
  })
  .post("/:key", async (c) => {
    const viewer = requireViewer(c);
    const t = c.get("t");
    const { board, today } = await boardOr404(c);
    const body = await c.req.parseBody({ all: true });
    const raw = body.sent;
    const parsed = v.safeParse(SentForm, { batch: body.batch, sent: raw === undefined ? [] : Array.isArray(raw) ? raw : [raw] });
    if (!parsed.success) {
      const errors = fieldErrors(parsed.issues, t);
      const nothing = parsed.issues.some((i) => i.message === "nothing_ticked");
      return render(c, board, today, { tone: "error", text: nothing ? t.festivals.nothingTicked : Object.values(errors).join(t.mail.listJoin) }, 400);
    }
    const result = await sendFestivalMessages(c.get("db"), viewer, board, parsed.output, c.get("now"));
    if (!result.ok) {
      if ("notFound" in result) throw new ApiError(404, "not_found", "not found");
      const fresh = (await loadFestivalBoard(c.get("db"), viewer, board.occurrence.key, c.get("now"))) ?? board;
      const why = Object.values(result.fields).map((code) => translate(code, t)).join(t.mail.listJoin);
      return render(c, fresh, today, { tone: "error", text: t.festivals.refused(why) }, 400);
    }
    // Post/redirect/get: a reload does not post again (and would store nothing twice if it did).
    return c.redirect(`/festivals/${board.occurrence.key}?saved=${result.saved}&again=${result.replayed}`, 303);
  });
