// /stores: the viewer's stores, filtered and searched, a phone-sized list with this month's pace.
import type * as v from "valibot";
import type { AppContext } from "../../context.ts";
import { useT, usePage } from "../layout.tsx";
import type { Values } from "../forms.tsx";
import { requireViewer } from "../../guard.ts";
import { firstValues, fromFields, queryValidator, translate, type Errors } from "../../validation.ts";
import { decodeCursor, encodeCursor, listStores, storeCitiesSelect, type StoreListItem } from "../../../db/queries/stores.ts";
import { policyOf, policySelect } from "../../../db/queries/policy.ts";
import { StoreListQuery, withoutBlanks } from "../../../services/store-input.ts";
import { STORE_CLASSES } from "../../../domain/types.ts";

const PAGE_SIZE = 30;

/** The list's filters; a blank one (`?city=`) is no filter. */
const ListQuery = fromFields((raw) => withoutBlanks(firstValues(raw)), StoreListQuery);

/** A bad filter: the form again with its errors and no stores (400). */
export const listQuery = queryValidator(ListQuery, async (c, errors) => {
  const { cities } = await listContext(c);
  return renderList(c, { errors, cities, items: [], nextHref: null }, 400);
});

/** The policy (for pace) and the cities of the viewer's stores (for the filter): one round trip. */
async function listContext(c: AppContext) {
  const viewer = requireViewer(c);
  const db = c.get("db");
  const [policyRows, cityRows] = await db.batch([policySelect(db), storeCitiesSelect(db, viewer)]);
  return { policy: policyOf(policyRows), cities: cityRows.map((r) => r.city).filter((x): x is string => !!x) };
}

function listHref(query: Values, cursor: string | null): string {
  const q = new URLSearchParams();
  for (const k of ["q", "class", "city", "behind", "archived"]) if (query[k]) q.set(k, query[k]);
  if (cursor) q.set("cursor", cursor);
  const s = q.toString();
  return s ? `/stores?${s}` : "/stores";
}

function Filters(props: { query: Values; errors: Errors; cities: string[] }) {
  const t = useT();
  const s = t.stores;
  const { query, errors } = props;
  const filtered = ["class", "city", "q", "behind", "archived"].some((k) => query[k]);
  return (
    <form method="get" action="/stores" class="card" role="search">
      <label for="q">{s.search}</label>
      <input id="q" name="q" type="search" value={query.q ?? ""} placeholder={s.searchPlaceholder} class={errors.q ? "invalid" : undefined} />
      {errors.q && <div class="field-error">{errors.q}</div>}
      <div class="cols">
        <div>
          <label for="class">{s.storeClass}</label>
          <select id="class" name="class" class={errors.class ? "invalid" : undefined}>
            <option value="">{s.allClasses}</option>
            {STORE_CLASSES.map((k) => (
              <option value={k} selected={query.class === k}>
                {t.common.storeClass[k]}
              </option>
            ))}
          </select>
          {errors.class && <div class="field-error">{errors.class}</div>}
        </div>
        <div>
          <label for="city">{s.city}</label>
          <select id="city" name="city" class={errors.city ? "invalid" : undefined}>
            <option value="">{s.allCities}</option>
            {props.cities.map((city) => (
              <option value={city} selected={query.city === city}>
                {city}
              </option>
            ))}
          </select>
          {errors.city && <div class="field-error">{errors.city}</div>}
        </div>
      </div>
      <label class="check">
        <input type="checkbox" name="behind" value="1" checked={query.behind === "1"} />
        {s.behindOnly}
      </label>
      <label class="check">
        <input type="checkbox" name="archived" value="1" checked={query.archived === "1"} />
        {s.archivedOnly}
      </label>
      {(errors.behind || errors.archived || errors.cursor) && <div class="field-error">{errors.behind ?? errors.archived ?? errors.cursor}</div>}
      <div class="row">
        <button type="submit">{s.apply}</button>
        {filtered && <a href="/stores">{s.clearFilters}</a>}
      </div>
    </form>
  );
}

function StoreItem(props: { store: StoreListItem; showRep: boolean }) {
  const t = useT();
  const s = t.stores;
  const { store } = props;
  return (
    <li>
      <div class="row">
        <a class="grow strong" href={`/stores/${store.id}`}>
          {store.name}
        </a>
        <span class={`pill ${store.class}`}>{store.class}</span>
        {store.archived && <span class="pill">{s.archived}</span>}
        {store.behind && <span class="pill bad">{s.behind}</span>}
      </div>
      <div class="muted small">
        {[store.city, store.address].filter(Boolean).join(" · ")}
        {props.showRep && ` · ${store.repName ?? s.unassigned}`}
      </div>
      <div class="small pace-line">
        {store.pace.map((p) => (
          <span class={p.isBehind ? "bad-text" : p.met ? "ok-text" : undefined}>
            {t.common.channel[p.channel]} {p.done}/{p.required}
          </span>
        ))}
      </div>
    </li>
  );
}

type ListProps = { errors: Errors; cities: string[]; items: StoreListItem[]; nextHref: string | null };

function StoreList(props: ListProps & { query: Values }) {
  const s = useT().stores;
  const viewer = usePage().get("viewer");
  const { query, items } = props;
  return (
    <>
      <div class="row">
        <h1 class="grow">{s.listTitle}</h1>
        {viewer && viewer.role !== "rep" && (
          <a class="button secondary" href="/stores/new">
            {s.newStore}
          </a>
        )}
      </div>
      <Filters query={query} errors={props.errors} cities={props.cities} />
      {items.length === 0 ? (
        <p class="muted">{s.noStores}</p>
      ) : (
        <ul class="plain card store-list">
          {items.map((store) => (
            <StoreItem store={store} showRep={viewer?.role !== "rep"} />
          ))}
        </ul>
      )}
      {(props.nextHref || query.cursor) && (
        <p class="row">
          {query.cursor && <a href={listHref(query, null)}>{s.firstPage}</a>}
          {props.nextHref && (
            <a class="button secondary" href={props.nextHref}>
              {s.nextPage}
            </a>
          )}
        </p>
      )}
    </>
  );
}

/** The filters as typed (blank ones left out), kept in the form and the paging links. */
const typedQuery = (c: AppContext): Values => withoutBlanks(c.req.query());

function renderList(c: AppContext, props: ListProps, status: 200 | 400 = 200) {
  c.status(status);
  return c.render(<StoreList query={typedQuery(c)} {...props} />, { title: c.get("t").stores.listTitle, nav: "stores" });
}

/** The list for checked filters; a cursor that does not decode is the cursor field's error. */
export async function storeList(c: AppContext, f: v.InferOutput<typeof StoreListQuery>) {
  const viewer = requireViewer(c);
  const { policy, cities } = await listContext(c);
  const cursor = f.cursor ? decodeCursor(f.cursor) : null;
  if (f.cursor && !cursor) return renderList(c, { errors: { cursor: translate("invalid", c.get("t")) }, cities, items: [], nextHref: null }, 400);
  const result = await listStores(
    c.get("db"),
    viewer,
    policy,
    { class: f.class ?? f.tier, city: f.city, q: f.q, behind: f.behind, archived: f.archived },
    { limit: PAGE_SIZE, cursor, now: c.get("now") },
  );
  const nextHref = result.nextCursor ? listHref(typedQuery(c), encodeCursor(result.nextCursor)) : null;
  return renderList(c, { errors: {}, cities, items: result.items, nextHref });
}
