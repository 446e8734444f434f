// Integration: who may read the outbox.
import { env } from "cloudflare:workers";
import { createExecutionContext } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { app } from "../../src/http/app.tsx";
import { db, makeTeam, makeUser, resetDb } from "../helpers/db.ts";
import { request, signedIn, type Agent } from "../helpers/http.ts";
import { outbox } from "../../src/db/schema.ts";
import { packMail } from "../../src/mail/transport.ts";

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

describe("the development mailbox (integration)", () => {
  /** As `wrangler dev` hands a request from this machine to the Worker: Miniflare sets CF-Connecting-IP from the socket. */
  const as =
    (extra: Partial<typeof env>, from: { origin?: string; ip?: string | null } = {}) =>
    (path: string) => {
      const ip = from.ip === undefined ? "127.0.0.1" : from.ip;
      const headers: Record<string, string> = ip === null ? {} : { "cf-connecting-ip": ip };
      return app.fetch(new Request(`${from.origin ?? "http://localhost:8787"}${path}`, { headers }), { ...env, ...extra }, createExecutionContext());
    };

  it("shows local mail without sign-in in development without a mail provider", async () => {
    const [local] = await db()
      .insert(outbox)
      .values({ kind: "signin", userId: (await makeUser("rep", null)).id, period: "dev-1", toEmail: "x@test.local", subject: "客情登录链接", text: "http://localhost:8787/signin/verify?token=abc", state: "local" })
      .returning();
    const dev = as({ ENVIRONMENT: "development", RESEND_API_KEY: undefined });
    const list = await dev("/dev/outbox");
    expect(list.status).toBe(200);
    expect(await list.text()).toContain("客情登录链接");
    expect(await (await dev(`/dev/outbox/${local!.id}`)).text()).toContain("/signin/verify?token=abc");
    // Only local mail: a message that went through Resend is not shown here.
    expect((await dev(`/dev/outbox/${id}`)).status).toBe(404);
  });

  it("shows a digest stored compressed: its text on the message page, its HTML on its own", async () => {
    const teamless = await makeUser("rep", null);
    const content = packMail({ subject: "今日计划", html: "<table><tr><td>拜访 A 店</td></tr></table>", text: "拜访 A 店\n" });
    const [local] = await db()
      .insert(outbox)
      .values({ kind: "digest", userId: teamless.id, period: "2026-11-28", toEmail: teamless.email, subject: "今日计划", content, state: "local" })
      .returning();
    const dev = as({ ENVIRONMENT: "development", RESEND_API_KEY: undefined });
    const page = await (await dev(`/dev/outbox/${local!.id}`)).text();
    expect(page).toContain("拜访 A 店");
    expect(page).toContain(`/dev/outbox/${local!.id}/html`);
    const html = await dev(`/dev/outbox/${local!.id}/html`);
    expect(html.status).toBe(200);
    expect(await html.text()).toBe("<table><tr><td>拜访 A 店</td></tr></table>");
    // Admins read the same message the same way.
    expect(await (await request(`/admin/outbox/${local!.id}/html`, { agent: admin })).text()).toContain("拜访 A 店");
  });

  it("answers only the local machine, whatever the Host header says", async () => {
    const [local] = await db()
      .insert(outbox)
      .values({ kind: "signin", userId: (await makeUser("rep", null)).id, period: "dev-2", toEmail: "y@test.local", subject: "客情登录链接", text: "http://localhost:8787/signin/verify?token=secret", state: "local" })
      .returning();
    const dev = { ENVIRONMENT: "development", RESEND_API_KEY: undefined } as const;
    const paths = ["/dev/outbox", `/dev/outbox/${local!.id}`];
    for (const path of paths) {
      // A deployed Worker's own hostname, from anywhere.
      expect((await as(dev, { origin: "https://keqing.example.com", ip: "203.0.113.7" })(path)).status).toBe(404);
      // A Host header saying localhost from another machine (wrangler dev listening on all interfaces).
      expect((await as(dev, { ip: "203.0.113.7" })(path)).status).toBe(404);
      // Another machine reaching the dev server by this machine's LAN address.
      expect((await as(dev, { origin: "http://192.168.1.20:8787", ip: "192.168.1.30" })(path)).status).toBe(404);
      // No client address at all: neither Cloudflare nor wrangler dev sent it.
      expect((await as(dev, { ip: null })(path)).status).toBe(404);
      // This machine, over IPv4 and IPv6.
      expect((await as(dev)(path)).status).toBe(200);
      expect((await as(dev, { origin: "http://[::1]:8787", ip: "::1" })(path)).status).toBe(200);
    }
  });

  it("is off when a mail provider is configured, even in development", async () => {
    const withResend = as({ ENVIRONMENT: "development", RESEND_API_KEY: "re_live" });
    expect((await withResend("/dev/outbox")).status).toBe(404);
  });
});
