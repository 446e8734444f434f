// Integration: GET /api/progress, the /today and /month pages, and the set-based month loader
// (services/rep-month.ts) against sqld — numbers of a built October 2026, scope, bad input, query
// plans, and round trips that stay the same for 2 reps and for 20; /today says what the morning
// digest mails that day (same sections, quick-log links, greeting).
import { beforeAll, describe, expect, it } from "vitest";
import { festivals, lifeEvents, visitInsights, users, stores, storeAssignments } from "../../src/db/schema.ts";
import { ASSIGNMENTS_BACKFILLED_FROM } from "../../src/domain/holding.ts";
import { countRows, db, makeContact, makeInteraction, makeStore, makeTeam, makeUser, resetDb } from "../helpers/db.ts";
import { request, signedIn, type Agent } from "../helpers/http.ts";
import { countingDb } from "../helpers/counting-db.ts";
import { escapeHtml } from "../helpers/mail-text.ts";
import { loadRepMonths } from "../../src/services/rep-month.ts";
import { loadMonthContext } from "../../src/db/queries/month-context.ts";
import { repMonthQueries } from "../../src/db/queries/rep-month.ts";
import { digestQueries } from "../../src/db/queries/digest.ts";
import { runPlan } from "../../src/db/batch.ts";
import { repDay } from "../../src/domain/rep-day.ts";
import { addDays, localDateOf, monthOf, parts } from "../../src/domain/dates.ts";
import type { Viewer } from "../../src/auth/identity.ts";
import { planCompose, type Composed } from "../../src/services/compose.ts";

type Progress = {
  month: string;
  today: string;
  rep: { id: number };
  headline: Record<string, { required: number; done: number; credited: number; expectedByToday: number }>;
  stores: { id: number; class: string; channels: Record<string, { required: number; done: number; expectedByToday: number; remaining: number; isBehind: boolean }> }[];
  rules: Record<string, { done: number; required: number }>;
};

let rep: Agent, otherRep: Agent, manager: Agent, otherManager: Agent, admin: Agent, lonelyManager: Agent;
let repUser: { id: number; name: string }, otherRepUser: { id: number };
let storeA: { id: number }, storeB: { id: number }, otherStore: { id: number };
const today = () => localDateOf(Date.now(), "Asia/Shanghai");


beforeAll(async () => {
  await resetDb();
  const team = await makeTeam("华南一组");
  const team2 = await makeTeam("华南二组");
  repUser = await makeUser("rep", team.id, { name: "张伟" });
  otherRepUser = await makeUser("rep", team2.id);
  rep = await signedIn(repUser.id);
  otherRep = await signedIn(otherRepUser.id);
  manager = await signedIn((await makeUser("manager", team.id)).id);
  otherManager = await signedIn((await makeUser("manager", team2.id)).id);
  admin = await signedIn((await makeUser("admin", null)).id);
  lonelyManager = await signedIn((await makeUser("manager", (await makeTeam("空组")).id)).id);
  storeA = await makeStore(repUser.id, "A", { name: "仁和大药房" });
  storeB = await makeStore(repUser.id, "B", { name: "百姓药房" });
  otherStore = await makeStore(otherRepUser.id, "A");

  // October 2026: 27 days Mon–Sat, but 1–7 is National Day (off by default), so 21 working days
  // and the 10th is the 3rd.
  for (const d of ["2026-10-02", "2026-10-05", "2026-10-09"]) await makeInteraction(repUser.id, storeA.id, d);
  await makeInteraction(repUser.id, storeA.id, "2026-10-12"); // after the 10th
  await makeInteraction(repUser.id, storeA.id, "2026-10-03", { channel: "phone", askedHelp: true });
  await makeInteraction(repUser.id, storeA.id, "2026-10-06", { channel: "third_party", askedHelp: true }); // no quota; R9 still counts
  await makeInteraction(repUser.id, storeB.id, "2026-10-20", { channel: "message", problemSolved: "帮忙调货" });
  await makeInteraction(repUser.id, storeA.id, "2026-10-21", { trainingTopic: "慢病用药" });
  await makeInteraction(repUser.id, storeA.id, "2026-09-30"); // September: not October's
  await makeInteraction(otherRepUser.id, otherStore.id, "2026-10-05");
});

