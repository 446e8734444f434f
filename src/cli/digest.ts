// `npm run digest -- --email <user> [--date YYYY-MM-DD] [--html]`: prints the mail a user would get
// that day (SPEC §6), built by the same code as the scheduled mail (services/compose.ts), without
// claiming, storing or sending anything: one read-only batch. A rep gets the morning digest for the
// date; a manager the weekly summary of that date's ISO week (which covers the week before it).
import { parseArgs } from "node:util";
import { eq, sql } from "drizzle-orm";
import { appOrigin, databaseTarget } from "./local.ts";
import { nodeDb } from "./db.ts";
import { users } from "../db/schema.ts";
import { runPlan } from "../db/batch.ts";
import { planCompose } from "../services/compose.ts";
import { isoWeekOf, isValidDate, localDateOf } from "../domain/dates.ts";

const usage = `usage: npm run digest -- --email <user> [--date YYYY-MM-DD] [--html]

  Prints the text of the mail the user would get on that date (default: today in their time zone):
  a rep's morning digest, or a manager's weekly summary for that date's week. Nothing is sent or stored.
  --html prints the HTML version instead.`;

async function main(): Promise<number> {
  const { values } = parseArgs({
    args: process.argv.slice(2),
    options: { email: { type: "string" }, date: { type: "string" }, html: { type: "boolean", default: false }, help: { type: "boolean", default: false } },
    allowPositionals: false,
  });
  if (values.help || !values.email) {
    console.log(usage);
    return values.help ? 0 : 2;
  }
  if (values.date !== undefined && !isValidDate(values.date)) {
    console.error(`error: --date must be a date YYYY-MM-DD, got ${values.date}`);
    return 2;
  }
  const origin = appOrigin();
  const target = await databaseTarget();
  const { client, db } = nodeDb(target.url, target.authToken);
  try {
    const [user] = await db
      .select({ id: users.id, name: users.name, role: users.role, active: users.active, timeZone: users.timeZone })
      .from(users)
      .where(eq(sql`lower(${users.email})`, values.email.trim().toLowerCase()));
    if (!user) {
      console.error(`error: no user with e-mail ${values.email}`);
      return 1;
    }
    if (user.role === "admin") {
      console.error(`${values.email} is an admin: admins get no digest or weekly summary.`);
      return 1;
    }
    const date = values.date ?? localDateOf(Date.now(), user.timeZone);
    const kind = user.role === "rep" ? "digest" : "weekly";
    const period = kind === "digest" ? date : isoWeekOf(date);
    const compose = await runPlan(db, planCompose(db, kind, [user.id], period, { origin, now: Date.now() }));
    const mail = compose().get(user.id);
    if (!mail) {
      console.error(`${values.email} would get no ${kind === "digest" ? "digest" : "weekly summary"} for ${period}${user.active ? "" : " (inactive user)"}.`);
      return 1;
    }
    if (mail instanceof Error) {
      console.error(`error: ${mail.message}`);
      return 1;
    }
    if (values.html) process.stdout.write(`${mail.html}\n`);
    else process.stdout.write(`Subject: ${mail.subject}\n\n${mail.text}`);
    return 0;
  } finally {
    client.close();
    await target.close();
  }
}

try {
  process.exitCode = await main();
} catch (err) {
  console.error(`error: ${err instanceof Error ? err.message : String(err)}`);
  process.exitCode = 1;
}
