// Integration: the access matrix — every route of the app × anonymous, rep, another team's rep,
// the rep's manager, another team's manager and an admin — each with the status it must answer.
// A route added without a row here fails the last test.
import { beforeAll, describe, expect, it } from "vitest";
import { db, makeContact, makeStore, makeTeam, makeUser, resetDb } from "../helpers/db.ts";
import { postForm, request, sendJson, signedIn, type Agent } from "../helpers/http.ts";
import { app } from "../../src/http/app.tsx";
import { apiTokens, festivals, greetingTemplates, interactions, lifeEvents, outbox, visitInsights } from "../../src/db/schema.ts";
import { sha256Hex } from "../../src/auth/tokens.ts";

type Role = "anon" | "rep" | "otherRep" | "manager" | "otherManager" | "admin";
const ROLES: Role[] = ["anon", "rep", "otherRep", "manager", "otherManager", "admin"];
type Expect = Partial<Record<Role, number>>;

const agents: Partial<Record<Role, Agent>> = {};
const ids: Record<string, number> = {};

beforeAll(async () => {
  await resetDb();
  const team = await makeTeam("一组");
  const team2 = await makeTeam("二组");
  const rep = await makeUser("rep", team.id);
  const otherRep = await makeUser("rep", team2.id);
  const manager = await makeUser("manager", team.id);
  const otherManager = await makeUser("manager", team2.id);
  const admin = await makeUser("admin", null);
  for (const [role, u] of [["rep", rep], ["otherRep", otherRep], ["manager", manager], ["otherManager", otherManager], ["admin", admin]] as const) {
    agents[role] = await signedIn(u.id);
  }
  const store = await makeStore(rep.id, "A");
  await makeStore(otherRep.id, "B");
  const contact = await makeContact(store.id);
  const [event] = await db().insert(lifeEvents).values({ contactId: contact.id, kind: "wedding", date: "2026-11-20" }).returning();
  const [inter] = await db()
    .insert(interactions)
    .values({ repId: rep.id, storeId: store.id, channel: "visit", occurredAt: Date.now(), localDate: "2026-11-27", idempotencyKey: "matrix-1" })
    .returning();
  const [slow] = await db().insert(visitInsights).values({ interactionId: inter!.id, kind: "slow_mover", detail: "一盒没动" }).returning();
  const [token] = await db().insert(apiTokens).values({ userId: rep.id, name: "t", tokenHash: await sha256Hex("kq_matrix") }).returning();
  const [festival] = await db().select().from(festivals).limit(1);
  const [template] = await db().select().from(greetingTemplates).limit(1);
  const [mail] = await db().insert(outbox).values({ kind: "digest", userId: rep.id, period: "2026-11-27", toEmail: rep.email, html: "<p>x</p>", state: "sent" }).returning();
  Object.assign(ids, {
    rep: rep.id,
    team: team.id,
    store: store.id,
    contact: contact.id,
    event: event!.id,
    interaction: inter!.id,
    token: token!.id,
    festival: festival!.id,
    template: template!.id,
    outbox: mail!.id,
    slowMover: slow!.id,
    user: otherRep.id,
  });
});

// Shorthands for the common shapes of a row.
const page = (ok = 200): Expect => ({ anon: 303, rep: ok, otherRep: ok, manager: ok, otherManager: ok, admin: ok });
const api = (ok = 200): Expect => ({ anon: 401, rep: ok, otherRep: ok, manager: ok, otherManager: ok, admin: ok });
/** A resource of the rep's store: the rep, the rep's manager and admins; the other team gets 404. */
const owned = (ok = 200, anon = 303): Expect => ({ anon, rep: ok, otherRep: 404, manager: ok, otherManager: 404, admin: ok });
/** Managers' and admins' business about the rep's store. */
const ownedByManagers = (ok = 200, anon = 303): Expect => ({ anon, rep: 404, otherRep: 404, manager: ok, otherManager: 404, admin: ok });
/** Any manager or admin (for their own team). */
const managers = (ok = 200, anon = 303): Expect => ({ anon, rep: 404, otherRep: 404, manager: ok, otherManager: ok, admin: ok });
const adminOnly = (ok = 200): Expect => ({ anon: 303, rep: 404, otherRep: 404, manager: 404, otherManager: 404, admin: ok });
const nobody = (status = 404): Expect => Object.fromEntries(ROLES.map((r) => [r, status]));