describe("GET /api/progress (integration)", () => {
  it("gives a past month's pace per store and channel, seen from its last day", async () => {
    const res = await request("/api/progress?month=2026-10", { agent: rep });
    expect(res.status).toBe(200);
    const body = await res.json<Progress>();
    expect(body.month).toBe("2026-10");
    expect(body.today).toBe("2026-10-31");
    const a = body.stores.find((s) => s.id === storeA.id)!;
    expect(a.channels.visit).toMatchObject({ required: 8, done: 5, expectedByToday: 8, remaining: 3 });
    expect(a.channels.phone).toMatchObject({ required: 4, done: 1 });
    expect(a.channels.message).toMatchObject({ required: 4, done: 0 });
    const b = body.stores.find((s) => s.id === storeB.id)!;
    expect(b.channels.visit).toMatchObject({ required: 4, done: 0, remaining: 4, isBehind: true });
    expect(b.channels.message).toMatchObject({ required: 2, done: 1 });
    expect(body.headline.visit).toMatchObject({ required: 12, done: 5, credited: 5, expectedByToday: 12 });
    expect(body.stores.map((s) => s.id)).not.toContain(otherStore.id);
    // R9 counts the third-party contact too; R10 1 of 2 + 1; R11 one training at the A store.
    expect(body.rules.helpAsked).toMatchObject({ done: 2, required: 5 });
    expect(body.rules.problemsSolved).toMatchObject({ done: 1, required: 3 });
    expect(body.rules.trainings).toMatchObject({ done: 1, required: 1 });
  });

  it("defaults to the current month in the organisation's time zone", async () => {
    const res = await request("/api/progress", { agent: rep });
    expect(res.status).toBe(200);
    const body = await res.json<Progress>();
    expect(body.month).toBe(monthOf(today()));
    expect(body.today).toBe(today());
  });

  it.each([
    ["month", "month=2026-13"],
    ["month", "month=202610"],
    ["month", "month=abc"],
    ["month", "month=2999-01"],
    ["repId", "repId=abc"],
    ["repId", "repId=0"],
  ])("rejects a bad %s (%s) with a field error", async (field, query) => {
    const res = await request(`/api/progress?${query}`, { agent: rep });
    expect(res.status).toBe(400);
    const body = await res.json<{ error: { code: string; message: string; fields: Record<string, string> } }>();
    expect(body.error.code).toBe("validation_failed");
    expect(typeof body.error.message).toBe("string");
    expect(Object.keys(body.error.fields)).toEqual([field]);
  });

  it("needs a signed-in caller", async () => {
    const res = await request("/api/progress?month=2026-10");
    expect(res.status).toBe(401);
    expect((await res.json<{ error: { code: string } }>()).error.code).toBe("unauthorized");
  });

  it("shows another rep only to their manager and admins (404 otherwise)", async () => {
    const q = (agent: Agent, repId: number) => request(`/api/progress?month=2026-10&repId=${repId}`, { agent });
    expect((await q(rep, otherRepUser.id)).status).toBe(404);
    expect((await q(otherRep, repUser.id)).status).toBe(404);
    expect((await q(otherManager, repUser.id)).status).toBe(404);
    expect((await q(rep, 999_999)).status).toBe(404);
    expect((await q(rep, repUser.id)).status).toBe(200);
    const byManager = await q(manager, repUser.id);
    expect(byManager.status).toBe(200);
    expect((await byManager.json<Progress>()).rep.id).toBe(repUser.id);
    const byAdmin = await q(admin, otherRepUser.id);
    expect(byAdmin.status).toBe(200);
    expect((await byAdmin.json<Progress>()).stores.map((s) => s.id)).toEqual([otherStore.id]);
  });
});

