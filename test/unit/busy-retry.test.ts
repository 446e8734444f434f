import { describe, expect, it } from "vitest";
import { isBusy, withBusyRetry } from "../../src/db/busy-retry.ts";

const busy = () => Object.assign(new Error("SQLITE_BUSY: database is locked"), { code: "SQLITE_BUSY" });
const noSleep = { sleep: async () => {} };

describe("withBusyRetry (unit)", () => {
  it("retries a busy write and returns its result", async () => {
    let calls = 0;
    const result = await withBusyRetry(async () => {
      calls++;
      if (calls < 3) throw busy();
      return "ok";
    }, noSleep);
    expect(result).toBe("ok");
    expect(calls).toBe(3);
  });

  it("gives up after the last attempt with the database's error", async () => {
    let calls = 0;
    await expect(withBusyRetry(async () => (calls++, Promise.reject(busy())), { ...noSleep, attempts: 2 })).rejects.toThrow(/locked/);
    expect(calls).toBe(2);
  });

  it("never retries other errors", async () => {
    let calls = 0;
    await expect(withBusyRetry(async () => (calls++, Promise.reject(new Error("UNIQUE constraint failed"))), noSleep)).rejects.toThrow(/UNIQUE/);
    expect(calls).toBe(1);
  });

  it("recognises a busy error wrapped by the query builder", () => {
    expect(isBusy(new Error("Failed query: insert …", { cause: busy() }))).toBe(true);
    expect(isBusy(new Error("Network connection lost."))).toBe(false);
  });
});
