// Integration: contact and life-event pages and /api/contacts, /api/life-events through the Worker
// against sqld — the access matrix of every route, bad input that writes nothing, erasure of
// personal data on deletion (visit intel included), audit rows that never hold personal values,
// and the contact page (both calendars, tel: links, do-not-contact).
import { beforeAll, describe, expect, it } from "vitest";
import { and, eq, inArray } from "drizzle-orm";
import { countRows, db, makeContact, makeStore, makeTeam, makeUser, resetDb } from "../helpers/db.ts";
import { postForm, request, sendJson, signedIn, type Agent } from "../helpers/http.ts";
import { auditLog, contacts, interactions, lifeEvents, visitInsights } from "../../src/db/schema.ts";
import { nextBirthday } from "../../src/domain/calendar/birthdays.ts";
import { addDays, localDateOf } from "../../src/domain/dates.ts";

type Who = "anon" | "rep" | "otherRep" | "otherManager" | "manager" | "admin";
const WHO: Who[] = ["anon", "rep", "otherRep", "otherManager", "manager", "admin"];
const agents = {} as Record<Who, Agent | undefined>;
let repId: number;
let store: { id: number }, otherStore: { id: number };
let contact: typeof contacts.$inferSelect;
let event: typeof lifeEvents.$inferSelect;

const PAGE = { anon: 303, rep: 200, otherRep: 404, otherManager: 404, manager: 200, admin: 200 } as const;
const PAGE_WRITE = { anon: 303, rep: 303, otherRep: 404, otherManager: 404, manager: 303, admin: 303 } as const;
const API = { anon: 401, rep: 200, otherRep: 404, otherManager: 404, manager: 200, admin: 200 } as const;

/** Personal values used in this suite: none may ever appear in the audit log. */
const PERSONAL = [
  "喜欢普洱茶",
  "女儿今年高考",
  "爱喝铁观音",
  "儿子在读大学",
  "父亲去世",
  "爱喝大红袍",
  "儿子在读研究生",
  "母亲病故",
  "祝王姐生日快乐",
  "13911112222",
  "wx_wangjie",
  "送了一盒茶叶",
];

async function statuses(call: (agent: Agent | undefined, who: Who) => Promise<Response>): Promise<Record<Who, number>> {
  const out = {} as Record<Who, number>;
  for (const who of WHO) out[who] = (await call(agents[who], who)).status;
  return out;
}

async function contactRow(id: number) {
  const [row] = await db().select().from(contacts).where(eq(contacts.id, id));
  return row;
}

async function eventRow(id: number) {
  const [row] = await db().select().from(lifeEvents).where(eq(lifeEvents.id, id));
  return row;
}

const today = () => localDateOf(Date.now(), "Asia/Shanghai");
const counts = async () => [await countRows("contacts"), await countRows("life_events"), await countRows("audit_log")];
type ErrorBody = { error: { code: string; message: string; fields: Record<string, string> } };

const validContactForm = (extra: Record<string, string> = {}) => ({
  name: "王芳",
  role: "clerk",
  formOfAddress: "王姐",
  phone: "13911112222",
  wechat: "",
  qq: "",
  birthdayCalendar: "",
  birthdayMonth: "",
  birthdayDay: "",
  birthYear: "",
  tags: "",
  preferences: "",
  familyNotes: "",
  ...extra,
});

beforeAll(async () => {
  await resetDb();
  const team = await makeTeam("西南一组");
  const team2 = await makeTeam("西南二组");
  const rep = await makeUser("rep", team.id);
  const otherRep = await makeUser("rep", team2.id);
  repId = rep.id;
  agents.anon = undefined;
  agents.rep = await signedIn(rep.id);
  agents.otherRep = await signedIn(otherRep.id);
  agents.manager = await signedIn((await makeUser("manager", team.id)).id);
  agents.otherManager = await signedIn((await makeUser("manager", team2.id)).id);
  agents.admin = await signedIn((await makeUser("admin", null)).id);
  store = await makeStore(rep.id, "A", { name: "一心堂" });
  otherStore = await makeStore(otherRep.id, "A");
  contact = await makeContact(store.id, { name: "王芳", formOfAddress: "王姐", phone: "13911112222" });
  const [created] = await db().insert(lifeEvents).values({ contactId: contact.id, kind: "wedding", date: today() }).returning();
  event = created!;
});

