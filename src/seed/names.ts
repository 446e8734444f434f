// Chinese data pools for the demo organisation: a sales force in Hunan (湖南) calling on drugstores.
// Our company (康舟药业) and the competitor brands are fictional; the pharmacy chains are the ones a
// rep in Changsha really meets, so the store list reads like a real territory.
import type { ContactRole, LifeEventKind } from "../domain/types.ts";
import type { Rng } from "./random.ts";

// ---- people -------------------------------------------------------------------------------------

/** [surname, pinyin (for WeChat ids), weight]: common surnames, weighted roughly by frequency in Hunan. */
export const SURNAMES: readonly (readonly [string, string, number])[] = [
  ["刘", "liu", 60], ["李", "li", 58], ["王", "wang", 52], ["陈", "chen", 50], ["张", "zhang", 45],
  ["彭", "peng", 24], ["周", "zhou", 24], ["唐", "tang", 24], ["谭", "tan", 22], ["罗", "luo", 22],
  ["黄", "huang", 22], ["曾", "zeng", 20], ["邓", "deng", 20], ["胡", "hu", 20], ["杨", "yang", 18],
  ["赵", "zhao", 14], ["吴", "wu", 14], ["肖", "xiao", 14], ["文", "wen", 10], ["欧阳", "ouyang", 6],
  ["易", "yi", 10], ["蒋", "jiang", 10], ["龙", "long", 8], ["谢", "xie", 12], ["贺", "he", 8],
  ["徐", "xu", 10], ["孙", "sun", 8], ["朱", "zhu", 10], ["郭", "guo", 8], ["何", "he", 10],
  ["高", "gao", 8], ["林", "lin", 8], ["袁", "yuan", 8], ["廖", "liao", 8], ["石", "shi", 6],
  ["许", "xu", 6], ["邹", "zou", 8], ["雷", "lei", 6], ["汤", "tang", 5], ["向", "xiang", 6],
  ["田", "tian", 6], ["颜", "yan", 5], ["夏", "xia", 5], ["熊", "xiong", 6], ["姚", "yao", 5],
  ["宋", "song", 5], ["戴", "dai", 5], ["毛", "mao", 5], ["钟", "zhong", 5], ["聂", "nie", 4],
];

/** Given names by generation: 秀英 and 建国 were born long before 欣怡 and 子轩. */
export const GIVEN_FEMALE: { older: readonly string[]; any: readonly string[]; younger: readonly string[] } = {
  older: ["秀英", "桂英", "春兰", "淑芬", "玉兰", "凤英", "建英", "爱民", "月娥", "金凤", "丽华", "少华", "小红", "海燕"],
  any: ["静", "敏", "燕", "艳", "娟", "霞", "芳", "玲", "丹", "萍", "红梅", "晓燕", "雪梅", "慧", "文娟", "丽娟", "美玲", "湘君", "湘琴", "巧玲", "晓丽"],
  younger: ["婷婷", "倩", "琳", "欣怡", "佳怡", "梦瑶", "雨婷", "思雨", "诗琪", "园园", "蓉", "洁", "颖", "璐", "佳"],
};

export const GIVEN_MALE: { older: readonly string[]; any: readonly string[]; younger: readonly string[] } = {
  older: ["建军", "建国", "国庆", "卫东", "铁军", "红兵", "跃进", "立新", "新民", "德明", "长青", "庆丰", "正华", "建华"],
  any: ["伟", "强", "磊", "军", "勇", "杰", "涛", "斌", "明", "刚", "平", "辉", "华", "志强", "海波", "晓东", "湘平", "光辉", "宏伟", "志刚", "波", "峰", "林"],
  younger: ["超", "鹏", "飞", "文杰", "浩然", "子轩", "宇航", "俊杰", "家乐", "振宇", "俊", "亮", "斌斌"],
};

export type Gender = "f" | "m";

export function pickSurname(rng: Rng): readonly [string, string] {
  const [zh, py] = rng.weightedPair(SURNAMES.map((s) => [s, s[2]] as const));
  return [zh, py];
}

