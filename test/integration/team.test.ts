// Integration: the team pages (/team, /team/reps/:id) and moving stores between reps through the
// Worker against sqld — who may see what (404 outside scope), and a reassignment that is validated,
// atomic and audit-logged, or changes nothing.
import { beforeAll, describe, expect, it } from "vitest";
import { and, eq, inArray } from "drizzle-orm";
import { auditLog, interactions, stores } from "../../src/db/schema.ts";
import { countRows, db, makeStore, makeTeam, makeUser, resetDb } from "../helpers/db.ts";
import { postForm, request, signedIn, type Agent } from "../helpers/http.ts";

let rep: Agent, manager: Agent, otherManager: Agent, admin: Agent;
let team: { id: number }, team2: { id: number };
let repUser: { id: number; name: string }, mateUser: { id: number; name: string }, outsider: { id: number; name: string };
let inactiveMate: { id: number };
let s1: { id: number }, s2: { id: number }, s3: { id: number }, outsiderStore: { id: number };

const repOf = async (id: number) => (await db().select({ repId: stores.repId }).from(stores).where(eq(stores.id, id)))[0]!.repId;
const storeAudits = () => db().select().from(auditLog).where(eq(auditLog.entity, "store"));
/** Owners of the stores and the audit rows, to prove a refused request changed nothing. */
const snapshot = async () => ({
  owners: await Promise.all([s1, s2, s3, outsiderStore].map((s) => repOf(s.id))),
  audits: await countRows("audit_log"),
});

beforeAll(async () => {
  await resetDb();
  team = await makeTeam("西南一组");
  team2 = await makeTeam("西南二组");
  repUser = await makeUser("rep", team.id, { name: "刘洋" });
  mateUser = await makeUser("rep", team.id, { name: "陈静" });
  inactiveMate = await makeUser("rep", team.id, { name: "离职者", active: false });
  outsider = await makeUser("rep", team2.id, { name: "周杰" });
  rep = await signedIn(repUser.id);
  manager = await signedIn((await makeUser("manager", team.id)).id);
  otherManager = await signedIn((await makeUser("manager", team2.id)).id);
  admin = await signedIn((await makeUser("admin", null)).id);
  s1 = await makeStore(repUser.id, "A", { name: "一心堂" });
  s2 = await makeStore(repUser.id, "B", { name: "老百姓" });
  s3 = await makeStore(repUser.id, "C", { name: "益丰" });
  outsiderStore = await makeStore(outsider.id, "A", { name: "海王星辰" });
  await db().insert(interactions).values({
    repId: repUser.id,
    storeId: s1.id,
    channel: "visit",
    occurredAt: Date.now(),
    localDate: "2026-10-05",
    idempotencyKey: "team-test-1",
  });
});

describe("/team (integration)", () => {
  it("sends a visitor to sign in and answers 404 to a rep", async () => {
    const anon = await request("/team");
    expect(anon.status).toBe(303);
    expect(anon.headers.get("location")).toMatch(/^\/signin/);
    expect((await request("/team", { agent: rep })).status).toBe(404);
    expect((await request(`/team/reps/${repUser.id}`, { agent: rep })).status).toBe(404);
  });

  it("shows a manager their team's reps with pace, rules and intel", async () => {
    const res = await request("/team", { agent: manager });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).not.toMatch(/style="/);
    expect(html).toContain(`href="/team/reps/${repUser.id}"`);
    expect(html).toContain(`href="/team/reps/${mateUser.id}"`);
    expect(html).not.toContain(`href="/team/reps/${outsider.id}"`);
    expect(html).toContain(`data-rep="${repUser.id}"`);
    expect(html).toContain("R9");
    expect(html).toContain("R11");
  });

  it("shows an admin every team, and one team when filtered", async () => {
    const all = await (await request("/team", { agent: admin })).text();
    expect(all).toContain(`href="/team/reps/${repUser.id}"`);
    expect(all).toContain(`href="/team/reps/${outsider.id}"`);
    const one = await request(`/team?teamId=${team2.id}`, { agent: admin });
    expect(one.status).toBe(200);
    const html = await one.text();
    expect(html).toContain(`href="/team/reps/${outsider.id}"`);
    expect(html).not.toContain(`href="/team/reps/${repUser.id}"`);
  });

  it("keeps a manager to their team whatever the filter says", async () => {
    const html = await (await request(`/team?teamId=${team2.id}`, { agent: manager })).text();
    expect(html).toContain(`href="/team/reps/${repUser.id}"`);
    expect(html).not.toContain(`href="/team/reps/${outsider.id}"`);
  });

  it("answers a bad filter with 400 and the field's error", async () => {
    const res = await request("/team?teamId=abc", { agent: admin });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('id="teamId-error"');
  });
});

