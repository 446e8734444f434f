// Integration: closing the loop on intel (issue 12 item 5). A slow mover (R17) marked resolved with
// what worked, through the store page's form and the API: scoped (another team's rep gets 404), bad
// input changes nothing, audited, idempotent; it leaves the digest and /today and the store page
// keeps what worked. Product feedback (R12) and what was done for a preference (R14) show on the
// store page, and on the page of each contact they concern (heard on a visit with them, or about them).
import { beforeAll, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { auditLog, visitInsights } from "../../src/db/schema.ts";
import { db, makeContact, makeInteraction, makeStore, makeTeam, makeUser, resetDb } from "../helpers/db.ts";
import { postForm, request, sendJson, signedIn, type Agent } from "../helpers/http.ts";
import { isoWeekOf, localDateOf } from "../../src/domain/dates.ts";
import { weekRange } from "../../src/domain/week-range.ts";
import { planCompose, type Composed } from "../../src/services/compose.ts";
import { runPlan } from "../../src/db/batch.ts";
import { countingDb } from "../helpers/counting-db.ts";
import { loadContactPage } from "../../src/db/queries/contacts.ts";
import type { Viewer } from "../../src/auth/identity.ts";

const today = () => localDateOf(Date.now(), "Asia/Shanghai");
let rep: Agent, otherRep: Agent, manager: Agent;
let managerId = 0;
let store: { id: number };
let slow = 0;
let other = 0;

beforeAll(async () => {
  await resetDb();
  const team = await makeTeam("长沙一组");
  const team2 = await makeTeam("株洲二组");
  const repUser = await makeUser("rep", team.id, { name: "刘伟" });
  rep = await signedIn(repUser.id);
  otherRep = await signedIn((await makeUser("rep", team2.id)).id);
  managerId = (await makeUser("manager", team.id)).id;
  manager = await signedIn(managerId);
  store = await makeStore(repUser.id, "B", { name: "乙药房" });
  // Monday of last week: the week this Monday's weekly summary covers.
  const visit = await makeInteraction(repUser.id, store.id, weekRange(isoWeekOf(today()))!.start);
  const rows = await db()
    .insert(visitInsights)
    .values([
      { interactionId: visit.id, kind: "slow_mover", subject: "板蓝根颗粒", detail: "上个月一盒没动", reason: "陈列位置偏", action: "调到视线平齐的位置" },
      { interactionId: visit.id, kind: "slow_mover", subject: "维C泡腾片", detail: "积压两箱" },
      { interactionId: visit.id, kind: "product_feedback", detail: "顾客反映新包装好撕", status: "resolved" },
      { interactionId: visit.id, kind: "preference_action", detail: "给店长带了她喜欢的普洱", status: "resolved" },
    ])
    .returning();
  slow = rows[0]!.id;
  other = rows[1]!.id;
});

const slowRow = async (id: number) => (await db().select().from(visitInsights).where(eq(visitInsights.id, id)))[0]!;

describe("slow movers resolved, intel on the store page (integration)", () => {
  it("shows open slow movers with a resolve form, product feedback and preference actions on the store page", async () => {
    const html = await (await request(`/stores/${store.id}`, { agent: rep })).text();
    expect(html).toContain("板蓝根颗粒");
    expect(html).toContain(`action="/stores/slow-movers/${slow}/resolve"`);
    expect(html).toContain("近 90 天产品反馈");
    expect(html).toContain("顾客反映新包装好撕");
    expect(html).toContain("给店长带了她喜欢的普洱");
  });

  it("refuses another team's rep and an empty answer, and changes nothing", async () => {
    expect((await postForm(`/stores/slow-movers/${slow}/resolve`, { resolution: "店员主推" }, otherRep)).status).toBe(404);
    expect((await sendJson("POST", `/api/insights/${slow}/resolve`, { resolution: "店员主推" }, otherRep)).status).toBe(404);
    const empty = await postForm(`/stores/slow-movers/${slow}/resolve`, { resolution: "  " }, rep);
    expect(empty.status).toBe(400);
    expect(await empty.text()).toContain("什么办法起了作用");
    expect((await sendJson("POST", `/api/insights/${slow}/resolve`, { resolution: "x", extra: 1 }, rep)).status).toBe(400);
    expect((await slowRow(slow)).status).toBe("open");
  });

  it("resolves with what worked: audited, out of the digest and /today, kept on the store page", async () => {
    const before = await (await request("/today", { agent: rep })).text();
    expect(before).toContain("板蓝根颗粒");
    const res = await postForm(`/stores/slow-movers/${slow}/resolve`, { resolution: "调到视线平齐的货架，店员主推" }, rep);
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe(`/stores/${store.id}#insights`);
    const row = await slowRow(slow);
    expect(row).toMatchObject({ status: "resolved", resolution: "调到视线平齐的货架，店员主推" });
    expect(row.resolvedAt).toBeGreaterThan(0);
    const audit = await db().select().from(auditLog).where(and(eq(auditLog.entity, "visit_insight"), eq(auditLog.entityId, slow)));
    expect(audit).toHaveLength(1);
    expect(audit[0]!.changes).toEqual(["status", "resolution"]);

    const after = await (await request("/today", { agent: rep })).text();
    expect(after).not.toContain("板蓝根颗粒");
    expect(after).toContain("维C泡腾片"); // the other one is still open
    const page = await (await request(`/stores/${store.id}`, { agent: rep })).text();
    expect(page).toContain("已解决的滞销品种");
    expect(page).toContain("起作用的办法: 调到视线平齐的货架，店员主推");
    expect(page).not.toContain(`action="/stores/slow-movers/${slow}/resolve"`);

    // A retry changes nothing and writes no second audit row.
    expect((await postForm(`/stores/slow-movers/${slow}/resolve`, { resolution: "别的" }, rep)).status).toBe(303);
    expect((await slowRow(slow)).resolution).toBe("调到视线平齐的货架，店员主推");
    expect(await db().select().from(auditLog).where(and(eq(auditLog.entity, "visit_insight"), eq(auditLog.entityId, slow)))).toHaveLength(1);
  });

  it("puts the week's product feedback and preference actions in the manager's weekly, and no resolved slow mover", async () => {
    const plan = planCompose(db(), "weekly", [managerId], isoWeekOf(today()), { origin: "https://kq.example", now: Date.now() });
    const weekly = (await runPlan(db(), plan))().get(managerId) as Composed;
    expect(weekly.text).toContain("本周产品反馈（R12）");
    expect(weekly.text).toContain("顾客反映新包装好撕");
    expect(weekly.text).toContain("本周为偏好做的事（R14）");
    expect(weekly.text).toContain("给店长带了她喜欢的普洱");
    expect(weekly.text).toContain("维C泡腾片"); // still open
    expect(weekly.text).not.toContain("板蓝根颗粒"); // resolved: left the list
  });

  it("lets the rep's manager resolve one through the API", async () => {
    const res = await sendJson("POST", `/api/insights/${other}/resolve`, { resolution: "买二赠一活动清掉了" }, manager);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ id: other, status: "resolved", storeId: store.id });
    expect((await slowRow(other)).status).toBe("resolved");
  });
});

