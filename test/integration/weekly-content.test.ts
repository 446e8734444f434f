// Integration: the manager's weekly summary (services/compose.ts: db/queries/weekly.ts read from
// sqld, domain/team-week.ts) for a small built team: two reps, one behind pace, a competitor note, a
// store not contacted for 40 days, a gift over the yearly cap — summarising 2026-09-21 … 09-27
// (Mid-Autumn's window closes on the 27th), sent Monday 2026-09-28. The team numbers must agree with the rules' own
// computation of each rep's month (services/rep-month.ts + domain/rep-day.ts).
import { beforeAll, describe, expect, it } from "vitest";
import { lifeEvents, visitInsights } from "../../src/db/schema.ts";
import { db, makeContact, makeInteraction, makeStore, makeTeam, makeUser, resetDb } from "../helpers/db.ts";
import { section } from "../helpers/mail-text.ts";
import { planCompose, type Composed } from "../../src/services/compose.ts";
import { teamWeekRowsPlan } from "../../src/services/weekly.ts";
import { runPlan } from "../../src/db/batch.ts";
import { teamWeeks, type RepWeek } from "../../src/domain/team-week.ts";
import { weekRange } from "../../src/domain/week-range.ts";
import { loadRepMonths } from "../../src/services/rep-month.ts";
import { repDay } from "../../src/domain/rep-day.ts";
import { isoWeekOf } from "../../src/domain/dates.ts";
import { QUOTA_CHANNELS } from "../../src/domain/types.ts";
import { messages } from "../../src/i18n/index.ts";

const PERIOD = isoWeekOf("2026-09-28"); // the Monday it is sent
const ORIGIN = "https://kq.example";
const W = messages("zh-CN").mail.weekly;

const festival = { occasion: "festival" as const, festivalKey: "mid_autumn", festivalYear: 2026 };


let m1: { id: number }, m2: { id: number }, m3: { id: number }, admin: { id: number };
let rep1: { id: number }, rep2: { id: number };
let storeB: { id: number }, storeA: { id: number }, storeC1: { id: number };
let results: Map<number, Composed | Error>;
let mail: Composed;
let queryCount = 0;
let reps: Map<number, RepWeek>;