describe("/team/reps/:id (integration)", () => {
  it("drills into a rep of the manager's team, with the reassign form", async () => {
    const res = await request(`/team/reps/${repUser.id}`, { agent: manager });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain("刘洋");
    expect(html).toContain("一心堂");
    expect(html).toContain(`action="/team/reps/${repUser.id}/reassign"`);
    expect(html).toContain('name="_csrf"');
    expect(html).toContain(`<option value="${mateUser.id}"`);
    expect(html).not.toContain(`<option value="${outsider.id}"`);
    expect(html).not.toContain(`<option value="${inactiveMate.id}"`);
    expect(html).not.toContain(`<option value="${repUser.id}"`);
  });

  it("answers 404 outside the viewer's scope", async () => {
    expect((await request(`/team/reps/${repUser.id}`, { agent: otherManager })).status).toBe(404);
    expect((await request(`/team/reps/${outsider.id}`, { agent: manager })).status).toBe(404);
    expect((await request("/team/reps/999999", { agent: admin })).status).toBe(404);
    expect((await request("/team/reps/abc", { agent: admin })).status).toBe(404);
    expect((await request(`/team/reps/${outsider.id}`, { agent: admin })).status).toBe(200);
  });

  it("shows a past month of the rep", async () => {
    const html = await (await request(`/team/reps/${repUser.id}?month=2026-10`, { agent: manager })).text();
    expect(html).toMatch(new RegExp(`data-store="${s1.id}"[\\s\\S]*?data-channel="visit"><span class="small">1/8</span>`));
  });
});

describe("moving stores (integration)", () => {
  it("moves the selected stores to a rep of the same team, atomically and audit-logged", async () => {
    const before = await countRows("audit_log");
    const res = await postForm(`/team/reps/${repUser.id}/reassign`, { storeIds: [String(s2.id), String(s3.id)], toRepId: String(mateUser.id) }, manager);
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe(`/team/reps/${repUser.id}?moved=2`);
    expect([await repOf(s1.id), await repOf(s2.id), await repOf(s3.id)]).toEqual([repUser.id, mateUser.id, mateUser.id]);
    expect(await countRows("audit_log")).toBe(before + 2);
    const audits = await db()
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entity, "store"), inArray(auditLog.entityId, [s2.id, s3.id])));
    const byJson = (a: unknown, b: unknown) => JSON.stringify(a).localeCompare(JSON.stringify(b));
    expect(audits.map((a) => [a.entityId, a.action, a.changes]).sort(byJson)).toEqual(
      [
        [s2.id, "update", ["repId"]],
        [s3.id, "update", ["repId"]],
      ].sort(byJson),
    );
    // The page after the redirect says so.
    const page = await (await request(`/team/reps/${repUser.id}?moved=2`, { agent: manager })).text();
    expect(page).toContain('class="alert ok"');
  });

  it("refuses a manager moving a store to a rep outside the team, changing nothing", async () => {
    const before = await snapshot();
    const res = await postForm(`/team/reps/${repUser.id}/reassign`, { storeIds: [String(s1.id)], toRepId: String(outsider.id) }, manager);
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain('id="toRepId-error"');
    expect(html).toMatch(new RegExp(`value="${s1.id}" checked`));
    expect(await snapshot()).toEqual(before);
  });

  it.each([
    ["no store chosen", () => ({ toRepId: String(mateUser.id) }), "storeIds"],
    ["no receiver", () => ({ storeIds: [String(s1.id)] }), "toRepId"],
    ["a receiver that is not an id", () => ({ storeIds: [String(s1.id)], toRepId: "abc" }), "toRepId"],
    ["a store id that is not a number", () => ({ storeIds: ["x1"], toRepId: String(mateUser.id) }), "storeIds"],
    ["another rep's store", () => ({ storeIds: [String(outsiderStore.id)], toRepId: String(mateUser.id) }), "storeIds"],
    ["the same rep", () => ({ storeIds: [String(s1.id)], toRepId: String(repUser.id) }), "toRepId"],
    ["an inactive receiver", () => ({ storeIds: [String(s1.id)], toRepId: String(inactiveMate.id) }), "toRepId"],
  ])("answers %s with 400 beside the field and changes nothing", async (_label, fields, field) => {
    const before = await snapshot();
    const res = await postForm(`/team/reps/${repUser.id}/reassign`, fields(), manager);
    expect(res.status).toBe(400);
    expect(await res.text()).toContain(`id="${field}-error"`);
    expect(await snapshot()).toEqual(before);
  });

  it("answers 404 to a rep and to a manager of another team, changing nothing", async () => {
    const before = await snapshot();
    const byRep = await postForm(`/team/reps/${repUser.id}/reassign`, { storeIds: [String(s1.id)], toRepId: String(mateUser.id) }, rep);
    expect(byRep.status).toBe(404);
    const byOther = await postForm(`/team/reps/${repUser.id}/reassign`, { storeIds: [String(s1.id)], toRepId: String(mateUser.id) }, otherManager);
    expect(byOther.status).toBe(404);
    expect(await snapshot()).toEqual(before);
  });

  it("refuses a post without the CSRF token", async () => {
    const before = await snapshot();
    const res = await postForm(`/team/reps/${repUser.id}/reassign`, { storeIds: [String(s1.id)], toRepId: String(mateUser.id) }, manager, { csrf: null });
    expect(res.status).toBe(403);
    expect(await snapshot()).toEqual(before);
  });

  it("lets an admin move a store to a rep of another team", async () => {
    const res = await postForm(`/team/reps/${outsider.id}/reassign`, { storeIds: [String(outsiderStore.id)], toRepId: String(repUser.id) }, admin);
    expect(res.status).toBe(303);
    expect(await repOf(outsiderStore.id)).toBe(repUser.id);
    const audits = await storeAudits();
    expect(audits.some((a) => a.entityId === outsiderStore.id)).toBe(true);
  });
});
