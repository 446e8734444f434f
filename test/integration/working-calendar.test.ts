// Integration: the official working calendar kept as data (issue 11): the API (GET for anyone
// signed in, PUT for admins, strict and validated), a year entered by an admin driving pace (a Sunday
// make-up day and a Golden Week), /admin/calendar's forms and paste preview, and the warning from
// 1 November while next year's calendar is missing (admin pages, the admin's digest, the manager's
// weekly), with the Worker's clock fixed the way the benchmarks fix it (Date.now).
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { eq } from "drizzle-orm";
import { auditLog, workingCalendarDays, workingCalendarYears } from "../../src/db/schema.ts";
import { countRows, db, makeStore, makeTeam, makeUser, resetDb } from "../helpers/db.ts";
import { postForm, request, sendJson, signedIn, type Agent } from "../helpers/http.ts";
import { runPlan } from "../../src/db/batch.ts";
import { planCompose } from "../../src/services/compose.ts";
import { loadRepMonths } from "../../src/services/rep-month.ts";
import { repDay } from "../../src/domain/rep-day.ts";

const ORIGIN = "https://kq.example";
let rep: { id: number }, manager: { id: number }, admin: { id: number };
let asRep: Agent, asManager: Agent, asAdmin: Agent;

// 2027 as an admin might enter it: New Year 1–3 January; Golden Week 1–7 October with Sunday
// 26 September and Saturday 9 October worked instead.
const GOLDEN_WEEK = ["2027-10-01", "2027-10-02", "2027-10-03", "2027-10-04", "2027-10-05", "2027-10-06", "2027-10-07"];
const Y2027 = { year: 2027, holidays: ["2027-01-01", "2027-01-02", "2027-01-03", ...GOLDEN_WEEK], workdays: ["2027-09-26", "2027-10-09"] };

/** The Worker's clock (session middleware, pages) at `iso`, as test/bench/stack.ts fixes it. */
function clockAt(iso: string) {
  vi.spyOn(Date, "now").mockReturnValue(Date.parse(iso));
}

afterEach(() => {
  vi.restoreAllMocks();
});

beforeAll(async () => {
  await resetDb();
  const team = await makeTeam("一组");
  rep = await makeUser("rep", team.id);
  manager = await makeUser("manager", team.id);
  admin = await makeUser("admin", null);
  await makeStore(rep.id, "A");
  asRep = await signedIn(rep.id);
  asManager = await signedIn(manager.id);
  asAdmin = await signedIn(admin.id);
});

async function calendarRows() {
  return { years: await countRows("working_calendar_years"), days: await countRows("working_calendar_days"), audit: await countRows("audit_log") };
}

describe("GET/PUT /api/working-calendar (integration)", () => {
  it("answers a built-in year, a year nobody has entered, and 2024 with its Dragon Boat weekend corrected", async () => {
    const y2026 = await (await request("/api/working-calendar?year=2026", { agent: asRep })).json<{ year: number; source: string; holidays: string[]; workdays: string[] }>();
    expect(y2026).toMatchObject({ year: 2026, source: "built-in" });
    expect(y2026.holidays).toContain("2026-10-01");
    expect(y2026.workdays).toEqual(expect.arrayContaining(["2026-01-04", "2026-09-20", "2026-10-10"]));
    expect(await (await request("/api/working-calendar?year=2027", { agent: asRep })).json()).toEqual({ year: 2027, source: "none", holidays: [], workdays: [] });
    const y2024 = await (await request("/api/working-calendar?year=2024", { agent: asManager })).json<{ holidays: string[] }>();
    expect(y2024.holidays).toContain("2024-06-10");
    expect(y2024.holidays).not.toContain("2024-06-08");
    expect(y2024.holidays).not.toContain("2024-06-09");
  });

  it("asks visitors to sign in and checks the year", async () => {
    expect((await request("/api/working-calendar?year=2026")).status).toBe(401);
    const bad = await request("/api/working-calendar?year=20x6", { agent: asRep });
    expect(bad.status).toBe(400);
    expect((await bad.json<{ error: { fields: Record<string, string> } }>()).error.fields).toHaveProperty("year");
  });

  it("lets only admins PUT (404 for reps and managers, like every admin route; 401 signed out)", async () => {
    const before = await calendarRows();
    expect((await sendJson("PUT", "/api/working-calendar", Y2027, asRep)).status).toBe(404);
    expect((await sendJson("PUT", "/api/working-calendar", Y2027, asManager)).status).toBe(404);
    expect((await sendJson("PUT", "/api/working-calendar", Y2027)).status).toBe(401);
    expect(await calendarRows()).toEqual(before);
  });

  it.each([
    ["a date of another year", { ...Y2027, holidays: ["2026-12-31"] }, "holidays.0"],
    ["a day both off and worked", { ...Y2027, workdays: ["2027-09-26", "2027-10-01"] }, "workdays.1"],
    ["a date that does not exist", { ...Y2027, workdays: ["2027-02-30"] }, "workdays.0"],
    ["an unknown key", { ...Y2027, notes: "x" }, "notes"],
    ["a year out of range", { ...Y2027, year: 1800 }, "year"],
    ["a missing list", { year: 2027, holidays: [] }, "workdays"],
    ["a source that is not one", { ...Y2027, source: "mine" }, "source"],
  ])("refuses %s with a 400 naming the field, writing nothing", async (_what, body, field) => {
    const before = await calendarRows();
    const res = await sendJson("PUT", "/api/working-calendar", body, asAdmin);
    expect(res.status).toBe(400);
    expect((await res.json<{ error: { fields: Record<string, string> } }>()).error.fields).toHaveProperty(field);
    expect(await calendarRows()).toEqual(before);
  });
});

