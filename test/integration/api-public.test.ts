// Integration: the public API routes through the Worker's fetch handler, against the real sqld.
// Starts from the handbook's defaults (resetDb), whatever the file before left behind.
import { env, exports } from "cloudflare:workers";
import { createExecutionContext } from "cloudflare:test";
import { app } from "../../src/http/app.tsx";
import { beforeAll, describe, expect, it } from "vitest";
import { db, resetDb } from "../helpers/db.ts";
import { createFestival } from "../../src/db/queries/festivals.ts";
import { festivals } from "../../src/db/schema.ts";
import { inArray } from "drizzle-orm";

const get = (path: string) => exports.default.fetch(`http://keqing.test${path}`);

beforeAll(resetDb);

describe("GET /api/health (integration)", () => {
  it("answers ok once the database answers", async () => {
    const res = await get("/api/health");
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true });
  });
});

describe("GET /api/festivals (integration)", () => {
  it("lists the default festivals of 2026 in date order with official dates", async () => {
    const res = await get("/api/festivals?year=2026");
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual([
      { key: "spring_festival", name: "春节", date: "2026-02-17" },
      { key: "dragon_boat", name: "端午节", date: "2026-06-19" },
      { key: "mid_autumn", name: "中秋节", date: "2026-09-25" },
    ]);
  });

  it("places Spring Festival 2027 and 2033 on their official days", async () => {
    const y2027 = await (await get("/api/festivals?year=2027")).json<{ key: string; date: string }[]>();
    expect(y2027.find((f) => f.key === "spring_festival")?.date).toBe("2027-02-06");
    const y2033 = await (await get("/api/festivals?year=2033")).json<{ key: string; date: string }[]>();
    expect(y2033.find((f) => f.key === "spring_festival")?.date).toBe("2033-01-31");
  });

  it("lists an admin's 腊八 and 除夕 under the solar year they fall in", async () => {
    const lunar12 = (key: string, zh: string, day: number) =>
      createFestival(db(), { key, name: { "zh-CN": zh, en: key }, calendar: "lunar", month: 12, day, windowBefore: 3, windowAfter: 0, leadDays: 3, actions: { A: ["message"], B: ["message"], C: ["message"] }, active: true });
    expect(await lunar12("laba", "腊八", 8)).toBe("created");
    expect(await lunar12("new_year_eve", "除夕", 30)).toBe("created");
    try {
      const y2025 = await (await get("/api/festivals?year=2025")).json<{ key: string; date: string }[]>();
      expect(y2025.filter((f) => ["laba", "new_year_eve", "spring_festival"].includes(f.key))).toEqual([
        { key: "laba", name: "腊八", date: "2025-01-07" },
        { key: "new_year_eve", name: "除夕", date: "2025-01-28" },
        { key: "spring_festival", name: "春节", date: "2025-01-29" },
      ]);
      // 2023's 腊八 fell on 2022-12-30 (Spring Festival 2023 was 22 January): listed under 2022, where it falls.
      const y2022 = await (await get("/api/festivals?year=2022")).json<{ key: string; date: string }[]>();
      expect(y2022.filter((f) => f.key === "laba").map((f) => f.date)).toEqual(["2022-01-10", "2022-12-30"]);
      const y2023 = await (await get("/api/festivals?year=2023")).json<{ key: string; date: string }[]>();
      expect(y2023.filter((f) => f.key === "laba")).toEqual([]);
    } finally {
      await db().delete(festivals).where(inArray(festivals.key, ["laba", "new_year_eve"]));
    }
  });

  it.each([
    ["year=abc", "year"],
    ["", "year"],
    ["year=1900", "year"],
    ["year=2101", "year"],
    ["year=20266", "year"],
  ])("rejects ?%s with a 400 naming the field", async (query, field) => {
    const res = await get(`/api/festivals?${query}`);
    expect(res.status).toBe(400);
    const body = await res.json<{ error: { code: string; message: string; fields: Record<string, string> } }>();
    expect(body.error.code).toBe("validation_failed");
    expect(Object.keys(body.error.fields)).toEqual([field]);
  });
});

describe("unknown routes (integration)", () => {
  it("answer 404 in the error shape", async () => {
    const res = await get("/api/nope");
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ error: { code: "not_found", message: "not found" } });
  });
});

describe("database unreachable (integration)", () => {
  // The app with its database pointed at a port where nothing listens.
  const down = (path: string, init?: RequestInit) =>
    app.fetch(new Request(`http://keqing.test${path}`, init), { ...env, TURSO_DATABASE_URL: "http://127.0.0.1:9" }, createExecutionContext());

  it("answers 503 in the error shape, with Retry-After, never a 500", async () => {
    for (const [path, init] of [
      ["/api/health", undefined],
      ["/api/festivals?year=2026", undefined],
      ["/api/interactions", { method: "POST", headers: { authorization: "Bearer kq_whatever", "content-type": "application/json" }, body: "{}" }],
    ] as const) {
      const res = await down(path, init);
      expect(res.status, path).toBe(503);
      expect(res.headers.get("retry-after")).toBe("5");
      expect((await res.json<{ error: { code: string } }>()).error.code).toBe("unavailable");
    }
  });

  it("shows pages a 503 page", async () => {
    const res = await down("/today", { headers: { cookie: "kq_session=abc" } });
    expect(res.status).toBe(503);
    expect(res.headers.get("content-type")).toContain("text/html");
  });
});
