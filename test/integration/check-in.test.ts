// Integration: on-site check-in (issue 14 part 4) through the Worker against sqld. A position is
// all three fields or none and in range; it is kept only on a visit and only when the policy has
// check-in on; a store without coordinates takes them from its first confident check-in, never
// moved by a later one; the visit says how far from the store it was logged.
import { beforeAll, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { db, makeStore, makeTeam, makeUser, resetDb } from "../helpers/db.ts";
import { postForm, request, sendJson, signedIn, type Agent } from "../helpers/http.ts";
import { localDateOf, localTimeOf } from "../../src/domain/dates.ts";
import { auditLog, interactions, policy, stores } from "../../src/db/schema.ts";
import { distanceM, wgs84ToGcj02 } from "../../src/domain/check-in.ts";
import { DEFAULT_RULES, type PolicyRules } from "../../src/domain/policy.ts";

let rep: Agent, repId: number, manager: Agent;
let key = 0;
const newKey = () => `check-in-${Date.now()}-${++key}`;

// 益丰大药房 (芙蓉中路), Changsha; 0.0003° of latitude ≈ 33 m.
const STORE = { lat: 28.1956, lng: 112.9769 };

async function setCheckIn(checkIn: PolicyRules["checkIn"]) {
  const data = { ...DEFAULT_RULES, checkIn };
  await db().insert(policy).values({ id: 1, data }).onConflictDoUpdate({ target: policy.id, set: { data } });
}

const log = (storeId: number, extra: Record<string, unknown> = {}) =>
  sendJson("POST", "/api/interactions", { storeId, channel: "visit", occurredAt: new Date().toISOString(), idempotencyKey: newKey(), ...extra }, rep);

async function stored(id: number) {
  const [row] = await db().select({ lat: interactions.lat, lng: interactions.lng, accuracyM: interactions.accuracyM }).from(interactions).where(eq(interactions.id, id));
  return row;
}

async function storeAudits(id: number) {
  return db()
    .select({ actorId: auditLog.actorId, action: auditLog.action, changes: auditLog.changes })
    .from(auditLog)
    .where(and(eq(auditLog.entity, "store"), eq(auditLog.entityId, id)))
    .orderBy(auditLog.id);
}

async function storeAt(id: number) {
  const [row] = await db().select({ lat: stores.lat, lng: stores.lng, source: stores.locationSource }).from(stores).where(eq(stores.id, id));
  return row;
}

beforeAll(async () => {
  await resetDb();
  const team = await makeTeam();
  const u = await makeUser("rep", team.id);
  repId = u.id;
  rep = await signedIn(repId);
  manager = await signedIn((await makeUser("manager", team.id)).id);
});

describe("a check-in's position (integration)", () => {
  it.each([
    ["lat alone", { lat: 28.1 }, "position.lng"],
    ["no accuracy", { lat: 28.1, lng: 112.9 }, "position.accuracyM"],
    ["a latitude past the pole", { lat: 90.5, lng: 112.9, accuracyM: 10 }, "position.lat"],
    ["a longitude past the antimeridian", { lat: 28.1, lng: -180.1, accuracyM: 10 }, "position.lng"],
    ["a negative accuracy", { lat: 28.1, lng: 112.9, accuracyM: -1 }, "position.accuracyM"],
    ["an accuracy over 10 km", { lat: 28.1, lng: 112.9, accuracyM: 10_001 }, "position.accuracyM"],
    ["a field it does not know", { lat: 28.1, lng: 112.9, accuracyM: 10, altitude: 40 }, "position.altitude"],
  ])("refuses %s, naming the field, and stores nothing", async (_what, position, field) => {
    await setCheckIn({ enabled: true, onSiteMeters: 200 });
    const store = await makeStore(repId, "B");
    const before = (await db().select().from(interactions)).length;
    const res = await log(store.id, { position });
    expect(res.status).toBe(400);
    const body = await res.json<{ error: { fields: Record<string, string> } }>();
    expect(Object.keys(body.error.fields)).toContain(field);
    expect((await db().select().from(interactions)).length).toBe(before);
  });

  it("is not stored while the policy has check-in off (the default), nor the store located", async () => {
    await setCheckIn(DEFAULT_RULES.checkIn);
    expect(DEFAULT_RULES.checkIn.enabled).toBe(false);
    const store = await makeStore(repId, "B");
    const res = await log(store.id, { position: { lat: STORE.lat, lng: STORE.lng, accuracyM: 12 } });
    expect(res.status).toBe(201);
    const { id } = await res.json<{ id: number }>();
    expect(await stored(id)).toEqual({ lat: null, lng: null, accuracyM: null });
    expect(await storeAt(store.id)).toEqual({ lat: null, lng: null, source: null });
  });

  it("is not stored on a phone call, even with check-in on", async () => {
    await setCheckIn({ enabled: true, onSiteMeters: 200 });
    const store = await makeStore(repId, "B");
    const res = await log(store.id, { channel: "phone", position: { lat: STORE.lat, lng: STORE.lng, accuracyM: 12 } });
    expect(res.status).toBe(201);
    expect(await stored((await res.json<{ id: number }>()).id)).toEqual({ lat: null, lng: null, accuracyM: null });
    expect((await storeAt(store.id))!.source).toBeNull();
  });

  it("is kept on a visit; the first confident check-in locates the store, and no later one moves it", async () => {
    await setCheckIn({ enabled: true, onSiteMeters: 200 });
    const store = await makeStore(repId, "B");
    // A coarse fix (a cell tower's 800 m) is kept on the visit but does not place the store.
    const coarse = await log(store.id, { position: { lat: 28.2, lng: 112.98, accuracyM: 800 } });
    expect(coarse.status).toBe(201);
    expect(await stored((await coarse.json<{ id: number }>()).id)).toEqual({ lat: 28.2, lng: 112.98, accuracyM: 800 });
    expect(await storeAt(store.id)).toEqual({ lat: null, lng: null, source: null });

    const first = await log(store.id, { position: { ...STORE, accuracyM: 15 } });
    expect(first.status).toBe(201);
    expect(await storeAt(store.id)).toEqual({ ...STORE, source: "check_in" });

    const later = await log(store.id, { position: { lat: STORE.lat + 0.01, lng: STORE.lng, accuracyM: 5 } });
    expect(later.status).toBe(201);
    expect(await storeAt(store.id)).toEqual({ ...STORE, source: "check_in" });
    // One audit row, the rep's, for the check-in that located it; none for the coarse or the later one.
    expect(await storeAudits(store.id)).toEqual([{ actorId: repId, action: "update", changes: ["lat", "lng", "locationSource"] }]);
  });

  it("comes from the quick-log form's hidden fields, which the form has only when check-in is on", async () => {
    await setCheckIn({ enabled: true, onSiteMeters: 200 });
    const store = await makeStore(repId, "B", { ...STORE, locationSource: "manager" });
    const html = await (await request(`/log?storeId=${store.id}`, { agent: rep })).text();
    expect(html).toContain('data-check-in="1"');
    expect(html).toContain('name="position.accuracyM"');
    await setCheckIn({ enabled: false, onSiteMeters: 200 });
    const off = await (await request(`/log?storeId=${store.id}`, { agent: rep })).text();
    expect(off).not.toContain("data-check-in");
    expect(off).not.toContain("position.lat");
  });

  it("posted by the form, shows on the saved page and in the store's history as on site or not, and as nothing without one", async () => {
    await setCheckIn({ enabled: true, onSiteMeters: 200 });
    const store = await makeStore(repId, "B", { ...STORE, locationSource: "manager" });
    const when = `${localDateOf(Date.now(), "Asia/Shanghai")}T${localTimeOf(Date.now(), "Asia/Shanghai")}`;
    const post = async (position: Record<string, string>) => {
      const res = await postForm("/log", { storeId: String(store.id), channel: "visit", when, occasion: "routine", idempotencyKey: newKey(), ...position }, rep);
      expect(res.status).toBe(303);
      return (await request(res.headers.get("location")!, { agent: rep })).text();
    };
    // 0.0003° north ≈ 33 m, accuracy 12 m.
    const near = await post({ "position.lat": String(STORE.lat + 0.0003), "position.lng": String(STORE.lng), "position.accuracyM": "12" });
    expect(near).toContain("在店（距门店 33 米）");
    // ≈ 1.1 km away with a 30 m fix.
    const far = await post({ "position.lat": String(STORE.lat + 0.01), "position.lng": String(STORE.lng), "position.accuracyM": "30" });
    expect(far).toContain("不在门店附近");
    expect(far).not.toContain("在店（");
    // No position (permission refused, or no script): saved, and nothing said.
    const none = await post({ "position.lat": "", "position.lng": "", "position.accuracyM": "" });
    expect(none).not.toContain("门店附近");
    expect(none).not.toContain("在店（");

    const history = await (await request(`/stores/${store.id}`, { agent: rep })).text();
    expect(history.match(/data-on-site="1"/g)).toHaveLength(1);
    expect(history.match(/data-on-site="0"/g)).toHaveLength(1);
    expect(history).toContain("在店（距门店 33 米）");
    // The coordinates themselves are not on the page.
    expect(history).not.toContain(String(STORE.lat + 0.0003));
  });

  it("from the form, all three fields or none: one left empty is refused and the log is shown again", async () => {
    await setCheckIn({ enabled: true, onSiteMeters: 200 });
    const store = await makeStore(repId, "B");
    const when = `${localDateOf(Date.now(), "Asia/Shanghai")}T${localTimeOf(Date.now(), "Asia/Shanghai")}`;
    const res = await postForm("/log", { storeId: String(store.id), channel: "visit", when, occasion: "routine", idempotencyKey: newKey(), "position.lat": "28.1", "position.lng": "112.9", "position.accuracyM": "" }, rep);
    expect(res.status).toBe(400);
    expect(await res.text()).toContain("请输入数字");
  });

  it("shows the manager each rep's on-site share for the month on /team: visits on site of those checked in at a located store", async () => {
    // This file's visits so far, by the rules above: at the store located by its first check-in, the
    // coarse fix (~575 m, accuracy 800: on site), the first (0 m: on site), the later one (~1.1 km:
    // not); at the manager-located store, ~33 m (on site) and ~1.1 km (not). Without a position or
    // at an unlocated store a visit is not judged.
    const html = await (await request("/team", { agent: manager })).text();
    expect(html).toContain("本月在店签到 3/5（60%）");
  });
});

describe("a store's coordinates set by a manager (integration)", () => {
  it("are set by PATCH /api/stores/:id in WGS-84, audited, and shown in the store's JSON with their source", async () => {
    const store = await makeStore(repId, "B");
    const res = await sendJson("PATCH", `/api/stores/${store.id}`, { lat: STORE.lat, lng: STORE.lng }, manager);
    expect(res.status).toBe(200);
    const body = await res.json<{ location: unknown }>();
    expect(body.location).toEqual({ ...STORE, source: "manager" });
    expect(await storeAt(store.id)).toEqual({ ...STORE, source: "manager" });
    expect(await storeAudits(store.id)).toEqual([{ actorId: expect.any(Number), action: "update", changes: ["lat", "lng"] }]);
    // A later check-in does not move a manager's coordinates.
    await setCheckIn({ enabled: true, onSiteMeters: 200 });
    expect((await log(store.id, { position: { lat: STORE.lat + 0.01, lng: STORE.lng, accuracyM: 5 } })).status).toBe(201);
    expect(await storeAt(store.id)).toEqual({ ...STORE, source: "manager" });
  });

  it("copied from a Chinese map app (GCJ-02) are stored as the true position, within a metre", async () => {
    const store = await makeStore(repId, "B");
    const copied = wgs84ToGcj02(STORE);
    const res = await sendJson("PATCH", `/api/stores/${store.id}`, { ...copied, datum: "gcj02" }, manager);
    expect(res.status).toBe(200);
    const at = (await storeAt(store.id))!;
    expect(distanceM({ lat: at.lat!, lng: at.lng! }, STORE)).toBeLessThan(1);
  });

  it("come as a pair: one alone is refused naming the other, a rep may not set them, null clears both", async () => {
    const store = await makeStore(repId, "B");
    const alone = await sendJson("PATCH", `/api/stores/${store.id}`, { lat: STORE.lat }, manager);
    expect(alone.status).toBe(400);
    expect(Object.keys((await alone.json<{ error: { fields: Record<string, string> } }>()).error.fields)).toEqual(["lng"]);
    const byRep = await sendJson("PATCH", `/api/stores/${store.id}`, { lat: STORE.lat, lng: STORE.lng }, rep);
    expect(byRep.status).toBe(403);
    expect(await storeAt(store.id)).toEqual({ lat: null, lng: null, source: null });
    expect((await sendJson("PATCH", `/api/stores/${store.id}`, { lat: STORE.lat, lng: STORE.lng }, manager)).status).toBe(200);
    expect((await sendJson("PATCH", `/api/stores/${store.id}`, { lat: null, lng: null }, manager)).status).toBe(200);
    expect(await storeAt(store.id)).toEqual({ lat: null, lng: null, source: null });
  });

  it("are typed on the store form by a manager (GCJ-02 by default for a new store); the edit form shows them and saving it unchanged changes nothing", async () => {
    const newForm = await (await request("/stores/new", { agent: manager })).text();
    expect(newForm).toContain('name="lat"');
    expect(newForm).toMatch(/<option value="gcj02" selected/);
    const copied = wgs84ToGcj02(STORE);
    const created = await postForm("/stores", { name: "定位药房", class: "B", repId: String(repId), lat: String(copied.lat), lng: String(copied.lng), datum: "gcj02" }, manager);
    expect(created.status).toBe(303);
    const id = Number(created.headers.get("location")!.split("/").pop());
    const at = (await storeAt(id))!;
    expect(at.source).toBe("manager");
    expect(distanceM({ lat: at.lat!, lng: at.lng! }, STORE)).toBeLessThan(1);

    const edit = await (await request(`/stores/${id}/edit`, { agent: manager })).text();
    expect(edit).toContain(`value="${at.lat}"`);
    const audits = (await storeAudits(id)).length;
    const resaved = await postForm(`/stores/${id}/edit`, { name: "定位药房", class: "B", repId: String(repId), lat: String(at.lat), lng: String(at.lng), datum: "wgs84" }, manager);
    expect(resaved.status).toBe(303);
    expect(await storeAt(id)).toEqual(at);
    expect((await storeAudits(id)).length).toBe(audits);

    const bad = await postForm(`/stores/${id}/edit`, { name: "定位药房", class: "B", repId: String(repId), lat: "北纬28", lng: String(at.lng), datum: "wgs84" }, manager);
    expect(bad.status).toBe(400);
    expect(await storeAt(id)).toEqual(at);
    // A rep's edit form has no coordinates, and coordinates posted by a rep are ignored.
    expect(await (await request(`/stores/${id}/edit`, { agent: rep })).text()).not.toContain('name="lat"');
  });
});