describe("a year entered by an admin (integration)", () => {
  it("saves 2027 with a Sunday make-up day and Golden Week; pace follows", async () => {
    // Before: October 2027 is 26 Monday–Saturday days, the Sunday just a Sunday.
    const pace = async (today: string) => repDay((await loadRepMonths(db(), [rep.id], today)).get(rep.id)!).pace.clock;
    expect((await pace("2027-10-14")).total).toBe(26);
    expect((await pace("2027-09-30")).total).toBe(26);

    const res = await sendJson("PUT", "/api/working-calendar", { ...Y2027, source: "none", holidays: Y2027.holidays.toReversed() }, asAdmin);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ...Y2027, source: "admin" });
    expect(await (await request("/api/working-calendar?year=2027", { agent: asRep })).json()).toEqual({ ...Y2027, source: "admin" });
    const [audit] = await db().select().from(auditLog).where(eq(auditLog.entity, "working_calendar"));
    expect(audit).toMatchObject({ actorId: admin.id, entityId: 2027, action: "create", changes: ["holidays", "workdays"] });

    // October 2027: 26 Monday–Saturday days, six of them (1, 2, 4–7) in Golden Week.
    expect(await pace("2027-10-14")).toMatchObject({ total: 20, elapsed: 6 }); // 8, 9, 11, 12, 13, 14
    // September 2027: 26 plus Sunday the 26th.
    expect(await pace("2027-09-30")).toMatchObject({ total: 27, elapsed: 27 });

    // The same PUT again changes nothing but the audit trail's "update".
    expect((await sendJson("PUT", "/api/working-calendar", Y2027, asAdmin)).status).toBe(200);
    expect(await countRows("working_calendar_days")).toBe(12);
    const audits = await db().select().from(auditLog).where(eq(auditLog.entity, "working_calendar"));
    expect(audits.at(-1)).toMatchObject({ action: "update", changes: [] });
  });
});

describe("/admin/calendar (integration)", () => {
  it("shows each year's source and the chosen year's dates, to admins only", async () => {
    const html = await (await request("/admin/calendar?year=2027", { agent: asAdmin })).text();
    expect(html).toContain("管理员录入");
    expect(html).toContain("内置");
    expect(html).toContain("2027-09-26");
    expect((await request("/admin/calendar", { agent: asManager })).status).toBe(404);
    expect(await (await request("/admin", { agent: asAdmin })).text()).toContain('href="/admin/calendar"');
  });

  it("adds a holiday range and a make-up day to a built-in year, saving it whole as the admin's", async () => {
    const builtIn = await (await request("/api/working-calendar?year=2025", { agent: asAdmin })).json<{ holidays: string[]; workdays: string[] }>();
    const res = await postForm("/admin/calendar/2025/holidays", { from: "2025-12-29", to: "2025-12-30" }, asAdmin);
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/admin/calendar?year=2025&done=saved");
    expect((await postForm("/admin/calendar/2025/workdays", { date: "2025-12-28" }, asAdmin)).status).toBe(303);
    const after = await (await request("/api/working-calendar?year=2025", { agent: asAdmin })).json<{ source: string; holidays: string[]; workdays: string[] }>();
    expect(after.source).toBe("admin");
    expect(after.holidays).toEqual([...builtIn.holidays, "2025-12-29", "2025-12-30"]);
    expect(after.workdays).toEqual([...builtIn.workdays, "2025-12-28"]);
    expect((await postForm("/admin/calendar/2025/remove", { removeDate: "2025-12-28" }, asAdmin)).status).toBe(303);
    expect((await (await request("/api/working-calendar?year=2025", { agent: asAdmin })).json<{ workdays: string[] }>()).workdays).toEqual(builtIn.workdays);
  });

  it("refuses a form without its CSRF token and a bad range, writing nothing", async () => {
    const before = await calendarRows();
    expect((await postForm("/admin/calendar/2028/holidays", { from: "2028-01-01" }, asAdmin, { csrf: null })).status).toBe(403);
    const bad = await postForm("/admin/calendar/2028/holidays", { from: "2028-01-05", to: "2028-01-01" }, asAdmin);
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain("结束日期要在开始日期之后");
    const other = await postForm("/admin/calendar/2028/workdays", { date: "2027-01-01" }, asAdmin);
    expect(other.status).toBe(400);
    expect(await other.text()).toContain("日期不在这一年");
    expect(await calendarRows()).toEqual(before);
  });

  it("previews a pasted year, names each bad line, and saves only a clean paste", async () => {
    const text = "放假:\n2028-01-01\n2028-10-01..2028-10-07\n上班:\n2028-09-24\n2028-10-08,workday\n";
    const before = await calendarRows();
    const preview = await postForm("/admin/calendar/2028/paste", { text, intent: "preview" }, asAdmin);
    expect(preview.status).toBe(200);
    const html = await preview.text();
    expect(html).toContain("将保存：8 个放假日，2 个调休上班日");
    expect(html).toContain('value="save"');
    expect(await calendarRows()).toEqual(before);

    const bad = await postForm("/admin/calendar/2028/paste", { text: "2028-01-01,holiday\n2028-02-30,holiday\n2027-05-01,holiday\n2028-05-01,maybe\n2028-01-01,workday", intent: "save" }, asAdmin);
    expect(bad.status).toBe(400);
    const badHtml = await bad.text();
    expect(badHtml).toContain("第 2 行「2028-02-30,holiday」：请输入正确的日期");
    expect(badHtml).toContain("第 3 行「2027-05-01,holiday」：日期不在这一年");
    expect(badHtml).toContain("第 4 行「2028-05-01,maybe」：看不懂这一行");
    expect(badHtml).toContain("同一天不能既放假又上班");
    expect(await calendarRows()).toEqual(before);

    expect((await postForm("/admin/calendar/2028/paste", { text, intent: "save" }, asAdmin)).status).toBe(303);
    const saved = await (await request("/api/working-calendar?year=2028", { agent: asRep })).json<{ source: string; holidays: string[]; workdays: string[] }>();
    expect(saved).toMatchObject({ source: "admin", workdays: ["2028-09-24", "2028-10-08"] });
    expect(saved.holidays).toHaveLength(8);
    expect(await db().select().from(workingCalendarYears).where(eq(workingCalendarYears.year, 2028))).toMatchObject([{ updatedBy: admin.id }]);
  });
});

