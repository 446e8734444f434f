// Integration: the admin pages (/admin/*) through the Worker against the real sqld — access by role,
// every form's bad input (400, the error beside its field, nothing written), and the round trips:
// users, teams, policy, festivals (seen by GET /api/festivals), CSV import (preview, atomic import).
import { beforeAll, describe, expect, it } from "vitest";
import { and, eq, isNull } from "drizzle-orm";
import { countRows, db, makeStore, makeTeam, makeUser, resetDb } from "../helpers/db.ts";
import { postForm, request, signedIn, type Agent } from "../helpers/http.ts";
import { apiTokens, auditLog, contacts, festivals, policy, sessions, storeAssignments, stores, teams, users } from "../../src/db/schema.ts";
import { createApiToken } from "../../src/auth/api-tokens.ts";
import { DEFAULT_POLICY, DEFAULT_RULES, withDefaults, type PolicyRules } from "../../src/domain/policy.ts";
import { localDateOf } from "../../src/domain/dates.ts";
import { LIFE_EVENT_KINDS } from "../../src/domain/types.ts";

type User = Awaited<ReturnType<typeof makeUser>>;

let team: Awaited<ReturnType<typeof makeTeam>>;
let admin: User;
let manager: User;
let rep: User;
let asAdmin: Agent;
let asManager: Agent;
let asRep: Agent;

beforeAll(async () => {
  await resetDb();
  team = await makeTeam("华中一组");
  admin = await makeUser("admin", null, { email: "admin@test.local", name: "管理员", locale: "en" });
  manager = await makeUser("manager", team.id);
  rep = await makeUser("rep", team.id, { email: "wang.fang@test.local", name: "王芳" });
  asAdmin = await signedIn(admin.id);
  asManager = await signedIn(manager.id);
  asRep = await signedIn(rep.id);
});

/** The field's error is rendered right after its control (or its group of checkboxes), before any other field. */
function expectErrorBeside(html: string, name: string): void {
  const control = html.indexOf(`id="${name}"`);
  const error = html.indexOf(`id="${name}-error"`);
  expect(control, `control ${name}`).toBeGreaterThan(-1);
  expect(error, `error of ${name}`).toBeGreaterThan(control);
  const between = html.slice(control + 1, error).replaceAll(new RegExp(`<input[^>]*name="${name.replace(/\./g, "\\.")}"[^>]*>`, "g"), "");
  expect(between).not.toMatch(/<(input|select|textarea)[\s>]/);
}

function postMultipart(path: string, form: FormData, agent?: Agent) {
  if (agent?.csrf) form.set("_csrf", agent.csrf);
  return request(path, { method: "POST", body: form, agent });
}

/** What a browser submits for the preview's hidden textarea: entities decoded, the one leading line break dropped. */
function hiddenText(html: string): string {
  const m = /<textarea name="text" hidden[^>]*>([\s\S]*?)<\/textarea>/.exec(html);
  expect(m, "hidden textarea").not.toBeNull();
  const raw = m![1]!.replace(/^\r?\n/, "");
  return raw.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, "&");
}

const tableCounts = async (...tables: string[]) => Promise.all(tables.map((t) => countRows(t)));

describe("admin access (integration)", () => {
  const pages = () => [
    "/admin",
    "/admin/users",
    "/admin/users/new",
    `/admin/users/${rep.id}`,
    "/admin/teams",
    "/admin/policy",
    "/admin/festivals",
    "/admin/festivals/new",
    "/admin/import",
  ];

  it("sends a visitor to sign in (303)", async () => {
    for (const path of pages()) {
      const res = await request(path);
      expect(res.status, path).toBe(303);
      expect(res.headers.get("location"), path).toBe(`/signin?next=${encodeURIComponent(path)}`);
    }
  });

  it("answers reps and managers 404 on every page, as for a page that does not exist", async () => {
    for (const agent of [asRep, asManager]) {
      for (const path of [...pages(), "/admin/nope"]) expect((await request(path, { agent })).status, path).toBe(404);
    }
  });

  it("shows every page to an admin", async () => {
    const [fest] = await db().select({ id: festivals.id }).from(festivals).limit(1);
    for (const path of [...pages(), `/admin/festivals/${fest!.id}`]) {
      const res = await request(path, { agent: asAdmin });
      expect(res.status, path).toBe(200);
      expect(res.headers.get("content-type"), path).toMatch(/text\/html/);
    }
  });

  it("refuses every admin form post from a rep or a manager with 404, writing nothing", async () => {
    const other = await makeTeam();
    const before = await tableCounts("users", "teams", "festivals", "stores");
    const policyBefore = await db().select().from(policy);
    const posts: [string, Record<string, string>][] = [
      ["/admin/users", { email: "x@test.local", name: "X", role: "admin", locale: "zh-CN", digestTime: "07:30" }],
      [`/admin/users/${rep.id}`, { email: rep.email, name: "改名", role: "admin", locale: "zh-CN", digestTime: "07:30" }],
      [`/admin/users/${admin.id}/deactivate`, {}],
      [`/admin/users/${rep.id}/reactivate`, {}],
      ["/admin/teams", { name: "新组" }],
      [`/admin/teams/${other.id}`, { name: "改名" }],
      [`/admin/teams/${other.id}/delete`, {}],
      ["/admin/policy", { "quotas.visit.A": "1" }],
      ["/admin/festivals", { key: "lantern" }],
      ["/admin/import/preview", { kind: "stores", text: "name,class,city\n店,A,长沙\n" }],
      ["/admin/import", { kind: "stores", text: "name,class,city\n店,A,长沙\n" }],
    ];
    for (const agent of [asRep, asManager]) {
      for (const [path, fields] of posts) expect((await postForm(path, fields, agent)).status, path).toBe(404);
    }
    // A visitor posting is sent to sign in.
    expect((await postForm("/admin/teams", { name: "新组" })).status).toBe(303);
    expect(await tableCounts("users", "teams", "festivals", "stores")).toEqual(before);
    expect(await db().select().from(policy)).toEqual(policyBefore);
    expect((await db().select().from(users).where(eq(users.id, admin.id)))[0]!.active).toBe(true);
  });

  it("refuses an admin form post without the CSRF token", async () => {
    const before = await countRows("teams");
    expect((await postForm("/admin/teams", { name: "无令牌" }, asAdmin, { csrf: null })).status).toBe(403);
    expect(await countRows("teams")).toBe(before);
  });
});

