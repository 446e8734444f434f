// Greeting templates (R4–R8, SPEC §3 "Personal greetings"): the placeholder language, the default
// texts, validation (a broken template is refused when saved, never discovered when mail goes out)
// and the chooser that picks the most personal variant it can fill completely. Pure: no I/O.
import { addDays } from "./dates.ts";
import type { Concerns, LifeEventKind, Locale, LocalDate, Occasion } from "./types.ts";

// ---- occasions ------------------------------------------------------------------------------

/**
 * The texts for a life event of a family member (an illness of 父亲 is not the contact's own:
 * "听说令尊身体欠安", never "听说您最近身体欠安"): each R7/R8 occasion's family variant, worded with {亲属}.
 */
const FAMILY_OCCASIONS = ["wedding_family", "new_baby_family", "condolence_family", "get_well_family"] as const;
const familyOccasion = (occasion: GreetingOccasion): GreetingOccasion => `${occasion}_family`;

/**
 * Festival texts for a contact in mourning (policy.mourningDays after a bereavement): a 问候 that
 * names the festival, without cheer. Used in place of every festival's own texts during mourning.
 */
export const RESTRAINED_FESTIVAL = "festival_restrained";

/** Occasions that are not festivals. Any other occasion is a festival key (built-in or an admin's). */
export const PERSONAL_OCCASIONS = ["birthday", "wedding", "new_baby", "condolence", "get_well", ...FAMILY_OCCASIONS] as const;
/** The festivals of R4 and R5, which have their own texts. */
export const BUILTIN_FESTIVAL_OCCASIONS = ["spring_festival", "dragon_boat", "mid_autumn"] as const;
/** Texts for any festival without its own: they name the festival through {节日}. */
export const GENERIC_FESTIVAL = "festival";

/** Every occasion the defaults cover, in the order pages list them. */
export const GREETING_OCCASIONS = [
  "birthday",
  ...BUILTIN_FESTIVAL_OCCASIONS,
  GENERIC_FESTIVAL,
  "wedding",
  "new_baby",
  "condolence",
  "get_well",
  ...FAMILY_OCCASIONS,
  RESTRAINED_FESTIVAL,
] as const;

/** A greeting occasion: one of GREETING_OCCASIONS or an admin festival key. */
export type GreetingOccasion = string;

/** R7 and R8: which texts a life event calls for. */
export const LIFE_EVENT_OCCASIONS: Record<LifeEventKind, GreetingOccasion> = {
  wedding: "wedding",
  new_baby: "new_baby",
  bereavement: "condolence",
  illness: "get_well",
  accident: "get_well",
};

/** Occasions whose texts must stay sober (R8, and festivals in mourning): no exclamation marks, no emoji. */
const SOBER_OCCASIONS: ReadonlySet<string> = new Set(["condolence", "get_well", "condolence_family", "get_well_family", RESTRAINED_FESTIVAL]);

/** Occasions that celebrate: none of their texts goes to a contact in mourning. */
const CELEBRATORY_OCCASIONS: ReadonlySet<string> = new Set(["birthday", "wedding", "new_baby", "wedding_family", "new_baby_family"]);

/**
 * Whether a contact is in mourning on `today`: their latest bereavement (丧事) was at most
 * `mourningDays` days ago (policy; 100 by default, 百日).
 */
export function inMourning(lastBereavement: LocalDate | null | undefined, today: LocalDate, mourningDays: number): boolean {
  return Boolean(lastBereavement && lastBereavement <= today && addDays(lastBereavement, mourningDays) > today);
}

export function isFestivalOccasion(occasion: GreetingOccasion): boolean {
  return !(PERSONAL_OCCASIONS as readonly string[]).includes(occasion);
}

/** Where the chooser looks, in order: a festival without usable texts of its own falls back to the generic ones. */
export function occasionChain(occasion: GreetingOccasion): GreetingOccasion[] {
  if (occasion === RESTRAINED_FESTIVAL) return [occasion];
  return isFestivalOccasion(occasion) && occasion !== GENERIC_FESTIVAL ? [occasion, GENERIC_FESTIVAL] : [occasion];
}

/**
 * Where the chooser looks for a contact, given who the occasion concerns and whether they are in
 * mourning: no celebratory text at all in mourning (birthday, wedding, new baby: none), a festival's
 * restrained 问候 only; a family member's life event only in its family wording.
 */
