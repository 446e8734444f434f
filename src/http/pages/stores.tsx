// Store pages: /stores (filter, search, a phone-sized list with this month's pace), /stores/:id
// (contacts, pace per channel, follow-ups, intel, history), /stores/new and /stores/:id/edit.
// Contact and life-event pages live in contacts.tsx and are mounted here.
import { policyOf, policySelect } from "../../db/queries/policy.ts";
import { Hono } from "hono";
import * as v from "valibot";
import type { AppContext, AppEnv } from "../context.ts";
import { requireViewer, idParam } from "../guard.ts";
import { ApiError } from "../errors.ts";
import { fieldErrors, translate } from "../validation.ts";
import { Layout } from "./layout.tsx";
import {
  birthdayOf,
  codesToMessages,
  formValues,
  logLink,
  StoreForm,
  storeValues,
  throwFailure,
  type Errors,
  type RepChoice,
  type Values,
} from "./store-forms.tsx";
import { contactPages } from "./contacts.tsx";
import {
  assignableRepsSelect,
  createStore,
  decodeCursor,
  encodeCursor,
  getStore,
  listStores,
  loadStorePage,
  REP_CHOICES_MAX,
  storeCitiesSelect,
  updateStore,
  type HistoryCursor,
  type StoreListItem,
  type StorePage,
  type StorePatch,
} from "../../db/queries/stores.ts";
import { greetable } from "../../db/queries/contacts.ts";
import { openFollowUps, type FollowUp } from "../../domain/follow-ups.ts";
import type { Db } from "../../db/client.ts";
import type { Viewer } from "../../auth/identity.ts";
import {
  formToInput,
  resolveClass,
  StoreCreateInput,
  StoreListQuery,
  StorePatchInput,
  withoutBlanks,
} from "../../services/store-input.ts";
import { STORE_CLASSES } from "../../domain/types.ts";

const PAGE_SIZE = 30;
const HISTORY_SIZE = 20;

// ---- list ------------------------------------------------------------------------------------