export function pickGiven(rng: Rng, gender: Gender, birthYear: number): string {
  const pools = gender === "f" ? GIVEN_FEMALE : GIVEN_MALE;
  const era = birthYear < 1975 ? pools.older : birthYear >= 1988 ? pools.younger : rng.chance(0.5) ? pools.older : pools.younger;
  return rng.pick(rng.chance(0.5) ? era : pools.any);
}

/**
 * How a rep actually addresses someone (SPEC §3: 王姐 / 李总): by surname plus a title that depends
 * on role, sex and age. Young clerks get 小+surname or a pet name; an older clerk is 姐/哥 or 阿姨.
 */
export function formOfAddress(
  rng: Rng,
  p: { surname: string; given: string; gender: Gender; age: number; role: ContactRole },
): string {
  const s = p.surname;
  const sibling = p.gender === "f" ? `${s}姐` : `${s}哥`;
  switch (p.role) {
    case "owner":
      if (p.gender === "m") return rng.weightedPair([[`${s}总`, 5], [`${s}老板`, 3], [sibling, p.age < 50 ? 2 : 0]]);
      return rng.weightedPair([[sibling, 6], [`${s}总`, 4]]);
    case "manager":
      return rng.weightedPair([[`${s}店长`, 45], [`${s}经理`, 25], [sibling, 30]]);
    case "pharmacist":
      if (p.age >= 50) return `${s}老师`;
      return rng.weightedPair([[`${s}老师`, 5], [`${s}药师`, 3], [sibling, 2]]);
    case "buyer":
      return rng.weightedPair([[`${s}经理`, 6], [sibling, 4]]);
    case "clerk": {
      if (p.age < 28) {
        const last = p.given.slice(-1);
        const pet = p.gender === "f" ? `${last}${last}` : `阿${last}`;
        return rng.weightedPair([[`小${s}`, 6], [p.given.length === 2 && p.given[0] === p.given[1] ? p.given : pet, 4]]);
      }
      if (p.age >= 48) return p.gender === "f" ? `${s}阿姨` : `${s}叔`;
      return sibling;
    }
  }
}

/** Plausible mobile prefixes; the "00" after them keeps the numbers recognisably fake in a demo. */
const MOBILE_PREFIXES = ["138", "139", "135", "136", "137", "150", "151", "152", "158", "159", "187", "188", "130", "131", "155", "156", "133", "153", "180", "189", "177", "199"];

export function mobile(rng: Rng): string {
  return `${rng.pick(MOBILE_PREFIXES)}00${rng.digits(6)}`;
}

export function wechatId(rng: Rng, pinyin: string, birthYear: number): string {
  switch (rng.int(0, 4)) {
    case 0:
      return `${pinyin}_${rng.digits(4)}`;
    case 1:
      return `${pinyin}${birthYear}`;
    case 2:
      return `xiao${pinyin}${rng.int(1, 99)}`;
    case 3:
      return `${pinyin}${String(birthYear).slice(2)}${rng.pick(["cs", "hn", "yy", "happy", "888", "666"])}`;
    default: {
      const alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
      let s = "wxid_";
      for (let i = 0; i < 12; i++) s += alphabet[rng.int(0, alphabet.length - 1)];
      return s;
    }
  }
}

export function qqNumber(rng: Rng): string {
  return `${rng.int(1, 9)}${rng.digits(rng.int(5, 9))}`;
}

// ---- places -------------------------------------------------------------------------------------

export type District = { name: string; streets: readonly string[] };
export type City = { name: string; areaCode: string; districts: readonly District[] };

