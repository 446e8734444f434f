// Integration: store pages and /api/stores through the Worker against sqld — the access matrix
// of every route, filters and paging, pace and behind-pace, bad input that writes nothing,
// role rules for edits (reps: contact details only), and escaping.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { countRows, db, makeContact, makeStore, makeTeam, makeUser, resetDb } from "../helpers/db.ts";
import { postForm, request, sendJson, signedIn, type Agent } from "../helpers/http.ts";
import { interactions, lifeEvents, policy, stores, visitInsights } from "../../src/db/schema.ts";
import { DEFAULT_POLICY } from "../../src/domain/policy.ts";
import { addDays, daysInMonth, localDateOf, parts } from "../../src/domain/dates.ts";

type Who = "anon" | "rep" | "otherRep" | "otherManager" | "manager" | "admin";
const WHO: Who[] = ["anon", "rep", "otherRep", "otherManager", "manager", "admin"];
const agents = {} as Record<Who, Agent | undefined>;
let repId: number, otherRepId: number;
let store: typeof stores.$inferSelect, storeA: typeof stores.$inferSelect, otherStore: typeof stores.$inferSelect;

/** A page answers a visitor with a redirect to sign-in, not a page. */
const PAGE = { anon: 303, rep: 200, otherRep: 404, otherManager: 404, manager: 200, admin: 200 } as const;
const API = { anon: 401, rep: 200, otherRep: 404, otherManager: 404, manager: 200, admin: 200 } as const;

async function statuses(call: (agent: Agent | undefined, who: Who) => Promise<Response>): Promise<Record<Who, number>> {
  const out = {} as Record<Who, number>;
  for (const who of WHO) out[who] = (await call(agents[who], who)).status;
  return out;
}

async function storeRow(id: number) {
  const [row] = await db().select().from(stores).where(eq(stores.id, id));
  return row!;
}

const today = () => localDateOf(Date.now(), "Asia/Shanghai");
let keySeq = 0;
function visitRow(storeId: number, byRep: number, localDate: string, extra: Partial<typeof interactions.$inferInsert> = {}) {
  return {
    repId: byRep,
    storeId,
    channel: "visit" as const,
    occurredAt: Date.parse(`${localDate}T02:00:00Z`),
    localDate,
    idempotencyKey: `stores-test-${++keySeq}`,
    ...extra,
  };
}

beforeAll(async () => {
  await resetDb();
  const team = await makeTeam("华东一组");
  const team2 = await makeTeam("华东二组");
  const rep = await makeUser("rep", team.id);
  const otherRep = await makeUser("rep", team2.id);
  repId = rep.id;
  otherRepId = otherRep.id;
  agents.anon = undefined;
  agents.rep = await signedIn(rep.id);
  agents.otherRep = await signedIn(otherRep.id);
  agents.manager = await signedIn((await makeUser("manager", team.id)).id);
  agents.otherManager = await signedIn((await makeUser("manager", team2.id)).id);
  agents.admin = await signedIn((await makeUser("admin", null)).id);
  store = await makeStore(rep.id, "B", { name: "仁和大药房", address: "解放路 12 号", phone: "0731-88880000" });
  storeA = await makeStore(rep.id, "A", { name: "益丰大药房", city: "北京", address: "朝阳路 1 号" });
  otherStore = await makeStore(otherRep.id, "A", { name: "老百姓大药房" });
});

