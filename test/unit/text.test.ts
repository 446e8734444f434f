import { describe, expect, it } from "vitest";
import { normalizeNewlines, TRIMMED_CHARS } from "../../src/domain/text.ts";

describe("normalizeNewlines", () => {
  it("turns CRLF and lone CR into LF, leaves LF and other values alone", () => {
    expect(normalizeNewlines("a\r\nb\rc\nd")).toBe("a\nb\nc\nd");
    expect(normalizeNewlines("\r\n\r\n")).toBe("\n\n");
    expect(normalizeNewlines(["x\r\ny", "z"])).toEqual(["x\ny", "z"]);
    expect(normalizeNewlines(null)).toBeNull();
    expect(normalizeNewlines(7)).toBe(7);
    expect(normalizeNewlines(true)).toBe(true);
  });
});

describe("TRIMMED_CHARS (unit)", () => {
  it("is exactly the set of characters String.prototype.trim strips", () => {
    const stripped: string[] = [];
    for (let c = 0; c <= 0xffff; c++) if (String.fromCharCode(c).trim() === "") stripped.push(String.fromCharCode(c));
    expect(TRIMMED_CHARS.split("").sort()).toEqual(stripped.sort()); // all in the BMP: one code unit each
  });
});