describe("the month loader (integration)", () => {
  it("paces an A store with 3 visits by the 10th: 8 required, 3 done, 8 × 3/21 expected", async () => {
    const months = await loadRepMonths(db(), [repUser.id], "2026-10-10");
    const day = repDay(months.get(repUser.id)!);
    const a = day.pace.rows.find((r) => r.storeId === storeA.id && r.channel === "visit")!;
    expect(a).toMatchObject({ required: 8, done: 3, remaining: 5, isBehind: false });
    expect(a.expectedByToday).toBeCloseTo((8 * 3) / 21, 10);
    const b = day.pace.rows.find((r) => r.storeId === storeB.id && r.channel === "visit")!;
    expect(b.expectedByToday).toBeCloseTo((4 * 3) / 21, 10);
    // Three working days in, B owes less than one visit: not behind yet (on the weekly pattern alone,
    // nine working days in, it was). By the 14th (6 working days) it is.
    expect(b.isBehind).toBe(false);
    expect(day.behind.visit).toEqual([]);
    const later = repDay((await loadRepMonths(db(), [repUser.id], "2026-10-14")).get(repUser.id)!);
    expect(later.pace.rows.find((r) => r.storeId === storeB.id && r.channel === "visit")).toMatchObject({ expectedByToday: (4 * 6) / 21, isBehind: true });
    expect(later.behind.visit.map((r) => r.storeId)).toEqual([storeB.id]);
    expect(day.rules.helpAsked.done).toBe(2);
    expect(day.rules.problemsSolved.done).toBe(0); // solved on the 20th
    expect(day.lastContact.get(storeA.id)).toBe("2026-10-09");
    expect(day.lastContact.get(storeB.id)).toBe(undefined);
  });

  it("counts each store's contacts of the month per channel and finds its last contact, from one scan", async () => {
    const on = async (date: string) => (await loadRepMonths(db(), [repUser.id], date)).get(repUser.id)!;
    // The 1st: nothing this month yet, yet September's visit is the last contact.
    const first = await on("2026-10-01");
    expect(first.counts).toEqual([]);
    expect(first.lastContact).toEqual([{ storeId: storeA.id, localDate: "2026-09-30" }]);
    // The 6th: third-party help that day is no contact with the store and counts toward no quota.
    const sixth = await on("2026-10-06");
    expect(sixth.counts).toEqual([
      { storeId: storeA.id, channel: "phone", count: 1 },
      { storeId: storeA.id, channel: "visit", count: 2 },
    ]);
    expect(sixth.lastContact).toEqual([{ storeId: storeA.id, localDate: "2026-10-05" }]);
    // The 31st: both stores, nothing dated after today left out.
    const last = await on("2026-10-31");
    expect(last.counts).toEqual([
      { storeId: storeA.id, channel: "phone", count: 1 },
      { storeId: storeA.id, channel: "visit", count: 5 },
      { storeId: storeB.id, channel: "message", count: 1 },
    ]);
    expect(last.lastContact).toEqual([
      { storeId: storeA.id, localDate: "2026-10-21" },
      { storeId: storeB.id, localDate: "2026-10-20" },
    ]);
  });

  it("loads many reps at once and keeps each rep's rows apart", async () => {
    const months = await loadRepMonths(db(), [repUser.id, otherRepUser.id, 999_999], "2026-10-31");
    expect([...months.keys()].sort((x, y) => x - y)).toEqual([repUser.id, otherRepUser.id, 999_999].sort((x, y) => x - y));
    expect(months.get(repUser.id)!.stores.map((s) => s.id).sort((a, b) => a - b)).toEqual([storeA.id, storeB.id].sort((a, b) => a - b));
    expect(months.get(otherRepUser.id)!.stores.map((s) => s.id)).toEqual([otherStore.id]);
    expect(months.get(otherRepUser.id)!.counts).toEqual([{ storeId: otherStore.id, channel: "visit", count: 1 }]);
    expect(months.get(999_999)!.stores).toEqual([]);
  });

  it("leaves out rows outside a viewer's scope", async () => {
    const viewer: Viewer = { id: 0, role: "manager", teamId: -1, name: "x", email: "x@x", locale: "zh-CN", timeZone: "Asia/Shanghai" };
    const months = await loadRepMonths(db(), [repUser.id], "2026-10-31", { viewer });
    const m = months.get(repUser.id)!;
    expect(m.stores).toEqual([]);
    expect(m.activity).toEqual([]);
    expect(m.counts).toEqual([]);
  });

  it("walks the reps' own indexes, never a whole table or an organisation-wide index", async () => {
    const d = db();
    const context = await loadMonthContext(d);
    const viewer: Viewer = { id: 1, role: "manager", teamId: 1, name: "x", email: "x@x", locale: "zh-CN", timeZone: "Asia/Shanghai" };
    for (const v of [undefined, viewer]) {
      for (const [name, q] of Object.entries(repMonthQueries(d, [repUser.id, otherRepUser.id], "2026-10-10", context, v))) {
        const { sql, params } = q.toSQL();
        const plan = await d.$client.execute({ sql: `explain query plan ${sql}`, args: params as never[] });
        const lines = plan.rows.map((r) => String(r.detail));
        const text = lines.join("\n");
        expect(lines.filter((l) => /^SCAN (interactions|stores|contacts|life_events|visit_insights|users)\b/.test(l)), text).toEqual([]);
        expect(text).not.toMatch(/contacts_birthday_idx|life_events_open_idx|visit_insights_kind_idx/);
        if (/"interactions"/.test(sql)) expect(text).toMatch(/interactions_(rep_date|store_date|life_event)_idx/);
        // The costliest scans filter inside the indexes, without reading each row: the per-store
        // counts (channel), and the month's visits by intel kinds (the insights' kinds).
        if (name === "storeContacts") expect(text).toMatch(/COVERING INDEX interactions_store_date_idx/);
        if (name === "monthIntel") expect(text).toMatch(/COVERING INDEX visit_insights_interaction_idx/);
      }
    }
  });
});

