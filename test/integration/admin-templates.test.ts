// Integration: the greeting templates admin page (/admin/templates) and the greeting queries.
import { beforeAll, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { countRows, db, makeContact, makeStore, makeTeam, makeUser, resetDb } from "../helpers/db.ts";
import { postForm, request, signedIn, type Agent } from "../helpers/http.ts";
import { greetingTemplates, interactions } from "../../src/db/schema.ts";
import { lastGreetingVariants, loadGreetingTemplates, previousYearRange } from "../../src/db/queries/greetings.ts";
import { lastVariantKey } from "../../src/domain/greetings.ts";
import { DEFAULT_GREETING_TEMPLATES, chooseGreeting } from "../../src/domain/greetings.ts";
import { addDays, localDateOf } from "../../src/domain/dates.ts";
import type { Viewer } from "../../src/auth/identity.ts";

let admin: Agent, rep: Agent, manager: Agent;
let repUser: Awaited<ReturnType<typeof makeUser>>;
let otherRepUser: Awaited<ReturnType<typeof makeUser>>;

const asViewer = (u: typeof repUser): Viewer => ({ id: u.id, role: u.role, teamId: u.teamId, name: u.name, email: u.email, locale: u.locale, timeZone: u.timeZone });

async function templateRow(occasion: string, locale: "zh-CN" | "en", variant: number) {
  const [row] = await db()
    .select()
    .from(greetingTemplates)
    .where(and(eq(greetingTemplates.occasion, occasion), eq(greetingTemplates.locale, locale), eq(greetingTemplates.variant, variant)));
  return row!;
}

beforeAll(async () => {
  await resetDb();
  const team = await makeTeam();
  repUser = await makeUser("rep", team.id);
  otherRepUser = await makeUser("rep", team.id);
  rep = await signedIn(repUser.id);
  manager = await signedIn((await makeUser("manager", team.id)).id);
  admin = await signedIn((await makeUser("admin", null)).id);
});

describe("admin templates access (integration)", () => {
  it("installs the defaults on reset", async () => {
    expect(await countRows("greeting_templates")).toBe(DEFAULT_GREETING_TEMPLATES.length);
  });

  it("sends a visitor to sign in", async () => {
    const res = await request("/admin/templates");
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toContain("/signin");
  });

  it("answers reps and managers 404 on every route, and changes nothing", async () => {
    const row = await templateRow("birthday", "zh-CN", 1);
    for (const agent of [rep, manager]) {
      expect((await request("/admin/templates", { agent })).status).toBe(404);
      expect((await request("/admin/templates/new", { agent })).status).toBe(404);
      expect((await request(`/admin/templates/${row.id}`, { agent })).status).toBe(404);
      expect((await postForm(`/admin/templates/${row.id}`, { body: "{姓名}，被改了" }, agent)).status).toBe(404);
      expect((await postForm(`/admin/templates/${row.id}/active`, { active: "0" }, agent)).status).toBe(404);
      expect((await postForm("/admin/templates", { occasion: "birthday", locale: "zh-CN", body: "{姓名}好", active: "1" }, agent)).status).toBe(404);
    }
    expect(await templateRow("birthday", "zh-CN", 1)).toEqual(row);
    expect(await countRows("greeting_templates")).toBe(DEFAULT_GREETING_TEMPLATES.length);
  });

  it("shows an admin the templates by occasion and language, with previews", async () => {
    const res = await request("/admin/templates", { agent: admin });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('id="o-birthday"');
    expect(html).toContain('id="o-dragon_boat"');
    expect(html).toContain("端午安康");
    // Preview filled with the sample contact, escaped output only.
    expect(html).toContain("王姐，生日快乐！记得您说过喜欢喝茶，尤其安化黑茶");
    // Nothing a template says becomes a script: the page's own scripts are the layout's, in <head>.
    expect(html.slice(html.indexOf("<main>"))).not.toContain("<script");
  });

  it("404s an unknown or malformed id for an admin", async () => {
    expect((await request("/admin/templates/999999", { agent: admin })).status).toBe(404);
    expect((await request("/admin/templates/abc", { agent: admin })).status).toBe(404);
  });
});

describe("admin templates editing (integration)", () => {
  it.each([
    ["{客户}，生日快乐", "{客户}"],
    ["{称呼，生日快乐", "大括号没有配对"],
    ["   ", "请填写模板内容"],
    ["{节日}快乐，{姓名}", "只能用在节日模板里"],
  ])("refuses %j with 400, the error beside the body, input kept, nothing saved", async (body, message) => {
    const before = await countRows("greeting_templates");
    const res = await postForm("/admin/templates", { occasion: "birthday", locale: "zh-CN", body, active: "1", intent: "save" }, admin);
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain('id="body-error"');
    expect(html).toContain(message);
    if (body.trim()) expect(html).toContain(body.replace(/&/g, "&amp;"));
    expect(await countRows("greeting_templates")).toBe(before);
  });

  it("refuses an unknown occasion or language and an exclamation mark in a condolence", async () => {
    const before = await countRows("greeting_templates");
    const bad = await postForm("/admin/templates", { occasion: "nope", locale: "fr", body: "{姓名}您好" }, admin);
    expect(bad.status).toBe(400);
    const html = await bad.text();
    expect(html).toContain('id="occasion-error"');
    expect(html).toContain('id="locale-error"');
    const loud = await postForm("/admin/templates", { occasion: "condolence", locale: "zh-CN", body: "{姓名}，节哀！" }, admin);
    expect(loud.status).toBe(400);
    expect(await countRows("greeting_templates")).toBe(before);
  });

  it("refuses a form without the CSRF token", async () => {
    const before = await countRows("greeting_templates");
    const res = await postForm("/admin/templates", { occasion: "birthday", locale: "zh-CN", body: "{姓名}好" }, admin, { csrf: null });
    expect(res.status).toBe(403);
    expect(await countRows("greeting_templates")).toBe(before);
  });

  it("previews without saving", async () => {
    const before = await countRows("greeting_templates");
    const res = await postForm("/admin/templates", { occasion: "birthday", locale: "zh-CN", body: "{称呼}，{偏好}的人最懂生活", intent: "preview" }, admin);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain("王姐，喜欢喝茶，尤其安化黑茶的人最懂生活");
    expect(await countRows("greeting_templates")).toBe(before);
  });

  it("adds a variant after the last one, with full-width braces accepted", async () => {
    const res = await postForm("/admin/templates", { occasion: "birthday", locale: "zh-CN", body: "  ｛称呼｝，生日快乐，天天开心！ ", active: "1", intent: "save" }, admin);
    expect(res.status).toBe(303);
    const last = DEFAULT_GREETING_TEMPLATES.filter((t) => t.occasion === "birthday" && t.locale === "zh-CN").length;
    const row = await templateRow("birthday", "zh-CN", last + 1);
    expect(row).toMatchObject({ body: "｛称呼｝，生日快乐，天天开心！", active: true });
    const list = await request(res.headers.get("location")!.split("#")[0]!, { agent: admin });
    expect(await list.text()).toContain("王姐，生日快乐，天天开心！");
  });

  it("saves a good edit, and refuses a bad one leaving the row as it was", async () => {
    const row = await templateRow("mid_autumn", "en", 3);
    const edited = "Dear {name}, happy Mid-Autumn Festival from {rep}.";
    const ok = await postForm(`/admin/templates/${row.id}`, { body: edited, active: "1", intent: "save", occasion: "birthday" }, admin);
    expect(ok.status).toBe(303);
    // Occasion and language stay as they were, whatever the form says.
    expect(await templateRow("mid_autumn", "en", 3)).toMatchObject({ id: row.id, body: edited, active: true, occasion: "mid_autumn" });
    const page = await request(`/admin/templates/${row.id}`, { agent: admin });
    expect(await page.text()).toContain("Dear {name}, happy Mid-Autumn Festival from {rep}.");

    const bad = await postForm(`/admin/templates/${row.id}`, { body: "Dear {customer}", active: "1", intent: "save" }, admin);
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain("{customer}");
    expect((await templateRow("mid_autumn", "en", 3)).body).toBe(edited);
  });

  it("a deactivated template is no longer chosen, and comes back when activated", async () => {
    const facts = { name: "王丽华", address: "王姐", preference: "爱追剧", family: "孩子在读高三", store: "仁心", rep: "刘伟" };
    const choose = async (seed: number) => chooseGreeting({ occasion: "birthday", locale: "zh-CN", templates: await loadGreetingTemplates(db()), facts, seed });
    const first = (await choose(1))!;
    expect(first.templateId).not.toBeNull();
    const res = await postForm(`/admin/templates/${first.templateId}/active`, { active: "0" }, admin);
    expect(res.status).toBe(303);
    const [row] = await db().select().from(greetingTemplates).where(eq(greetingTemplates.id, first.templateId!));
    expect(row!.active).toBe(false);
    const templates = await loadGreetingTemplates(db());
    for (let seed = 0; seed < 30; seed++) {
      expect(chooseGreeting({ occasion: "birthday", locale: "zh-CN", templates, facts, seed })!.templateId).not.toBe(first.templateId);
    }
    expect((await request("/admin/templates", { agent: admin })).status).toBe(200);
    expect((await postForm(`/admin/templates/${first.templateId}/active`, { active: "yes" }, admin)).status).toBe(400);
    await postForm(`/admin/templates/${first.templateId}/active`, { active: "1" }, admin);
    expect((await choose(1))!.templateId).toBe(first.templateId);
  });
});

describe("last greeting variants (integration)", () => {
  it("finds the last template per contact and occasion for a set of contacts, in scope only", async () => {
    const today = localDateOf(Date.now(), "Asia/Shanghai");
    const range = previousYearRange(today);
    const store = await makeStore(repUser.id, "A");
    const otherStore = await makeStore(otherRepUser.id, "B");
    const [a, b, c] = [await makeContact(store.id), await makeContact(store.id), await makeContact(otherStore.id)];
    const bday1 = await templateRow("birthday", "zh-CN", 1);
    const bday2 = await templateRow("birthday", "zh-CN", 2);
    const spring = await templateRow("spring_festival", "zh-CN", 3);
    let n = 0;
    const sent = (repId: number, storeId: number, contactId: number, templateId: number, daysAgo: number, occasion: "birthday" | "festival" = "birthday") => {
      const localDate = addDays(today, -daysAgo);
      return {
        repId,
        storeId,
        contactId,
        channel: "message" as const,
        occurredAt: Date.parse(`${localDate}T02:00:00Z`),
        localDate,
        occasion,
        festivalKey: occasion === "festival" ? "spring_festival" : null,
        festivalYear: occasion === "festival" ? Number(localDate.slice(0, 4)) : null,
        greetingTemplateId: templateId,
        idempotencyKey: `greet-${++n}`,
      };
    };
    await db()
      .insert(interactions)
      .values([
        sent(repUser.id, store.id, a.id, bday1.id, 730), // two years ago: outside the window
        sent(repUser.id, store.id, a.id, bday2.id, 365), // last year: the one to avoid
        sent(repUser.id, store.id, a.id, spring.id, 300, "festival"),
        sent(repUser.id, store.id, b.id, bday1.id, 370),
        sent(repUser.id, store.id, b.id, bday2.id, 10), // this year's, already sent: not "last year"
        sent(otherRepUser.id, otherStore.id, c.id, bday1.id, 365),
      ]);
    const mine = await lastGreetingVariants(db(), [asViewer(repUser)], [a.id, b.id, c.id], range);
    expect(Object.fromEntries(mine)).toEqual({
      [lastVariantKey(a.id, "birthday")]: bday2.id,
      [lastVariantKey(a.id, "spring_festival")]: spring.id,
      [lastVariantKey(b.id, "birthday")]: bday1.id,
    });
    // Two reps' digests in one call see both; nobody's sees nothing.
    const both = await lastGreetingVariants(db(), [asViewer(repUser), asViewer(otherRepUser)], [a.id, b.id, c.id], range);
    expect(both.get(lastVariantKey(c.id, "birthday"))).toBe(bday1.id);
    expect((await lastGreetingVariants(db(), [], [a.id], range)).size).toBe(0);
    // Many ids travel as one parameter.
    const many = Array.from({ length: 5000 }, (_, i) => 10_000_000 + i).concat(a.id);
    expect((await lastGreetingVariants(db(), [asViewer(repUser)], many, range)).get(lastVariantKey(a.id, "birthday"))).toBe(bday2.id);
  });
});
