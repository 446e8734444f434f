import { describe, expect, it } from "vitest";
import { decodeCsvBytes, parseCsv, toCsv } from "../../src/domain/csv.ts";

const fields = (text: string) => parseCsv(text).records.map((r) => r.fields);

describe("parseCsv (unit)", () => {
  it("splits plain rows on commas and line ends", () => {
    expect(fields("a,b,c\n1,2,3\n")).toEqual([
      ["a", "b", "c"],
      ["1", "2", "3"],
    ]);
  });

  it("reads CRLF, lone CR and a missing final line break the same", () => {
    const want = [
      ["a", "b"],
      ["1", "2"],
    ];
    expect(fields("a,b\r\n1,2\r\n")).toEqual(want);
    expect(fields("a,b\r1,2")).toEqual(want);
    expect(fields("a,b\n1,2")).toEqual(want);
  });

  it("drops a UTF-8 byte-order mark (Excel's CSV UTF-8)", () => {
    const [head] = parseCsv("\uFEFFname,class\r\n店,A\r\n").records;
    expect(head!.fields).toEqual(["name", "class"]);
    expect(head!.fields[0]!.charCodeAt(0)).toBe("n".charCodeAt(0));
  });

  it("keeps commas, doubled quotes and line breaks inside quoted fields", () => {
    expect(fields('name,note\r\n"五一大道 88 号, 1 楼","他说""好""\r\n第二行"\r\n')).toEqual([
      ["name", "note"],
      ["五一大道 88 号, 1 楼", '他说"好"\r\n第二行'],
    ]);
  });

  it("keeps empty fields, quoted or not, and trailing empty cells", () => {
    expect(fields('a,,"",d,\n')).toEqual([["a", "", "", "d", ""]]);
  });

  it("numbers rows as a spreadsheet does: blank rows count, a quoted line break does not", () => {
    const { records } = parseCsv('h1,h2\n"x\ny",1\n\n,\n3,4\n');
    expect(records.map((r) => [r.row, r.fields[0]])).toEqual([
      [1, "h1"],
      [2, "x\ny"],
      [5, "3"],
    ]);
  });

  it("takes a quote inside an unquoted field literally", () => {
    expect(fields('5" tablet,x\n')).toEqual([['5" tablet', "x"]]);
  });

  it("reports an unterminated quote with the row it starts on", () => {
    const r = parseCsv('a,b\n1,"oops\n2,3\n');
    expect(r.error).toEqual({ row: 2, code: "unterminated_quote" });
  });

  it("reports text after a closing quote", () => {
    expect(parseCsv('a\n"x"y\n').error).toEqual({ row: 2, code: "text_after_quote" });
  });

  it("reads an empty text as no records", () => {
    expect(parseCsv("")).toEqual({ records: [], error: null });
    expect(parseCsv("\uFEFF\r\n\r\n")).toEqual({ records: [], error: null });
  });

  it("round-trips what toCsv writes", () => {
    const rows = [
      ["名称", "备注"],
      ["a,b", 'say "hi"'],
      ["多行\n文本", " padded "],
    ];
    expect(fields(toCsv(rows))).toEqual(rows);
  });
});

describe("decodeCsvBytes (unit)", () => {
  it("decodes UTF-8 with or without a BOM", () => {
    const utf8 = new TextEncoder().encode("名称,类别\n");
    expect(decodeCsvBytes(utf8)).toBe("名称,类别\n");
    const bom = new Uint8Array([0xef, 0xbb, 0xbf, ...utf8]);
    expect(parseCsv(decodeCsvBytes(bom)!).records[0]!.fields).toEqual(["名称", "类别"]);
  });

  it("does not pass off invalid UTF-8 as text with replacement characters", () => {
    // "药店" in GB18030 (what Chinese Excel writes for plain CSV): either decoded properly or refused.
    const gbk = new Uint8Array([0xd2, 0xa9, 0xb5, 0xea]);
    const text = decodeCsvBytes(gbk);
    expect(text === null || text === "药店").toBe(true);
    expect(text ?? "").not.toContain("\uFFFD");
  });
});
