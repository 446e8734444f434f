// Integration: /admin/audit (issue 9) — who changed which personal-data field of which contact and
// when, and every erasure, filtered by contact and by user, paged, values never shown; a change that
// only rewrites line endings is no change (no audit row, text stored with \n).
import { beforeAll, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { countRows, db, makeContact, makeStore, makeTeam, makeUser, resetDb } from "../helpers/db.ts";
import { postForm, request, sendJson, signedIn, type Agent } from "../helpers/http.ts";
import { auditLog, contacts, lifeEvents } from "../../src/db/schema.ts";

let rep: { id: number; email: string; name: string };
let manager: { id: number; email: string; name: string };
let admin: { id: number; email: string; name: string };
const agents = {} as Record<"rep" | "manager" | "admin" | "otherManager", Agent>;
let store: { id: number };

const SECRET = "喜欢普洱茶，女儿今年高考";

beforeAll(async () => {
  await resetDb();
  const team = await makeTeam();
  rep = await makeUser("rep", team.id);
  manager = await makeUser("manager", team.id);
  admin = await makeUser("admin", null);
  agents.rep = await signedIn(rep.id);
  agents.manager = await signedIn(manager.id);
  agents.admin = await signedIn(admin.id);
  agents.otherManager = await signedIn((await makeUser("manager", (await makeTeam()).id)).id);
  store = await makeStore(rep.id, "A");
});

const auditCount = () => countRows("audit_log");

/** The table rows of the audit page (one <tr> per audit row in the body). */
function bodyRows(html: string): string[] {
  const body = html.split("<tbody>")[1]?.split("</tbody>")[0] ?? "";
  return body.split("<tr>").slice(1);
}

async function page(query: string, agent = agents.admin) {
  const res = await request(`/admin/audit${query}`, { agent });
  return { status: res.status, html: await res.text() };
}

describe("line endings are not a change (integration)", () => {
  it("a contact edit that only turns \\n into \\r\\n writes nothing and no audit row", async () => {
    const created = await sendJson("POST", `/api/stores/${store.id}/contacts`, { name: "陈静", role: "clerk", preferences: "爱喝茶\n不吃辣", familyNotes: "一儿\n一女" }, agents.rep);
    expect(created.status).toBe(201);
    const { id } = (await created.json<{ id: number }>());
    const before = await auditCount();
    const res = await sendJson("PATCH", `/api/contacts/${id}`, { preferences: "爱喝茶\r\n不吃辣", familyNotes: "一儿\r一女" }, agents.rep);
    expect(res.status).toBe(200);
    expect(await auditCount()).toBe(before);
    // The edit form posts CRLF, as browsers do: still no change.
    const form = await postForm(
      `/contacts/${id}/edit`,
      { name: "陈静", role: "clerk", formOfAddress: "", phone: "", wechat: "", qq: "", birthdayCalendar: "", birthdayMonth: "", birthdayDay: "", birthYear: "", tags: "", preferences: "爱喝茶\r\n不吃辣", familyNotes: "一儿\r\n一女" },
      agents.rep,
    );
    expect(form.status).toBe(303);
    expect(await auditCount()).toBe(before);
    expect((await db().select().from(contacts).where(eq(contacts.id, id)))[0]).toMatchObject({ preferences: "爱喝茶\n不吃辣", familyNotes: "一儿\n一女" });
  });

  it("a real change sent with \\r\\n is stored with \\n and audited by field name", async () => {
    const x = await makeContact(store.id, { preferences: "旧的" });
    const res = await sendJson("PATCH", `/api/contacts/${x.id}`, { preferences: "新的\r\n第二行" }, agents.rep);
    expect(res.status).toBe(200);
    expect((await db().select().from(contacts).where(eq(contacts.id, x.id)))[0]!.preferences).toBe("新的\n第二行");
    const rows = await db().select().from(auditLog).where(and(eq(auditLog.entity, "contact"), eq(auditLog.entityId, x.id)));
    expect(rows.map((r) => r.changes)).toEqual([["preferences"]]);
  });

  it("a text stored with \\r\\n before, saved again with \\n, is no change", async () => {
    const x = await makeContact(store.id, { familyNotes: "老数据\r\n两行" });
    const before = await auditCount();
    expect((await sendJson("PATCH", `/api/contacts/${x.id}`, { familyNotes: "老数据\n两行" }, agents.rep)).status).toBe(200);
    expect(await auditCount()).toBe(before);
  });

  it("a life event's notes: CRLF only is no change; created notes are stored with \\n", async () => {
    const x = await makeContact(store.id);
    const created = await sendJson("POST", `/api/contacts/${x.id}/life-events`, { kind: "illness", date: "2026-11-01", notes: "住院\r\n两周" }, agents.rep);
    expect(created.status).toBe(201);
    const { id } = (await created.json<{ id: number }>());
    expect((await db().select().from(lifeEvents).where(eq(lifeEvents.id, id)))[0]!.notes).toBe("住院\n两周");
    const before = await auditCount();
    expect((await sendJson("PATCH", `/api/life-events/${id}`, { notes: "住院\r\n两周" }, agents.rep)).status).toBe(200);
    expect(await auditCount()).toBe(before);
    expect((await sendJson("PATCH", `/api/life-events/${id}`, { notes: "住院\r\n三周" }, agents.rep)).status).toBe(200);
    expect(await auditCount()).toBe(before + 1);
  });
});

describe("/admin/audit (integration)", () => {
  let kept: { id: number };
  let erased: { id: number };
  let eventId: number;

  beforeAll(async () => {
    kept = await makeContact(store.id, { name: "留着的人" });
    erased = await makeContact(store.id, { name: "要删的人" });
    expect((await sendJson("PATCH", `/api/contacts/${kept.id}`, { preferences: SECRET }, agents.rep)).status).toBe(200);
    expect((await sendJson("PATCH", `/api/contacts/${erased.id}`, { familyNotes: SECRET, phone: "13900001111" }, agents.manager)).status).toBe(200);
    const ev = await sendJson("POST", `/api/contacts/${erased.id}/life-events`, { kind: "wedding", date: "2026-10-01", notes: SECRET }, agents.manager);
    eventId = ((await ev.json<{ id: number }>())).id;
    const del = await request(`/api/contacts/${erased.id}`, { method: "DELETE", headers: { "x-csrf-token": agents.admin.csrf! }, agent: agents.admin });
    expect(del.status).toBe(204);
  });

  it("lists who changed which fields of which contact, newest first, never the values", async () => {
    const { status, html } = await page("");
    expect(status).toBe(200);
    expect(html).not.toContain(SECRET);
    expect(html).not.toContain("13900001111");
    const rows = bodyRows(html);
    // Newest first: the erasure of the contact, then its life event's.
    expect(rows[0]).toContain(`联系人 #${erased.id}`);
    expect(rows[0]).toContain("删除并抹除个人信息");
    expect(rows[0]).toContain(admin.name);
    expect(rows[0]).toContain("已删除");
    expect(rows[1]).toContain(`红白喜事 #${eventId}`);
    expect(html).toContain("偏好");
    expect(html).toContain("家庭情况");
  });

  it("filters by contact, erased contacts and their life events included", async () => {
    const { html } = await page(`?contact=${erased.id}`);
    const rows = bodyRows(html);
    // update by the manager, life event created, life event erased, contact erased.
    expect(rows).toHaveLength(4);
    for (const r of rows) expect(r).toContain(`#${erased.id}`);
    expect(rows.filter((r) => r.includes(`红白喜事 #${eventId}`))).toHaveLength(2);
    expect(html).not.toContain("留着的人");
    const keptRows = bodyRows((await page(`?contact=${kept.id}`)).html);
    expect(keptRows).toHaveLength(1); // the rep's update (makeContact writes no audit row)
    expect(keptRows[0]).toContain(rep.name);
  });

  it("filters by the user who made the change", async () => {
    const rows = bodyRows((await page(`?actor=${encodeURIComponent(manager.email.toUpperCase())}`)).html);
    expect(rows).toHaveLength(2); // the manager's update and life event
    for (const r of rows) expect(r).toContain(manager.name);
    const both = bodyRows((await page(`?actor=${encodeURIComponent(manager.email)}&contact=${kept.id}`)).html);
    expect(both).toHaveLength(0);
  });

  it("pages by 50, older rows behind a link", async () => {
    const x = await makeContact(store.id);
    await db()
      .insert(auditLog)
      .values(Array.from({ length: 60 }, (_, i) => ({ actorId: rep.id, entity: "contact", entityId: x.id, action: "update" as const, changes: ["phone"], at: Date.now() + i })));
    const first = await page(`?contact=${x.id}`);
    expect(bodyRows(first.html)).toHaveLength(50);
    const next = /href="(\/admin\/audit\?[^"]*before=\d+[^"]*)"/.exec(first.html)?.[1]?.replaceAll("&amp;", "&");
    expect(next).toBeDefined();
    const second = await page(next!.slice("/admin/audit".length));
    expect(bodyRows(second.html)).toHaveLength(10);
    expect(second.html).not.toMatch(/before=\d+/);
  });

  it("a bad filter is a 400 naming the field, in the viewer's language", async () => {
    const bad = await page("?contact=abc&actor=nobody%40example.com");
    expect(bad.status).toBe(400);
    expect(bad.html).toContain('id="contact-error"');
    expect(bad.html).toContain("请输入联系人编号");
    expect(bad.html).toContain('id="actor-error"');
    expect(bodyRows(bad.html)).toHaveLength(0);
  });

  it("only admins may open it: managers and reps get a 404, visitors the sign-in page", async () => {
    for (const who of ["rep", "manager", "otherManager"] as const) expect((await page("", agents[who])).status).toBe(404);
    expect((await request("/admin/audit")).status).toBe(303);
  });
});