describe("next year's calendar missing, from 1 November (integration)", () => {
  const banner = "2027 年的工作日历还没有录入";
  const digestFor = async (userId: number, date: string) => (await runPlan(db(), planCompose(db(), "digest", [userId], date, { origin: ORIGIN, now: 0 })))().get(userId);
  const weeklyFor = async (userId: number, week: string) => (await runPlan(db(), planCompose(db(), "weekly", [userId], week, { origin: ORIGIN, now: 0 })))().get(userId);
  const text = (m: unknown) => (m as { text: string }).text;

  it("says so on admin pages, in each admin's digest and each manager's weekly, and not before November", async () => {
    await db().delete(workingCalendarDays).where(eq(workingCalendarDays.year, 2027));
    await db().delete(workingCalendarYears).where(eq(workingCalendarYears.year, 2027));

    clockAt("2026-11-02T02:00:00Z");
    for (const path of ["/admin", "/admin/users", "/admin/calendar"]) {
      const html = await (await request(path, { agent: asAdmin })).text();
      expect(html, path).toContain(banner);
      expect(html, path).toContain('href="/admin/calendar?year=2027"');
    }
    // The admin's digest as /today shows it (admins are sent no morning e-mail).
    expect(await (await request("/today", { agent: asAdmin })).text()).toContain("2027 年的工作日历（法定节假日和调休）还没有录入");
    // Local 1 November 00:30 in Shanghai is still 31 October in UTC.
    clockAt("2026-10-31T16:30:00Z");
    expect(await (await request("/admin", { agent: asAdmin })).text()).toContain(banner);
    clockAt("2026-10-31T15:30:00Z");
    expect(await (await request("/admin", { agent: asAdmin })).text()).not.toContain(banner);
    vi.restoreAllMocks();

    const line = "2027 年的工作日历（法定节假日和调休）还没有录入";
    expect(text(await digestFor(admin.id, "2026-11-01"))).toContain(line);
    expect(text(await digestFor(admin.id, "2026-10-31"))).not.toContain(line);
    expect(text(await digestFor(rep.id, "2026-11-01"))).not.toContain(line); // reps do not keep the calendar
    expect(text(await weeklyFor(manager.id, "2026-W45"))).toContain(line); // sent Monday 2 November
    expect(text(await weeklyFor(manager.id, "2026-W44"))).not.toContain(line); // Monday 26 October

    // Entered: gone everywhere.
    expect((await sendJson("PUT", "/api/working-calendar", Y2027, asAdmin)).status).toBe(200);
    clockAt("2026-11-02T02:00:00Z");
    expect(await (await request("/admin", { agent: asAdmin })).text()).not.toContain(banner);
    vi.restoreAllMocks();
    expect(text(await digestFor(admin.id, "2026-11-01"))).not.toContain(line);
    expect(text(await weeklyFor(manager.id, "2026-W45"))).not.toContain(line);
  });
});