export const CITIES: readonly City[] = [
  {
    name: "长沙",
    areaCode: "0731",
    districts: [
      { name: "芙蓉区", streets: ["五一大道", "解放西路", "芙蓉中路", "八一路", "韶山北路", "东二环", "人民东路", "车站北路"] },
      { name: "天心区", streets: ["劳动西路", "书院路", "湘府中路", "南湖路", "坡子街", "黄兴南路", "新开铺路"] },
      { name: "岳麓区", streets: ["麓山南路", "桐梓坡路", "枫林一路", "金星中路", "岳麓大道", "银盆南路", "望月湖路"] },
      { name: "开福区", streets: ["湘江中路", "芙蓉北路", "三一大道", "营盘路", "中山路", "东风路"] },
      { name: "雨花区", streets: ["万家丽中路", "劳动东路", "韶山中路", "香樟路", "井湾路", "湘府东路", "树木岭路"] },
      { name: "望城区", streets: ["雷锋大道", "郭亮中路", "旺旺路"] },
    ],
  },
  {
    name: "株洲",
    areaCode: "0731",
    districts: [
      { name: "芦淞区", streets: ["建设中路", "车站路", "人民南路", "董家塅大道"] },
      { name: "荷塘区", streets: ["新华西路", "红旗北路", "茨菇塘路", "荷塘大道"] },
      { name: "石峰区", streets: ["田心大道", "北站路", "响石路"] },
      { name: "天元区", streets: ["长江北路", "泰山路", "珠江北路", "黄河北路"] },
    ],
  },
  {
    name: "湘潭",
    areaCode: "0731",
    districts: [
      { name: "雨湖区", streets: ["建设北路", "韶山西路", "基建营路", "人民路", "雨湖路"] },
      { name: "岳塘区", streets: ["河东大道", "建设南路", "书院路", "双拥路", "芙蓉路"] },
    ],
  },
  {
    name: "衡阳",
    areaCode: "0734",
    districts: [
      { name: "雁峰区", streets: ["解放大道", "先锋路", "中山南路"] },
      { name: "珠晖区", streets: ["东风路", "衡州大道", "湖北路"] },
      { name: "蒸湘区", streets: ["蒸湘南路", "船山大道", "光辉街", "长湖路"] },
      { name: "石鼓区", streets: ["中山北路", "人民路", "蒸阳北路"] },
    ],
  },
  {
    name: "岳阳",
    areaCode: "0730",
    districts: [
      { name: "岳阳楼区", streets: ["巴陵中路", "东茅岭路", "五里牌路", "金鹗中路", "洞庭南路", "青年中路"] },
      { name: "云溪区", streets: ["云溪大道", "松阳湖路"] },
    ],
  },
  {
    name: "常德",
    areaCode: "0736",
    districts: [
      { name: "武陵区", streets: ["人民路", "武陵大道", "朗州路", "洞庭大道", "建设路", "紫缘路"] },
      { name: "鼎城区", streets: ["善卷路", "桃花源路", "金霞路"] },
    ],
  },
];

/** Which city each team works in, cycling: the capital gets most teams, as a real sales region would. */
export const TEAM_CITY_CYCLE: readonly number[] = [0, 0, 1, 2, 0, 3, 4, 0, 5, 1, 0, 2];

const DIGITS_ZH = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"];

/** 1 → 一, 12 → 十二, 20 → 二十, 105 → 一百零五 (for team names such as 长沙十二组). */
export function chineseNumber(n: number): string {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`not a small whole number: ${n}`);
  if (n < 10) return DIGITS_ZH[n]!;
  if (n < 20) return `十${n % 10 ? DIGITS_ZH[n % 10] : ""}`;
  if (n < 100) return `${DIGITS_ZH[Math.floor(n / 10)]}十${n % 10 ? DIGITS_ZH[n % 10] : ""}`;
  if (n < 1000) {
    const rest = n % 100;
    const head = `${DIGITS_ZH[Math.floor(n / 100)]}百`;
    if (rest === 0) return head;
    if (rest < 10) return `${head}零${DIGITS_ZH[rest]}`;
    return `${head}${rest < 20 ? "一" : ""}${chineseNumber(rest)}`;
  }
  return String(n);
}

/** [chain, weight]: the big Hunan chains dominate a territory; national ones appear now and then. */
export const CHAINS: readonly (readonly [string, number])[] = [
  ["老百姓大药房", 30], ["益丰大药房", 28], ["养天和大药房", 12], ["千金大药房", 8], ["九芝堂大药房", 6],
  ["海王星辰", 5], ["国大药房", 4], ["同仁堂", 3], ["湘雅大药房", 4],
];

