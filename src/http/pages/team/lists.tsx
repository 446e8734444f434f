// /team/lists/not-contacted: the weekly summary's "stores not contacted for 30 days" in full for the
// week it covers (?week=YYYY-Www, the summary's period; by default the last one sent), paged,
// filterable by rep (?rep=). The weekly's "N more" link lands here. Managers: their team; admins:
// everyone; reps: 404 (the router's guard).
import * as v from "valibot";
import type { AppContext } from "../../context.ts";
import { FieldError, useT } from "../layout.tsx";
import { requireViewer } from "../../guard.ts";
import { firstValues, fromFields, idField, queryValidator, type Errors } from "../../validation.ts";
import { lastWeekPeriod, LIST_PAGE_SIZE, loadNotContacted, type NotContactedList } from "../../../services/team-lists.ts";
import { daysBetween, parts } from "../../../domain/dates.ts";
import { weekRange } from "../../../domain/week-range.ts";

const ListQuery = fromFields(
  firstValues,
  v.object({
    week: v.optional(v.pipe(v.string("invalid"), v.check((s) => weekRange(s) !== null, "invalid"))),
    rep: v.optional(v.union([v.literal(""), idField("invalid")], "invalid")),
    page: v.optional(v.pipe(v.string("invalid"), v.regex(/^\d{1,4}$/, "invalid"), v.transform(Number), v.minValue(1, "invalid"))),
  }),
);

/** A bad filter shows the first page of the last week's list, with the field's error (400). */
export const listQuery = queryValidator(ListQuery, (c, errors) => renderNotContacted(c, {}, errors));

function NotContactedPage(props: { list: NotContactedList; repId: number | undefined; page: number; errors: Errors }) {
  const t = useT();
  const p = t.progress;
  const w = t.mail.weekly;
  const { list, repId, page } = props;
  const date = (d: string) => t.mail.date(parts(d).month, parts(d).day);
  const href = (pg: number) => {
    const u = new URLSearchParams({ week: list.week.label });
    if (repId !== undefined) u.set("rep", String(repId));
    u.set("page", String(pg));
    return `/team/lists/not-contacted?${u.toString()}`;
  };
  const hasNext = page * LIST_PAGE_SIZE < list.total;
  return (
    <>
      <h1>{p.notContactedTitle}</h1>
      <p class="muted small">{p.listWeek(`${date(list.week.start)}–${date(list.week.end)}`, list.total)}</p>
      <form method="get" action="/team/lists/not-contacted" class="row">
        <input type="hidden" name="week" value={list.week.label} />
        <label for="rep" class="sr-only">
          {w.rep}
        </label>
        <select id="rep" name="rep" class={props.errors.rep ? "invalid grow" : "grow"}>
          <option value="">{p.allReps}</option>
          {list.reps.map((r) => (
            <option value={String(r.id)} selected={r.id === repId}>
              {r.name}
            </option>
          ))}
        </select>
        <button class="secondary" type="submit">
          {p.filter}
        </button>
        <FieldError errors={props.errors} name="rep" />
        <FieldError errors={props.errors} name="week" />
      </form>
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
      {(page > 1 || hasNext) && (
        <p class="row">
          {page > 1 && <a href={href(page - 1)}>{p.prev}</a>}
          {hasNext && <a href={href(page + 1)}>{p.next}</a>}
        </p>
      )}
    </>
  );
}

export async function renderNotContacted(c: AppContext, q: { week?: string; rep?: number | ""; page?: number }, errors: Errors = {}) {
  const viewer = requireViewer(c);
  const repId = typeof q.rep === "number" ? q.rep : undefined;
  const page = q.page ?? 1;
  // Checked by the validator; the default is always a week.
  const week = weekRange(q.week ?? lastWeekPeriod(c.get("now"), viewer.timeZone))!;
  const list = await loadNotContacted(c.get("db"), viewer, { week, repId, page });
  c.status(Object.keys(errors).length > 0 ? 400 : 200);
  return c.render(<NotContactedPage list={list} repId={repId} page={page} errors={errors} />, { title: c.get("t").progress.notContactedTitle, nav: "team" });
}
