// Integration: the morning digest's content (services/compose.ts over sqld) on a built scenario in
// the Mid-Autumn 2026 window (the festival is 09-25; its window runs 09-15 … 09-27): an A, a B and a
// C store with some festival actions already logged, a lunar birthday tomorrow, a wedding 5 days ago
// not yet visited, a store behind pace — each appears where it should with the right action, and
// nothing done appears. The selects run as ONE batch, as the queue consumer runs them.
import { beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { greetingTemplates, lifeEvents, policy, visitInsights } from "../../src/db/schema.ts";
import { DEFAULT_POLICY } from "../../src/domain/policy.ts";
import { countRows, db, makeContact, makeInteraction, makeStore, makeTeam, makeUser, resetDb } from "../helpers/db.ts";
import { section } from "../helpers/mail-text.ts";
import { request, signedIn } from "../helpers/http.ts";
import { planCompose, type Composed } from "../../src/services/compose.ts";
import { runPlan } from "../../src/db/batch.ts";
import { solarToLunar } from "../../src/domain/calendar/lunar.ts";
import { DEFAULT_GREETING_TEMPLATES, chooseGreeting, contactGreetingFacts, type GreetingChoice } from "../../src/domain/greetings.ts";
import { toGreetingTemplate } from "../../src/db/queries/greetings.ts";
import { messages } from "../../src/i18n/index.ts";

const TODAY = "2026-09-22"; // a Tuesday, Mid-Autumn in 3 days
const ORIGIN = "https://kq.example";
const t = messages("zh-CN");
const T = t.mail.digest;

const festival = { occasion: "festival" as const, festivalKey: "mid_autumn", festivalYear: 2026 };


/** The items ("- title" and its indented lines) of a section. */
function items(text: string): { head: string; body: string }[] {
  const out: { head: string; body: string }[] = [];
  for (const line of text.split("\n")) {
    if (line.startsWith("- ")) out.push({ head: line.slice(2), body: "" });
    else if (line.startsWith("  ") && out.length > 0) out[out.length - 1]!.body += `${line.trim()}\n`;
  }
  return out;
}

const find = (list: { head: string; body: string }[], head: string) => list.filter((i) => i.head.includes(head));

let rep: { id: number; name: string };
let other: { id: number };
let storeA: { id: number }, storeB: { id: number }, storeC: { id: number }, otherStore: { id: number };
let lunar: { id: number; phone: string | null }, groom: { id: number }, wedding: { id: number };
let lastYearTemplateId = 0;
let expectedGreeting: GreetingChoice;
let mail: Composed;
let otherMail: Composed;
let results: Map<number, Composed | Error>;
let queryCount = 0;
let thinVisitId = 0;
let festivalLastYear = 0;
let mourner: { id: number };

beforeAll(async () => {
  await resetDb();
  const team = await makeTeam("长沙三组");
  rep = await makeUser("rep", team.id, { name: "刘伟" });
  other = await makeUser("rep", team.id, { name: "周杰" });
  storeA = await makeStore(rep.id, "A", { name: "甲药房" });
  storeB = await makeStore(rep.id, "B", { name: "乙药房" });
  storeC = await makeStore(rep.id, "C", { name: "丙药房" });
  otherStore = await makeStore(other.id, "A", { name: "别人的药房" });

  // The installed defaults (resetDb puts them in; a fresh installation has them too).
  let templates = await db().select().from(greetingTemplates);
  if (templates.length === 0) templates = await db().insert(greetingTemplates).values([...DEFAULT_GREETING_TEMPLATES]).returning();

  // R6: a lunar birthday tomorrow; last year they got the preference variant, so this year's differs.
  const l = solarToLunar("2026-09-23");
  lunar = await makeContact(storeB.id, {
    name: "王丽华",
    formOfAddress: "王姐",
    phone: "139 0000 1111",
    birthdayCalendar: "lunar",
    birthdayMonth: l.month,
    birthdayDay: l.day,
    birthdayLeapMonth: l.leap,
    preferences: "2026-08-01 喜欢喝茶",
    familyNotes: "孩子在读高三",
  });
  // Last year's text is the one the chooser would pick without history; this year's must differ.
  const chooser = {
    occasion: "birthday",
    locale: "zh-CN" as const,
    templates: templates.map(toGreetingTemplate),
    facts: contactGreetingFacts({ name: "王丽华", formOfAddress: "王姐", storeName: "乙药房", preferences: "2026-08-01 喜欢喝茶", familyNotes: "孩子在读高三", repName: "刘伟" }),
    seed: `${lunar.id}:2026`,
  };
  lastYearTemplateId = chooseGreeting(chooser)!.templateId!;
  expectedGreeting = chooseGreeting({ ...chooser, lastVariantId: lastYearTemplateId })!;
  await makeInteraction(rep.id, storeB.id, "2025-10-04", { channel: "message", occasion: "birthday", contactId: lunar.id, greetingTemplateId: lastYearTemplateId });
  // Same birthday, but asked not to be contacted: no greeting, no task.
  await makeContact(storeB.id, { name: "孙禁", formOfAddress: "孙姐", birthdayCalendar: "lunar", birthdayMonth: l.month, birthdayDay: l.day, birthdayLeapMonth: l.leap, doNotContact: true });
  // A birthday today already greeted: done.
  const greeted = await makeContact(storeA.id, { name: "赵敏", birthdayCalendar: "solar", birthdayMonth: 9, birthdayDay: 22 });
  await makeInteraction(rep.id, storeA.id, TODAY, { channel: "message", occasion: "birthday", contactId: greeted.id });

  // A birthday 12 days ago, never greeted: past the default policy's listing (due on the day + 7 days).
  await makeContact(storeB.id, { name: "老寿星", phone: "13600000003", birthdayCalendar: "solar", birthdayMonth: 9, birthdayDay: 10 });

  // R7: a wedding 5 days ago, only messaged so far (a visit is owed, due 09-24).
  groom = await makeContact(storeC.id, { name: "丁强", formOfAddress: "丁老板", phone: "13700000002" });
  wedding = (await db().insert(lifeEvents).values({ contactId: groom.id, kind: "wedding", date: "2026-09-17" }).returning())[0]!;
  await makeInteraction(rep.id, storeC.id, "2026-09-18", { channel: "message", occasion: "life_event", contactId: groom.id, lifeEventId: wedding.id });
  // A new baby already visited: done.
  const parent = await makeContact(storeA.id, { name: "钱多" });
  const [baby] = await db().insert(lifeEvents).values({ contactId: parent.id, kind: "new_baby", date: "2026-09-15" }).returning();
  await makeInteraction(rep.id, storeA.id, "2026-09-16", { channel: "visit", occasion: "life_event", contactId: parent.id, lifeEventId: baby!.id });

  // A: one visit all month (behind pace: 8 × 20/25 = 6.4 expected; September 2026 has 25 working
  // days with the official calendar, Sunday the 20th a make-up day, Mid-Autumn 25–26 off), calls and messages on pace,
  // the Mid-Autumn message done but not the visit with a gift.
  for (const d of ["2026-09-03", "2026-09-08", "2026-09-14"]) await makeInteraction(rep.id, storeA.id, d, { channel: "phone" });
  for (const d of ["2026-09-04", "2026-09-09"]) await makeInteraction(rep.id, storeA.id, d, { channel: "message" });
  await makeInteraction(rep.id, storeA.id, "2026-09-18", { channel: "message", ...festival });
  // B: on pace; Mid-Autumn covered (a call and a message).
  await makeInteraction(rep.id, storeB.id, "2026-09-02");
  const slowVisit = await makeInteraction(rep.id, storeB.id, "2026-09-10");
  await db().insert(visitInsights).values({ interactionId: slowVisit.id, kind: "slow_mover", subject: "板蓝根颗粒", detail: "上个月一盒没动", reason: "陈列位置偏", action: "调到视线平齐的位置" });
  const thinVisit = await makeInteraction(rep.id, storeB.id, "2026-09-16");
  thinVisitId = thinVisit.id;
  await db().insert(visitInsights).values([
    { interactionId: thinVisit.id, kind: "product_feedback", detail: "顾客反映口感好" },
    { interactionId: thinVisit.id, kind: "competitor", subject: "某某感冒灵", detail: "买一送一" },
  ]);
  await makeInteraction(rep.id, storeB.id, "2026-09-05", { channel: "phone" });
  await makeInteraction(rep.id, storeB.id, "2026-09-06", { channel: "message" });
  await makeInteraction(rep.id, storeB.id, "2026-09-20", { channel: "phone", ...festival });
  await makeInteraction(rep.id, storeB.id, "2026-09-20", { channel: "message", ...festival });
  // C: its month's quotas met by routine contacts, nothing for Mid-Autumn yet.
  await makeInteraction(rep.id, storeC.id, "2026-09-01");
  await makeInteraction(rep.id, storeC.id, "2026-09-02", { channel: "phone" });
  await makeInteraction(rep.id, storeC.id, "2026-09-03", { channel: "message" });
  // R4, R5: C owes Mid-Autumn a message. 丁强 got a Mid-Autumn text last year (not sent again); 陈哥
  // lost his mother in August (closed, but within the 100 days of mourning): only the restrained 问候.
  // Last year's text is the one the chooser would pick for him without history.
  festivalLastYear = chooseGreeting({
    occasion: "mid_autumn",
    locale: "zh-CN",
    templates: templates.map(toGreetingTemplate),
    facts: contactGreetingFacts({ name: "丁强", formOfAddress: "丁老板", storeName: "丙药房", preferences: null, familyNotes: null, repName: "刘伟", festivalName: "中秋节" }),
    seed: `${groom.id}:mid_autumn:2026`,
  })!.templateId!;
  await makeInteraction(rep.id, storeC.id, "2025-10-05", { channel: "message", occasion: "festival", festivalKey: "mid_autumn", festivalYear: 2025, contactId: groom.id, greetingTemplateId: festivalLastYear });
  mourner = await makeContact(storeC.id, { name: "陈建", formOfAddress: "陈哥", phone: "13700000009" });
  await db().insert(lifeEvents).values({ contactId: mourner.id, kind: "bereavement", date: "2026-08-20", state: "done", concerns: "mother" });
  // The other rep's store owes everything: none of it is ours.
  await makeContact(otherStore.id, { name: "外人", birthdayCalendar: "lunar", birthdayMonth: l.month, birthdayDay: l.day, birthdayLeapMonth: l.leap });

  const plan = planCompose(db(), "digest", [rep.id, other.id, 999_999], TODAY, { origin: ORIGIN, now: Date.parse(`${TODAY}T00:00:00Z`) });
  queryCount = plan.statements.length;
  results = (await runPlan(db(), plan))();
  mail = results.get(rep.id) as Composed;
  otherMail = results.get(other.id) as Composed;
});

describe("the morning digest's content (integration)", () => {
  it("builds every user's digest from one batch whose size does not grow with users", () => {
    expect(mail).not.toBeInstanceOf(Error);
    expect(otherMail).not.toBeInstanceOf(Error);
    expect(results.get(999_999)).toBeInstanceOf(Error); // no such user: an Error for that user only
    const one = planCompose(db(), "digest", [rep.id], TODAY, { origin: ORIGIN, now: 0 });
    expect(one.statements.length).toBe(queryCount);
  });

  it("heads with the date, the plan's counts and the month's pace", () => {
    expect(mail.subject).toMatch(/^今日计划 9月22日：拜访 \d+ 家/);
    const plan = section(mail.text, T.planTitle);
    const visits = Number(/· 拜访 · (\d+)/.exec(plan)?.[1]);
    const calls = Number(/· 电话 · (\d+)/.exec(plan)?.[1] ?? 0);
    expect(mail.subject).toContain(`拜访 ${visits} 家`);
    if (calls > 0) expect(mail.subject).toContain(`电话 ${calls} 个`);
    const pace = section(mail.text, T.paceTitle);
    expect(pace).toContain("拜访: 5/13"); // A 1 (the baby visit) + B 3 + C 1, of 8 + 4 + 1 required
  });

  it("lists Mid-Autumn with the per-class actions and only the actions still missing", () => {
    const f = section(mail.text, T.festivalsTitle);
    expect(f).toContain("中秋节 · 9月25日，还有 3 天");
    expect(f).toContain("A 类：带礼品拜访、节日短信 · 已完成 0/1");
    expect(f).toContain("B 类：电话、节日短信 · 已完成 1/1");
    expect(f).toContain("C 类：电话、节日短信 · 已完成 0/1");
    const list = items(f);
    const a = find(list, "[A] 甲药房");
    expect(a).toHaveLength(1);
    expect(a[0]!.body).toContain("还差：带礼品拜访\n"); // the message is done: only the gift visit
    expect(a[0]!.body).toContain(`${ORIGIN}/log?storeId=${storeA.id}&channel=visit&occasion=festival&festivalKey=mid_autumn`);
    expect(a[0]!.body).not.toContain("channel=message");
    const c = find(list, "[C] 丙药房");
    expect(c).toHaveLength(1);
    expect(c[0]!.body).toContain("还差：电话、节日短信");
    expect(c[0]!.body).toContain(`${ORIGIN}/log?storeId=${storeC.id}&channel=phone&occasion=festival&festivalKey=mid_autumn`);
    expect(c[0]!.body).toContain(`${ORIGIN}/log?storeId=${storeC.id}&channel=message&occasion=festival&festivalKey=mid_autumn`);
    expect(find(list, "乙药房")).toHaveLength(0); // covered
  });

  it("puts the lunar birthday tomorrow with a fresh greeting, its sms: and tel: links and a prefilled quick log", () => {
    const list = items(section(mail.text, T.followUpsTitle));
    const b = find(list, "王姐（王丽华） · 农历生日");
    expect(b).toHaveLength(1);
    expect(b[0]!.body).toContain("B · 乙药房");
    expect(b[0]!.body).toContain("9月23日 将到");
    const quote = /「(.+)」/.exec(b[0]!.body)?.[1] ?? "";
    // A personal variant (R6), not last year's text.
    expect(expectedGreeting.templateId).not.toBe(lastYearTemplateId);
    expect(quote).toBe(expectedGreeting.text);
    expect(quote).toMatch(/孩子在读高三|喜欢喝茶/);
    expect(quote).not.toMatch(/[{}｛｝]/);
    expect(quote).toContain("——刘伟");
    expect(b[0]!.body).toContain(`sms:13900001111?&body=${encodeURIComponent(quote)}`);
    expect(b[0]!.body).toContain("tel:13900001111");
    expect(b[0]!.body).toContain(`${ORIGIN}/log?storeId=${storeB.id}&channel=message&contactId=${lunar.id}&occasion=birthday&greetingTemplateId=${expectedGreeting.templateId}`);
  });

  it("puts the wedding not yet visited as a visit due in two days, in the plan too", () => {
    const link = `${ORIGIN}/log?storeId=${storeC.id}&channel=visit&contactId=${groom.id}&occasion=life_event&lifeEventId=${wedding.id}`;
    const w = find(items(section(mail.text, T.followUpsTitle)), "丁老板（丁强） · 结婚");
    expect(w).toHaveLength(1);
    expect(w[0]!.body).toContain("9月24日 前完成");
    expect(w[0]!.body).toContain(link);
    expect(w[0]!.body).toContain("tel:13700000002");
    const plan = section(mail.text, T.planTitle);
    expect(plan).toContain("丁老板（丁强）结婚");
    expect(plan).toContain(link);
    // The festival's open actions are must-dos of today's plan, with the right channel.
    expect(plan).toContain("中秋节：带礼品拜访");
    expect(plan).toContain(`${ORIGIN}/log?storeId=${storeA.id}&channel=visit&occasion=festival&festivalKey=mid_autumn`);
    expect(plan).toContain(`${ORIGIN}/log?storeId=${storeC.id}&channel=phone&occasion=festival&festivalKey=mid_autumn`);
    expect(plan).not.toContain(`storeId=${storeB.id}&channel=phone&occasion=festival`);
  });

  it("drafts a Mid-Autumn greeting for each contact of the store still owing a message, not last year's text, restrained in mourning", () => {
    const f = section(mail.text, T.festivalsTitle);
    expect(f).toContain(t.festivals.draftsTitle(2));
    const list = items(f);
    const ding = find(list, "丁老板 · 丙药房");
    expect(ding).toHaveLength(1);
    const text = /「(.+)」/.exec(ding[0]!.body)?.[1] ?? "";
    expect(text).toMatch(/^(丁老板|丁强您好)/); // by his form of address, or the plain variant left when last year took the other
    expect(ding[0]!.body).toContain(`sms:13700000002?&body=${encodeURIComponent(text)}`);
    expect(ding[0]!.body).toContain("tel:13700000002");
    const template = /contactId=\d+&occasion=festival&festivalKey=mid_autumn&greetingTemplateId=(\d+)/.exec(ding[0]!.body)?.[1];
    expect(ding[0]!.body).toContain(`${ORIGIN}/log?storeId=${storeC.id}&channel=message&contactId=${groom.id}&occasion=festival&festivalKey=mid_autumn&greetingTemplateId=${template}`);
    expect(Number(template)).not.toBe(festivalLastYear);
    const chen = find(list, "陈哥 · 丙药房");
    expect(chen).toHaveLength(1);
    const restrained = /「(.+)」/.exec(chen[0]!.body)?.[1] ?? "";
    expect(restrained).toMatch(/^陈哥/);
    expect(restrained).not.toMatch(/[!！]|快乐|团圆/);
    // Nobody at the covered B store, nor at A (its message is done: only the gift visit is owed).
    expect(f).not.toContain("王姐 · 乙药房");
    expect(f).not.toMatch(/· 甲药房\n/);
  });

  it("lists the store behind pace under its channel only", () => {
    const behind = section(mail.text, T.behindTitle);
    expect(behind).toContain("· 拜访 · 1");
    const a = find(items(behind), "[A] 甲药房");
    expect(a).toHaveLength(1);
    expect(a[0]!.body).toContain("本月 1/8，按进度应 6.4");
    expect(a[0]!.body).toContain(`${ORIGIN}/log?storeId=${storeA.id}&channel=visit&occasion=routine`);
    expect(behind).not.toContain("乙药房");
    expect(behind).not.toContain("丙药房");
    expect(behind).not.toContain("· 电话");
  });

  it("shows the open slow mover and last week's visit missing intel", () => {
    expect(section(mail.text, T.slowMoversTitle)).toContain("板蓝根颗粒");
    const intel = section(mail.text, T.intelTitle);
    expect(intel).toContain("[B] 乙药房");
    expect(intel).toContain("9月16日 拜访 · 情报 2/6");
    // The line opens the form that adds intel to exactly that visit.
    expect(intel).toContain(`${ORIGIN}/interactions/${thinVisitId}/intel`);
  });

  it("leaves out what is done, whoever asked not to be contacted, and other reps' stores", () => {
    for (const name of ["赵敏", "钱多", "孙禁", "孙姐", "别人的药房", "外人", "老寿星"]) expect(mail.text).not.toContain(name);
    expect(otherMail.text).toContain("别人的药房");
    expect(otherMail.text).not.toContain("甲药房");
    expect(otherMail.text).not.toContain("王丽华");
  });

  it("escapes the HTML and links to plain GET forms that change nothing", async () => {
    expect(mail.html).toContain(`href="${ORIGIN}/log?storeId=${storeA.id}&amp;channel=visit&amp;occasion=festival&amp;festivalKey=mid_autumn"`);
    const link = /(\/log\?storeId=\d+&channel=visit&contactId=\d+&occasion=life_event&lifeEventId=\d+)/.exec(mail.text)![1]!;
    const before = await countRows("interactions");
    const res = await request(link, { agent: await signedIn(rep.id) });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain("丙药房");
    expect(await countRows("interactions")).toBe(before);
  });

  it("follows a stored policy's longer birthday due time, still in one batch", async () => {
    const longer = { ...DEFAULT_POLICY, followUps: { ...DEFAULT_POLICY.followUps, birthday: { channel: "message" as const, dueDays: 10 } } };
    await db().update(policy).set({ data: longer }).where(eq(policy.id, 1));
    try {
      const plan = planCompose(db(), "digest", [rep.id], TODAY, { origin: ORIGIN, now: 0 });
      expect(plan.statements.length).toBe(queryCount);
      const again = (await runPlan(db(), plan))().get(rep.id) as Composed;
      // Due on 09-20 (the birthday + 10 days), listed until 09-27: overdue by 2 days today.
      const b = find(items(section(again.text, T.followUpsTitle)), "老寿星");
      expect(b).toHaveLength(1);
      expect(b[0]!.body).toContain("已逾期 2 天");
      expect(b[0]!.body).toContain("sms:13600000003?&body=");
    } finally {
      await db().update(policy).set({ data: DEFAULT_POLICY }).where(eq(policy.id, 1));
    }
  });
});