describe("admin users (integration)", () => {
  const valid = { email: " Li.Na@Test.local ", name: "李娜", role: "rep", teamId: "", locale: "zh-CN", digestTime: "08:15" };

  it("creates a user with a normalised e-mail, in a team", async () => {
    const res = await postForm("/admin/users", { ...valid, teamId: String(team.id) }, asAdmin);
    expect(res.status).toBe(303);
    const [row] = await db().select().from(users).where(eq(users.email, "li.na@test.local"));
    expect(row).toMatchObject({ name: "李娜", role: "rep", teamId: team.id, locale: "zh-CN", digestTime: "08:15", active: true });
    expect(res.headers.get("location")).toBe(`/admin/users/${row!.id}?done=created`);
    const list = await (await request("/admin/users?q=li.na", { agent: asAdmin })).text();
    expect(list).toContain("li.na@test.local");
    expect(list).not.toContain("wang.fang@test.local");
  });

  it("re-renders bad input with each error beside its field, keeps the input, writes nothing", async () => {
    const before = await countRows("users");
    const res = await postForm("/admin/users", { email: "not-an-email", name: "  ", role: "boss", teamId: "x", locale: "fr", digestTime: "25:00" }, asAdmin);
    expect(res.status).toBe(400);
    const html = await res.text();
    for (const field of ["email", "name", "role", "teamId", "locale", "digestTime"]) expectErrorBeside(html, field);
    expect(html).toContain('value="not-an-email"');
    expect(await countRows("users")).toBe(before);
  });

  it("refuses an e-mail already in use, and a team that does not exist", async () => {
    const before = await countRows("users");
    const res = await postForm("/admin/users", { ...valid, email: "WANG.FANG@test.local", teamId: "999999" }, asAdmin);
    expect(res.status).toBe(400);
    const html = await res.text();
    expectErrorBeside(html, "email");
    expectErrorBeside(html, "teamId");
    expect(html).toContain("This e-mail is already in use"); // the admin's language (en)
    expect(await countRows("users")).toBe(before);
  });

  it("edits a user, and will not let an admin drop their own admin role", async () => {
    const u = await makeUser("rep", null);
    const ok = await postForm(`/admin/users/${u.id}`, { email: u.email, name: "新名字", role: "manager", teamId: String(team.id), locale: "en", digestTime: "06:45" }, asAdmin);
    expect(ok.status).toBe(303);
    expect((await db().select().from(users).where(eq(users.id, u.id)))[0]).toMatchObject({ name: "新名字", role: "manager", teamId: team.id, locale: "en", digestTime: "06:45" });

    const self = await postForm(`/admin/users/${admin.id}`, { email: admin.email, name: admin.name, role: "rep", teamId: "", locale: "en", digestTime: "07:30" }, asAdmin);
    expect(self.status).toBe(400);
    expectErrorBeside(await self.text(), "role");
    expect((await db().select().from(users).where(eq(users.id, admin.id)))[0]!.role).toBe("admin");
  });

  it("answers 404 for a user id that does not exist", async () => {
    expect((await request("/admin/users/999999", { agent: asAdmin })).status).toBe(404);
    expect((await request("/admin/users/abc", { agent: asAdmin })).status).toBe(404);
    expect((await postForm("/admin/users/999999/deactivate", {}, asAdmin)).status).toBe(404);
  });

  it("deactivation revokes every session and API token at once; reactivation does not revive them", async () => {
    const u = await makeUser("rep", team.id);
    const phone = await signedIn(u.id);
    const laptop = await signedIn(u.id);
    const { token } = await createApiToken(db(), u.id, "script");
    expect((await request("/api/me", { agent: phone })).status).toBe(200);
    expect((await request("/api/me", { agent: { bearer: token } })).status).toBe(200);

    const res = await postForm(`/admin/users/${u.id}/deactivate`, {}, asAdmin);
    expect(res.status).toBe(303);
    expect((await db().select().from(users).where(eq(users.id, u.id)))[0]!.active).toBe(false);
    expect((await db().select().from(sessions).where(eq(sessions.userId, u.id))).every((s) => s.revokedAt !== null)).toBe(true);
    expect((await db().select().from(apiTokens).where(eq(apiTokens.userId, u.id))).every((t) => t.revokedAt !== null)).toBe(true);
    for (const agent of [phone, laptop, { bearer: token }]) expect((await request("/api/me", { agent })).status).toBe(401);

    expect((await postForm(`/admin/users/${u.id}/reactivate`, {}, asAdmin)).status).toBe(303);
    expect((await db().select().from(users).where(eq(users.id, u.id)))[0]!.active).toBe(true);
    expect((await request("/api/me", { agent: phone })).status).toBe(401);
    expect((await request("/api/me", { agent: { bearer: token } })).status).toBe(401);
  });

  it("will not let an admin deactivate themselves", async () => {
    const res = await postForm(`/admin/users/${admin.id}/deactivate`, {}, asAdmin);
    expect(res.status).toBe(400);
    expect((await db().select().from(users).where(eq(users.id, admin.id)))[0]!.active).toBe(true);
    expect((await request("/admin", { agent: asAdmin })).status).toBe(200);
  });
});

