// Integration: a rep fixes a mistake — PATCH and DELETE /api/interactions/:id through the Worker
// against sqld (services/change-interaction.ts, db/queries/interaction-changes.ts): the wrong one of
// two stores of the same name corrected, the same checks as the create, scope (404), the rep's edit
// window (403) and managers and admins at any time, audit rows with before/after in the same
// transaction, a deleted interaction moved to deleted_interactions that counts nowhere (pace, R9,
// R10, intel, gift total, the follow-up it closed), and a replayed create of a deleted log refused.
import { beforeAll, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { countRows, db, makeContact, makeStore, makeTeam, makeUser, resetDb } from "../helpers/db.ts";
import { postForm, request, sendJson, signedIn, type Agent } from "../helpers/http.ts";
import { auditLog, deletedInteractions, interactions, lifeEvents, policy as policyTable, visitInsights } from "../../src/db/schema.ts";
import { DEFAULT_RULES } from "../../src/domain/policy.ts";

type Progress = {
  stores: { id: number; channels: Record<string, { done: number }> }[];
  rules: Record<string, { done: number }>;
  intel?: unknown;
};

let rep: Agent, otherRep: Agent, manager: Agent, otherManager: Agent, admin: Agent;
let repId: number;
let wrongStore: { id: number }, rightStore: { id: number }, otherStore: { id: number };
let wrongContact: { id: number }, rightContact: { id: number };
let key = 0;
const newKey = () => `change-${Date.now()}-${++key}`;

beforeAll(async () => {
  await resetDb();
  // These tests log several visits at one store on one day and follow each through pace: every one
  // counts only with sameDayRepeats "each" (the default counts a store-day once).
  await db().update(policyTable).set({ data: { ...DEFAULT_RULES, sameDayRepeats: "each" } });
  const team = await makeTeam("华中一组");
  const team2 = await makeTeam("华中二组");
  const repUser = await makeUser("rep", team.id);
  repId = repUser.id;
  const other = await makeUser("rep", team2.id);
  rep = await signedIn(repUser.id);
  otherRep = await signedIn(other.id);
  manager = await signedIn((await makeUser("manager", team.id)).id);
  otherManager = await signedIn((await makeUser("manager", team2.id)).id);
  admin = await signedIn((await makeUser("admin", null)).id);
  // Three 回春堂药店 in 长沙 in the demo data: two of them here, both the rep's.
  wrongStore = await makeStore(repUser.id, "B", { name: "回春堂药店", address: "长沙市岳麓区麓山路 1 号" });
  rightStore = await makeStore(repUser.id, "B", { name: "回春堂药店", address: "长沙市开福区湘春路 8 号" });
  otherStore = await makeStore(other.id, "B");
  wrongContact = await makeContact(wrongStore.id, { name: "赵敏" });
  rightContact = await makeContact(rightStore.id, { name: "陈静", formOfAddress: "陈姐" });
});

async function logVisit(extra: Record<string, unknown> = {}, agent = rep) {
  const res = await sendJson(
    "POST",
    "/api/interactions",
    { storeId: wrongStore.id, channel: "visit", occurredAt: new Date().toISOString(), contactId: wrongContact.id, idempotencyKey: newKey(), ...extra },
    agent,
  );
  expect(res.status).toBe(201);
  return res.json<{ id: number; idempotencyKey: string; warnings: string[] }>();
}

async function progress(): Promise<Progress> {
  const res = await request("/api/progress", { agent: rep });
  expect(res.status).toBe(200);
  return res.json<Progress>();
}
const visitsAt = (p: Progress, storeId: number) => p.stores.find((s) => s.id === storeId)!.channels.visit!.done;
const audits = (id: number) =>
  db()
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.entity, "interaction"), eq(auditLog.entityId, id)))
    .orderBy(auditLog.id);