export const INDEPENDENT_STORES: readonly string[] = [
  "仁和堂药店", "康济大药房", "济民药店", "百草堂大药房", "福寿康药房", "安康大药房", "德仁堂药房",
  "回春堂药店", "惠民大药房", "家和药店", "健民大药房", "万寿堂药号", "永春大药房", "保和堂药店",
  "天天好大药房", "利民药店", "益寿堂", "长生大药房", "众康药店", "民生大药房", "福瑞堂药房",
  "一心堂药店", "康之家大药房", "顺心药店",
];

/** A branch name from the street it stands on: 解放西路 → 解放西路店. */
export function branchName(chain: string, street: string, suffix = "店"): string {
  return `${chain}(${street}${suffix})`;
}

// ---- what the rep learns about people (R13, R14, R15) -------------------------------------------

/** Who a note plausibly fits: age range (inclusive) and, where it matters, sex. */
export type Fit = { min?: number; max?: number; gender?: Gender };

export function fits(f: Fit, age: number, gender: Gender): boolean {
  return (f.min === undefined || age >= f.min) && (f.max === undefined || age <= f.max) && (f.gender === undefined || f.gender === gender);
}

/** Picks among the items that fit the person; the unconditional ones keep the list from ever being empty. */
export function pickFitting<T extends Fit>(rng: Rng, items: readonly T[], age: number, gender: Gender): T {
  const ok = items.filter((i) => fits(i, age, gender));
  return rng.pick(ok.length ? ok : items);
}

/** A preference (R13) with something a rep might do about it (R14); `{addr}` is the form of address. */
export const PREFERENCES: readonly ({ text: string; action: string } & Fit)[] = [
  { text: "喜欢喝茶，尤其安化黑茶", action: "给{addr}带了一块安化黑茶茶砖", min: 30 },
  { text: "爱打羽毛球", action: "约{addr}周末一起打了一场羽毛球", max: 50 },
  { text: "喜欢跳广场舞", action: "帮{addr}的舞蹈队借了一个音响", min: 42 },
  { text: "爱吃辣，常去吃湘菜", action: "给{addr}带了一瓶自家做的剁辣椒" },
  { text: "爱追剧", action: "给{addr}推荐了最近热播的两部剧" },
  { text: "喜欢钓鱼", action: "给{addr}推荐了望城的一个钓场", min: 30 },
  { text: "爱养花，家里多肉很多", action: "送了{addr}两盆多肉" },
  { text: "喜欢烘焙", action: "帮{addr}在网上找了一套蛋糕模具", max: 45 },
  { text: "周末喜欢爬岳麓山", action: "约{addr}周日一起爬岳麓山" },
  { text: "爱喝咖啡", action: "给{addr}带了一杯咖啡", max: 45 },
  { text: "喜欢看花鼓戏", action: "帮{addr}留意了花鼓戏演出的票", min: 45 },
  { text: "爱跑步，跑过半程马拉松", action: "帮{addr}打听了橘子洲半马的报名时间", max: 50 },
  { text: "喜欢摄影", action: "给{addr}分享了几个拍照的好地方" },
  { text: "喜欢吃水果，尤其冰糖橙", action: "给{addr}带了几个麻阳冰糖橙" },
  { text: "喜欢看书", action: "借给{addr}一本新出的小说" },
  { text: "不喝酒，爱喝奶茶", action: "给{addr}带了一杯奶茶", max: 38 },
  { text: "关注养生，喜欢泡脚", action: "给{addr}带了一包艾草泡脚包", min: 35 },
  { text: "喜欢唱歌", action: "邀请{addr}参加了公司组织的联谊K歌" },
  { text: "喜欢自驾游", action: "给{addr}推荐了张家界的自驾路线", min: 28 },
  { text: "家里养了猫，很宠", action: "给{addr}带了一包猫粮" },
  { text: "很注意护肤", action: "给{addr}带了护手霜小样", gender: "f" },
  { text: "喜欢下象棋", action: "陪{addr}下了一盘象棋", gender: "m" },
];