describe("admin teams (integration)", () => {
  it("creates, renames and deletes an empty team", async () => {
    expect((await postForm("/admin/teams", { name: "  华南二组 " }, asAdmin)).status).toBe(303);
    const [t] = await db().select().from(teams).where(eq(teams.name, "华南二组"));
    expect(t).toBeDefined();
    expect((await postForm(`/admin/teams/${t!.id}`, { name: "华南三组" }, asAdmin)).status).toBe(303);
    expect((await db().select().from(teams).where(eq(teams.id, t!.id)))[0]!.name).toBe("华南三组");
    expect((await postForm(`/admin/teams/${t!.id}/delete`, {}, asAdmin)).status).toBe(303);
    expect(await db().select().from(teams).where(eq(teams.id, t!.id))).toEqual([]);
  });

  it("shows each team's manager and rep count", async () => {
    const html = await (await request("/admin/teams", { agent: asAdmin })).text();
    expect(html).toContain(manager.name);
    expect(html).toContain(`href="/admin/users/${manager.id}"`);
  });

  it("refuses an empty or taken name beside the field, writing nothing", async () => {
    const before = await countRows("teams");
    const empty = await postForm("/admin/teams", { name: "   " }, asAdmin);
    expect(empty.status).toBe(400);
    expectErrorBeside(await empty.text(), "name");
    const taken = await postForm("/admin/teams", { name: team.name }, asAdmin);
    expect(taken.status).toBe(400);
    expectErrorBeside(await taken.text(), "name");
    expect(await countRows("teams")).toBe(before);

    const other = await makeTeam();
    const rename = await postForm(`/admin/teams/${other.id}`, { name: team.name }, asAdmin);
    expect(rename.status).toBe(400);
    const html = await rename.text();
    expectErrorBeside(html, `name-${other.id}`);
    expect(html).toContain(`value="${team.name}"`);
    expect((await db().select().from(teams).where(eq(teams.id, other.id)))[0]!.name).toBe(other.name);
  });

  it("will not delete a team that has members", async () => {
    const res = await postForm(`/admin/teams/${team.id}/delete`, {}, asAdmin);
    expect(res.status).toBe(409);
    expect(await db().select().from(teams).where(eq(teams.id, team.id))).toHaveLength(1);
    expect((await db().select().from(users).where(eq(users.id, rep.id)))[0]!.teamId).toBe(team.id);
  });
});

/** The policy form as the page posts it. */
function policyForm(p: PolicyRules): Record<string, string | string[]> {
  const f: Record<string, string | string[]> = {
    sameDayRepeats: p.sameDayRepeats,
    helpAskedPerRep: String(p.helpAskedPerRep),
    "problemsSolved.scope": p.problemsSolved.scope,
    trainingsPerRep: String(p.trainingsPerRep),
    intelItemsPerVisit: String(p.intelItemsPerVisit),
    giftCapPerStoreYear: String(p.giftCapPerStoreYear),
    interactionEditDays: String(p.interactionEditDays),
    mourningDays: String(p.mourningDays),
    workingDays: p.workingDays.map(String),
    extraNonWorkingDates: p.extraNonWorkingDates.join("\r\n"),
    timeZone: p.timeZone,
    "digest.defaultTime": p.digest.defaultTime,
    "digest.cutoffTime": p.digest.cutoffTime,
    "digest.weeklyDay": String(p.digest.weeklyDay),
    "digest.maxPlanItems": String(p.digest.maxPlanItems),
    "digest.skipClosedDays": String(p.digest.skipClosedDays),
    "checkIn.onSiteMeters": String(p.checkIn.onSiteMeters),
    "paceBands.onPace": String(p.paceBands.onPace),
    "paceBands.slipping": String(p.paceBands.slipping),
  };
  for (const ch of ["visit", "phone", "message"] as const) f[`digest.planCapacity.${ch}`] = String(p.digest.planCapacity[ch]);
  if (p.officialHolidaysOff) f.officialHolidaysOff = "1";
  if (p.checkIn.enabled) f["checkIn.enabled"] = "1";
  for (const ch of ["visit", "phone", "message"] as const) for (const k of ["A", "B", "C"] as const) f[`quotas.${ch}.${k}`] = String(p.quotas[ch][k]);
  for (const k of ["A", "B", "C"] as const) f[`problemsSolved.perClass.${k}`] = String(p.problemsSolved.perClass[k]);
  for (const k of ["birthday", ...LIFE_EVENT_KINDS] as const) {
    f[`followUps.${k}.channel`] = p.followUps[k].channel;
    f[`followUps.${k}.dueDays`] = String(p.followUps[k].dueDays);
  }
  return f;
}