describe("PATCH /api/interactions/:id (integration)", () => {
  it("moves a visit logged at the wrong 回春堂药店 to the right one: pace, insights and audit follow", async () => {
    const before = await progress();
    const logged = await logVisit({ insights: [{ kind: "competitor", subject: "某品牌", detail: "买二送一", contactId: wrongContact.id }] });
    const mid = await progress();
    expect(visitsAt(mid, wrongStore.id)).toBe(visitsAt(before, wrongStore.id) + 1);

    const res = await sendJson("PATCH", `/api/interactions/${logged.id}`, { storeId: rightStore.id, contactId: rightContact.id }, rep);
    expect(res.status).toBe(200);
    const body = await res.json<{ storeId: number; contactId: number; insightCount: number }>();
    expect(body).toMatchObject({ storeId: rightStore.id, contactId: rightContact.id, insightCount: 1 });

    const after = await progress();
    expect(visitsAt(after, wrongStore.id)).toBe(visitsAt(before, wrongStore.id));
    expect(visitsAt(after, rightStore.id)).toBe(visitsAt(before, rightStore.id) + 1);
    // The intel about the wrong store's clerk is now about the visit's contact at the right store.
    const [insight] = await db().select().from(visitInsights).where(eq(visitInsights.interactionId, logged.id));
    expect(insight!.contactId).toBe(rightContact.id);

    const [row] = await audits(logged.id);
    expect(row).toMatchObject({ action: "update", changes: ["storeId", "contactId"] });
    expect(row!.before).toMatchObject({ storeId: wrongStore.id, contactId: wrongContact.id, channel: "visit" });
    expect(row!.after).toMatchObject({ storeId: rightStore.id, contactId: rightContact.id, channel: "visit" });
  });

  it("holds an edit to the create's checks and unknown keys, changing nothing on refusal", async () => {
    const logged = await logVisit();
    const withIntel = await logVisit({ insights: [{ kind: "family", detail: "孩子上小学" }] });
    const snapshot = async () => [await db().select().from(interactions).where(eq(interactions.id, logged.id)), await countRows("audit_log")];
    const was = await snapshot();
    for (const [body, field] of [
      [{ contactId: rightContact.id }, "contactId"], // not at the store it stays at
      [{ trainingTopic: "陈列" }, "trainingTopic"], // a B store
      [{ occasion: "festival", festivalKey: "no_such" }, "festivalKey"],
      [{ occurredAt: new Date(Date.now() + 86_400_000).toISOString() }, "occurredAt"],
      [{ gift: { what: "茶叶", value: -1 } }, "gift.value"],
      [{ storeId: otherStore.id }, "storeId"], // another rep's store
      [{ noets: "x" }, "noets"],
      [{ idempotencyKey: "change-the-key" }, "idempotencyKey"],
    ] as const) {
      const res = await sendJson("PATCH", `/api/interactions/${logged.id}`, body, rep);
      expect(res.status, JSON.stringify(body)).toBe(400);
      const err = await res.json<{ error: { fields: Record<string, string> } }>();
      expect(Object.keys(err.error.fields)).toContain(field);
    }
    // A visit with intel cannot become a call.
    const res = await sendJson("PATCH", `/api/interactions/${withIntel.id}`, { channel: "phone" }, rep);
    expect(res.status).toBe(400);
    expect(await snapshot()).toEqual(was);
  });

  it("answers 404 out of scope and 403 past the rep's window; managers and admins edit at any time", async () => {
    const logged = await logVisit();
    for (const agent of [otherRep, otherManager]) {
      expect((await sendJson("PATCH", `/api/interactions/${logged.id}`, { notes: "x" }, agent)).status).toBe(404);
      expect((await request(`/api/interactions/${logged.id}`, { method: "DELETE", agent, headers: { "x-csrf-token": agent.csrf! } })).status).toBe(404);
    }
    expect((await sendJson("PATCH", `/api/interactions/99999999`, { notes: "x" }, rep)).status).toBe(404);

    // Logged 8 days ago (the policy's window is 7).
    await db().update(interactions).set({ createdAt: Date.now() - 8 * 86_400_000 }).where(eq(interactions.id, logged.id));
    const late = await sendJson("PATCH", `/api/interactions/${logged.id}`, { notes: "补记" }, rep);
    expect(late.status).toBe(403);
    const err = await late.json<{ error: { code: string; message: string } }>();
    expect(err.error.code).toBe("edit_window_closed");
    expect(err.error.message).toContain("7");
    const del = await request(`/api/interactions/${logged.id}`, { method: "DELETE", agent: rep, headers: { "x-csrf-token": rep.csrf! } });
    expect(del.status).toBe(403);
    expect(await countRows("deleted_interactions")).toBe(0);

    expect((await sendJson("PATCH", `/api/interactions/${logged.id}`, { notes: "经理更正" }, manager)).status).toBe(200);
    expect((await sendJson("PATCH", `/api/interactions/${logged.id}`, { askedHelp: true }, admin)).status).toBe(200);
    const rows = await audits(logged.id);
    expect(rows.map((r) => r.changes)).toEqual([["notes"], ["askedHelp"]]);
    // Free text is named, never copied into the audit.
    expect(JSON.stringify(rows)).not.toContain("经理更正");
  });
});

