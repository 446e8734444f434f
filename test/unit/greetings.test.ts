import { describe, expect, it } from "vitest";
import {
  DEFAULT_GREETING_TEMPLATES,
  GREETING_OCCASIONS,
  LIFE_EVENT_OCCASIONS,
  PLACEHOLDERS,
  alwaysFillable,
  chooseGreeting,
  contactGreetingFacts,
  inMourning,
  latestNote,
  RESTRAINED_FESTIVAL,
  occasionChain,
  renderTemplate,
  templateFitsOccasion,
  templatePlaceholders,
  validateTemplate,
  type GreetingFacts,
  type GreetingTemplate,
} from "../../src/domain/greetings.ts";
import { LIFE_EVENT_KINDS, LOCALES, type Locale } from "../../src/domain/types.ts";
import { DEFAULT_POLICY } from "../../src/domain/policy.ts";

const FULL: Record<Locale, GreetingFacts> = {
  "zh-CN": { name: "王丽华", address: "王姐", store: "仁心大药房", preference: "喜欢喝茶，尤其安化黑茶", family: "孩子在读高三，明年高考", rep: "刘伟", festival: "元宵节", kin: "令尊" },
  en: { name: "Wang Lihua", address: "Sister Wang", store: "Renxin Pharmacy", preference: "you love Anhua dark tea", family: "your son is in his last school year", rep: "Liu Wei", festival: "the Lantern Festival", kin: "your father" },
};

/** The defaults as stored rows, ids 1…n. */
const STORED: GreetingTemplate[] = DEFAULT_GREETING_TEMPLATES.map((t, i) => ({ ...t, id: i + 1, active: true }));

function row(occasion: string, locale: Locale, variant: number, body: string, id = 1000 + variant, active = true): GreetingTemplate {
  return { id, occasion, locale, variant, body, active };
}

describe("default greeting templates (unit)", () => {
  it("cover every occasion in both languages with at least three variants", () => {
    for (const locale of LOCALES) {
      for (const occasion of GREETING_OCCASIONS) {
        const set = DEFAULT_GREETING_TEMPLATES.filter((t) => t.occasion === occasion && t.locale === locale);
        expect(set.length, `${occasion} ${locale}`).toBeGreaterThanOrEqual(3);
        // Variants numbered 1…n without gaps: the unique (occasion, locale, variant) of the table.
        expect(set.map((t) => t.variant)).toEqual(set.map((_, i) => i + 1));
        // One needs nothing but the name (and, for a festival, its name), so a greeting is always possible.
        const given = occasion === "festival" || occasion === "festival_restrained" ? ["name", "festival"] : occasion.endsWith("_family") ? ["name", "kin"] : ["name"];
        expect(set.some((t) => templatePlaceholders(t.body).every((k) => given.includes(k))), `${occasion} ${locale} name-only`).toBe(true);
        // And some are written for what is known about the person.
        expect(set.some((t) => templatePlaceholders(t.body).includes("address")), `${occasion} ${locale} address`).toBe(true);
      }
      const personal = DEFAULT_GREETING_TEMPLATES.filter((t) => t.locale === locale && templatePlaceholders(t.body).some((k) => k === "preference" || k === "family"));
      expect(new Set(personal.map((t) => t.occasion)).size).toBeGreaterThanOrEqual(4);
    }
  });

  it("every default validates for its occasion and renders with full facts, no brace left, SMS length", () => {
    for (const t of DEFAULT_GREETING_TEMPLATES) {
      const v = validateTemplate(t.body, t.locale, t.occasion);
      expect(v, t.body).toMatchObject({ ok: true });
      const text = renderTemplate(t.body, FULL[t.locale]);
      expect(text, t.body).not.toBeNull();
      expect(text).not.toMatch(/[{}｛｝]/);
      expect([...text!].length, text!).toBeLessThanOrEqual(t.locale === "zh-CN" ? 120 : 320);
    }
  });

  it("keep condolence and get-well sober, Dragon Boat 安康 not 快乐, and promise no gifts or banquets", () => {
    for (const t of DEFAULT_GREETING_TEMPLATES) {
      if (t.occasion === "condolence" || t.occasion === "get_well") {
        expect(t.body, t.body).not.toMatch(/[!！]|\p{Extended_Pictographic}/u);
      }
      if (t.occasion === "dragon_boat" && t.locale === "zh-CN") {
        expect(t.body).toContain("安康");
        expect(t.body).not.toContain("快乐");
      }
      expect(t.body).not.toMatch(/礼物|礼品|红包|请您吃饭|宴|gift|dinner|banquet/i);
    }
  });

  it("map every life-event kind to an occasion with defaults", () => {
    for (const kind of LIFE_EVENT_KINDS) {
      const occasion = LIFE_EVENT_OCCASIONS[kind];
      expect(DEFAULT_GREETING_TEMPLATES.some((t) => t.occasion === occasion)).toBe(true);
    }
    expect(LIFE_EVENT_OCCASIONS.bereavement).toBe("condolence");
    expect(LIFE_EVENT_OCCASIONS.accident).toBe("get_well");
  });
});

