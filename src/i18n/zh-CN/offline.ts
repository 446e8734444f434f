// The client script's words (public/assets/app.js): rendered into every signed-in page as JSON, so the
// script carries no language of its own. `{n}`, `{time}`, `{m}` are filled in by the script.
export const offline = {
  banner: "离线 · 上次同步 {time}",
  bannerNever: "离线 · 此页来自本机缓存",
  pending: "待上传 {n}",
  queued: "已保存在本机，联网后自动上传",
  stateQueued: "待上传",
  stateRefused: "被拒",
  stateSignin: "需重新登录后上传",
  fix: "修改",
  discard: "放弃",
  discardConfirm: "放弃这条记录？放弃后无法恢复。",
  fixing: "上次上传被拒：{m}",
  uploadNow: "立即上传",
};