describe("admin policy (integration)", () => {
  it("shows the stored policy in the form", async () => {
    const html = await (await request("/admin/policy", { agent: asAdmin })).text();
    expect(html).toMatch(/id="quotas\.visit\.A"[^>]*value="8"|value="8"[^>]*id="quotas\.visit\.A"/);
    expect(html).toContain('value="Asia/Shanghai"');
  });

  it("saves an edited policy and shows it back (round trip)", async () => {
    const edited: PolicyRules = structuredClone(DEFAULT_RULES);
    edited.quotas.visit.A = 10;
    edited.quotas.message.C = 0;
    edited.workingDays = [1, 2, 3, 4, 5];
    edited.officialHolidaysOff = false; // on by default
    edited.extraNonWorkingDates = ["2026-05-06", "2026-05-04"];
    edited.problemsSolved = { perClass: { A: 3, B: 1, C: 0 }, scope: "rep" };
    edited.followUps.birthday = { channel: "phone", dueDays: 1 };
    edited.followUps.illness = { channel: "visit", dueDays: 5 };
    edited.giftCapPerStoreYear = 1500.5;
    edited.interactionEditDays = 3;
    edited.mourningDays = 365;
    edited.sameDayRepeats = "each";
    edited.timeZone = "Asia/Urumqi";
    edited.digest = { defaultTime: "06:30", cutoffTime: "11:00", weeklyDay: 5, maxPlanItems: 20, planCapacity: { visit: 5, phone: 0, message: 12 }, skipClosedDays: 7 };
    edited.checkIn = { enabled: true, onSiteMeters: 150 }; // off by default
    edited.paceBands = { onPace: 90, slipping: 60 };
    const res = await postForm("/admin/policy", { ...policyForm(edited), extraNonWorkingDates: "2026-05-06\r\n\r\n 2026-05-04 \r\n" }, asAdmin);
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/admin/policy?done=saved");
    const [row] = await db().select().from(policy).where(eq(policy.id, 1));
    expect(row!.data).toEqual({ ...edited, extraNonWorkingDates: ["2026-05-04", "2026-05-06"] });
    expect(row!.updatedBy).toBe(admin.id);

    const html = await (await request("/admin/policy?done=saved", { agent: asAdmin })).text();
    expect(html).toContain('value="Asia/Urumqi"');
    expect(html).toContain("2026-05-04\n2026-05-06");
    expect(html).toMatch(/name="workingDays" value="6"(?! checked)/);
  });

  it("refuses bad values beside each field and leaves the stored policy as it was", async () => {
    const [before] = await db().select().from(policy).where(eq(policy.id, 1));
    const form = {
      ...policyForm(DEFAULT_POLICY),
      "quotas.visit.A": "-1",
      "quotas.phone.B": "",
      "problemsSolved.perClass.C": "1.5",
      intelItemsPerVisit: "7",
      "followUps.wedding.channel": "pigeon",
      "followUps.accident.dueDays": "99",
      giftCapPerStoreYear: "abc",
      workingDays: [] as string[],
      extraNonWorkingDates: "2026-01-01\nnot a date",
      timeZone: "Mars/Olympus",
      "digest.defaultTime": "13:00",
      "digest.cutoffTime": "12:00",
      "digest.weeklyDay": "8",
      "digest.maxPlanItems": "0",
      "digest.planCapacity.phone": "51",
      "digest.skipClosedDays": "0",
      "checkIn.onSiteMeters": "5",
      "paceBands.onPace": "101",
    };
    const res = await postForm("/admin/policy", form, asAdmin);
    expect(res.status).toBe(400);
    const html = await res.text();
    for (const field of [
      "quotas.visit.A",
      "quotas.phone.B",
      "problemsSolved.perClass.C",
      "intelItemsPerVisit",
      "followUps.wedding.channel",
      "followUps.accident.dueDays",
      "giftCapPerStoreYear",
      "workingDays",
      "extraNonWorkingDates",
      "timeZone",
      "digest.weeklyDay",
      "digest.maxPlanItems",
      "digest.planCapacity.phone",
      "digest.skipClosedDays",
      "checkIn.onSiteMeters",
      "paceBands.onPace",
    ]) {
      expectErrorBeside(html, field);
    }
    expect(html).toContain("Line 2 is not a valid date");
    expect(html).toContain('value="-1"');
    expect(html).toContain('value="Mars/Olympus"');
    expect(await db().select().from(policy).where(eq(policy.id, 1))).toEqual([before]);
  });

  it("puts the digest-before-cut-off rule beside the cut-off, and refuses a day that does not exist", async () => {
    const [before] = await db().select().from(policy).where(eq(policy.id, 1));
    const res = await postForm(
      "/admin/policy",
      {
        ...policyForm(DEFAULT_POLICY),
        "digest.defaultTime": "12:30",
        "digest.cutoffTime": "12:00",
        extraNonWorkingDates: "2026-02-30",
        "paceBands.onPace": "80",
        "paceBands.slipping": "80",
      },
      asAdmin,
    );
    expect(res.status).toBe(400);
    const html = await res.text();
    expectErrorBeside(html, "digest.cutoffTime");
    expectErrorBeside(html, "paceBands.slipping");
    expectErrorBeside(html, "extraNonWorkingDates");
    expect(await db().select().from(policy).where(eq(policy.id, 1))).toEqual([before]);
  });
});

