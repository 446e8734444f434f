// Integration: the festival page (/festivals/:key, R4, R5) — every store of the rep's by class with
// its state and a draft per contact (form of address, sms: and tel: links, not last year's text, no
// do-not-contact contact); ticking several as sent stores each once as a festival message and the
// coverage follows; another rep's store, unknown festivals and bad input change nothing; the
// digest's festival section links to the page.
import { beforeAll, describe, expect, it } from "vitest";
import { and, eq, gte } from "drizzle-orm";
import { festivals, greetingTemplates, interactions, lifeEvents } from "../../src/db/schema.ts";
import { countRows, db, makeContact, makeInteraction, makeStore, makeTeam, makeUser, resetDb } from "../helpers/db.ts";
import { postForm, request, signedIn, type Agent } from "../helpers/http.ts";
import { escapeHtml } from "../helpers/mail-text.ts";
import { addDays, localDateOf, parts } from "../../src/domain/dates.ts";
import type { Viewer } from "../../src/auth/identity.ts";
import { loadFestivalBoard, sendFestivalMessages } from "../../src/services/festival-board.ts";
import { countingDb } from "../helpers/counting-db.ts";

const today = () => localDateOf(Date.now(), "Asia/Shanghai");
let rep: Agent, otherRep: Agent;
let repId: number;
let storeA: { id: number }, storeC: { id: number }, otherStore: { id: number };
let wang: { id: number }, liu: { id: number }, quiet: { id: number }, otherContact: { id: number };
let lastYearTemplate: number;
let repViewer: Viewer;

/** The page's batch key: the same form sent twice stores nothing twice. */
const batchOf = (html: string) => /name="batch" value="([^"]+)"/.exec(html)![1]!;

async function festivalMessages(): Promise<{ storeId: number; contactId: number | null; greetingTemplateId: number | null }[]> {
  return db()
    .select({ storeId: interactions.storeId, contactId: interactions.contactId, greetingTemplateId: interactions.greetingTemplateId })
    .from(interactions)
    .where(
      and(
        eq(interactions.occasion, "festival"),
        eq(interactions.festivalKey, "test_fest"),
        eq(interactions.channel, "message"),
        gte(interactions.localDate, addDays(today(), -30)), // this year's, not last year's
      ),
    )
    .orderBy(interactions.id);
}

beforeAll(async () => {
  await resetDb();
  const team = await makeTeam("长沙一组");
  repViewer = await makeUser("rep", team.id, { name: "周杰" });
  repId = repViewer.id;
  const otherId = (await makeUser("rep", team.id)).id;
  rep = await signedIn(repId);
  otherRep = await signedIn(otherId);
  storeA = await makeStore(repId, "A", { name: "益丰大药房" });
  storeC = await makeStore(repId, "C", { name: "仁和堂" });
  otherStore = await makeStore(otherId, "A", { name: "别人的药房" });
  wang = await makeContact(storeA.id, { name: "王芳", formOfAddress: "王姐", phone: "138 0000 1111" });
  liu = await makeContact(storeC.id, { name: "刘强", formOfAddress: "刘总", phone: "13900002222" });
  quiet = await makeContact(storeC.id, { name: "赵静默", doNotContact: true, phone: "13700003333" });
  otherContact = await makeContact(otherStore.id, { name: "外人" });
  // 陈哥's father died ten days ago: in mourning (100 days), he gets a restrained 问候, no cheer.
  const chen = await makeContact(storeA.id, { name: "陈建", formOfAddress: "陈哥", phone: "13600004444" });
  await db().insert(lifeEvents).values({ contactId: chen.id, kind: "bereavement", concerns: "father", date: addDays(today(), -10), state: "done" });
  // A festival of our own two days ahead: its window is open today whatever the date.
  const fest = parts(addDays(today(), 2));
  await db()
    .insert(festivals)
    .values({
      key: "test_fest",
      nameZh: "测试节",
      nameEn: "Test Day",
      calendar: "solar",
      month: fest.month,
      day: fest.day,
      windowBefore: 10,
      windowAfter: 2,
      leadDays: 10,
      actions: { A: ["visit_with_gift", "message"], B: ["phone"], C: ["message"] },
      active: true,
    });
  // Last year 王姐 got one of the generic festival texts: this year's draft must be another one.
  const generic = await db().select().from(greetingTemplates).where(and(eq(greetingTemplates.occasion, "festival"), eq(greetingTemplates.locale, "zh-CN"), eq(greetingTemplates.active, true)));
  expect(generic.length).toBeGreaterThan(1);
  lastYearTemplate = generic[0]!.id;
  const lastYear = addDays(today(), -300);
  await makeInteraction(repId, storeA.id, lastYear, {
    channel: "message",
    contactId: wang.id,
    occasion: "festival",
    festivalKey: "test_fest",
    festivalYear: parts(lastYear).year,
    greetingTemplateId: lastYearTemplate,
  });
  // And one far out of season (its lead time starts in months).
  const far = parts(addDays(today(), 150));
  await db().insert(festivals).values({ key: "far_fest", nameZh: "远节", nameEn: "Far Day", calendar: "solar", month: far.month, day: far.day, windowBefore: 5, windowAfter: 2, leadDays: 10, actions: { A: ["message"], B: ["message"], C: ["message"] }, active: true });
});