describe("contact access matrix (integration)", () => {
  it("GET pages: contact, edit, delete confirmation, new contact, new and edit life event", async () => {
    for (const path of [
      `/contacts/${contact.id}`,
      `/contacts/${contact.id}/edit`,
      `/contacts/${contact.id}/delete`,
      `/stores/${store.id}/contacts/new`,
      `/contacts/${contact.id}/events/new`,
      `/contacts/${contact.id}/events/${event.id}/edit`,
    ]) {
      expect({ path, got: await statuses((a) => request(path, { agent: a })) }).toEqual({ path, got: PAGE });
    }
  });

  it("POST /stores/:id/contacts/new", async () => {
    expect(await statuses((a, who) => postForm(`/stores/${store.id}/contacts/new`, validContactForm({ name: `新人-${who}` }), a))).toEqual(PAGE_WRITE);
  });

  it("POST /contacts/:id/edit", async () => {
    expect(await statuses((a) => postForm(`/contacts/${contact.id}/edit`, validContactForm(), a))).toEqual(PAGE_WRITE);
  });

  it("POST life-event forms: new, edit, dismiss", async () => {
    expect(await statuses((a) => postForm(`/contacts/${contact.id}/events/new`, { kind: "new_baby", date: today(), notes: "" }, a))).toEqual(PAGE_WRITE);
    expect(
      await statuses((a) => postForm(`/contacts/${contact.id}/events/${event.id}/edit`, { kind: "wedding", date: today(), notes: "", state: "open" }, a)),
    ).toEqual(PAGE_WRITE);
    expect(await statuses((a) => postForm(`/contacts/${contact.id}/events/${event.id}/dismiss`, {}, a))).toEqual(PAGE_WRITE);
    await db().update(lifeEvents).set({ state: "open" }).where(eq(lifeEvents.id, event.id));
  });

  it("POST /contacts/:id/delete deletes only in scope", async () => {
    const targets = {} as Record<Who, number>;
    for (const who of WHO) targets[who] = (await makeContact(store.id, { name: `待删-${who}` })).id;
    expect(await statuses((a, who) => postForm(`/contacts/${targets[who]}/delete`, {}, a))).toEqual(PAGE_WRITE);
    const left = await db().select({ id: contacts.id }).from(contacts).where(inArray(contacts.id, Object.values(targets)));
    expect(left.map((r) => r.id).sort((a, b) => a - b)).toEqual([targets.anon, targets.otherRep, targets.otherManager].sort((a, b) => a - b));
  });

  it("an event must belong to the contact in the path", async () => {
    const other = await makeContact(store.id);
    expect((await request(`/contacts/${other.id}/events/${event.id}/edit`, { agent: agents.rep })).status).toBe(404);
    expect((await postForm(`/contacts/${other.id}/events/${event.id}/dismiss`, {}, agents.rep)).status).toBe(404);
    expect((await eventRow(event.id))!.state).toBe("open");
  });

  it("GET /api/contacts/:id, PATCH /api/contacts/:id, GET /api/contacts/:id/life-events, PATCH /api/life-events/:id", async () => {
    expect(await statuses((a) => request(`/api/contacts/${contact.id}`, { agent: a }))).toEqual(API);
    expect(await statuses((a) => sendJson("PATCH", `/api/contacts/${contact.id}`, { formOfAddress: "王姐" }, a))).toEqual(API);
    expect(await statuses((a) => request(`/api/contacts/${contact.id}/life-events`, { agent: a }))).toEqual(API);
    expect(await statuses((a) => sendJson("PATCH", `/api/life-events/${event.id}`, { state: "open" }, a))).toEqual(API);
  });

  it("POST /api/contacts/:id/life-events", async () => {
    expect(await statuses((a) => sendJson("POST", `/api/contacts/${contact.id}/life-events`, { kind: "illness", date: today() }, a))).toEqual({
      ...API,
      rep: 201,
      manager: 201,
      admin: 201,
    });
  });

  it("DELETE /api/contacts/:id", async () => {
    const targets = {} as Record<Who, number>;
    for (const who of WHO) targets[who] = (await makeContact(store.id, { name: `接口待删-${who}` })).id;
    expect(await statuses((a, who) => request(`/api/contacts/${targets[who]}`, { method: "DELETE", headers: a?.csrf ? { "x-csrf-token": a.csrf } : {}, agent: a }))).toEqual({
      anon: 401,
      rep: 204,
      otherRep: 404,
      otherManager: 404,
      manager: 204,
      admin: 204,
    });
    const left = await db().select({ id: contacts.id }).from(contacts).where(inArray(contacts.id, Object.values(targets)));
    expect(left.map((r) => r.id).sort((a, b) => a - b)).toEqual([targets.anon, targets.otherRep, targets.otherManager].sort((a, b) => a - b));
  });

  it("out-of-scope PATCH changes nothing", async () => {
    const before = await contactRow(contact.id);
    const res = await sendJson("PATCH", `/api/contacts/${contact.id}`, { familyNotes: "看不见的人写的" }, agents.otherManager);
    expect(res.status).toBe(404);
    expect(await contactRow(contact.id)).toEqual(before);
  });

  it("a DELETE without the CSRF header is refused", async () => {
    const res = await request(`/api/contacts/${contact.id}`, { method: "DELETE", agent: agents.rep });
    expect(res.status).toBe(403);
    expect(await contactRow(contact.id)).toBeDefined();
  });
});