type ApiFestival = { key: string; name: string; date: string };
const festivalsOf = async (year: number) => (await request(`/api/festivals?year=${year}`)).json<ApiFestival[]>();

describe("admin festivals (integration)", () => {
  const lantern = {
    key: "lantern_festival",
    nameZh: "元宵节",
    nameEn: "Lantern Festival",
    calendar: "lunar",
    month: "1",
    day: "15",
    windowBefore: "3",
    windowAfter: "1",
    leadDays: "5",
    "actions.A": ["visit", "message"],
    "actions.B": ["message"],
    "actions.C": ["message"],
    active: "1",
  };

  it("adds a festival that then appears in GET /api/festivals on its official date", async () => {
    const res = await postForm("/admin/festivals", lantern, asAdmin);
    expect(res.status).toBe(303);
    const [row] = await db().select().from(festivals).where(eq(festivals.key, "lantern_festival"));
    expect(row).toMatchObject({ nameZh: "元宵节", calendar: "lunar", month: 1, day: 15, windowBefore: 3, leadDays: 5, active: true });
    expect(row!.actions).toEqual({ A: ["visit", "message"], B: ["message"], C: ["message"] });
    // Spring Festival 2026 is Feb 17, so lunar 1/15 is Mar 3; in 2027 (Feb 6) it is Feb 20.
    expect(await festivalsOf(2026)).toContainEqual({ key: "lantern_festival", name: "元宵节", date: "2026-03-03" });
    expect(await festivalsOf(2027)).toContainEqual({ key: "lantern_festival", name: "元宵节", date: "2027-02-20" });

    const list = await (await request("/admin/festivals", { agent: asAdmin })).text();
    expect(list).toContain("Lantern Festival"); // the admin reads English
    // "This year" is the organisation's: in its time zone, whatever the policy says now.
    const [pol] = await db().select().from(policy).where(eq(policy.id, 1));
    const year = Number(localDateOf(Date.now(), withDefaults(pol!.data).timeZone).slice(0, 4));
    const dates = await Promise.all([year, year + 1].map(festivalsOf));
    for (const d of dates) expect(list).toContain(d.find((f) => f.key === "lantern_festival")!.date);
  });

  it("edits a festival but keeps its key; an inactive one leaves the API", async () => {
    const [row] = await db()
      .insert(festivals)
      .values({ key: "qixi", nameZh: "七夕", nameEn: "Qixi", calendar: "lunar", month: 7, day: 7, windowBefore: 3, windowAfter: 0, leadDays: 3, actions: { A: ["message"], B: [], C: [] } })
      .returning();
    expect((await festivalsOf(2026)).map((f) => f.key)).toContain("qixi");
    const form = { ...lantern, key: "renamed_key", nameZh: "七夕节", month: "7", day: "7", active: "" };
    const res = await postForm(`/admin/festivals/${row!.id}`, form, asAdmin);
    expect(res.status).toBe(303);
    const [after] = await db().select().from(festivals).where(eq(festivals.id, row!.id));
    expect(after).toMatchObject({ key: "qixi", nameZh: "七夕节", windowBefore: 3, leadDays: 5, active: false });
    expect((await festivalsOf(2026)).map((f) => f.key)).not.toContain("qixi");
  });

  it("refuses bad input beside each field, writing nothing", async () => {
    const before = await countRows("festivals");
    const res = await postForm(
      "/admin/festivals",
      { ...lantern, key: "Bad Key", nameZh: "", month: "13", windowBefore: "-1", leadDays: "x", "actions.B": ["dance"] },
      asAdmin,
    );
    expect(res.status).toBe(400);
    const html = await res.text();
    for (const field of ["key", "nameZh", "month", "windowBefore", "leadDays", "actions.B"]) expectErrorBeside(html, field);
    expect(html).toContain('value="Bad Key"');
    expect(await countRows("festivals")).toBe(before);
  });

  it("refuses a day the month does not have, and a key already in use", async () => {
    const before = await countRows("festivals");
    const feb30 = await postForm("/admin/festivals", { ...lantern, key: "bad_day", calendar: "solar", month: "2", day: "30" }, asAdmin);
    expect(feb30.status).toBe(400);
    expectErrorBeside(await feb30.text(), "day");
    const taken = await postForm("/admin/festivals", { ...lantern, key: "spring_festival" }, asAdmin);
    expect(taken.status).toBe(400);
    expectErrorBeside(await taken.text(), "key");
    expect(await countRows("festivals")).toBe(before);
    expect((await request("/admin/festivals/999999", { agent: asAdmin })).status).toBe(404);
  });
});

