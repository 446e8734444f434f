// Integration: POST/GET /api/interactions through the Worker against sqld — idempotency, atomic
// intel, scope, and bad input that writes nothing.
import { beforeAll, describe, expect, it } from "vitest";
import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { createClient, type Client } from "@libsql/client/web";
import { drizzle } from "drizzle-orm/libsql/web";
import * as v from "valibot";
import { countRows, db, makeContact, makeStore, makeTeam, makeUser, resetDb } from "../helpers/db.ts";
import { request, sendJson, signedIn, type Agent } from "../helpers/http.ts";
import { countingDb } from "../helpers/counting-db.ts";
import * as schema from "../../src/db/schema.ts";
import { contacts, lifeEvents, auditLog, apiTokens, users } from "../../src/db/schema.ts";
import { createApiToken, revokeApiToken, viewerForApiToken } from "../../src/auth/api-tokens.ts";
import { logInteraction, type LogResult } from "../../src/services/log-interaction.ts";
import { InteractionInput } from "../../src/services/interaction-input.ts";
import type { Viewer } from "../../src/auth/identity.ts";

let repUser: Viewer;
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
  repUser = await makeUser("rep", team.id);
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
    const body = await res.json<{ id: number; insights: { kind: string; status: string }[]; localDate: string }>();
    expect(body.insights.map((i) => i.kind)).toEqual(["product_feedback", "clerk_preference", "family", "slow_mover"]);
    expect(body.insights.find((i) => i.kind === "slow_mover")!.status).toBe("open");
    // R13, R15: the contact's profile learned the preference and the family note.
    const [c] = await db().select().from(contacts).where(eq(contacts.id, contact.id));
    expect(c!.preferences).toContain("喜欢喝普洱茶");
    expect(c!.familyNotes).toContain("女儿今年高考");
    const audits = await db().select().from(auditLog).where(eq(auditLog.entityId, contact.id));
    expect(audits.map((a) => a.changes).flat().sort((a, b) => String(a).localeCompare(String(b)))).toEqual(["familyNotes", "preferences"]);
  });

  it("returns the first interaction for a repeated idempotency key, not a copy", async () => {
    const payload = visit({ insights: [{ kind: "competitor", detail: "竞品买一送一" }] });
    const before = await countRows("interactions");
    const first = await sendJson("POST", "/api/interactions", payload, rep);
    const second = await sendJson("POST", "/api/interactions", payload, rep);
    expect(first.status).toBe(201);
    expect(second.status).toBe(200);
    expect(second.headers.get("idempotent-replayed")).toBe("true");
    const a = await first.json<{ id: number }>();
    const b = await second.json<{ id: number; insights: unknown[] }>();
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
    expect([r1.status, r2.status].sort((a, b) => a - b)).toEqual([200, 201]);
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
    const body = await res.json<{ error: { code: string; fields: Record<string, string> } }>();
    expect(body.error.code).toBe("validation_failed");
    expect(Object.keys(body.error.fields)).toContain(field);
    expect([await countRows("interactions"), await countRows("visit_insights"), await countRows("audit_log")]).toEqual(before);
  });

  it("names the field in the caller's language", async () => {
    const res = await sendJson("POST", "/api/interactions", visit({ gift: { what: "月饼", value: -5 } }), rep);
    const body = await res.json<{ error: { fields: Record<string, string> } }>();
    expect(body.error.fields["gift.value"]).toBe("不能为负数");
  });

  it("rejects a body that is not JSON", async () => {
    const res = await request("/api/interactions", { method: "POST", body: "{nope", headers: { "content-type": "application/json", "x-csrf-token": rep.csrf! }, agent: rep });
    expect(res.status).toBe(400);
    expect((await res.json<{ error: { code: string } }>()).error.code).toBe("bad_request");
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
    const byVisit = await sendJson("POST", "/api/interactions", visit({ occasion: "life_event", lifeEventId: ev!.id }), rep);
    expect(byVisit.status).toBe(201);
    expect((await db().select().from(lifeEvents).where(eq(lifeEvents.id, ev!.id)))[0]!.state).toBe("done");
  });

  it("warns when a gift passes the store's yearly cap, and still stores it", async () => {
    const res = await sendJson("POST", "/api/interactions", visit({ gift: { what: "高档礼盒", value: 5000 } }), rep);
    expect(res.status).toBe(201);
    expect((await res.json<{ warnings: string[] }>()).warnings).toEqual(["gift_cap"]);
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
      return new Set((await res.json<{ items: { storeId: number }[] }>()).items.map((i) => i.storeId));
    };
    expect([...(await storesOf(rep))].sort((a, b) => a - b)).toEqual([store.id, storeA.id].sort((a, b) => a - b));
    expect([...(await storesOf(otherRep))]).toEqual([otherStore.id]);
    expect([...(await storesOf(manager))].sort((a, b) => a - b)).toEqual([store.id, storeA.id].sort((a, b) => a - b));
    expect([...(await storesOf(otherManager))]).toEqual([otherStore.id]);
    expect((await storesOf(admin)).size).toBe(3);
    expect((await request("/api/interactions")).status).toBe(401);
  });

  it("pages with a cursor without repeating or skipping rows", async () => {
    const all = (await (await request("/api/interactions?limit=200", { agent: rep })).json<{ items: { id: number }[] }>()).items.map((i) => i.id);
    const seen: number[] = [];
    let cursor: string | null = null;
    do {
      const res = await request(`/api/interactions?limit=3${cursor ? `&cursor=${cursor}` : ""}`, { agent: rep });
      const body = await res.json<{ items: { id: number }[]; nextCursor: string | null }>();
      seen.push(...body.items.map((i) => i.id));
      cursor = body.nextCursor;
    } while (cursor);
    expect(seen).toEqual(all);
  });

  it("rejects bad filters", async () => {
    const res = await request("/api/interactions?from=2026-13-01&limit=1000", { agent: rep });
    expect(res.status).toBe(400);
    const body = await res.json<{ error: { fields: Record<string, string> } }>();
    expect(Object.keys(body.error.fields).sort()).toEqual(["from", "limit"]);
  });

  it("needs the CSRF header when a browser session posts JSON", async () => {
    const res = await sendJson("POST", "/api/interactions", visit(), { cookie: rep.cookie });
    expect(res.status).toBe(403);
  });
});

