// `npm run page-snapshot -- --out DIR`: the app's pages as each role sees them, written to DIR (one
// file per request: status, the headers that matter, the body) with an INDEX of statuses, database
// round trips and SHA-256s. A refactor that must not change behaviour (issue 10) runs it before and
// after and compares the folders with `diff -r`.
//
// Everything is pinned, so two runs of the same code give the same bytes: the demo organisation is
// seeded deterministically into a fresh sqld for a fixed today, the Worker (built as deployed, served
// by `wrangler dev`) runs with its clock fixed at that morning, and each signed-in user's session
// token is a known string (so the forms' CSRF tokens are too). Masked: only the quick log's random
// idempotency key. Round trips are counted by a proxy in front of sqld (one Hrana pipeline request
// each), requests one at a time.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createHash } from "node:crypto";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { and, asc, eq, inArray, ne } from "drizzle-orm";
import { startSqld } from "../../src/cli/sqld.ts";
import { migrateDatabase, nodeDb } from "../../src/cli/db.ts";
import { seedDatabase } from "../../src/seed/insert.ts";
import { ADMIN_EMAIL, managerEmail, repEmail } from "../../src/seed/demo.ts";
import { auditLog, contacts, festivals, greetingTemplates, interactions, lifeEvents, outbox, sessions, stores, teams, users } from "../../src/db/schema.ts";
import { csrfTokenFor, sha256Hex } from "../../src/auth/tokens.ts";
import { claimOf, encodeClaim } from "../../src/auth/claim.ts";
import { Cleanup, startCountingProxy, startWorker } from "../bench/stack.ts";

const { values } = parseArgs({
  args: process.argv.slice(2),
  options: { out: { type: "string" }, today: { type: "string", default: "2026-11-27" } },
});
if (!values.out) {
  console.error("usage: npm run page-snapshot -- --out DIR [--today YYYY-MM-DD]");
  process.exit(2);
}
const out = values.out;
const today = values.today;
/** 10:30 in Asia/Shanghai (UTC+8) on `today`: after the seeded morning's contacts. */
const NOW = Date.parse(`${today}T02:30:00Z`);

type Who = "anon" | "rep" | "behind" | "manager" | "admin";
type Case = { who: Who; method: "GET" | "POST" | "PATCH"; path: string; form?: Record<string, string | string[]>; json?: unknown; csrf?: false };

