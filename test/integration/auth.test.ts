// Integration: sign-in by one-time link, sessions, sign-out, rate limits and CSRF, through the Worker.
import { beforeAll, describe, expect, it } from "vitest";
import { eq, like } from "drizzle-orm";
import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import worker from "../../src/index.ts";
import { DEVICE_COOKIE, DEVICE_TTL_MS } from "../../src/auth/signin-throttle.ts";
import { messages } from "../../src/i18n/index.ts";
import { db, makeTeam, makeUser, resetDb } from "../helpers/db.ts";
import { ORIGIN, postForm, request, signedIn } from "../helpers/http.ts";
import { apiTokens, outbox, rateLimits, sessions, signinTokens } from "../../src/db/schema.ts";
import { createApiToken } from "../../src/auth/api-tokens.ts";
import { sha256Hex } from "../../src/auth/tokens.ts";
import { mailsTo, resetMailbox } from "../helpers/mailbox.ts";
import { sendSigninMail } from "../../src/services/signin-mail.ts";
import { env } from "cloudflare:workers";

let rep: Awaited<ReturnType<typeof makeUser>>;

beforeAll(async () => {
  await resetDb();
  await resetMailbox();
  const team = await makeTeam();
  rep = await makeUser("rep", team.id, { email: "wang.fang@test.local", name: "王芳" });
});

async function latestLink(email: string): Promise<string> {
  // The mail goes out after the response (waitUntil), through the Resend SDK to the local recorder.
  for (let i = 0; i < 100; i++) {
    const last = (await mailsTo(email)).at(-1);
    if (last?.text) return last.text.match(/https?:\/\/\S+/)![0];
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`no sign-in mail to ${email}`);
}

const tokenOf = (link: string) => new URL(link).searchParams.get("token")!;

describe("sign-in by e-mailed link (integration)", () => {
  it("mails a link to a known address, stores only its hash, and signs in once", async () => {
    const res = await postForm("/signin", { email: " Wang.Fang@test.local " });
    expect(res.status).toBe(200);
    const link = await latestLink(rep.email);
    expect(link.startsWith(`${ORIGIN}/signin/verify?token=`)).toBe(true);
    const token = tokenOf(link);

    const stored = await db().select().from(signinTokens).where(eq(signinTokens.userId, rep.id));
    expect(stored).toHaveLength(1);
    expect(stored[0]!.tokenHash).toBe(await sha256Hex(token));
    expect(stored[0]!.tokenHash).not.toContain(token);
    expect(stored[0]!.expiresAt - stored[0]!.createdAt).toBeLessThanOrEqual(15 * 60 * 1000 + 1000);

    // Opening the link (what a mail scanner does) changes nothing.
    const page = await request(`/signin/verify?token=${encodeURIComponent(token)}`);
    expect(page.status).toBe(200);
    expect((await db().select().from(signinTokens).where(eq(signinTokens.userId, rep.id)))[0]!.usedAt).toBeNull();

    const first = await postForm("/signin/verify", { token });
    expect(first.status).toBe(303);
    expect(first.headers.get("location")).toBe("/today");
    const cookie = first.headers.get("set-cookie")!;
    expect(cookie).toMatch(/kq_session=[\w-]+/);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);

    const me = await request("/api/me", { headers: { cookie: cookie.split(";")[0]! } });
    expect(me.status).toBe(200);
    expect(await me.json()).toMatchObject({ email: "wang.fang@test.local", role: "rep" });

    const again = await postForm("/signin/verify", { token });
    expect(again.status).toBe(400);
    expect(again.headers.get("set-cookie")).toBeNull();
  });

  it("answers an unknown address exactly as a known one, and sends nothing", async () => {
    const before = (await mailsTo(rep.email)).length;
    // Settled: each request's after-the-response work (the mail) has finished when it resolves.
    const known = await postForm("/signin", { email: "wang.fang@test.local" }, undefined, { settle: true });
    const unknown = await postForm("/signin", { email: "nobody@test.local" }, undefined, { settle: true });
    expect(unknown.status).toBe(known.status);
    const strip = (html: string) => html.replace(/value="[^"]*@test\.local"/, "");
    expect(strip(await unknown.text())).toBe(strip(await known.text()));
    expect(await mailsTo(rep.email)).toHaveLength(before + 1);
    expect(await mailsTo("nobody@test.local")).toHaveLength(0);
  });

  it("records a mail sent through Resend without its live link, and keeps the link locally without a key", async () => {
    const sent = await db().select().from(outbox).where(eq(outbox.userId, rep.id));
    expect(sent.length).toBeGreaterThan(0);
    expect(sent.every((r) => r.state === "sent" && r.text === null && r.providerId)).toBe(true);

    const localEnv = { ...env, RESEND_API_KEY: undefined };
    await sendSigninMail(localEnv, db(), { ...rep, locale: "zh-CN" }, "local-token", Date.now());
    const [local] = (await db().select().from(outbox).where(eq(outbox.userId, rep.id))).filter((r) => r.state === "local");
    expect(local!.text).toContain("/signin/verify?token=local-token");
  });

  it("rejects an expired link", async () => {
    const token = "expired-token-value";
    await db().insert(signinTokens).values({ tokenHash: await sha256Hex(token), userId: rep.id, expiresAt: Date.now() - 1 });
    const res = await postForm("/signin/verify", { token });
    expect(res.status).toBe(400);
  });

  it("rejects a link for a deactivated user", async () => {
    const gone = await makeUser("rep", null, { active: false });
    const token = "inactive-user-token";
    await db().insert(signinTokens).values({ tokenHash: await sha256Hex(token), userId: gone.id, expiresAt: Date.now() + 60_000 });
    expect((await postForm("/signin/verify", { token })).status).toBe(400);
  });

  it("flags a bad address on the field and keeps the input", async () => {
    const res = await postForm("/signin", { email: "not-an-email" });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain('id="email-error"');
    expect(html).toContain('value="not-an-email"');
  });

});

