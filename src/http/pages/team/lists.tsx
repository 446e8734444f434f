// /team/lists/not-contacted: the weekly summary's "stores not contacted for 30 days" in full for the
// week it covers (?week=YYYY-Www, the summary's period; by default the last one sent), paged,
// filterable by rep (?rep=). The weekly's "N more" link lands here. Managers: their team; admins:
// everyone; reps: 404 (the router's guard).
import * as v from "valibot";
import type { AppContext } from "../../context.ts";
import { FieldError, useT } from "../layout.tsx";
import { listHref, Pager } from "../pager.tsx";
import { requireViewer } from "../../guard.ts";
import { firstValues, fromFields, idField, queryValidator, type Errors } from "../../validation.ts";
import { lastWeekPeriod, LIST_PAGE_SIZE, loadGifts, loadNotContacted, loadNotes, type GiftsList, type NotContactedList, type NotesList } from "../../../services/team-lists.ts";
import type { NoteKind } from "../../../domain/team-week.ts";
import { daysBetween, parts } from "../../../domain/dates.ts";
import { weekRange } from "../../../domain/week-range.ts";

const listFields = {
  week: v.optional(v.pipe(v.string("invalid"), v.check((s) => weekRange(s) !== null, "invalid"))),
  rep: v.optional(v.union([v.literal(""), idField("invalid")], "invalid")),
  page: v.optional(v.pipe(v.string("invalid"), v.regex(/^\d{1,4}$/, "invalid"), v.transform(Number), v.minValue(1, "invalid"))),
};
export const ListQuery = fromFields(firstValues, v.object(listFields));
const NOTE_KINDS = ["competitor", "slow_mover", "product_feedback", "preference_action"] as const;
const NotesQuery = fromFields(firstValues, v.object({ ...listFields, kind: v.optional(v.picklist(NOTE_KINDS, "invalid")) }));

/** A bad filter shows the first page of the last week's list, with the field's error (400). */
export const listQuery = queryValidator(ListQuery, (c, errors) => renderNotContacted(c, {}, errors));
export const giftsQuery = queryValidator(ListQuery, (c, errors) => renderGifts(c, {}, errors));
export const notesQuery = queryValidator(NotesQuery, (c, errors) => renderNotes(c, {}, errors));

/** "全部清单" on /team: each of the weekly's lists in full, for the last summary's week. */
export function ListsNav() {
  const p = useT().progress;
  return (
    <nav aria-labelledby="all-lists">
      <h2 id="all-lists">{p.allLists}</h2>
      <p class="row small">
        <a href="/team/lists/not-contacted">{p.notContactedTitle}</a>
        <a href="/team/lists/notes?kind=competitor">{p.notesTitle.competitor}</a>
        <a href="/team/lists/notes?kind=slow_mover">{p.notesTitle.slow_mover}</a>
        <a href="/team/lists/gifts">{p.giftsTitle}</a>
        <a href="/team/lists/follow-ups">{p.followUpsListTitle}</a>
        <a href="/team/lists/rules">{p.rulesListTitle}</a>
        <a href="/team/lists/change">{p.changeTitle}</a>
        <a href="/team/lists/festivals">{p.festivalsListTitle}</a>
      </p>
    </nav>
  );
}

/** The rep filter of a list (GET, so a filtered list is a link). */
export function RepFilter(props: { action: string; hidden: Record<string, string>; reps: { id: number; name: string }[]; repId: number | undefined; errors: Errors }) {
  const t = useT();
  return (
    <form method="get" action={props.action} class="row">
      {Object.entries(props.hidden).map(([name, value]) => (
        <input type="hidden" name={name} value={value} />
      ))}
      <label for="rep" class="sr-only">
        {t.mail.weekly.rep}
      </label>
      <select id="rep" name="rep" class={props.errors.rep ? "invalid grow" : "grow"}>
        <option value="">{t.progress.allReps}</option>
        {props.reps.map((r) => (
          <option value={String(r.id)} selected={r.id === props.repId}>
            {r.name}
          </option>
        ))}
      </select>
      <button class="secondary" type="submit">
        {t.progress.filter}
      </button>
      <FieldError errors={props.errors} name="rep" />
      <FieldError errors={props.errors} name="week" />
      <FieldError errors={props.errors} name="kind" />
    </form>
  );
}