const cleanup = new Cleanup();
cleanup.onSignals();
try {
  const dir = mkdtempSync(join(tmpdir(), "keqing-pages-"));
  cleanup.add(() => rmSync(dir, { recursive: true, force: true }));
  const sqld = await startSqld({ dbPath: join(dir, "db"), quiet: true });
  cleanup.add(() => sqld.stop());
  await migrateDatabase(sqld.url);
  const { client, db } = nodeDb(sqld.url);
  cleanup.add(() => client.close());
  await seedDatabase(client, { reps: 12, storesPerRep: 25, managers: 3, seed: 1, today, now: NOW - 3_600_000, onProgress: null });

  // ---- who signs in, and the rows the cases name -------------------------------------------------
  const byEmail = async (email: string) => (await db.select().from(users).where(eq(users.email, email)))[0]!;
  const people: Record<Exclude<Who, "anon">, typeof users.$inferSelect> = {
    rep: await byEmail(repEmail(1)),
    behind: await byEmail(repEmail(4)),
    manager: await byEmail(managerEmail(1)),
    admin: await byEmail(ADMIN_EMAIL),
  };
  const token = (who: Who) => `page-snapshot-session-${who}`;
  for (const [who, u] of Object.entries(people)) {
    await db.insert(sessions).values({ idHash: await sha256Hex(token(who as Who)), userId: u.id, createdAt: NOW, expiresAt: NOW + 86_400_000, lastSeenAt: NOW });
  }
  const rep = people.rep;
  const [store] = await db.select().from(stores).where(eq(stores.repId, rep.id)).orderBy(asc(stores.id)).limit(1);
  const [otherStore] = await db
    .select({ id: stores.id })
    .from(stores)
    .innerJoin(users, eq(users.id, stores.repId))
    .where(ne(users.teamId, rep.teamId!))
    .orderBy(asc(stores.id))
    .limit(1);
  const storeContacts = await db.select().from(contacts).where(eq(contacts.storeId, store!.id)).orderBy(asc(contacts.id));
  const contact = storeContacts[0]!;
  const repStoreIds = (await db.select({ id: stores.id }).from(stores).where(eq(stores.repId, rep.id))).map((s) => s.id);
  const [event] = await db
    .select({ id: lifeEvents.id, contactId: lifeEvents.contactId })
    .from(lifeEvents)
    .innerJoin(contacts, eq(contacts.id, lifeEvents.contactId))
    .where(inArray(contacts.storeId, repStoreIds))
    .orderBy(asc(lifeEvents.id))
    .limit(1);
  const [inter] = await db.select({ id: interactions.id }).from(interactions).where(eq(interactions.repId, rep.id)).orderBy(asc(interactions.id)).limit(1);
  const teamRows = await db.select().from(teams).orderBy(asc(teams.id));
  const teamReps = await db.select({ id: users.id }).from(users).where(and(eq(users.teamId, rep.teamId!), eq(users.role, "rep"))).orderBy(asc(users.id));
  const otherTeamRep = (await db.select({ id: users.id }).from(users).where(and(ne(users.teamId, rep.teamId!), eq(users.role, "rep"))).orderBy(asc(users.id)))[0]!;
  const [festival] = await db.select({ id: festivals.id }).from(festivals).orderBy(asc(festivals.id)).limit(1);
  const [template] = await db.select({ id: greetingTemplates.id }).from(greetingTemplates).orderBy(asc(greetingTemplates.id)).limit(1);
  // Mail and audit rows the seed does not write: one sent digest, and a contact's history.
  const [mail] = await db
    .insert(outbox)
    .values({ kind: "digest", userId: rep.id, period: today, toEmail: rep.email, subject: "今日计划", html: "<p>今日计划</p>", text: "今日计划", state: "sent", createdAt: NOW - 600_000 })
    .returning({ id: outbox.id });
  await db.insert(auditLog).values([
    { actorId: rep.id, entity: "contact", entityId: contact.id, action: "update", changes: ["phone", "preferences"], at: NOW - 120_000 },
    { actorId: rep.id, entity: "life_event", entityId: event?.id ?? 1, contactId: contact.id, action: "create", changes: ["kind", "date"], at: NOW - 60_000 },
  ]);
  const S = store!.id;
  const C = contact.id;
  const E = event?.id;
  const EC = event?.contactId;
  const I = inter!.id;
  const R2 = teamReps[1]!.id;
  const T = rep.teamId!;

  // ---- the cases -----------------------------------------------------------------------------------
  const get = (who: Who, ...paths: string[]): Case[] => paths.map((path) => ({ who, method: "GET", path }));
  const post = (who: Who, path: string, form: Record<string, string | string[]> = {}, extra: Partial<Case> = {}): Case => ({ who, method: "POST", path, form, ...extra });
  const csv = "name,class,city,rep_email,address,phone\n";
  const cases: Case[] = [
    // Visitors, errors and the JSON API's public face.
    ...get("anon", "/", "/signin", "/signin/verify?token=abc", "/today", "/stores/1", "/admin", "/nope", "/api/health", "/api/festivals?year=2026", "/api/festivals?year=abc", "/api/me", "/api/nope"),
    post("anon", "/signin", { email: "not-an-email" }),
    post("anon", "/signin/verify", { token: "bad" }),
    // A rep on pace.
    ...get("rep", "/", "/signin", "/today", "/month", "/month?month=2026-10", "/month?month=2026-13", "/month?month=2027-02"),
    ...get("rep", "/log", "/log?q=%E5%A4%A7%E8%8D%AF%E6%88%BF", `/log?storeId=${S}`, `/log?storeId=${S}&channel=phone&occasion=birthday&contactId=${C}`, `/log?storeId=${S}&occasion=festival&festivalKey=nope`, "/log?storeId=99999999", `/log/saved/${I}`, `/log/saved/${I}?w=gift_cap`),
    ...get("rep", "/stores", "/stores?class=A&behind=1", "/stores?q=%E8%B7%AF", "/stores?class=Z", "/stores?cursor=bad", "/stores?archived=1", `/stores/${S}`, `/stores/${S}?before=bad`, `/stores/${S}?before=99999999999999.1`, `/stores/${S}/edit`, `/stores/${S}/contacts/new`, `/stores/${otherStore!.id}`, "/stores/abc", "/stores/new"),
    ...get("rep", `/contacts/${C}`, `/contacts/${C}/edit`, `/contacts/${C}/delete`, `/contacts/${C}/events/new`, ...(E ? [`/contacts/${EC}/events/${E}/edit`] : []), `/contacts/${C}/events/999999/edit`),
    ...get("rep", "/settings", "/team", "/team/reps/1", "/admin", "/admin/outbox", "/dev/outbox", "/calendar/nope.ics"),
    post("rep", "/log", { storeId: String(S), channel: "visit", when: "2026-02-30T10:00", "gift.what": "", "gift.value": "-5", "intel.competitor.subject": "某品牌", notes: "", idempotencyKey: "snapshot-1", occasion: "routine" }),
    post("rep", "/log", { storeId: String(S), channel: "fax", when: `${today}T09:00`, idempotencyKey: "", greetingTemplateId: "99999", occasion: "birthday:99999" }),
    post("rep", "/log", { storeId: "99999999", channel: "visit" }),
    post("rep", "/log", { storeId: String(S) }, { csrf: false }),
    post("rep", `/stores/${S}/edit`, { name: "", address: "x".repeat(300), city: "长沙", phone: "", class: "A", repId: "1" }),
    post("rep", `/stores/${S}/archive`, { archived: "1" }),
    post("rep", `/stores/${S}/contacts/new`, { name: "", role: "boss", birthdayCalendar: "lunar", birthdayMonth: "13", birthdayDay: "31", birthYear: "12", tags: "a,b" }),
    post("rep", `/contacts/${C}/edit`, { name: "王芳", role: "owner", birthdayCalendar: "solar", birthdayMonth: "2", birthdayDay: "30", birthdayLeapMonth: "1", tags: "x".repeat(50) }),
    post("rep", `/contacts/${C}/events/new`, { kind: "wedding", date: "2026-02-30", notes: "" }),
    ...(E ? [post("rep", `/contacts/${EC}/events/${E}/edit`, { kind: "party", date: "soon", notes: "", state: "maybe" })] : []),
    post("rep", "/settings", { locale: "fr", digestTime: "25:00", digestPaused: "yes" }),
    post("rep", "/settings/tokens", { name: "" }),
    post("rep", "/settings/tokens/999999/revoke"),
    // JSON API as the rep (the one error shape, strict bodies).
    ...get("rep", "/api/me", "/api/stores?limit=3", "/api/stores?class=Z", "/api/stores?tier=A&class=B", `/api/stores/${S}`, `/api/stores/${S}/contacts`, `/api/contacts/${C}`, `/api/contacts/${C}/life-events`, `/api/interactions?storeId=${S}&limit=3`, "/api/interactions?limit=0", "/api/interactions?cursor=x", "/api/progress", "/api/progress?month=2026-10", "/api/progress?month=bad", "/api/progress?month=2027-05", `/api/progress?repId=${R2}`, `/api/stores/${otherStore!.id}`),
    { who: "rep", method: "POST", path: "/api/interactions", json: { storeId: S, channel: "visit", colour: "red" } },
    { who: "rep", method: "POST", path: "/api/interactions", json: [1, 2] },
    { who: "rep", method: "PATCH", path: `/api/stores/${S}`, json: { tier: "Z", foo: 1 } },
    { who: "rep", method: "PATCH", path: `/api/stores/${S}`, json: { tier: "B" } },
    { who: "rep", method: "POST", path: `/api/stores/${S}/contacts`, json: { name: "", role: "boss" } },
    { who: "rep", method: "PATCH", path: `/api/contacts/${C}`, json: { birthdayMonth: 14 } },
    // A rep well behind pace.
    ...get("behind", "/today", "/month", "/stores?behind=1", "/log"),
    // A manager.
    ...get("manager", "/today", "/month", "/team", "/team?page=2", "/team?teamId=abc", "/team?page=0", `/team/reps/${rep.id}`, `/team/reps/${rep.id}?month=2026-10`, `/team/reps/${rep.id}?month=bad`, `/team/reps/${rep.id}?moved=3`, `/team/reps/${otherTeamRep.id}`),
    ...get("manager", "/stores", "/stores/new", `/stores/${S}`, `/stores/${S}/edit`, "/log", "/settings", "/admin"),
    post("manager", `/team/reps/${rep.id}/reassign`, {}),
    post("manager", `/team/reps/${rep.id}/reassign`, { storeIds: [String(S), "abc"], toRepId: String(rep.id) }),
    post("manager", `/team/reps/${rep.id}/reassign`, { storeIds: [String(otherStore!.id)], toRepId: String(otherTeamRep.id) }),
    post("manager", `/team/reps/${otherTeamRep.id}/reassign`, { storeIds: [String(S)], toRepId: String(R2) }),
    post("manager", "/stores", { name: "", class: "", repId: "" }),
    post("manager", "/stores", { name: "新店", class: "A", repId: String(otherTeamRep.id), city: "长沙" }),
    post("manager", `/stores/${S}/edit`, { name: "改名", class: "Q", repId: String(otherTeamRep.id) }),
    post("manager", `/stores/${S}/edit`, { name: "改名", class: "A", repId: String(otherTeamRep.id) }),
    post("manager", `/stores/${S}/archive`, { archived: "maybe" }),
    // An admin.
    ...get("admin", "/today", "/month", "/team", `/team?teamId=${T}`, `/team/reps/${rep.id}`, `/team/reps/${rep.id}?toTeam=${teamRows[1]!.id}`, "/stores", "/stores?q=%E5%A4%A7", "/stores/new", `/stores/${S}/edit`, "/log", "/settings"),
    ...get("admin", "/admin", "/admin/users", "/admin/users?q=rep00", "/admin/users?q=%25", "/admin/users?page=2", "/admin/users?done=created", "/admin/users/new", `/admin/users/${rep.id}`, `/admin/users/${rep.id}?done=saved`, `/admin/users/${people.admin.id}`, "/admin/users/99999"),
    ...get("admin", "/admin/teams", "/admin/teams?done=renamed", "/admin/policy", "/admin/policy?done=saved", "/admin/festivals", "/admin/festivals?done=created", "/admin/festivals/new", `/admin/festivals/${festival!.id}`, "/admin/festivals/99999"),
    ...get("admin", "/admin/import", "/admin/import?done=3&kind=stores", "/admin/audit", `/admin/audit?contact=${C}`, `/admin/audit?actor=${encodeURIComponent(rep.email)}`, "/admin/audit?contact=abc&actor=nobody%40x.cn&before=z", "/admin/audit?before=1"),
    ...get("admin", "/admin/templates", "/admin/templates?done=saved", "/admin/templates/new", "/admin/templates/new?occasion=birthday&locale=en", `/admin/templates/${template!.id}`, "/admin/templates/99999"),
    ...get("admin", "/admin/outbox", "/admin/outbox?state=sent", "/admin/outbox?state=nope", `/admin/outbox/${mail!.id}`, `/admin/outbox/${mail!.id}/html`, "/admin/outbox/99999", "/admin/nope"),
    post("admin", "/admin/users", { email: "bad", name: "", role: "king", teamId: "x", locale: "fr", digestTime: "7" }),
    post("admin", "/admin/users", { email: rep.email, name: "重复", role: "rep", teamId: "99999", locale: "zh-CN", digestTime: "07:30" }),
    post("admin", `/admin/users/${rep.id}`, { email: "", name: "", role: "rep", teamId: "", locale: "zh-CN", digestTime: "07:30" }),
    post("admin", `/admin/users/${people.admin.id}`, { email: ADMIN_EMAIL, name: "管理员", role: "rep", teamId: "", locale: "zh-CN", digestTime: "07:30" }),
    post("admin", `/admin/users/${people.admin.id}/deactivate`),
    post("admin", "/admin/teams", { name: "" }),
    post("admin", "/admin/teams", { name: teamRows[0]!.name }),
    post("admin", `/admin/teams/${T}`, { name: "" }),
    post("admin", `/admin/teams/${T}`, { name: teamRows[1]!.name }),
    post("admin", `/admin/teams/${T}/delete`),
    post("admin", "/admin/policy", { "quotas.visit.A": "-1", "quotas.visit.B": "x", helpAskedPerRep: "2", workingDays: ["1", "9"], extraNonWorkingDates: "2026-02-30\n\n2026-13-01", timeZone: "Mars/Base", "digest.defaultTime": "13:00", "digest.cutoffTime": "12:00", "followUps.wedding.channel": "fax" }),
    post("admin", "/admin/festivals", { key: "BAD KEY", nameZh: "", nameEn: "", calendar: "lunar", month: "13", day: "31", windowBefore: "-1", windowAfter: "", leadDays: "x", "actions.A": ["visit", "dance"] }),
    post("admin", "/admin/festivals", { key: "spring_festival", nameZh: "春节", nameEn: "Spring Festival", calendar: "lunar", month: "1", day: "1", windowBefore: "10", windowAfter: "2", leadDays: "10", "actions.A": "visit", active: "1" }),
    post("admin", `/admin/festivals/${festival!.id}`, { nameZh: "", nameEn: "x", calendar: "solar", month: "2", day: "30", windowBefore: "1", windowAfter: "1", leadDays: "1" }),
    post("admin", "/admin/import/preview", { kind: "stores", text: `${csv}益丰,Z,长沙,nobody@keqing.local,,\n,A,,,,\n` }),
    post("admin", "/admin/import/preview", { kind: "stores", text: `${csv}快照大药房,A,长沙,${rep.email},芙蓉路1号,0731-1234567\n` }),
    post("admin", "/admin/import/preview", { kind: "shops", text: "" }),
    post("admin", "/admin/import", { kind: "contacts", text: "store,role\nx,y\n" }),
    post("admin", "/admin/templates", { occasion: "birthday", locale: "zh-CN", body: "{未知} 生日快乐 {", active: "1", intent: "save" }),
    post("admin", "/admin/templates", { occasion: "birthday", locale: "en", body: "Happy birthday, {name}!", active: "1", intent: "preview" }),
    post("admin", "/admin/templates", { occasion: "nope", locale: "xx", body: "" }),
    post("admin", `/admin/templates/${template!.id}`, { body: "", intent: "save" }),
    post("admin", `/admin/templates/${template!.id}/active`, { active: "x" }),
  ];

  // ---- run them through the Worker ---------------------------------------------------------------
  const proxy = await startCountingProxy(sqld.url);
  cleanup.add(proxy.close);
  const worker = await startWorker({
    vars: { ENVIRONMENT: "test", TURSO_DATABASE_URL: proxy.url },
    persistTo: join(dir, "wrangler"),
    logFile: join(dir, "wrangler.log"),
    logLevel: "warn",
    fixedNow: NOW,
  });
  cleanup.add(worker.stop);
  const csrfOf = new Map<Who, string>();
  for (const who of Object.keys(people) as Who[]) csrfOf.set(who, await csrfTokenFor(token(who)));

  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  const index: string[] = [];
  const seen = new Map<string, number>();
  for (const k of cases) {
    const headers = new Headers({ "accept-language": "zh-CN" });
    // With the viewer claim a browser holds after its first page (src/auth/claim.ts).
    if (k.who !== "anon") headers.set("cookie", `kq_session=${token(k.who)}; kq_claim=${encodeClaim(claimOf(people[k.who]))}`);
    let body: string | undefined;
    if (k.form) {
      const form = new URLSearchParams();
      if (k.who !== "anon" && k.csrf !== false) form.set("_csrf", csrfOf.get(k.who)!);
      for (const [name, value] of Object.entries(k.form)) for (const x of Array.isArray(value) ? value : [value]) form.append(name, x);
      body = form.toString();
      headers.set("content-type", "application/x-www-form-urlencoded");
      headers.set("origin", worker.url);
    } else if (k.json !== undefined) {
      body = JSON.stringify(k.json);
      headers.set("content-type", "application/json");
      if (k.who !== "anon") headers.set("x-csrf-token", csrfOf.get(k.who)!);
    }
    const before = performance.now();
    const res = await fetch(`${worker.url}${k.path}`, { method: k.method, headers, body, redirect: "manual" });
    const text = mask((await res.text()).replaceAll(worker.url, "http://APP"));
    const roundTrips = proxy.pipelines(before).length;
    const kept = ["content-type", "location", "cache-control", "content-security-policy", "retry-after"]
      .map((h) => [h, res.headers.get(h)] as const)
      .filter(([, v]) => v !== null)
      .map(([h, v]) => `${h}: ${v!.replaceAll(worker.url, "http://APP")}`);
    const file = fileName(k, seen);
    const content = `${k.method} ${k.path}\n${res.status}\n${kept.join("\n")}\n\n${text}`;
    mkdirSync(join(out, k.who), { recursive: true });
    writeFileSync(join(out, k.who, file), content);
    index.push(`${k.who}/${file}\t${res.status}\t${roundTrips} rt\t${createHash("sha256").update(content).digest("hex").slice(0, 16)}\t${k.method} ${k.path}`);
  }
  writeFileSync(join(out, "INDEX"), `${index.join("\n")}\n`);
  console.log(`${cases.length} responses written to ${out} (today ${today})`);
} finally {
  await cleanup.run();
}

/** What differs between runs of the same code: the quick log's fresh idempotency key. */
function mask(html: string): string {
  return html.replace(/name="idempotencyKey" value="log-[A-Za-z0-9_-]+"/g, 'name="idempotencyKey" value="log-MASKED"');
}

/** `GET /stores/12?class=A` → `GET_stores_12_class=A.txt`, numbered when the same name comes twice. */
function fileName(k: Case, seen: Map<string, number>): string {
  const base = `${k.method}${k.path.replace(/[^A-Za-z0-9=%.-]+/g, "_")}`.slice(0, 120);
  const key = `${k.who}/${base}`;
  const n = (seen.get(key) ?? 0) + 1;
  seen.set(key, n);
  return `${base}${n > 1 ? `~${n}` : ""}.txt`;
}
