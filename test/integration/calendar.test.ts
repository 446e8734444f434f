// Integration: the private calendar feed — issuing, rotating and revoking its URL from the settings
// page, and what the .ics holds (festivals, lunar birthdays, follow-up deadlines) and never holds
// (other reps' contacts, do-not-contact contacts, preferences, family notes, life-event notes).
import { beforeAll, describe, expect, it } from "vitest";
import { eq, sql } from "drizzle-orm";
import { countRows, db, makeContact, makeStore, makeTeam, makeUser, resetDb } from "../helpers/db.ts";
import { ORIGIN, postForm, request, signedIn, type Agent } from "../helpers/http.ts";
import { interactions, lifeEvents, users } from "../../src/db/schema.ts";
import { sha256Hex } from "../../src/auth/tokens.ts";
import { addDays, localDateOf } from "../../src/domain/dates.ts";

// Official dates (紫金山天文台 tables; the festival unit tests check the calendar against them for many years).
const OFFICIAL: Record<"spring_festival" | "dragon_boat" | "mid_autumn", Record<number, string>> = {
  spring_festival: { 2026: "2026-02-17", 2027: "2027-02-06", 2028: "2028-01-26", 2029: "2029-02-13", 2030: "2030-02-03" },
  dragon_boat: { 2026: "2026-06-19", 2027: "2027-06-09", 2028: "2028-05-28", 2029: "2029-06-16", 2030: "2030-06-05" },
  mid_autumn: { 2026: "2026-09-25", 2027: "2027-09-15", 2028: "2028-10-03", 2029: "2029-09-22", 2030: "2030-09-12" },
};

const today = localDateOf(Date.now(), "Asia/Shanghai");
const feedFrom = addDays(today, -7);
const feedTo = addDays(today, 365);
const inFeed = (d: string) => feedFrom <= d && d <= feedTo;
/** [year, date] of a festival's official occurrences inside the feed's window. */
function officialInFeed(key: keyof typeof OFFICIAL): [number, string][] {
  const found = Object.entries(OFFICIAL[key])
    .map(([y, d]) => [Number(y), d] as [number, string])
    .filter(([, d]) => inFeed(d));
  if (found.length === 0) throw new Error(`extend the OFFICIAL table of ${key} past ${today}`);
  return found;
}
const ics = (d: string) => d.replace(/-/g, "");

const utf8 = new TextEncoder();
const unfold = (text: string) => text.replace(/\r\n[ \t]/g, "");
const unescape = (value: string) => value.replace(/\\([\\;,nN])/g, (_, ch: string) => (ch === "n" || ch === "N" ? "\n" : ch));

/** Events of a feed by UID: property name → unescaped value (first occurrence). */
function eventsOf(doc: string): Map<string, Record<string, string>> {
  const out = new Map<string, Record<string, string>>();
  for (const block of unfold(doc).split("BEGIN:VEVENT\r\n").slice(1)) {
    const props: Record<string, string> = {};
    for (const line of block.split("END:VEVENT")[0]!.split("\r\n")) {
      const colon = line.indexOf(":");
      if (colon < 0) continue;
      const name = line.slice(0, colon).split(";")[0]!;
      props[name] ??= name === "URL" ? line.slice(colon + 1) : unescape(line.slice(colon + 1));
    }
    out.set(props.UID!, props);
  }
  return out;
}

let rep: Agent, repId: number, manager: Agent, otherTeamRep: Agent, enRep: Agent;
let wangJie: { id: number }, liZong: { id: number };
let storeA: { id: number };
let weddingId: number, bereavementId: number, dismissedId: number, closedWeddingId: number, outsiderEventId: number, outsider: { id: number };