type Row = { method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE"; route: string; path: () => string; expect: Expect; body?: Record<string, unknown> };
const row = (method: Row["method"], route: string, expected: Expect, path?: () => string, body?: Record<string, unknown>): Row => ({
  method,
  route,
  path: path ?? (() => route),
  expect: expected,
  body,
});

const ROWS: Row[] = [
  row("GET", "/", { anon: 302, rep: 302, otherRep: 302, manager: 302, otherManager: 302, admin: 302 }),
  row("GET", "/sw.js", nobody(200)),
  row("GET", "/signin", { anon: 200, rep: 302, otherRep: 302, manager: 302, otherManager: 302, admin: 302 }),
  row("GET", "/signin/verify", nobody(200), () => "/signin/verify?token=x"),
  row("POST", "/signin", nobody(400)),
  row("POST", "/signin/verify", nobody(400)),
  row("GET", "/today", page()),
  // A skip is the rep's own, for a store they hold: anyone else's is not found, a manager's or admin's too.
  row("POST", "/today/skip", { anon: 303, rep: 303, otherRep: 404, manager: 404, otherManager: 404, admin: 404 }, () => "/today/skip", { storeId: "STORE", channel: "visit", reason: "other" }),
  // The digest's lists in full: the viewer's own stores' (rep-lists.test.ts), like /today.
  row("GET", "/today/lists/:list", page(), () => "/today/lists/follow-ups"),
  row("GET", "/month", page()),
  row("GET", "/log", page()),
  row("POST", "/log", owned(400), () => "/log", { storeId: "STORE" }),
  row("GET", "/log/saved/:id{[0-9]+}", owned(), () => `/log/saved/${ids.interaction}`),
  // The board of the viewer's own stores for a festival in season (festival-page.test.ts); out of season, none.
  row("GET", "/festivals/:key", { ...nobody(404), anon: 303 }, () => "/festivals/no_such"),
  row("POST", "/festivals/:key", { ...nobody(404), anon: 303 }, () => "/festivals/no_such", { sent: "1:1:0" }),
  row("GET", "/settings", page()),
  row("POST", "/settings", page(400)),
  row("POST", "/settings/tokens", page(400)),
  row("POST", "/settings/tokens/:id{[0-9]+}/revoke", { anon: 303, otherRep: 404, manager: 404, otherManager: 404, admin: 404 }, () => `/settings/tokens/${ids.token}/revoke`),
  row("POST", "/settings/calendar", page(200)),
  row("POST", "/settings/calendar/revoke", page(303)),
  row("GET", "/calendar/:file{[A-Za-z0-9_-]{1,200}\\.ics}", nobody(404), () => "/calendar/nope.ics"),
  row("GET", "/stores", page()),
  row("GET", "/stores/new", managers(200)),
  row("POST", "/stores", managers(400)),
  row("GET", "/stores/:id", owned(), () => `/stores/${ids.store}`),
  row("GET", "/stores/:id/edit", owned(), () => `/stores/${ids.store}/edit`),
  row("POST", "/stores/:id/edit", owned(400), () => `/stores/${ids.store}/edit`, { name: "" }),
  row("POST", "/stores/slow-movers/:id/resolve", owned(303), () => `/stores/slow-movers/${ids.slowMover}/resolve`, { resolution: "店员主推" }),
  row("POST", "/stores/:id/archive", { anon: 303, rep: 404, otherRep: 404, otherManager: 404 }, () => `/stores/${ids.store}/archive`, { archived: "1" }),
  row("GET", "/stores/:id/contacts/new", owned(), () => `/stores/${ids.store}/contacts/new`),
  row("POST", "/stores/:id/contacts/new", owned(400), () => `/stores/${ids.store}/contacts/new`),
  row("GET", "/contacts/:id", owned(), () => `/contacts/${ids.contact}`),
  row("GET", "/contacts/:id/edit", owned(), () => `/contacts/${ids.contact}/edit`),
  row("POST", "/contacts/:id/edit", owned(400), () => `/contacts/${ids.contact}/edit`, { name: "" }),
  row("GET", "/contacts/:id/delete", owned(), () => `/contacts/${ids.contact}/delete`),
  row("POST", "/contacts/:id/delete", { anon: 303, otherRep: 404, otherManager: 404 }, () => `/contacts/${ids.contact}/delete`),
  row("GET", "/contacts/:id/events/new", owned(), () => `/contacts/${ids.contact}/events/new`),
  row("POST", "/contacts/:id/events/new", owned(400), () => `/contacts/${ids.contact}/events/new`),
  row("GET", "/contacts/:id/events/:eventId/edit", owned(), () => `/contacts/${ids.contact}/events/${ids.event}/edit`),
  row("POST", "/contacts/:id/events/:eventId/edit", owned(400), () => `/contacts/${ids.contact}/events/${ids.event}/edit`, { date: "2026-02-30" }),
  row("POST", "/contacts/:id/events/:eventId/dismiss", { anon: 303, otherRep: 404, otherManager: 404 }, () => `/contacts/${ids.contact}/events/${ids.event}/dismiss`),
  row("GET", "/interactions/:id/edit", owned(), () => `/interactions/${ids.interaction}/edit`),
  row("POST", "/interactions/:id/edit", owned(400), () => `/interactions/${ids.interaction}/edit`, { channel: "fax" }),
  row("GET", "/interactions/:id/store", owned(), () => `/interactions/${ids.interaction}/store`),
  row("GET", "/interactions/:id/delete", owned(), () => `/interactions/${ids.interaction}/delete`),
  row("POST", "/interactions/:id/delete", { anon: 303, otherRep: 404, otherManager: 404 }, () => `/interactions/${ids.interaction}/delete`),
  row("GET", "/interactions/:id/intel", owned(), () => `/interactions/${ids.interaction}/intel`),
  row("POST", "/interactions/:id/intel", owned(400), () => `/interactions/${ids.interaction}/intel`),
  row("GET", "/team", { anon: 303, rep: 404, otherRep: 404, manager: 200, otherManager: 200, admin: 200 }),
  row("GET", "/team/export.csv", { anon: 303, rep: 404, otherRep: 404, manager: 200, otherManager: 200, admin: 200 }),
  row("GET", "/team/lists/not-contacted", { anon: 303, rep: 404, otherRep: 404, manager: 200, otherManager: 200, admin: 200 }),
  row("GET", "/team/lists/notes", { anon: 303, rep: 404, otherRep: 404, manager: 200, otherManager: 200, admin: 200 }),
  row("GET", "/team/lists/gifts", { anon: 303, rep: 404, otherRep: 404, manager: 200, otherManager: 200, admin: 200 }),
  row("GET", "/team/lists/follow-ups", { anon: 303, rep: 404, otherRep: 404, manager: 200, otherManager: 200, admin: 200 }),
  row("GET", "/team/lists/rules", { anon: 303, rep: 404, otherRep: 404, manager: 200, otherManager: 200, admin: 200 }),
  row("GET", "/team/lists/change", { anon: 303, rep: 404, otherRep: 404, manager: 200, otherManager: 200, admin: 200 }),
  row("GET", "/team/lists/festivals", { anon: 303, rep: 404, otherRep: 404, manager: 200, otherManager: 200, admin: 200 }),
  row("GET", "/team/reps/:id", ownedByManagers(), () => `/team/reps/${ids.rep}`),
  row("POST", "/team/reps/:id/reassign", ownedByManagers(400), () => `/team/reps/${ids.rep}/reassign`),
  row("GET", "/admin", adminOnly()),
  row("GET", "/admin/users", adminOnly()),
  row("GET", "/admin/users/new", adminOnly()),
  row("POST", "/admin/users", adminOnly(400)),
  row("GET", "/admin/users/:id", adminOnly(), () => `/admin/users/${ids.user}`),
  row("POST", "/admin/users/:id", adminOnly(400), () => `/admin/users/${ids.user}`),
  row("POST", "/admin/users/:id/deactivate", { anon: 303, rep: 404, otherRep: 404, manager: 404, otherManager: 404 }, () => `/admin/users/${ids.user}/deactivate`),
  row("POST", "/admin/users/:id/reactivate", { anon: 303, rep: 404, otherRep: 404, manager: 404, otherManager: 404 }, () => `/admin/users/${ids.user}/reactivate`),
  row("GET", "/admin/teams", adminOnly()),
  row("POST", "/admin/teams", adminOnly(400)),
  row("POST", "/admin/teams/:id", adminOnly(400), () => `/admin/teams/${ids.team}`),
  row("POST", "/admin/teams/:id/delete", { anon: 303, rep: 404, otherRep: 404, manager: 404, otherManager: 404, admin: 409 }, () => `/admin/teams/${ids.team}/delete`),
  row("GET", "/admin/policy", adminOnly()),
  row("POST", "/admin/policy", adminOnly(400)),
  row("GET", "/admin/festivals", adminOnly()),
  row("GET", "/admin/festivals/new", adminOnly()),
  row("POST", "/admin/festivals", adminOnly(400)),
  row("GET", "/admin/festivals/:id", adminOnly(), () => `/admin/festivals/${ids.festival}`),
  row("POST", "/admin/festivals/:id", adminOnly(400), () => `/admin/festivals/${ids.festival}`),
  row("GET", "/admin/import", adminOnly()),
  row("GET", "/admin/audit", adminOnly()),
  row("GET", "/admin/calendar", adminOnly()),
  row("POST", "/admin/calendar/:year/holidays", adminOnly(400), () => "/admin/calendar/2027/holidays"),
  row("POST", "/admin/calendar/:year/workdays", adminOnly(400), () => "/admin/calendar/2027/workdays"),
  row("POST", "/admin/calendar/:year/remove", adminOnly(400), () => "/admin/calendar/2027/remove"),
  row("POST", "/admin/calendar/:year/paste", adminOnly(400), () => "/admin/calendar/2027/paste"),
  row("POST", "/admin/import/preview", adminOnly(400)),
  row("POST", "/admin/import", adminOnly(400)),
  row("GET", "/admin/templates", adminOnly()),
  row("GET", "/admin/templates/new", adminOnly()),
  row("POST", "/admin/templates", adminOnly(400)),
  row("GET", "/admin/templates/:id", adminOnly(), () => `/admin/templates/${ids.template}`),
  row("POST", "/admin/templates/:id", adminOnly(400), () => `/admin/templates/${ids.template}`),
  row("POST", "/admin/templates/:id/active", { anon: 303, rep: 404, otherRep: 404, manager: 404, otherManager: 404 }, () => `/admin/templates/${ids.template}/active`),
  row("GET", "/admin/outbox", adminOnly()),
  row("GET", "/admin/outbox/:id{[0-9]+}", adminOnly(), () => `/admin/outbox/${ids.outbox}`),
  row("GET", "/admin/outbox/:id{[0-9]+}/html", adminOnly(), () => `/admin/outbox/${ids.outbox}/html`),
  row("GET", "/dev/outbox", nobody()),
  row("GET", "/dev/outbox/:id{[0-9]+}", nobody(), () => `/dev/outbox/${ids.outbox}`),
  row("GET", "/dev/outbox/:id{[0-9]+}/html", nobody(), () => `/dev/outbox/${ids.outbox}/html`),
  row("POST", "/signout/everywhere", { anon: 303 }),
  row("POST", "/signout", { anon: 200 }),
  // JSON API
  row("GET", "/api/health", nobody(200)),
  row("GET", "/api/festivals", nobody(200), () => "/api/festivals?year=2026"),
  row("GET", "/api/me", api()),
  row("GET", "/api/progress", api()),
  row("GET", "/api/working-calendar", api(), () => "/api/working-calendar?year=2027"),
  row("PUT", "/api/working-calendar", { anon: 401, rep: 404, otherRep: 404, manager: 404, otherManager: 404, admin: 200 }, () => "/api/working-calendar", {
    year: 2027,
    holidays: ["2027-01-01"],
    workdays: [],
  }),
  row("GET", "/api/interactions", api()),
  // A valid body, so that only the store's scope decides: 201 inside it, 404 outside.
  row("POST", "/api/interactions", owned(201, 401), () => "/api/interactions", { storeId: "STORE", channel: "phone", occurredAt: "NOW", idempotencyKey: "KEY" }),
  // Fixing a log: the rep's own (within the edit window), the rep's manager and admins; the other team 404.
  row("PATCH", "/api/interactions/:id", owned(200, 401), () => `/api/interactions/${ids.interaction}`, { notes: "补记" }),
  row("POST", "/api/insights/:id/resolve", owned(200, 401), () => `/api/insights/${ids.slowMover}/resolve`, { resolution: "店员主推" }),
  row("POST", "/api/interactions/:id/insights", owned(201, 401), () => `/api/interactions/${ids.interaction}/insights`, { insights: [{ kind: "competitor", detail: "买二送一" }] }),
  row("DELETE", "/api/interactions/:id", { anon: 401, otherRep: 404, otherManager: 404 }, () => `/api/interactions/${ids.interaction}`),
  row("GET", "/api/stores", api()),
  row("POST", "/api/stores", managers(400, 401)),
  row("GET", "/api/stores/:id", owned(200, 401), () => `/api/stores/${ids.store}`),
  // Valid bodies for the API's writes, so that scope alone decides (an invalid body is a 400 anywhere).
  row("PATCH", "/api/stores/:id", owned(200, 401), () => `/api/stores/${ids.store}`, { phone: "0731-88886666" }),
  row("GET", "/api/stores/:id/contacts", owned(200, 401), () => `/api/stores/${ids.store}/contacts`),
  row("POST", "/api/stores/:id/contacts", owned(201, 401), () => `/api/stores/${ids.store}/contacts`, { name: "赵敏", role: "clerk" }),
  row("GET", "/api/contacts/:id", owned(200, 401), () => `/api/contacts/${ids.contact}`),
  row("PATCH", "/api/contacts/:id", owned(200, 401), () => `/api/contacts/${ids.contact}`, { formOfAddress: "赵姐" }),
  row("DELETE", "/api/contacts/:id", { anon: 401, otherRep: 404, otherManager: 404 }, () => `/api/contacts/${ids.contact}`),
  row("GET", "/api/contacts/:id/life-events", owned(200, 401), () => `/api/contacts/${ids.contact}/life-events`),
  row("POST", "/api/contacts/:id/life-events", owned(201, 401), () => `/api/contacts/${ids.contact}/life-events`, { kind: "illness", date: new Date().toISOString().slice(0, 10) }),
  row("PATCH", "/api/life-events/:id", owned(200, 401), () => `/api/life-events/${ids.event}`, { notes: "婚礼在周六" }),
];

async function call(r: Row, role: Role): Promise<number> {
  const agent = agents[role];
  const path = r.path();
  const fill = (v: unknown) => (v === "STORE" ? ids.store : v === "NOW" ? new Date().toISOString() : v === "KEY" ? `matrix-${role}-${Math.random().toString(36).slice(2)}` : v);
  const body = r.body ? Object.fromEntries(Object.entries(r.body).map(([k, v]) => [k, fill(v)])) : {};
  if (path.startsWith("/api/")) {
    if (r.method === "GET") return (await request(path, { agent })).status;
    return (await sendJson(r.method, path, body, agent)).status;
  }
  if (r.method === "GET") return (await request(path, { agent })).status;
  return (await postForm(path, Object.fromEntries(Object.entries(body).map(([k, v]) => [k, String(v)])), agent)).status;
}

describe("access matrix (integration)", () => {
  for (const r of ROWS) {
    it(`${r.method} ${r.route}`, async () => {
      const got: Expect = {};
      for (const role of ROLES) if (r.expect[role] !== undefined) got[role] = await call(r, role);
      expect(got, JSON.stringify(got)).toEqual(r.expect);
    });
  }

  it("covers every route the app has", () => {
    const listed = new Set(ROWS.map((r) => `${r.method} ${r.route}`));
    const missing = [...new Set(app.routes.filter((r) => r.method !== "ALL").map((r) => `${r.method} ${r.path}`))].filter((k) => !listed.has(k));
    expect(missing).toEqual([]);
  });
});
