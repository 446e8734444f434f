// Integration: the viewer claim (src/auth/claim.ts, http/guard.ts withViewer). With the claim cookie
// the quick log and the pages check the session inside their own first batch: round trips counted
// per request, through the Worker. A claim that does not hold (revoked session, another user, role or
// team, a demoted manager) never yields data or a write: the request is answered as the session's
// real state says (sign-in, 401, 404, or the real viewer's own page).
import { beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { countRows, db, makeContact, makeInteraction, makeStore, makeTeam, makeUser, resetDb } from "../helpers/db.ts";
import { countedRequest, signedIn, type Agent } from "../helpers/http.ts";
import { apiTokens, sessions, users } from "../../src/db/schema.ts";
import { claimOf, encodeClaim, parseClaim } from "../../src/auth/claim.ts";
import { sha256Hex } from "../../src/auth/tokens.ts";
import { createApiToken, revokeApiToken } from "../../src/auth/api-tokens.ts";
import { localDateOf } from "../../src/domain/dates.ts";

type User = Awaited<ReturnType<typeof makeUser>>;
let team: { id: number }, team2: { id: number };
let rep: User, rep2: User, manager: User;
let store: { id: number }, store2: { id: number };
let contact: { id: number };
let key = 0;

beforeAll(async () => {
  await resetDb();
  team = await makeTeam("华中一组");
  team2 = await makeTeam("华中二组");
  rep = await makeUser("rep", team.id, { name: "王芳" });
  rep2 = await makeUser("rep", team2.id, { name: "李娜" });
  manager = await makeUser("manager", team.id, { name: "张经理" });
  store = await makeStore(rep.id, "B", { name: "仁和大药房" });
  store2 = await makeStore(rep2.id, "B", { name: "同济堂药店" });
  contact = await makeContact(store.id);
  const today = localDateOf(Date.now(), "Asia/Shanghai");
  await makeInteraction(rep.id, store.id, today);
  await makeInteraction(rep2.id, store2.id, today);
});

const claimCookie = (res: Response) => res.headers.getSetCookie().find((c) => c.startsWith("kq_claim="));
const tokenOf = (agent: Agent) => agent.cookie!.match(/kq_session=([^;]+)/)![1]!;
/** The agent's session with another claim cookie (what a tampering browser could send). */
const claiming = (agent: Agent, claim: string): Agent => ({ ...agent, cookie: `kq_session=${tokenOf(agent)}; kq_claim=${claim}` });

function log(agent: Agent, storeId: number, contactId: number | null = null) {
  return countedRequest("/api/interactions", {
    method: "POST",
    agent,
    headers: { "content-type": "application/json", "x-csrf-token": agent.csrf! },
    body: JSON.stringify({ storeId, channel: "phone", occurredAt: new Date().toISOString(), contactId, idempotencyKey: `claim-${Date.now()}-${++key}` }),
  });
}

describe("the viewer claim cookie (integration)", () => {
  it("is set by the first full lookup, as the user is, and parses back", async () => {
    const agent = await signedIn(rep.id, { claim: false });
    const { res, roundTrips } = await countedRequest("/month", { agent });
    expect(res.status).toBe(200);
    expect(roundTrips).toBe(3); // the session lookup, then the month's two batches
    const set = claimCookie(res)!;
    expect(set).toMatch(/HttpOnly/i);
    expect(set).toMatch(/SameSite=Lax/i);
    const value = decodeURIComponent(set.split(";")[0]!.slice("kq_claim=".length));
    expect(parseClaim(value)).toEqual(claimOf(rep));
  });

  it("rejects malformed claims (the full lookup then)", () => {
    for (const bad of ["", "x", "1.boss..zh-CN.Asia/Shanghai", "1.rep.x.zh-CN.Asia/Shanghai", "1.rep..fr.Asia/Shanghai", "1.rep..en.", "1.rep..en.Asia/Shanghai;x"]) {
      expect(parseClaim(bad)).toBeNull();
    }
  });
});

describe("round trips per request with the claim (integration)", () => {
  it("takes at most two for the quick log and every page, and one more without the claim", async () => {
    const repAgent = await signedIn(rep.id);
    const managerAgent = await signedIn(manager.id);
    const cases: [string, Agent, number][] = [
      ["/today", repAgent, 1],
      ["/log", repAgent, 1],
      [`/log?storeId=${store.id}`, repAgent, 1],
      ["/month", repAgent, 2],
      ["/team", managerAgent, 2],
      ["/today", managerAgent, 2],
      [`/team/reps/${rep.id}`, managerAgent, 2],
    ];
    for (const [path, agent, expected] of cases) {
      const { res, roundTrips } = await countedRequest(path, { agent });
      expect([path, res.status, roundTrips]).toEqual([path, 200, expected]);
      expect(claimCookie(res)).toBeUndefined(); // the claim held: nothing to set
      const without = await countedRequest(path, { agent: { ...agent, cookie: `kq_session=${tokenOf(agent)}` } });
      expect([path, without.res.status, without.roundTrips]).toEqual([path, 200, expected + 1]);
    }
    const logged = await log(repAgent, store.id, contact.id);
    expect([logged.res.status, logged.roundTrips]).toEqual([201, 2]); // the checks with the session check, the write
  });

  it("shows the verified name in the page header", async () => {
    const { res } = await countedRequest("/month", { agent: await signedIn(rep.id) });
    expect(await res.text()).toContain("王芳");
  });
});

describe("a claim that does not hold never yields data (integration)", () => {
  it("a revoked session with a valid claim: sign-in, 401, nothing written, the claim removed", async () => {
    const agent = await signedIn(rep.id);
    await db().update(sessions).set({ revokedAt: Date.now() }).where(eq(sessions.idHash, await sha256Hex(tokenOf(agent))));
    for (const path of ["/today", "/log", "/month", `/log?storeId=${store.id}`]) {
      const { res } = await countedRequest(path, { agent });
      expect([path, res.status, res.headers.get("location")]).toEqual([path, 303, `/signin?next=${encodeURIComponent(path.split("?")[0]!)}`]);
      expect(claimCookie(res)).toMatch(/kq_claim=;|Max-Age=0/);
    }
    const before = await countRows("interactions");
    const { res } = await log(agent, store.id, contact.id);
    expect(res.status).toBe(401);
    expect(await countRows("interactions")).toBe(before);
  });

  it("an expired session, or a user made inactive, is signed out", async () => {
    const expired = await signedIn(rep.id);
    await db().update(sessions).set({ expiresAt: Date.now() - 1 }).where(eq(sessions.idHash, await sha256Hex(tokenOf(expired))));
    expect((await countedRequest("/month", { agent: expired })).res.status).toBe(303);
    const leaver = await makeUser("rep", team.id);
    const agent = await signedIn(leaver.id);
    await db().update(users).set({ active: false }).where(eq(users.id, leaver.id));
    expect((await countedRequest("/log", { agent })).res.status).toBe(303);
    expect((await log(agent, store.id)).res.status).toBe(401);
  });

  it("a claim naming another user: the token's own user is served, never the claimed one", async () => {
    const agent = await signedIn(rep.id);
    const forged = claiming(agent, encodeClaim(claimOf(rep2)));
    const { res } = await countedRequest("/month", { agent: forged });
    const html = await res.text();
    expect(res.status).toBe(200);
    expect(html).toContain("仁和大药房");
    expect(html).not.toContain("同济堂药店");
    expect(res.headers.get("x-kq-user")).toBe(String(rep.id));
    expect(decodeURIComponent(claimCookie(res)!.split(";")[0]!.slice("kq_claim=".length))).toBe(encodeClaim(claimOf(rep)));
    const picker = await (await countedRequest("/log", { agent: forged })).res.text();
    expect(picker).not.toContain("同济堂药店");
    // Logging at the claimed user's store: out of the real user's scope, 404, nothing written.
    const before = await countRows("interactions");
    expect((await log(forged, store2.id)).res.status).toBe(404);
    expect(await countRows("interactions")).toBe(before);
  });

  it("a claim of another role or team: a rep claiming to manage gets 404 on /team", async () => {
    const agent = await signedIn(rep.id);
    const asManager = claiming(agent, encodeClaim({ ...claimOf(rep), role: "manager" }));
    const { res } = await countedRequest("/team", { agent: asManager });
    expect(res.status).toBe(404);
    expect(await res.text()).not.toContain("李娜");
    const otherTeam = claiming(agent, encodeClaim({ ...claimOf(rep), teamId: team2.id }));
    const month = await countedRequest("/month", { agent: otherTeam });
    expect(month.res.status).toBe(200);
    expect(await month.res.text()).not.toContain("同济堂药店");
    expect(decodeURIComponent(claimCookie(month.res)!.split(";")[0]!.slice("kq_claim=".length))).toBe(encodeClaim(claimOf(rep)));
  });

  it("a demoted manager (role changed in the database) gets 404 on /team and no team on /today", async () => {
    const demoted = await makeUser("manager", team.id, { name: "赵经理" });
    const agent = await signedIn(demoted.id);
    expect((await countedRequest("/team", { agent })).res.status).toBe(200);
    await db().update(users).set({ role: "rep" }).where(eq(users.id, demoted.id));
    const list = await countedRequest("/team", { agent });
    expect(list.res.status).toBe(404);
    expect(await list.res.text()).not.toContain("王芳");
    // A rep's page too: the claim still says manager, the guard says otherwise.
    const repPage = await countedRequest(`/team/reps/${rep.id}`, { agent });
    expect(repPage.res.status).toBe(404);
    expect(await repPage.res.text()).not.toContain(rep.name);
    const today = await countedRequest("/today", { agent });
    expect(today.res.status).toBe(200);
    expect(await today.res.text()).not.toContain("王芳");
  });

  it("refuses bad input to a revoked session with 401, not the field errors", async () => {
    const agent = await signedIn(rep.id);
    await db().update(sessions).set({ revokedAt: Date.now() }).where(eq(sessions.idHash, await sha256Hex(tokenOf(agent))));
    const { res } = await countedRequest("/api/interactions", {
      method: "POST",
      agent,
      headers: { "content-type": "application/json", "x-csrf-token": agent.csrf! },
      body: JSON.stringify({ storeId: "x" }),
    });
    expect(res.status).toBe(401);
  });
});

describe("API tokens: the claim from the isolate's last lookup (integration)", () => {
  const bearerLog = (token: string, storeId: number) =>
    countedRequest("/api/interactions", {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
      body: JSON.stringify({ storeId, channel: "phone", occurredAt: new Date().toISOString(), idempotencyKey: `bearer-${Date.now()}-${++key}` }),
    });

  /** A token as if just used (its last-use update, in waitUntil, would start within the request and be counted). */
  async function fresh(userId: number, name: string) {
    const made = await createApiToken(db(), userId, name);
    await db().update(apiTokens).set({ lastUsedAt: Date.now() }).where(eq(apiTokens.id, made.id));
    return made;
  }

  it("takes the lookup once, then two round trips per quick log", async () => {
    const { token } = await fresh(rep.id, "claim test");
    const first = await bearerLog(token, store.id);
    expect([first.res.status, first.roundTrips]).toEqual([201, 3]);
    const second = await bearerLog(token, store.id);
    expect([second.res.status, second.roundTrips]).toEqual([201, 2]);
  });

  it("a token revoked after its claim was remembered: 401 and nothing written", async () => {
    const { token, id } = await fresh(rep.id, "revoked later");
    expect((await bearerLog(token, store.id)).res.status).toBe(201);
    await revokeApiToken(db(), rep.id, id, Date.now());
    const before = await countRows("interactions");
    expect((await bearerLog(token, store.id)).res.status).toBe(401);
    expect(await countRows("interactions")).toBe(before);
  });

  it("a token whose owner changed role and team since: the remembered claim fails and the lookup decides", async () => {
    const mover = await makeUser("rep", team.id);
    const own = await makeStore(mover.id, "B");
    const { token } = await fresh(mover.id, "mover");
    expect((await bearerLog(token, own.id)).res.status).toBe(201);
    await db().update(users).set({ role: "manager", teamId: team2.id }).where(eq(users.id, mover.id));
    const stale = await bearerLog(token, own.id);
    expect([stale.res.status, stale.roundTrips]).toEqual([201, 4]); // the guard failed: checks dropped, lookup, checks, write
    const again = await bearerLog(token, own.id);
    expect([again.res.status, again.roundTrips]).toEqual([201, 2]);
    // The owner made inactive: the remembered claim is refused, nothing written.
    await db().update(users).set({ active: false }).where(eq(users.id, mover.id));
    const before = await countRows("interactions");
    expect((await bearerLog(token, own.id)).res.status).toBe(401);
    expect(await countRows("interactions")).toBe(before);
  });
});