beforeAll(async () => {
  await resetDb();
  const team = await makeTeam();
  const repUser = await makeUser("rep", team.id, { name: "张伟" });
  repId = repUser.id;
  rep = await signedIn(repUser.id);
  manager = await signedIn((await makeUser("manager", team.id)).id);
  const otherUser = await makeUser("rep", (await makeTeam()).id);
  otherTeamRep = await signedIn(otherUser.id);
  enRep = await signedIn((await makeUser("rep", team.id, { locale: "en" })).id);

  storeA = await makeStore(repUser.id, "A", { name: "益丰大药房(解放路店)" });
  const storeB = await makeStore(repUser.id, "B", { name: "老百姓大药房" });
  const otherStore = await makeStore(otherUser.id, "B", { name: "别人的药房" });

  // R6: a lunar birthday on 八月十五, with personal data that must never reach the feed.
  wangJie = await makeContact(storeA.id, {
    name: "王芳",
    formOfAddress: "王姐",
    birthdayCalendar: "lunar",
    birthdayMonth: 8,
    birthdayDay: 15,
    preferences: "偏好PREF喜欢普洱茶",
    familyNotes: "家庭FAM女儿读高三",
  });
  liZong = await makeContact(storeB.id, { name: "李强", formOfAddress: "李总", birthdayCalendar: "solar", birthdayMonth: 1, birthdayDay: 1 });
  const tomorrow = addDays(today, 1);
  await makeContact(storeA.id, {
    name: "勿扰先生",
    formOfAddress: "勿扰先生",
    doNotContact: true,
    birthdayCalendar: "solar",
    birthdayMonth: Number(tomorrow.slice(5, 7)),
    birthdayDay: Number(tomorrow.slice(8, 10)),
  });
  outsider = await makeContact(otherStore.id, {
    name: "外人甲",
    formOfAddress: "外人甲",
    birthdayCalendar: "solar",
    birthdayMonth: Number(tomorrow.slice(5, 7)),
    birthdayDay: Number(tomorrow.slice(8, 10)),
  });

  const ev = async (contactId: number, kind: "wedding" | "bereavement" | "illness", date: string, extra: Partial<typeof lifeEvents.$inferInsert> = {}) => {
    const [row] = await db().insert(lifeEvents).values({ contactId, kind, date, notes: "事件NOTE婚宴在酒店", ...extra }).returning();
    return row!.id;
  };
  weddingId = await ev(liZong.id, "wedding", addDays(today, -2)); // R7: due 7 days after
  bereavementId = await ev(wangJie.id, "bereavement", addDays(today, -1)); // R8: due 3 days after
  dismissedId = await ev(liZong.id, "illness", addDays(today, -1), { state: "dismissed" });
  closedWeddingId = await ev(wangJie.id, "wedding", addDays(today, -3));
  outsiderEventId = await ev(outsider.id, "wedding", addDays(today, -2));
  // Still "open", but a visit linked to it closes the follow-up (R7).
  await db().insert(interactions).values({
    repId,
    storeId: storeA.id,
    contactId: wangJie.id,
    channel: "visit",
    occurredAt: Date.now() - 86_400_000,
    localDate: addDays(today, -1),
    occasion: "life_event",
    lifeEventId: closedWeddingId,
    idempotencyKey: "calendar-test-visit",
  });
});

async function createFeed(agent: Agent): Promise<{ token: string; html: string }> {
  const res = await postForm("/settings/calendar", {}, agent);
  expect(res.status).toBe(200);
  expect(res.headers.get("cache-control")).toBe("no-store");
  const html = await res.text();
  const token = html.match(/http:\/\/localhost:8787\/calendar\/([A-Za-z0-9_-]+)\.ics/)?.[1];
  expect(token).toBeDefined();
  return { token: token!, html };
}

const fetchFeed = (token: string) => request(`/calendar/${token}.ics`);

async function feedOf(agent: Agent): Promise<string> {
  const { token } = await createFeed(agent);
  const res = await fetchFeed(token);
  expect(res.status).toBe(200);
  return res.text();
}

async function tokenHash(userId: number) {
  const [u] = await db().select({ h: users.calendarTokenHash }).from(users).where(eq(users.id, userId));
  return u!.h;
}