export function occasionChainFor(occasion: GreetingOccasion, opts: { concerns?: Concerns | null; mourning?: boolean } = {}): GreetingOccasion[] {
  const family = opts.concerns && opts.concerns !== "self" && ["wedding", "new_baby", "condolence", "get_well"].includes(occasion);
  const own = family ? familyOccasion(occasion) : occasion;
  if (opts.mourning) {
    if (CELEBRATORY_OCCASIONS.has(own)) return [];
    if (isFestivalOccasion(own)) return [RESTRAINED_FESTIVAL];
  }
  return occasionChain(own);
}

/**
 * Whether a contact logged with `occasion` may have sent a template of `templateOccasion`: a
 * birthday text on a birthday, the festival's own or the generic festival texts on that festival,
 * the texts R7/R8 call for on a life event of that kind. Routine contacts and trainings send none.
 */
export function templateFitsOccasion(
  templateOccasion: GreetingOccasion,
  logged: { occasion: Occasion; festivalKey?: string | null; lifeEventKind?: LifeEventKind | null },
): boolean {
  if (logged.occasion === "birthday") return templateOccasion === "birthday";
  if (logged.occasion === "festival") return logged.festivalKey ? [...occasionChain(logged.festivalKey), RESTRAINED_FESTIVAL].includes(templateOccasion) : false;
  if (logged.occasion === "life_event") {
    if (!logged.lifeEventKind) return false;
    const own = LIFE_EVENT_OCCASIONS[logged.lifeEventKind];
    return templateOccasion === own || templateOccasion === familyOccasion(own);
  }
  return false;
}

// ---- placeholders ---------------------------------------------------------------------------

export type FactKey = "address" | "name" | "store" | "preference" | "family" | "rep" | "festival" | "kin";

/** What is known about the contact and the occasion; a missing or blank fact cannot be used. */
export type GreetingFacts = Partial<Record<FactKey, string | null | undefined>>;

export type Placeholder = {
  key: FactKey;
  /** The Chinese spelling; `{key}` (English) is accepted as well, in any template. */
  zh: string;
  label: Record<Locale, string>;
};

/**
 * The placeholders, for the admin page's reference. Braces may be typed half-width `{}` or
 * full-width `｛｝` (what a Chinese keyboard gives); spaces inside are ignored. There is no escape:
 * a greeting never needs a literal brace, so any other brace is an error.
 */
export const PLACEHOLDERS: readonly Placeholder[] = [
  { key: "address", zh: "称呼", label: { "zh-CN": "称呼，如 王姐、李总（未记录称呼时不用这类模板）", en: "Form of address, e.g. 王姐, 李总 (variants using it are skipped when none is recorded)" } },
  { key: "name", zh: "姓名", label: { "zh-CN": "联系人姓名（总是已知）", en: "The contact's name (always known)" } },
  { key: "store", zh: "门店", label: { "zh-CN": "门店名称", en: "The store's name" } },
  { key: "preference", zh: "偏好", label: { "zh-CN": "最近记下的一条偏好（R13），如“喜欢喝茶”", en: "The latest preference noted (R13), e.g. “likes tea”" } },
  { key: "family", zh: "家人", label: { "zh-CN": "最近记下的一条家庭情况（R15），如“孩子在读高三”", en: "The latest family note (R15), e.g. “daughter in her last school year”" } },
  { key: "rep", zh: "我", label: { "zh-CN": "业务员本人的名字（落款）", en: "The rep's own name (signature)" } },
  { key: "festival", zh: "节日", label: { "zh-CN": "节日名称（只用于节日模板）", en: "The festival's name (festival templates only)" } },
  {
    key: "kin",
    zh: "亲属",
    label: { "zh-CN": "红白喜事涉及的家人的敬称：令尊、令堂、您爱人、孩子、家人（只用于“家人”类模板）", en: "The family member a life event concerns: your father, your mother… (family templates only)" },
  },
];

/** How a greeting names the family member a life event concerns. */
export const KIN: Record<Locale, Record<Exclude<Concerns, "self">, string>> = {
  "zh-CN": { father: "令尊", mother: "令堂", spouse: "您爱人", child: "孩子", other: "家人" },
  en: { father: "your father", mother: "your mother", spouse: "your spouse", child: "your child", other: "a family member" },
};