beforeAll(async () => {
  await resetDb();
  const team = await makeTeam("长沙一组");
  const team2 = await makeTeam("株洲组");
  m1 = await makeUser("manager", team.id, { name: "陈霞" });
  m2 = await makeUser("manager", team2.id, { name: "彭军", locale: "en" });
  m3 = await makeUser("manager", null, { name: "胡勇" });
  admin = await makeUser("admin", null);
  rep1 = await makeUser("rep", team.id, { name: "刘伟" });
  rep2 = await makeUser("rep", team.id, { name: "孙丽" });
  const rep3 = await makeUser("rep", team2.id, { name: "外组业务员" });

  // rep1, one B store: on pace, Mid-Autumn covered, a gift over the cap, this week's notes.
  storeB = await makeStore(rep1.id, "B", { name: "乙药房" });
  await makeInteraction(rep1.id, storeB.id, "2026-09-02");
  await makeInteraction(rep1.id, storeB.id, "2026-09-09");
  const full = await makeInteraction(rep1.id, storeB.id, "2026-09-16"); // the week before: complete intel
  await db()
    .insert(visitInsights)
    .values(
      (["product_feedback", "clerk_preference", "preference_action", "family", "competitor", "slow_mover"] as const).map((kind) => ({
        interactionId: full.id,
        kind,
        subject: kind === "competitor" ? "旧竞品" : null,
        detail: `上周的${kind}`,
      })),
    );
  const giftVisit = await makeInteraction(rep1.id, storeB.id, "2026-09-23", { giftWhat: "月饼礼盒", giftValue: 2500, askedHelp: true });
  await db().insert(visitInsights).values({ interactionId: giftVisit.id, kind: "competitor", subject: "某某感冒灵", detail: "买一送一" });
  const slowVisit = await makeInteraction(rep1.id, storeB.id, "2026-09-24");
  await db().insert(visitInsights).values({ interactionId: slowVisit.id, kind: "slow_mover", subject: "板蓝根颗粒", detail: "一盒没动", reason: "陈列位置偏", action: "调到视线平齐" });
  await makeInteraction(rep1.id, storeB.id, "2026-09-05", { channel: "phone" });
  await makeInteraction(rep1.id, storeB.id, "2026-09-22", { channel: "phone", ...festival });
  await makeInteraction(rep1.id, storeB.id, "2026-09-08", { channel: "message" });
  await makeInteraction(rep1.id, storeB.id, "2026-09-22", { channel: "message", ...festival });
  const birthday = await makeContact(storeB.id, { name: "王丽华", birthdayCalendar: "solar", birthdayMonth: 9, birthdayDay: 24 });
  await makeInteraction(rep1.id, storeB.id, "2026-09-24", { channel: "message", occasion: "birthday", contactId: birthday.id });

  // rep2: an A store never contacted, a C store last contacted 40 days before the week's end, and a
  // C store covered for Mid-Autumn; a wedding and a birthday left overdue.
  storeA = await makeStore(rep2.id, "A", { name: "甲药房" });
  storeC1 = await makeStore(rep2.id, "C", { name: "丙一药房" });
  const storeC2 = await makeStore(rep2.id, "C", { name: "丙二药房" });
  await makeInteraction(rep2.id, storeC1.id, "2026-08-18");
  await makeInteraction(rep2.id, storeC2.id, "2026-09-03");
  await makeInteraction(rep2.id, storeC2.id, "2026-09-21", { channel: "phone", ...festival });
  await makeInteraction(rep2.id, storeC2.id, "2026-09-21", { channel: "message", ...festival });
  const groom = await makeContact(storeA.id, { name: "丁强" });
  await db().insert(lifeEvents).values({ contactId: groom.id, kind: "wedding", date: "2026-09-10" });
  await makeContact(storeC2.id, { name: "赵敏", birthdayCalendar: "solar", birthdayMonth: 9, birthdayDay: 25 });

  // The other team: nothing of it may reach m1.
  const farStore = await makeStore(rep3.id, "A", { name: "外组药房" });
  const farVisit = await makeInteraction(rep3.id, farStore.id, "2026-09-23");
  await db().insert(visitInsights).values({ interactionId: farVisit.id, kind: "competitor", subject: "外组竞品", detail: "降价" });

  const ids = [m1.id, m2.id, m3.id, admin.id, rep1.id];
  const plan = planCompose(db(), "weekly", ids, PERIOD, { origin: ORIGIN, now: Date.parse("2026-09-28T00:00:00Z") });
  queryCount = plan.statements.length;
  results = (await runPlan(db(), plan))();
  mail = results.get(m1.id) as Composed;
  const week = weekRange(PERIOD)!;
  const m = teamWeeks(await runPlan(db(), teamWeekRowsPlan(db(), ids, week)), week).get(m1.id)!;
  if (m.kind !== "team") throw new Error("m1 leads a team");
  reps = new Map(m.team.reps.map((r) => [r.rep.id, r]));
});