/** R15: family situations, each for the ages it fits. */
export const FAMILY_NOTES: readonly ({ text: string } & Fit)[] = [
  { text: "孩子在读高三，明年高考", min: 38, max: 55 },
  { text: "儿子今年上初一", min: 33, max: 50 },
  { text: "女儿在长沙读大学", min: 40, max: 60 },
  { text: "爱人在铁路上班，经常出差", min: 25 },
  { text: "父母住在乡下，周末常回去看望", max: 50 },
  { text: "家里刚添了二胎", min: 27, max: 42 },
  { text: "刚买了新房，正在装修", min: 24, max: 50 },
  { text: "爱人是中学老师", min: 25 },
  { text: "母亲身体不太好，需要常照顾", min: 30 },
  { text: "孩子准备考研", min: 44, max: 62 },
  { text: "女儿上幼儿园大班", min: 25, max: 42 },
  { text: "刚结婚不久", max: 34 },
  { text: "儿子在外地当兵", min: 40, max: 60 },
  { text: "婆婆帮忙带孩子", min: 24, max: 42, gender: "f" },
  { text: "爱人跑货运，常年在外", min: 25 },
  { text: "孩子明年中考，在找数学家教", min: 35, max: 52 },
  { text: "一家三口，周末常去橘子洲散步", min: 28, max: 50 },
  { text: "父亲退休前是村医，很懂药", max: 50 },
  { text: "孩子在市重点中学读书，成绩很好", min: 33, max: 52 },
  { text: "双胞胎女儿今年上小学", min: 26, max: 44 },
  { text: "孙子上幼儿园，常帮忙接送", min: 50 },
  { text: "还没成家，家里催得紧", max: 32 },
];

export const CONTACT_TAGS: Partial<Record<ContactRole, readonly string[]>> & { any: readonly string[] } = {
  owner: ["决策人"],
  manager: ["关键人"],
  pharmacist: ["执业药师"],
  buyer: ["管进货"],
  any: ["老员工", "新员工", "热心", "说话直爽", "会员群管理员"],
};

// ---- products (R12, R16, R17) -------------------------------------------------------------------

/** Our (fictional) company's range: OTC staples and a few prescription drugs for chronic disease. */
export const OUR_PRODUCTS: readonly string[] = [
  "感冒灵颗粒", "复方丹参滴丸", "板蓝根颗粒", "小儿止咳糖浆", "六味地黄丸", "藿香正气水",
  "布洛芬缓释胶囊", "蒲地蓝消炎片", "维生素C泡腾片", "健胃消食片", "氨溴索口服液", "复方甘草片",
  "苯磺酸氨氯地平片", "二甲双胍缓释片", "阿托伐他汀钙片", "阿莫西林胶囊", "小儿退热贴", "清咽滴丸",
];

/** Competitor products under made-up brands. */
export const COMPETITOR_PRODUCTS: readonly string[] = [
  "华济感冒清热颗粒", "瑞年板蓝根颗粒", "宜生布洛芬混悬液", "金元堂六味地黄丸", "恒安氨氯地平片",
  "博泰维生素C咀嚼片", "同康蒲地蓝口服液", "森泰小儿止咳糖浆", "华济复方丹参片", "瑞年健胃消食片",
  "宜生退热贴", "恒安二甲双胍片", "金元堂藿香正气口服液", "博泰氨溴索片",
];

/** R12: what clerks say about our products; `{p}` is the product. */
export const PRODUCT_FEEDBACK: readonly string[] = [
  "顾客反映{p}口感偏苦，小孩不太愿意喝",
  "{p}最近走得快，店里想多进两件",
  "{p}说明书字太小，老年顾客看不清用法用量",
  "有老顾客回购{p}，说效果比之前用的好",
  "店员建议{p}出家庭装，更好卖",
  "{p}价格比隔壁店贵2元，有顾客问过",
  "{p}包装和竞品太像，顾客容易拿错",
  "{p}会员复购不错，一个月卖了两件",
  "店员说{p}的适应症不好讲，希望有话术卡",
  "{p}上月断货一周，影响了销售",
  "顾客问{p}有没有儿童剂型",
  "{p}买赠的小礼品很受欢迎，希望继续",
];

/** R16: competitor details; `{c}` is the competitor product. */
export const COMPETITOR_DETAILS: readonly string[] = [
  "{c}进价比我们低3元，店员推荐有提成",
  "{c}本月在做买二送一，月底结束",
  "{c}新出了儿童装，包装很醒目",
  "{c}的业务员每周来两次，帮忙理货",
  "{c}给店员每盒2元奖励",
  "{c}拿下了收银台旁的端架位置",
  "{c}在做会员日满减，顾客反响不错",
  "{c}下月要涨价，店里在囤货",
  "{c}请店员参加了厂家组织的培训",
  "{c}进了连锁总部的重点推荐目录",
];

