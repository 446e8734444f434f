// Integration: erasing a contact erases the person everywhere (issue 9). A contact with a unique
// marker in every personal field is named in that morning's digest and the manager's weekly summary,
// sent through the real cron → queue → consumer → Resend (recorder) pipeline; after
// DELETE /api/contacts/:id, every text and blob column of every table (found in sqlite_schema, blobs
// gunzipped) is scanned for the marker and the phone. Pace, rules and counts do not move; the
// outbox keeps its delivery history; a retry of an erased message fails instead of sending.
import { exports } from "cloudflare:workers";
import { beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { eq, inArray, sql } from "drizzle-orm";
import { gunzipSync } from "node:zlib";
import { countRows, db, makeContact, makeStore, makeTeam, makeUser, resetDb } from "../helpers/db.ts";
import { mailsTo, mailLog, failNext, resetMailbox } from "../helpers/mailbox.ts";
import { request, sendJson, signedIn, type Agent } from "../helpers/http.ts";
import { contacts, interactions, lifeEvents, outbox, outboxMentions, policy, visitInsights } from "../../src/db/schema.ts";
import { DEFAULT_POLICY } from "../../src/domain/policy.ts";
import { addDays, isoWeekday, localDateOf, monthOf, parts } from "../../src/domain/dates.ts";
import { storedMail } from "../../src/mail/transport.ts";
import { claimDue } from "../../src/scheduler/claim.ts";
import { jobOf } from "../../src/scheduler/cron.ts";
import { ERASED_ERROR, processJob } from "../../src/scheduler/consumer.ts";
import { loadPolicy } from "../../src/db/queries/policy.ts";

/** An Etc/GMT zone where the local time is now `hour`:xx (Etc/GMT-9 is UTC+9). */
function zoneWhereItIs(hour: number): string {
  let off = (((hour - new Date().getUTCHours()) % 24) + 24) % 24;
  if (off > 14) off -= 24;
  return off === 0 ? "Etc/GMT" : off > 0 ? `Etc/GMT-${off}` : `Etc/GMT+${-off}`;
}
const MORNING = zoneWhereItIs(9);
const self = exports.default as unknown as { scheduled(opts: { scheduledTime: number; cron: string }): Promise<unknown> };

const MARKER = `Zq${Math.random().toString(36).slice(2, 8)}Mk`;
const PHONE = `139${String(Math.floor(Math.random() * 1e8)).padStart(8, "0")}`;
const HITS = [MARKER, PHONE];

/** Every value of every column of every table, blobs gunzipped when they are gzip: where the marker or phone is found. */
async function scanDatabase(needles: string[]): Promise<string[]> {
  const d = db();
  const tables = await d.all<{ name: string }>(sql`select name from sqlite_schema where type = 'table' order by name`);
  const hits: string[] = [];
  for (const { name } of tables) {
    const cols = await d.all<{ name: string; type: string }>(sql`select name, type from pragma_table_info(${name})`);
    expect(cols.length, name).toBeGreaterThan(0);
    const rows = await d.all<Record<string, unknown>>(sql.raw(`select * from "${name.replaceAll('"', '""')}"`));
    for (const row of rows) {
      for (const col of cols) {
        const text = asText(row[col.name]);
        for (const n of needles) if (text?.includes(n)) hits.push(`${name}.${col.name}: ${n}`);
      }
    }
  }
  return hits;
}

function asText(value: unknown): string | null {
  if (typeof value === "string") return value;
  if (value instanceof ArrayBuffer || ArrayBuffer.isView(value)) {
    const bytes = value instanceof ArrayBuffer ? new Uint8Array(value) : new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
    const plain = bytes[0] === 0x1f && bytes[1] === 0x8b ? gunzipSync(bytes) : bytes;
    return new TextDecoder().decode(plain);
  }
  return null;
}

async function outboxOf(userIds: number[]) {
  return db().select().from(outbox).where(inArray(outbox.userId, userIds)).orderBy(outbox.id);
}

async function progress(agent: Agent, month: string) {
  const res = await request(`/api/progress?month=${month}`, { agent });
  expect(res.status).toBe(200);
  return res.json();
}

const erase = (id: number, agent: Agent) => request(`/api/contacts/${id}`, { method: "DELETE", headers: { "x-csrf-token": agent.csrf! }, agent });

describe("erasing a contact erases the person everywhere (integration)", () => {
  let rep: { id: number; email: string };
  let manager: { id: number; email: string };
  let repAgent: Agent, adminAgent: Agent;
  let store: { id: number };
  let victim: { id: number };
  let bystander: { id: number };
  let today: string;
  let visitDate: string;

  beforeAll(async () => {
    await resetDb();
    await resetMailbox();
    today = localDateOf(Date.now(), MORNING);
    // Thursday or Friday of last ISO week (the weekly summary's week), whatever today is.
    visitDate = addDays(today, -(isoWeekday(today) + 3));
    const team = await makeTeam();
    rep = await makeUser("rep", team.id, { timeZone: MORNING, digestTime: "07:30" });
    manager = await makeUser("manager", team.id, { timeZone: MORNING, digestTime: "07:30" });
    const admin = await makeUser("admin", null);
    repAgent = await signedIn(rep.id);
    adminAgent = await signedIn(admin.id);
    store = await makeStore(rep.id, "A");
    // The weekly summary goes out today.
    await db().update(policy).set({ data: { ...DEFAULT_POLICY, digest: { ...DEFAULT_POLICY.digest, weeklyDay: isoWeekday(today) } } });
    const p = parts(today);
    victim = await makeContact(store.id, {
      name: `王${MARKER}`,
      formOfAddress: `${MARKER}姐`,
      phone: PHONE,
      wechat: `wx_${MARKER}`,
      preferences: `喜欢${MARKER}茶`,
      familyNotes: `女儿在${MARKER}上学`,
      birthdayCalendar: "solar",
      birthdayMonth: p.month,
      birthdayDay: p.day,
    });
    bystander = await makeContact(store.id, { name: "李旁人", preferences: "保留的偏好" });
    const [ev] = await db().insert(lifeEvents).values({ contactId: victim.id, kind: "new_baby", date: addDays(today, -2), notes: `${MARKER}生了儿子` }).returning();

    const occurredAt = `${visitDate}T04:00:00.000Z`; // noon in the organisation's zone (Asia/Shanghai)
    const log = async (body: Record<string, unknown>) => {
      const res = await sendJson("POST", "/api/interactions", { storeId: store.id, channel: "visit", occurredAt, ...body }, repAgent);
      expect(res.status, JSON.stringify(await res.clone().json())).toBe(201);
    };
    // A visit with the contact: every free-text field and intel of several kinds (their own and the business's).
    await log({
      idempotencyKey: "erase-visit-1",
      contactId: victim.id,
      notes: `和${MARKER}聊了很久`,
      problemSolved: `帮${MARKER}退了货`,
      trainingTopic: `给${MARKER}讲新品`,
      gift: { what: `${MARKER}的月饼`, value: 88 },
      askedHelp: true,
      insights: [
        { kind: "competitor", subject: `竞品${MARKER}`, detail: `${MARKER}说竞品降价两成` },
        { kind: "slow_mover", subject: `滞销${MARKER}`, detail: `${MARKER}说卖不动`, reason: `${MARKER}嫌贵`, action: `${MARKER}会推荐` },
        { kind: "family", detail: `${MARKER}的儿子高考` },
      ],
    });
    // A visit for the life event, without the contact named on it.
    await log({ idempotencyKey: "erase-visit-2", occasion: "life_event", lifeEventId: ev!.id, notes: `看望${MARKER}`, insights: [{ kind: "product_feedback", detail: `${MARKER}觉得好用` }] });
    // A visit with someone else, with one insight about the victim and one about the bystander.
    await log({
      idempotencyKey: "erase-visit-3",
      contactId: bystander.id,
      notes: "和李旁人聊天",
      insights: [
        { kind: "clerk_preference", contactId: victim.id, detail: `${MARKER}爱喝咖啡` },
        { kind: "competitor", detail: "别家在搞活动" },
      ],
    });
  });

  it("sends today's digest and weekly summary naming the contact, and stores them with their mentions", async () => {
    await self.scheduled({ scheduledTime: Date.now(), cron: "*/15 * * * *" });
    await vi.waitUntil(async () => (await outboxOf([rep.id, manager.id])).filter((r) => r.state === "sent").length === 2, { timeout: 20_000, interval: 100 });
    const [digest, weekly] = [(await mailsTo(rep.email))[0]!, (await mailsTo(manager.email))[0]!];
    expect(digest.text).toContain(MARKER);
    expect(digest.html).toContain(PHONE);
    expect(weekly.text).toContain(MARKER);
    // The stored copies hold the marker: the scan below could find it.
    const rows = await outboxOf([rep.id, manager.id]);
    for (const r of rows) expect(storedMail(r)!.text).toContain(MARKER);
    expect((await scanDatabase(HITS)).some((h) => h.startsWith("outbox.content"))).toBe(true);
    const mentions = await db().select().from(outboxMentions).where(eq(outboxMentions.contactId, victim.id));
    expect(mentions.map((m) => m.outboxId).sort((a, b) => a - b)).toEqual(rows.map((r) => r.id).sort((a, b) => a - b));
  });

  it("DELETE /api/contacts/:id leaves no trace of the marker or phone in any table or stored mail", async () => {
    const months = [...new Set([monthOf(today), monthOf(visitDate)])];
    const before = {
      progress: await Promise.all(months.map((m) => progress(repAgent, m))),
      interactions: await countRows("interactions"),
      insights: await db().select({ id: visitInsights.id, kind: visitInsights.kind }).from(visitInsights).orderBy(visitInsights.id),
      gifts: await db().select({ v: sql<number>`sum(${interactions.giftValue})`, n: sql<number>`count(${interactions.giftWhat})` }).from(interactions),
      outbox: (await outboxOf([rep.id, manager.id])).map(({ id, kind, state, attempts, providerId, createdAt, sentAt, subject }) => ({ id, kind, state, attempts, providerId, createdAt, sentAt, subject })),
    };
    expect((await scanDatabase(HITS)).length).toBeGreaterThan(5);

    const res = await erase(victim.id, repAgent);
    expect(res.status).toBe(204);

    expect(await scanDatabase(HITS)).toEqual([]);
    // Nothing else moved: pace, R9–R11 and intel for the months touched, the rows, gift totals.
    expect(await Promise.all(months.map((m) => progress(repAgent, m)))).toEqual(before.progress);
    expect(await countRows("interactions")).toBe(before.interactions);
    expect(await db().select({ id: visitInsights.id, kind: visitInsights.kind }).from(visitInsights).orderBy(visitInsights.id)).toEqual(before.insights);
    expect(await db().select({ v: sql<number>`sum(${interactions.giftValue})`, n: sql<number>`count(${interactions.giftWhat})` }).from(interactions)).toEqual(before.gifts);
    // The delivery history stays true; only the stored copies are gone, and when is recorded.
    const after = await outboxOf([rep.id, manager.id]);
    expect(after.map(({ id, kind, state, attempts, providerId, createdAt, sentAt, subject }) => ({ id, kind, state, attempts, providerId, createdAt, sentAt, subject }))).toEqual(before.outbox);
    for (const r of after) expect(r).toMatchObject({ content: null, html: null, text: null, redactedAt: expect.any(Number) });
    expect(await db().select().from(outboxMentions).where(eq(outboxMentions.contactId, victim.id))).toEqual([]);
    // The bystander's own words stay.
    const kept = await db().select({ notes: interactions.notes }).from(interactions).where(eq(interactions.contactId, bystander.id));
    expect(kept).toEqual([{ notes: "和李旁人聊天" }]);
    expect(await db().select({ detail: visitInsights.detail }).from(visitInsights).where(eq(visitInsights.detail, "别家在搞活动"))).toHaveLength(1);
    expect((await db().select().from(contacts).where(eq(contacts.id, bystander.id)))[0]!.preferences).toBe("保留的偏好");
  });

  it("the admin outbox page shows the row with a note that its content was erased", async () => {
    const [row] = await outboxOf([rep.id]);
    const res = await request(`/admin/outbox/${row!.id}`, { agent: adminAgent });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain("邮件内容已于");
    expect(html).not.toContain(MARKER);
    expect((await request(`/admin/outbox/${row!.id}/html`, { agent: adminAgent })).status).toBe(404);
  });
});

describe("a message whose stored copy was erased is never resent (integration)", () => {
  beforeEach(async () => {
    await resetDb();
    await resetMailbox();
  });

  it("a retry fails with a clear reason instead of sending an empty mail", async () => {
    const rep = await makeUser("rep", null, { timeZone: MORNING, digestTime: "07:30" });
    const store = await makeStore(rep.id, "A");
    const p = parts(localDateOf(Date.now(), MORNING));
    const contact = await makeContact(store.id, { name: `赵${MARKER}`, phone: PHONE, birthdayCalendar: "solar", birthdayMonth: p.month, birthdayDay: p.day });
    const agent = await signedIn(rep.id);
    const claims = await claimDue(db(), await loadPolicy(db()), Date.now());
    const job = await jobOf(claims);
    const env = { APP_ORIGIN: "http://localhost:8787", MAIL_FROM: "kq@test.local", RESEND_API_KEY: "re_test_key", RESEND_BASE_URL: (await import("cloudflare:workers")).env.RESEND_BASE_URL };
    // First attempt: stored, then Resend fails (retryable), so the message waits in `sending`.
    await failNext(500);
    expect(await processJob(env, db(), job, Date.now())).toMatchObject({ ack: false, retryable: true });
    const [stored] = await outboxOf([rep.id]);
    expect(stored).toMatchObject({ state: "sending", attempts: 1 });
    expect(storedMail(stored!)!.text).toContain(MARKER);

    expect((await erase(contact.id, agent)).status).toBe(204);
    const [redacted] = await outboxOf([rep.id]);
    expect(redacted).toMatchObject({ state: "sending", content: null, redactedAt: expect.any(Number) });

    // The retry: nothing is sent, the message fails and says why.
    expect(await processJob(env, db(), job, Date.now())).toMatchObject({ ack: true, sent: 0, failed: 1 });
    const [failed] = await outboxOf([rep.id]);
    expect(failed).toMatchObject({ state: "failed", lastError: ERASED_ERROR, content: null });
    expect((await mailLog()).delivered).toHaveLength(0);
  });

  it("a message composed before the erasure and stored after it is failed, not sent", async () => {
    const rep = await makeUser("rep", null, { timeZone: MORNING, digestTime: "07:30" });
    const store = await makeStore(rep.id, "A");
    const p = parts(localDateOf(Date.now(), MORNING));
    const contact = await makeContact(store.id, { name: `钱${MARKER}`, phone: PHONE, birthdayCalendar: "solar", birthdayMonth: p.month, birthdayDay: p.day });
    const agent = await signedIn(rep.id);
    const job = await jobOf(await claimDue(db(), await loadPolicy(db()), Date.now()));
    const env = { APP_ORIGIN: "http://localhost:8787", MAIL_FROM: "kq@test.local", RESEND_API_KEY: "re_test_key", RESEND_BASE_URL: (await import("cloudflare:workers")).env.RESEND_BASE_URL };
    // The erasure lands between the job's read (1) and its store (2).
    const real = db();
    let batches = 0;
    const racing = new Proxy(real, {
      get(target, prop, receiver) {
        if (prop !== "batch") return Reflect.get(target, prop, receiver);
        return async (stmts: unknown) => {
          if (++batches === 2) expect((await erase(contact.id, agent)).status).toBe(204);
          return target.batch(stmts as Parameters<typeof target.batch>[0]);
        };
      },
    });
    expect(await processJob(env, racing, job, Date.now())).toMatchObject({ ack: true, sent: 0, failed: 1 });
    const [row] = await outboxOf([rep.id]);
    expect(row).toMatchObject({ state: "failed", lastError: ERASED_ERROR, content: null, redactedAt: expect.any(Number) });
    expect((await mailLog()).delivered).toHaveLength(0);
    expect(await scanDatabase(HITS)).toEqual([]);
  });
});