describe("the manager's weekly summary (integration)", () => {
  it("summarises last week, Monday to Sunday, for managers only, from one batch that does not grow with users", () => {
    expect(weekRange(PERIOD)).toMatchObject({ sendDate: "2026-09-28", start: "2026-09-21", end: "2026-09-27", prevStart: "2026-09-14", prevEnd: "2026-09-20" });
    expect(mail).not.toBeInstanceOf(Error);
    expect(mail.subject).toBe("团队周报 9月21日–9月27日：1/2 位业务员落后");
    expect(results.has(admin.id)).toBe(false); // admins get nothing
    expect(results.has(rep1.id)).toBe(false);
    const lonely = results.get(m3.id) as Composed;
    expect(lonely.text).toContain(W.noTeam);
    expect(planCompose(db(), "weekly", [m1.id], PERIOD, { origin: ORIGIN, now: 0 }).statements.length).toBe(queryCount);
    expect(planCompose(db(), "weekly", [m1.id], "2026-W54", { origin: ORIGIN, now: 0 }).read([])().get(m1.id)).toBeInstanceOf(Error);
  });

  it("agrees with the rules' own month for each rep: pace by channel, stores behind, R9–R11, festival coverage", async () => {
    const months = await loadRepMonths(db(), [rep1.id, rep2.id], "2026-09-27");
    for (const id of [rep1.id, rep2.id]) {
      const day = repDay(months.get(id)!);
      const w = reps.get(id)!;
      for (const ch of QUOTA_CHANNELS) {
        const h = day.pace.headline[ch];
        expect(w.byChannel[ch].credited, `${id} ${ch}`).toBe(h.credited);
        expect(w.byChannel[ch].required).toBe(h.required);
        expect(w.byChannel[ch].expected).toBeCloseTo(h.expectedByToday, 9);
        expect(w.byChannel[ch].storesBehind).toBe(h.storesBehind);
      }
      expect(w.rules.helpAsked.done).toBe(day.rules.helpAsked.done);
      expect(w.rules.problemsSolved).toMatchObject({ done: day.rules.problemsSolved.done, required: day.rules.problemsSolved.required });
      expect(w.rules.trainings).toMatchObject({ done: day.rules.trainings.done, required: day.rules.trainings.required });
      const mid = day.festivals.find((f) => f.occurrence.key === "mid_autumn")!;
      expect(w.festivals).toEqual([expect.objectContaining({ key: "mid_autumn", covered: mid.coverage.total.covered, total: mid.coverage.total.stores })]);
    }
    expect(reps.get(rep1.id)!.festivals[0]).toMatchObject({ covered: 1, total: 1 });
    expect(reps.get(rep2.id)!.festivals[0]).toMatchObject({ covered: 1, total: 3 });
  });

  it("shows each rep's week: pace and its change, follow-ups, intel, gifts, neglected stores", () => {
    const r1 = section(mail.text, W.repTitle("刘伟"));
    expect(r1).toContain("拜访: 4/4");
    // With the official calendar (on by default), Sunday 2026-09-20 is a make-up working day.
    expect(r1).toContain("进度完成率 114%（上周 87%，+27）");
    expect(r1).toContain("B 类 (1) | 4/4 | 2/2 | 2/2");
    expect(r1).toContain("本周联系 5 次（上周 1 次，+4）");
    expect(r1).toContain("中秋节：已完成 1/1 家");
    expect(r1).toContain("本周完成生日与红白喜事跟进 1 个，目前逾期 0 个");
    expect(r1).toContain("R9 主动请客户帮忙：1/5");
    expect(r1).toContain("本周拜访情报完整 0/2（上周 1/1）");
    expect(r1).toContain("礼品：本周 ¥2,500，今年累计 ¥2,500");
    expect(r1).toContain("B · 乙药房 今年礼品 ¥2,500，超过上限 ¥2,000");
    expect(r1).not.toContain("30 天以上没有联系");

    const r2 = section(mail.text, W.repTitle("孙丽"));
    expect(r2).toContain("拜访: 1/10");
    expect(r2).toContain("中秋节：已完成 1/3 家");
    expect(r2).toContain("目前逾期 2 个"); // the wedding (due 09-17) and the birthday (09-25)
    expect(r2).toContain("2 家门店 30 天以上没有联系");
    expect(r2).toContain("- [A] 甲药房\n  120 天内没有联系");
    expect(r2).toContain("- [C] 丙一药房\n  上次联系 8月18日（40 天前）");
    expect(r2).not.toContain("丙二药房");
    expect(r2).toContain(`${ORIGIN}/stores/${storeC1.id}`);

    const overview = section(mail.text, W.overviewTitle);
    expect(overview).toContain("刘伟 | 4/4 | 2/2 | 2/2 | 114% (+27) | 5 (+4)");
    expect(overview).toMatch(/孙丽 \| 1\/10 \| 1\/6 \| 1\/6 \| \d+% \(/);
  });

  it("lists this week's competitor and slow-mover notes of the team only", () => {
    const competitor = section(mail.text, W.competitorTitle);
    expect(competitor).toContain("- 某某感冒灵");
    expect(competitor).toContain("B · 乙药房 · 刘伟 · 9月23日");
    expect(competitor).toContain("买一送一");
    expect(competitor).not.toContain("旧竞品"); // the week before
    expect(mail.text).not.toContain("外组");
    const slow = section(mail.text, W.slowMoversTitle);
    expect(slow).toContain("- 板蓝根颗粒");
    expect(slow).toContain("原因：陈列位置偏");
    expect(slow).toContain("办法：调到视线平齐");
  });

  it("writes the other team's summary in its manager's language, and escapes the HTML", () => {
    const en = results.get(m2.id) as Composed;
    expect(en.subject).toBe("Team summary 21 Sep–27 Sep: 1 of 1 rep(s) behind");
    expect(en.text).toContain("外组竞品");
    expect(en.text).not.toContain("乙药房");
    expect(en.html).toContain('<html lang="en">');
    expect(mail.html).not.toMatch(/<script|<img|<style/i);
    expect(mail.html).toContain("B · 乙药房 今年礼品 ¥2,500");
  });
});