function StoreList(props: {
  c: AppContext;
  query: Values;
  errors: Errors;
  cities: string[];
  items: StoreListItem[];
  nextHref: string | null;
}) {
  const { c, query, errors, items } = props;
  const t = c.get("t");
  const s = t.stores;
  const viewer = c.get("viewer");
  const filtered = ["class", "city", "q", "behind", "archived"].some((k) => query[k]);
  return (
    <Layout c={c} title={s.listTitle} nav="stores">
      <div class="row">
        <h1 class="grow">{s.listTitle}</h1>
        {viewer && viewer.role !== "rep" && (
          <a class="button secondary" href="/stores/new">
            {s.newStore}
          </a>
        )}
      </div>
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
      {items.length === 0 ? (
        <p class="muted">{s.noStores}</p>
      ) : (
        <ul class="plain card store-list">
          {items.map((store) => (
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
                {viewer?.role !== "rep" && ` · ${store.repName ?? s.unassigned}`}
              </div>
              <div class="small pace-line">
                {store.pace.map((p) => (
                  <span class={p.isBehind ? "bad-text" : p.met ? "ok-text" : undefined}>
                    {t.common.channel[p.channel]} {p.done}/{p.required}
                  </span>
                ))}
              </div>
            </li>
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
    </Layout>
  );
}

function listHref(query: Values, cursor: string | null): string {
  const q = new URLSearchParams();
  for (const k of ["q", "class", "city", "behind", "archived"]) if (query[k]) q.set(k, query[k]);
  if (cursor) q.set("cursor", cursor);
  const s = q.toString();
  return s ? `/stores?${s}` : "/stores";
}

// ---- store page ------------------------------------------------------------------------------


/** Open follow-ups of the store's contacts (R6–R8); do-not-contact contacts get none. */
function storeFollowUps(data: StorePage): FollowUp[] {
  const allowed = greetable(data.contacts);
  const allowedIds = new Set(allowed.map((x) => x.id));
  return openFollowUps({
    today: data.today,
    rules: data.policy.followUps,
    contacts: allowed.map((x) => ({ contactId: x.id, birthday: birthdayOf(x) })),
    lifeEvents: data.lifeEvents.filter((e) => allowedIds.has(e.contactId)),
    interactions: data.followUpInteractions,
  });
}

function StoreDetail(props: { c: AppContext; data: StorePage; historyCursor: boolean; deleted: boolean }) {
  const { c, data } = props;
  const t = c.get("t");
  const s = t.stores;
  const { store } = data;
  const names = new Map(data.contacts.map((x) => [x.id, x]));
  const followUps = storeFollowUps(data);
  const daysLeft = data.pace[0]?.remainingWorkingDays ?? 0;
  return (
    <Layout c={c} title={store.name} nav="stores">
      <p class="small">
        <a href="/stores">← {s.listTitle}</a>
      </p>
      <div class="row">
        <h1 class="grow">{store.name}</h1>
        <span class={`pill ${store.class}`}>{t.common.storeClass[store.class]}</span>
        {store.archived && <span class="pill">{s.archived}</span>}
      </div>
      {props.deleted && <div class="alert ok">{s.deleted}</div>}
      <div class="card">
        {store.address && <div>{[store.city, store.address].filter(Boolean).join(" · ")}</div>}
        {!store.address && store.city && <div>{store.city}</div>}
        {store.phone && (
          <div>
            <a href={`tel:${store.phone}`}>{store.phone}</a>
          </div>
        )}
        <div class="muted small">
          {s.rep}: {store.repName ?? s.unassigned}
        </div>
        <div class="row actions">
          {!store.archived && (
            <a class="button" href={logLink({ storeId: store.id })}>
              {s.logContact}
            </a>
          )}
          <a class="button secondary" href={`/stores/${store.id}/edit`}>
            {t.common.edit}
          </a>
        </div>
      </div>

      <h2>{s.paceTitle}</h2>
      <div class="card table-wrap">
        <table>
          <thead>
            <tr>
              <th>{s.paceChannel}</th>
              <th>{s.paceDone}</th>
              <th>{s.paceExpected}</th>
              <th>{s.paceStatus}</th>
            </tr>
          </thead>
          <tbody>
            {data.pace.map((p) => (
              <tr>
                <td>{t.common.channel[p.channel]}</td>
                <td>
                  {p.done} / {p.required}
                  {p.required > 0 && <progress class="pace" max={p.required} value={Math.min(p.done, p.required)} />}
                </td>
                <td>{p.expectedByToday.toFixed(1)}</td>
                <td>
                  {p.met ? (
                    <span class="pill ok">{s.met}</span>
                  ) : p.isBehind ? (
                    <span class="pill bad">{s.behind}</span>
                  ) : (
                    <span class="pill">{s.onPace}</span>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <p class="muted small">{s.daysLeft(daysLeft)}</p>
      </div>

      <h2>{s.followUpsTitle}</h2>
      {followUps.length === 0 ? (
        <p class="muted">{s.noFollowUps}</p>
      ) : (
        <ul class="plain card">
          {followUps.map((f) => {
            const who = names.get(f.contactId);
            const label = f.kind === "birthday" ? t.common.occasion.birthday : t.common.lifeEvent[f.kind];
            const href =
              f.kind === "birthday"
                ? logLink({ storeId: store.id, contactId: f.contactId, channel: f.requiredChannel, occasion: "birthday" })
                : logLink({ storeId: store.id, contactId: f.contactId, channel: f.requiredChannel, occasion: "life_event", lifeEventId: f.lifeEventId });
            return (
              <li>
                <div class="row">
                  <a class="grow" href={`/contacts/${f.contactId}`}>
                    {who?.formOfAddress ?? who?.name ?? ""} · {label} · {f.eventDate}
                  </a>
                  <span class={`pill ${f.status === "overdue" ? "bad" : f.status === "due" ? "A" : ""}`}>
                    {f.status === "overdue" ? s.overdueDays(f.daysOverdue) : s.followUpStatus[f.status]}
                  </span>
                </div>
                <div class="row small">
                  <span class="muted grow">
                    {s.dueOn(f.dueDate)} · {s.followUpChannel(t.common.channel[f.requiredChannel])}
                  </span>
                  <a href={href}>{s.doIt}</a>
                </div>
              </li>
            );
          })}
        </ul>
      )}

      <div class="row">
        <h2 class="grow">{s.contactsTitle}</h2>
        <a href={`/stores/${store.id}/contacts/new`}>+ {s.addContact}</a>
      </div>
      {data.contacts.length === 0 ? (
        <p class="muted">{s.noContacts}</p>
      ) : (
        <ul class="plain card">
          {data.contacts.map((x) => (
            <li>
              <div class="row">
                <a class="grow" href={`/contacts/${x.id}`}>
                  {x.name}
                  {x.formOfAddress && <span class="muted"> · {x.formOfAddress}</span>}
                </a>
                <span class="muted small">{t.common.contactRole[x.role]}</span>
                {x.doNotContact && <span class="pill bad">{s.doNotContact}</span>}
              </div>
              <div class="row small">
                {x.phone && <a href={`tel:${x.phone}`}>{x.phone}</a>}
                {!store.archived && !x.doNotContact && <a href={logLink({ storeId: store.id, contactId: x.id })}>{s.logContact}</a>}
              </div>
            </li>
          ))}
        </ul>
      )}

      <h2>{s.insightsTitle}</h2>
      <div class="card">
        <h3 class="small">{s.slowMovers}</h3>
        {data.slowMovers.length === 0 ? (
          <p class="muted small">{s.noInsights}</p>
        ) : (
          <ul class="plain">
            {data.slowMovers.map((i) => (
              <li>
                <strong>{i.subject ?? t.common.insight.slow_mover}</strong> <span class="muted small">{i.localDate}</span>
                <div>{i.detail}</div>
                {i.reason && (
                  <div class="small">
                    {s.reason}: {i.reason}
                  </div>
                )}
                {i.action && (
                  <div class="small">
                    {s.action}: {i.action}
                  </div>
                )}
              </li>
            ))}
          </ul>
        )}
        <h3 class="small">{s.competitorNotes}</h3>
        {data.competitorNotes.length === 0 ? (
          <p class="muted small">{s.noInsights}</p>
        ) : (
          <ul class="plain">
            {data.competitorNotes.map((i) => (
              <li>
                {i.subject && <strong>{i.subject} </strong>}
                <span class="muted small">{i.localDate}</span>
                <div>{i.detail}</div>
              </li>
            ))}
          </ul>
        )}
      </div>

      <h2>{s.historyTitle}</h2>
      {data.history.length === 0 ? (
        <p class="muted">{s.noHistory}</p>
      ) : (
        <ul class="plain card">
          {data.history.map((h) => (
            <li>
              <div class="row">
                <span class="grow">
                  <strong>{t.common.channel[h.channel]}</strong>
                  {h.occasion !== "routine" && <span class="pill">{t.common.occasion[h.occasion]}</span>}
                  {h.contactId && h.contactName && (
                    <>
                      {" · "}
                      <a href={`/contacts/${h.contactId}`}>{h.contactName}</a>
                    </>
                  )}
                </span>
                <span class="muted small">{h.localDate}</span>
              </div>
              {h.notes && <div class="pre">{h.notes}</div>}
              <div class="muted small">
                {[
                  h.giftWhat ? `${s.gift}: ${h.giftWhat}${h.giftValue !== null ? ` ${t.common.yuan(h.giftValue)}` : ""}` : null,
                  h.askedHelp ? s.askedHelp : null,
                  h.problemSolved ? `${s.problemSolved}: ${h.problemSolved}` : null,
                  h.trainingTopic ? `${s.training}: ${h.trainingTopic}` : null,
                  s.loggedBy(h.repName),
                ]
                  .filter(Boolean)
                  .join(" · ")}
              </div>
            </li>
          ))}
        </ul>
      )}
      {(data.historyNext || props.historyCursor) && (
        <p class="row">
          {props.historyCursor && <a href={`/stores/${store.id}`}>{s.latestHistory}</a>}
          {data.historyNext && (
            <a class="button secondary" href={`/stores/${store.id}?before=${data.historyNext.at}.${data.historyNext.id}`}>
              {s.olderHistory}
            </a>
          )}
        </p>
      )}
    </Layout>
  );
}

// ---- form handling ---------------------------------------------------------------------------

/** Reps the viewer may assign, or null when too many to list. */
async function repChoices(db: Db, viewer: Viewer): Promise<RepChoice[] | null> {
  const reps = await assignableRepsSelect(db, viewer);
  return reps.length > REP_CHOICES_MAX ? null : reps;
}

const STORE_FORM = { text: ["name", "address", "city", "phone", "class"], numbers: ["repId"] };

/** Form strings → the schema's input; an empty select is "required", not "not a number". */
function storeFormInput(values: Values, canManage: boolean): Record<string, unknown> {
  const picked: Values = {};
  for (const k of canManage ? ["name", "address", "city", "phone", "class", "repId"] : ["name", "address", "city", "phone"]) {
    if (k in values) picked[k] = values[k]!;
  }
  const input = formToInput(picked, STORE_FORM);
  if (input.class === null) delete input.class;
  if (input.repId === null) delete input.repId;
  return input;
}

const HistoryQuery = v.pipe(v.string(), v.regex(/^\d{1,15}\.\d{1,15}$/));

export const storePages = new Hono<AppEnv>()
  .get("/stores", async (c) => {
    const viewer = requireViewer(c);
    const t = c.get("t");
    const db = c.get("db");
    const query = withoutBlanks(c.req.query());
    const [policyRows, cityRows] = await db.batch([policySelect(db), storeCitiesSelect(db, viewer)]);
    const cities = cityRows.map((r) => r.city).filter((x): x is string => !!x);
    const parsed = v.safeParse(StoreListQuery, query);
    const cursor = parsed.success && parsed.output.cursor ? decodeCursor(parsed.output.cursor) : null;
    if (!parsed.success || (parsed.output.cursor && !cursor)) {
      const errors = parsed.success ? { cursor: translate("invalid", t) } : fieldErrors(parsed.issues, t);
      return c.html(<StoreList c={c} query={query} errors={errors} cities={cities} items={[]} nextHref={null} />, 400);
    }
    const f = parsed.output;
    const result = await listStores(
      db,
      viewer,
      policyOf(policyRows),
      { class: f.class ?? f.tier, city: f.city, q: f.q, behind: f.behind, archived: f.archived },
      { limit: PAGE_SIZE, cursor, now: c.get("now") },
    );
    const nextHref = result.nextCursor ? listHref(query, encodeCursor(result.nextCursor)) : null;
    return c.html(<StoreList c={c} query={query} errors={{}} cities={cities} items={result.items} nextHref={nextHref} />);
  })
  .get("/stores/new", async (c) => {
    const viewer = requireViewer(c, "manager", "admin");
    return c.html(<StoreForm c={c} values={{}} errors={{}} reps={await repChoices(c.get("db"), viewer)} />);
  })
  .post("/stores", async (c) => {
    const viewer = requireViewer(c, "manager", "admin");
    const t = c.get("t");
    const db = c.get("db");
    const values = formValues(await c.req.parseBody());
    const parsed = v.safeParse(StoreCreateInput, storeFormInput(values, true));
    const errors: Errors = parsed.success ? {} : fieldErrors(parsed.issues, t);
    const cls = parsed.success ? resolveClass(parsed.output) : { value: undefined };
    if (parsed.success && !cls.value) errors.class = translate("required", t);
    if (!parsed.success || !cls.value) {
      return c.html(<StoreForm c={c} values={values} errors={errors} reps={await repChoices(db, viewer)} />, 400);
    }
    const p = parsed.output;
    const result = await createStore(db, viewer, {
      name: p.name,
      class: cls.value,
      address: p.address ?? null,
      city: p.city ?? null,
      phone: p.phone ?? null,
      repId: p.repId,
    });
    if (!result.ok) {
      if (result.reason !== "invalid") throwFailure(result, c);
      return c.html(<StoreForm c={c} values={values} errors={codesToMessages(result.fields, c)} reps={await repChoices(db, viewer)} />, 400);
    }
    return c.redirect(`/stores/${result.value.id}`, 303);
  })
  .get("/stores/:id", async (c) => {
    const viewer = requireViewer(c);
    const id = idParam(c);
    const before = c.req.query("before");
    let cursor: HistoryCursor | null = null;
    if (before !== undefined) {
      if (!v.is(HistoryQuery, before)) throw new ApiError(400, "validation_failed", c.get("t").common.fixErrors, { before: translate("invalid", c.get("t")) });
      const [at, hid] = before.split(".").map(Number) as [number, number];
      cursor = { at, id: hid };
    }
    const data = await loadStorePage(c.get("db"), viewer, id, c.get("now"), { limit: HISTORY_SIZE, cursor });
    if (!data) throw new ApiError(404, "not_found", "not found");
    return c.html(<StoreDetail c={c} data={data} historyCursor={cursor !== null} deleted={c.req.query("deleted") === "1"} />);
  })
  .get("/stores/:id/edit", async (c) => {
    const viewer = requireViewer(c);
    const db = c.get("db");
    const store = await getStore(db, viewer, idParam(c));
    if (!store) throw new ApiError(404, "not_found", "not found");
    const reps = viewer.role === "rep" ? [] : await repChoices(db, viewer);
    return c.html(<StoreForm c={c} store={store} values={storeValues(store)} errors={{}} reps={reps} />);
  })
  .post("/stores/:id/edit", async (c) => {
    const viewer = requireViewer(c);
    const t = c.get("t");
    const db = c.get("db");
    const id = idParam(c);
    const store = await getStore(db, viewer, id);
    if (!store) throw new ApiError(404, "not_found", "not found");
    const canManage = viewer.role !== "rep";
    const values = formValues(await c.req.parseBody());
    const reps = async () => (canManage ? repChoices(db, viewer) : []);
    const parsed = v.safeParse(StorePatchInput, storeFormInput(values, canManage));
    if (!parsed.success) {
      return c.html(<StoreForm c={c} store={store} values={values} errors={fieldErrors(parsed.issues, t)} reps={await reps()} />, 400);
    }
    const p = parsed.output;
    // A rep's form has no class or rep fields; anything posted under those names is ignored.
    const patch: StorePatch = { name: p.name, address: p.address ?? null, city: p.city ?? null, phone: p.phone ?? null };
    if (canManage) {
      patch.class = resolveClass(p).value;
      patch.repId = p.repId;
    }
    const result = await updateStore(db, viewer, id, patch);
    if (!result.ok) {
      if (result.reason !== "invalid") throwFailure(result, c);
      return c.html(<StoreForm c={c} store={store} values={values} errors={codesToMessages(result.fields, c)} reps={await reps()} />, 400);
    }
    return c.redirect(`/stores/${id}`, 303);
  })
  .post("/stores/:id/archive", async (c) => {
    const viewer = requireViewer(c, "manager", "admin");
    const id = idParam(c);
    // Scope before validation: a store outside it is a 404 whatever was posted.
    if (!(await getStore(c.get("db"), viewer, id))) throw new ApiError(404, "not_found", "not found");
    const body = await c.req.parseBody();
    const archived = body.archived === "1" ? true : body.archived === "0" ? false : null;
    if (archived === null) throw new ApiError(400, "validation_failed", c.get("t").common.fixErrors, { archived: translate("invalid", c.get("t")) });
    const result = await updateStore(c.get("db"), viewer, id, { archived });
    if (!result.ok) throwFailure(result, c);
    return c.redirect(`/stores/${id}`, 303);
  })
  .route("/", contactPages);