describe("admin CSV import (integration)", () => {
  let repB: User;
  beforeAll(async () => {
    repB = await makeUser("rep", team.id, { email: "zhao.lei@test.local" });
    await makeStore(rep.id, "A", { name: "已有药房", city: "长沙" });
  });

  it("previews row errors with row, column and message, and imports nothing", async () => {
    const before = await countRows("stores");
    const text = [
      "name,class,city,rep_email,address,phone",
      "新药房一,A,长沙,wang.fang@test.local,,",
      "新药房二,D,长沙,nobody@test.local,,",
      "已有药房,B,长沙,,,",
      `新药房三,C,株洲,${manager.email},,`,
    ].join("\n");
    for (const path of ["/admin/import/preview", "/admin/import"]) {
      const res = await postForm(path, { kind: "stores", text }, asAdmin);
      expect(res.status, path).toBe(400);
      const html = await res.text();
      const rows = [...html.matchAll(/<tr><td>(\d+)<\/td><td><code>([a-z_]+)<\/code><\/td><td>([^<]+)<\/td><\/tr>/g)].map((m) => [m[1], m[2], m[3]]);
      expect(rows).toEqual([
        ["3", "class", "Class must be A, B or C"],
        ["3", "rep_email", "No user has this e-mail"],
        ["4", "name", "This city already has a store of this name"],
        ["5", "rep_email", "This user is not a rep"],
      ]);
      expect(html).not.toContain('name="text" hidden');
    }
    expect(await countRows("stores")).toBe(before);
  });

  it("updates stores by code (upsert): the preview shows each change, the import applies it with its history and audit", async () => {
    const coded = await makeStore(rep.id, "B", { name: "编码药房", city: "长沙", code: "YF-0001" });
    const uncoded = await makeStore(rep.id, "C", { name: "待编码药房", city: "长沙" });
    const before = await countRows("stores");
    const text = [
      "code,name,class,city,rep_email,address,phone",
      `YF-0001,编码药房,A,长沙,${repB.email},,`, // B → A, and to another rep
      "YF-0002,待编码药房,C,长沙,,新地址 1 号,", // the uncoded store takes the code
      "YF-0003,新编码药房,B,长沙,,,", // new
    ].join("\n");
    const preview = await postForm("/admin/import/preview", { kind: "stores", text }, asAdmin);
    expect(preview.status).toBe(200);
    const html = await preview.text();
    expect(html).toContain("class: B → A");
    expect(html).toContain(`rep_email: ${rep.email} → ${repB.email}`);
    expect(html).toContain("code: — → YF-0002");
    expect(html).toContain("address: — → 新地址 1 号");
    expect(await countRows("stores")).toBe(before);

    const res = await postForm("/admin/import", { kind: "stores", text }, asAdmin);
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/admin/import?done=1&kind=stores&updated=2");
    expect(await countRows("stores")).toBe(before + 1);
    const [a] = await db().select().from(stores).where(eq(stores.id, coded.id));
    expect(a).toMatchObject({ class: "A", repId: repB.id, code: "YF-0001" });
    const [b] = await db().select().from(stores).where(eq(stores.id, uncoded.id));
    expect(b).toMatchObject({ class: "C", repId: rep.id, code: "YF-0002", address: "新地址 1 号" });
    // The moved store's history: the new rep and class from today; the other's unchanged.
    const current = await db().select().from(storeAssignments).where(and(eq(storeAssignments.storeId, coded.id), isNull(storeAssignments.validTo)));
    expect(current).toMatchObject([{ repId: repB.id, tier: "A" }]);
    expect(await db().select().from(storeAssignments).where(eq(storeAssignments.storeId, coded.id))).toHaveLength(2);
    expect(await db().select().from(storeAssignments).where(eq(storeAssignments.storeId, uncoded.id))).toHaveLength(1);
    const fresh = await db().select().from(stores).where(eq(stores.code, "YF-0003"));
    expect(await db().select().from(storeAssignments).where(eq(storeAssignments.storeId, fresh[0]!.id))).toHaveLength(1);
    const audit = await db().select().from(auditLog).where(and(eq(auditLog.entity, "store"), eq(auditLog.entityId, coded.id)));
    expect(audit.map((r) => [r.actorId, r.action, r.changes])).toEqual([[admin.id, "update", ["class", "repId"]]]);

    // Importing the same file again changes nothing and adds nothing.
    const again = await postForm("/admin/import", { kind: "stores", text }, asAdmin);
    expect(again.headers.get("location")).toBe("/admin/import?done=0&kind=stores");
    expect(await countRows("stores")).toBe(before + 1);
  });

  it("imports stores' coordinates: a new store located by the file, an existing one moved with its audit row, the source 'import'", async () => {
    const known = await makeStore(rep.id, "B", { name: "定位药房", city: "株洲", code: "LOC-1" });
    const text = ["code,name,class,city,lat,lng", "LOC-1,定位药房,B,株洲,27.8274,113.1337", "LOC-2,新定位药房,C,株洲,27.83,113.14"].join("\n");
    const preview = await (await postForm("/admin/import/preview", { kind: "stores", text }, asAdmin)).text();
    expect(preview).toContain("location: — → 27.827400,113.133700");
    const res = await postForm("/admin/import", { kind: "stores", text }, asAdmin);
    expect(res.status).toBe(303);
    const [a] = await db().select().from(stores).where(eq(stores.id, known.id));
    expect(a).toMatchObject({ lat: 27.8274, lng: 113.1337, locationSource: "import" });
    const [b] = await db().select().from(stores).where(eq(stores.code, "LOC-2"));
    expect(b).toMatchObject({ lat: 27.83, lng: 113.14, locationSource: "import" });
    const audit = await db().select().from(auditLog).where(and(eq(auditLog.entity, "store"), eq(auditLog.entityId, known.id)));
    expect(audit.map((r) => r.changes)).toEqual([["lat", "lng", "locationSource"]]);
  });

  it("refuses a name and city that match several stores, listing them", async () => {
    await makeStore(rep.id, "B", { name: "同名药房", city: "长沙", address: "解放路 1 号" });
    await makeStore(rep.id, "B", { name: "同名药房", city: "长沙", code: "TM-2", address: "五一路 2 号" });
    const before = await countRows("stores");
    const res = await postForm("/admin/import/preview", { kind: "stores", text: "name,class,city\n同名药房,A,长沙\n" }, asAdmin);
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain("Several stores of this name in this city");
    expect(html).toMatch(/#\d+ 解放路 1 号; #\d+ TM-2 五一路 2 号/);
    expect(await countRows("stores")).toBe(before);
  });

  it("imports a clean file only after a preview, all rows in one go", async () => {
    const before = await countRows("stores");
    const lines = ["", "name,class,city,rep_email,address,phone"];
    // More rows than one INSERT statement takes: the import is several statements in one batch.
    for (let i = 1; i <= 450; i++) lines.push(`批量药房${i},${"ABC"[i % 3]},长沙,${i % 2 ? rep.email : repB.email},路${i}号,0731-${String(1000 + i)}`);
    lines.push('"A&B ""<大>"" 药房",C,长沙,,,');
    const text = lines.join("\r\n");
    const preview = await postForm("/admin/import/preview", { kind: "stores", text }, asAdmin);
    expect(preview.status).toBe(200);
    const html = await preview.text();
    expect(html).toContain("All 451 rows are fine");
    // The Import button posts back exactly the text that was checked (a leading blank line included).
    expect(hiddenText(html)).toBe(text);
    expect(await countRows("stores")).toBe(before);

    const res = await postForm("/admin/import", { kind: "stores", text: hiddenText(html) }, asAdmin);
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/admin/import?done=451&kind=stores");
    expect(await countRows("stores")).toBe(before + 451);
    expect(await db().select().from(stores).where(eq(stores.name, 'A&B "<大>" 药房'))).toHaveLength(1);
    const [one] = await db().select().from(stores).where(eq(stores.name, "批量药房1"));
    expect(one).toMatchObject({ class: "B", city: "长沙", repId: rep.id, address: "路1号", phone: "0731-1001", archived: false });
    const [two] = await db().select().from(stores).where(eq(stores.name, "批量药房2"));
    expect(two!.repId).toBe(repB.id);

    // The same file again: every row's store exists now, so nothing more is imported.
    const again = await postForm("/admin/import", { kind: "stores", text }, asAdmin);
    expect(again.status).toBe(400);
    expect(await countRows("stores")).toBe(before + 451);
  });

  it("reads an uploaded Excel file: BOM, CRLF, quoted commas, quotes and line breaks", async () => {
    const storesCsv =
      "\uFEFFname,class,city,rep_email,address,phone\r\n" +
      '"百姓大药房（五一店）",A,长沙,wang.fang@test.local,"五一大道 88 号, 1 楼",0731-88886666\r\n' +
      '"老百姓 ""东塘"" 店",B,长沙,,韶山南路 12 号,\r\n';
    const form = new FormData();
    form.set("kind", "stores");
    form.set("file", new File([new TextEncoder().encode(storesCsv)], "stores.csv", { type: "text/csv" }));
    const preview = await postMultipart("/admin/import/preview", form, asAdmin);
    expect(preview.status).toBe(200);
    expect(await preview.text()).toContain("All 2 rows are fine");

    const commit = new FormData();
    commit.set("kind", "stores");
    commit.set("text", storesCsv.replace(/\r\n/g, "\n")); // what a textarea may send back
    expect((await postMultipart("/admin/import", commit, asAdmin)).status).toBe(303);
    const [wuyi] = await db().select().from(stores).where(eq(stores.name, "百姓大药房（五一店）"));
    expect(wuyi).toMatchObject({ class: "A", address: "五一大道 88 号, 1 楼", repId: rep.id });
    expect(await db().select().from(stores).where(eq(stores.name, '老百姓 "东塘" 店'))).toHaveLength(1);

    const contactsCsv =
      "\uFEFFstore_name,store_city,role,name,form_of_address,phone,wechat,birthday,birthday_calendar,leap_month,preferences,family_notes\r\n" +
      '百姓大药房（五一店）,长沙,owner,王丽,王姐,13800138000,wl88,1980-08-15,lunar,0,"喜欢普洱, 不喝咖啡","女儿今年高考\r\n儿子在读初中"\r\n' +
      '"老百姓 ""东塘"" 店",长沙,营业员,李娜,小李,,,05-20,,,,\r\n';
    const auditBefore = await countRows("audit_log");
    const cform = new FormData();
    cform.set("kind", "contacts");
    cform.set("file", new File([new TextEncoder().encode(contactsCsv)], "contacts.csv"));
    const cpreview = await postMultipart("/admin/import/preview", cform, asAdmin);
    expect(cpreview.status).toBe(200);
    const ccommit = new FormData();
    ccommit.set("kind", "contacts");
    ccommit.set("text", contactsCsv);
    expect((await postMultipart("/admin/import", ccommit, asAdmin)).status).toBe(303);

    const [wang] = await db().select().from(contacts).where(eq(contacts.storeId, wuyi!.id));
    expect(wang).toMatchObject({
      role: "owner",
      name: "王丽",
      formOfAddress: "王姐",
      birthdayCalendar: "lunar",
      birthdayMonth: 8,
      birthdayDay: 15,
      birthdayLeapMonth: false,
      birthYear: 1980,
      preferences: "喜欢普洱, 不喝咖啡",
      familyNotes: "女儿今年高考\n儿子在读初中",
    });
    const [li] = await db().select().from(contacts).where(eq(contacts.name, "李娜"));
    expect(li).toMatchObject({ role: "clerk", birthdayCalendar: "solar", birthdayMonth: 5, birthdayDay: 20, birthYear: null });
    // Contacts are people data: each one created is in the audit log, with the admin as actor.
    const audit = await db().select().from(auditLog).where(eq(auditLog.entity, "contact"));
    expect(await countRows("audit_log")).toBe(auditBefore + 2);
    expect(audit.filter((a) => a.actorId === admin.id).map((a) => a.entityId).sort((a, b) => a - b)).toEqual([wang!.id, li!.id].sort((a, b) => a - b));

    // Importing the same contacts again would double them: refused, nothing written.
    const before = await countRows("contacts");
    const dup = await postForm("/admin/import", { kind: "contacts", text: contactsCsv }, asAdmin);
    expect(dup.status).toBe(400);
    expect(await dup.text()).toContain("This store already has a contact of this name");
    expect(await countRows("contacts")).toBe(before);
  });

  it("refuses a contacts file naming an unknown store, importing none of its rows", async () => {
    const before = await countRows("contacts");
    const text = "store_name,store_city,role,name\n已有药房,长沙,clerk,周敏\n不存在的药房,长沙,clerk,吴刚\n已有药房,株洲,clerk,郑华\n";
    const res = await postForm("/admin/import", { kind: "contacts", text }, asAdmin);
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain("<td>3</td><td><code>store_name</code></td>");
    expect(html).toContain("<td>4</td><td><code>store_name</code></td>");
    expect(await countRows("contacts")).toBe(before);
  });

  it("asks for a file or text, and names a bad kind, beside the fields", async () => {
    const empty = await postForm("/admin/import/preview", { kind: "stores", text: "  " }, asAdmin);
    expect(empty.status).toBe(400);
    expectErrorBeside(await empty.text(), "text");
    const kind = await postForm("/admin/import/preview", { kind: "orders", text: "a,b\n1,2\n" }, asAdmin);
    expect(kind.status).toBe(400);
    const html = await kind.text();
    expectErrorBeside(html, "kind");
    expect(html).toContain("a,b\n1,2"); // the pasted text is kept
  });

  it("shows the import form with the file format", async () => {
    const html = await (await request("/admin/import", { agent: asAdmin })).text();
    expect(html).toContain('enctype="multipart/form-data"');
    for (const col of ["rep_email", "store_city", "birthday_calendar", "leap_month", "family_notes"]) expect(html).toContain(col);
    expect(html).toContain(`name="_csrf" value="${asAdmin.csrf}"`);
  });
});
