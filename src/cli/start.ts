// `npm start`: a real local Turso (sqld) with the data under .data/, migrations, the demo
// organisation when the database is empty, and the Worker under `wrangler dev --test-scheduled`.
// Ctrl-C stops both.
import { spawn } from "node:child_process";
import { mkdirSync } from "node:fs";
import { startSqld } from "./sqld.ts";
import { localAppPort, localDataDir, localDbPath, defaultSqldPort, projectRoot, LOCAL_MAIL_FROM } from "./local.ts";
import { migrateDatabase, nodeDb } from "./db.ts";
import { isDatabaseEmpty, seedDatabase } from "../seed/insert.ts";
import { localDateOf } from "../domain/dates.ts";

const port = localAppPort;
mkdirSync(localDataDir, { recursive: true });

const sqld = await startSqld({ dbPath: localDbPath, port: defaultSqldPort, quiet: true });
console.log(`sqld (local Turso) on ${sqld.url}, data in .data/sqld`);
await migrateDatabase(sqld.url);

const { client } = nodeDb(sqld.url);
if (await isDatabaseEmpty(client)) {
  console.log("empty database: seeding the demo organisation…");
  const counts = await seedDatabase(client, {
    reps: 12,
    storesPerRep: 25,
    managers: 3,
    seed: 1,
    today: localDateOf(Date.now(), "Asia/Shanghai"),
  });
  console.log(`seeded ${Object.entries(counts).map(([t, n]) => `${n} ${t}`).join(", ")}`);
}
client.close();

const wrangler = spawn(
  "wrangler",
  [
    "dev",
    "--test-scheduled",
    "--port",
    String(port),
    "--ip",
    "127.0.0.1",
    // wrangler.toml deploys production: development (the local mailbox at /dev/outbox) is asked for here.
    "--var",
    "ENVIRONMENT:development",
    "--var",
    `TURSO_DATABASE_URL:${sqld.url}`,
    "--var",
    `APP_ORIGIN:http://localhost:${port}`,
    "--var",
    `MAIL_FROM:${LOCAL_MAIL_FROM}`,
  ],
  { cwd: projectRoot, stdio: "inherit" },
);

let stopping = false;
async function stop(code: number) {
  if (stopping) return;
  stopping = true;
  if (wrangler.exitCode === null) wrangler.kill("SIGINT");
  await sqld.stop();
  process.exit(code);
}
process.on("SIGINT", () => void stop(0));
process.on("SIGTERM", () => void stop(0));
wrangler.on("exit", (code) => void stop(code ?? 0));
