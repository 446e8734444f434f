// The private calendar feed (/calendar/<token>.ics) and its section on the settings page.
import { lunarDateZh } from "./stores.ts";

const md = (iso: string) => `${Number(iso.slice(5, 7))}月${Number(iso.slice(8, 10))}日`;

export const calendar = {
  // settings
  title: "日历订阅",
  hint: "把节日、客户生日和红白喜事的跟进截止日期订阅到手机日历（iPhone、安卓、Outlook、Google 日历），日历会自动更新。",
  privacy: "订阅链接是私人的，任何拿到链接的人都能看到这些日程（只有称呼、门店名和日期，不含偏好和家庭情况），请不要转发。怀疑泄露时请更换链接。",
  active: "私人订阅链接已开启。",
  inactive: "尚未开启日历订阅。",
  create: "生成订阅链接",
  rotate: "更换链接",
  rotateHint: "更换后旧链接立即失效，需要在日历里重新订阅。",
  revoke: "关闭订阅",
  newTitle: "您的日历订阅链接",
  newHint: "请现在复制或订阅：出于安全考虑，链接只显示这一次。",
  subscribe: "在本机日历中订阅",
  webcalLabel: "手机日历（webcal 链接）",
  httpsLabel: "其他日历应用（如 Google 日历“通过网址添加”）",
  backToSettings: "返回设置",
  // the feed
  calName: (name: string) => `客情 · ${name}`,
  calDesc: "节日、客户生日和跟进截止日期",
  category: { festival: "节日", birthday: "生日", followUp: "跟进" },
  action: { visit_with_gift: "拜访送礼", visit: "拜访", phone: "电话", message: "祝福短信" },
  classActions: (cls: string, stores: number | null, actions: string[]) =>
    `${cls} 类门店${stores === null ? "" : `（${stores} 家）`}：${actions.join("、")}`,
  windowOpens: (festival: string) => `${festival}窗口开始`,
  classHeadline: (cls: string, actions: string[]) => `${cls} 类门店${actions.join("、")}`,
  windowSummary: (festival: string, headline: string) => `${festival}窗口开始：${headline}`,
  festivalOn: (festival: string, date: string) => `${festival}：${md(date)}`,
  window: (from: string, to: string) => `有效时间：${md(from)}至${md(to)}`,
  lunarDate: (month: number, day: number, leap: boolean) => `农历${lunarDateZh(month, day, leap)}`,
  birthdaySummary: (who: string, store: string) => `${who}生日（${store}）`,
  birthdayNote: (channel: string) => `送上专门写给对方的生日祝福（${channel}，R6）`,
  congratulateSummary: (channel: string, who: string, store: string) => `${channel}道贺截止：${who}（${store}）`,
  condoleSummary: (channel: string, who: string, store: string) => `${channel}慰问截止：${who}（${store}）`,
  followUpNote: (what: string | null, eventDate: string, dueDate: string, rule: string) =>
    `${what ? `${what} · ` : ""}事情发生在 ${md(eventDate)}，最晚 ${md(dueDate)} 前完成（${rule}）`,
};
