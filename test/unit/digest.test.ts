// Unit: the morning digest's rendering (src/mail/digest.ts, digest-sections.ts, html.ts) and its
// greetings (src/domain/digest-greetings.ts) from a RepDay built in memory — escaping, sms:/tel:
// links, empty sections left out, the subject's counts, both languages.
import { describe, expect, it } from "vitest";
import { emptyRepMonth, repDay, type RepContact, type RepMonthData, type RepStore } from "../../src/domain/rep-day.ts";
import { DEFAULT_FESTIVALS, DEFAULT_POLICY } from "../../src/domain/policy.ts";
import { DEFAULT_GREETING_TEMPLATES, type GreetingTemplate } from "../../src/domain/greetings.ts";
import type { Locale, StoreClass } from "../../src/domain/types.ts";
import type { DayPart } from "../../src/domain/dates.ts";
import { composeDigest, digestMentions, logUrl } from "../../src/mail/digest.ts";
import { digestGreetings, followUpKey } from "../../src/domain/digest-greetings.ts";
import { digestFestivalDrafts, FESTIVAL_CONTACTS_PER_REP, type BoardContact } from "../../src/domain/festival-board.ts";
import type { ContactFacts } from "../../src/domain/digest-data.ts";
import { dialable, renderHtml, smsHref, type MailDoc } from "../../src/mail/html.ts";
import { MAIL_DRAFT_LIMIT } from "../../src/mail/digest-sections.ts";
import { escapeHtml, section } from "../helpers/mail-text.ts";

const ORIGIN = "https://kq.example";
const context = { policy: DEFAULT_POLICY, festivals: DEFAULT_FESTIVALS };
const STORED: GreetingTemplate[] = DEFAULT_GREETING_TEMPLATES.map((t, i) => ({ ...t, id: i + 1, active: true }));

const store = (id: number, cls: StoreClass, name = `药房${id}`, phone: string | null = null): RepStore => ({ id, class: cls, name, city: "长沙", phone, repId: 7 });

function month(today: string, over: Partial<RepMonthData> = {}): RepMonthData {
  return { ...emptyRepMonth(context, 7, today, today.slice(0, 7)), ...over };
}

/** Every quota of a store met (R1–R3 defaults). */
function allDone(id: number, cls: StoreClass) {
  const q = DEFAULT_POLICY.quotas;
  return (["visit", "phone", "message"] as const).map((channel) => ({ storeId: id, channel, count: q[channel][cls] }));
}

function digest(
  data: RepMonthData,
  opts: { locale?: Locale; dayPart?: DayPart; facts?: Map<number, ContactFacts>; last?: (c: number, o: string) => number | null; festivalContacts?: BoardContact[] } = {},
) {
  const locale = opts.locale ?? "zh-CN";
  const day = repDay(data);
  const festivalDrafts = digestFestivalDrafts({
    festivals: day.festivals,
    stores: data.stores,
    contacts: opts.festivalContacts ?? [],
    today: day.today,
    templates: STORED,
    lastVariant: opts.last ?? (() => null),
    locale,
    repName: "刘伟",
    mourningDays: DEFAULT_POLICY.mourningDays,
  });
  const greetings = digestGreetings({
    day,
    stores: data.stores,
    contacts: data.contacts,
    facts: opts.facts ?? new Map(),
    templates: STORED,
    lastVariant: opts.last ?? (() => null),
    locale,
    repName: "刘伟",
  });
  return {
    day,
    greetings,
    festivalDrafts,
    mail: composeDigest({ locale, origin: ORIGIN, repName: "刘伟", dayPart: opts.dayPart ?? "morning", day, stores: data.stores, contacts: data.contacts, greetings, festivalDrafts }),
  };
}


const birthdayContact = (id: number, storeId: number, phone: string | null = "138 0013 8000"): RepContact => ({
  id,
  storeId,
  name: "王丽华",
  formOfAddress: "王姐",
  phone,
  birthday: { calendar: "solar", month: 7, day: 15, leapMonth: false },
});