describe("calendar feed URL (integration)", () => {
  it("the settings page offers the feed, off by default", async () => {
    const html = await (await request("/settings", { agent: rep })).text();
    expect(html).toContain("日历订阅");
    expect(html).toContain("尚未开启日历订阅");
    expect(html).toContain('action="/settings/calendar"');
  });

  it("creates a private URL shown once (webcal and https), stores only its hash", async () => {
    const { token, html } = await createFeed(rep);
    expect(html).toContain(`webcal://localhost:8787/calendar/${token}.ics`);
    expect(html).toContain(`${ORIGIN}/calendar/${token}.ics`);
    expect(await tokenHash(repId)).toBe(await sha256Hex(token));
    const [row] = await db().select().from(users).where(eq(users.id, repId));
    expect(JSON.stringify(row)).not.toContain(token);
    // The settings page says it is on, and does not show the URL again.
    const settings = await (await request("/settings", { agent: rep })).text();
    expect(settings).toContain("私人订阅链接已开启");
    expect(settings).not.toContain(token);
  });

  it("needs a session and the CSRF token to issue one; a failed attempt changes nothing", async () => {
    const before = await tokenHash(repId);
    const noCsrf = await postForm("/settings/calendar", {}, rep, { csrf: null });
    expect(noCsrf.status).toBe(403);
    const anonymous = await postForm("/settings/calendar", {});
    expect(anonymous.status).toBe(303);
    expect(anonymous.headers.get("location")).toContain("/signin");
    expect((await postForm("/settings/calendar/revoke", {}, rep, { csrf: "wrong" })).status).toBe(403);
    expect(await tokenHash(repId)).toBe(before);
  });

  it("an unknown or malformed token is a 404", async () => {
    expect((await fetchFeed("A".repeat(43))).status).toBe(404);
    expect((await fetchFeed("short")).status).toBe(404);
    expect((await request("/calendar/.ics")).status).toBe(404);
  });

  it("rotating makes the old URL 404 and the new one work; revoking makes it 404", async () => {
    const first = await createFeed(rep);
    expect((await fetchFeed(first.token)).status).toBe(200);
    const second = await createFeed(rep);
    expect(second.token).not.toBe(first.token);
    expect((await fetchFeed(first.token)).status).toBe(404);
    expect((await fetchFeed(second.token)).status).toBe(200);

    const revoked = await postForm("/settings/calendar/revoke", {}, rep);
    expect(revoked.status).toBe(303);
    expect(await tokenHash(repId)).toBeNull();
    expect((await fetchFeed(second.token)).status).toBe(404);
    expect(await (await request("/settings", { agent: rep })).text()).toContain("尚未开启日历订阅");
  });

  it("a deactivated user's feed is a 404", async () => {
    const u = await makeUser("rep", null);
    const { token } = await createFeed(await signedIn(u.id));
    expect((await fetchFeed(token)).status).toBe(200);
    await db().update(users).set({ active: false }).where(eq(users.id, u.id));
    expect((await fetchFeed(token)).status).toBe(404);
  });
});