describe("PATCH: follow-ups and the gift cap follow an edit (integration)", () => {
  it("an edit off the required channel reopens the follow-up the log closed, and back closes it", async () => {
    const event = await sendJson("POST", `/api/contacts/${rightContact.id}/life-events`, { kind: "accident", date: new Date().toISOString().slice(0, 10), concerns: "spouse" }, rep);
    const eventId = (await event.json<{ id: number }>()).id;
    const state = async () => (await db().select({ s: lifeEvents.state }).from(lifeEvents).where(eq(lifeEvents.id, eventId)))[0]!.s;
    const logged = await logVisit({ storeId: rightStore.id, contactId: rightContact.id, occasion: "life_event", lifeEventId: eventId });
    expect(await state()).toBe("done");
    expect((await sendJson("PATCH", `/api/interactions/${logged.id}`, { channel: "phone" }, rep)).status).toBe(200);
    expect(await state()).toBe("open"); // R8 asks for a visit
    expect((await sendJson("PATCH", `/api/interactions/${logged.id}`, { channel: "visit" }, rep)).status).toBe(200);
    expect(await state()).toBe("done");
  });

  it("warns when an edited gift takes the store's year past the cap, counting the old value once", async () => {
    const store = await makeStore(repId, "A");
    const first = await logVisit({ storeId: store.id, contactId: null, gift: { what: "茶叶", value: 1200 } });
    expect(first.warnings).toEqual([]);
    // 1,200 → 1,900: within 2,000 (the old 1,200 is replaced, not added).
    const within = await sendJson("PATCH", `/api/interactions/${first.id}`, { gift: { what: "茶叶", value: 1900 } }, rep);
    expect((await within.json<{ warnings: string[]; giftValue: number }>()).warnings).toEqual([]);
    const over = await sendJson("PATCH", `/api/interactions/${first.id}`, { gift: { what: "茶叶", value: 2100 } }, rep);
    expect((await over.json<{ warnings: string[] }>()).warnings).toEqual(["gift_cap"]);
  });
});