describe("store access matrix (integration)", () => {
  it("GET /stores lists only the caller's stores", async () => {
    const seen = {} as Record<Who, boolean | number>;
    for (const who of WHO) {
      const res = await request("/stores", { agent: agents[who] });
      seen[who] = res.status === 200 ? (await res.text()).includes("仁和大药房") : res.status;
    }
    expect(seen).toEqual({ anon: 303, rep: true, otherRep: false, otherManager: false, manager: true, admin: true });
    const anon = await request("/stores");
    expect(anon.headers.get("location")).toMatch(/^\/signin/);
  });

  it("GET /stores/:id and /stores/:id/edit", async () => {
    expect(await statuses((a) => request(`/stores/${store.id}`, { agent: a }))).toEqual(PAGE);
    expect(await statuses((a) => request(`/stores/${store.id}/edit`, { agent: a }))).toEqual(PAGE);
  });

  it("GET /stores/new is for managers and admins", async () => {
    expect(await statuses((a) => request("/stores/new", { agent: a }))).toEqual({ anon: 303, rep: 404, otherRep: 404, otherManager: 200, manager: 200, admin: 200 });
  });

  it("POST /stores creates for managers and admins, assigning only reps in their scope", async () => {
    const got = await statuses((a, who) => postForm("/stores", { name: `新店-${who}`, class: "C", repId: String(repId), city: "长沙" }, a));
    // The other team's manager may not assign a rep of this team: a field error, nothing written.
    expect(got).toEqual({ anon: 303, rep: 404, otherRep: 404, otherManager: 400, manager: 303, admin: 303 });
    const names = (await db().select({ name: stores.name }).from(stores)).map((r) => r.name);
    expect(names).toContain("新店-manager");
    expect(names).toContain("新店-admin");
    expect(names).not.toContain("新店-otherManager");
  });

  it("POST /stores/:id/edit", async () => {
    const got = await statuses((a) => postForm(`/stores/${store.id}/edit`, { name: "仁和大药房", address: "解放路 12 号", city: "长沙", phone: "0731-88880000" }, a));
    expect(got).toEqual({ anon: 303, rep: 303, otherRep: 404, otherManager: 404, manager: 303, admin: 303 });
  });

  it("POST /stores/:id/archive is for the team's manager and admins", async () => {
    const got = await statuses((a) => postForm(`/stores/${store.id}/archive`, { archived: "0" }, a));
    expect(got).toEqual({ anon: 303, rep: 404, otherRep: 404, otherManager: 404, manager: 303, admin: 303 });
  });

  it("GET /api/stores lists only the caller's stores", async () => {
    const seen = {} as Record<Who, boolean | number>;
    for (const who of WHO) {
      const res = await request("/api/stores", { agent: agents[who] });
      seen[who] = res.status === 200 ? (await res.json<{ items: { id: number }[] }>()).items.some((s) => s.id === store.id) : res.status;
    }
    expect(seen).toEqual({ anon: 401, rep: true, otherRep: false, otherManager: false, manager: true, admin: true });
  });

  it("GET /api/stores/:id and GET /api/stores/:id/contacts", async () => {
    expect(await statuses((a) => request(`/api/stores/${store.id}`, { agent: a }))).toEqual(API);
    expect(await statuses((a) => request(`/api/stores/${store.id}/contacts`, { agent: a }))).toEqual(API);
  });

  it("PATCH /api/stores/:id", async () => {
    expect(await statuses((a) => sendJson("PATCH", `/api/stores/${store.id}`, { phone: "0731-88880000" }, a))).toEqual(API);
  });

  it("POST /api/stores", async () => {
    const got = await statuses((a, who) => sendJson("POST", "/api/stores", { name: `接口新店-${who}`, tier: "B", repId }, a));
    expect(got).toEqual({ anon: 401, rep: 404, otherRep: 404, otherManager: 400, manager: 201, admin: 201 });
  });

  it("POST /api/stores/:id/contacts", async () => {
    const got = await statuses((a, who) => sendJson("POST", `/api/stores/${store.id}/contacts`, { name: `联系人-${who}`, role: "clerk" }, a));
    expect(got).toEqual({ ...API, rep: 201, manager: 201, admin: 201 });
  });

  it("an unknown or malformed id is a 404", async () => {
    expect((await request("/stores/999999", { agent: agents.admin })).status).toBe(404);
    expect((await request("/stores/abc", { agent: agents.admin })).status).toBe(404);
    expect((await request("/api/stores/0", { agent: agents.admin })).status).toBe(404);
  });
});

