// Integration: the quick-log page (GET form, POST save) through the Worker against sqld.
import { beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { countRows, db, makeContact, makeStore, makeTeam, makeUser, resetDb } from "../helpers/db.ts";
import { postForm, request, signedIn, type Agent } from "../helpers/http.ts";
import { interactions, lifeEvents, stores, visitInsights } from "../../src/db/schema.ts";
import { addDays, localDateOf, localTimeOf, monthBounds, monthOf } from "../../src/domain/dates.ts";

let rep: Agent, otherRep: Agent, manager: Agent;
let storeA: { id: number; name: string }, storeC: { id: number }, otherStore: { id: number };
let contact: { id: number }, eventId: number;

beforeAll(async () => {
  await resetDb();
  const team = await makeTeam();
  const repUser = await makeUser("rep", team.id);
  const otherUser = await makeUser("rep", (await makeTeam()).id);
  rep = await signedIn(repUser.id);
  otherRep = await signedIn(otherUser.id);
  manager = await signedIn((await makeUser("manager", team.id)).id);
  storeA = await makeStore(repUser.id, "A", { name: "益丰大药房(解放路店)" });
  storeC = await makeStore(repUser.id, "C", { name: "仁和堂药店" });
  otherStore = await makeStore(otherUser.id, "B", { name: "别人的药房" });
  contact = await makeContact(storeA.id, { name: "王芳", formOfAddress: "王姐" });
  const [ev] = await db().insert(lifeEvents).values({ contactId: contact.id, kind: "new_baby", date: localDateOf(Date.now(), "Asia/Shanghai") }).returning();
  eventId = ev!.id;
});

const now = () => `${localDateOf(Date.now(), "Asia/Shanghai")}T${localTimeOf(Date.now(), "Asia/Shanghai")}`;

function visitForm(extra: Record<string, string> = {}) {
  return {
    storeId: String(storeA.id),
    channel: "visit",
    when: now(),
    contactId: String(contact.id),
    occasion: "routine",
    idempotencyKey: `form-${Math.random().toString(36).slice(2)}`,
    ...extra,
  };
}

describe("quick log: store picker (integration)", () => {
  it("lists only the rep's own stores", async () => {
    const res = await request("/log", { agent: rep });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain("益丰大药房(解放路店)");
    expect(html).toContain("仁和堂药店");
    expect(html).not.toContain("别人的药房");
  });

  it("searches by name", async () => {
    const html = await (await request(`/log?q=${encodeURIComponent("仁和")}`, { agent: rep })).text();
    expect(html).toContain("仁和堂药店");
    expect(html).not.toContain("益丰大药房");
  });

  it("redirects anonymous visitors to sign-in", async () => {
    const res = await request("/log");
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toMatch(/^\/signin/);
  });
});

describe("quick log: form (integration)", () => {
  it("prefills from the digest's link parameters", async () => {
    const res = await request(`/log?storeId=${storeA.id}&channel=phone&contactId=${contact.id}&occasion=life_event&lifeEventId=${eventId}`, { agent: rep });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toMatch(/value="phone" checked/);
    expect(html).toMatch(new RegExp(`value="${contact.id}" selected`));
    expect(html).toMatch(new RegExp(`value="life_event:${eventId}" selected`));
    expect(html).toMatch(/name="idempotencyKey" value="log-[\w-]+"/);
    expect(html).toContain('name="_csrf"');
  });

  it("answers 404 for another rep's store", async () => {
    expect((await request(`/log?storeId=${otherStore.id}`, { agent: rep })).status).toBe(404);
    expect((await request(`/log?storeId=${storeA.id}`, { agent: otherRep })).status).toBe(404);
    expect((await request(`/log?storeId=${storeA.id}`, { agent: manager })).status).toBe(200);
  });

  it("saves a visit with intel and redirects to the confirmation", async () => {
    const before = await countRows("interactions");
    const res = await postForm(
      "/log",
      visitForm({
        "gift.what": "水果篮",
        "gift.value": "88",
        askedHelp: "1",
        "intel.product_feedback.subject": "感冒灵颗粒",
        "intel.product_feedback.detail": "顾客说见效快",
        "intel.clerk_preference.detail": "爱打羽毛球",
        "intel.slow_mover.subject": "维C泡腾片",
        "intel.slow_mover.reason": "价格高",
        "intel.slow_mover.action": "申请促销",
      }),
      rep,
    );
    expect(res.status).toBe(303);
    const location = res.headers.get("location")!;
    expect(location).toMatch(/^\/log\/saved\/\d+$/);
    expect(await countRows("interactions")).toBe(before + 1);
    const id = Number(location.split("/").pop());
    const [row] = await db().select().from(interactions).where(eq(interactions.id, id));
    expect(row).toMatchObject({ channel: "visit", giftWhat: "水果篮", giftValue: 88, askedHelp: true, contactId: contact.id });
    const ins = await db().select().from(visitInsights).where(eq(visitInsights.interactionId, id));
    expect(ins.map((i) => i.kind).sort()).toEqual(["clerk_preference", "product_feedback", "slow_mover"]);
    expect(ins.find((i) => i.kind === "slow_mover")).toMatchObject({ subject: "维C泡腾片", reason: "价格高", action: "申请促销", status: "open" });

    const saved = await (await request(location, { agent: rep })).text();
    expect(saved).toContain("1/8"); // R1: class A needs 8 visits; this is the first this month
    expect((await request(location, { agent: otherRep })).status).toBe(404);
  });

  it("counts on the confirmation only this store's contacts on this channel in the same month", async () => {
    const today = localDateOf(Date.now(), "Asia/Shanghai");
    const lastMonth = addDays(monthBounds(monthOf(today)).first, -1);
    const [{ repId }] = (await db().select({ repId: stores.repId }).from(stores).where(eq(stores.id, storeC.id))) as [{ repId: number }];
    const row = { repId, occurredAt: Date.now(), occasion: "routine" as const, createdAt: Date.now() };
    await db().insert(interactions).values([
      { ...row, storeId: storeC.id, channel: "visit", localDate: lastMonth, idempotencyKey: "count-last-month" },
      { ...row, storeId: storeC.id, channel: "phone", localDate: today, idempotencyKey: "count-phone" },
      { ...row, storeId: storeA.id, channel: "visit", localDate: today, idempotencyKey: "count-other-store" },
    ]);
    const res = await postForm("/log", visitForm({ storeId: String(storeC.id), contactId: "" }), rep);
    expect(res.status).toBe(303);
    const saved = await (await request(res.headers.get("location")!, { agent: rep })).text();
    // R3: class C needs one visit a month; last month's visit, the call and store A's visit do not count.
    expect(saved).toContain("1/1");
  });

  it("stores one interaction for a double submit", async () => {
    const form = visitForm({ channel: "phone" });
    const before = await countRows("interactions");
    const [a, b] = await Promise.all([postForm("/log", form, rep), postForm("/log", form, rep)]);
    expect(a.status).toBe(303);
    expect(b.status).toBe(303);
    expect(a.headers.get("location")).toBe(b.headers.get("location"));
    const c = await postForm("/log", form, rep); // a retry after the fact
    expect(c.headers.get("location")).toBe(a.headers.get("location"));
    expect(await countRows("interactions")).toBe(before + 1);
  });

  it("closes the life event when the visit is logged for it (R7)", async () => {
    const res = await postForm("/log", visitForm({ occasion: `life_event:${eventId}` }), rep);
    expect(res.status).toBe(303);
    expect((await db().select().from(lifeEvents).where(eq(lifeEvents.id, eventId)))[0]!.state).toBe("done");
  });

  it.each([
    ["channel", { channel: "pigeon" }],
    ["when", { when: "2026-13-45T10:00" }],
    ["when", { when: "" }],
    ["gift.value", { "gift.what": "月饼", "gift.value": "-3" }],
    ["gift.value", { "gift.what": "月饼", "gift.value": "abc" }],
    ["gift.what", { "gift.value": "30" }],
    ["intel.slow_mover.subject", { "intel.slow_mover.reason": "没人买" }],
    ["occasion", { occasion: "festival:no_such" }],
    ["contactId", { contactId: "99999999" }],
    ["insights", { channel: "message", "intel.family.detail": "孩子上大学" }],
    ["trainingTopic", { storeId: "", trainingTopic: "x" }],
  ])("keeps the input and flags %s on bad input, writing nothing", async (field, change) => {
    const form = visitForm(change);
    if (field === "trainingTopic") form.storeId = String(storeC.id);
    const counts = async () => [await countRows("interactions"), await countRows("visit_insights"), await countRows("contacts")];
    const before = await counts();
    const res = await postForm("/log", form, rep);
    expect(res.status).toBe(400);
    const html = await res.text();
    if (field === "trainingTopic") expect(html).toContain("培训只计入 A 类门店"); // not a field of a class C store's form
    else expect(html).toContain(`id="${field}-error"`);
    expect(html).toContain(`value="${form.idempotencyKey}"`); // the same key, so a corrected resubmit stays idempotent
    expect(await counts()).toEqual(before);
  });

  it("escapes what the user typed when re-rendering", async () => {
    const res = await postForm("/log", visitForm({ channel: "nope", notes: "<script>alert(1)</script>" }), rep);
    const html = await res.text();
    expect(html).not.toContain("<script>alert(1)</script>");
    expect(html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
  });

  it("refuses a post without the CSRF token, writing nothing", async () => {
    const before = await countRows("interactions");
    const res = await postForm("/log", visitForm(), rep, { csrf: null });
    expect(res.status).toBe(403);
    expect(await countRows("interactions")).toBe(before);
  });

  it("answers 404 when posting to another rep's store", async () => {
    const before = await countRows("interactions");
    const res = await postForm("/log", visitForm({ storeId: String(otherStore.id), contactId: "" }), rep);
    expect(res.status).toBe(404);
    expect(await countRows("interactions")).toBe(before);
  });
});