describe("DELETE /api/interactions/:id (integration)", () => {
  it("a deleted interaction counts nowhere: pace, R9, R10, intel, gift total, the follow-up it closed", async () => {
    const event = await sendJson("POST", `/api/contacts/${rightContact.id}/life-events`, { kind: "illness", date: new Date().toISOString().slice(0, 10) }, rep);
    expect(event.status).toBe(201);
    const eventId = (await event.json<{ id: number }>()).id;
    const state = async () => (await db().select({ s: lifeEvents.state }).from(lifeEvents).where(eq(lifeEvents.id, eventId)))[0]!.s;
    const before = await progress();

    const logged = await logVisit({
      storeId: rightStore.id,
      contactId: rightContact.id,
      occasion: "life_event",
      lifeEventId: eventId,
      askedHelp: true,
      problemSolved: "调货",
      gift: { what: "营养品", value: 1500 },
      insights: [
        { kind: "product_feedback", subject: "感冒灵", detail: "好卖" },
        { kind: "slow_mover", subject: "维C", detail: "维C", reason: "位置差", action: "换堆头" },
      ],
    });
    expect(await state()).toBe("done");
    expect(await progress()).not.toEqual(before);
    // The gift total now stands at 1,500 of 2,000: another 600 passes the cap (probed with a call, which
    // moves neither the visits, R9, R10 nor intel).
    const probe = { storeId: rightStore.id, channel: "phone", contactId: null, gift: { what: "茶叶", value: 600 } };
    expect((await logVisit(probe)).warnings).toEqual(["gift_cap"]);

    const res = await request(`/api/interactions/${logged.id}`, { method: "DELETE", agent: rep, headers: { "x-csrf-token": rep.csrf! } });
    expect(res.status).toBe(200);

    // Visits, R9–R11 and intel as if it had never been logged; the follow-up it closed is open again.
    const after = await progress();
    expect(visitsAt(after, rightStore.id)).toBe(visitsAt(before, rightStore.id));
    expect(after.rules).toEqual(before.rules);
    expect(await state()).toBe("open");
    // 600 + 600 is within the cap once the 1,500 is gone.
    expect((await logVisit({ ...probe, idempotencyKey: newKey() })).warnings).toEqual([]);
    expect(await db().select().from(interactions).where(eq(interactions.id, logged.id))).toEqual([]);
    expect(await db().select().from(visitInsights).where(eq(visitInsights.interactionId, logged.id))).toEqual([]);

    // History stays: the row and its insights, who and when; and the audit, in the same transaction.
    const [kept] = await db().select().from(deletedInteractions).where(eq(deletedInteractions.id, logged.id));
    expect(kept).toMatchObject({ storeId: rightStore.id, giftValue: 1500, problemSolved: "调货" });
    expect(kept!.insights.map((i) => i.kind)).toEqual(["product_feedback", "slow_mover"]);
    const [audit] = await audits(logged.id);
    expect(audit).toMatchObject({ action: "delete" });
    expect(audit!.before).toMatchObject({ storeId: rightStore.id, giftValue: 1500, lifeEventId: eventId, askedHelp: 1 });

    // A replay of the create (an offline client retrying) does not log it again.
    const replay = await sendJson(
      "POST",
      "/api/interactions",
      { storeId: rightStore.id, channel: "visit", occurredAt: new Date().toISOString(), idempotencyKey: kept!.idempotencyKey },
      rep,
    );
    expect(replay.status).toBe(409);
    expect(await db().select().from(interactions).where(eq(interactions.idempotencyKey, kept!.idempotencyKey))).toEqual([]);
  });

  it("a manager deletes a team rep's interaction at any time; another team's manager gets 404", async () => {
    const logged = await logVisit();
    await db().update(interactions).set({ createdAt: Date.now() - 30 * 86_400_000 }).where(eq(interactions.id, logged.id));
    const del = (agent: Agent) => request(`/api/interactions/${logged.id}`, { method: "DELETE", agent, headers: { "x-csrf-token": agent.csrf! } });
    expect((await del(otherManager)).status).toBe(404);
    expect((await del(manager)).status).toBe(200);
    expect((await del(manager)).status).toBe(404);
    expect((await db().select().from(deletedInteractions).where(eq(deletedInteractions.id, logged.id)))[0]!.deletedBy).not.toBe(repId);
  });
});