describe("PATCH /api/stores/:id (integration)", () => {
  it("leaves a store out of scope unchanged and answers 404", async () => {
    const before = await storeRow(otherStore.id);
    for (const who of ["rep", "manager"] as const) {
      const res = await sendJson("PATCH", `/api/stores/${otherStore.id}`, { name: "改名了", phone: "110" }, agents[who]);
      expect(res.status).toBe(404);
      expect((await res.json<{ error: { code: string } }>()).error.code).toBe("not_found");
    }
    expect(await storeRow(otherStore.id)).toEqual(before);
  });

  it("lets a rep edit contact details but not the class or the assigned rep (403, unchanged)", async () => {
    const ok = await sendJson("PATCH", `/api/stores/${store.id}`, { address: "解放西路 8 号" }, agents.rep);
    expect(ok.status).toBe(200);
    expect((await ok.json<{ address: string }>()).address).toBe("解放西路 8 号");
    const before = await storeRow(store.id);
    for (const body of [{ tier: "A" }, { repId: otherRepId }, { archived: true }]) {
      const res = await sendJson("PATCH", `/api/stores/${store.id}`, body, agents.rep);
      expect(res.status).toBe(403);
      const err = (await res.json<{ error: { code: string; fields: Record<string, string> } }>()).error;
      expect(err.code).toBe("forbidden");
      expect(Object.keys(err.fields)).toEqual(Object.keys(body));
    }
    expect(await storeRow(store.id)).toEqual(before);
    // Sending the current class is not a change, so not refused.
    expect((await sendJson("PATCH", `/api/stores/${store.id}`, { tier: "B", phone: "0731-88880000" }, agents.rep)).status).toBe(200);
  });

  it("lets the manager change the class, but assign only reps of the team", async () => {
    const res = await sendJson("PATCH", `/api/stores/${storeA.id}`, { class: "B" }, agents.manager);
    expect(res.status).toBe(200);
    expect((await res.json<{ tier: string }>()).tier).toBe("B");
    const away = await sendJson("PATCH", `/api/stores/${storeA.id}`, { repId: otherRepId }, agents.manager);
    expect(away.status).toBe(400);
    expect(Object.keys((await away.json<{ error: { fields: object } }>()).error.fields)).toEqual(["repId"]);
    expect((await storeRow(storeA.id)).repId).toBe(repId);
    await sendJson("PATCH", `/api/stores/${storeA.id}`, { tier: "A" }, agents.admin);
    expect((await storeRow(storeA.id)).class).toBe("A");
  });

  it.each([
    ["tier", { tier: "D" }],
    ["name", { name: "" }],
    ["name", { name: "x".repeat(101) }],
    ["phone", { phone: "call me" }],
    ["repId", { repId: "3" }],
    ["archived", { archived: "yes" }],
    ["nmae", { nmae: "typo" }],
    ["tier", { tier: "A", class: "B" }],
  ])("rejects a bad %s with a field error and changes nothing", async (field, body) => {
    const before = await storeRow(store.id);
    const res = await sendJson("PATCH", `/api/stores/${store.id}`, body, agents.manager);
    expect(res.status).toBe(400);
    const err = (await res.json<{ error: { code: string; fields: Record<string, string> } }>()).error;
    expect(err.code).toBe("validation_failed");
    expect(Object.keys(err.fields)).toContain(field);
    expect(await storeRow(store.id)).toEqual(before);
  });

  it("rejects a body that is not a JSON object", async () => {
    const res = await request(`/api/stores/${store.id}`, {
      method: "PATCH",
      body: "[1]",
      headers: { "content-type": "application/json", "x-csrf-token": agents.manager!.csrf! },
      agent: agents.manager,
    });
    expect(res.status).toBe(400);
  });

  it("needs the CSRF header for a cookie-authenticated write", async () => {
    const before = await storeRow(store.id);
    const res = await request(`/api/stores/${store.id}`, {
      method: "PATCH",
      body: JSON.stringify({ name: "CSRF" }),
      headers: { "content-type": "application/json" },
      agent: agents.manager,
    });
    expect(res.status).toBe(403);
    expect(await storeRow(store.id)).toEqual(before);
  });
});

describe("POST /api/stores bad input (integration)", () => {
  it.each([
    ["name", { tier: "B", repId: 0 }],
    ["name", { name: "  ", tier: "B" }],
    ["tier", { name: "店", tier: "Z" }],
    ["tier", { name: "店" }],
    ["repId", { name: "店", tier: "B", repId: undefined }],
    ["repId", { name: "店", tier: "B", repId: 99999 }],
    ["phone", { name: "店", tier: "B", phone: "abc" }],
    ["colour", { name: "店", tier: "B", colour: "red" }],
  ])("rejects a bad %s and writes nothing", async (field, body) => {
    const payload = { repId, ...body };
    const before = await countRows("stores");
    const res = await sendJson("POST", "/api/stores", payload, agents.manager);
    expect(res.status).toBe(400);
    const err = (await res.json<{ error: { code: string; fields: Record<string, string> } }>()).error;
    expect(err.code).toBe("validation_failed");
    expect(Object.keys(err.fields)).toContain(field);
    expect(await countRows("stores")).toBe(before);
  });

  it("returns the created store with tier and class", async () => {
    const res = await sendJson("POST", "/api/stores", { name: "新开药房", tier: "A", city: "株洲", repId: otherRepId }, agents.admin);
    expect(res.status).toBe(201);
    const body = await res.json<Record<string, unknown>>();
    expect(body).toMatchObject({ name: "新开药房", tier: "A", class: "A", city: "株洲", repId: otherRepId, archived: false });
  });
});

