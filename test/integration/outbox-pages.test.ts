// Integration: who may read the outbox.
import { beforeAll, describe, expect, it } from "vitest";
import { db, makeTeam, makeUser, resetDb } from "../helpers/db.ts";
import { request, signedIn, type Agent } from "../helpers/http.ts";
import { outbox } from "../../src/db/schema.ts";

let admin: Agent, rep: Agent, manager: Agent, id: number;

beforeAll(async () => {
  await resetDb();
  const team = await makeTeam();
  const r = await makeUser("rep", team.id);
  rep = await signedIn(r.id);
  manager = await signedIn((await makeUser("manager", team.id)).id);
  admin = await signedIn((await makeUser("admin", null)).id);
  const [row] = await db()
    .insert(outbox)
    .values({ kind: "digest", userId: r.id, period: "2026-11-27", toEmail: r.email, subject: "今日计划 <b>", html: "<table><tr><td style=\"color:red\">hi</td></tr></table>", text: "hi", state: "failed", attempts: 6, lastError: "dead-lettered after 6 attempts: 500" })
    .returning();
  id = row!.id;
});

describe("outbox pages (integration)", () => {
  it("shows admins every message with its state, attempts and error, escaped", async () => {
    const res = await request("/admin/outbox?state=failed", { agent: admin });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain("dead-lettered after 6 attempts: 500");
    expect(html).toContain("今日计划 &lt;b&gt;");
    expect((await request(`/admin/outbox/${id}`, { agent: admin })).status).toBe(200);
  });

  it("serves the e-mail's HTML with a CSP that allows its inline styles and no scripts", async () => {
    const res = await request(`/admin/outbox/${id}/html`, { agent: admin });
    expect(res.status).toBe(200);
    const csp = res.headers.get("content-security-policy")!;
    expect(csp).toContain("default-src 'none'");
    expect(csp).not.toContain("script-src");
  });

  it.each([
    ["/admin/outbox", 404],
    [`/admin/outbox/1`, 404],
  ])("hides %s from reps and managers", async (path, status) => {
    expect((await request(path, { agent: rep })).status).toBe(status);
    expect((await request(path, { agent: manager })).status).toBe(status);
  });

  it("redirects anonymous visitors to sign-in, and has no development page outside development", async () => {
    expect((await request("/admin/outbox")).status).toBe(303);
    expect((await request("/dev/outbox")).status).toBe(404);
    expect((await request(`/dev/outbox/${id}`)).status).toBe(404);
  });
});
