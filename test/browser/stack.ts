// Starts the whole local stack for the browser tests: sqld on a free port, migrations, a small
// fixed organisation, and `wrangler dev` serving the Worker. Hands the URLs to the tests.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestProject } from "vitest/node";
import { freePort, startSqld } from "../../src/cli/sqld.ts";
import { migrateDatabase, nodeDb } from "../../src/cli/db.ts";
import { LOCAL_MAIL_FROM } from "../../src/cli/local.ts";
import { contacts, storeAssignments, stores, teams, users } from "../../src/db/schema.ts";
import { ASSIGNMENTS_BACKFILLED_FROM } from "../../src/domain/holding.ts";

declare module "vitest" {
  export interface ProvidedContext {
    baseUrl: string;
    dbUrl: string;
  }
}

async function waitFor(url: string, child: ChildProcess, ms = 90_000): Promise<void> {
  const start = Date.now();
  while (Date.now() - start < ms) {
    if (child.exitCode !== null) throw new Error(`wrangler dev exited with ${child.exitCode}`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${url} did not answer in ${ms} ms`);
}

async function seedFixtures(url: string): Promise<void> {
  const { client, db } = nodeDb(url);
  const [north, south] = await db.insert(teams).values([{ name: "长沙一组" }, { name: "株洲二组" }]).returning();
  const [rep, other, , field, , desk, checkIn] = await db
    .insert(users)
    .values([
      { email: "rep@browser.test", name: "王小明", role: "rep", teamId: north!.id },
      { email: "other@browser.test", name: "李娜", role: "rep", teamId: south!.id },
      { email: "manager@browser.test", name: "张经理", role: "manager", teamId: north!.id },
      // The offline tests' rep (offline.browser.test.ts): their logs and sign-ins stay out of the others' counts.
      { email: "field@browser.test", name: "陈晨", role: "rep", teamId: north!.id },
      // The accessibility test's admin (a11y.browser.test.ts).
      { email: "admin@browser.test", name: "赵管理", role: "admin", teamId: null },
      // The accessibility and gift-cap tests' rep: sign-ins of their own (5 mails an address a quarter hour).
      { email: "desk@browser.test", name: "许静", role: "rep", teamId: north!.id },
      // The on-site check-in tests' rep (check-in.browser.test.ts).
      { email: "checkin@browser.test", name: "林悦", role: "rep", teamId: north!.id },
    ])
    .returning();
  const [a] = await db
    .insert(stores)
    .values([
      { name: "益丰大药房(芙蓉路店)", class: "A", repId: rep!.id, city: "长沙" },
      { name: "老百姓大药房(五一店)", class: "B", repId: rep!.id, city: "长沙" },
      { name: "仁和堂药店", class: "C", repId: rep!.id, city: "长沙" },
      { name: "株洲康济大药房", class: "A", repId: other!.id, city: "株洲" },
      // Two stores of the same name in one city (the demo data has three): a wrong one is easy to pick.
      { name: "回春堂药店", class: "B", repId: rep!.id, city: "长沙", address: "岳麓区麓山路 1 号" },
      { name: "回春堂药店", class: "B", repId: rep!.id, city: "长沙", address: "开福区湘春路 8 号" },
    ])
    .returning();
  const [deskStore] = await db.insert(stores).values({ name: "康宁大药房(五一店)", class: "A", repId: desk!.id, city: "长沙", phone: "0731-8888 1234" }).returning();
  await db.insert(contacts).values({ storeId: deskStore!.id, role: "owner", name: "许芳", formOfAddress: "许姐", phone: "13800005555" });
  const [d] = await db
    .insert(stores)
    .values([
      { name: "一心堂(东塘店)", class: "A", repId: field!.id, city: "长沙" },
      { name: "千金大药房(河西店)", class: "B", repId: field!.id, city: "长沙" },
      // Located by a manager (芙蓉中路, Changsha): the check-in tests measure visits against it.
      { name: "老百姓大药房(芙蓉中路店)", class: "A", repId: checkIn!.id, city: "长沙", lat: 28.1956, lng: 112.9769, locationSource: "manager" },
    ])
    .returning();
  await db.insert(contacts).values([
    { storeId: d!.id, role: "owner", name: "周梅", formOfAddress: "周姐", phone: "13800003333" },
    { storeId: d!.id, role: "clerk", name: "孙丽", formOfAddress: "小孙", phone: "13800004444" },
  ]);
  // Held all along, as migration 0009 and the seed hold stores that were there before it.
  const all = await db.select().from(stores);
  await db.insert(storeAssignments).values(all.map((s) => ({ storeId: s.id, repId: s.repId, tier: s.class, validFrom: ASSIGNMENTS_BACKFILLED_FROM })));
  await db.insert(contacts).values([
    { storeId: a!.id, role: "owner", name: "王芳", formOfAddress: "王姐", phone: "13800001111" },
    { storeId: a!.id, role: "clerk", name: "刘婷", formOfAddress: "小刘", phone: "13800002222" },
  ]);
  client.close();
}

/**
 * `wrangler dev` for the Worker on `port`, against the database at `dbUrl`. Each start is a new
 * version (a fresh version id), as a deploy would be: the offline tests restart it to upgrade the
 * service worker. Resolves once it answers; `stop` ends the whole process group.
 */
export async function startWrangler(port: number, dbUrl: string, stateDir: string): Promise<{ baseUrl: string; stop: () => void }> {
  const baseUrl = `http://127.0.0.1:${port}`;
  // wrangler.toml deploys production: the test environment and its local addresses are asked for here.
  const vars = { ENVIRONMENT: "test", TURSO_DATABASE_URL: dbUrl, APP_ORIGIN: baseUrl, MAIL_FROM: LOCAL_MAIL_FROM };
  const wrangler = spawn(
    "npx",
    ["wrangler", "dev", "--port", String(port), "--ip", "127.0.0.1", ...Object.entries(vars).flatMap(([k, v]) => ["--var", `${k}:${v}`]), "--persist-to", stateDir],
    { stdio: process.env.KEQING_DEBUG ? "inherit" : "ignore", detached: true },
  );
  const stop = () => {
    if (wrangler.pid) {
      try {
        process.kill(-wrangler.pid, "SIGTERM"); // the whole group: npx, wrangler and workerd
      } catch {
        // already gone
      }
    }
  };
  try {
    await waitFor(`${baseUrl}/api/health`, wrangler);
  } catch (err) {
    stop();
    throw err;
  }
  return { baseUrl, stop };
}

export default async function setup(project: TestProject) {
  const dir = mkdtempSync(join(tmpdir(), "keqing-browser-"));
  const sqld = await startSqld({ dbPath: join(dir, "db"), quiet: true });
  await migrateDatabase(sqld.url);
  await seedFixtures(sqld.url);
  const wrangler = await startWrangler(await freePort(), sqld.url, join(dir, "wrangler"));
  project.provide("baseUrl", wrangler.baseUrl);
  project.provide("dbUrl", sqld.url);
  return async () => {
    wrangler.stop();
    await sqld.stop();
    rmSync(dir, { recursive: true, force: true });
  };
}