describe("the digest's own selects (integration)", () => {
  it("read the job's contacts, life events and greetings through their indexes, never a whole table", async () => {
    const d = db();
    for (const [name, q] of Object.entries(digestQueries(d, [repUser.id, otherRepUser.id], "2026-10-10"))) {
      for (const one of Array.isArray(q) ? q : [q]) {
        const { sql, params } = (one as { toSQL(): { sql: string; params: unknown[] } }).toSQL();
        const plan = await d.$client.execute({ sql: `explain query plan ${sql}`, args: params as never[] });
        const text = plan.rows.map((r) => String(r.detail)).join("\n");
        // Open life events are looked up per contact of the job's stores (life_events_contact_idx).
        expect(text, name).not.toMatch(/SCAN life_events\b|life_events_open_idx/);
        expect(text, name).not.toMatch(/SCAN (contacts|interactions|stores)\b/);
      }
    }
  });
});

describe("round trips of loadRepMonths (integration)", () => {
  it("takes as many round trips for 20 reps as for 2", async () => {
    const team = await makeTeam("规模测试组");
    const made = await db()
      .insert(users)
      .values(Array.from({ length: 20 }, (_, i) => ({ email: `scale${i}@test.local`, name: `规模${i}`, role: "rep" as const, teamId: team.id })))
      .returning({ id: users.id });
    const ids = made.map((u) => u.id);
    const storeRows = await db()
      .insert(stores)
      .values(ids.flatMap((repId, i) => [0, 1, 2].map((k) => ({ name: `规模药房${i}-${k}`, class: (["A", "B", "C"] as const)[k]!, repId }))))
      .returning({ id: stores.id, repId: stores.repId, class: stores.class });
    await db()
      .insert(storeAssignments)
      .values(storeRows.map((s) => ({ storeId: s.id, repId: s.repId, tier: s.class, validFrom: ASSIGNMENTS_BACKFILLED_FROM })));
    for (const s of storeRows.slice(0, 30)) await makeInteraction(s.repId!, s.id, "2026-10-08", { channel: "phone" });
    const contact = await makeContact(storeRows[0]!.id, { birthdayCalendar: "solar", birthdayMonth: 10, birthdayDay: 10 });
    expect(contact.id).toBeGreaterThan(0);

    const counter = countingDb();
    const two = counter;
    const small = await loadRepMonths(two.db, ids.slice(0, 2), "2026-10-10");
    const forTwo = two.roundTrips();
    two.reset();
    const large = await loadRepMonths(two.db, ids, "2026-10-10");
    const forTwenty = two.roundTrips();
    expect(forTwo).toBe(forTwenty);
    expect(forTwenty).toBeLessThanOrEqual(2);
    expect(small.size).toBe(2);
    expect(large.size).toBe(20);
    expect([...large.values()].every((m) => m.stores.length === 3)).toBe(true);
    expect(large.get(ids[0]!)!.contacts.map((c) => c.id)).toEqual([contact.id]);

    // With the policy and festivals already at hand: one round trip.
    const context = await loadMonthContext(two.db);
    two.reset();
    await loadRepMonths(two.db, ids, "2026-10-10", { context });
    expect(two.roundTrips()).toBe(1);
  });
});

