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
  ENVIRONMENT: "development" | "production" | "test";
};

type KeqingEnv = Env;

declare global {
  namespace Cloudflare {
    interface Env extends KeqingEnv {}
    interface GlobalProps {
      mainModule: typeof import("./index.ts");
    }
  }
}
