import { describe, expect, it } from "vitest";
import { DEFAULT_POLICY, validatePolicy } from "../../src/domain/policy.ts";

describe("policy (unit)", () => {
  it("accepts the handbook defaults", () => {
    expect(validatePolicy(DEFAULT_POLICY).ok).toBe(true);
  });
});