describe("store forms: bad input (integration)", () => {
  it.each([
    ["name", { name: "", class: "B" }],
    ["class", { name: "表单新店", class: "" }],
    ["class", { name: "表单新店", class: "X" }],
    ["repId", { name: "表单新店", class: "B", repId: "" }],
    ["phone", { name: "表单新店", class: "B", phone: "电话" }],
  ])("POST /stores with a bad %s re-renders the form with the error and the input kept", async (field, fields) => {
    const before = await countRows("stores");
    const res = await postForm("/stores", { repId: String(repId), city: "湘潭", ...fields }, agents.manager);
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain(`id="${field}-error"`);
    expect(html).toContain('value="湘潭"');
    expect(await countRows("stores")).toBe(before);
  });

  it("POST /stores/:id/edit with a bad field changes nothing", async () => {
    const before = await storeRow(store.id);
    for (const fields of [{ name: "", phone: "" }, { name: "仁和", phone: "电话" }]) {
      const res = await postForm(`/stores/${store.id}/edit`, { address: "新地址", ...fields }, agents.rep);
      expect(res.status).toBe(400);
      const html = await res.text();
      expect(html).toMatch(/id="(name|phone)-error"/);
      expect(html).toContain('value="新地址"');
    }
    expect(await storeRow(store.id)).toEqual(before);
  });

  it("a rep's form cannot change the class or the rep", async () => {
    const res = await postForm(`/stores/${store.id}/edit`, { name: "仁和大药房", class: "A", repId: String(otherRepId), phone: "" }, agents.rep);
    expect(res.status).toBe(303);
    const row = await storeRow(store.id);
    expect(row.class).toBe("B");
    expect(row.repId).toBe(repId);
    expect(row.phone).toBeNull();
  });

  it("archiving hides a store from the list; restoring brings it back", async () => {
    expect((await postForm(`/stores/${storeA.id}/archive`, { archived: "1" }, agents.manager)).status).toBe(303);
    const list = await (await request("/stores", { agent: agents.rep })).text();
    expect(list).not.toContain("益丰大药房");
    expect(await (await request("/stores?archived=1", { agent: agents.rep })).text()).toContain("益丰大药房");
    expect((await postForm(`/stores/${storeA.id}/archive`, { archived: "maybe" }, agents.manager)).status).toBe(400);
    expect((await postForm(`/stores/${storeA.id}/archive`, { archived: "0" }, agents.manager)).status).toBe(303);
    expect((await storeRow(storeA.id)).archived).toBe(false);
  });
});

