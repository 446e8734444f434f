// Integration: POST/GET /api/interactions through the Worker against sqld — idempotency, atomic
// intel, scope, and bad input that writes nothing.
import { beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { countRows, db, makeContact, makeStore, makeTeam, makeUser, resetDb } from "../helpers/db.ts";
import { request, sendJson, signedIn, type Agent } from "../helpers/http.ts";
import { contacts, lifeEvents, auditLog } from "../../src/db/schema.ts";

let rep: Agent, otherRep: Agent, manager: Agent, otherManager: Agent, admin: Agent;
let store: { id: number }, storeA: { id: number }, otherStore: { id: number };
let contact: { id: number }, otherContact: { id: number };
let key = 0;
const newKey = () => `test-key-${Date.now()}-${++key}`;
const nowIso = () => new Date().toISOString();

beforeAll(async () => {
  await resetDb();
  const team = await makeTeam("华中一组");
  const team2 = await makeTeam("华中二组");
  const repUser = await makeUser("rep", team.id);
  const otherUser = await makeUser("rep", team2.id);
  rep = await signedIn(repUser.id);
  otherRep = await signedIn(otherUser.id);
  manager = await signedIn((await makeUser("manager", team.id)).id);
  otherManager = await signedIn((await makeUser("manager", team2.id)).id);
  admin = await signedIn((await makeUser("admin", null)).id);
  store = await makeStore(repUser.id, "B");
  storeA = await makeStore(repUser.id, "A");
  otherStore = await makeStore(otherUser.id, "A");
  contact = await makeContact(store.id, { name: "王芳", formOfAddress: "王姐" });
  otherContact = await makeContact(otherStore.id);
});

const visit = (extra: Record<string, unknown> = {}) => ({
  storeId: store.id,
  channel: "visit",
  occurredAt: nowIso(),
  contactId: contact.id,
  idempotencyKey: newKey(),
  ...extra,
});

describe("POST /api/interactions (integration)", () => {
  it("stores a visit with its intel and returns 201 with the row", async () => {
    const res = await sendJson(
      "POST",
      "/api/interactions",
      visit({
        askedHelp: true,
        gift: { what: "茶叶", value: 120 },
        insights: [
          { kind: "product_feedback", subject: "感冒灵颗粒", detail: "顾客反映口感比以前好" },
          { kind: "clerk_preference", detail: "喜欢喝普洱茶" },
          { kind: "family", detail: "女儿今年高考" },
          { kind: "slow_mover", subject: "维C泡腾片", detail: "近效期", reason: "陈列位置差", action: "申请堆头" },
        ],
      }),
      rep,
    );
    expect(res.status).toBe(201);
    const body = (await res.json()) as { id: number; insights: { kind: string; status: string }[]; localDate: string };
    expect(body.insights.map((i) => i.kind)).toEqual(["product_feedback", "clerk_preference", "family", "slow_mover"]);
    expect(body.insights.find((i) => i.kind === "slow_mover")!.status).toBe("open");
    // R13, R15: the contact's profile learned the preference and the family note.
    const [c] = await db().select().from(contacts).where(eq(contacts.id, contact.id));
    expect(c!.preferences).toContain("喜欢喝普洱茶");
    expect(c!.familyNotes).toContain("女儿今年高考");
    const audits = await db().select().from(auditLog).where(eq(auditLog.entityId, contact.id));
    expect(audits.map((a) => a.changes).flat().sort()).toEqual(["familyNotes", "preferences"]);
  });

  it("returns the first interaction for a repeated idempotency key, not a copy", async () => {
    const payload = visit({ insights: [{ kind: "competitor", detail: "竞品买一送一" }] });
    const before = await countRows("interactions");
    const first = await sendJson("POST", "/api/interactions", payload, rep);
    const second = await sendJson("POST", "/api/interactions", payload, rep);
    expect(first.status).toBe(201);
    expect(second.status).toBe(200);
    expect(second.headers.get("idempotent-replayed")).toBe("true");
    const a = (await first.json()) as { id: number };
    const b = (await second.json()) as { id: number; insights: unknown[] };
    expect(b.id).toBe(a.id);
    expect(b.insights).toHaveLength(1);
    expect(await countRows("interactions")).toBe(before + 1);
  });

  it("stores one row when the same submit arrives twice at once", async () => {
    const payload = visit({ insights: [{ kind: "competitor", detail: "并发测试" }] });
    const before = await countRows("interactions");
    const insightsBefore = await countRows("visit_insights");
    const [r1, r2] = await Promise.all([
      sendJson("POST", "/api/interactions", payload, rep),
      sendJson("POST", "/api/interactions", payload, rep),
    ]);
    expect([r1.status, r2.status].sort()).toEqual([200, 201]);
    expect(await countRows("interactions")).toBe(before + 1);
    expect(await countRows("visit_insights")).toBe(insightsBefore + 1);
  });

  it.each([
    ["channel", { channel: "fax" }],
    ["occurredAt", { occurredAt: "yesterday" }],
    ["occurredAt", { occurredAt: new Date(Date.now() + 86_400_000).toISOString() }],
    ["occurredAt", { occurredAt: new Date(Date.now() - 200 * 86_400_000).toISOString() }],
    ["gift.value", { gift: { what: "月饼", value: -5 } }],
    ["gift.what", { gift: { what: "", value: 5 } }],
    ["idempotencyKey", { idempotencyKey: "x" }],
    ["storeId", { storeId: "12" }],
    ["insights.0.detail", { insights: [{ kind: "family", detail: "" }] }],
    ["insights.0.kind", { insights: [{ kind: "gossip", detail: "x" }] }],
    ["insights", { channel: "phone", insights: [{ kind: "family", detail: "x" }] }],
    ["contactId", { contactId: 999999 }],
    ["festivalKey", { occasion: "festival" }],
    ["festivalKey", { occasion: "festival", festivalKey: "no_such_festival" }],
    ["lifeEventId", { occasion: "life_event" }],
    ["trainingTopic", { trainingTopic: "药店陈列" }],
  ])("rejects a bad %s with a field error and writes nothing", async (field, change) => {
    const before = [await countRows("interactions"), await countRows("visit_insights"), await countRows("audit_log")];
    const res = await sendJson("POST", "/api/interactions", visit(change), rep);
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { code: string; fields: Record<string, string> } };
    expect(body.error.code).toBe("validation_failed");
    expect(Object.keys(body.error.fields)).toContain(field);
    expect([await countRows("interactions"), await countRows("visit_insights"), await countRows("audit_log")]).toEqual(before);
  });

  it("names the field in the caller's language", async () => {
    const res = await sendJson("POST", "/api/interactions", visit({ gift: { what: "月饼", value: -5 } }), rep);
    const body = (await res.json()) as { error: { fields: Record<string, string> } };
    expect(body.error.fields["gift.value"]).toBe("不能为负数");
  });

  it("rejects a body that is not JSON", async () => {
    const res = await request("/api/interactions", { method: "POST", body: "{nope", headers: { "content-type": "application/json", "x-csrf-token": rep.csrf! }, agent: rep });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe("bad_request");
  });

  it("counts a training at an A store", async () => {
    const res = await sendJson("POST", "/api/interactions", visit({ storeId: storeA.id, contactId: null, occasion: "training", trainingTopic: "慢病用药知识" }), rep);
    expect(res.status).toBe(201);
  });

  it("closes a wedding follow-up with a visit, but not with a message (R7)", async () => {
    const [ev] = await db().insert(lifeEvents).values({ contactId: contact.id, kind: "wedding", date: "2026-11-20" }).returning();
    const msg = await sendJson("POST", "/api/interactions", visit({ channel: "message", occasion: "life_event", lifeEventId: ev!.id }), rep);
    expect(msg.status).toBe(201);
    expect((await db().select().from(lifeEvents).where(eq(lifeEvents.id, ev!.id)))[0]!.state).toBe("open");
    const v = await sendJson("POST", "/api/interactions", visit({ occasion: "life_event", lifeEventId: ev!.id }), rep);
    expect(v.status).toBe(201);
    expect((await db().select().from(lifeEvents).where(eq(lifeEvents.id, ev!.id)))[0]!.state).toBe("done");
  });

  it("warns when a gift passes the store's yearly cap, and still stores it", async () => {
    const res = await sendJson("POST", "/api/interactions", visit({ gift: { what: "高档礼盒", value: 5000 } }), rep);
    expect(res.status).toBe(201);
    expect(((await res.json()) as { warnings: string[] }).warnings).toEqual(["gift_cap"]);
  });
});