describe("/today and /month pages (integration)", () => {
  let contactId: number;
  beforeAll(async () => {
    const now = today();
    const { month, day } = parts(now);
    const c = await makeContact(storeB.id, { name: "王芳", formOfAddress: "王姐", birthdayCalendar: "solar", birthdayMonth: month, birthdayDay: day });
    contactId = c.id;
    // A festival of our own three days ahead, so its window is open today whatever the date.
    const fest = parts(addDays(now, 3));
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
    const yesterday = addDays(now, -1);
    const visit = await makeInteraction(repUser.id, storeA.id, yesterday);
    await db()
      .insert(visitInsights)
      .values([
        { interactionId: visit.id, kind: "slow_mover", subject: "维C泡腾片", detail: "维C泡腾片", reason: "陈列位置差", action: "申请堆头" },
        { interactionId: visit.id, kind: "competitor", detail: "竞品买一送一", status: "resolved" },
      ]);
  });

  it("shows the rep's day with a plan whose tasks link to the quick log", async () => {
    const res = await request("/today", { agent: rep });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).not.toMatch(/style="/);
    expect(html).toContain('id="plan"');
    // The birthday is due today: it comes with its contact and occasion.
    expect(html).toContain(`/log?storeId=${storeB.id}&amp;channel=message&amp;contactId=${contactId}&amp;occasion=birthday`);
    expect(html).toContain("王姐");
    // The festival's window is open: the A store owes a gift visit.
    expect(html).toContain(`/log?storeId=${storeA.id}&amp;channel=visit&amp;occasion=festival&amp;festivalKey=test_fest`);
    expect(html).toContain("测试节");
    // R17 slow mover, and yesterday's visit with 2 of 6 intel kinds.
    expect(html).toContain("维C泡腾片");
    expect(html).toContain("情报 2/6");
  });

  it("escapes what users typed", async () => {
    await makeStore(repUser.id, "C", { name: "<script>alert(1)</script>药房" });
    const html = await (await request("/today", { agent: rep })).text();
    expect(html).not.toContain("<script>alert(1)</script>");
    expect(html).toContain("&lt;script&gt;");
  });

  it("points a manager without stores to the team page", async () => {
    const res = await request("/today", { agent: lonelyManager });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('href="/team"');
  });

  it("sends a visitor to sign in", async () => {
    const res = await request("/today");
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toMatch(/^\/signin/);
    expect((await request("/month")).status).toBe(303);
  });

  it("shows a past month with bars drawn without style attributes", async () => {
    const res = await request("/month?month=2026-10", { agent: rep });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).not.toMatch(/style="/);
    expect(html).toContain("<svg");
    expect(html).toMatch(new RegExp(`data-store="${storeA.id}"[\\s\\S]*?data-channel="visit"><span class="small">5/8</span>`));
    expect(html).toContain('value="2026-10"');
  });

  it("keeps a bad month in the picker with its error, status 400", async () => {
    const res = await request("/month?month=2026-1x", { agent: rep });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain('value="2026-1x"');
    expect(html).toContain('id="month-error"');
  });
});

