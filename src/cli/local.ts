// Where the CLI finds its database: TURSO_DATABASE_URL when set (production, or `npm start`'s sqld),
// otherwise the local sqld of `npm start` — started for the duration of the command if it is not running.
import { mkdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { join } from "node:path";
import { startSqld, type Sqld } from "./sqld.ts";

export const projectRoot = fileURLToPath(new URL("../..", import.meta.url));
export const localDataDir = join(projectRoot, ".data");
export const localDbPath = join(localDataDir, "sqld");
export const defaultSqldPort = Number(process.env.SQLD_PORT ?? 8080);
/** The port `npm start` serves on (PORT, default 8787). */
export const localAppPort = Number(process.env.PORT ?? 8787);
/** The app's address for links the CLI prints: APP_ORIGIN, else the local `npm start` on PORT. */
export const appOrigin = (): string => (process.env.APP_ORIGIN ?? `http://localhost:${localAppPort}`).replace(/\/+$/, "");
/** The sender of local mail (npm start, tests, benchmarks): a reserved domain, refused in production. */
export const LOCAL_MAIL_FROM = "Keqing 客情 <digest@keqing.local>";

async function answers(url: string): Promise<boolean> {
  try {
    return (await fetch(`${url}/health`, { signal: AbortSignal.timeout(1000) })).ok;
  } catch {
    return false;
  }
}

export type Target = { url: string; authToken?: string; close: () => Promise<void> };

export async function databaseTarget(): Promise<Target> {
  const env = process.env.TURSO_DATABASE_URL;
  if (env) return { url: env, authToken: process.env.TURSO_AUTH_TOKEN, close: async () => {} };
  const url = `http://127.0.0.1:${defaultSqldPort}`;
  if (await answers(url)) return { url, close: async () => {} };
  mkdirSync(localDataDir, { recursive: true });
  const sqld: Sqld = await startSqld({ dbPath: localDbPath, port: defaultSqldPort, quiet: true });
  return { url: sqld.url, close: sqld.stop };
}