/** R17: slow movers; `{n}` is how many packs sold. */
export const SLOW_MOVER_DETAILS: readonly string[] = [
  "近三个月只卖了{n}盒",
  "上个月一盒没动，库存还有{n}盒",
  "货架上放了半年，只走了{n}盒",
  "月销不到{n}盒，店长想退货",
];

/** R17: why it does not sell and what the rep will do about it. */
export const SLOW_MOVER_CAUSES: readonly { reason: string; action: string }[] = [
  { reason: "陈列位置偏，在货架最下层", action: "调整到与视线平齐的位置，补了价签和POP" },
  { reason: "价格比竞品高", action: "申请买赠活动，下周开始" },
  { reason: "店员不熟悉适应症，不会推荐", action: "安排一次小型产品培训，送了话术卡" },
  { reason: "近效期，顾客不愿意买", action: "协调换成新批号" },
  { reason: "季节性产品，过了旺季", action: "调到季节陈列区，做关联销售" },
  { reason: "包装规格大，单次购买价格高", action: "申请小规格进货" },
  { reason: "顾客不认识这个品牌", action: "放宣传单页，做店内体验活动" },
  { reason: "连锁总部没有列入推荐目录", action: "找连锁采购沟通，争取进推荐目录" },
  { reason: "竞品在做促销", action: "申请同期促销支持" },
];

// ---- work the rep does (R9–R11, gifts) ----------------------------------------------------------

/** [what, min CNY, max CNY]: small gifts a rep may leave on a routine visit. */
export const ROUTINE_GIFTS: readonly (readonly [string, number, number])[] = [
  ["台历", 20, 40], ["雨伞", 20, 45], ["保温杯", 40, 90], ["小药箱", 30, 60], ["茶叶", 80, 200], ["水果篮", 60, 150],
];

/** Festival gifts (R4) by festival key; others fall back to a fruit basket. */
export const FESTIVAL_GIFTS: Record<string, readonly [string, number, number]> = {
  mid_autumn: ["月饼礼盒", 80, 200],
  dragon_boat: ["粽子礼盒", 60, 150],
  spring_festival: ["年货礼盒", 100, 300],
};

/** What a rep brings to a life-event visit (R7, R8). */
export const LIFE_EVENT_GIFTS: Record<LifeEventKind, readonly (readonly [string, number, number])[]> = {
  wedding: [["鲜花花篮", 150, 300], ["喜糖礼盒", 80, 160]],
  new_baby: [["婴儿礼盒", 100, 200], ["婴儿衣服", 80, 180]],
  bereavement: [["花圈", 100, 200]],
  illness: [["水果篮", 60, 150], ["营养品", 100, 250]],
  accident: [["水果篮", 60, 150], ["营养品", 100, 250]],
};

/** `{addr}` notes per life event, each for the people it fits (a grandchild at 50, one's own wedding at 28). */
export const LIFE_EVENT_NOTES: Record<LifeEventKind, readonly ({ text: string } & Fit)[]> = {
  wedding: [
    { text: "{addr}结婚，请了婚假", max: 35 },
    { text: "{addr}要办喜酒了", max: 35 },
    { text: "{addr}的妹妹结婚", min: 30, max: 48 },
    { text: "{addr}的女儿结婚", min: 46 },
    { text: "{addr}的儿子办婚礼", min: 46 },
  ],
  new_baby: [
    { text: "{addr}家添了个儿子", min: 24, max: 42 },
    { text: "{addr}喜得千金", min: 24, max: 42 },
    { text: "{addr}生了二胎", min: 28, max: 42, gender: "f" },
    { text: "{addr}的爱人生了二胎", min: 28, max: 45, gender: "m" },
    { text: "{addr}当外婆了", min: 46, gender: "f" },
    { text: "{addr}当奶奶了", min: 46, gender: "f" },
    { text: "{addr}当爷爷了", min: 46, gender: "m" },
    { text: "{addr}的姐姐生了孩子", max: 30 },
    { text: "{addr}家添了孙子", min: 43, max: 45 },
  ],
  bereavement: [
    { text: "{addr}的父亲去世" },
    { text: "{addr}的母亲去世" },
    { text: "{addr}的婆婆去世", min: 30, gender: "f" },
    { text: "{addr}的奶奶去世", max: 40 },
  ],
  illness: [
    { text: "{addr}做了胆囊手术，在家休养" },
    { text: "{addr}住院检查，请了一周假" },
    { text: "{addr}腰椎间盘突出，在做理疗", min: 30 },
  ],
  accident: [
    { text: "{addr}骑电动车摔伤了腿" },
    { text: "{addr}下班路上出了车祸，手臂骨折" },
    { text: "{addr}在家摔了一跤，扭伤了脚" },
  ],
};

