import { describe, expect, it } from "vitest";
import { dueWindow, groupClaims, periodOf } from "../../src/scheduler/due.ts";
import { backoffSeconds } from "../../src/scheduler/consumer.ts";
import { DEFAULT_POLICY } from "../../src/domain/policy.ts";

const at = (iso: string) => Date.parse(iso);

describe("dueWindow (unit)", () => {
  it("reads the local day and time, and closes at the cut-off", () => {
    const w = dueWindow(at("2026-11-26T23:45:00Z"), "Asia/Shanghai", DEFAULT_POLICY); // Fri 07:45 in Shanghai
    expect(w).toMatchObject({ date: "2026-11-27", time: "07:45", open: true, weeklyToday: false, week: "2026-W48" });
    expect(dueWindow(at("2026-11-27T03:59:00Z"), "Asia/Shanghai", DEFAULT_POLICY).open).toBe(true); // 11:59
    expect(dueWindow(at("2026-11-27T04:00:00Z"), "Asia/Shanghai", DEFAULT_POLICY).open).toBe(false); // 12:00
  });

  it("knows the weekly summary's Monday in each zone", () => {
    // Monday 2026-11-30 08:00 in Shanghai is still Sunday in Los Angeles.
    const t = at("2026-11-30T00:00:00Z");
    expect(dueWindow(t, "Asia/Shanghai", DEFAULT_POLICY)).toMatchObject({ weeklyToday: true, week: "2026-W49" });
    expect(dueWindow(t, "America/Los_Angeles", DEFAULT_POLICY).weeklyToday).toBe(false);
    const w = dueWindow(t, "Asia/Shanghai", DEFAULT_POLICY);
    expect(periodOf("digest", w)).toBe("2026-11-30");
    expect(periodOf("weekly", w)).toBe("2026-W49");
  });
});

describe("groupClaims (unit)", () => {
  it("never mixes kinds or periods and caps the job size", () => {
    const claims = [
      ...Array.from({ length: 120 }, (_, i) => ({ id: i + 1, kind: "digest" as const, period: "2026-11-27" })),
      { id: 500, kind: "weekly" as const, period: "2026-W48" },
      { id: 501, kind: "digest" as const, period: "2026-11-26" },
    ];
    const jobs = groupClaims(claims, 50);
    expect(jobs.map((j) => j.length)).toEqual([50, 50, 20, 1, 1]);
    for (const job of jobs) expect(new Set(job.map((c) => `${c.kind}|${c.period}`)).size).toBe(1);
    expect(jobs.flat().map((c) => c.id).sort((a, b) => a - b)).toEqual(claims.map((c) => c.id).sort((a, b) => a - b));
  });
});

describe("backoffSeconds (unit)", () => {
  it("doubles from the base and caps at 30 minutes", () => {
    expect([1, 2, 3, 4].map((n) => backoffSeconds(n))).toEqual([30, 60, 120, 240]);
    expect(backoffSeconds(20)).toBe(1800);
    expect(backoffSeconds(3, 0)).toBe(0);
  });
});

import { isDatabaseUnavailable } from "../../src/http/errors.ts";

describe("isDatabaseUnavailable (unit)", () => {
  it("treats an unreachable or locked database as retryable, and nothing else", () => {
    expect(isDatabaseUnavailable(new Error("Failed query", { cause: new Error("Network connection lost.") }))).toBe(true);
    expect(isDatabaseUnavailable(new TypeError("fetch failed"))).toBe(true);
    expect(isDatabaseUnavailable(Object.assign(new Error("SQLITE_BUSY: database is locked"), { name: "LibsqlError", code: "SQLITE_BUSY" }))).toBe(true);
    expect(isDatabaseUnavailable(Object.assign(new Error("UNIQUE constraint failed"), { name: "LibsqlError", code: "SQLITE_CONSTRAINT" }))).toBe(false);
    const server = (status: number) =>
      Object.assign(new Error(`SERVER_ERROR: Server returned HTTP status ${status}`), { name: "LibsqlError", code: "SERVER_ERROR" });
    expect(isDatabaseUnavailable(server(429))).toBe(true); // sqld's connection throttle
    expect(isDatabaseUnavailable(server(503))).toBe(true);
    expect(isDatabaseUnavailable(server(400))).toBe(false);
    expect(isDatabaseUnavailable(server(500))).toBe(false);
    expect(isDatabaseUnavailable(new Error("boom"))).toBe(false);
  });
});