const ALIASES: ReadonlyMap<string, FactKey> = new Map(PLACEHOLDERS.flatMap((p) => [[p.zh, p.key] as const, [p.key, p.key] as const]));

/** How much a fact makes a text personal: preference/family > form of address > name (SPEC §3). */
const PERSONAL_WEIGHT: Record<FactKey, number> = { preference: 100, family: 100, address: 10, name: 1, store: 0, rep: 0, festival: 0, kin: 0 };

/** Template length limits, in characters: about two SMS in Chinese; English words are longer. */
export const MAX_TEMPLATE_LENGTH: Record<Locale, number> = { "zh-CN": 300, en: 600 };
/** A note longer than this would turn a greeting into an essay: variants needing it are skipped. */
export const MAX_NOTE_LENGTH = 40;

type Token = { text: string } | { slot: FactKey };

type Parsed = { ok: true; tokens: Token[] } | { ok: false; code: "template_unbalanced" } | { ok: false; code: "template_unknown_placeholder"; unknown: string[] };

function parse(body: string): Parsed {
  const s = body.replace(/｛/g, "{").replace(/｝/g, "}");
  const tokens: Token[] = [];
  const unknown: string[] = [];
  let i = 0;
  while (i < s.length) {
    const open = s.indexOf("{", i);
    const close = s.indexOf("}", i);
    if (open < 0) {
      if (close >= 0) return { ok: false, code: "template_unbalanced" };
      tokens.push({ text: s.slice(i) });
      break;
    }
    if (close >= 0 && close < open) return { ok: false, code: "template_unbalanced" };
    const end = s.indexOf("}", open + 1);
    const nextOpen = s.indexOf("{", open + 1);
    if (end < 0 || (nextOpen >= 0 && nextOpen < end)) return { ok: false, code: "template_unbalanced" };
    if (open > i) tokens.push({ text: s.slice(i, open) });
    const inner = s.slice(open + 1, end).trim();
    const key = ALIASES.get(inner) ?? ALIASES.get(inner.toLowerCase());
    if (key) tokens.push({ slot: key });
    else unknown.push(`{${inner}}`);
    i = end + 1;
  }
  if (unknown.length > 0) return { ok: false, code: "template_unknown_placeholder", unknown: [...new Set(unknown)] };
  return { ok: true, tokens };
}

/** The facts a template needs, each once; empty for a template that does not parse. */
export function templatePlaceholders(body: string): FactKey[] {
  const p = parse(body);
  if (!p.ok) return [];
  return [...new Set(p.tokens.flatMap((t) => ("slot" in t ? [t.slot] : [])))];
}

// ---- validation -----------------------------------------------------------------------------

export type TemplateValidation =
  | { ok: true; value: { body: string; placeholders: FactKey[] } }
  /** `fields.body` is an error code of the validation dictionary; `unknown` lists unknown placeholders as typed. */
  | { ok: false; fields: { body: string }; unknown: string[] };

const EMOJI = /\p{Extended_Pictographic}/u;

/**
 * Checks a template as an admin saves it. `occasion`, when given, also refuses {节日} outside
 * festival texts (it could never be filled) and cheerful punctuation in condolence and get-well texts.
 */
export function validateTemplate(body: string, locale: Locale, occasion?: GreetingOccasion): TemplateValidation {
  const text = body.replace(/\r\n?/g, "\n").trim();
  const fail = (code: string, unknown: string[] = []): TemplateValidation => ({ ok: false, fields: { body: code }, unknown });
  if (text === "") return fail("template_empty");
  if ([...text].length > MAX_TEMPLATE_LENGTH[locale]) return fail("template_too_long");
  const parsed = parse(text);
  if (!parsed.ok) return parsed.code === "template_unknown_placeholder" ? fail(parsed.code, parsed.unknown) : fail(parsed.code);
  const placeholders = [...new Set(parsed.tokens.flatMap((t) => ("slot" in t ? [t.slot] : [])))];
  if (occasion !== undefined) {
    if (placeholders.includes("festival") && !isFestivalOccasion(occasion)) return fail("template_festival_only");
    if (placeholders.includes("kin") && !(FAMILY_OCCASIONS as readonly string[]).includes(occasion)) return fail("template_kin_only");
    if (SOBER_OCCASIONS.has(occasion) && (/[!！]/.test(text) || EMOJI.test(text))) return fail("template_not_sober");
  }
  return { ok: true, value: { body: text, placeholders } };
}