describe("contact forms and API: bad input writes nothing (integration)", () => {
  it.each([
    ["name", { name: "" }],
    ["role", { role: "boss" }],
    ["phone", { phone: "找前台" }],
    ["qq", { qq: "12" }],
    ["birthdayDay", { birthdayCalendar: "solar", birthdayMonth: "2", birthdayDay: "30" }],
    ["birthdayDay", { birthdayCalendar: "lunar", birthdayMonth: "2", birthdayDay: "31" }],
    ["birthdayMonth", { birthdayCalendar: "lunar", birthdayDay: "8" }],
    ["birthdayCalendar", { birthdayMonth: "3", birthdayDay: "8" }],
    ["birthdayLeapMonth", { birthdayCalendar: "solar", birthdayMonth: "3", birthdayDay: "8", birthdayLeapMonth: "1" }],
    ["birthYear", { birthYear: "19x5" }],
    ["tags", { tags: "好人, 一二三四五六七八九十一二三四五六七八九十一" }],
    ["preferences", { preferences: "茶".repeat(2001) }],
  ])("new contact form with a bad %s", async (field, extra) => {
    const before = await counts();
    const res = await postForm(`/stores/${store.id}/contacts/new`, validContactForm({ name: "李四", wechat: "li_si_wx", ...extra }), agents.rep);
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain(`id="${field}-error"`);
    if (field !== "name") expect(html).toContain('value="li_si_wx"');
    expect(await counts()).toEqual(before);
  });

  it("shows every error of a form at once, the birthday's included", async () => {
    const res = await postForm(
      `/stores/${store.id}/contacts/new`,
      validContactForm({ name: "", birthdayCalendar: "solar", birthdayMonth: "2", birthdayDay: "30" }),
      agents.rep,
    );
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain('id="name-error"');
    expect(html).toContain('id="birthdayDay-error"');
    expect(html).toContain("这个月没有这一天");
  });

  it("edit form with bad input keeps the row and the input", async () => {
    const before = await contactRow(contact.id);
    const auditBefore = await countRows("audit_log");
    const res = await postForm(`/contacts/${contact.id}/edit`, validContactForm({ name: "王芳芳", phone: "x", preferences: "想改的偏好" }), agents.rep);
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain('id="phone-error"');
    expect(html).toContain("想改的偏好");
    expect(html).toContain('value="王芳芳"');
    expect(await contactRow(contact.id)).toEqual(before);
    expect(await countRows("audit_log")).toBe(auditBefore);
  });

  it.each([
    ["kind", { kind: "party", date: "2026-05-01" }],
    ["date", { kind: "wedding", date: "2026-02-30" }],
    ["date", { kind: "wedding", date: "" }],
    ["notes", { kind: "wedding", date: "2026-05-01", notes: "字".repeat(1001) }],
  ])("life-event form with a bad %s", async (field, fields) => {
    const before = await counts();
    const res = await postForm(`/contacts/${contact.id}/events/new`, fields, agents.rep);
    expect(res.status).toBe(400);
    expect(await res.text()).toContain(`id="${field}-error"`);
    expect(await counts()).toEqual(before);
  });

  it("life-event edit form with a bad state or date changes nothing", async () => {
    const before = await eventRow(event.id);
    for (const fields of [{ kind: "wedding", date: today(), state: "closed" }, { kind: "wedding", date: "昨天", state: "done" }]) {
      const res = await postForm(`/contacts/${contact.id}/events/${event.id}/edit`, fields, agents.rep);
      expect(res.status).toBe(400);
    }
    expect(await eventRow(event.id)).toEqual(before);
  });

  it.each([
    ["name", { role: "clerk" }],
    ["role", { name: "张三", role: "boss" }],
    ["phone", { name: "张三", role: "clerk", phone: "abc" }],
    ["birthdayDay", { name: "张三", role: "clerk", birthdayCalendar: "solar", birthdayMonth: 4, birthdayDay: 31 }],
    ["birthdayMonth", { name: "张三", role: "clerk", birthdayCalendar: "lunar", birthdayMonth: 13, birthdayDay: 1 }],
    ["birthdayMonth", { name: "张三", role: "clerk", birthdayCalendar: "lunar", birthdayMonth: "8", birthdayDay: 15 }],
    ["tags", { name: "张三", role: "clerk", tags: "a,b" }],
    ["doNotContact", { name: "张三", role: "clerk", doNotContact: "yes" }],
    ["familynotes", { name: "张三", role: "clerk", familynotes: "typo" }],
  ])("POST /api/stores/:id/contacts with a bad %s", async (field, body) => {
    const before = await counts();
    const res = await sendJson("POST", `/api/stores/${store.id}/contacts`, body, agents.rep);
    expect(res.status).toBe(400);
    const err = (await res.json<ErrorBody>()).error;
    expect(err.code).toBe("validation_failed");
    expect(Object.keys(err.fields)).toContain(field);
    expect(await counts()).toEqual(before);
  });

  it.each([
    ["name", { name: "" }],
    ["phone", { phone: 13800000000 }],
    ["birthdayDay", { birthdayDay: 31 }],
    ["birthdayCalendar", { birthdayCalendar: "julian" }],
    ["familynotes", { familynotes: "typo" }],
    ["storeId", { storeId: 1 }],
  ])("PATCH /api/contacts/:id with a bad %s", async (field, body) => {
    // A stored solar birthday on 2/10: a day of 31 is checked against the stored month.
    await db().update(contacts).set({ birthdayCalendar: "solar", birthdayMonth: 2, birthdayDay: 10 }).where(eq(contacts.id, contact.id));
    const before = await contactRow(contact.id);
    const auditBefore = await countRows("audit_log");
    const res = await sendJson("PATCH", `/api/contacts/${contact.id}`, body, agents.rep);
    expect(res.status).toBe(400);
    expect(Object.keys((await res.json<ErrorBody>()).error.fields)).toContain(field);
    expect(await contactRow(contact.id)).toEqual(before);
    expect(await countRows("audit_log")).toBe(auditBefore);
  });

  it.each([
    ["kind", { kind: "party", date: "2026-05-01" }],
    ["date", { kind: "wedding", date: "2026-13-01" }],
    ["date", { kind: "wedding" }],
    ["state", { kind: "wedding", date: "2026-05-01", state: "done" }],
  ])("POST /api/contacts/:id/life-events with a bad %s", async (field, body) => {
    const before = await counts();
    const res = await sendJson("POST", `/api/contacts/${contact.id}/life-events`, body, agents.rep);
    expect(res.status).toBe(400);
    expect(Object.keys((await res.json<ErrorBody>()).error.fields)).toContain(field);
    expect(await counts()).toEqual(before);
  });

  it.each([
    ["state", { state: "closed" }],
    ["date", { date: "tomorrow" }],
    ["contactId", { contactId: 5 }],
  ])("PATCH /api/life-events/:id with a bad %s", async (field, body) => {
    const before = await eventRow(event.id);
    const res = await sendJson("PATCH", `/api/life-events/${event.id}`, body, agents.rep);
    expect(res.status).toBe(400);
    expect(Object.keys((await res.json<ErrorBody>()).error.fields)).toContain(field);
    expect(await eventRow(event.id)).toEqual(before);
  });

  it("names the field in the caller's language", async () => {
    const res = await sendJson("PATCH", `/api/contacts/${contact.id}`, { phone: "abc" }, agents.rep);
    expect((await res.json<ErrorBody>()).error.fields.phone).toBe("请输入正确的电话号码");
  });
});