describe("e-mail HTML helpers (unit)", () => {
  it("escapes the five HTML specials in every text, attribute and link of a mail", () => {
    const evil = `<b>&"'x`;
    const item = { title: evil, href: evil, badge: evil, lines: [{ text: evil }], quote: evil, links: [{ label: evil, href: evil }] };
    const doc: MailDoc = {
      lang: "zh-CN",
      title: evil,
      preheader: evil,
      heading: evil,
      intro: [{ text: evil }],
      sections: [
        {
          id: evil,
          title: evil,
          blocks: [
            { kind: "text", text: evil },
            { kind: "subhead", text: evil },
            { kind: "items", items: [item] },
            { kind: "more", text: evil, href: evil },
            { kind: "stats", stats: [{ label: evil, value: evil, note: evil }] },
            { kind: "table", head: [evil], rows: [[{ text: evil }]] },
          ],
        },
      ],
      footer: { text: evil, links: [{ label: evil, href: evil }] },
    };
    const out = renderHtml(doc);
    expect(escapeHtml(evil)).toBe("&lt;b&gt;&amp;&quot;&#39;x");
    expect(out.split("&lt;b&gt;&amp;&quot;&#39;x")).toHaveLength(25 + 1); // every field, escaped
    expect(out).not.toContain("<b>");
    expect(out).not.toMatch(/"'x|&"/);
  });

  it("writes sms: links with the number and the percent-encoded body", () => {
    expect(smsHref("13800138000", "王姐，生日快乐！")).toBe(`sms:13800138000?&body=${encodeURIComponent("王姐，生日快乐！")}`);
    expect(dialable("138-0013 8000")).toBe("13800138000");
    expect(dialable("+86 138 0013 8000")).toBe("+8613800138000");
    expect(dialable("无")).toBeNull();
  });

  it("builds quick-log links with only the parameters that apply", () => {
    expect(logUrl(ORIGIN, { storeId: 3, channel: "visit", occasion: "routine" })).toBe(`${ORIGIN}/log?storeId=3&channel=visit&occasion=routine`);
    expect(logUrl(ORIGIN, { storeId: 3, channel: "message", contactId: 9, occasion: "birthday", greetingTemplateId: 4 })).toBe(
      `${ORIGIN}/log?storeId=3&channel=message&contactId=9&occasion=birthday&greetingTemplateId=4`,
    );
    expect(logUrl(ORIGIN, { storeId: 3, channel: "phone", occasion: "festival", festivalKey: "mid_autumn", greetingTemplateId: null })).toBe(
      `${ORIGIN}/log?storeId=3&channel=phone&occasion=festival&festivalKey=mid_autumn`,
    );
  });
});