describe("store list: filters and paging (integration)", () => {
  // A rep of their own, so stores created by the other suites do not change what is listed.
  let listAgent: Agent;
  let listRep: number;
  let first: { id: number };
  beforeAll(async () => {
    const team = await makeTeam("筛选组");
    listRep = (await makeUser("rep", team.id)).id;
    listAgent = await signedIn(listRep);
    await makeStore(listRep, "B", { name: "仁和大药房", address: "解放路 12 号" });
    first = await makeStore(listRep, "A", { name: "益丰大药房", city: "北京", address: "朝阳路 1 号" });
    await makeStore(listRep, "C", { name: "养天和大药房", city: "长沙" });
  });
  const names = async (path: string, agent = listAgent) => {
    const res = await request(path, { agent });
    expect(res.status).toBe(200);
    return (await res.json<{ items: { name: string }[] }>()).items.map((s) => s.name);
  };

  it("filters by class, city and search, A before B before C", async () => {
    expect(await names("/api/stores?class=A")).toEqual(["益丰大药房"]);
    expect(await names("/api/stores?tier=B")).toEqual(["仁和大药房"]);
    expect(await names("/api/stores?city=北京")).toEqual(["益丰大药房"]);
    expect(await names(`/api/stores?q=${encodeURIComponent("解放")}`)).toEqual(["仁和大药房"]);
    expect(await names(`/api/stores?q=${encodeURIComponent("益丰")}`)).toEqual(["益丰大药房"]);
    expect(await names("/api/stores")).toEqual(["益丰大药房", "仁和大药房", "养天和大药房"]);
  });

  it("returns the documented fields", async () => {
    const res = await request("/api/stores?class=A", { agent: listAgent });
    const [item] = (await res.json<{ items: Record<string, unknown>[] }>()).items;
    expect(item).toMatchObject({ id: first.id, name: "益丰大药房", tier: "A", city: "北京", repId: listRep, archived: false });
  });

  it("pages with limit and cursor, without repeats", async () => {
    const seen: number[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res = await request(`/api/stores?limit=2${cursor ? `&cursor=${cursor}` : ""}`, { agent: agents.admin });
      const body = await res.json<{ items: { id: number }[]; nextCursor: string | null }>();
      expect(body.items.length).toBeLessThanOrEqual(2);
      seen.push(...body.items.map((s) => s.id));
      cursor = body.nextCursor;
      pages++;
    } while (cursor && pages < 20);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.length).toBe(await countRows("stores") - (await db().select().from(stores).where(eq(stores.archived, true))).length);
    expect(pages).toBeGreaterThan(1);
  });

  it.each([["limit=0"], ["limit=abc"], ["class=D"], ["cursor=***"], ["cursor=abcd"], ["behind=perhaps"]])("rejects ?%s with a field error", async (q) => {
    const res = await request(`/api/stores?${q}`, { agent: agents.rep });
    expect(res.status).toBe(400);
    const err = (await res.json<{ error: { fields: Record<string, string> } }>()).error;
    expect(Object.keys(err.fields)).toContain(q.split("=")[0]);
  });

  it("the page shows a filter error instead of a list", async () => {
    const res = await request("/stores?class=D", { agent: agents.rep });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain("field-error");
  });

  it("the page offers the filters and applies them", async () => {
    const html = await (await request("/stores?class=A", { agent: agents.admin })).text();
    expect(html).toContain('name="behind"');
    expect(html).toContain('<option value="北京"');
    expect(html).toContain("益丰大药房");
    expect(html).not.toContain("仁和大药房");
  });
});

describe("behind pace (integration)", () => {
  // Every day a working day and B's visit quota = the month's length, so by the end of day d a B
  // store should have d visits: d done is on pace, d − 1 is a whole visit behind (R1, SPEC §3).
  // The visits are all logged today, so every one counts only with sameDayRepeats "each".
  let onPace: { id: number }, behindOne: { id: number }, quiet: { id: number };
  let paceAgent: Agent;
  beforeAll(async () => {
    const d = today();
    const { year, month, day } = parts(d);
    const n = daysInMonth(year, month);
    const zero = { A: 0, B: 0, C: 0 };
    await db()
      .update(policy)
      .set({ data: { ...DEFAULT_POLICY, sameDayRepeats: "each", workingDays: [1, 2, 3, 4, 5, 6, 7], quotas: { visit: { A: 0, B: n, C: 0 }, phone: zero, message: zero } } })
      .where(eq(policy.id, 1));
    const team = await makeTeam("进度组");
    const rep = await makeUser("rep", team.id);
    paceAgent = await signedIn(rep.id);
    onPace = await makeStore(rep.id, "B", { name: "进度正常店" });
    behindOne = await makeStore(rep.id, "B", { name: "进度落后店" });
    quiet = await makeStore(rep.id, "C", { name: "无要求店" });
    const rows = [
      ...Array.from({ length: day }, () => visitRow(onPace.id, rep.id, d)),
      ...Array.from({ length: day - 1 }, () => visitRow(behindOne.id, rep.id, d)),
      // After today does not count; last month does not count.
      visitRow(behindOne.id, rep.id, addDays(d, 1)),
      visitRow(behindOne.id, rep.id, addDays(d, -day)),
    ];
    await db().insert(interactions).values(rows);
  });
  afterAll(async () => {
    await db().update(policy).set({ data: DEFAULT_POLICY }).where(eq(policy.id, 1));
  });

  it("lists only stores a whole contact behind, the same test as the pure pace rules", async () => {
    const res = await request("/api/stores?behind=1", { agent: paceAgent });
    const body = await res.json<{ items: { id: number; behind: boolean; pace: { channel: string; done: number; required: number }[] }[] }>();
    expect(body.items.map((s) => s.id)).toEqual([behindOne.id]);
    expect(body.items[0]!.behind).toBe(true);
    expect(body.items[0]!.pace.find((p) => p.channel === "visit")!.done).toBe(parts(today()).day - 1);
    const all = await request("/api/stores", { agent: paceAgent });
    const items = (await all.json<{ items: { id: number; behind: boolean }[] }>()).items;
    expect(items.find((s) => s.id === onPace.id)!.behind).toBe(false);
    expect(items.find((s) => s.id === quiet.id)!.behind).toBe(false);
  });

  it("the store page shows this month's pace per channel", async () => {
    const html = await (await request(`/stores/${behindOne.id}`, { agent: paceAgent })).text();
    const day = parts(today()).day;
    const n = daysInMonth(parts(today()).year, parts(today()).month);
    expect(html).toContain(`${day - 1} / ${n}`);
    expect(html).toContain('class="pill bad"');
  });
});