describe("fixing a log from a phone: plain-form pages (integration)", () => {
  const form = (html: string, name: string) => new RegExp(`name="${name}"[^>]*value="([^"]*)"`).exec(html)?.[1];

  it("edits a wrong log from its edit page: another store picked, saved, pace follows; the saved page offers undo", async () => {
    const logged = await logVisit({ notes: "谈了秋季备货" });
    const edit = await request(`/interactions/${logged.id}/edit`, { agent: rep });
    expect(edit.status).toBe(200);
    const html = await edit.text();
    expect(html).toContain(`action="/interactions/${logged.id}/edit"`);
    expect(html).toContain("谈了秋季备货");
    expect(html).not.toContain('name="idempotencyKey"');
    // "换一家" lists the rep's stores, each opening this edit with that store.
    const picker = await (await request(`/interactions/${logged.id}/store?q=回春堂`, { agent: rep })).text();
    expect(picker).toContain(`/interactions/${logged.id}/edit?storeId=${rightStore.id}`);
    const moved = await (await request(`/interactions/${logged.id}/edit?storeId=${rightStore.id}`, { agent: rep })).text();
    expect(form(moved, "storeId")).toBe(String(rightStore.id));
    expect(moved).toContain("陈姐");

    const before = await progress();
    const res = await postForm(
      `/interactions/${logged.id}/edit`,
      { storeId: String(rightStore.id), channel: "visit", when: form(moved, "when")!, contactId: String(rightContact.id), occasion: "routine", notes: "谈了秋季备货" },
      rep,
    );
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe(`/log/saved/${logged.id}?edited=1`);
    const after = await progress();
    expect(visitsAt(after, rightStore.id)).toBe(visitsAt(before, rightStore.id) + 1);
    expect(visitsAt(after, wrongStore.id)).toBe(visitsAt(before, wrongStore.id) - 1);

    const saved = await (await request(`/log/saved/${logged.id}?edited=1`, { agent: rep })).text();
    expect(saved).toContain(`action="/interactions/${logged.id}/delete"`);
    expect(saved).toContain("撤销");
  });

  it("shows an edit refused by the checks beside its field, changing nothing", async () => {
    const logged = await logVisit();
    const res = await postForm(`/interactions/${logged.id}/edit`, { storeId: String(wrongStore.id), channel: "visit", when: "2026-02-30T10:00", occasion: "routine" }, rep);
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('id="when-error"');
    expect((await db().select().from(interactions).where(eq(interactions.id, logged.id)))[0]!.localDate).not.toBe("2026-02-30");
  });

  it("undoes a quick log in one tap (audited), and deletes from the edit page after a confirmation page", async () => {
    const logged = await logVisit();
    const undo = await postForm(`/interactions/${logged.id}/delete`, {}, rep);
    expect(undo.status).toBe(303);
    expect(undo.headers.get("location")).toBe(`/stores/${wrongStore.id}?removed=1`);
    expect(await db().select().from(interactions).where(eq(interactions.id, logged.id))).toEqual([]);
    expect((await audits(logged.id)).map((a) => a.action)).toEqual(["delete"]);
    expect(await (await request(`/stores/${wrongStore.id}?removed=1`, { agent: rep })).text()).toContain("已删除这条记录");

    const second = await logVisit();
    const confirm = await request(`/interactions/${second.id}/delete`, { agent: rep });
    expect(confirm.status).toBe(200);
    const page = await confirm.text();
    expect(page).toContain("确认删除");
    expect(page).toContain(`action="/interactions/${second.id}/delete"`);
    // The page changed nothing; without the CSRF token the button does nothing either.
    expect((await postForm(`/interactions/${second.id}/delete`, {}, rep, { csrf: null })).status).toBe(403);
    expect(await db().select().from(interactions).where(eq(interactions.id, second.id))).toHaveLength(1);
  });

  it("adds intel to an earlier visit from its own form; the edit page 403s past the window and 404s out of scope", async () => {
    const logged = await logVisit({ insights: [{ kind: "competitor", detail: "买二送一" }] });
    const page = await request(`/interactions/${logged.id}/intel`, { agent: rep });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("竞品详细信息");
    expect((await postForm(`/interactions/${logged.id}/intel`, {}, rep)).status).toBe(400);
    const res = await postForm(`/interactions/${logged.id}/intel`, { "intel.family.detail": "女儿明年高考", "intel.slow_mover.subject": "维C泡腾片", "intel.slow_mover.reason": "近效期" }, rep);
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe(`/log/saved/${logged.id}?intel=2`);
    const kinds = (await db().select().from(visitInsights).where(eq(visitInsights.interactionId, logged.id))).map((i) => i.kind);
    expect(kinds.sort()).toEqual(["competitor", "family", "slow_mover"]);

    expect((await request(`/interactions/${logged.id}/edit`, { agent: otherRep })).status).toBe(404);
    await db().update(interactions).set({ createdAt: Date.now() - 8 * 86_400_000 }).where(eq(interactions.id, logged.id));
    const late = await request(`/interactions/${logged.id}/edit`, { agent: rep });
    expect(late.status).toBe(403);
    expect(await late.text()).toContain("超过 7 天");
    expect((await request(`/interactions/${logged.id}/edit`, { agent: manager })).status).toBe(200);
    // The store page offers "修改" on what the viewer may still fix only.
    const fresh = await logVisit();
    const store = await (await request(`/stores/${wrongStore.id}`, { agent: rep })).text();
    expect(store).toContain(`/interactions/${fresh.id}/edit`);
    expect(store).not.toContain(`/interactions/${logged.id}/edit`);
    // So does the contact page's list of greetings sent.
    const wish = await logVisit({ storeId: rightStore.id, channel: "message", occasion: "birthday", contactId: rightContact.id });
    const contactPage = await (await request(`/contacts/${rightContact.id}`, { agent: rep })).text();
    expect(contactPage).toContain(`/interactions/${wish.id}/edit`);
    expect(await (await request(`/contacts/${rightContact.id}`, { agent: otherRep })).text()).not.toContain(`/interactions/${wish.id}/edit`);
  });
});