function NotContactedPage(props: { list: NotContactedList; repId: number | undefined; page: number; errors: Errors }) {
  const t = useT();
  const p = t.progress;
  const w = t.mail.weekly;
  const { list, repId, page } = props;
  const date = (d: string) => t.mail.date(parts(d).month, parts(d).day);
  const href = (pg: number) => listHref("/team/lists/not-contacted", { week: list.week.label, rep: repId, page: pg });
  return (
    <>
      <h1>{p.notContactedTitle}</h1>
      <p class="muted small">{p.listWeek(`${date(list.week.start)}–${date(list.week.end)}`, list.total)}</p>
      <RepFilter action="/team/lists/not-contacted" hidden={{ week: list.week.label }} reps={list.reps} repId={repId} errors={props.errors} />
      {list.rows.length === 0 ? (
        <p class="muted">{p.noneNotContacted}</p>
      ) : (
        <ul class="list" id="not-contacted">
          {list.rows.map((s) => (
            <li data-store={String(s.storeId)}>
              <span class={`pill ${s.storeClass}`}>{t.common.storeClass[s.storeClass]}</span> <a href={`/stores/${s.storeId}`}>{s.name}</a>
              <span class="muted small">
                {" "}
                · <a href={`/team/reps/${s.repId}`}>{s.repName}</a> · {s.last ? w.lastContact(date(s.last), daysBetween(s.last, list.week.end)) : s.isNew ? w.newStore : w.noContact}
              </span>
            </li>
          ))}
        </ul>
      )}
      <Pager page={page} total={list.total} pageSize={LIST_PAGE_SIZE} href={href} />
    </>
  );
}

/**
 * What every /team list reads from its query: the viewer, the rep filter, the page and the week (the
 * validator checked it; the default is last week in the viewer's zone).
 */
export function listArgs(c: AppContext, q: { week?: string; rep?: number | ""; page?: number }) {
  const viewer = requireViewer(c);
  const week = weekRange(q.week ?? lastWeekPeriod(c.get("now"), viewer.timeZone))!;
  return { viewer, week, repId: typeof q.rep === "number" ? q.rep : undefined, page: q.page ?? 1 };
}

export async function renderNotContacted(c: AppContext, q: { week?: string; rep?: number | ""; page?: number }, errors: Errors = {}) {
  const { viewer, week, repId, page } = listArgs(c, q);
  const list = await loadNotContacted(c.get("db"), viewer, { week, repId, page });
  c.status(Object.keys(errors).length > 0 ? 400 : 200);
  return c.render(<NotContactedPage list={list} repId={repId} page={page} errors={errors} />, { title: c.get("t").progress.notContactedTitle, nav: "team" });
}