describe("sign-in throttle: mail floods limited, owners never locked out (integration)", () => {
  /** Through the Worker's fetch, then every waitUntil (the link is issued and mailed after the answer). */
  async function call(path: string, init: RequestInit = {}): Promise<Response> {
    const ctx = createExecutionContext();
    const res = await worker.fetch(new Request(`${ORIGIN}${path}`, { ...init, redirect: "manual" }), env, ctx);
    await waitOnExecutionContext(ctx);
    return res;
  }

  let ip = 0;
  /** A sign-in request from a browser: its own address unless named, and its device cookie if it has one. */
  function askLink(email: string, from: { ip?: string; device?: string } = {}) {
    const headers: Record<string, string> = { "content-type": "application/x-www-form-urlencoded", origin: ORIGIN, "cf-connecting-ip": from.ip ?? `198.51.100.${++ip}` };
    if (from.device) headers.cookie = `${DEVICE_COOKIE}=${from.device}`;
    return call("/signin", { method: "POST", body: new URLSearchParams({ email }).toString(), headers });
  }

  /** The owner signs in from the link in their mail; the answer's device cookie. */
  async function signInOnDevice(email: string, device?: string): Promise<string> {
    expect((await askLink(email, { device })).status).toBe(200);
    const token = tokenOf((await mailsTo(email)).at(-1)!.text!.match(/https?:\/\/\S+/)![0]);
    const headers: Record<string, string> = { "content-type": "application/x-www-form-urlencoded", origin: ORIGIN };
    if (device) headers.cookie = `${DEVICE_COOKIE}=${device}`;
    const res = await call("/signin/verify", { method: "POST", body: new URLSearchParams({ token }).toString(), headers });
    expect(res.status).toBe(303);
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith(`${DEVICE_COOKIE}=`))!;
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Strict/i);
    expect(cookie).toMatch(/Path=\/signin/i);
    return cookie.split(";")[0]!.slice(DEVICE_COOKIE.length + 1);
  }

  const noticeOf = async (res: Response) => (await res.text()).match(/<div class="alert[^"]*">([^<]*)<\/div>/)?.[1];

  it("a stranger's flood for someone's address never stops the owner's device from getting a link", async () => {
    const owner = await makeUser("rep", null);
    const device = await signInOnDevice(owner.email);
    const before = (await mailsTo(owner.email)).length;
    // Eight requests from eight addresses: each answers as always; the four links left of the
    // address's five this quarter hour go out (the owner's first request, from a new browser, was one).
    for (let i = 0; i < 8; i++) {
      const res = await askLink(owner.email);
      expect(res.status).toBe(200);
      expect(await noticeOf(res)).toBe(messages("zh-CN").auth.linkSent);
    }
    expect(await mailsTo(owner.email)).toHaveLength(before + 4);
    // The owner's own device still gets its link, and it works.
    expect((await askLink(owner.email, { device })).status).toBe(200);
    expect(await mailsTo(owner.email)).toHaveLength(before + 5);
    const renewed = await signInOnDevice(owner.email, device);
    // Each sign-in hands the device a new cookie and forgets the one it brought.
    expect(renewed).not.toBe(device);
    expect((await askLink(owner.email, { device })).status).toBe(200);
    expect(await mailsTo(owner.email)).toHaveLength(before + 6);
    expect((await askLink(owner.email, { device: renewed })).status).toBe(200);
    expect(await mailsTo(owner.email)).toHaveLength(before + 7);
  });

  it("limits a flood from one client, across addresses and for one address", async () => {
    const target = await makeUser("rep", null);
    const flood = "203.0.113.66";
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) statuses.push((await askLink(target.email, { ip: flood })).status);
    expect(statuses).toEqual([200, 200, 200, 200, 200, 200, 200]);
    expect(await mailsTo(target.email)).toHaveLength(5);
    for (let i = 0; i < 23; i++) statuses.push((await askLink(`nobody${i}@test.local`, { ip: flood })).status);
    expect(statuses.every((s) => s === 200)).toBe(true);
    // 31st request from the same client in the quarter hour: its own limit, and it may say so.
    const over = await askLink(`nobody-else@test.local`, { ip: flood });
    expect(over.status).toBe(429);
    expect(await noticeOf(over)).toBe(messages("zh-CN").auth.rateLimited);
  });

  it("answers alike whether the address exists and whether it is throttled", async () => {
    const known = await makeUser("rep", null);
    const strip = (html: string) => html.replace(/value="[^"]*"/, "");
    const answers: string[] = [];
    for (const email of [known.email, "ghost@test.local"]) {
      for (let i = 0; i < 7; i++) {
        const res = await askLink(email);
        expect(res.status).toBe(200);
        answers.push(strip(await res.text()));
      }
    }
    expect(new Set(answers).size).toBe(1);
    expect(await mailsTo(known.email)).toHaveLength(5);
    expect(await mailsTo("ghost@test.local")).toHaveLength(0);
  });

  it("trusts a device only for the address it signed in to, within its own limit, until sign-out everywhere", async () => {
    const owner = await makeUser("rep", null);
    const other = await makeUser("rep", null);
    const device = await signInOnDevice(owner.email);
    // Used up by strangers: the other address's budget, and the owner's.
    for (const email of [owner.email, other.email]) for (let i = 0; i < 5; i++) await askLink(email);
    const mails = async () => [(await mailsTo(owner.email)).length, (await mailsTo(other.email)).length];
    const start = await mails();
    // The owner's cookie does not vouch for another address, nor does a made-up cookie for the owner.
    expect((await askLink(other.email, { device })).status).toBe(200);
    expect((await askLink(owner.email, { device: "made-up-device" })).status).toBe(200);
    expect(await mails()).toEqual(start);
    // The device's own limit: five links a quarter hour, then it is told so.
    const own: number[] = [];
    for (let i = 0; i < 6; i++) own.push((await askLink(owner.email, { device })).status);
    expect(own).toEqual([200, 200, 200, 200, 200, 429]);
    expect(await mails()).toEqual([start[0]! + 5, start[1]]);
    // Signing out everywhere forgets the device: it shares the (spent) address budget again.
    const agent = await signedIn(owner.id);
    expect((await postForm("/signout/everywhere", {}, agent)).status).toBe(200);
    expect((await askLink(owner.email, { device })).status).toBe(200);
    expect(await mails()).toEqual([start[0]! + 5, start[1]]);
  });

  it("forgets a device not seen for a year", async () => {
    const owner = await makeUser("rep", null);
    const device = await signInOnDevice(owner.email);
    for (let i = 0; i < 5; i++) await askLink(owner.email);
    const n = (await mailsTo(owner.email)).length;
    await db().update(rateLimits).set({ windowStart: Date.now() - DEVICE_TTL_MS - 60_000 }).where(like(rateLimits.key, "signin:device:%"));
    expect((await askLink(owner.email, { device })).status).toBe(200);
    expect(await mailsTo(owner.email)).toHaveLength(n);
  });

  it("keeps neither addresses nor client IPs in the clear, nor the device cookie", async () => {
    const owner = await makeUser("rep", null);
    const device = await signInOnDevice(owner.email);
    await askLink(owner.email, { ip: "192.0.2.99", device });
    await askLink("stranger-typed@test.local", { ip: "192.0.2.99" });
    const keys = (await db().select({ key: rateLimits.key }).from(rateLimits)).map((r) => r.key).join("\n");
    expect(keys).toContain("signin:device:");
    for (const secret of [owner.email, "stranger-typed@test.local", "192.0.2.99", device]) expect(keys).not.toContain(secret);
  });
});