describe("/today is the morning digest as a page (integration)", () => {
  const MAIL_ORIGIN = "https://kq.example";
  let agent: Agent;
  let mail: Composed;
  let page: string;
  let ids: { store: number; birthday: number; groom: number; wedding: number };

  beforeAll(async () => {
    const now = today();
    const team = await makeTeam("长沙四组");
    const lina = await makeUser("rep", team.id, { name: "林娜" });
    agent = await signedIn(lina.id);
    const store = await makeStore(lina.id, "A", { name: "芙蓉大药房" });
    await makeStore(lina.id, "C", { name: "五一药店" });
    // R6: a birthday today, with a phone: a greeting, its sms: and tel: links.
    const { month, day } = parts(now);
    const birthday = await makeContact(store.id, { name: "陈静", formOfAddress: "陈姐", phone: "138 0013 8000", birthdayCalendar: "solar", birthdayMonth: month, birthdayDay: day });
    // R7: a wedding two days ago, not yet visited (open).
    const groom = await makeContact(store.id, { name: "周强", formOfAddress: "周老板", phone: "13900139000" });
    const [wedding] = await db().insert(lifeEvents).values({ contactId: groom.id, kind: "wedding", date: addDays(now, -2) }).returning();
    ids = { store: store.id, birthday: birthday.id, groom: groom.id, wedding: wedding!.id };

    const plan = planCompose(db(), "digest", [lina.id], now, { origin: MAIL_ORIGIN, now: Date.now() });
    mail = (await runPlan(db(), plan))().get(lina.id) as Composed;
    expect(mail).not.toBeInstanceOf(Error);
    const res = await request("/today", { agent });
    expect(res.status).toBe(200);
    page = await res.text();
  });

  it("has the mail's heading and exactly its sections, in order", () => {
    const heading = mail.text.split("\n")[0]!;
    // The mail greets at the rep's digest time (07:30); the page at the hour it is opened.
    expect(heading).toBe("林娜，早上好！");
    expect(page).toMatch(/<h1>林娜，(早上好|中午好|下午好|晚上好)！<\/h1>/);
    const titles = [...mail.text.matchAll(/^【(.+)】$/gm)].map((m) => m[1]!);
    // Pace, plan, birthdays and life events, rules at least (the others depend on the date).
    expect(titles.length).toBeGreaterThanOrEqual(4);
    const onPage = [...page.matchAll(/<section class="card md-section" id="[^"]*"><h2 class="flush">([^<]*)<\/h2>/g)].map((m) => m[1]);
    expect(onPage).toEqual(titles.map((x) => escapeHtml(x)));
  });

  it("carries every quick-log link of the mail, relative, and no absolute link", () => {
    const links = [...new Set([...mail.text.matchAll(/https:\/\/kq\.example(\/log\?\S+)/g)].map((m) => m[1]!))];
    // The follow-ups' links (with the chosen greeting's template where there is one), plan and pace links.
    expect(links.some((l) => l.startsWith(`/log?storeId=${ids.store}&channel=visit&contactId=${ids.groom}&occasion=life_event&lifeEventId=${ids.wedding}`))).toBe(true);
    expect(links.some((l) => l.startsWith(`/log?storeId=${ids.store}&channel=message&contactId=${ids.birthday}&occasion=birthday&greetingTemplateId=`))).toBe(true);
    expect(links.length).toBeGreaterThanOrEqual(3);
    for (const l of links) expect(page).toContain(`href="${escapeHtml(l)}"`);
    expect(page).not.toContain(MAIL_ORIGIN);
    // The only absolute links are the visits' 高德 map searches.
    expect(page).not.toMatch(/href="https?:\/\/(?!uri\.amap\.com\/search\?)/);
    expect(page).not.toMatch(/style="/);
  });

  it("shows the same greeting with the same sms: and tel: links", () => {
    const greeting = /「(.+)」/.exec(mail.text)?.[1] ?? "";
    expect(greeting).toContain("陈姐");
    expect(greeting).toContain("——林娜");
    expect(page).toContain(`<blockquote class="md-quote">${escapeHtml(greeting)}</blockquote>`);
    const sms = `sms:13800138000?&body=${encodeURIComponent(greeting)}`;
    expect(mail.text).toContain(sms);
    expect(page).toContain(`href="${escapeHtml(sms)}"`);
    expect(page).toContain('href="tel:13800138000"');
    expect(page).toContain('href="tel:13900139000"');
  });

  it("opens the prefilled quick log from a page link and changes nothing", async () => {
    const href = new RegExp(`href="(/log\\?storeId=${ids.store}&amp;channel=message&amp;contactId=${ids.birthday}&amp;occasion=birthday[^"]*)"`).exec(page)?.[1];
    expect(href).toBeDefined();
    const before = await countRows("interactions");
    const res = await request(href!.replaceAll("&amp;", "&"), { agent });
    expect(res.status).toBe(200);
    const form = await res.text();
    expect(form).toContain(`name="storeId" value="${ids.store}"`);
    expect(form).toMatch(/name="channel" value="message" checked/);
    expect(form).toContain('name="greetingTemplateId"');
    expect(await countRows("interactions")).toBe(before);
  });
});