function NotesPage(props: { list: NotesList; repId: number | undefined; page: number; errors: Errors }) {
  const t = useT();
  const p = t.progress;
  const { list, repId, page } = props;
  const date = (d: string) => t.mail.date(parts(d).month, parts(d).day);
  const href = (pg: number) => listHref("/team/lists/notes", { week: list.week.label, kind: list.kind, rep: repId, page: pg });
  return (
    <>
      <h1>{p.notesTitle[list.kind]}</h1>
      <p class="muted small">{p.listWeekNotes(`${date(list.week.start)}–${date(list.week.end)}`, list.total)}</p>
      <p class="row">
        {NOTE_KINDS.map((k) =>
          k === list.kind ? <strong>{p.notesTitle[k]}</strong> : <a href={listHref("/team/lists/notes", { week: list.week.label, kind: k, rep: repId })}>{p.notesTitle[k]}</a>,
        )}
      </p>
      <RepFilter action="/team/lists/notes" hidden={{ week: list.week.label, kind: list.kind }} reps={list.reps} repId={repId} errors={props.errors} />
      {list.rows.length === 0 ? (
        <p class="muted">{p.noneNotes}</p>
      ) : (
        <ul class="list" id="notes">
          {list.rows.map((n) => (
            <li data-note={String(n.id)}>
              <a href={`/stores/${n.storeId}`}>{n.subject ?? n.detail}</a>
              <br />
              <span class="muted small">{t.mail.weekly.noteBy(`${n.storeClass} · ${n.storeName}`, n.repName, date(n.localDate))}</span>
              {n.subject && n.detail !== n.subject && <p class="small">{n.detail}</p>}
              {n.reason && <p class="small">{p.slowReason(n.reason)}</p>}
              {n.action && <p class="small">{p.slowAction(n.action)}</p>}
            </li>
          ))}
        </ul>
      )}
      <Pager page={page} total={list.total} pageSize={LIST_PAGE_SIZE} href={href} />
    </>
  );
}

/** /team/lists/notes?kind=competitor|slow_mover: the week's notes of that kind in full (the weekly's R16/R17 sections). */
export async function renderNotes(c: AppContext, q: { week?: string; kind?: NoteKind; rep?: number | ""; page?: number }, errors: Errors = {}) {
  const { viewer, week, repId, page } = listArgs(c, q);
  const kind = q.kind ?? "competitor";
  const list = await loadNotes(c.get("db"), viewer, { week, kind, repId, page });
  c.status(Object.keys(errors).length > 0 ? 400 : 200);
  return c.render(<NotesPage list={list} repId={repId} page={page} errors={errors} />, { title: c.get("t").progress.notesTitle[kind], nav: "team" });
}

function GiftsPage(props: { list: GiftsList; repId: number | undefined; page: number; errors: Errors }) {
  const t = useT();
  const p = t.progress;
  const { list, repId, page } = props;
  const date = (d: string) => t.mail.date(parts(d).month, parts(d).day);
  const href = (pg: number) => listHref("/team/lists/gifts", { week: list.week.label, rep: repId, page: pg });
  return (
    <>
      <h1>{p.giftsTitle}</h1>
      <p class="muted small">{p.listWeek(`${date(list.week.start)}–${date(list.week.end)}`, list.total)}</p>
      <RepFilter action="/team/lists/gifts" hidden={{ week: list.week.label }} reps={list.reps} repId={repId} errors={props.errors} />
      {list.rows.length === 0 ? (
        <p class="muted">{p.noneGifts}</p>
      ) : (
        <ul class="list" id="gifts">
          {list.rows.map((g) => (
            <li data-store={String(g.storeId)}>
              <span class={`pill ${g.storeClass}`}>{t.common.storeClass[g.storeClass]}</span> <a href={`/stores/${g.storeId}`}>{g.name}</a>
              <span class="muted small">
                {" "}
                · <a href={`/team/reps/${g.repId}`}>{g.repName}</a> · {p.giftOver(t.mail.yuan(g.total), t.mail.yuan(list.cap ?? 0))}
              </span>
            </li>
          ))}
        </ul>
      )}
      <Pager page={page} total={list.total} pageSize={LIST_PAGE_SIZE} href={href} />
    </>
  );
}

/** /team/lists/gifts: the weekly's stores over the yearly gift cap in full for the week (compliance). */
export async function renderGifts(c: AppContext, q: { week?: string; rep?: number | ""; page?: number }, errors: Errors = {}) {
  const { viewer, week, repId, page } = listArgs(c, q);
  const list = await loadGifts(c.get("db"), viewer, { week, repId, page });
  c.status(Object.keys(errors).length > 0 ? 400 : 200);
  return c.render(<GiftsPage list={list} repId={repId} page={page} errors={errors} />, { title: c.get("t").progress.giftsTitle, nav: "team" });
}