describe("quick log: what it costs, and API-token callers (integration)", () => {
  const withInsights = () =>
    visit({
      askedHelp: true,
      insights: [
        { kind: "competitor", subject: "竞品", detail: "买二送一" },
        { kind: "clerk_preference", detail: "喜欢喝绿茶" },
      ],
    });

  it("answers a new log with the rows as stored: the same body a replay reads back", async () => {
    const payload = withInsights();
    const first = await sendJson("POST", "/api/interactions", payload, rep);
    const replay = await sendJson("POST", "/api/interactions", payload, rep);
    expect([first.status, replay.status]).toEqual([201, 200]);
    const created = await first.json<{ insights: { interactionId: number }[]; id: number }>();
    expect(created.insights).toHaveLength(2);
    expect(created.insights.every((i) => i.interactionId === created.id)).toBe(true);
    expect(await replay.json()).toEqual(created);
  });

  it("takes two database round trips for a new log and one for a replay", async () => {
    const counter = countingDb();
    const input = v.parse(InteractionInput, withInsights());
    const created = await logInteraction(counter.db, repUser, input, Date.now());
    expect(created).toMatchObject({ ok: true, replayed: false });
    expect(counter.roundTrips()).toBe(2); // the checks' reads, the write returning its rows
    counter.reset();
    const replayed = await logInteraction(counter.db, repUser, input, Date.now());
    expect(replayed).toMatchObject({ ok: true, replayed: true });
    expect(counter.roundTrips()).toBe(1);
    expect(replayed.ok && created.ok && replayed.interaction).toEqual(created.ok && created.interaction);
  });

  it("answers with the first row when a twin commits between the checks and the write", async () => {
    const input = v.parse(InteractionInput, withInsights());
    const before = [await countRows("interactions"), await countRows("visit_insights")];
    // A real client that lets the twin (same key) log right after this call's checks were read.
    const real = createClient({ url: env.TURSO_DATABASE_URL });
    let batches = 0;
    let twin: LogResult | undefined;
    const hooked = new Proxy(real, {
      get(target, prop) {
        const value = Reflect.get(target, prop) as unknown;
        if (prop !== "batch") return typeof value === "function" ? value.bind(target) : value;
        return async (...args: Parameters<Client["batch"]>) => {
          const first = ++batches === 1;
          const results = await target.batch(...args);
          if (first) twin = await logInteraction(db(), repUser, input, Date.now());
          return results;
        };
      },
    });
    const result = await logInteraction(drizzle(hooked, { schema }), repUser, input, Date.now());
    expect(twin).toMatchObject({ ok: true, replayed: false });
    expect(result).toMatchObject({ ok: true, replayed: true });
    expect(result.ok && twin?.ok && result.interaction).toEqual(twin?.ok && twin.interaction);
    expect(batches).toBe(3); // the checks, the write the unique key refused, the read of the first row
    expect([await countRows("interactions"), await countRows("visit_insights")]).toEqual([before[0]! + 1, before[1]! + 2]);
  });

  it("logs with an API token, and refuses a revoked token or a deactivated user's", async () => {
    const user = await makeUser("rep", null);
    const own = await makeStore(user.id, "B");
    const { token, id } = await createApiToken(db(), user.id, "脚本");
    const post = () => sendJson("POST", "/api/interactions", { storeId: own.id, channel: "phone", occurredAt: nowIso(), idempotencyKey: newKey() }, { bearer: token });
    expect((await post()).status).toBe(201);
    await db().update(users).set({ active: false }).where(eq(users.id, user.id));
    expect((await post()).status).toBe(401);
    await db().update(users).set({ active: true }).where(eq(users.id, user.id));
    expect((await post()).status).toBe(201);
    expect(await revokeApiToken(db(), user.id, id, Date.now())).toBe(true);
    const before = await countRows("interactions");
    expect((await post()).status).toBe(401);
    expect(await countRows("interactions")).toBe(before);
  });

  it("records a token's last use in the background, at most once a minute", async () => {
    const user = await makeUser("rep", null);
    const { token, id } = await createApiToken(db(), user.id, "脚本");
    const lastUsed = async () => (await db().select({ at: apiTokens.lastUsedAt }).from(apiTokens).where(eq(apiTokens.id, id)))[0]!.at;
    const background: Promise<unknown>[] = [];
    const t0 = Date.now();
    expect((await viewerForApiToken(db(), token, t0, (w) => background.push(w)))?.id).toBe(user.id);
    expect(background).toHaveLength(1);
    await Promise.all(background);
    expect(await lastUsed()).toBe(t0);
    await viewerForApiToken(db(), token, t0 + 30_000, (w) => background.push(w));
    expect(background).toHaveLength(1);
    await viewerForApiToken(db(), token, t0 + 61_000, (w) => background.push(w));
    await Promise.all(background);
    expect(await lastUsed()).toBe(t0 + 61_000);
  });
});
