// The admin's CLI commands: `users add`, `import stores|contacts <file.csv>`, `login-link <email>`.
// They call the same services as the admin pages, so a file the CLI accepts the page accepts too.
// Node runs this file with type stripping: plain .ts imports only (no .tsx).
import { readFileSync } from "node:fs";
import type { parseArgs as ParseArgs } from "node:util";
import { eq, sql } from "drizzle-orm";
import * as v from "valibot";
import { appOrigin, databaseTarget } from "./local.ts";
import { isLoopback } from "../config.ts";
import { nodeDb } from "./db.ts";
import { teams, users } from "../db/schema.ts";
import { issueSigninToken } from "../auth/signin.ts";
import { UserFields } from "../services/admin-users.ts";
import { requiredText } from "../domain/fields.ts";
import { runImport } from "../services/import.ts";
import { decodeCsvBytes } from "../domain/csv.ts";
import { IMPORT_KINDS, type ImportKind, type RowError } from "../domain/import.ts";
import type { Viewer } from "../auth/identity.ts";
import { admin as en } from "../i18n/en/admin.ts";
import { validation } from "../i18n/en/validation.ts";

async function withDb<T>(fn: (db: ReturnType<typeof nodeDb>["db"]) => Promise<T>): Promise<T> {
  const target = await databaseTarget();
  const { client, db } = nodeDb(target.url, target.authToken);
  try {
    return await fn(db);
  } finally {
    client.close();
    await target.close();
  }
}

/** The CLI acts as an admin of the whole organisation; it is no user, so audit rows carry no actor. */
const CLI_ADMIN: Viewer = { id: 0, role: "admin", teamId: null, name: "cli", email: "", locale: "en", timeZone: "Asia/Shanghai" };

const CliUser = v.object({ ...UserFields, team: v.optional(requiredText(40)) });

/**
 * `users add --email E --name N --role rep|manager|admin [--team T] [--locale zh-CN|en] [--digest-time HH:MM]`.
 * A team named but missing is created (setting up an organisation starts with its first manager),
 * in the same atomic batch as the user.
 */
export async function usersAdd(args: string[], parse: typeof ParseArgs): Promise<void> {
  const { values } = parse({
    args,
    options: {
      email: { type: "string" },
      name: { type: "string" },
      role: { type: "string" },
      team: { type: "string" },
      locale: { type: "string" },
      "digest-time": { type: "string" },
    },
  });
  const r = v.safeParse(CliUser, {
    email: values.email,
    name: values.name,
    role: values.role,
    team: values.team,
    locale: values.locale,
    digestTime: values["digest-time"],
  });
  if (!r.success) {
    const lines = r.issues.map((i) => {
      const field = i.path?.map((p) => String(p.key)).join(".") ?? "?";
      const flag = field === "digestTime" ? "--digest-time" : `--${field}`;
      const text = (validation as Record<string, string>)[i.message] ?? (en.errors as Record<string, unknown>)[i.message];
      return `  ${flag}: ${typeof text === "string" ? text : i.message}`;
    });
    throw new Error(`invalid input\n${lines.join("\n")}\nusage: users add --email E --name N --role rep|manager|admin [--team T] [--locale zh-CN|en] [--digest-time HH:MM]`);
  }
  const { team, ...user } = r.output;
  await withDb(async (db) => {
    const [taken, existingTeam] = await db.batch([
      db.select({ id: users.id }).from(users).where(eq(users.email, user.email)),
      db.select({ id: teams.id }).from(teams).where(eq(teams.name, team ?? "")),
    ]);
    if (taken.length > 0) throw new Error(`${user.email} is already a user`);
    const addUser = db.insert(users).values({
      ...user,
      teamId: team ? sql`(select ${teams.id} from ${teams} where ${teams.name} = ${team})` : null,
    });
    if (team) await db.batch([db.insert(teams).values({ name: team }).onConflictDoNothing(), addUser]);
    else await addUser;
    console.log(
      `added ${user.role} ${user.email} (${user.name})${team ? `, team ${team}${existingTeam.length === 0 ? " (created)" : ""}` : ""}`,
    );
  });
}

function printErrors(errors: readonly RowError[]): void {
  for (const e of errors) {
    const where = e.row === 0 ? "file" : `row ${e.row}`;
    console.error(`  ${where}${e.column ? `, ${e.column}` : ""}: ${en.importErrors[e.code]}`);
  }
}

/** `import stores|contacts <file.csv>`: checks the whole file; imports every row or none. */
export async function importCsv(args: string[]): Promise<void> {
  const [kind, file, ...extra] = args;
  if (!kind || !(IMPORT_KINDS as readonly string[]).includes(kind) || !file || extra.length > 0) {
    throw new Error("usage: import stores|contacts <file.csv>");
  }
  const text = decodeCsvBytes(readFileSync(file));
  if (text === null) throw new Error(`${file}: ${en.importErrors.bad_encoding}`);
  await withDb(async (db) => {
    const result = await runImport(db, CLI_ADMIN, null, kind as ImportKind, text, Date.now());
    if (result.ok) {
      console.log(`imported ${result.inserted} ${kind}${result.updated > 0 ? `, updated ${result.updated}` : ""} from ${file}`);
      return;
    }
    if (result.check.errors.length === 0) throw new Error(`${file}: no rows to import`);
    console.error(`${file}: ${result.check.errors.length} problem(s); nothing was imported`);
    printErrors(result.check.errors);
    process.exitCode = 1;
  });
}

/** `login-link <email>`: a one-time sign-in link (15 minutes) for an active user, printed instead of mailed. */
export async function loginLink(args: string[]): Promise<void> {
  const [email, ...extra] = args;
  if (!email || extra.length > 0) throw new Error("usage: login-link <email>");
  const dbUrl = process.env.TURSO_DATABASE_URL;
  // A link to localhost for a deployed database would not open the app the user belongs to.
  if (!process.env.APP_ORIGIN && dbUrl && !isLoopback(new URL(dbUrl).hostname)) {
    throw new Error("set APP_ORIGIN to the app's public address (e.g. https://keqing.example.com) for a link to this database");
  }
  const origin = appOrigin();
  await withDb(async (db) => {
    const issued = await issueSigninToken(db, email, Date.now());
    if (!issued) throw new Error(`no active user with the e-mail ${email}`);
    console.log(`${origin}/signin/verify?token=${encodeURIComponent(issued.token)}`);
  });
}
