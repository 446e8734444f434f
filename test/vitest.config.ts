import { cloudflareTest } from "@cloudflare/vitest-plugin";
import { defineConfig } from "vitest/config";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));

export default defineConfig({
  root,
  plugins: [
    cloudflareTest(({ inject }) => ({
      wrangler: { configPath: "./wrangler.toml" },
      miniflare: {
        bindings: { TURSO_DATABASE_URL: inject("dbUrl"), ENVIRONMENT: "test" },
        compatibilityFlags: ["service_binding_extra_handlers"],
      },
    })),
  ],
  test: {
    include: ["test/**/*.test.ts", "test/**/*.test.tsx"],
    exclude: ["test/browser/**"],
    globalSetup: ["./test/global-setup.ts"],
    // Integration suites share one sqld and reset tables in beforeAll: one file at a time (see test/README.md).
    fileParallelism: false,
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
