export const outbox = {
  title: "发件箱",
  devTitle: "本地发件箱（开发环境）",
  devHint: "没有配置 RESEND_API_KEY 时，邮件只存到这里，不会真正发出。",
  empty: "发件箱是空的。",
  kind: { digest: "每日计划", weekly: "每周汇总", signin: "登录链接" },
  state: { claimed: "已认领", sending: "发送中", sent: "已发送", failed: "失败", local: "仅本地" },
  columns: { when: "时间", kind: "类型", to: "收件人", subject: "主题", state: "状态", attempts: "尝试次数", error: "错误" },
  allStates: "全部状态",
  view: "查看",
  text: "纯文本",
  html: "HTML",
  erased: (when: string) => `邮件内容已于 ${when} 删除：其中提到的联系人已被删除（个人信息保护）。投递状态、次数和时间仍保留。`,
};
