// The Worker's bindings. What wrangler.toml declares (vars and the queue) is generated into
// worker-env.d.ts by `npm run types` and checked against the file in CI (`wrangler types --check`),
// so the two cannot drift. Added here is only what the file cannot know: the secrets (`wrangler
// secret put`, absent locally), the tests' own knobs, and the queue's message type.
import type { MailJob } from "./scheduler/mail-job.ts";

declare global {
  namespace Cloudflare {
    interface Env {
      TURSO_AUTH_TOKEN?: string;
      /** Without it mail stays in the outbox (local use). */
      RESEND_API_KEY?: string;
      /** Points the Resend SDK elsewhere (tests: a local recording server). */
      RESEND_BASE_URL?: string;
      /** First retry delay of a failed mail job, seconds (default 30; doubled each time). */
      MAIL_RETRY_BASE_SECONDS?: string;
      /** Benchmarks only (ignored in production): ms added to the queue consumer's clock (src/index.ts). */
      CLOCK_OFFSET_MS?: string;
    }
  }
}

/** ENVIRONMENT is checked where it is read (src/config.ts: production, development or test; empty means production). */
export type Env = Omit<Cloudflare.Env, "MAIL_QUEUE"> & { MAIL_QUEUE: Queue<MailJob> };

/** One queue message; checked by the consumer against its schema (src/scheduler/mail-job.ts). */
export type { MailJob } from "./scheduler/mail-job.ts";
