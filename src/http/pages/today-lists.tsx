// /today/lists/<name>: a list the morning digest and /today cap at MAIL_LIST_LIMIT (open follow-ups,
// open slow movers, last week's visits missing intel) in full, paged (?page=N), where every "还有 N 条"
// leads. The digest's own items, read by the digest's own plan for the signed-in user in one round
// trip, so the list holds exactly what the digest counts. Everyone sees their own stores' list, as on
// /today; a manager without a team has no digest there, so no list (404).
import * as v from "valibot";
import type { AppContext } from "../context.ts";
import { FieldError, useT } from "./layout.tsx";
import { MailSectionCard } from "./mail-doc.tsx";
import { Pager } from "./pager.tsx";
import { requireViewer } from "../guard.ts";
import { ApiError } from "../errors.ts";
import { firstValues, fromFields, queryValidator, type Errors } from "../validation.ts";
import { loadDigestList, type DigestListPage } from "../../services/compose.ts";
import { localDateOf } from "../../domain/dates.ts";
import { REP_LIST_PAGE_SIZE, REP_LISTS, repListPath, type RepList } from "../../domain/rep-lists.ts";

const ListQuery = fromFields(firstValues, v.object({ page: v.optional(v.pipe(v.string("invalid"), v.regex(/^\d{1,4}$/, "invalid"), v.transform(Number), v.minValue(1, "invalid"))) }));

/** A bad page number shows the first page with the field's error (400). */
export const repListQuery = queryValidator(ListQuery, (c, errors) => renderRepList(c, 1, errors));

function listOf(c: AppContext): RepList {
  const name = c.req.param("list");
  const list = REP_LISTS.find((l) => l === name);
  if (!list) throw new ApiError(404, "not_found", "not found");
  return list;
}

function RepListPage(props: { list: RepList; data: DigestListPage; page: number; errors: Errors }) {
  const t = useT();
  const p = t.progress;
  const { list, data, page } = props;
  const from = (page - 1) * REP_LIST_PAGE_SIZE + 1;
  const to = Math.min(data.total, page * REP_LIST_PAGE_SIZE);
  return (
    <>
      <p class="small">
        <a href="/today">← {p.repListBack}</a>
      </p>
      <h1>{data.section.title}</h1>
      <FieldError errors={props.errors} name="page" />
      <p class="muted small">{from <= to ? p.repListRange(from, to, data.total) : p.repListEmpty}</p>
      {data.section.blocks.length > 0 && <MailSectionCard section={data.section} here={repListPath(list, page)} untitled />}
      <Pager page={page} total={data.total} pageSize={REP_LIST_PAGE_SIZE} href={(n) => repListPath(list, n)} />
    </>
  );
}

/** GET /today/lists/:list after repListQuery. */
export async function renderRepList(c: AppContext, page: number, errors: Errors = {}) {
  const viewer = requireViewer(c);
  const list = listOf(c);
  if (viewer.role === "manager" && viewer.teamId === null) throw new ApiError(404, "not_found", "not found");
  // The digest's day: the local date in the user's own time zone, as /today and the scheduler date it.
  const today = localDateOf(c.get("now"), viewer.timeZone);
  const data = await loadDigestList(c.get("db"), viewer.id, today, list, { offset: (page - 1) * REP_LIST_PAGE_SIZE, limit: REP_LIST_PAGE_SIZE });
  if (!data) throw new ApiError(404, "not_found", "not found");
  c.status(Object.keys(errors).length > 0 ? 400 : 200);
  return c.render(<RepListPage list={list} data={data} page={page} errors={errors} />, { title: data.section.title, nav: "today" });
}