describe("sessions (integration)", () => {
  it("sign-out revokes the session on the server, not only the cookie", async () => {
    const agent = await signedIn(rep.id);
    expect((await request("/api/me", { agent })).status).toBe(200);
    const out = await postForm("/signout", {}, agent);
    expect(out.status).toBe(200);
    expect((await request("/api/me", { agent })).status).toBe(401);
  });

  it("sign-out everywhere revokes every device's session", async () => {
    const phone = await signedIn(rep.id);
    const laptop = await signedIn(rep.id);
    const res = await postForm("/signout/everywhere", {}, phone);
    expect(res.status).toBe(200);
    expect((await request("/api/me", { agent: phone })).status).toBe(401);
    expect((await request("/api/me", { agent: laptop })).status).toBe(401);
    const live = await db().select().from(sessions).where(eq(sessions.userId, rep.id));
    expect(live.every((s) => s.revokedAt !== null)).toBe(true);
  });

  it("sign-out everywhere offers to revoke the API tokens too, keeps them unless asked, and says which", async () => {
    const owner = await makeUser("rep", null);
    const { token } = await createApiToken(db(), owner.id, "导出脚本");
    const works = async () => (await request("/api/me", { agent: { bearer: token } })).status;
    const zh = messages("zh-CN").auth;

    // The settings page offers it, unticked.
    const page = await (await request("/settings", { agent: await signedIn(owner.id) })).text();
    expect(page).toMatch(/<input type="checkbox" name="revokeApiTokens" value="1"\/>/);

    const kept = await postForm("/signout/everywhere", {}, await signedIn(owner.id));
    expect(kept.status).toBe(200);
    expect(await kept.text()).toContain(zh.apiTokensKept(1));
    expect(await works()).toBe(200);

    const phone = await signedIn(owner.id);
    const laptop = await signedIn(owner.id);
    const all = await postForm("/signout/everywhere", { revokeApiTokens: "1" }, phone);
    expect(await all.text()).toContain(`${zh.signedOutEverywhere(2)}${zh.apiTokensRevoked(1)}`);
    expect(await works()).toBe(401);
    expect((await request("/api/me", { agent: laptop })).status).toBe(401);
    expect((await db().select().from(apiTokens).where(eq(apiTokens.userId, owner.id))).every((t) => t.revokedAt !== null)).toBe(true);
  });

  it("ignores a forged or unknown session cookie", async () => {
    expect((await request("/api/me", { agent: { cookie: "kq_session=forged" } })).status).toBe(401);
  });
});

describe("CSRF (integration)", () => {
  it("refuses a signed-in form post without the form token", async () => {
    const agent = await signedIn(rep.id);
    const res = await postForm("/signout", {}, agent, { csrf: null });
    expect(res.status).toBe(403);
    expect((await request("/api/me", { agent })).status).toBe(200);
  });

  it("refuses a signed-in form post with another session's token", async () => {
    const agent = await signedIn(rep.id);
    const other = await signedIn(rep.id);
    expect((await postForm("/signout", {}, agent, { csrf: other.csrf! })).status).toBe(403);
  });

  it("refuses a sign-in post from another site", async () => {
    const res = await postForm("/signin/verify", { token: "x" }, undefined, { origin: "https://evil.example" });
    expect(res.status).toBe(403);
  });
});

describe("secure headers (integration)", () => {
  it("sends a CSP and friends on pages", async () => {
    const res = await request("/signin");
    expect(res.headers.get("content-security-policy")).toContain("default-src 'self'");
    expect(res.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
  });
});
