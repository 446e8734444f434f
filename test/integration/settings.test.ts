// Integration: the user's settings page, personal API tokens, and locale per user.
import { beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { countRows, db, makeTeam, makeUser, resetDb } from "../helpers/db.ts";
import { postForm, request, signedIn, type Agent } from "../helpers/http.ts";
import { apiTokens, users } from "../../src/db/schema.ts";
import { sha256Hex } from "../../src/auth/tokens.ts";

let rep: Agent, repId: number, other: Agent;

beforeAll(async () => {
  await resetDb();
  const team = await makeTeam();
  const u = await makeUser("rep", team.id);
  repId = u.id;
  rep = await signedIn(u.id);
  other = await signedIn((await makeUser("rep", team.id)).id);
});

describe("settings (integration)", () => {
  it("saves language, digest time and pause, and answers in the new language", async () => {
    const res = await postForm("/settings", { locale: "en", digestTime: "08:15", digestPaused: "1" }, rep);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain("Settings saved.");
    const [u] = await db().select().from(users).where(eq(users.id, repId));
    expect(u).toMatchObject({ locale: "en", digestTime: "08:15", digestPaused: true });
    expect(await (await request("/settings", { agent: rep })).text()).toContain("Morning plan e-mail time");
    await postForm("/settings", { locale: "zh-CN", digestTime: "07:30" }, rep);
    const [back] = await db().select().from(users).where(eq(users.id, repId));
    expect(back).toMatchObject({ locale: "zh-CN", digestPaused: false });
  });

  it.each([
    ["digestTime", { locale: "zh-CN", digestTime: "25:00" }],
    ["digestTime", { locale: "zh-CN", digestTime: "" }],
    ["locale", { locale: "fr", digestTime: "07:30" }],
  ])("flags a bad %s and changes nothing", async (field, form) => {
    const before = await db().select().from(users).where(eq(users.id, repId));
    const res = await postForm("/settings", form, rep);
    expect(res.status).toBe(400);
    expect(await res.text()).toContain(`id="${field}-error"`);
    expect(await db().select().from(users).where(eq(users.id, repId))).toEqual(before);
  });
});

describe("personal API tokens (integration)", () => {
  it("creates a token shown once, stored hashed, that works as a bearer and can be revoked", async () => {
    const res = await postForm("/settings/tokens", { name: "Excel 导出" }, rep);
    expect(res.status).toBe(200);
    const token = (await res.text()).match(/kq_[\w-]+/)![0];
    const [row] = await db().select().from(apiTokens).where(eq(apiTokens.userId, repId));
    expect(row!.tokenHash).toBe(await sha256Hex(token));
    expect(JSON.stringify(row)).not.toContain(token);

    const me = await request("/api/me", { agent: { bearer: token } });
    expect(me.status).toBe(200);
    expect((await me.json<{ id: number }>()).id).toBe(repId);

    // Another user cannot revoke it; its owner can.
    expect((await postForm(`/settings/tokens/${row!.id}/revoke`, {}, other)).status).toBe(404);
    expect((await request("/api/me", { agent: { bearer: token } })).status).toBe(200);
    expect((await postForm(`/settings/tokens/${row!.id}/revoke`, {}, rep)).status).toBe(303);
    expect((await request("/api/me", { agent: { bearer: token } })).status).toBe(401);
  });

  it("refuses a token without a name", async () => {
    const before = await countRows("api_tokens");
    const res = await postForm("/settings/tokens", { name: "  " }, rep);
    expect(res.status).toBe(400);
    expect(await countRows("api_tokens")).toBe(before);
  });

  it("a bearer token needs no CSRF header, and a wrong one is a 401", async () => {
    expect((await request("/api/me", { agent: { bearer: "kq_wrong" } })).status).toBe(401);
    expect((await request("/api/me", { agent: { bearer: "something" } })).status).toBe(401);
  });
});
