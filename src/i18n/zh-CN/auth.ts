export const auth = {
  signInTitle: "登录",
  emailLabel: "工作邮箱",
  sendLink: "发送登录链接",
  linkSent: "如果该邮箱已开通账号，登录链接已发送，15 分钟内有效。请查收邮件。",
  rateLimited: "请求过于频繁，请稍后再试。",
  invalidEmail: "请输入有效的邮箱地址",
  confirmTitle: "确认登录",
  confirmButton: "登录客情",
  confirmHint: "点击按钮完成登录。链接只能使用一次。",
  linkInvalid: "登录链接无效或已过期，请重新获取。",
  mailSubject: "客情登录链接",
  mailBody: (name: string, link: string) =>
    `${name}，您好：\n\n点击下面的链接登录客情（15 分钟内有效，只能使用一次）：\n${link}\n\n如果不是您本人操作，请忽略此邮件。`,
  signedOut: "已退出登录。",
  signOutEverywhere: "退出所有设备",
  signedOutEverywhere: (n: number) => `已退出 ${n} 个设备上的登录。`,
};