describe("writes and the audit log (integration)", () => {
  it("creating and editing a contact records the changed field names only", async () => {
    const res = await postForm(
      `/stores/${store.id}/contacts/new`,
      validContactForm({ name: "陈静", formOfAddress: "陈姐", preferences: "爱喝铁观音", tags: "老客户，爱聊天", doNotContact: "1" }),
      agents.rep,
    );
    expect(res.status).toBe(303);
    const id = Number(res.headers.get("location")!.split("/").at(-1));
    const row = (await contactRow(id))!;
    expect(row).toMatchObject({ name: "陈静", preferences: "爱喝铁观音", tags: ["老客户", "爱聊天"], doNotContact: true, phone: "13911112222" });
    const created = await db().select().from(auditLog).where(and(eq(auditLog.entity, "contact"), eq(auditLog.entityId, id), eq(auditLog.action, "create")));
    expect(created).toHaveLength(1);
    expect(created[0]).toMatchObject({ entity: "contact", action: "create" });
    expect(created[0]!.changes).toEqual(expect.arrayContaining(["name", "preferences", "phone", "tags", "doNotContact"]));

    const patch = await sendJson("PATCH", `/api/contacts/${id}`, { familyNotes: "儿子在读大学", tags: ["老客户"] }, agents.manager);
    expect(patch.status).toBe(200);
    const audits = await db().select().from(auditLog).where(and(eq(auditLog.entity, "contact"), eq(auditLog.entityId, id)));
    expect(audits.at(-1)).toMatchObject({ entity: "contact", action: "update", changes: ["tags", "familyNotes"] });
  });

  it("an unchanged save writes no audit row", async () => {
    const before = await countRows("audit_log");
    const res = await sendJson("PATCH", `/api/contacts/${contact.id}`, { name: contact.name }, agents.rep);
    expect(res.status).toBe(200);
    expect(await countRows("audit_log")).toBe(before);
  });

  it("life events: create, edit and dismiss are audited by field name", async () => {
    const res = await postForm(`/contacts/${contact.id}/events/new`, { kind: "bereavement", date: today(), notes: "父亲去世" }, agents.rep);
    expect(res.status).toBe(303);
    const [ev] = await db().select().from(lifeEvents).where(eq(lifeEvents.notes, "父亲去世"));
    expect(ev).toMatchObject({ kind: "bereavement", state: "open", contactId: contact.id });
    const edit = await sendJson("PATCH", `/api/life-events/${ev!.id}`, { date: addDays(today(), -1) }, agents.rep);
    expect(edit.status).toBe(200);
    expect(await postForm(`/contacts/${contact.id}/events/${ev!.id}/dismiss`, {}, agents.rep).then((r) => r.status)).toBe(303);
    expect((await eventRow(ev!.id))!.state).toBe("dismissed");
    const audits = await db().select().from(auditLog).where(eq(auditLog.entityId, ev!.id));
    expect(audits.filter((a) => a.entity === "life_event").map((a) => [a.action, a.changes])).toEqual([
      ["create", ["kind", "date", "notes"]],
      ["update", ["date"]],
      ["update", ["state"]],
    ]);
  });
});