describe("product feedback and preference actions on a contact's page (integration)", () => {
  it("lists what concerns the contact, in the page's one batch, and nothing else", async () => {
    const team = await makeTeam("湘潭三组");
    const repUser = await makeUser("rep", team.id);
    const agent = await signedIn(repUser.id);
    const outsider = await signedIn((await makeUser("rep", team.id)).id);
    const shop = await makeStore(repUser.id, "A", { name: "丙药房" });
    const wang = await makeContact(shop.id, { name: "王芳" });
    const li = await makeContact(shop.id, { name: "李强" });
    const withWang = await makeInteraction(repUser.id, shop.id, today(), { contactId: wang.id });
    const noContact = await makeInteraction(repUser.id, shop.id, today());
    const withLi = await makeInteraction(repUser.id, shop.id, today(), { contactId: li.id });
    await db()
      .insert(visitInsights)
      .values([
        // Heard on the visit with 王芳.
        { interactionId: withWang.id, kind: "product_feedback", detail: "王芳说新包装好撕" },
        // About 王芳, logged on a visit with nobody in particular.
        { interactionId: noContact.id, kind: "preference_action", contactId: wang.id, detail: "给王芳带了菊花茶" },
        // About 李强: not hers.
        { interactionId: withLi.id, kind: "product_feedback", detail: "李强嫌价格高" },
        { interactionId: withLi.id, kind: "preference_action", detail: "给李强留了新品试用装" },
        // Another kind on her visit: not on this list.
        { interactionId: withWang.id, kind: "competitor", detail: "对手买二送一" },
      ]);

    const html = await (await request(`/contacts/${wang.id}`, { agent })).text();
    expect(html).toContain("产品反馈（R12）");
    expect(html).toContain("王芳说新包装好撕");
    expect(html).toContain("为 TA 的偏好做的事（R14）");
    expect(html).toContain("给王芳带了菊花茶");
    expect(html).not.toContain("李强嫌价格高");
    expect(html).not.toContain("给李强留了新品试用装");
    expect(html).not.toContain("对手买二送一");
    const his = await (await request(`/contacts/${li.id}`, { agent })).text();
    expect(his).toContain("李强嫌价格高");
    expect(his).toContain("给李强留了新品试用装");
    expect(his).not.toContain("王芳说新包装好撕");
    // Out of scope: 404, nothing shown.
    const refused = await request(`/contacts/${wang.id}`, { agent: outsider });
    expect(refused.status).toBe(404);
    expect(await refused.text()).not.toContain("王芳说新包装好撕");

    // Read in the page's existing batch: one round trip.
    const counter = countingDb();
    const viewer: Viewer = { id: repUser.id, role: "rep", teamId: team.id, name: repUser.name, email: repUser.email, locale: "zh-CN", timeZone: "Asia/Shanghai" };
    const data = await loadContactPage(counter.db, viewer, wang.id, Date.now());
    expect(counter.roundTrips()).toBe(1);
    expect(data!.productFeedback.map((i) => i.detail)).toEqual(["王芳说新包装好撕"]);
    expect(data!.preferenceActions.map((i) => i.detail)).toEqual(["给王芳带了菊花茶"]);
  });
});