describe("store page (integration)", () => {
  it("shows contacts, follow-ups without do-not-contact people, intel and paged history", async () => {
    const s = await makeStore(repId, "A", { name: "详情测试店" });
    const d = today();
    const { month, day } = parts(d);
    const birthday = { birthdayCalendar: "solar" as const, birthdayMonth: month, birthdayDay: day };
    const wang = await makeContact(s.id, { name: "王芳", formOfAddress: "王姐", phone: "13900001111", ...birthday });
    await makeContact(s.id, { name: "赵勿扰", formOfAddress: "赵总", doNotContact: true, ...birthday });
    await db().insert(lifeEvents).values({ contactId: wang.id, kind: "wedding", date: d });
    const rows = Array.from({ length: 23 }, (_, i) => visitRow(s.id, repId, addDays(d, -(i % 20)), { notes: `第${i}次拜访` }));
    await db().insert(interactions).values(rows);
    const [first] = await db().select({ id: interactions.id }).from(interactions).where(eq(interactions.storeId, s.id)).limit(1);
    await db().insert(visitInsights).values([
      { interactionId: first!.id, kind: "slow_mover", subject: "维C泡腾片", detail: "近效期积压", reason: "陈列差", action: "申请堆头" },
      { interactionId: first!.id, kind: "competitor", subject: "某竞品", detail: "买二送一" },
    ]);
    const res = await request(`/stores/${s.id}`, { agent: agents.rep });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('href="tel:13900001111"');
    expect(html).toContain("赵勿扰");
    // Follow-ups: Wang's birthday and wedding; nothing for the do-not-contact contact.
    expect(html).toContain(`王姐 · 生日 · ${d}`);
    expect(html).toContain(`王姐 · 结婚 · ${d}`);
    expect(html).not.toContain("赵总 · 生日");
    expect(html).toContain(`/log?storeId=${s.id}&amp;channel=message&amp;contactId=${wang.id}&amp;occasion=birthday`);
    expect(html).toContain("维C泡腾片");
    expect(html).toContain("买二送一");
    // History: 20 per page, then an "older" link to the rest.
    expect(html.match(/次拜访/g)?.length).toBe(20);
    const older = html.match(/href="(\/stores\/\d+\?before=\d+\.\d+)"/)?.[1];
    expect(older).toBeDefined();
    const page2 = await (await request(older!, { agent: agents.rep })).text();
    expect(page2.match(/次拜访/g)?.length).toBe(3);
    expect((await request(`/stores/${s.id}?before=nope`, { agent: agents.rep })).status).toBe(400);
  });
});

describe("escaping (integration)", () => {
  it("renders a store name with markup as text", async () => {
    const evil = "<script>alert(1)</script>";
    const res = await sendJson("POST", "/api/stores", { name: evil, tier: "C", repId, address: '"><img src=x onerror=alert(2)>' }, agents.manager);
    expect(res.status).toBe(201);
    const { id } = await res.json<{ id: number }>();
    for (const path of [`/stores/${id}`, "/stores?class=C", `/stores/${id}/edit`]) {
      const html = await (await request(path, { agent: agents.manager })).text();
      expect(html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
      expect(html).not.toContain(evil);
      expect(html).not.toContain("<img src=x");
    }
  });
});