describe("the morning digest (unit)", () => {
  it("stays under 100 KB (Gmail clips at 102 KB) for a 200-store rep five days before Mid-Autumn, and says where the rest is", () => {
    // 2027-09-15 is Mid-Autumn; every store owes festival actions, 400 contacts, birthdays due today.
    const today = "2027-09-10";
    const stores = Array.from({ length: 200 }, (_, i) => store(i + 1, i < 40 ? "A" : i < 100 ? "B" : "C", `老百姓大药房（长沙第${i + 1}分店）`, "0731-8888 0000"));
    const contacts = stores.flatMap((s, i) => [
      { ...birthdayContact(2 * i + 1, s.id), birthday: { calendar: "solar" as const, month: 9, day: 10, leapMonth: false } },
      { ...birthdayContact(2 * i + 2, s.id), name: "李建国", formOfAddress: "李总" },
    ]);
    // The festival contacts as the digest's select reads them: capped per rep, A stores first.
    const festivalContacts: BoardContact[] = contacts.slice(0, FESTIVAL_CONTACTS_PER_REP).map((c) => ({
      ...c,
      doNotContact: false,
      preferences: "喜欢喝普洱茶，周末常去湘江边散步",
      familyNotes: "女儿今年考上了中南大学",
      lastBereavement: null,
    }));
    const { mail, festivalDrafts } = digest(month(today, { stores, contacts }), { festivalContacts });
    const bytes = new TextEncoder().encode(mail.html).length;
    expect(bytes).toBeLessThan(100_000);
    expect(mail.html).toContain("中秋");
    // The lists are shortened, never cut silently: each says how many more and links to them all.
    expect(mail.text).toMatch(/还有 \d+ 家/);
    expect(mail.html).toContain("/festivals/mid_autumn");
    // A personal festival greeting per contact, the first few in full with the sms: carrying it.
    const drafts = festivalDrafts.byFestival.get("mid_autumn")!;
    expect(drafts).toHaveLength(FESTIVAL_CONTACTS_PER_REP);
    const first = drafts[0]!;
    expect(first.greeting.text).toMatch(/^王姐/);
    expect(first.greeting.text).toContain("刘伟");
    expect(mail.text).toContain(`sms:13800138000?&body=${encodeURIComponent(first.greeting.text)}`);
    expect(mail.text).toContain(`「${first.greeting.text}」`);
    expect(mail.text).toContain(`${ORIGIN}/log?storeId=1&channel=message&contactId=1&occasion=festival&festivalKey=mid_autumn&greetingTemplateId=${first.greeting.templateId}`);
    expect(mail.text.match(/occasion=festival&festivalKey=mid_autumn&greetingTemplateId=/g)).toHaveLength(MAIL_DRAFT_LIMIT);
    // More were read than shown, and more exist than were read: the page has them all.
    expect(section(mail.text, "临近的节日")).toContain("更多联系人的问候草稿在节日页面上");
    console.log(`200-store festival digest: ${bytes} bytes of HTML`);
  });

  it("greets by the part of the day the rep reads it: a 14:00 digest time says 下午好, not 早上好", () => {
    expect(digest(month("2026-10-14")).mail.html).toContain("早上好");
    const afternoon = digest(month("2026-10-14"), { dayPart: "afternoon" }).mail;
    expect(afternoon.html).toContain("下午好");
    expect(afternoon.text).not.toContain("早上好");
    expect(digest(month("2026-10-14"), { dayPart: "evening", locale: "en" }).mail.text).toContain("Good evening");
  });

  it("does not show a green 0/N stores behind under a red headline (each store a fraction behind)", () => {
    const stores = Array.from({ length: 10 }, (_, i) => store(i + 1, "A"));
    // Each store one fraction short of what today expects on every channel.
    const rows = repDay(month("2026-10-20", { stores })).pace.rows;
    const counts = rows.map((r) => ({ storeId: r.storeId, channel: r.channel, count: Math.floor(r.expectedByToday) }));
    const day = repDay(month("2026-10-20", { stores, counts }));
    expect(day.pace.storesBehind).toBe(0);
    expect(Object.values(day.pace.headline).some((h) => h.expectedByToday - h.credited >= 1)).toBe(true);
    const { mail } = digest(month("2026-10-20", { stores, counts }));
    expect(mail.text).not.toContain("0/10 家门店落后");
    expect(mail.text).toContain("10 家门店都没有落后满一次，但合计已落后于进度");
  });

  it("escapes a store name everywhere in the HTML and keeps it as typed in the text", () => {
    const evil = `<b>&"药房`;
    const { mail } = digest(month("2026-07-15", { stores: [store(1, "A", evil)] }));
    expect(mail.html).toContain("&lt;b&gt;&amp;&quot;药房");
    expect(mail.html).not.toContain(evil);
    expect(mail.html).not.toMatch(/<b>/);
    expect(mail.text).toContain(`[A] ${evil}`);
  });

  it("carries no script, image, external stylesheet or style block, and stays one 600 px column", () => {
    const { mail } = digest(month("2026-07-15", { stores: [store(1, "A")] }));
    expect(mail.html).not.toMatch(/<script|<img|<link|<style|javascript:/i);
    expect(mail.html).toContain("max-width:600px");
    expect(mail.html).toContain('<meta name="viewport"');
    expect(mail.html).toMatch(/display:none[^"]*">[^<]+<\/div>/); // the preheader
  });

  it("shows a birthday's greeting with an sms: link carrying the encoded Chinese text, a tel: link and a quick-log link", () => {
    const data = month("2026-07-15", { stores: [store(1, "B")], contacts: [birthdayContact(11, 1)] });
    const facts = new Map<number, ContactFacts>([[11, { preferences: "喜欢喝茶", familyNotes: null, doNotContact: false }]]);
    const { day, greetings, mail } = digest(data, { facts });
    const f = day.followUps[0]!;
    const greeting = greetings.get(followUpKey(f))!;
    expect(greeting.text).toContain("喜欢喝茶"); // the most personal variant
    expect(greeting.text).not.toMatch(/[{}｛｝]/);
    const sms = `sms:13800138000?&body=${encodeURIComponent(greeting.text)}`;
    expect(mail.text).toContain(sms);
    expect(mail.html).toContain(escapeHtml(sms)); // & of ?&body= escaped inside the attribute
    expect(decodeURIComponent(sms.split("body=")[1]!)).toBe(greeting.text);
    expect(mail.text).toContain("tel:13800138000");
    expect(mail.text).toContain(`「${greeting.text}」`);
    expect(mail.text).toContain(`${ORIGIN}/log?storeId=1&channel=message&contactId=11&occasion=birthday&greetingTemplateId=${greeting.templateId}`);
  });

  it("avoids the variant sent last time, and gives no greeting to a do-not-contact contact", () => {
    const data = month("2026-07-15", { stores: [store(1, "B")], contacts: [birthdayContact(11, 1)] });
    const facts = new Map<number, ContactFacts>([[11, { preferences: "喜欢喝茶", familyNotes: "孩子在读高三", doNotContact: false }]]);
    const first = digest(data, { facts }).greetings.values().next().value!;
    const again = digest(data, { facts, last: (c, o) => (c === 11 && o === "birthday" ? first.templateId : null) }).greetings.values().next().value!;
    expect(again.templateId).not.toBe(first.templateId);
    const dnc = new Map<number, ContactFacts>([[11, { preferences: null, familyNotes: null, doNotContact: true }]]);
    const { greetings, mail } = digest(data, { facts: dnc });
    expect(greetings.size).toBe(0);
    expect(mail.text).not.toContain("sms:");
  });

  it("leaves out a contact's sms:/tel: links when no phone is on file", () => {
    const data = month("2026-07-15", { stores: [store(1, "B")], contacts: [birthdayContact(11, 1, null)] });
    const { mail } = digest(data);
    expect(mail.text).not.toContain("sms:");
    expect(mail.text).not.toContain("tel:");
    expect(mail.text).toContain("没有记录手机号");
  });

  it("omits empty sections: a month with every quota met has only the pace and the own targets", () => {
    const data = month("2026-07-15", {
      stores: [store(1, "A"), store(2, "C")],
      counts: [...allDone(1, "A"), ...allDone(2, "C")],
      lastContact: [
        { storeId: 1, localDate: "2026-07-14" },
        { storeId: 2, localDate: "2026-07-10" },
      ],
    });
    const { mail } = digest(data);
    expect(mail.html).toContain('id="pace"');
    expect(mail.html).toContain('id="rules"');
    for (const id of ["plan", "behind", "festivals", "follow-ups", "slow-movers", "intel"]) expect(mail.html).not.toContain(`id="${id}"`);
    for (const title of ["今日计划", "落后于进度的门店", "临近的节日", "生日与红白喜事"]) expect(mail.text).not.toContain(`【${title}】`);
    expect(mail.subject).toBe("今日计划 7月15日：今天没有待办");
  });

  it("counts today's plan in the subject: visits, calls, messages and greetings", () => {
    // Two C stores behind on everything (plan: one routine task each), a birthday today (a greeting).
    const data = month("2026-07-15", {
      stores: [store(1, "A"), store(2, "C"), store(3, "B")],
      counts: [...allDone(1, "A"), ...allDone(3, "B")],
      contacts: [birthdayContact(11, 1)],
    });
    const { day, mail } = digest(data);
    const visits = day.plan.groups.visit.length;
    const calls = day.plan.groups.phone.length;
    const greetings = day.plan.groups.message.filter((t) => t.reasons.some((r) => r.kind === "follow_up")).length;
    expect(greetings).toBe(1);
    expect(visits).toBeGreaterThan(0);
    const messages = day.plan.groups.message.length - greetings;
    const parts = [`拜访 ${visits} 家`, ...(calls > 0 ? [`电话 ${calls} 个`] : []), ...(messages > 0 ? [`短信 ${messages} 条`] : []), `祝福 ${greetings} 条`];
    expect(mail.subject).toBe(`今日计划 7月15日：${parts.join("，")}`);
    // The plan's subsections hold the same numbers.
    expect(section(mail.text, "今日计划")).toContain(`· 拜访 · ${visits}`);
  });

  it("lists at most 10 stores per list, with the rest counted and linked", () => {
    const stores = Array.from({ length: 13 }, (_, i) => store(i + 1, "A"));
    const { mail } = digest(month("2026-07-15", { stores }));
    const behind = section(mail.text, "落后于进度的门店");
    expect(behind.split("\n").filter((l) => l.startsWith("- [A]")).length).toBe(30); // 10 per channel
    expect(behind).toContain(`还有 3 家，在网页上查看: ${ORIGIN}/stores?behind=1`);
  });

  it("links each capped list's '还有 N 条' to the rep's list page, counting slow movers the digest did not read", () => {
    const slow = (id: number) => ({ id, storeId: 1, interactionId: id, localDate: "2026-07-10", subject: `某药${id}`, detail: "卖不动", reason: null, action: null, contactId: null });
    const recent = (id: number) => ({ interactionId: id, storeId: 1, localDate: "2026-07-14", intelKinds: 1 });
    // 20 slow movers read of 27 open; 12 visits missing intel last week.
    const data = month("2026-07-15", {
      stores: [store(1, "B")],
      slowMovers: Array.from({ length: 20 }, (_, i) => slow(i + 1)),
      slowMoversTotal: 27,
      recentVisits: Array.from({ length: 12 }, (_, i) => recent(100 + i)),
    });
    const { mail } = digest(data);
    expect(section(mail.text, "未解决的滞销品种（R17）")).toContain(`还有 17 条，在网页上查看: ${ORIGIN}/today/lists/slow-movers`);
    expect(section(mail.text, "上周缺情报的拜访（R12–R17）")).toContain(`还有 2 条，在网页上查看: ${ORIGIN}/today/lists/intel`);
    expect(mail.html).toContain(`href="${ORIGIN}/today/lists/slow-movers"`);
  });

  it("renders in English for an English-speaking rep", () => {
    const data = month("2026-07-15", { stores: [store(1, "B")], contacts: [birthdayContact(11, 1)] });
    const { mail } = digest(data, { locale: "en" });
    expect(mail.subject).toMatch(/^Today's plan 15 Jul: /);
    expect(mail.subject).toContain("1 greeting");
    expect(mail.html).toContain('<html lang="en">');
    expect(mail.text).toContain("【Birthdays and life events】");
    expect(mail.text).toMatch(/happy birthday/i);
    expect(mail.text).not.toContain("今日计划");
  });

  it("renders the same document as text and HTML (every link of the HTML is in the text)", () => {
    const data = month("2026-09-22", {
      stores: [store(1, "A"), store(2, "C", "丙", "0731-8888 0000")],
      contacts: [birthdayContact(11, 1)],
    });
    const { mail } = digest(data);
    const hrefs = [...mail.html.matchAll(/href="([^"]+)"/g)].map((m) => m[1]!.replace(/&amp;/g, "&"));
    expect(hrefs.length).toBeGreaterThan(5);
    for (const h of hrefs) expect(mail.text).toContain(h);
  });
});

describe("whom a digest names (unit)", () => {
  it("lists the follow-ups' contacts and the contacts slow movers are about, and no one else", () => {
    const slow = (id: number, contactId: number | null) => ({
      id,
      storeId: 1,
      interactionId: id,
      localDate: "2026-07-10",
      subject: "某药",
      detail: "卖不动",
      reason: null,
      action: null,
      contactId,
    });
    const data = month("2026-07-15", {
      stores: [store(1, "B")],
      contacts: [birthdayContact(11, 1), { ...birthdayContact(12, 1), birthday: { calendar: "solar", month: 1, day: 2, leapMonth: false } }],
      slowMovers: [slow(1, 21), slow(2, null)],
    });
    const { day, mail } = digest(data);
    expect(mail.text).toContain("王丽华");
    expect(digestMentions(day)).toEqual([11, 21]);
    expect(digestMentions(repDay(month("2026-07-15", { stores: [store(1, "B")] })))).toEqual([]);
  });
});
