// Browser tests: Node drives Debian's Chromium (playwright-core) against the real local stack —
// sqld plus the Worker under `wrangler dev` — started by the global setup.
import { defineConfig } from "vitest/config";
import { fileURLToPath } from "node:url";

export default defineConfig({
  root: fileURLToPath(new URL("../..", import.meta.url)),
  test: {
    include: ["test/browser/**/*.browser.test.ts"],
    globalSetup: ["./test/browser/stack.ts"],
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