describe("the festival page (integration)", () => {
  it("lists every store by class with its state and a personal draft per contact", async () => {
    const res = await request("/festivals/test_fest", { agent: rep });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain("测试节");
    expect(html).toContain("益丰大药房");
    expect(html).toContain("仁和堂");
    expect(html).not.toContain("别人的药房");
    // A class first, each with what it still owes.
    expect(html.indexOf("益丰大药房")).toBeLessThan(html.indexOf("仁和堂"));
    expect(html).toContain("还差：带礼品拜访、节日短信");
    // The drafts: addressed as the rep addresses them, signed by the rep, with sms: and tel: links.
    const wangDraft = /<blockquote class="greeting">([^<]*王姐[^<]*)<\/blockquote>/.exec(html)?.[1];
    expect(wangDraft).toBeTruthy();
    expect(html).toContain(`href="sms:13800001111?&amp;body=${escapeHtml(encodeURIComponent(wangDraft!.replaceAll("&amp;", "&")))}"`);
    expect(html).toContain('href="tel:13900002222"');
    expect(html).toContain(`value="${storeA.id}:${wang.id}:`);
    // Not last year's text for 王姐; nobody marked do-not-contact.
    expect(html).not.toContain(`value="${storeA.id}:${wang.id}:${lastYearTemplate}"`);
    expect(html).not.toContain("赵静默");
    // In mourning: a restrained 问候 that names the festival, nothing celebratory.
    const chenDraft = /<blockquote class="greeting">(陈哥[^<]*)<\/blockquote>/.exec(html)?.[1];
    expect(chenDraft).toMatch(/^陈哥，测试节将至，/);
    expect(chenDraft).not.toMatch(/快乐|祝|！/);
    expect(html).not.toContain(`:${quiet.id}:`);
  });

  it("saves several ticked greetings in one go, each once, and the coverage follows", async () => {
    const page = await (await request("/festivals/test_fest", { agent: rep })).text();
    const picks = [...page.matchAll(/name="sent" value="([\d:]+)"/g)].map((m) => m[1]!);
    expect(picks).toHaveLength(3);
    const batch = batchOf(page);
    const res = await postForm("/festivals/test_fest", { batch, sent: picks }, rep);
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/festivals/test_fest?saved=3&again=0");
    const stored = await festivalMessages();
    expect(stored).toHaveLength(3);
    expect(stored.map((r) => `${r.storeId}:${r.contactId}`)).toEqual(expect.arrayContaining([`${storeA.id}:${wang.id}`, `${storeC.id}:${liu.id}`]));
    expect(stored.every((r) => r.greetingTemplateId !== null)).toBe(true);
    // Sent again (a retry, a second tap): nothing stored twice.
    const again = await postForm("/festivals/test_fest", { batch, sent: picks }, rep);
    expect(again.headers.get("location")).toBe("/festivals/test_fest?saved=0&again=3");
    expect(await festivalMessages()).toHaveLength(3);
    // The C store owed one message: done now; the A store still owes its gift visit.
    const after = await (await request("/festivals/test_fest?saved=3&again=0", { agent: rep })).text();
    expect(after).toContain("已记录 3 条节日短信");
    expect(after).toContain("C 类 · 已完成 1/1 家");
    expect(after).toContain("A 类 · 已完成 0/1 家");
    expect(after).toContain("还差：带礼品拜访");
    expect(after).not.toMatch(/name="sent"/);
  });

  it("refuses another rep's store and bad input, and writes nothing", async () => {
    const before = await countRows("interactions");
    const batch = batchOf(await (await request("/festivals/test_fest", { agent: rep })).text());
    const cross = await postForm("/festivals/test_fest", { batch, sent: [`${otherStore.id}:${otherContact.id}:0`] }, rep);
    expect(cross.status).toBe(404);
    expect((await postForm("/festivals/test_fest", { batch }, rep)).status).toBe(400);
    const bad = await postForm("/festivals/test_fest", { batch, sent: ["1:x:0"] }, rep);
    expect(bad.status).toBe(400);
    // A contact of another store named under this store: refused with the reason.
    const wrong = await postForm("/festivals/test_fest", { batch, sent: [`${storeA.id}:${liu.id}:0`] }, rep);
    expect(wrong.status).toBe(400);
    expect(await wrong.text()).toContain("有一条没有保存");
    expect(await countRows("interactions")).toBe(before);
  });

  it("answers 404 for an unknown festival, one out of season, and a signed-out visitor is sent to sign in", async () => {
    expect((await request("/festivals/no_such", { agent: rep })).status).toBe(404);
    expect((await request("/festivals/far_fest", { agent: rep })).status).toBe(404);
    const visitor = await request("/festivals/test_fest");
    expect(visitor.status).toBe(303);
    expect(visitor.headers.get("location")).toMatch(/^\/signin/);
    // Another rep sees their own stores only.
    const other = await (await request("/festivals/test_fest", { agent: otherRep })).text();
    expect(other).toContain("别人的药房");
    expect(other).not.toContain("益丰大药房");
  });

  it("is linked from the digest's festival section on /today", async () => {
    const html = await (await request("/today", { agent: rep })).text();
    expect(html).toContain('href="/festivals/test_fest"');
  });
});

