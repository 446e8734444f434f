// Integration (issue 12.4): a plan a rep can follow. On built scenarios: the digest (the document
// /today shows) plans calls and messages beside visits, one item per store and channel with one line
// saying why, visits by district with a 高德 map link, tel:/sms: where a phone is known; the /today
// skip form saves the rep's own skip (scoped, audited, idempotent), the next plan respects it, and
// the manager reads the reason on the rep's page. Round trips stay as they were.
import { beforeAll, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { countRows, db, makeContact, makeInteraction, makeStore, makeTeam, makeUser, resetDb } from "../helpers/db.ts";
import { postForm, request, signedIn, type Agent } from "../helpers/http.ts";
import { countingDb } from "../helpers/counting-db.ts";
import { section } from "../helpers/mail-text.ts";
import { loadDigestDocs } from "../../src/services/compose.ts";
import { render } from "../../src/mail/html.ts";
import { addDays, localDateOf } from "../../src/domain/dates.ts";
import { messages } from "../../src/i18n/index.ts";
import { auditLog, lifeEvents, planSkips } from "../../src/db/schema.ts";

const TODAY = "2026-11-25"; // a Wednesday: routine contacts are planned
const zh = messages("zh-CN");

async function digestText(repId: number, today: string): Promise<string> {
  const doc = (await loadDigestDocs(db(), [repId], today, "")).get(repId);
  if (!doc || doc instanceof Error) throw doc ?? new Error("no digest");
  return render(doc.subject, doc.doc).text;
}

/** The plan section's lines from a store's title to the next item. */
function itemOf(plan: string, store: string): string {
  const lines = plan.split("\n");
  const at = lines.findIndex((l) => l.includes(store));
  if (at < 0) return "";
  const end = lines.findIndex((l, i) => i > at && l.startsWith("- "));
  return lines.slice(at, end < 0 ? undefined : end).join("\n");
}

describe("today's plan in the digest (integration)", () => {
  let rep: { id: number };
  beforeAll(async () => {
    await resetDb();
    const team = await makeTeam("计划组");
    rep = await makeUser("rep", team.id);
    // Three A stores in two districts of 长沙, one in 株洲 without a district in its address.
    const a = await makeStore(rep.id, "A", { name: "岳麓一号药房", address: "长沙市岳麓区麓山路12号", phone: "0731-88880001" });
    const b = await makeStore(rep.id, "A", { name: "岳麓二号药房", address: "长沙市岳麓区枫林一路9号", phone: "0731-88880002" });
    // Its eight visits are done this month: a call is what it needs.
    for (let d = 1; d <= 8; d++) await makeInteraction(rep.id, b.id, `2026-11-${String(d + 10).padStart(2, "0")}`);
    await makeStore(rep.id, "A", { name: "天心药房", address: "长沙市天心区劳动路8号", phone: "13911112222" });
    await makeStore(rep.id, "A", { name: "株洲药房", city: "株洲", address: "株洲市建设路3号", phone: "0731-28880003" });
    // A birthday today at the first store: the greeting and the month's messages are one item.
    await makeContact(a.id, { name: "王芳", formOfAddress: "王姐", phone: "13800138000", birthdayCalendar: "solar", birthdayMonth: 11, birthdayDay: 25 });
  });

  it("plans visits, calls and messages, one item per store and channel, visits by district with a map link", async () => {
    const text = await digestText(rep.id, TODAY);
    const plan = section(text, zh.mail.digest.planTitle);
    for (const g of ["visit", "phone", "message"] as const) expect(plan).toContain(`${zh.progress.groups[g]} · `);
    // Areas: the district from the address, else the city.
    expect(plan).toMatch(/岳麓区 · 1 家/);
    expect(plan).toMatch(/天心区 · 1 家/);
    expect(plan).toMatch(/株洲 · 1 家/);
    // The map link carries the address, percent-encoded, and the city.
    expect(plan).toContain(`https://uri.amap.com/search?keyword=${encodeURIComponent("长沙市岳麓区麓山路12号")}&city=${encodeURIComponent("长沙")}&src=keqing&callnative=1`);
    // The birthday and the month's message count are one item with one line.
    const msgs = plan.slice(plan.indexOf(`${zh.progress.groups.message} · `));
    expect(msgs.split("\n").filter((l) => l.includes("岳麓一号药房"))).toHaveLength(1);
    const merged = itemOf(msgs, "岳麓一号药房");
    expect(merged).toContain(`本月${zh.common.channel.message} 0/4，120 天内没有联系；王姐（王芳）生日`);
    expect(merged).toContain("sms:13800138000?&body=");
    // A routine message to a store with a mobile number gets sms:, a landline none.
    expect(itemOf(msgs, "天心药房")).toContain("sms:13911112222");
    expect(itemOf(msgs, "株洲药房")).not.toContain("sms:");
    // A call to a store without a contact dials the store, and does not take a visit's place.
    const calls = plan.slice(plan.indexOf(`${zh.progress.groups.phone} · `), plan.indexOf(`${zh.progress.groups.message} · `));
    expect(itemOf(calls, "岳麓二号药房")).toContain(`本月${zh.common.channel.phone} 0/4`);
    expect(itemOf(calls, "岳麓二号药房")).toContain("tel:073188880002");
    // Nobody is planned twice on one channel.
    for (const store of ["岳麓一号药房", "岳麓二号药房", "天心药房", "株洲药房"]) expect(msgs.split("\n").filter((l) => l.startsWith("- ") && l.includes(store)).length).toBeLessThanOrEqual(1);
  });

  it("reads the skips in the digest's one round trip, and leaves a store skipped as closed out for the policy's days", async () => {
    const store = (await db().query.stores.findFirst({ where: (s, ops) => ops.eq(s.name, "天心药房") }))!;
    await db().insert(planSkips).values({ repId: rep.id, storeId: store.id, channel: "visit", localDate: addDays(TODAY, -2), reason: "closed" });
    const counter = countingDb();
    const doc = (await loadDigestDocs(counter.db, [rep.id], TODAY, "")).get(rep.id);
    expect(counter.roundTrips()).toBe(1);
    if (!doc || doc instanceof Error) throw doc ?? new Error("no digest");
    const plan = section(render(doc.subject, doc.doc).text, zh.mail.digest.planTitle);
    expect(plan).not.toContain("天心药房");
    // On the fourth day (default: 3) it is back.
    expect(section(await digestText(rep.id, addDays(TODAY, 1)), zh.mail.digest.planTitle)).toContain("天心药房");
  });
});

describe("skipping an item on /today (integration)", () => {
  let rep: { id: number }, other: { id: number }, manager: { id: number };
  let asRep: Agent, asManager: Agent;
  let mine: { id: number }, theirs: { id: number };
  const today = () => localDateOf(Date.now(), "Asia/Shanghai");
  const skipsOf = (repId: number) => db().select().from(planSkips).where(eq(planSkips.repId, repId));

  beforeAll(async () => {
    await resetDb();
    const team = await makeTeam("跳过组");
    manager = await makeUser("manager", team.id);
    rep = await makeUser("rep", team.id);
    other = await makeUser("rep", team.id);
    mine = await makeStore(rep.id, "A", { name: "我的药房", address: "长沙市开福区湘江中路1号" });
    theirs = await makeStore(other.id, "A", { name: "别人的药房" });
    // A wedding today: a visit due whatever the weekday, so the plan holds this store on any day.
    const c = await makeContact(mine.id, { name: "李娜", formOfAddress: "李总" });
    await db().insert(lifeEvents).values({ contactId: c.id, kind: "wedding", date: today() });
    asRep = await signedIn(rep.id);
    asManager = await signedIn(manager.id);
  });

  const skipForm = (storeId: number) => `name="storeId" value="${storeId}"`;

  it("shows a skip form under each plan item, posting with CSRF", async () => {
    const html = await (await request("/today", { agent: asRep })).text();
    expect(html).toContain('action="/today/skip"');
    expect(html).toContain(skipForm(mine.id));
    expect(html).toContain(`value="${asRep.csrf}"`);
    expect(html).toContain(`https://uri.amap.com/search?keyword=${encodeURIComponent("长沙市开福区湘江中路1号")}`.replaceAll("&", "&amp;"));
  });

  it("refuses another rep's store (404), bad input (400 naming the field) and a post without CSRF (403), saving nothing", async () => {
    expect((await postForm("/today/skip", { storeId: String(theirs.id), channel: "visit", reason: "closed" }, asRep)).status).toBe(404);
    const bad = await postForm("/today/skip", { storeId: String(mine.id), channel: "visit", reason: "tired" }, asRep);
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('data-field="reason"');
    expect((await postForm("/today/skip", { storeId: String(mine.id), channel: "visit", reason: "closed" }, asRep, { csrf: null })).status).toBe(403);
    expect(await countRows("plan_skips")).toBe(0);
  });

  it("saves the skip once (a retry changes nothing), audits it, and the plan no longer holds the item", async () => {
    const fields = { storeId: String(mine.id), channel: "visit", reason: "closed", note: "装修停业" };
    const res = await postForm("/today/skip", fields, asRep);
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/today?skipped=1#plan");
    expect((await postForm("/today/skip", fields, asRep)).status).toBe(303);
    const rows = await skipsOf(rep.id);
    expect(rows.map((r) => [r.storeId, r.channel, r.localDate, r.reason, r.note])).toEqual([[mine.id, "visit", today(), "closed", "装修停业"]]);
    const audits = await db().select().from(auditLog).where(and(eq(auditLog.entity, "plan_skip"), eq(auditLog.actorId, rep.id)));
    expect(audits.map((a) => [a.entityId, a.action])).toEqual([[rows[0]!.id, "create"]]);
    const html = await (await request("/today?skipped=1", { agent: asRep })).text();
    expect(html).toContain(zh.progress.skip.saved);
    expect(html).not.toContain(skipForm(mine.id));
  });

  it("takes 'contacted, not logged yet' on to the prefilled quick log", async () => {
    const res = await postForm("/today/skip", { storeId: String(mine.id), channel: "message", reason: "not_logged" }, asRep);
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe(`/log?storeId=${mine.id}&channel=message&occasion=routine`);
  });

  it("shows the manager the rep's skips and their reasons on the rep's page", async () => {
    const html = await (await request(`/team/reps/${rep.id}`, { agent: asManager })).text();
    expect(html).toContain(zh.progress.skip.listTitle);
    expect(html).toContain(`我的药房 · ${zh.common.channel.visit} · <b>${zh.progress.skip.reasons.closed}</b>`);
    expect(html).toContain("装修停业");
    expect(html).toContain(zh.progress.skip.reasons.not_logged);
  });
});
