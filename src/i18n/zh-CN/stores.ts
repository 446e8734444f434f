// Stores, contacts and life events (pages /stores, /contacts). zh-CN is the source language.

const LUNAR_MONTHS = ["正月", "二月", "三月", "四月", "五月", "六月", "七月", "八月", "九月", "十月", "冬月", "腊月"];
const DIGITS = ["", "一", "二", "三", "四", "五", "六", "七", "八", "九", "十"];

/** 初一 … 初十, 十一 … 十九, 二十, 廿一 … 廿九, 三十: how a lunar day is written. */
function lunarDay(d: number): string {
  if (d <= 10) return `初${DIGITS[d]}`;
  if (d < 20) return `十${DIGITS[d - 10]}`;
  if (d === 20) return "二十";
  if (d < 30) return `廿${DIGITS[d - 20]}`;
  return "三十";
}

/** A lunar month and day in Chinese: 闰四月十五, 腊月初八. */
export function lunarDateZh(month: number, day: number, leap: boolean): string {
  return `${leap ? "闰" : ""}${LUNAR_MONTHS[month - 1] ?? `${month}月`}${lunarDay(day)}`;
}

export const stores = {
  // list
  listTitle: "门店",
  newStore: "新建门店",
  editStore: "编辑门店",
  search: "搜索",
  searchPlaceholder: "店名或地址",
  allClasses: "全部类别",
  allCities: "全部城市",
  behindOnly: "只看进度落后的",
  archivedOnly: "只看已归档的",
  apply: "筛选",
  clearFilters: "清除筛选",
  noStores: "没有符合条件的门店。",
  nextPage: "下一页",
  firstPage: "回到第一页",
  behind: "落后",
  onPace: "正常",
  met: "已完成",
  archived: "已归档",
  unassigned: "未分配",
  // store fields
  name: "店名",
  code: "门店编码",
  storeClass: "门店类别",
  classHint: "类别决定每月拜访、电话、短信的次数要求。",
  rep: "负责业务员",
  repId: "业务员编号",
  chooseRep: "请选择业务员",
  address: "地址",
  city: "城市",
  phone: "电话",
  lockedForRep: "门店类别和负责业务员由经理调整。",
  archive: "归档门店",
  unarchive: "恢复门店",
  archiveHint: "归档后门店不再出现在门店列表和每日计划中，历史记录保留。",
  // store page
  logContact: "记一笔",
  call: "打电话",
  paceTitle: "本月进度",
  paceChannel: "方式",
  paceDone: "完成 / 要求",
  paceExpected: "今天应完成",
  paceRemaining: "还差",
  paceStatus: "状态",
  daysLeft: (n: number) => `本月还剩 ${n} 个工作日。`,
  followUpsTitle: "待办跟进",
  noFollowUps: "暂无需要跟进的生日或红白喜事。",
  followUpStatus: { upcoming: "即将到来", due: "该做了", overdue: "已逾期" },
  overdueDays: (n: number) => `逾期 ${n} 天`,
  dueOn: (d: string) => `截止 ${d}`,
  followUpChannel: (channel: string) => `需要：${channel}`,
  doIt: "去记录",
  contactsTitle: "联系人",
  noContacts: "还没有联系人。",
  addContact: "添加联系人",
  doNotContact: "勿扰",
  insightsTitle: "门店情报",
  slowMovers: "滞销品种（未解决）",
  competitorNotes: "近 90 天竞品信息",
  noInsights: "暂无。",
  resolvedSlowMovers: "已解决的滞销品种",
  productFeedback: "近 90 天产品反馈",
  preferenceActions: "近 90 天为偏好做的事",
  resolve: "标记为已解决",
  resolution: "什么办法起了作用",
  resolutionHint: "例如：调到视线平齐的货架，店员主推",
  worked: "起作用的办法",
  reason: "原因",
  action: "措施",
  historyTitle: "联系记录",
  noHistory: "还没有联系记录。",
  olderHistory: "更早的记录",
  latestHistory: "回到最新",
  gift: "礼品",
  askedHelp: "请客户帮忙",
  problemSolved: "帮客户解决",
  training: "培训",
  loggedBy: (name: string) => `${name} 记录`,
  // contacts
  contactTitle: "联系人",
  newContact: "添加联系人",
  editContact: "编辑联系人",
  deleteContact: "删除联系人",
  deleteConfirmTitle: (name: string) => `删除联系人「${name}」？`,
  deleteWarning:
    "删除后，此人的资料、红白喜事、偏好和家庭情况将被永久清除；与此人有关的联系记录和拜访情报中的文字会被抹去，提到此人的已发邮件不再保存内容。联系记录保留并继续计入进度，但不再关联此人。此操作不能撤销。",
  deleteButton: "确认删除",
  deleted: "联系人已删除，个人信息已清除。",
  contactName: "姓名",
  contactRole: "职务",
  formOfAddress: "称呼",
  formOfAddressHint: "如 王姐、李总、张老师",
  wechat: "微信",
  qq: "QQ",
  birthday: "生日",
  birthdayCalendar: "生日历法",
  noBirthday: "不知道",
  birthdayMonth: "月",
  birthdayDay: "日",
  /** The month and day pickers' labels: 正月…腊月 and 初一…三十 for a lunar birthday. */
  monthOption: (calendar: "solar" | "lunar" | null, m: number) =>
    calendar === "lunar" ? (LUNAR_MONTHS[m - 1] ?? String(m)) : calendar === "solar" ? `${m}月` : `${m}月 · ${LUNAR_MONTHS[m - 1]}`,
  dayOption: (calendar: "solar" | "lunar" | null, d: number) =>
    calendar === "lunar" ? lunarDay(d) : calendar === "solar" || d > 30 ? `${d}日` : `${d}日 · ${lunarDay(d)}`,
  birthdayLeapMonth: "闰月出生（仅农历）",
  birthYear: "出生年份",
  solarDate: (month: number, day: number) => `${month}月${day}日`,
  lunarDate: (month: number, day: number, leap: boolean) => lunarDateZh(month, day, leap),
  nextBirthday: (date: string, days: number) => (days === 0 ? `就是今天（${date}）` : `下一次：${date}，还有 ${days} 天`),
  nextBirthdaySolar: (date: string, days: number) =>
    days === 0 ? `就是今天（公历 ${date}）` : `下一次：公历 ${date}，还有 ${days} 天`,
  tags: "标签",
  tagsHint: "多个标签用逗号分隔",
  preferences: "偏好",
  preferencesHint: "喜好、口味、兴趣，写祝福时用得上",
  familyNotes: "家庭情况",
  personalHint: "个人信息，仅本店业务员、其经理和管理员可见；删除联系人时一并清除。",
  doNotContactLabel: "勿扰：不再为此人推荐祝福和跟进",
  store: "门店",
  // life events
  lifeEventsTitle: "红白喜事",
  noLifeEvents: "暂无记录。",
  addLifeEvent: "添加红白喜事",
  editLifeEvent: "编辑红白喜事",
  eventKind: "事件",
  eventConcerns: "是谁的事",
  concerns: { self: "本人", father: "父亲", mother: "母亲", spouse: "配偶", child: "子女", other: "其他家人" },
  eventDate: "日期",
  eventNotes: "备注",
  eventState: "状态",
  eventStates: { open: "待跟进", done: "已跟进", dismissed: "已忽略" },
  dismiss: "忽略",
  greetingsTitle: "已发送的祝福",
  noGreetings: "还没有。",
};
