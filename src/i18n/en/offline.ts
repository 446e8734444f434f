import type { Messages } from "../zh-CN/index.ts";

export const offline: Messages["offline"] = {
  banner: "Offline · last synced {time}",
  bannerNever: "Offline · this page is from the device's copy",
  pending: "To upload: {n}",
  queued: "Saved on this device; it uploads when the network is back",
  stateQueued: "waiting",
  stateRefused: "refused",
  stateSignin: "sign in again to upload",
  fix: "Fix",
  discard: "Discard",
  discardConfirm: "Discard this entry? It cannot be recovered.",
  fixing: "Last upload was refused: {m}",
  uploadNow: "Upload now",
};