/** R11: formal trainings at A stores (drug knowledge or pharmacy marketing). */
export const TRAINING_TOPICS: readonly string[] = [
  "慢病用药知识：高血压用药",
  "糖尿病患者用药指导",
  "儿童用药安全",
  "秋冬季呼吸道疾病用药",
  "感冒药的联合用药与禁忌",
  "中成药辨证用药",
  "药店陈列技巧",
  "会员营销与复购",
  "社群运营与微信营销",
  "关联销售话术",
  "处方药管理与GSP合规",
  "慢病会员管理",
];

/** R10: problems a rep solves for a store. */
export const PROBLEMS_SOLVED: readonly string[] = [
  "帮忙从其他门店调货",
  "处理近效期产品退换",
  "协助做社群活动",
  "帮忙重新做了货架陈列",
  "协调配送延迟问题",
  "帮忙申请促销物料",
  "帮门店对接连锁总部采购",
  "协助处理一起顾客投诉",
  "帮忙培训新来的店员",
  "帮忙核对账目和返利",
  "帮忙联系公司补开发票",
  "协助门店做会员日活动",
  "解决了破损产品的换货",
  "帮忙整理GSP检查需要的资料",
];

/** R9: help a rep asks of the store; `{p}` is one of our products. */
export const HELP_ASKED: readonly string[] = [
  "请店长把{p}放到收银台旁",
  "请老板帮忙介绍附近的诊所",
  "请店员帮忙向顾客推荐{p}",
  "请帮忙收集顾客对{p}的反馈",
  "请店长在会员群里转发{p}的活动",
  "请老板帮忙引荐连锁采购经理",
  "请店员帮忙留意竞品的价格变化",
  "请店长支持{p}端架陈列一个月",
  "请帮忙在门口张贴{p}的活动海报",
];

export const THIRD_PARTY_NOTES: readonly string[] = [
  "通过连锁总部采购经理协调了陈列位置",
  "请社区诊所的医生帮忙推荐",
  "借商会活动认识了老板的朋友",
  "通过配送公司了解门店库存情况",
  "请公司区域经理一起拜访了老板",
  "借药师协会培训活动和药师交流",
];

export const VISIT_NOTES: readonly string[] = [
  "常规拜访，整理了货架",
  "检查库存，补了价签",
  "送了新的宣传物料",
  "和店长聊了下月订货计划",
  "看了竞品陈列",
  "店里人多，简单聊了几句",
];

export const PHONE_NOTES: readonly string[] = [
  "电话确认下周订货数量",
  "回访上次的退换货处理",
  "问候了一下，约下周拜访",
  "通知新品到货",
  "确认促销活动的时间",
];

export const MESSAGE_NOTES: readonly string[] = [
  "微信发了新品资料",
  "发了天气转凉的健康提醒",
  "发了促销活动海报",
  "发了下周拜访的时间",
  "转发了用药科普文章",
];

/** `{addr}`, `{p}`, `{c}`, `{n}` placeholders. */
export function fill(template: string, vars: { addr?: string; p?: string; c?: string; n?: number }): string {
  return template
    .replaceAll("{addr}", vars.addr ?? "")
    .replaceAll("{p}", vars.p ?? "")
    .replaceAll("{c}", vars.c ?? "")
    .replaceAll("{n}", String(vars.n ?? ""));
}
