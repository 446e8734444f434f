// The Worker's bindings, declared once and merged into Cloudflare.Env so that
// `import { env } from "cloudflare:workers"` is typed. Secrets come from `wrangler secret put`
// (or .dev.vars locally), never from wrangler.toml.
export type Env = {
  TURSO_DATABASE_URL: string;
  TURSO_AUTH_TOKEN?: string;
  RESEND_API_KEY?: string;
  /** Points the Resend SDK elsewhere (tests: a local recording server). */
  RESEND_BASE_URL?: string;
  APP_ORIGIN: string;
  MAIL_FROM: string;
  /** Unset means production (src/config.ts). */
  ENVIRONMENT?: "development" | "production" | "test";
  MAIL_QUEUE: Queue<MailJob>;
  /** First retry delay of a failed mail job, seconds (default 30; doubled each time). */
  MAIL_RETRY_BASE_SECONDS?: string;
};

/**
 * One queue message: up to JOB_SIZE (≤ 100) claimed outbox rows of one kind and period, built and sent together
 * (one Resend batch call under `key`). Retries keep the group, so the idempotency key stays valid.
 */
export type MailJob = { kind: "digest" | "weekly"; period: string; outboxIds: number[]; userIds: number[]; key: string };

type KeqingEnv = Env;

declare global {
  namespace Cloudflare {
    interface Env extends KeqingEnv {}
    interface GlobalProps {
      mainModule: typeof import("./index.ts");
    }
  }
}
