// Integration (issue 9, item 3): every bad input is refused, the field named in the caller's
// language, nothing written — through the Worker against sqld. Strict interaction bodies, bounded
// request bodies, calendar dates that exist, sane date ranges, ids that must exist, control
// characters in free text, and no valibot default message on any API write.
import { beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { countRows, db, makeContact, makeStore, makeTeam, makeUser, resetDb } from "../helpers/db.ts";
import { postForm, request, sendJson, signedIn, type Agent } from "../helpers/http.ts";
import { contacts, greetingTemplates, interactions, lifeEvents } from "../../src/db/schema.ts";
import { messages } from "../../src/i18n/index.ts";
import { addDays, localDateOf, localTimeOf } from "../../src/domain/dates.ts";
import { leapMonthOf, lunarMonthDays } from "../../src/domain/calendar/lunar.ts";
import { InteractionInput } from "../../src/services/interaction-input.ts";
import {
  ContactCreateInput,
  ContactPatchInput,
  LifeEventCreateInput,
  LifeEventPatchInput,
  StoreCreateInput,
  StorePatchInput,
} from "../../src/services/store-input.ts";

const zh = messages("zh-CN");
const en = messages("en");
const TZ = "Asia/Shanghai";

type ErrorBody = { error: { code: string; message: string; fields?: Record<string, string> } };

let rep: Agent, repEn: Agent, manager: Agent, managerEn: Agent, admin: Agent;
let repId: number;
let store: { id: number }, storeA: { id: number };
let contact: { id: number; name: string };
let event: { id: number };
let birthdayTemplate: number;
let key = 0;
const newKey = () => `bad-input-${Date.now()}-${++key}`;
const today = () => localDateOf(Date.now(), TZ);

beforeAll(async () => {
  await resetDb();
  const team = await makeTeam("华中一组");
  const repUser = await makeUser("rep", team.id);
  repId = repUser.id;
  rep = await signedIn(repUser.id);
  repEn = await signedIn((await makeUser("rep", team.id, { locale: "en" })).id);
  manager = await signedIn((await makeUser("manager", team.id)).id);
  managerEn = await signedIn((await makeUser("manager", team.id, { locale: "en" })).id);
  admin = await signedIn((await makeUser("admin", null)).id);
  store = await makeStore(repUser.id, "B");
  storeA = await makeStore(repUser.id, "A");
  contact = await makeContact(store.id, { name: "王芳", formOfAddress: "王姐" });
  event = (await db().insert(lifeEvents).values({ contactId: contact.id, kind: "wedding", date: today() }).returning())[0]!;
  const [tpl] = await db().select({ id: greetingTemplates.id }).from(greetingTemplates).where(eq(greetingTemplates.occasion, "birthday")).limit(1);
  birthdayTemplate = tpl!.id;
});

/** Every table a refused write could have touched. */
const TABLES = ["interactions", "visit_insights", "audit_log", "stores", "contacts", "life_events", "teams", "users", "festivals", "greeting_templates", "api_tokens"];
const counts = () => Promise.all(TABLES.map((t) => countRows(t)));

/** Runs a request and checks that it wrote nothing. */
async function writesNothing(send: () => Promise<Response>): Promise<Response> {
  const before = await counts();
  const res = await send();
  expect(await counts()).toEqual(before);
  return res;
}

/** A 400 in the one error shape whose fields include `field`, with `message` when given. */
async function expectFieldError(res: Response, field: string, message?: string): Promise<Record<string, string>> {
  expect(res.status).toBe(400);
  const body = (await res.json<ErrorBody>());
  expect(body.error.code).toBe("validation_failed");
  expect(Object.keys(body.error.fields ?? {})).toContain(field);
  if (message !== undefined) expect(body.error.fields![field]).toBe(message);
  return body.error.fields!;
}

/** A page form refused: 400, the message beside its field. */
async function expectFormError(res: Response, field: string, message: string): Promise<string> {
  expect(res.status).toBe(400);
  const html = await res.text();
  expect(html).toContain(`id="${field}-error">${message}<`);
  return html;
}

const visit = (extra: Record<string, unknown> = {}) => ({
  storeId: store.id,
  channel: "visit",
  occurredAt: new Date().toISOString(),
  idempotencyKey: newKey(),
  ...extra,
});

/** The quick log's "when", an hour ago in the organisation's zone. */
const anHourAgo = () => {
  const t = Date.now() - 3_600_000;
  return `${localDateOf(t, TZ)}T${localTimeOf(t, TZ)}`;
};

describe("the interaction body is strict (integration)", () => {
  it.each([
    ["noets", { noets: "带了样品" }],
    ["repId", { repId: 2 }],
    ["insights.0.detial", { insights: [{ kind: "competitor", detail: "买二送一", detial: "x" }] }],
    ["gift.valeu", { gift: { what: "茶叶", value: 50, valeu: 50 } }],
  ])("refuses the unknown key %s, naming it", async (field, extra) => {
    const res = await writesNothing(() => sendJson("POST", "/api/interactions", visit(extra), rep));
    await expectFieldError(res, field, zh.validation.unknown_field);
  });

  it("refuses a megabyte of junk keys with a 413 before parsing it", async () => {
    const junk = Object.fromEntries(Array.from({ length: 60_000 }, (_, i) => [`junk${i}`, "xxxxx"]));
    const res = await writesNothing(() => sendJson("POST", "/api/interactions", visit(junk), rep));
    expect(res.status).toBe(413);
    expect(await res.json()).toEqual({ error: { code: "too_large", message: zh.validation.body_too_large } });
  });

  it("takes the largest legitimate body: 12 insights and every text at its limit, each character \\u-escaped", async () => {
    const s = (n: number) => "药".repeat(n);
    const body = {
      ...visit({ storeId: storeA.id }),
      gift: { what: s(100), value: 100 },
      problemSolved: s(500),
      trainingTopic: s(200),
      notes: s(2000),
      insights: Array.from({ length: 12 }, () => ({ kind: "competitor", subject: s(100), detail: s(1000), reason: s(500), action: s(500) })),
    };
    const json = JSON.stringify(body).replace(/[\u0080-\uffff]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, "0")}`);
    expect(json.length).toBeGreaterThan(160_000);
    const res = await request("/api/interactions", { method: "POST", body: json, headers: { "content-type": "application/json", "x-csrf-token": rep.csrf! }, agent: rep });
    expect(res.status).toBe(201);
    expect(((await res.json<{ notes: string }>())).notes).toBe(s(2000));
  });

  it("answers a page form over its bound with a 413 page, in the user's language", async () => {
    const res = await writesNothing(() =>
      postForm("/log", { storeId: String(store.id), channel: "visit", when: anHourAgo(), idempotencyKey: newKey(), notes: "x".repeat(1_100_000) }, repEn),
    );
    expect(res.status).toBe(413);
    expect(await res.text()).toContain(en.validation.body_too_large);
  });

  it("still takes the largest CSV text the import allows, uploaded or posted back from the preview", async () => {
    // 1,000,000 characters (MAX_IMPORT_CHARS), almost all Chinese: 3 MB as a file, 9 MB URL-encoded.
    const line = `${"药".repeat(190)},A,长沙\n`;
    const csv = `name,class,city\n${line.repeat(Math.floor((1_000_000 - 20) / line.length))}`;
    expect(csv.length).toBeLessThanOrEqual(1_000_000);
    const form = new FormData();
    form.set("_csrf", admin.csrf!);
    form.set("kind", "stores");
    form.set("file", new File([csv], "stores.csv", { type: "text/csv" }));
    const upload = await writesNothing(() => request("/admin/import/preview", { method: "POST", body: form, agent: admin }));
    const posted = await writesNothing(() => postForm("/admin/import", { kind: "stores", text: csv }, admin));
    for (const res of [upload, posted]) {
      expect(res.status).toBe(400); // the importer's own verdict, not the body bound's
      expect(await res.text()).toContain(zh.admin.importErrors.too_many_rows);
    }
  });
});

describe("an impossible calendar date is a 400 everywhere (integration)", () => {
  it.each([
    ["30 November + 1", "2026-11-31T10:00:00Z"],
    ["29 February of a common year", "2027-02-29T10:00:00+08:00"],
    ["a zone JavaScript cannot read", "2026-11-30T10:00:00+08"],
  ])("refuses occurredAt on %s", async (_, occurredAt) => {
    const res = await writesNothing(() => sendJson("POST", "/api/interactions", visit({ occurredAt }), rep));
    await expectFieldError(res, "occurredAt", zh.validation.bad_time);
  });

  it.each([
    ["from", "/api/interactions?from=2026-02-30"],
    ["to", "/api/interactions?to=2026-04-31"],
    ["month", "/api/progress?month=1900-12"],
    ["year", "/api/festivals?year=0000"],
  ])("refuses the query parameter %s", async (field, path) => {
    await expectFieldError(await request(path, { agent: rep }), field);
  });

  it("refuses a month before the calendar tables on the month page", async () => {
    const res = await request("/month?month=1900-12", { agent: rep });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain(zh.validation.bad_month);
  });

  it.each([
    ["an hour that does not exist", (d: string) => `${d}T25:00`],
    ["a day that does not exist", () => "2026-02-30T10:00"],
  ])("refuses the quick log's time with %s", async (_, when) => {
    const res = await writesNothing(() =>
      postForm("/log", { storeId: String(store.id), channel: "phone", when: when(today()), idempotencyKey: newKey() }, rep),
    );
    await expectFormError(res, "when", zh.validation.bad_time);
  });

  it("refuses a life event on a day that does not exist, by the API and the form", async () => {
    const api = await writesNothing(() => sendJson("POST", `/api/contacts/${contact.id}/life-events`, { kind: "wedding", date: "2026-04-31" }, rep));
    await expectFieldError(api, "date", zh.validation.bad_date);
    const form = await writesNothing(() => postForm(`/contacts/${contact.id}/events/new`, { kind: "wedding", date: "2026-04-31" }, rep));
    await expectFormError(form, "date", zh.validation.bad_date);
  });

  describe("birthdays", () => {
    const patch = (body: Record<string, unknown>) => sendJson("PATCH", `/api/contacts/${contact.id}`, body, rep);
    const solar = (month: number, day: number, birthYear: number | null) => ({ birthdayCalendar: "solar", birthdayMonth: month, birthdayDay: day, birthdayLeapMonth: false, birthYear });
    const lunar = (month: number, day: number, leap: boolean, birthYear: number | null) => ({
      birthdayCalendar: "lunar",
      birthdayMonth: month,
      birthdayDay: day,
      birthdayLeapMonth: leap,
      birthYear,
    });
    const stored = async () => (await db().select().from(contacts).where(eq(contacts.id, contact.id)))[0]!;
    // A lunar year and month of 29 days, a year without a leap month and one with, from the tables.
    const years = Array.from({ length: 40 }, (_, i) => 1960 + i);
    const short = years.flatMap((y) => Array.from({ length: 12 }, (_, m) => [y, m + 1] as const)).find(([y, m]) => lunarMonthDays(y, m) === 29)!;
    const noLeap = years.find((y) => leapMonthOf(y) === 0)!;
    const withLeap = years.find((y) => leapMonthOf(y) !== 0)!;

    it.each([
      ["solar 2/30", solar(2, 30, null), "birthdayDay", "no_such_day"],
      ["solar 4/31", solar(4, 31, null), "birthdayDay", "no_such_day"],
      ["solar 2/29 of a common year", solar(2, 29, 2001), "birthdayDay", "no_such_day"],
      ["a lunar 30th of a 29-day month", lunar(short[1], 30, false, short[0]), "birthdayDay", "no_such_day"],
      ["a lunar leap month in a year without one", lunar(4, 1, true, noLeap), "birthdayLeapMonth", "no_leap_month"],
    ] as const)("refuses %s and keeps the stored birthday", async (_, body, field, code) => {
      const before = await stored();
      const res = await writesNothing(() => patch(body));
      await expectFieldError(res, field, zh.validation[code]);
      expect(await stored()).toEqual(before);
    });

    it.each([
      ["solar 2/29 without a year", solar(2, 29, null)],
      ["solar 2/29 of a leap year", solar(2, 29, 2000)],
      ["a lunar 30th without a year", lunar(short[1], 30, false, null)],
      ["a lunar leap month in its year", lunar(leapMonthOf(withLeap), 1, true, withLeap)],
    ])("accepts %s", async (_, body) => {
      expect((await patch(body)).status).toBe(200);
    });

    it("refuses solar 2/29 of a common year on the contact form", async () => {
      const res = await writesNothing(() =>
        postForm(`/stores/${store.id}/contacts/new`, { name: "李明", role: "clerk", birthdayCalendar: "solar", birthdayMonth: "2", birthdayDay: "29", birthYear: "2001" }, rep),
      );
      await expectFormError(res, "birthdayDay", zh.validation.no_such_day);
    });
  });
});

describe("dates have sane ranges (integration)", () => {
  const post = (date: string, agent = rep) => sendJson("POST", `/api/contacts/${contact.id}/life-events`, { kind: "wedding", date }, agent);

  it.each([
    ["0000-01-01", (): string => "0000-01-01", "bad_date"],
    ["9999-12-31", (): string => "9999-12-31", "bad_date"],
    ["400 days ahead", () => addDays(today(), 400), "event_too_far_ahead"],
    ["400 days ago", () => addDays(today(), -400), "event_too_old"],
  ] as const)("refuses a life event dated %s", async (_, date, code) => {
    const res = await writesNothing(() => post(date()));
    await expectFieldError(res, "date", zh.validation[code]);
  });

  it("takes a wedding announced months ahead, and names the range in the caller's language", async () => {
    expect((await post(addDays(today(), 300))).status).toBe(201);
    await expectFieldError(await writesNothing(() => post(addDays(today(), 400), managerEn)), "date", en.validation.event_too_far_ahead);
  });

  it("refuses an out-of-range date on the life-event form", async () => {
    const res = await writesNothing(() => postForm(`/contacts/${contact.id}/events/new`, { kind: "new_baby", date: "9999-12-31" }, rep));
    await expectFormError(res, "date", zh.validation.bad_date);
    const late = await writesNothing(() => postForm(`/contacts/${contact.id}/events/new`, { kind: "new_baby", date: addDays(today(), -400) }, rep));
    await expectFormError(late, "date", zh.validation.event_too_old);
  });

  it("keeps an old event editable, but refuses moving it out of range", async () => {
    const old = addDays(today(), -800);
    const [ev] = await db().insert(lifeEvents).values({ contactId: contact.id, kind: "bereavement", date: old }).returning();
    expect((await sendJson("PATCH", `/api/life-events/${ev!.id}`, { notes: "已慰问", date: old }, rep)).status).toBe(200);
    const form = await postForm(`/contacts/${contact.id}/events/${ev!.id}/edit`, { kind: "bereavement", date: old, notes: "已慰问家属", state: "done" }, rep);
    expect(form.status).toBe(303);
    await expectFieldError(await sendJson("PATCH", `/api/life-events/${ev!.id}`, { date: addDays(old, -1) }, rep), "date", zh.validation.event_too_old);
    expect((await db().select().from(lifeEvents).where(eq(lifeEvents.id, ev!.id)))[0]).toMatchObject({ date: old, notes: "已慰问家属", state: "done" });
  });
});

describe("ids that must exist (integration)", () => {
  const birthdayMessage = (extra: Record<string, unknown> = {}) => visit({ channel: "message", contactId: contact.id, occasion: "birthday", ...extra });

  it("refuses a greeting template that does not exist", async () => {
    const res = await writesNothing(() => sendJson("POST", "/api/interactions", birthdayMessage({ greetingTemplateId: 999_999 }), rep));
    await expectFieldError(res, "greetingTemplateId", zh.validation.template_not_found);
  });

  it("refuses a template of another occasion", async () => {
    const res = await writesNothing(() => sendJson("POST", "/api/interactions", visit({ greetingTemplateId: birthdayTemplate }), rep));
    await expectFieldError(res, "greetingTemplateId", zh.validation.template_wrong_occasion);
  });

  it("stores a birthday greeting with its birthday template", async () => {
    const res = await sendJson("POST", "/api/interactions", birthdayMessage({ greetingTemplateId: birthdayTemplate }), rep);
    expect(res.status).toBe(201);
    expect(((await res.json<{ greetingTemplateId: number }>())).greetingTemplateId).toBe(birthdayTemplate);
  });

  it("refuses a festival named on a contact that is not for a festival (it would be dropped)", async () => {
    const res = await writesNothing(() => sendJson("POST", "/api/interactions", visit({ festivalKey: "mid_autumn" }), rep));
    await expectFieldError(res, "festivalKey", zh.validation.festival_only);
  });

  it("on the quick log, explains a template that does not exist and lets the rep submit again without it", async () => {
    const fields = {
      storeId: String(store.id),
      channel: "message",
      when: anHourAgo(),
      occasion: `birthday:${contact.id}`,
      greetingTemplateId: "999999",
      idempotencyKey: newKey(),
    };
    const res = await writesNothing(() => postForm("/log", fields, rep));
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain(zh.validation.template_not_found);
    expect(html).not.toContain('name="greetingTemplateId"');
    const { greetingTemplateId: _, ...again } = fields;
    expect((await postForm("/log", again, rep)).status).toBe(303);
  });

  it("on the quick log, leaves the e-mail's template out of a routine contact", async () => {
    const idempotencyKey = newKey();
    const res = await postForm("/log", { storeId: String(store.id), channel: "visit", when: anHourAgo(), greetingTemplateId: String(birthdayTemplate), idempotencyKey }, rep);
    expect(res.status).toBe(303);
    const [row] = await db().select().from(interactions).where(eq(interactions.idempotencyKey, idempotencyKey));
    expect(row!.greetingTemplateId).toBeNull();
  });
});

describe("control characters are refused in free text (integration)", () => {
  const NUL = "\u0000";

  it.each([
    ["POST /api/stores", () => sendJson("POST", "/api/stores", { name: `药房${NUL}`, tier: "B", repId }, manager), "name"],
    ["PATCH /api/stores/:id", () => sendJson("PATCH", `/api/stores/${store.id}`, { city: "长沙\u001b[31m" }, rep), "city"],
    ["POST /api/stores/:id/contacts", () => sendJson("POST", `/api/stores/${store.id}/contacts`, { name: "李明", role: "clerk", tags: ["爱喝茶\u0007"] }, rep), "tags.0"],
    ["PATCH /api/contacts/:id", () => sendJson("PATCH", `/api/contacts/${contact.id}`, { name: `王${NUL}芳` }, rep), "name"],
    ["POST /api/contacts/:id/life-events", () => sendJson("POST", `/api/contacts/${contact.id}/life-events`, { kind: "wedding", date: today(), notes: `周六${NUL}` }, rep), "notes"],
    ["PATCH /api/life-events/:id", () => sendJson("PATCH", `/api/life-events/${event.id}`, { notes: "\u0085" }, rep), "notes"],
    ["POST /api/interactions notes", () => sendJson("POST", "/api/interactions", visit({ notes: `带了样品${NUL}` }), rep), "notes"],
    ["POST /api/interactions, half a surrogate pair", () => sendJson("POST", "/api/interactions", visit({ notes: "样品\ud800" }), rep), "notes"],
    ["POST /api/interactions insight", () => sendJson("POST", "/api/interactions", visit({ insights: [{ kind: "competitor", detail: `买二送一${NUL}` }] }), rep), "insights.0.detail"],
    ["GET /api/stores?q", () => request(`/api/stores?q=${encodeURIComponent(`药${NUL}`)}`, { agent: rep }), "q"],
  ])("%s", async (_, send, field) => {
    const res = await writesNothing(send);
    await expectFieldError(res, field, zh.validation.control_chars);
  });

  it("keeps the contact's name as it was", async () => {
    await sendJson("PATCH", `/api/contacts/${contact.id}`, { name: `王${NUL}芳` }, rep);
    expect((await db().select().from(contacts).where(eq(contacts.id, contact.id)))[0]!.name).toBe("王芳");
    expect(await (await request(`/contacts/${contact.id}`, { agent: rep })).text()).not.toContain(NUL);
  });

  it("takes tabs, line feeds and carriage returns", async () => {
    const res = await sendJson("POST", "/api/interactions", visit({ notes: "第一行\r\n第二行\t完" }), rep);
    expect(res.status).toBe(201);
    expect(((await res.json<{ notes: string }>())).notes).toBe("第一行\r\n第二行\t完");
  });

  it.each([
    ["the store form", () => postForm("/stores", { name: `药房${NUL}`, class: "B", repId: String(repId) }, manager), "name"],
    ["the contact form", () => postForm(`/contacts/${contact.id}/edit`, { name: "王芳", role: "clerk", familyNotes: `女儿${NUL}高考` }, rep), "familyNotes"],
    ["the life-event form", () => postForm(`/contacts/${contact.id}/events/new`, { kind: "wedding", date: today(), notes: `周六${NUL}` }, rep), "notes"],
    ["the quick log", () => postForm("/log", { storeId: String(store.id), channel: "visit", when: anHourAgo(), idempotencyKey: newKey(), notes: `样品${NUL}` }, rep), "notes"],
    ["the token form", () => postForm("/settings/tokens", { name: `脚本${NUL}` }, rep), "name"],
    ["the team form", () => postForm("/admin/teams", { name: `华南${NUL}组` }, admin), "name"],
    ["the user form", () => postForm("/admin/users", { email: "new.user@test.local", name: `张${NUL}三`, role: "rep", teamId: "", locale: "zh-CN", digestTime: "07:30" }, admin), "name"],
    [
      "the festival form",
      () =>
        postForm(
          "/admin/festivals",
          { key: "lantern", nameZh: `元宵${NUL}节`, nameEn: "Lantern", calendar: "lunar", month: "1", day: "15", windowBefore: "3", windowAfter: "1", leadDays: "5", active: "1" },
          admin,
        ),
      "nameZh",
    ],
    ["the template form", () => postForm("/admin/templates", { occasion: "birthday", locale: "zh-CN", body: `{称呼}生日快乐${NUL}`, active: "1" }, admin), "body"],
  ])("refuses a control character on %s", async (_, send, field) => {
    const res = await writesNothing(send);
    await expectFormError(res, field, zh.validation.control_chars);
  });

  it("refuses a control character in an imported CSV cell", async () => {
    const res = await writesNothing(() => postForm("/admin/import/preview", { kind: "stores", text: `name,class,city\n药${NUL}房,A,长沙\n` }, admin));
    expect(res.status).toBe(400);
    expect(await res.text()).toContain(zh.admin.importErrors.control_chars);
  });
});

describe("every field error is in the caller's language (integration)", () => {
  const WRONG: unknown[] = [12345, -1.5, "x", true, [], [1, "a"], {}, { a: 1 }, null];
  const keysOf = (schema: { entries: Record<string, unknown> }) => Object.keys(schema.entries);
  const every = (keys: string[], value: unknown) => Object.fromEntries(keys.map((k) => [k, value]));
  /** Valid except for what `extra` breaks, so nested objects are reached. */
  const nested = (extra: Record<string, unknown>) => ({ ...visit(), ...extra });

  type Call = { label: string; send: (agent: Agent) => Promise<Response> };
  const writes = (): Call[] => {
    const bodies = (keys: string[]) => [{}, ...WRONG.map((w) => every(keys, w))];
    const calls: Call[] = [];
    const add = (method: string, path: string, keys: string[], asManager = false) => {
      for (const body of bodies(keys)) calls.push({ label: `${method} ${path} ${JSON.stringify(body).slice(0, 60)}`, send: (a) => sendJson(method, path, body, asManager ? (a === rep ? manager : managerEn) : a) });
    };
    add("POST", "/api/interactions", keysOf(InteractionInput));
    for (const extra of [{ insights: [{}] }, { insights: [{ kind: 1, detail: [], subject: {}, extra: 1 }] }, { gift: {} }, { gift: { what: 1, value: "x", extra: 1 } }, { insights: "x" }]) {
      calls.push({ label: `POST /api/interactions ${JSON.stringify(extra)}`, send: (a) => sendJson("POST", "/api/interactions", nested(extra), a) });
    }
    add("POST", "/api/stores", keysOf(StoreCreateInput), true);
    add("PATCH", `/api/stores/${store.id}`, keysOf(StorePatchInput));
    add("POST", `/api/stores/${store.id}/contacts`, keysOf(ContactCreateInput));
    add("PATCH", `/api/contacts/${contact.id}`, keysOf(ContactPatchInput));
    add("POST", `/api/contacts/${contact.id}/life-events`, keysOf(LifeEventCreateInput));
    add("PATCH", `/api/life-events/${event.id}`, keysOf(LifeEventPatchInput));
    for (const path of [
      "/api/interactions?storeId=x&from=x&to=2026-02-30&limit=x&cursor=x",
      "/api/progress?month=x&repId=x",
      "/api/festivals",
      "/api/festivals?year=x",
      "/api/stores?class=x&limit=x&cursor=!&archived=x",
    ]) {
      calls.push({ label: `GET ${path}`, send: (a) => request(path, { agent: a }) });
    }
    return calls;
  };

  it.each([
    ["zh-CN", () => rep, zh],
    ["en", () => repEn, en],
  ] as const)("never answers a %s caller with valibot's English", async (_, agent, t) => {
    const known = new Set(Object.values(t.validation));
    const endpoints = new Set<string>();
    for (const call of writes()) {
      const res = await call.send(agent());
      if (res.status !== 400) continue;
      const body = (await res.json<ErrorBody>());
      endpoints.add(call.label.split(" ").slice(0, 2).join(" ").replace(/\?.*/, ""));
      for (const [field, message] of Object.entries(body.error.fields ?? {})) {
        expect(message, `${call.label} → ${field}`).not.toMatch(/Invalid|Expected|Received/);
        expect(known.has(message), `${call.label} → ${field}: "${message}" is not a ${t.common.languageName} message`).toBe(true);
      }
    }
    // Every write endpoint and every query was reached with something it refused.
    expect(endpoints.size).toBe(11);
  });

  it("names a missing key as required, in the caller's language", async () => {
    const res = await sendJson("POST", "/api/interactions", {}, rep);
    const fields = await expectFieldError(res, "storeId", zh.validation.required);
    expect(fields).toMatchObject({ channel: zh.validation.required, occurredAt: zh.validation.required, idempotencyKey: zh.validation.required });
    const resEn = await sendJson("POST", "/api/interactions", {}, repEn);
    await expectFieldError(resEn, "storeId", en.validation.required);
  });

  it("translates the admin user form's time error instead of showing its code", async () => {
    const res = await writesNothing(() =>
      postForm("/admin/users", { email: "time.user@test.local", name: "赵六", role: "rep", teamId: "", locale: "zh-CN", digestTime: "25:00" }, admin),
    );
    await expectFormError(res, "digestTime", zh.validation.hhmm);
  });

  it("answers a body that is not JSON in the caller's language", async () => {
    const res = await request("/api/interactions", { method: "POST", body: "{nope", headers: { "content-type": "application/json", "x-csrf-token": repEn.csrf! }, agent: repEn });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ error: { code: "bad_request", message: en.validation.not_json } });
  });
});
