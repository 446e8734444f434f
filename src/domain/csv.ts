// A small RFC 4180 CSV reader for the admin's spreadsheet imports. Pure.
// What Excel and WPS actually write: UTF-8 with a byte-order mark ("CSV UTF-8"), CRLF line ends,
// fields quoted when they hold a comma, a quote (doubled) or a line break, and rows of bare commas
// for blank spreadsheet rows.

export type CsvRecord = {
  /** The spreadsheet row: the header is row 1. A quoted line break does not start a new row. */
  row: number;
  fields: string[];
};

export type CsvError = { row: number; code: "unterminated_quote" | "text_after_quote" };

export type CsvParse = { records: CsvRecord[]; error: CsvError | null };

/**
 * Splits `text` into records. Blank records (no characters, or only commas and spaces) are dropped
 * but still counted, so row numbers match the spreadsheet. Stops at the first malformed quote:
 * everything after it would be misread.
 */
export function parseCsv(text: string): CsvParse {
  const src = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const records: CsvRecord[] = [];
  let fields: string[] = [];
  let field = "";
  let row = 1;
  let i = 0;
  const n = src.length;

  const endRecord = () => {
    fields.push(field);
    if (fields.some((f) => f.trim() !== "")) records.push({ row, fields });
    fields = [];
    field = "";
    row++;
  };

  while (i < n) {
    const ch = src[i]!;
    if (ch === '"' && field === "") {
      // A quoted field: runs to the next lone quote; "" is a literal quote; line breaks are data.
      i++;
      let closed = false;
      while (i < n) {
        const q = src[i]!;
        if (q === '"') {
          if (src[i + 1] === '"') {
            field += '"';
            i += 2;
            continue;
          }
          closed = true;
          i++;
          break;
        }
        field += q;
        i++;
      }
      if (!closed) return { records, error: { row, code: "unterminated_quote" } };
      // After the closing quote only a separator, a line end or spaces Excel may pad with.
      while (i < n && (src[i] === " " || src[i] === "\t")) i++;
      if (i < n && src[i] !== "," && src[i] !== "\r" && src[i] !== "\n") {
        return { records, error: { row, code: "text_after_quote" } };
      }
      continue;
    }
    if (ch === ",") {
      fields.push(field);
      field = "";
      i++;
    } else if (ch === "\r" || ch === "\n") {
      endRecord();
      i += ch === "\r" && src[i + 1] === "\n" ? 2 : 1;
    } else {
      // A quote inside an unquoted field (5" tablet) is kept as it is, as Excel reads it.
      field += ch;
      i++;
    }
  }
  // The last record, unless the text ended with a line break.
  if (field !== "" || fields.length > 0) endRecord();
  return { records, error: null };
}

/** Quotes a field when it needs it, for writing CSV (templates, error reports). */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) || /^\s|\s$/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/**
 * A cell a spreadsheet would run as a formula (first character =, +, -, @, a tab or a carriage
 * return: "CSV injection") gets a leading apostrophe, so Excel and LibreOffice show it as text.
 */
export function inertCell(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

export function toCsv(rows: readonly (readonly string[])[]): string {
  return rows.map((r) => r.map(csvField).join(",")).join("\r\n") + "\r\n";
}

/**
 * Bytes of an uploaded file as text. UTF-8 first (a BOM is dropped by parseCsv); otherwise GB18030,
 * which is what Chinese Excel writes for plain "CSV" — when the runtime can decode it. Null when
 * neither fits.
 */
export function decodeCsvBytes(bytes: Uint8Array): string | null {
  try {
    return new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    // not UTF-8
  }
  try {
    return new TextDecoder("gb18030", { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    return null;
  }
}
