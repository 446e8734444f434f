// `npm run cli -- <command>`: the admin's command line (SPEC §7).
import { parseArgs } from "node:util";
import { commands } from "./commands.ts";

const usage = `Keqing 客情 — command line

  npm run cli -- migrate                         apply migrations, install the handbook defaults
  npm run cli -- seed [--reps N] [--stores-per-rep M] [--managers K] [--seed S] [--today YYYY-MM-DD] [--reset]
                                                 generate the demo organisation (deterministic)
  npm run cli -- users list [--json]             list users: email, name, role, team
  npm run cli -- users add --email E --name N --role rep|manager|admin [--team T] [--locale zh-CN|en] [--digest-time HH:MM]
                                                 add a user; a team named but missing is created
  npm run cli -- import stores <file.csv>        import stores (name, class, city, rep_email, address, phone)
  npm run cli -- import contacts <file.csv>      import contacts of existing stores (see /admin/import for the columns)
                                                 every row is checked first; nothing is imported unless all are clean
  npm run cli -- login-link <email>              print a one-time sign-in link (15 minutes) for an active user
                                                 (APP_ORIGIN: the app's address; needed for a remote
                                                 database, else http://localhost:$PORT, 8787 by default)

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
