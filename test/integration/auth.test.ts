// Integration: sign-in by one-time link, sessions, sign-out, rate limits and CSRF, through the Worker.
import { beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { db, makeTeam, makeUser, resetDb } from "../helpers/db.ts";
import { ORIGIN, postForm, request, signedIn } from "../helpers/http.ts";
import { outbox, sessions, signinTokens } from "../../src/db/schema.ts";
import { sha256Hex } from "../../src/auth/tokens.ts";
import { mailsTo, resetMailbox } from "../helpers/mailbox.ts";
import { sendSigninMail } from "../../src/mail/signin-mail.ts";
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
    const known = await postForm("/signin", { email: "wang.fang@test.local" });
    const unknown = await postForm("/signin", { email: "nobody@test.local" });
    expect(unknown.status).toBe(known.status);
    const strip = (html: string) => html.replace(/value="[^"]*@test\.local"/, "");
    expect(strip(await unknown.text())).toBe(strip(await known.text()));
    for (let i = 0; i < 100 && (await mailsTo(rep.email)).length === before; i++) await new Promise((r) => setTimeout(r, 20));
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

  it("rate-limits sign-in requests per address", async () => {
    const other = await makeUser("rep", null);
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await postForm("/signin", { email: other.email })).status);
    expect(statuses.slice(0, 5)).toEqual([200, 200, 200, 200, 200]);
    expect(statuses[5]).toBe(429);
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