describe("template language (unit)", () => {
  it("accepts Chinese and English spellings, full-width braces and inner spaces", () => {
    const facts = { name: "李强", address: "李总", rep: "刘伟" };
    expect(renderTemplate("{称呼}您好｛我｝", facts)).toBe("李总您好刘伟");
    expect(renderTemplate("{address}, { name }, {Rep}", facts)).toBe("李总, 李强, 刘伟");
    expect(PLACEHOLDERS.map((p) => p.zh)).toEqual(["称呼", "姓名", "门店", "偏好", "家人", "我", "节日", "亲属"]);
  });

  it("never renders with a placeholder unfilled", () => {
    expect(renderTemplate("{称呼}，生日快乐", { name: "李强" })).toBeNull();
    expect(renderTemplate("{称呼}，生日快乐", { name: "李强", address: "  " })).toBeNull();
    expect(renderTemplate("{偏好}", { preference: "爱喝{咖啡}" })).toBe("爱喝{咖啡}"); // facts are not expanded again
  });

  it.each([
    ["", "zh-CN", "template_empty"],
    ["   \n ", "en", "template_empty"],
    ["生".repeat(301), "zh-CN", "template_too_long"],
    ["{称呼，生日快乐", "zh-CN", "template_unbalanced"],
    ["称呼}，生日快乐", "zh-CN", "template_unbalanced"],
    ["{称{呼}}", "zh-CN", "template_unbalanced"],
    ["Dear {address, happy birthday", "en", "template_unbalanced"],
    ["{客户}，生日快乐", "zh-CN", "template_unknown_placeholder"],
    ["Dear {}, hi", "en", "template_unknown_placeholder"],
    ["Dear {customer}, happy birthday", "en", "template_unknown_placeholder"],
  ] as const)("rejects %j (%s) with %s on the body field", (body, locale, code) => {
    const v = validateTemplate(body, locale);
    expect(v.ok).toBe(false);
    if (!v.ok) expect(v.fields).toEqual({ body: code });
  });

  it("names the unknown placeholders as typed", () => {
    const v = validateTemplate("{客户}{客户}，{address} {foo}", "zh-CN");
    expect(v).toEqual({ ok: false, fields: { body: "template_unknown_placeholder" }, unknown: ["{客户}", "{foo}"] });
  });

  it("allows a longer English text than Chinese, and trims what it stores", () => {
    expect(validateTemplate("a".repeat(400), "en").ok).toBe(true);
    expect(validateTemplate("a".repeat(601), "en")).toMatchObject({ ok: false, fields: { body: "template_too_long" } });
    expect(validateTemplate("  {称呼}好\r\n——{我} ", "zh-CN")).toEqual({ ok: true, value: { body: "{称呼}好\n——{我}", placeholders: ["address", "rep"] } });
  });

  it("refuses {节日} outside festivals and cheer in condolence and get-well texts", () => {
    expect(validateTemplate("{节日}快乐", "zh-CN", "birthday")).toMatchObject({ fields: { body: "template_festival_only" } });
    expect(validateTemplate("{节日}快乐", "zh-CN", "lantern").ok).toBe(true);
    expect(validateTemplate("{称呼}，节哀！", "zh-CN", "condolence")).toMatchObject({ fields: { body: "template_not_sober" } });
    expect(validateTemplate("Get well soon 🌷", "en", "get_well")).toMatchObject({ fields: { body: "template_not_sober" } });
    expect(validateTemplate("{称呼}，恭喜！", "zh-CN", "wedding").ok).toBe(true);
  });

  it("reads the latest note: last line, date and own name stripped, last item, short enough", () => {
    expect(latestNote("2025-03-01 爱打羽毛球\n2025-06-02 王姐喜欢喝茶，尤其安化黑茶。", ["王姐", "王丽华"])).toBe("喜欢喝茶，尤其安化黑茶");
    expect(latestNote("爱追剧；喜欢钓鱼")).toBe("喜欢钓鱼");
    expect(latestNote("2025-06-02 王姐：孩子在读高三", ["王姐"])).toBe("孩子在读高三");
    expect(latestNote("2025-06-02 ")).toBeNull();
    expect(latestNote(null)).toBeNull();
    expect(latestNote("很".repeat(41))).toBeNull();
    const facts = contactGreetingFacts({ name: "王丽华", formOfAddress: "王姐", preferences: "2025-06-02 王姐爱追剧", storeName: "仁心", repName: "刘伟" });
    expect(facts).toMatchObject({ name: "王丽华", address: "王姐", preference: "爱追剧", family: null, store: "仁心", rep: "刘伟" });
  });
});

