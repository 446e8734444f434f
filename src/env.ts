// The Worker's bindings, declared once. Secrets come from `wrangler secret put` (or .dev.vars locally).
export type Env = {
  TURSO_DATABASE_URL: string;
  TURSO_AUTH_TOKEN?: string;
  RESEND_API_KEY?: string;
  /** Points the Resend SDK elsewhere (tests: a local recording server). */
  RESEND_BASE_URL?: string;
  APP_ORIGIN: string;
  MAIL_FROM: string;
  ENVIRONMENT: "development" | "production" | "test";
  MAIL_QUEUE: Queue<MailJob>;
};

/** A claimed outbox row, fanned out through the queue. */
export type MailJob = { outboxId: number };

declare global {
  namespace Cloudflare {
    interface Env extends import("./env.ts").Env {}
  }
}
