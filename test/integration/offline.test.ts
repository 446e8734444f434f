// Integration: what the installable app and its offline queue need from the Worker (README "Offline"):
// the versioned service worker, each page saying whose it is, and the quick log answering the queue's
// JSON (a stored row, the same row for a replay, a refusal with the form's field names).
import { beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { db, makeContact, makeStore, makeTeam, makeUser, resetDb } from "../helpers/db.ts";
import { request, signedIn, type Agent } from "../helpers/http.ts";
import { interactions, stores } from "../../src/db/schema.ts";
import { localDateOf, localTimeOf } from "../../src/domain/dates.ts";

let rep: Agent, repId: number, otherId: number, storeId: number, contactId: number;

beforeAll(async () => {
  await resetDb();
  const team = await makeTeam();
  const u = await makeUser("rep", team.id);
  repId = u.id;
  otherId = (await makeUser("rep", team.id)).id;
  rep = await signedIn(u.id);
  storeId = (await makeStore(u.id, "A")).id;
  contactId = (await makeContact(storeId, { name: "王芳" })).id;
});

const now = () => `${localDateOf(Date.now(), "Asia/Shanghai")}T${localTimeOf(Date.now(), "Asia/Shanghai")}`;

/** The queue's request: the form's fields, the session's token in a header, JSON asked for. */
function queued(fields: Record<string, string>, agent: Agent = rep) {
  return request("/log", {
    method: "POST",
    agent,
    headers: { accept: "application/json", "content-type": "application/x-www-form-urlencoded", "x-csrf-token": agent.csrf ?? "" },
    body: new URLSearchParams(fields).toString(),
  });
}

describe("the service worker script (integration)", () => {
  it("is the file with this deploy's version in front, never cached", async () => {
    const res = await request("/sw.js");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/javascript/);
    expect(res.headers.get("cache-control")).toBe("no-cache");
    const text = await res.text();
    const version = text.match(/^const VERSION = "([^"]+)";\n/)?.[1];
    expect(version).toMatch(/^[0-9a-f-]{8,}$/);
    expect(text).toContain('importScripts("/assets/queue.js")');
  });
});

describe("pages say whose they are (integration)", () => {
  it("a signed-in page names its user, a signed-out page no one; API answers neither", async () => {
    expect((await request("/today", { agent: rep })).headers.get("x-kq-user")).toBe(String(repId));
    expect((await request("/signin")).headers.get("x-kq-user")).toBe("");
    expect((await request("/api/me", { agent: rep })).headers.get("x-kq-user")).toBeNull();
  });

  it("a signed-in page links the manifest and the script, and carries the script's words and token", async () => {
    const html = await (await request("/today", { agent: rep })).text();
    expect(html).toContain('<link rel="manifest" href="/manifest.webmanifest"/>');
    expect(html).toContain('<script src="/assets/app.js" defer=""></script>');
    expect(html).toContain(`<meta name="kq-csrf" content="${rep.csrf}"/>`);
    const words = JSON.parse(html.match(/<script type="application\/json" id="kq-words">(.*?)<\/script>/)![1]!) as Record<string, string>;
    expect(words.pending).toBe("待上传 {n}");
  });
});

describe("the quick log answers the offline queue in JSON (integration)", () => {
  it("stores an entry once: 201 with its id, then 200 with the same id for a replay", async () => {
    const fields = { storeId: String(storeId), channel: "visit", when: now(), contactId: String(contactId), notes: "queued", idempotencyKey: "queue-test-0001" };
    const first = await queued(fields);
    expect(first.status).toBe(201);
    const body = await first.json<{ id: number; replayed: boolean }>();
    expect(body.replayed).toBe(false);
    const again = await queued(fields);
    expect(again.status).toBe(200);
    expect(await again.json()).toMatchObject({ id: body.id, replayed: true });
    expect(await db().select().from(interactions).where(eq(interactions.idempotencyKey, "queue-test-0001"))).toHaveLength(1);
  });

  it("refuses an invalid entry with the form's field names, storing nothing", async () => {
    const res = await queued({ storeId: String(storeId), channel: "visit", when: "2020-01-01T09:00", idempotencyKey: "queue-test-0002" });
    expect(res.status).toBe(400);
    const body = await res.json<{ error: { code: string; fields: Record<string, string> } }>();
    expect(body.error.code).toBe("validation_failed");
    expect(Object.keys(body.error.fields)).toEqual(["when"]);
    expect(await db().select().from(interactions).where(eq(interactions.idempotencyKey, "queue-test-0002"))).toHaveLength(0);
  });

  it("answers 404 with the reason when the store is no longer the rep's", async () => {
    const moved = (await makeStore(repId, "B")).id;
    await db().update(stores).set({ repId: otherId }).where(eq(stores.id, moved));
    const res = await queued({ storeId: String(moved), channel: "visit", when: now(), idempotencyKey: "queue-test-0003" });
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ error: { code: "not_found", message: "这家门店不存在或已不由你负责，无法记录。" } });
  });

  it("a queued entry whose session ended is refused as such (the queue keeps it for after sign-in)", async () => {
    const res = await queued({ storeId: String(storeId), channel: "visit", when: now(), idempotencyKey: "queue-test-0004" }, { csrf: rep.csrf });
    // No session: the form guard refuses it (queue.js takes 401, 403 and a redirect to sign-in alike).
    expect(res.status).toBe(403);
    expect(await db().select().from(interactions).where(eq(interactions.idempotencyKey, "queue-test-0004"))).toHaveLength(0);
  });
});
