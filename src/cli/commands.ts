import type { parseArgs as ParseArgs } from "node:util";
import { asc, eq } from "drizzle-orm";
import { databaseTarget } from "./local.ts";
import { migrateDatabase, nodeDb } from "./db.ts";
import { teams, users } from "../db/schema.ts";
import { isDatabaseEmpty, resetDatabase, seedDatabase } from "../seed/insert.ts";
import { localDateOf, isValidDate } from "../domain/dates.ts";
import { importCsv, loginLink, usersAdd } from "./admin.ts";

/** Terminal width of a string: CJK characters take two columns. */
function width(s: string): number {
  let w = 0;
  for (const ch of s) w += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(ch) ? 2 : 1;
  return w;
}

/** A plain aligned table that lines up with Chinese names too (console.table does not). */
export function textTable(head: string[], rows: string[][]): string {
  const widths = head.map((h, i) => Math.max(width(h), ...rows.map((r) => width(r[i] ?? ""))));
  const line = (cells: string[]) => cells.map((c, i) => c + " ".repeat(widths[i]! - width(c))).join("  ").trimEnd();
  return [line(head), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)].join("\n");
}

type Command = (args: string[], parse: typeof ParseArgs) => Promise<void>;

function positiveInt(value: string | undefined, flag: string, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${flag} must be a whole number, got "${value}"`);
  return n;
}

export const commands: Record<string, Command> = {
  async migrate() {
    const target = await databaseTarget();
    try {
      await migrateDatabase(target.url, target.authToken);
      console.log(`migrated ${target.url}`);
    } finally {
      await target.close();
    }
  },

  async seed(args, parse) {
    const { values } = parse({
      args,
      options: {
        reps: { type: "string" },
        "stores-per-rep": { type: "string" },
        managers: { type: "string" },
        seed: { type: "string" },
        today: { type: "string" },
        reset: { type: "boolean", default: false },
      },
    });
    const today = values.today ?? localDateOf(Date.now(), "Asia/Shanghai");
    if (!isValidDate(today)) throw new Error(`--today must be YYYY-MM-DD, got "${today}"`);
    const reps = positiveInt(values.reps, "--reps", 12);
    const opts = {
      reps,
      storesPerRep: positiveInt(values["stores-per-rep"], "--stores-per-rep", 25),
      managers: positiveInt(values.managers, "--managers", Math.max(1, Math.ceil(reps / 4))),
      seed: positiveInt(values.seed, "--seed", 1),
      today,
    };
    const target = await databaseTarget();
    const { client } = nodeDb(target.url, target.authToken);
    try {
      await migrateDatabase(target.url, target.authToken);
      if (!(await isDatabaseEmpty(client))) {
        if (!values.reset) throw new Error("the database already has users; add --reset to wipe it and seed again");
        await resetDatabase(client);
      }
      const started = performance.now();
      const counts = await seedDatabase(client, opts);
      const secs = (performance.now() - started) / 1000;
      console.log(
        `seeded ${Object.entries(counts)
          .map(([t, n]) => `${n} ${t}`)
          .join(", ")} in ${secs.toFixed(1)} s`,
      );
    } finally {
      client.close();
      await target.close();
    }
  },

  async users(args, parse) {
    const [sub, ...rest] = args;
    if (sub === "add") return usersAdd(rest, parse);
    if (sub !== "list") throw new Error("usage: users list [--json] | users add --email E --name N --role rep|manager|admin [--team T]");
    const { values } = parse({ args: rest, options: { json: { type: "boolean", default: false } } });
    const target = await databaseTarget();
    const { client, db } = nodeDb(target.url, target.authToken);
    try {
      const rows = await db
        .select({ email: users.email, name: users.name, role: users.role, team: teams.name })
        .from(users)
        .leftJoin(teams, eq(teams.id, users.teamId))
        .orderBy(asc(users.role), asc(users.email));
      if (values.json) {
        console.log(JSON.stringify(rows));
      } else {
        console.log(textTable(["email", "name", "role", "team"], rows.map((r) => [r.email, r.name, r.role, r.team ?? ""])));
      }
    } finally {
      client.close();
      await target.close();
    }
  },

  import: (args) => importCsv(args),

  "login-link": (args) => loginLink(args),
};