describe("chooseGreeting (unit)", () => {
  const base = { occasion: "birthday", locale: "zh-CN" as Locale, templates: STORED, seed: "42:2026" };

  it("prefers a variant using a preference or family note when one is known", () => {
    const c = chooseGreeting({ ...base, facts: FULL["zh-CN"] })!;
    expect(c.text).toMatch(/喜欢喝茶|孩子在读高三/);
    expect(c.templateId).not.toBeNull();
    const en = chooseGreeting({ ...base, locale: "en", facts: FULL.en })!;
    expect(en.text).toMatch(/Anhua dark tea|last school year/);
    expect(en.locale).toBe("en");
  });

  it("with only a form of address known, uses it; with only a name, the name-only variant", () => {
    const addr = chooseGreeting({ ...base, facts: { name: "王丽华", address: "王姐", rep: "刘伟" } })!;
    expect(addr.text.startsWith("王姐")).toBe(true);
    const nameOnly = chooseGreeting({ ...base, facts: { name: "王丽华" } })!;
    expect(nameOnly.text).toBe("王丽华您好，今天是您的生日，祝您生日快乐，身体健康，万事如意！");
  });

  it("never picks a template it cannot fill, for any seed", () => {
    for (let seed = 0; seed < 50; seed++) {
      for (const occasion of GREETING_OCCASIONS) {
        const facts = { name: "王丽华", address: seed % 2 ? "王姐" : null, preference: seed % 3 ? null : "爱追剧", festival: "元宵节", kin: "令堂" };
        const c = chooseGreeting({ occasion, locale: "zh-CN", templates: STORED, facts, seed });
        expect(c, occasion).not.toBeNull();
        expect(c!.text).not.toMatch(/[{}]/);
        expect(c!.text).not.toContain("——"); // the signature needs {我}, which is unknown here
      }
    }
  });

  it("avoids last year's variant when another is eligible, and repeats it only when it is the one left", () => {
    const facts = FULL["zh-CN"];
    const first = chooseGreeting({ ...base, facts })!;
    const second = chooseGreeting({ ...base, facts, lastVariantId: first.templateId })!;
    expect(second.templateId).not.toBe(first.templateId);
    // Still the most personal among the rest (the other preference/family variant).
    expect(second.text).toMatch(/喜欢喝茶|孩子在读高三/);
    const onlyName = chooseGreeting({ ...base, facts: { name: "王丽华" } })!;
    expect(chooseGreeting({ ...base, facts: { name: "王丽华" }, lastVariantId: onlyName.templateId })!.templateId).toBe(onlyName.templateId);
  });

  it("is deterministic for a seed, and different seeds spread over equal variants", () => {
    const templates = [row("birthday", "zh-CN", 1, "{称呼}生日快乐", 1), row("birthday", "zh-CN", 2, "{称呼}，生日好", 2), row("birthday", "zh-CN", 3, "{称呼}，祝您生日快乐", 3)];
    const facts = { name: "王丽华", address: "王姐" };
    const pick = (seed: string) => chooseGreeting({ occasion: "birthday", locale: "zh-CN", templates, facts, seed })!.templateId;
    expect(pick("7:2026")).toBe(pick("7:2026"));
    expect(new Set(Array.from({ length: 40 }, (_, i) => pick(`${i}:2026`))).size).toBe(3);
  });

  it("uses only active stored templates, and falls back to the defaults only when an occasion has none", () => {
    const mine = [row("birthday", "zh-CN", 1, "{姓名}，这是管理员写的", 1), row("birthday", "zh-CN", 2, "{姓名}，已停用的", 2, false)];
    for (let seed = 0; seed < 20; seed++) {
      expect(chooseGreeting({ occasion: "birthday", locale: "zh-CN", templates: mine, facts: { name: "李强" }, seed })!.text).toBe("李强，这是管理员写的");
    }
    // No stored rows at all: the built-in texts.
    const fallback = chooseGreeting({ occasion: "wedding", locale: "en", templates: [], facts: { name: "Li Qiang" }, seed: 1 })!;
    expect(fallback).toMatchObject({ templateId: null, variant: 3, text: "Dear Li Qiang, congratulations on your wedding! Wishing you both every happiness." });
    // Every stored variant deactivated: the defaults of those variants do not come back.
    const off = DEFAULT_GREETING_TEMPLATES.filter((t) => t.occasion === "wedding" && t.locale === "en").map((t, i) => ({ ...t, id: i + 1, active: false }));
    expect(chooseGreeting({ occasion: "wedding", locale: "en", templates: off, facts: { name: "Li Qiang" }, seed: 1 })).toBeNull();
  });

  it("an admin festival without texts of its own uses the generic festival texts with its name", () => {
    expect(occasionChain("lantern")).toEqual(["lantern", "festival"]);
    expect(occasionChain("birthday")).toEqual(["birthday"]);
    const c = chooseGreeting({ occasion: "lantern", locale: "zh-CN", templates: STORED, facts: { ...FULL["zh-CN"] }, seed: 3 })!;
    expect(c.occasion).toBe("festival");
    expect(c.text).toContain("元宵节");
    // Without the festival's name the generic texts cannot be filled.
    expect(chooseGreeting({ occasion: "lantern", locale: "zh-CN", templates: STORED, facts: { name: "王丽华" }, seed: 3 })).toBeNull();
  });

  it("returns null when no template of the occasion can be filled", () => {
    const templates = [row("birthday", "zh-CN", 1, "{称呼}，生日快乐", 1)];
    expect(chooseGreeting({ occasion: "birthday", locale: "zh-CN", templates, facts: { name: "李强" }, seed: 1 })).toBeNull();
    expect(alwaysFillable("{称呼}，生日快乐")).toBe(false);
    expect(alwaysFillable("{姓名}，{节日}快乐——{我}")).toBe(true);
  });
});

