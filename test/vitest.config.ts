import { cloudflareTest } from "@cloudflare/vitest-plugin";
import { defineConfig } from "vitest/config";
import { fileURLToPath } from "node:url";
import { LOCAL_MAIL_FROM } from "../src/cli/local.ts";

const root = fileURLToPath(new URL("..", import.meta.url));

// Two projects, one command: `workers` runs unit and integration tests inside workerd against a
// real sqld; `browser` drives Debian's Chromium against sqld + `wrangler dev` (test/browser/).
export default defineConfig({
  root,
  test: {
    projects: [
      {
        root,
        plugins: [
          cloudflareTest(({ inject }) => ({
            wrangler: { configPath: "./wrangler.toml" },
            miniflare: {
              // wrangler.toml deploys production; the tests ask for their own environment and addresses.
              // Mail goes through the real Resend SDK to a local recording server (test/helpers/resend-recorder.ts).
              bindings: {
                ENVIRONMENT: "test",
                TURSO_DATABASE_URL: inject("dbUrl"),
                APP_ORIGIN: "http://localhost:8787",
                MAIL_FROM: LOCAL_MAIL_FROM,
                RESEND_API_KEY: "re_test_key",
                RESEND_BASE_URL: inject("resendUrl"),
                MAIL_RETRY_BASE_SECONDS: "0",
              },
              compatibilityFlags: ["service_binding_extra_handlers"],
              // wrangler.toml's consumers with a short batch timeout (an override replaces the whole entry).
              queueConsumers: {
                "keqing-mail": { maxBatchSize: 4, maxBatchTimeout: 0.05, maxRetries: 6, deadLetterQueue: "keqing-mail-dlq" },
                "keqing-mail-dlq": { maxBatchSize: 10, maxBatchTimeout: 0.05 },
              },
            },
          })),
        ],
        test: {
          name: "workers",
          include: ["test/unit/**/*.test.ts", "test/integration/**/*.test.ts"],
          globalSetup: ["./test/global-setup.ts"],
          // Integration suites share one sqld and reset tables in beforeAll: one file at a time.
          fileParallelism: false,
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        root,
        test: {
          name: "browser",
          include: ["test/browser/**/*.browser.test.ts"],
          globalSetup: ["./test/browser/stack.ts"],
          fileParallelism: false,
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        root,
        test: {
          // Fault tests in Node: each file starts its own sqld + wrangler dev + Resend recorder (test/system/).
          name: "system",
          include: ["test/system/**/*.system.test.ts"],
          environment: "node",
          fileParallelism: false,
          testTimeout: 120_000,
          hookTimeout: 180_000,
        },
      },
    ],
  },
});