describe("calendar feed content (integration)", () => {
  let doc: string;
  let events: Map<string, Record<string, string>>;

  beforeAll(async () => {
    doc = await feedOf(rep);
    events = eventsOf(doc);
  });

  it("is served as a private, cacheable text/calendar without a session", async () => {
    const { token } = await createFeed(rep);
    const res = await fetchFeed(token);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/calendar; charset=utf-8");
    expect(res.headers.get("cache-control")).toBe("private, max-age=900");
    const body = await res.text();
    expect(body.startsWith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n")).toBe(true);
    expect(body.endsWith("END:VCALENDAR\r\n")).toBe(true);
  });

  it("is a well-formed calendar: CRLF only, no line over 75 octets, balanced events, header fields", () => {
    expect(doc.replace(/\r\n/g, "")).not.toMatch(/[\r\n]/);
    for (const line of doc.split("\r\n")) expect(utf8.encode(line).length).toBeLessThanOrEqual(75);
    const lines = unfold(doc).split("\r\n");
    expect(lines).toContain("CALSCALE:GREGORIAN");
    expect(lines).toContain("X-WR-CALNAME:客情 · 张伟");
    expect(lines).toContain("X-WR-TIMEZONE:Asia/Shanghai");
    expect(lines.some((l) => l.startsWith("PRODID:"))).toBe(true);
    expect(lines.filter((l) => l === "BEGIN:VEVENT").length).toBe(lines.filter((l) => l === "END:VEVENT").length);
    expect(events.size).toBe(lines.filter((l) => l === "BEGIN:VEVENT").length);
  });

  it("holds the coming year's festivals on their official dates, with the window start as a reminder", () => {
    for (const key of ["spring_festival", "dragon_boat", "mid_autumn"] as const) {
      for (const [year, date] of officialInFeed(key)) {
        const e = events.get(`festival-${key}-${year}@keqing`);
        expect(e, `${key} ${year}`).toBeDefined();
        expect(e!.DTSTART).toBe(ics(date));
        expect(e!.DTEND).toBe(ics(addDays(date, 1)));
      }
    }
    const [year, date] = officialInFeed("mid_autumn").at(-1)!;
    const mid = events.get(`festival-mid_autumn-${year}@keqing`)!;
    expect(mid.SUMMARY).toBe("中秋节");
    expect(mid.DESCRIPTION).toContain("农历八月十五");
    expect(mid.DESCRIPTION).toContain("A 类门店（1 家）：拜访送礼、祝福短信");
    const windowStart = addDays(date, -10);
    if (inFeed(windowStart)) {
      const w = events.get(`festival-mid_autumn-${year}-window@keqing`)!;
      expect(w.DTSTART).toBe(ics(windowStart));
      expect(w.SUMMARY).toBe("中秋节窗口开始：A 类门店拜访送礼、祝福短信");
    }
  });

  it("holds a lunar birthday on the right solar date, with the lunar date noted and a prefilled quick-log link", () => {
    for (const [, date] of officialInFeed("mid_autumn")) {
      const e = events.get(`birthday-${wangJie.id}-${date}@keqing`);
      expect(e, date).toBeDefined();
      expect(e!.DTSTART).toBe(ics(date));
      expect(e!.SUMMARY).toBe("王姐生日（益丰大药房(解放路店)）");
      expect(e!.DESCRIPTION).toContain("农历八月十五");
      expect(e!.URL).toBe(`${ORIGIN}/log?storeId=${storeA.id}&channel=message&contactId=${wangJie.id}&occasion=birthday`);
    }
    // Exactly the birthdays inside the window (a solar 1 January: once, or twice when the window starts in late December).
    const year = Number(today.slice(0, 4));
    const expected = [year, year + 1, year + 2].map((y) => `${y}-01-01`).filter(inFeed);
    const liBirthdays = [...events.keys()].filter((uid) => uid.startsWith(`birthday-${liZong.id}-`)).sort();
    expect(liBirthdays).toEqual(expected.map((d) => `birthday-${liZong.id}-${d}@keqing`));
  });

  it("holds the due dates of open life-event follow-ups (R7 7 days, R8 3 days), not closed or dismissed ones", () => {
    const wedding = events.get(`followup-${weddingId}@keqing`);
    expect(wedding).toBeDefined();
    expect(wedding!.DTSTART).toBe(ics(addDays(today, 5)));
    expect(wedding!.SUMMARY).toBe("拜访道贺截止：李总（老百姓大药房）");
    expect(wedding!.DESCRIPTION).toContain("结婚");
    expect(wedding!.URL).toContain(`channel=visit&contactId=`);
    expect(wedding!.URL).toContain(`occasion=life_event&lifeEventId=${weddingId}`);
    const condolence = events.get(`followup-${bereavementId}@keqing`);
    expect(condolence!.DTSTART).toBe(ics(addDays(today, 2)));
    expect(condolence!.SUMMARY).toBe("拜访慰问截止：王姐（益丰大药房(解放路店)）");
    expect(events.has(`followup-${dismissedId}@keqing`)).toBe(false);
    expect(events.has(`followup-${closedWeddingId}@keqing`)).toBe(false);
  });

  it("holds nothing of other reps' stores, do-not-contact contacts, or personal data", () => {
    expect(doc).not.toContain("外人甲");
    expect(doc).not.toContain("别人的药房");
    expect(events.has(`followup-${outsiderEventId}@keqing`)).toBe(false);
    expect([...events.keys()].some((uid) => uid.startsWith(`birthday-${outsider.id}-`))).toBe(false);
    expect(doc).not.toContain("勿扰先生");
    const text = unfold(doc);
    for (const secret of ["PREF", "普洱茶", "FAM", "高三", "NOTE", "婚宴", "王芳", "13800000000"]) expect(text).not.toContain(secret);
    // R8: which misfortune it was stays out of a URL that may be shared.
    expect(text).not.toContain("亲人去世");
  });

  it("a manager's feed has the team's contacts; another team's rep sees none of them", async () => {
    const managerDoc = unfold(await feedOf(manager));
    expect(managerDoc).toContain("王姐生日");
    expect(managerDoc).toContain(`followup-${weddingId}@keqing`);
    expect(managerDoc).not.toContain("外人甲");
    const otherDoc = unfold(await feedOf(otherTeamRep));
    expect(otherDoc).toContain("外人甲生日（别人的药房）");
    expect(otherDoc).not.toContain("王姐");
    expect(otherDoc).not.toContain(`followup-${weddingId}@keqing`);
  });

  it("speaks the feed owner's language", async () => {
    const enDoc = unfold(await feedOf(enRep));
    expect(enDoc).toContain("X-WR-CALNAME:Keqing · ");
    expect(enDoc).toContain("SUMMARY:Mid-Autumn Festival\r\n");
    expect(enDoc).not.toContain("王姐"); // a teammate's stores are not this rep's
  });

  it("GET never changes data", async () => {
    const { token } = await createFeed(rep);
    const snapshot = async () => [
      await db().select().from(users).orderBy(users.id),
      await db().select().from(lifeEvents).orderBy(lifeEvents.id),
      await countRows("interactions"),
      await countRows("audit_log"),
      await countRows("sessions"),
      (await db().get<{ n: number }>(sql`select count(*) as n from contacts`))?.n,
    ];
    const before = await snapshot();
    for (let i = 0; i < 2; i++) expect((await fetchFeed(token)).status).toBe(200);
    expect((await request("/settings", { agent: rep })).status).toBe(200);
    expect(await snapshot()).toEqual(before);
  });
});