describe("deleting a contact erases personal data (integration)", () => {
  it("removes the profile and life events, blanks the intel and greetings, keeps the counts", async () => {
    const victim = await makeContact(store.id, {
      name: "王芳",
      formOfAddress: "王姐",
      phone: "13911112222",
      wechat: "wx_wangjie",
      preferences: "喜欢普洱茶",
      familyNotes: "女儿今年高考",
    });
    const [ev] = await db().insert(lifeEvents).values({ contactId: victim.id, kind: "bereavement", date: today(), notes: "母亲病故" }).returning();
    const visit = await sendJson(
      "POST",
      "/api/interactions",
      {
        storeId: store.id,
        contactId: victim.id,
        channel: "visit",
        occurredAt: new Date().toISOString(),
        idempotencyKey: `erase-${Date.now()}`,
        insights: [
          { kind: "clerk_preference", detail: "爱喝大红袍" },
          { kind: "family", detail: "儿子在读研究生" },
          { kind: "preference_action", detail: "送了一盒茶叶" },
          { kind: "competitor", subject: "某竞品", detail: "竞品降价两成" },
        ],
      },
      agents.rep,
    );
    expect(visit.status).toBe(201);
    const { id: visitId } = await visit.json<{ id: number }>();
    await db().insert(interactions).values([
      { repId, storeId: store.id, contactId: victim.id, channel: "message", occasion: "birthday", notes: "祝王姐生日快乐", occurredAt: Date.now(), localDate: today(), idempotencyKey: `erase-bday-${Date.now()}` },
      { repId, storeId: store.id, contactId: victim.id, channel: "visit", occasion: "life_event", lifeEventId: ev!.id, occurredAt: Date.now(), localDate: today(), idempotencyKey: `erase-ev-${Date.now()}` },
    ]);
    const interactionsBefore = await countRows("interactions");
    const insightsBefore = await countRows("visit_insights");

    const res = await postForm(`/contacts/${victim.id}/delete`, {}, agents.rep);
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe(`/stores/${store.id}?deleted=1`);

    expect(await contactRow(victim.id)).toBeUndefined();
    expect(await eventRow(ev!.id)).toBeUndefined();
    expect(await countRows("interactions")).toBe(interactionsBefore);
    expect(await countRows("visit_insights")).toBe(insightsBefore);
    const linked = await db().select().from(interactions).where(eq(interactions.contactId, victim.id));
    expect(linked).toHaveLength(0);
    const insights = await db().select().from(visitInsights).where(eq(visitInsights.interactionId, visitId));
    const byKind = Object.fromEntries(insights.map((i) => [i.kind, i]));
    expect(byKind.clerk_preference!.detail).toBe("[已删除]");
    expect(byKind.family!.detail).toBe("[已删除]");
    expect(byKind.preference_action!.detail).toBe("[已删除]");
    // Business intel from a visit with the person is erased too (it may quote them); the row stays.
    expect(byKind.competitor).toMatchObject({ subject: "[已删除]", detail: "[已删除]" });
    expect(insights.every((i) => i.contactId === null)).toBe(true);
    // Nothing personal is left anywhere in the database's text.
    const everything = JSON.stringify([
      await db().select().from(contacts),
      await db().select().from(lifeEvents),
      await db().select().from(interactions),
      await db().select().from(visitInsights),
      await db().select().from(auditLog),
    ]);
    for (const text of ["喜欢普洱茶", "女儿今年高考", "爱喝大红袍", "儿子在读研究生", "送了一盒茶叶", "母亲病故", "祝王姐生日快乐", "wx_wangjie"]) {
      expect(everything).not.toContain(text);
    }
    const audits = await db().select().from(auditLog).where(eq(auditLog.action, "delete"));
    expect(audits).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ entity: "contact", entityId: victim.id, action: "delete" }),
        expect.objectContaining({ entity: "life_event", entityId: ev!.id, action: "delete" }),
      ]),
    );
    // The store page still works and says the contact is gone.
    const page = await (await request(`/stores/${store.id}?deleted=1`, { agent: agents.rep })).text();
    expect(page).not.toContain("王姐 · 生日");
  });

  it("the API delete erases the same way", async () => {
    const victim = await makeContact(store.id, { name: "接口删除", familyNotes: "女儿今年高考" });
    const before = await countRows("audit_log");
    const res = await request(`/api/contacts/${victim.id}`, { method: "DELETE", headers: { "x-csrf-token": agents.manager!.csrf! }, agent: agents.manager });
    expect(res.status).toBe(204);
    expect(await contactRow(victim.id)).toBeUndefined();
    expect(await countRows("audit_log")).toBe(before + 1);
    expect((await request(`/api/contacts/${victim.id}`, { agent: agents.manager })).status).toBe(404);
  });

  it("ids are never reused: the newest contact and life event erased, the next ones get new ids", async () => {
    const created = await sendJson("POST", `/api/stores/${store.id}/contacts`, { name: "最新的人", role: "clerk" }, agents.rep);
    expect(created.status).toBe(201);
    const { id } = (await created.json<{ id: number }>());
    const ev = await sendJson("POST", `/api/contacts/${id}/life-events`, { kind: "wedding", date: today() }, agents.rep);
    const { id: eventId } = (await ev.json<{ id: number }>());
    const del = await request(`/api/contacts/${id}`, { method: "DELETE", headers: { "x-csrf-token": agents.rep!.csrf! }, agent: agents.rep });
    expect(del.status).toBe(204);
    const again = await sendJson("POST", `/api/stores/${store.id}/contacts`, { name: "后来的人", role: "clerk" }, agents.rep);
    const { id: nextId } = (await again.json<{ id: number }>());
    expect(nextId).toBeGreaterThan(id);
    const ev2 = await sendJson("POST", `/api/contacts/${nextId}/life-events`, { kind: "wedding", date: today() }, agents.rep);
    expect(((await ev2.json<{ id: number }>())).id).toBeGreaterThan(eventId);
    // The erasure's audit rows name only the erased records.
    const named = await db().select().from(auditLog).where(and(eq(auditLog.entity, "contact"), eq(auditLog.entityId, id)));
    expect(named.map((a) => a.action)).toEqual(["create", "delete"]);
  });

  it("audit rows never contain personal values, only field names", async () => {
    const rows = await db().select().from(auditLog);
    expect(rows.length).toBeGreaterThan(5);
    const text = JSON.stringify(rows);
    for (const value of PERSONAL) expect(text).not.toContain(value);
    const names = new Set(rows.flatMap((r) => r.changes ?? []));
    for (const n of names) expect(n).toMatch(/^[a-zA-Z]+$/);
  });
});

