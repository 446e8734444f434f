// `npm run mail-snapshot -- --out DIR`: every digest and weekly summary of the demo organisation on a
// few chosen days, written to DIR (one file per message, subject + text + HTML) with a SHA-256 list.
// A refactor that must not change behaviour (issue 10) runs it before and after and compares the
// folders with `diff -r`. The organisation is seeded deterministically into a fresh sqld.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createHash } from "node:crypto";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { startSqld } from "../../src/cli/sqld.ts";
import { migrateDatabase, nodeDb } from "../../src/cli/db.ts";
import { seedDatabase } from "../../src/seed/insert.ts";
import { users } from "../../src/db/schema.ts";
import { runPlan } from "../../src/db/batch.ts";
import { planCompose } from "../../src/services/compose.ts";
import { isoWeekOf } from "../../src/domain/dates.ts";

const { values } = parseArgs({
  args: process.argv.slice(2),
  options: { out: { type: "string" }, today: { type: "string", default: "2026-11-27" } },
});
if (!values.out) {
  console.error("usage: npm run mail-snapshot -- --out DIR [--today YYYY-MM-DD]");
  process.exit(2);
}
const out = values.out;

// An ordinary day, a Monday (weekly summaries), and days inside the Mid-Autumn, Dragon Boat and
// Spring Festival windows, so festival sections are covered too.
const DAYS = [values.today, "2026-11-30", "2026-09-20", "2026-06-15", "2027-01-25"];

const dir = mkdtempSync(join(tmpdir(), "keqing-snapshot-"));
const sqld = await startSqld({ dbPath: join(dir, "db"), quiet: true });
try {
  await migrateDatabase(sqld.url);
  const { client, db: nodeDrizzle } = nodeDb(sqld.url);
  await seedDatabase(client, { reps: 12, storesPerRep: 25, managers: 3, seed: 1, today: values.today });
  const db = nodeDrizzle;
  const people = await db.select({ id: users.id, email: users.email, role: users.role }).from(users).orderBy(users.id);
  mkdirSync(out, { recursive: true });
  const sums: string[] = [];
  for (const day of DAYS) {
    for (const kind of ["digest", "weekly"] as const) {
      const ids = people.filter((p) => p.role === (kind === "digest" ? "rep" : "manager")).map((p) => p.id);
      const period = kind === "digest" ? day : isoWeekOf(day);
      const compose = await runPlan(db, planCompose(db, kind, ids, period, { origin: "https://keqing.example", now: 0 }));
      for (const [id, mail] of compose()) {
        const email = people.find((p) => p.id === id)!.email;
        const body = mail instanceof Error ? `ERROR ${mail.message}\n` : `Subject: ${mail.subject}\n\n${mail.text}\n\n${mail.html}\n`;
        const name = `${day}-${kind}-${email}.txt`;
        writeFileSync(join(out, name), body);
        sums.push(`${createHash("sha256").update(body).digest("hex")}  ${name}`);
      }
    }
  }
  writeFileSync(join(out, "SHA256SUMS"), `${sums.sort((a, b) => a.slice(66).localeCompare(b.slice(66))).join("\n")}\n`);
  console.log(`${sums.length} messages written to ${out}`);
  client.close();
} finally {
  await sqld.stop();
  rmSync(dir, { recursive: true, force: true });
}