// ---- rendering ------------------------------------------------------------------------------

function factValue(facts: GreetingFacts, key: FactKey): string | null {
  const v = facts[key]?.trim();
  return v ? v : null;
}

/**
 * The finished text, or null when the template does not parse or a fact it needs is unknown:
 * a greeting never goes out with a placeholder left in it. Facts are inserted as they are (one
 * pass), so a fact that happens to contain braces is not expanded again.
 */
export function renderTemplate(body: string, facts: GreetingFacts): string | null {
  const parsed = parse(body);
  if (!parsed.ok) return null;
  let out = "";
  for (const t of parsed.tokens) {
    if ("text" in t) {
      out += t.text;
      continue;
    }
    const v = factValue(facts, t.slot);
    if (v === null) return null;
    out += v;
  }
  return out.trim();
}

/**
 * The latest note of a profile field that accumulates lines (R13 preferences, R15 family; the quick
 * log appends "YYYY-MM-DD detail"): last line, date stripped, last item of a "；"-list (imports and
 * the demo keep several on one line), without a leading "王姐：" naming the contact themself.
 */
export function latestNote(text: string | null | undefined, selfNames: readonly (string | null | undefined)[] = []): string | null {
  const lines = (text ?? "").split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
  let note = (lines.at(-1) ?? "").replace(/^\d{4}-\d{2}-\d{2}(\s+|$)/, "");
  note = (note.split(/[；;]/).map((x) => x.trim()).filter(Boolean).at(-1) ?? "").trim();
  for (const n of selfNames) {
    const self = n?.trim();
    if (self && note.startsWith(self) && note.length > self.length) {
      note = note.slice(self.length).replace(/^[\s:：,，]+/, "");
      break;
    }
  }
  note = note.replace(/[\s。.;；,，!！]+$/u, "");
  if (note === "" || [...note].length > MAX_NOTE_LENGTH) return null;
  return note;
}

/** Facts for a contact, as the digest and the quick log know them. Do-not-contact contacts are the caller's to exclude. */
export function contactGreetingFacts(input: {
  name: string;
  formOfAddress?: string | null;
  storeName?: string | null;
  preferences?: string | null;
  familyNotes?: string | null;
  repName?: string | null;
  festivalName?: string | null;
  /** Who the life event concerns, named as `kinLocale` says it (令尊, your father…). */
  concerns?: Concerns | null;
  kinLocale?: Locale;
}): GreetingFacts {
  const self = [input.formOfAddress, input.name];
  return {
    name: input.name,
    address: input.formOfAddress ?? null,
    store: input.storeName ?? null,
    preference: latestNote(input.preferences, self),
    family: latestNote(input.familyNotes, self),
    rep: input.repName ?? null,
    festival: input.festivalName ?? null,
    kin: input.concerns && input.concerns !== "self" ? KIN[input.kinLocale ?? "zh-CN"][input.concerns] : null,
  };
}

// ---- choosing -------------------------------------------------------------------------------

export type GreetingTemplate = {
  /** The database row id; null for a built-in default used as a fallback. */
  id: number | null;
  occasion: GreetingOccasion;
  locale: Locale;
  variant: number;
  body: string;
  active: boolean;
};

/** The key of "the template last sent to this contact for this occasion" (the chooser avoids it). */
export const lastVariantKey = (contactId: number, occasion: GreetingOccasion) => `${contactId}|${occasion}`;

/** lastVariantKey(contact, occasion) → template id, from rows of the newest greeting per contact and occasion. */
export function lastVariantMap(rows: readonly { contactId: number | null; occasion: string; templateId: number }[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const r of rows) if (r.contactId !== null) out.set(lastVariantKey(r.contactId, r.occasion), r.templateId);
  return out;
}

export type GreetingChoice = {
  templateId: number | null;
  occasion: GreetingOccasion;
  locale: Locale;
  variant: number;
  text: string;
};