describe("which templates a logged contact may have sent (unit)", () => {
  it("a birthday text on a birthday, the festival's own or the generic texts on a festival, R7/R8's on a life event", () => {
    expect(templateFitsOccasion("birthday", { occasion: "birthday" })).toBe(true);
    expect(templateFitsOccasion("wedding", { occasion: "birthday" })).toBe(false);
    expect(templateFitsOccasion("mid_autumn", { occasion: "festival", festivalKey: "mid_autumn" })).toBe(true);
    expect(templateFitsOccasion("festival", { occasion: "festival", festivalKey: "lantern" })).toBe(true);
    expect(templateFitsOccasion("spring_festival", { occasion: "festival", festivalKey: "mid_autumn" })).toBe(false);
    expect(templateFitsOccasion("festival", { occasion: "festival" })).toBe(false);
    for (const kind of LIFE_EVENT_KINDS) {
      expect(templateFitsOccasion(LIFE_EVENT_OCCASIONS[kind], { occasion: "life_event", lifeEventKind: kind })).toBe(true);
      expect(templateFitsOccasion("birthday", { occasion: "life_event", lifeEventKind: kind })).toBe(false);
    }
    expect(templateFitsOccasion("condolence", { occasion: "life_event" })).toBe(false);
  });

  it("none on a routine contact or a training", () => {
    for (const occasion of GREETING_OCCASIONS) {
      expect(templateFitsOccasion(occasion, { occasion: "routine" })).toBe(false);
      expect(templateFitsOccasion(occasion, { occasion: "training" })).toBe(false);
    }
  });
});