describe("interactions scope (integration)", () => {
  it("answers 404 when a rep logs at another rep's store, and writes nothing", async () => {
    const before = await countRows("interactions");
    const res = await sendJson("POST", "/api/interactions", visit({ storeId: otherStore.id, contactId: otherContact.id }), rep);
    expect(res.status).toBe(404);
    expect(await countRows("interactions")).toBe(before);
  });

  it("refuses a contact of another store", async () => {
    const res = await sendJson("POST", "/api/interactions", visit({ contactId: otherContact.id }), rep);
    expect(res.status).toBe(400);
  });

  it("lists only what the caller may see", async () => {
    await sendJson("POST", "/api/interactions", { storeId: otherStore.id, channel: "phone", occurredAt: nowIso(), idempotencyKey: newKey() }, otherRep);
    const storesOf = async (agent: Agent) => {
      const res = await request("/api/interactions?limit=200", { agent });
      expect(res.status).toBe(200);
      return new Set(((await res.json()) as { items: { storeId: number }[] }).items.map((i) => i.storeId));
    };
    expect([...(await storesOf(rep))].sort()).toEqual([store.id, storeA.id].sort());
    expect([...(await storesOf(otherRep))]).toEqual([otherStore.id]);
    expect([...(await storesOf(manager))].sort()).toEqual([store.id, storeA.id].sort());
    expect([...(await storesOf(otherManager))]).toEqual([otherStore.id]);
    expect((await storesOf(admin)).size).toBe(3);
    expect((await request("/api/interactions")).status).toBe(401);
  });

  it("pages with a cursor without repeating or skipping rows", async () => {
    const all = ((await (await request("/api/interactions?limit=200", { agent: rep })).json()) as { items: { id: number }[] }).items.map((i) => i.id);
    const seen: number[] = [];
    let cursor: string | null = null;
    do {
      const res = await request(`/api/interactions?limit=3${cursor ? `&cursor=${cursor}` : ""}`, { agent: rep });
      const body = (await res.json()) as { items: { id: number }[]; nextCursor: string | null };
      seen.push(...body.items.map((i) => i.id));
      cursor = body.nextCursor;
    } while (cursor);
    expect(seen).toEqual(all);
  });

  it("rejects bad filters", async () => {
    const res = await request("/api/interactions?from=2026-13-01&limit=1000", { agent: rep });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { fields: Record<string, string> } };
    expect(Object.keys(body.error.fields).sort()).toEqual(["from", "limit"]);
  });

  it("needs the CSRF header when a browser session posts JSON", async () => {
    const res = await sendJson("POST", "/api/interactions", visit(), { cookie: rep.cookie });
    expect(res.status).toBe(403);
  });
});
