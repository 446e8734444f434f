// Integration: no response carrying a secret or someone's data may be kept by a cache. Every page
// and API answer is `no-store` unless its route says otherwise. (The stylesheet is a static asset, not
// the Worker's: its caching is public/_headers', checked in test/browser/offline.browser.test.ts.)
import { env } from "cloudflare:workers";
import { createExecutionContext } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { app } from "../../src/http/app.tsx";
import { db, makeStore, makeTeam, makeUser, resetDb } from "../helpers/db.ts";
import { postForm, request, signedIn, type Agent } from "../helpers/http.ts";
import { outbox, signinTokens } from "../../src/db/schema.ts";
import { sha256Hex } from "../../src/auth/tokens.ts";

let rep: Agent, admin: Agent, repId: number, storeId: number, mailId: number;

beforeAll(async () => {
  await resetDb();
  const u = await makeUser("rep", (await makeTeam()).id);
  repId = u.id;
  storeId = (await makeStore(u.id, "A")).id;
  rep = await signedIn(u.id);
  admin = await signedIn((await makeUser("admin", null)).id);
  const [m] = await db()
    .insert(outbox)
    .values({ kind: "signin", userId: u.id, period: "n1", toEmail: u.email, subject: "客情登录链接", text: "http://localhost:8787/signin/verify?token=abc", html: "<p>link</p>", state: "local" })
    .returning();
  mailId = m!.id;
});

async function liveSigninToken(): Promise<string> {
  const token = `cache-test-${Math.random()}`;
  await db().insert(signinTokens).values({ tokenHash: await sha256Hex(token), userId: repId, expiresAt: Date.now() + 60_000 });
  return token;
}

describe("Cache-Control (integration)", () => {
  it.each<[string, () => Promise<Response>]>([
    ["the sign-in page", () => request("/signin")],
    ["the link's confirmation page (GET /signin/verify)", () => request("/signin/verify?token=abc")],
    ["a refused link (POST /signin/verify)", () => postForm("/signin/verify", { token: "nope" })],
    ["a signed-in answer with its session cookie (POST /signin/verify)", async () => postForm("/signin/verify", { token: await liveSigninToken() })],
    ["the page showing a new API token", () => postForm("/settings/tokens", { name: "脚本" }, rep)],
    ["the page showing a new calendar-feed URL", () => postForm("/settings/calendar", {}, rep)],
    ["the settings page", () => request("/settings", { agent: rep })],
    ["a store page", () => request(`/stores/${storeId}`, { agent: rep })],
    ["an API answer", () => request("/api/me", { agent: rep })],
    ["an API list", () => request("/api/stores", { agent: rep })],
    ["an API error", () => request("/api/me")],
    ["a redirect to sign-in", () => request("/today")],
    ["a 404 page", () => request("/no/such/page", { agent: rep })],
    ["a stored e-mail (admin)", () => request(`/admin/outbox/${mailId}`, { agent: admin })],
    ["a stored e-mail's own HTML (admin)", () => request(`/admin/outbox/${mailId}/html`, { agent: admin })],
    ["sign-out everywhere", async () => postForm("/signout/everywhere", {}, await signedIn(repId))],
  ])("keeps %s out of every cache", async (_what, call) => {
    const res = await call();
    expect(res.status).toBeLessThan(500);
    expect(res.headers.get("cache-control")).toBe("no-store");
  });

  it("keeps the development mailbox out of every cache", async () => {
    const dev = { ...env, ENVIRONMENT: "development" as const, RESEND_API_KEY: undefined };
    for (const path of ["/dev/outbox", `/dev/outbox/${mailId}`, `/dev/outbox/${mailId}/html`]) {
      const res = await app.fetch(new Request(`http://localhost:8787${path}`, { headers: { "cf-connecting-ip": "127.0.0.1" } }), dev, createExecutionContext());
      expect(res.status).toBe(200);
      expect(res.headers.get("cache-control")).toBe("no-store");
    }
  });
});
