// `npm run cli -- <command>`: the admin's command line (SPEC §7).
import { parseArgs } from "node:util";
import { commands } from "./commands.ts";

const usage = `Keqing 客情 — command line

  npm run cli -- migrate                         apply migrations, install the handbook defaults
  npm run cli -- seed [--reps N] [--stores-per-rep M] [--managers K] [--seed S] [--today YYYY-MM-DD] [--reset]
                                                 generate the demo organisation (deterministic)
  npm run cli -- users list [--json]             list users: email, name, role, team

The database is TURSO_DATABASE_URL (+ TURSO_AUTH_TOKEN) when set, otherwise the local sqld in .data/.`;

const [name, ...rest] = process.argv.slice(2);
const command = name ? commands[name] : undefined;
if (!command) {
  console.log(usage);
  process.exit(name && name !== "help" && name !== "--help" ? 2 : 0);
}
try {
  await command(rest, parseArgs);
} catch (err) {
  console.error(`error: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
}
