import type { Messages } from "../zh-CN/index.ts";

export const settings: Messages["settings"] = {
  title: "Settings",
  language: "Language",
  digestTime: "Morning plan e-mail time",
  digestTimeHint: "The day's plan arrives after this time each morning (never after 12:00).",
  digestPaused: "Pause the morning e-mail (leave, travel)",
  save: "Save settings",
  saved: "Settings saved.",
  apiTokens: "API tokens",
  apiTokensHint: "For scripts and integrations: send Authorization: Bearer <token>. A token is shown once.",
  tokenName: "Token name",
  createToken: "Create token",
  newToken: "New token (copy it now; it will not be shown again):",
  revoke: "Revoke",
  noTokens: "No tokens yet.",
  lastUsed: (d: string) => `Last used ${d}`,
  neverUsed: "Never used",
  sessions: "Signed-in devices",
  sessionsHint: (n: number) => `${n} device(s) are signed in. After signing out everywhere, every device signs in again by e-mail.`,
  alsoRevokeApiTokens: (n: number) => `Also revoke my ${n} API token(s) (scripts using them will stop working)`,
};
