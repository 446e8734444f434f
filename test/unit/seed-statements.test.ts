// Unit test of the seeder's SQL text (src/seed/insert.ts), with a client that records the batches
// instead of writing them. sqld 0.24.32 panics when it logs a heavy statement whose byte 512 falls
// inside a multi-byte character, so each statement must open with at least 513 ASCII bytes.
import { describe, expect, it } from "vitest";
import type { Client, InStatement } from "@libsql/client";
import { seedDatabase } from "../../src/seed/insert.ts";

function recordingClient(): { client: Client; statements: string[] } {
  const statements: string[] = [];
  const client = {
    batch: async (stmts: InStatement[]) => {
      for (const s of stmts) statements.push(typeof s === "string" ? s : s.sql);
      return [];
    },
  } as unknown as Client;
  return { client, statements };
}

describe("seed statements (unit)", () => {
  it("open with 513 ASCII bytes, though the rows carry Chinese text", async () => {
    const { client, statements } = recordingClient();
    await seedDatabase(client, { reps: 2, storesPerRep: 5, seed: 3, today: "2026-11-27", onProgress: null });
    expect(statements.length).toBeGreaterThan(5);
    expect(statements.some((s) => /[\u4e00-\u9fff]/.test(s))).toBe(true);
    for (const s of statements) {
      const bytes = new TextEncoder().encode(s).subarray(0, 513);
      expect(bytes.length).toBe(513);
      expect(bytes.every((b) => b < 0x80)).toBe(true);
    }
  });
});