export type ChooseInput = {
  occasion: GreetingOccasion;
  locale: Locale;
  /** The stored templates, inactive ones included (they suppress the default of the same variant). */
  templates: readonly GreetingTemplate[];
  facts: GreetingFacts;
  /** The template sent to this contact for this occasion last time (interactions.greeting_template_id). */
  lastVariantId?: number | null;
  /** Same seed, same choice: e.g. `${contactId}:${year}`, so the digest and a re-render agree. */
  seed: string | number;
  /** Who a life event concerns: a family member's gets the family wording (with facts.kin). */
  concerns?: Concerns | null;
  /** The contact is in mourning (inMourning): nothing celebratory, festivals only the restrained 问候. */
  mourning?: boolean;
};

/** FNV-1a, 32 bit: a stable, well-spread tie-break (no Math.random: re-renders must agree). */
function hash(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

function personalScore(body: string): number {
  return templatePlaceholders(body).reduce((sum, k) => sum + PERSONAL_WEIGHT[k], 0);
}

/**
 * The templates for one occasion and locale: the active stored ones; when there are none, the
 * built-in defaults, except variants an admin deactivated (a deactivated text never comes back).
 */
function pool(occasion: GreetingOccasion, locale: Locale, templates: readonly GreetingTemplate[]): GreetingTemplate[] {
  const mine = templates.filter((t) => t.occasion === occasion && t.locale === locale);
  const active = mine.filter((t) => t.active);
  if (active.length > 0) return active;
  const deactivated = new Set(mine.map((t) => t.variant));
  return defaultTemplates(occasion, locale).filter((t) => !deactivated.has(t.variant));
}

/**
 * Picks the greeting for one contact and occasion, or null when no template can be filled.
 * Only templates whose every placeholder is known are eligible; last time's template is avoided
 * when another is eligible; then the most personal wins (R6: a message written for that contact),
 * ties broken by the seed. Contacts marked do-not-contact must not reach this: the caller drops them.
 * A contact in mourning gets no birthday, wedding or baby text, and a festival's restrained variant
 * or none (occasionChainFor).
 */
export function chooseGreeting(input: ChooseInput): GreetingChoice | null {
  for (const occasion of occasionChainFor(input.occasion, input)) {
    const eligible = pool(occasion, input.locale, input.templates).flatMap((t) => {
      const text = renderTemplate(t.body, input.facts);
      return text === null ? [] : [{ t, text, score: personalScore(t.body) }];
    });
    if (eligible.length === 0) continue;
    const last = input.lastVariantId ?? null;
    const fresh = last === null ? eligible : eligible.filter((e) => e.t.id !== last);
    const candidates = fresh.length > 0 ? fresh : eligible;
    const top = Math.max(...candidates.map((e) => e.score));
    const tie = (e: (typeof candidates)[number]) => hash(`${input.seed}|${occasion}|${input.locale}|${e.t.variant}`);
    const best = candidates.filter((e) => e.score === top).sort((a, b) => tie(a) - tie(b) || a.t.variant - b.t.variant)[0]!;
    return { templateId: best.t.id, occasion, locale: input.locale, variant: best.t.variant, text: best.text };
  }
  return null;
}

/** Whether a template can be used for any contact (it needs nothing a profile may lack). */
export function alwaysFillable(body: string): boolean {
  const always: ReadonlySet<FactKey> = new Set(["name", "store", "rep", "festival"]);
  const p = parse(body);
  return p.ok && templatePlaceholders(body).every((k) => always.has(k));
}

// ---- default texts --------------------------------------------------------------------------
// Warm and professional, as a rep writes to a pharmacy's staff; SMS length. For each occasion and
// language: some variants use a preference or family note, some the form of address, and one needs
// only the name, so a greeting is always possible. Dragon Boat wishes 安康, not 快乐 (a day many keep
// solemn). Condolence and get-well texts are sober. No gifts promised, no banquets (the handbook warns
// against both); an offer of help or a visit in person (R7, R8) is fine.

const ZH: Record<(typeof GREETING_OCCASIONS)[number], string[]> = {
  birthday: [
    "{称呼}，生日快乐！记得您说过{偏好}，愿新的一岁多些闲暇做自己喜欢的事，身体健康，万事顺心。——{我}",
    "{称呼}，生日快乐！上次听您聊起{家人}，祝您和家人平安健康，日子越过越红火。——{我}",
    "{称呼}，今天是您的生日，祝您生日快乐，身体健康，工作顺利！感谢您一直以来对我工作的支持。——{我}",
    "{姓名}您好，今天是您的生日，祝您生日快乐，身体健康，万事如意！",
  ],
  spring_festival: [
    "{称呼}，给您拜年了！上次聊到{家人}，祝新的一年家里事事顺遂，{门店}生意兴隆，新春快乐！——{我}",
    "{称呼}，过年好！记得您{偏好}，新的一年愿您多些时间做喜欢的事。祝您新春快乐，阖家安康！——{我}",
    "{称呼}，给您拜年了！感谢您过去一年对我工作的支持，祝您新春快乐，阖家幸福，{门店}生意红火！——{我}",
    "{姓名}您好，值此新春佳节，给您拜个年！祝您新年快乐，身体健康，阖家幸福，万事如意！",
  ],
  dragon_boat: [
    "{称呼}，端午将至，祝您端午安康！上次聊到{家人}，愿家里一切顺心，天热了注意休息。——{我}",
    "{称呼}，端午安康！粽叶飘香的时节，祝您和家人平安顺遂，{门店}生意兴隆。——{我}",
    "{姓名}您好，端午将至，祝您和家人端午安康，身体健康，诸事顺遂。",
  ],
  mid_autumn: [
    "{称呼}，中秋节快乐！记得您{偏好}，愿假期里能好好放松。祝您和家人团团圆圆，平安喜乐。——{我}",
    "{称呼}，中秋快乐！月圆人团圆，感谢您一直以来的支持，祝您阖家幸福，{门店}生意兴隆。——{我}",
    "{姓名}您好，月圆中秋，祝您中秋快乐，阖家团圆，身体健康！",
  ],
  festival: [
    "{称呼}，{节日}到了，上次聊到{家人}，祝您和家人平安健康，诸事顺心。——{我}",
    "{称呼}，值此{节日}之际，感谢您一直以来的支持，祝您和家人平安顺遂，{门店}生意兴隆。——{我}",
    "{姓名}您好，值此{节日}之际，祝您和家人身体健康，万事如意！",
  ],
  wedding: [
    "{称呼}，听说您新婚大喜，真心为您高兴！祝您和爱人百年好合，幸福美满。过两天我到店里当面向您道喜。——{我}",
    "{称呼}，恭喜您喜结良缘！祝您和爱人相知相守，幸福长久。——{我}",
    "{姓名}您好，得知您新婚大喜，恭喜恭喜！祝您新婚快乐，百年好合！",
  ],
  new_baby: [
    "{称呼}，恭喜您家喜添小宝贝！祝宝宝健康平安、快快长大，也祝您和家人一切都好。改天我到店里当面道喜。——{我}",
    "{称呼}，听说家里添了宝宝，真替您高兴！照顾宝宝辛苦，您也要注意休息，保重身体。——{我}",
    "{姓名}您好，恭喜您家喜添宝宝！祝宝宝健康平安，全家幸福美满！",
  ],
  condolence: [
    "{称呼}，惊悉家中变故，深感悲痛。请您节哀顺变，保重身体。店里若有需要我帮忙的地方，请随时告诉我。——{我}",
    "{称呼}，得知令亲离世的消息，十分难过。还请您多保重身体，照顾好自己和家人。——{我}",
    "{姓名}您好，惊悉噩耗，深表哀悼。请您节哀，保重身体。",
  ],
  get_well: [
    "{称呼}，听说您最近身体欠安，十分挂念。请安心休养，早日康复。店里若有需要我帮忙的地方，请随时告诉我。——{我}",
    "{称呼}，得知您的近况，一直记挂着。身体最要紧，请好好休息，祝您早日康复。——{我}",
    "{姓名}您好，听说您最近身体欠安，请多保重，祝您早日康复。",
  ],
  wedding_family: [
    "{称呼}，听说{亲属}新婚大喜，真替您高兴！祝新人百年好合，也祝您家里喜上加喜。——{我}",
    "{称呼}，恭喜恭喜！听说{亲属}新婚，祝新人幸福美满，您家喜事连连。——{我}",
    "{姓名}您好，恭喜{亲属}新婚大喜！祝新人幸福美满，阖家欢喜。",
  ],
  new_baby_family: [
    "{称呼}，恭喜您家喜添宝宝！祝宝宝健康平安、快快长大，也祝{亲属}和全家一切都好。——{我}",
    "{称呼}，听说您家添了宝宝，恭喜恭喜！祝宝宝健康平安，{亲属}和全家都好。——{我}",
    "{姓名}您好，恭喜您家喜添宝宝！祝宝宝健康平安，全家幸福美满！",
  ],
  condolence_family: [
    "{称呼}，惊悉{亲属}离世，深感悲痛。请您节哀顺变，保重身体。店里若有需要我帮忙的地方，请随时告诉我。——{我}",
    "{称呼}，得知{亲属}离世的消息，十分难过。还请您多保重身体，照顾好自己和家人。——{我}",
    "{姓名}您好，惊悉{亲属}离世，深表哀悼。请您节哀，保重身体。",
  ],
  get_well_family: [
    "{称呼}，听说{亲属}身体欠安，十分挂念。照顾家人辛苦，您也要多保重；店里若有需要我帮忙的地方，请随时告诉我。——{我}",
    "{称呼}，得知{亲属}身体不适，一直记挂着。祝早日康复，您照顾家人也要注意休息。——{我}",
    "{姓名}您好，听说{亲属}身体欠安，祝早日康复，您也多保重。",
  ],
  festival_restrained: [
    "{称呼}，{节日}将至，知道您家里近来不易，一直记挂着。请多保重身体，有需要我帮忙的地方请随时告诉我。——{我}",
    "{称呼}，{节日}将至，向您和家人问候一声。天气多变，请多保重身体。——{我}",
    "{姓名}您好，{节日}将至，向您和家人致以问候，请多保重。",
  ],
};

const EN: Record<(typeof GREETING_OCCASIONS)[number], string[]> = {
  birthday: [
    "Happy birthday, {address}! I remember you mentioned: {preference}. I hope the year ahead leaves plenty of time for what you enjoy. Best wishes, {rep}",
    "Happy birthday, {address}! Last time you told me: {family}. Wishing you and your family good health and a wonderful year. {rep}",
    "Dear {address}, happy birthday! Thank you for all your support. Wishing you good health and every success this year. {rep}",
    "Dear {name}, happy birthday! Wishing you good health, happiness and a wonderful year ahead.",
  ],
  spring_festival: [
    "Happy Spring Festival, {address}! Last time you told me: {family}. Wishing your family a smooth, happy year and {store} a prosperous one. {rep}",
    "Happy New Year, {address}! I remember: {preference}. May the new year bring you plenty of time for what you enjoy. Wishing you and your family good health. {rep}",
    "Happy New Year, {address}! Thank you for your support over the past year. Wishing you and your family happiness, and {store} a prosperous year. {rep}",
    "Dear {name}, happy Spring Festival! Wishing you good health, happiness and every success in the new year.",
  ],
  dragon_boat: [
    "Dear {address}, the Dragon Boat Festival is coming. Last time you told me: {family}. Wishing you and your family peace and good health (端午安康). {rep}",
    "Dear {address}, wishing you a safe and healthy Dragon Boat Festival (端午安康), and continued success for {store}. {rep}",
    "Dear {name}, wishing you and your family a peaceful and healthy Dragon Boat Festival.",
  ],
  mid_autumn: [
    "Happy Mid-Autumn Festival, {address}! I remember: {preference}. I hope the holiday gives you time to relax with your family. {rep}",
    "Happy Mid-Autumn Festival, {address}! Thank you for your support. Wishing you a happy family reunion and a prosperous season for {store}. {rep}",
    "Dear {name}, happy Mid-Autumn Festival! Wishing you a happy family reunion and good health.",
  ],
  festival: [
    "Dear {address}, {festival} is here. Last time you told me: {family}. Wishing you and your family good health and all the best. {rep}",
    "Dear {address}, warm wishes for {festival}. Thank you for your support; wishing you and your family peace, and {store} continued success. {rep}",
    "Dear {name}, warm wishes to you and your family for {festival}.",
  ],
  wedding: [
    "Congratulations on your wedding, {address}! I am truly happy for you. Wishing you both a lifetime of happiness. I will come by the store to congratulate you in person. {rep}",
    "Dear {address}, congratulations on your marriage! Wishing you and your spouse many happy years together. {rep}",
    "Dear {name}, congratulations on your wedding! Wishing you both every happiness.",
  ],
  new_baby: [
    "Congratulations on the new baby, {address}! Wishing the little one good health, and you and your family all the best. I will stop by the store to congratulate you in person. {rep}",
    "Dear {address}, congratulations on the arrival of your little one! Looking after a baby is hard work; do take care of yourself too. {rep}",
    "Dear {name}, congratulations on your new baby! Wishing your family health and happiness.",
  ],
  condolence: [
    "Dear {address}, I was deeply saddened to hear of your loss. Please accept my heartfelt condolences and take care of yourself. If there is anything at the store I can help with, please let me know. {rep}",
    "Dear {address}, I am very sorry for your family's loss. My thoughts are with you and your family. Please look after yourself. {rep}",
    "Dear {name}, please accept my deepest condolences. Take good care of yourself.",
  ],
  get_well: [
    "Dear {address}, I was sorry to hear you are unwell. Please rest and take care; I wish you a speedy recovery. If there is anything at the store I can help with, just let me know. {rep}",
    "Dear {address}, I have been thinking of you since I heard the news. Your health comes first; please rest well. Wishing you a quick recovery. {rep}",
    "Dear {name}, I was sorry to hear you are unwell. Wishing you a speedy and full recovery.",
  ],
  wedding_family: [
    "Dear {address}, congratulations on the wedding of {kin}! Wishing the couple every happiness, and joy to your whole family. {rep}",
    "Dear {address}, I heard about the wedding of {kin}. Congratulations to the whole family! {rep}",
    "Dear {name}, congratulations on the wedding of {kin}! Wishing the couple every happiness.",
  ],
  new_baby_family: [
    "Dear {address}, congratulations on the new baby in your family! Wishing the little one good health, and {kin} and all of you every happiness. {rep}",
    "Dear {address}, I heard there is a new baby in your family. Congratulations, and best wishes to {kin} and all of you. {rep}",
    "Dear {name}, congratulations on the new baby in your family! Wishing your family health and happiness.",
  ],
  condolence_family: [
    "Dear {address}, I was deeply saddened to hear of the loss of {kin}. Please accept my heartfelt condolences and take care of yourself. If there is anything I can help with, please let me know. {rep}",
    "Dear {address}, I am very sorry to hear about the loss of {kin}. My thoughts are with you and your family. {rep}",
    "Dear {name}, I am very sorry for the loss of {kin}. Please accept my deepest condolences.",
  ],
  get_well_family: [
    "Dear {address}, I was sorry to hear that {kin} is unwell. Wishing a speedy recovery; please take care of yourself too. {rep}",
    "Dear {address}, I have been thinking of you since I heard {kin} is unwell. Wishing a quick recovery, and please rest too. {rep}",
    "Dear {name}, I was sorry to hear that {kin} is unwell. Wishing a speedy recovery.",
  ],
  festival_restrained: [
    "Dear {address}, with {festival} approaching I am thinking of you and your family at this difficult time. Please take care, and let me know if I can help with anything. {rep}",
    "Dear {address}, with {festival} coming, sending quiet regards to you and your family. Please take good care. {rep}",
    "Dear {name}, thinking of you and your family as {festival} approaches. Please take care.",
  ],
};

export type DefaultTemplate = { occasion: GreetingOccasion; locale: Locale; variant: number; body: string };

/** The texts a new installation starts with (installed into greeting_templates, variants numbered from 1). */
export const DEFAULT_GREETING_TEMPLATES: readonly DefaultTemplate[] = (
  [
    ["zh-CN", ZH],
    ["en", EN],
  ] as const
).flatMap(([locale, set]) =>
  GREETING_OCCASIONS.flatMap((occasion) => set[occasion].map((body, i) => ({ occasion, locale, variant: i + 1, body }))),
);

function defaultTemplates(occasion: GreetingOccasion, locale: Locale): GreetingTemplate[] {
  return DEFAULT_GREETING_TEMPLATES.filter((t) => t.occasion === occasion && t.locale === locale).map((t) => ({ ...t, id: null, active: true }));
}