describe("contact page (integration)", () => {
  it("shows a lunar birthday in Chinese with its next solar date, tel: link and personal notes", async () => {
    const x = await makeContact(store.id, {
      name: "刘洋",
      formOfAddress: "刘总",
      phone: "0731-66668888",
      wechat: "liuyang88",
      birthdayCalendar: "lunar",
      birthdayMonth: 12,
      birthdayDay: 8,
      preferences: "喜欢钓鱼",
      familyNotes: "<b>双胞胎</b>",
      tags: ["老客户"],
    });
    const html = await (await request(`/contacts/${x.id}`, { agent: agents.manager })).text();
    const next = nextBirthday({ calendar: "lunar", month: 12, day: 8, leapMonth: false }, today());
    expect(html).toContain("农历 腊月初八");
    expect(html).toContain(`公历 ${next}`);
    expect(html).toContain('href="tel:0731-66668888"');
    expect(html).toContain("liuyang88");
    expect(html).toContain("喜欢钓鱼");
    expect(html).toContain("&lt;b&gt;双胞胎&lt;/b&gt;");
    expect(html).toContain(`/log?storeId=${store.id}&amp;contactId=${x.id}`);
  });

  it("offers 正月…腊月 and 初一…三十 when editing a lunar birthday, and both names before a calendar is chosen", async () => {
    const x = await makeContact(store.id, { name: "周敏", birthdayCalendar: "lunar", birthdayMonth: 12, birthdayDay: 8 });
    const edit = await (await request(`/contacts/${x.id}/edit`, { agent: agents.manager })).text();
    const daySelect = edit.slice(edit.indexOf('name="birthdayDay"'), edit.indexOf("</select>", edit.indexOf('name="birthdayDay"')));
    expect(daySelect).toMatch(/<option value="8" selected="">初八<\/option>/);
    expect(daySelect).toContain(">三十</option>");
    expect(daySelect).not.toContain('value="31"');
    expect(edit).toMatch(/<option value="12" selected="">腊月<\/option>/);
    const fresh = await (await request(`/stores/${store.id}/contacts/new`, { agent: agents.manager })).text();
    expect(fresh).toContain(">1日 · 初一</option>");
    expect(fresh).toContain(">31日</option>");
  });

  it("writes a leap-month lunar birthday on the 30th correctly, and solar ones plainly", async () => {
    const leap = await makeContact(store.id, { birthdayCalendar: "lunar", birthdayMonth: 4, birthdayDay: 30, birthdayLeapMonth: true });
    expect(await (await request(`/contacts/${leap.id}`, { agent: agents.rep })).text()).toContain("闰四月三十");
    const solar = await makeContact(store.id, { birthdayCalendar: "solar", birthdayMonth: 2, birthdayDay: 29 });
    const html = await (await request(`/contacts/${solar.id}`, { agent: agents.rep })).text();
    expect(html).toContain("公历 2月29日");
    expect(html).toContain(nextBirthday({ calendar: "solar", month: 2, day: 29, leapMonth: false }, today()));
  });

  it("marks do-not-contact and lists greetings sent, not routine contacts", async () => {
    const x = await makeContact(store.id, { name: "勿扰先生", doNotContact: true });
    await db().insert(interactions).values([
      { repId, storeId: store.id, contactId: x.id, channel: "message", occasion: "festival", festivalKey: "mid_autumn", notes: "中秋快乐", occurredAt: Date.now(), localDate: today(), idempotencyKey: `greet-${Date.now()}` },
      { repId, storeId: store.id, contactId: x.id, channel: "visit", occasion: "routine", notes: "例行拜访", occurredAt: Date.now(), localDate: today(), idempotencyKey: `routine-${Date.now()}` },
    ]);
    const html = await (await request(`/contacts/${x.id}`, { agent: agents.rep })).text();
    expect(html).toContain('class="pill bad"');
    expect(html).toContain("中秋节");
    expect(html).toContain("中秋快乐");
    expect(html).not.toContain("例行拜访");
  });

  it("the API returns the contact with its next birthday", async () => {
    const x = await makeContact(store.id, { birthdayCalendar: "lunar", birthdayMonth: 8, birthdayDay: 15 });
    const res = await request(`/api/contacts/${x.id}`, { agent: agents.rep });
    const body = await res.json<Record<string, unknown>>();
    expect(body).toMatchObject({ id: x.id, storeId: store.id, birthdayCalendar: "lunar", birthdayMonth: 8, birthdayDay: 15 });
    expect(body.nextBirthday).toBe(nextBirthday({ calendar: "lunar", month: 8, day: 15, leapMonth: false }, today()));
  });

  it("clearing the birthday calendar over the API clears the whole birthday", async () => {
    const x = await makeContact(store.id, { birthdayCalendar: "solar", birthdayMonth: 5, birthdayDay: 4 });
    const res = await sendJson("PATCH", `/api/contacts/${x.id}`, { birthdayCalendar: null }, agents.rep);
    expect(res.status).toBe(200);
    expect(await contactRow(x.id)).toMatchObject({ birthdayCalendar: null, birthdayMonth: null, birthdayDay: null });
  });

  it("a contact of another team's store is a 404 with no personal data", async () => {
    const x = await makeContact(otherStore.id, { familyNotes: "别人的秘密" });
    for (const who of ["rep", "manager"] as const) {
      const res = await request(`/contacts/${x.id}`, { agent: agents[who] });
      expect(res.status).toBe(404);
      expect(await res.text()).not.toContain("别人的秘密");
    }
  });
});
