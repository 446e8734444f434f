// Integration: the public API routes through the Worker's fetch handler, against the real sqld.
// Starts from the handbook's defaults (resetDb), whatever the file before left behind.
import { env, exports } from "cloudflare:workers";
import { createExecutionContext } from "cloudflare:test";
import { app } from "../../src/http/app.tsx";
import { beforeAll, describe, expect, it } from "vitest";
import { resetDb } from "../helpers/db.ts";

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