describe("the festival page's save (integration)", () => {
  it("stores a set of ticked greetings in one read and one write, whatever its size, and none of it when one is refused", async () => {
    const stores = [await makeStore(repId, "C", { name: "一号店" }), await makeStore(repId, "C", { name: "二号店" })];
    const people = [];
    for (const [i, s] of stores.entries()) for (let j = 0; j < 3; j++) people.push({ store: s, contact: await makeContact(s.id, { name: `联系人${i}${j}`, phone: `1380000${i}${j}00` }) });
    const counter = countingDb();
    const board = (await loadFestivalBoard(counter.db, repViewer, "test_fest", Date.now()))!;
    const picks = people.map((p) => ({ storeId: p.store.id, contactId: p.contact.id, templateId: null }));
    const before = (await festivalMessages()).length;

    // One pick names a contact of another store: refused, and the five sound ones are not written either.
    const wrong = { storeId: stores[0]!.id, contactId: liu.id, templateId: null };
    const refused = await sendFestivalMessages(counter.db, repViewer, board, { batch: "bulk-test-1", sent: [...picks.slice(0, 5), wrong] }, Date.now());
    expect(refused).toEqual({ ok: false, pick: `${stores[0]!.id}:${liu.id}`, fields: { contactId: "contact_not_at_store" } });
    expect(await festivalMessages()).toHaveLength(before);

    counter.reset();
    const saved = await sendFestivalMessages(counter.db, repViewer, board, { batch: "bulk-test-2", sent: picks }, Date.now());
    expect(saved).toEqual({ ok: true, saved: 6, replayed: 0 });
    expect(counter.roundTrips()).toBe(2); // the checks' reads for all six, the write of all six
    expect(await festivalMessages()).toHaveLength(before + 6);

    // Sent again: answered from the reads alone, nothing stored twice.
    counter.reset();
    expect(await sendFestivalMessages(counter.db, repViewer, board, { batch: "bulk-test-2", sent: picks }, Date.now())).toEqual({ ok: true, saved: 0, replayed: 6 });
    expect(counter.roundTrips()).toBe(1);
    expect(await festivalMessages()).toHaveLength(before + 6);
  });
});