describe("greetings that never embarrass: who it concerns, and mourning (unit)", () => {
  const base = { locale: "zh-CN" as const, templates: STORED, seed: "c:2027" };
  const chen = (concerns?: Parameters<typeof contactGreetingFacts>[0]["concerns"], locale: Locale = "zh-CN") =>
    contactGreetingFacts({ name: "陈建国", formOfAddress: "陈哥", storeName: "回春堂药店", repName: "刘伟", festivalName: "中秋节", concerns, kinLocale: locale });

  it("words an illness of the contact's father about 令尊, never about the contact", () => {
    for (let seed = 0; seed < 20; seed++) {
      const c = chooseGreeting({ ...base, seed, occasion: "get_well", facts: chen("father"), concerns: "father" })!;
      expect(c.occasion).toBe("get_well_family");
      expect(c.text).toContain("令尊");
      expect(c.text).not.toMatch(/您最近身体欠安|听说您身体|您的近况/);
    }
    const kin = { mother: "令堂", spouse: "您爱人", child: "孩子", other: "家人" } as const;
    for (const [who, word] of Object.entries(kin)) {
      const c = chooseGreeting({ ...base, occasion: "condolence", facts: chen(who as keyof typeof kin), concerns: who as keyof typeof kin })!;
      expect(c.text, who).toContain(word);
    }
    const en = chooseGreeting({ ...base, locale: "en", occasion: "get_well", facts: chen("mother", "en"), concerns: "mother" })!;
    expect(en.text).toContain("your mother");
    // The contact's own illness keeps the contact's wording.
    expect(chooseGreeting({ ...base, occasion: "get_well", facts: chen("self"), concerns: "self" })!.occasion).toBe("get_well");
  });

  it("a family variant needs its 亲属: without it, none (never the contact's own wording)", () => {
    const facts = { ...chen("father"), kin: null };
    expect(chooseGreeting({ ...base, occasion: "get_well", facts, concerns: "father" })).toBeNull();
  });

  it("in mourning: no birthday wishes at all — the case of the issue, 陈哥 two days after an overdue bereavement follow-up", () => {
    const mourning = inMourning("2027-09-01", "2027-09-08", DEFAULT_POLICY.mourningDays);
    expect(mourning).toBe(true);
    // Without mourning the chooser would send "陈哥，…生日快乐…".
    expect(chooseGreeting({ ...base, occasion: "birthday", facts: chen() })!.text).toMatch(/^陈哥，.*生日快乐/);
    for (let seed = 0; seed < 30; seed++) expect(chooseGreeting({ ...base, seed, occasion: "birthday", facts: chen(), mourning })).toBeNull();
    // Nor congratulations on a wedding or a baby.
    for (const occasion of ["wedding", "new_baby"]) expect(chooseGreeting({ ...base, occasion, facts: chen(), mourning })).toBeNull();
    // The condolence itself is what mourning calls for.
    expect(chooseGreeting({ ...base, occasion: "condolence", facts: chen(), mourning })!.text).toMatch(/节哀|哀悼|难过/);
  });

  it("in mourning a festival gets only the restrained 问候, without cheer, whatever the festival and templates", () => {
    for (const occasion of ["mid_autumn", "spring_festival", "dragon_boat", "lantern", "festival"]) {
      for (let seed = 0; seed < 10; seed++) {
        const c = chooseGreeting({ ...base, seed, occasion, facts: chen(), mourning: true })!;
        expect(c.occasion, occasion).toBe(RESTRAINED_FESTIVAL);
        expect(c.text).toContain("中秋节"); // it names the festival
        expect(c.text).not.toMatch(/快乐|恭喜|红火|兴隆|拜年|[!！]/);
      }
    }
    // An admin who deactivated every restrained text gets none, never the festival's cheer.
    const off = STORED.map((t) => (t.occasion === RESTRAINED_FESTIVAL ? { ...t, active: false } : t));
    expect(chooseGreeting({ ...base, templates: off, occasion: "mid_autumn", facts: chen(), mourning: true })).toBeNull();
    expect(chooseGreeting({ ...base, occasion: "mid_autumn", facts: chen(), mourning: false })!.text).toContain("快乐");
  });

  it("mourning lasts the policy's days from the bereavement (百日 by default)", () => {
    expect(DEFAULT_POLICY.mourningDays).toBe(100);
    expect(inMourning("2027-01-01", "2027-01-01", 100)).toBe(true);
    expect(inMourning("2027-01-01", "2027-04-10", 100)).toBe(true); // day 99 after
    expect(inMourning("2027-01-01", "2027-04-11", 100)).toBe(false); // day 100 after: the hundred days are over
    expect(inMourning("2027-01-01", "2027-12-31", 365)).toBe(true);
    expect(inMourning("2027-02-01", "2027-01-20", 100)).toBe(false); // recorded ahead: not yet
    expect(inMourning(null, "2027-01-20", 100)).toBe(false);
  });

  it("a logged greeting may carry the family or restrained variant of its occasion", () => {
    expect(templateFitsOccasion("get_well_family", { occasion: "life_event", lifeEventKind: "illness" })).toBe(true);
    expect(templateFitsOccasion("condolence_family", { occasion: "life_event", lifeEventKind: "bereavement" })).toBe(true);
    expect(templateFitsOccasion("get_well_family", { occasion: "life_event", lifeEventKind: "bereavement" })).toBe(false);
    expect(templateFitsOccasion(RESTRAINED_FESTIVAL, { occasion: "festival", festivalKey: "mid_autumn" })).toBe(true);
    expect(validateTemplate("{亲属}生日快乐", "zh-CN", "birthday")).toMatchObject({ ok: false, fields: { body: "template_kin_only" } });
    expect(validateTemplate("{称呼}，{节日}快乐！", "zh-CN", RESTRAINED_FESTIVAL)).toMatchObject({ ok: false, fields: { body: "template_not_sober" } });
  });
});
