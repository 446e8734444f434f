// The whole local stack for the system (fault) tests, in Node: sqld in a temporary folder (which
// a test may kill and bring back on the same port and data), the Resend recorder, and
// `wrangler dev` serving the Worker (pre-built, as deployed) with the production wrangler.toml.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Client } from "@libsql/client";
import { startSqld, type Sqld } from "../../src/cli/sqld.ts";
import { migrateDatabase, nodeDb } from "../../src/cli/db.ts";
import { seedDatabase } from "../../src/seed/insert.ts";
import { createApiToken } from "../../src/auth/api-tokens.ts";
import type { Db } from "../../src/db/client.ts";
import { startRecorder, type Recorder } from "../helpers/resend-recorder.ts";
import { Cleanup, fireScheduled, startWorker, type Worker } from "../bench/stack.ts";
import { DIGEST_TIME, instantAt, morningZone } from "../bench/zones.ts";

export type LocalStack = {
  worker: Worker;
  recorder: Recorder;
  /** A Node client straight to sqld (not through the Worker): what the database really holds. */
  client: Client;
  db: Db;
  /** Morning zone the reps were moved to, and its local date (the digests' period). */
  zone: string;
  today: string;
  sqld: () => Sqld;
  /** SIGKILL: no shutdown, no flush — a crash. */
  killSqld: () => Promise<void>;
  /** The same port and data folder, so the Worker's configured URL works again. */
  restartSqld: () => Promise<void>;
  stop: () => Promise<void>;
};

export async function startLocalStack(opts: { reps: number; storesPerRep: number; vars?: Record<string, string> }): Promise<LocalStack> {
  const cleanup = new Cleanup();
  try {
    const dir = mkdtempSync(join(tmpdir(), "keqing-system-"));
    cleanup.add(() => rmSync(dir, { recursive: true, force: true }));
    const dbPath = join(dir, "db");
    let sqld = await startSqld({ dbPath, quiet: true });
    cleanup.add(() => sqld.stop());
    await migrateDatabase(sqld.url);
    const { client, db } = nodeDb(sqld.url);
    cleanup.add(() => client.close());

    const z = morningZone(Date.now());
    if (!z) throw new Error("no morning zone");
    await seedDatabase(client, { reps: opts.reps, storesPerRep: opts.storesPerRep, seed: 5, today: z.today, now: instantAt(z.today, DIGEST_TIME, z.offset), onProgress: null });
    await client.batch(
      [
        { sql: "update users set time_zone = ?, digest_time = ?, digest_paused = 0 where role = 'rep'", args: [z.zone, DIGEST_TIME] },
        // Managers' weekly summaries would depend on the weekday: only reps' digests here.
        "update users set digest_paused = 1 where role <> 'rep'",
      ],
      "write",
    );

    const recorder = await startRecorder();
    cleanup.add(recorder.close);
    const worker = await startWorker({
      vars: { TURSO_DATABASE_URL: sqld.url, RESEND_API_KEY: "re_system_key", RESEND_BASE_URL: recorder.url, ENVIRONMENT: "test", ...opts.vars },
      persistTo: join(dir, "wrangler"),
      logFile: join(dir, "wrangler.log"),
      logLevel: process.env.KEQING_DEBUG ? "info" : "warn",
    });
    cleanup.add(worker.stop);
    return {
      worker,
      recorder,
      client,
      // The Node client shares Drizzle's libSQL session with the Worker's web client.
      db,
      zone: z.zone,
      today: z.today,
      sqld: () => sqld,
      killSqld: async () => {
        const exited = new Promise<void>((resolve) => sqld.process.once("exit", () => resolve()));
        sqld.process.kill("SIGKILL");
        await exited;
      },
      restartSqld: async () => {
        sqld = await startSqld({ dbPath, port: sqld.port, quiet: true });
      },
      stop: () => cleanup.run(),
    };
  } catch (err) {
    await cleanup.run();
    throw err;
  }
}

/** One API token per active rep, with the rep's live stores and a contact at each (if any). */
export async function repsWithTokens(stack: LocalStack) {
  const reps = await stack.client.execute("select id from users where role = 'rep' and active = 1 order by id");
  const stores = await stack.client.execute(
    "select s.id, s.rep_id, (select min(c.id) from contacts c where c.store_id = s.id) as contact_id from stores s where s.archived = 0 and s.rep_id is not null order by s.id",
  );
  const out: { id: number; token: string; stores: { id: number; contactId: number | null }[] }[] = [];
  for (const r of reps.rows) {
    const id = Number(r.id);
    const { token } = await createApiToken(stack.db, id, "system test");
    const mine = stores.rows.filter((s) => Number(s.rep_id) === id).map((s) => ({ id: Number(s.id), contactId: s.contact_id === null ? null : Number(s.contact_id) }));
    if (mine.length) out.push({ id, token, stores: mine });
  }
  return out;
}

export type RecorderLog = { delivered: { to: string | string[]; subject: string }[]; calls: { path: string; key: string | null; status: number; count: number }[] };

export async function recorderLog(stack: LocalStack): Promise<RecorderLog> {
  return (await fetch(`${stack.recorder.url}/__log`)).json<RecorderLog>();
}

export async function fireCron(stack: LocalStack): Promise<Response> {
  return fireScheduled(stack.worker);
}

/** Polls until `check` holds (or throws after `timeoutMs`). */
export async function until<T>(what: string, read: () => Promise<T>, check: (v: T) => boolean, timeoutMs = 60_000, everyMs = 200): Promise<T> {
  const started = Date.now();
  for (;;) {
    const v = await read();
    if (check(v)) return v;
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(v)}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
