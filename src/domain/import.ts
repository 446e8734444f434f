// CSV import of stores and contacts (SPEC §1 admin): checks every row, names every problem by row
// and column, and yields rows ready to insert only when the whole file is clean. Pure: the database
// facts (known reps, existing stores and contacts) are looked up by the caller in one round trip
// and passed in.
//
// Formats (the header row names the columns, in any order; headers are case-insensitive):
//   stores:   code, name*, class* (A/B/C), city*, rep_email, address, phone, lat + lng (decimal
//             degrees, both or neither), datum (wgs84, the default, or gcj02 as map apps show)
//   contacts: store_code | store_name* + store_city*, role*, name*, form_of_address, phone, wechat,
//             birthday (YYYY-MM-DD or MM-DD), birthday_calendar (solar/lunar, default solar),
//             leap_month (0/1), preferences, family_notes
// A store is identified by its code when the file has one (issue 11): a row whose code is an existing
// store's updates that store (upsert; the preview lists what changes, field by field; empty cells
// leave a field as it is), and a coded row that matches exactly one uncoded store by name and city
// updates it and gives it the code. Without a code, a store is its name and city together: an
// import refuses a second store with the same (name, city), and a match with several stores is an
// error that lists them. A contact names its store by code, or by name and city.
import { parseCsv, type CsvRecord } from "./csv.ts";
import { birthDateProblem } from "./calendar/birthdays.ts";
import { hasControlChars } from "./fields.ts";
import { DATUMS, toWgs84, type Point } from "./check-in.ts";
import { CONTACT_ROLES, type BirthdayCalendar, type ContactRole, type StoreClass } from "./types.ts";

export const IMPORT_KINDS = ["stores", "contacts"] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];

/** One file is one atomic write: bounded so a request stays within Workers' CPU and sqld's request size. */
export const MAX_IMPORT_ROWS = 5000;
/** Characters of CSV text (a Chinese character is 3 bytes of UTF-8: about 3 MB at most). */
export const MAX_IMPORT_CHARS = 1_000_000;

export const STORE_COLUMNS = ["code", "name", "class", "city", "rep_email", "address", "phone", "lat", "lng", "datum"] as const;
export const STORE_REQUIRED: readonly string[] = ["name", "class", "city"];
export const CONTACT_COLUMNS = [
  "store_code",
  "store_name",
  "store_city",
  "role",
  "name",
  "form_of_address",
  "phone",
  "wechat",
  "birthday",
  "birthday_calendar",
  "leap_month",
  "preferences",
  "family_notes",
] as const;
export const CONTACT_REQUIRED: readonly string[] = ["role", "name"];
/** Without a store_code column, a contact names its store by these two. */
const STORE_BY_NAME: readonly string[] = ["store_name", "store_city"];

export type ImportErrorCode =
  | "empty_file"
  | "file_too_large"
  | "too_many_rows"
  | "unterminated_quote"
  | "text_after_quote"
  | "missing_column"
  | "unknown_column"
  | "duplicate_column"
  | "extra_fields"
  | "required"
  | "too_long"
  | "bad_class"
  | "bad_email"
  | "bad_phone"
  | "bad_coordinate"
  | "bad_datum"
  | "bad_role"
  | "bad_birthday"
  | "bad_calendar"
  | "bad_leap_month"
  | "no_leap_month"
  | "leap_needs_lunar"
  | "unknown_rep"
  | "not_a_rep"
  | "rep_inactive"
  | "store_exists"
  | "unknown_store"
  | "ambiguous_store"
  | "contact_exists"
  | "duplicate_in_file"
  | "control_chars";

/** `row` 0 is the file as a whole; `column` is "" when no one column is at fault. */
export type RowError = { row: number; column: string; code: ImportErrorCode; candidates?: StoreCandidate[] };

/** A store an ambiguous row could mean, as the error lists it. */
export type StoreCandidate = { id: number; code: string | null; address: string | null };

export type StoreImportRow = {
  row: number;
  code: string | null;
  name: string;
  class: StoreClass;
  city: string;
  repEmail: string | null;
  address: string | null;
  phone: string | null;
  /** Where the store is, converted to WGS-84 (what check-ins compare with). */
  location: Point | null;
};

export type ImportBirthday = {
  calendar: BirthdayCalendar;
  month: number;
  day: number;
  leapMonth: boolean;
  year: number | null;
};

export type ContactImportRow = {
  row: number;
  /** The store's code, or (when null) its name and city. */
  storeCode: string | null;
  storeName: string | null;
  storeCity: string | null;
  role: ContactRole;
  name: string;
  formOfAddress: string | null;
  phone: string | null;
  wechat: string | null;
  birthday: ImportBirthday | null;
  preferences: string | null;
  familyNotes: string | null;
};

export type Checked<T> = { rows: T[]; errors: RowError[] };

/**
 * What the database checks need from every data row, including rows with format errors, so a
 * single preview lists every problem (a bad class and an unknown rep on one row are both named).
 */
export type StoreRef = { row: number; code: string | null; name: string | null; city: string | null; repEmail: string | null };
export type ContactRef = { row: number; storeCode: string | null; storeName: string | null; storeCity: string | null; name: string | null };
export type StoresRead = Checked<StoreImportRow> & { refs: StoreRef[] };
export type ContactsRead = Checked<ContactImportRow> & { refs: ContactRef[] };

/** The key that identifies a store across imports: name and city, trimmed, spaces collapsed. */
export function storeKey(name: string, city: string): string {
  return `${squash(name)}\u0000${squash(city)}`;
}

function squash(s: string): string {
  return s.normalize("NFC").trim().replace(/\s+/g, " ");
}

// ---- reading ---------------------------------------------------------------------------------

type Table = { header: Map<string, number>; records: CsvRecord[] };

function readTable(text: string, columns: readonly string[], required: readonly string[]): { table: Table | null; errors: RowError[] } {
  if (text.length > MAX_IMPORT_CHARS) return { table: null, errors: [{ row: 0, column: "", code: "file_too_large" }] };
  const { records, error } = parseCsv(text);
  if (error) return { table: null, errors: [{ row: error.row, column: "", code: error.code }] };
  const [head, ...body] = records;
  if (!head) return { table: null, errors: [{ row: 0, column: "", code: "empty_file" }] };
  const errors: RowError[] = [];
  const header = new Map<string, number>();
  head.fields.forEach((raw, i) => {
    const name = raw.trim().toLowerCase();
    if (name === "") return; // Excel's trailing empty columns
    if (!columns.includes(name)) errors.push({ row: head.row, column: raw.trim(), code: "unknown_column" });
    else if (header.has(name)) errors.push({ row: head.row, column: name, code: "duplicate_column" });
    else header.set(name, i);
  });
  for (const col of required) if (!header.has(col)) errors.push({ row: head.row, column: col, code: "missing_column" });
  if (body.length === 0 && errors.length === 0) errors.push({ row: 0, column: "", code: "empty_file" });
  if (body.length > MAX_IMPORT_ROWS) errors.push({ row: 0, column: "", code: "too_many_rows" });
  // With a broken header every row would be misread: report the header alone.
  return errors.length > 0 ? { table: null, errors: sortErrors(errors, columns) } : { table: { header, records: body }, errors };
}

/** Reads one record's cells by column name, collecting the row's errors. */
class Cells {
  readonly errors: RowError[] = [];
  private readonly rec: CsvRecord;
  private readonly header: Map<string, number>;
  constructor(rec: CsvRecord, header: Map<string, number>) {
    this.rec = rec;
    this.header = header;
    // A cell under no known column is data with nowhere to go (usually an unquoted comma).
    const used = new Set(header.values());
    if (rec.fields.some((f, i) => !used.has(i) && f.trim() !== "")) this.errors.push({ row: rec.row, column: "", code: "extra_fields" });
  }
  raw(col: string): string {
    const i = this.header.get(col);
    return i === undefined ? "" : squashInner(this.rec.fields[i] ?? "");
  }
  fail(col: string, code: ImportErrorCode): null {
    this.errors.push({ row: this.rec.row, column: col, code });
    return null;
  }
  text(col: string, max: number, required = false): string | null {
    const v = this.raw(col);
    if (v === "") return required ? this.fail(col, "required") : null;
    if (hasControlChars(v)) return this.fail(col, "control_chars");
    if ([...v].length > max) return this.fail(col, "too_long");
    return v;
  }
  /** Free text that may span lines (preferences, family notes): only trimmed. */
  longText(col: string, max: number): string | null {
    const i = this.header.get(col);
    const v = i === undefined ? "" : (this.rec.fields[i] ?? "").replace(/\r\n?/g, "\n").trim();
    if (v === "") return null;
    if (hasControlChars(v)) return this.fail(col, "control_chars");
    if ([...v].length > max) return this.fail(col, "too_long");
    return v;
  }
  phone(col: string): string | null {
    const v = this.raw(col);
    if (v === "") return null;
    // Digits with the usual separators; catches Excel's 1.38E+10 for a long number typed as a number.
    if (!/^\+?[0-9][0-9 ()-]{2,38}$/.test(v) || !/[0-9]{3}/.test(v.replace(/[ ()-]/g, ""))) return this.fail(col, "bad_phone");
    return v;
  }
  /** lat + lng, both or neither, in the row's datum; stored as WGS-84. */
  location(): Point | null {
    const lat = this.degrees("lat", 90);
    const lng = this.degrees("lng", 180);
    const rawDatum = this.raw("datum").toLowerCase().replace(/[-_ ]/g, "");
    const datum = rawDatum === "" ? "wgs84" : DATUMS.find((d) => d === rawDatum);
    if (!datum) return this.fail("datum", "bad_datum");
    if (lat === undefined || lng === undefined) return null; // a bad number, already reported
    if (lat === null && lng === null) return null;
    if (lat === null || lng === null) return this.fail(lat === null ? "lat" : "lng", "required");
    return toWgs84({ lat, lng }, datum);
  }
  /** A decimal number of degrees within ±max; null when empty, undefined when refused. */
  private degrees(col: string, max: number): number | null | undefined {
    const v = this.raw(col);
    if (v === "") return null;
    const n = /^-?\d{1,3}(\.\d+)?$/.test(v) ? Number(v) : NaN;
    if (!(Math.abs(n) <= max)) {
      this.fail(col, "bad_coordinate");
      return undefined;
    }
    return n;
  }
}

/** One-line fields: trimmed, inner runs of white space (a stray line break) collapsed. */
function squashInner(s: string): string {
  return s.normalize("NFC").trim().replace(/\s+/g, " ");
}

const CLASS_RE = /^([ABC])\s*类?$/i;
const EMAIL_RE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

const ROLE_ALIASES: Record<string, ContactRole> = {
  老板: "owner",
  店主: "owner",
  店长: "manager",
  经理: "manager",
  营业员: "clerk",
  店员: "clerk",
  药师: "pharmacist",
  执业药师: "pharmacist",
  采购: "buyer",
};

const CALENDAR_ALIASES: Record<string, BirthdayCalendar> = {
  solar: "solar",
  公历: "solar",
  阳历: "solar",
  新历: "solar",
  lunar: "lunar",
  农历: "lunar",
  阴历: "lunar",
  旧历: "lunar",
};

function sortErrors(errors: RowError[], columns: readonly string[]): RowError[] {
  const order = (c: string) => {
    const i = columns.indexOf(c);
    return i === -1 ? columns.length : i;
  };
  return errors.sort((a, b) => a.row - b.row || order(a.column) - order(b.column));
}

/** Stores: the file's own checks (formats, required cells, duplicates within the file). */
export function readStores(text: string): StoresRead {
  const { table, errors } = readTable(text, STORE_COLUMNS, STORE_REQUIRED);
  if (!table) return { rows: [], refs: [], errors };
  const rows: StoreImportRow[] = [];
  const refs: StoreRef[] = [];
  const seen = new Map<string, number>();
  const seenCodes = new Set<string>();
  for (const rec of table.records) {
    const c = new Cells(rec, table.header);
    const code = c.text("code", 40);
    if (code !== null) {
      if (seenCodes.has(code)) c.fail("code", "duplicate_in_file");
      seenCodes.add(code);
    }
    const name = c.text("name", 100, true);
    const rawClass = c.raw("class");
    const cls = rawClass === "" ? c.fail("class", "required") : (CLASS_RE.exec(rawClass)?.[1]?.toUpperCase() ?? c.fail("class", "bad_class"));
    const city = c.text("city", 50, true);
    const rawEmail = c.text("rep_email", 254);
    const email = rawEmail !== null && !EMAIL_RE.test(rawEmail) ? c.fail("rep_email", "bad_email") : rawEmail;
    const address = c.text("address", 200);
    const phone = c.phone("phone");
    const location = c.location();
    if (name && city && code === null) {
      const key = storeKey(name, city);
      if (seen.has(key)) c.fail("name", "duplicate_in_file");
      else seen.set(key, rec.row);
    }
    refs.push({ row: rec.row, code, name, city, repEmail: email ? email.toLowerCase() : null });
    if (c.errors.length > 0) {
      errors.push(...c.errors);
      continue;
    }
    rows.push({
      row: rec.row,
      code,
      name: name!,
      class: cls as StoreClass,
      city: city!,
      repEmail: email ? email.toLowerCase() : null,
      address,
      phone,
      location,
    });
  }
  return { rows, refs, errors: sortErrors(errors, STORE_COLUMNS) };
}

/** A birthday cell: YYYY-MM-DD or MM-DD (Excel's YYYY/M/D and M/D too), in the contact's calendar. */
export function parseBirthday(text: string, calendar: BirthdayCalendar, leapMonth: boolean): ImportBirthday | "bad_birthday" | "no_leap_month" {
  const m = /^(?:(\d{4})[-/.])?(\d{1,2})[-/.](\d{1,2})$/.exec(text.trim());
  if (!m) return "bad_birthday";
  const year = m[1] ? Number(m[1]) : null;
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (month < 1 || month > 12 || day < 1) return "bad_birthday";
  if (year !== null && (year < 1900 || year > 2100)) return "bad_birthday";
  // A known birth date must exist (birthDateProblem); without a year, solar 02-29 and a lunar 30th are fine.
  const problem = birthDateProblem({ calendar, month, day, leapMonth }, year);
  if (problem === "no_leap_month") return "no_leap_month";
  if (problem) return "bad_birthday";
  return { calendar, month, day, leapMonth, year };
}

/** Contacts: the file's own checks (formats, required cells, duplicates within the file). */
export function readContacts(text: string): ContactsRead {
  const read = readTable(text, CONTACT_COLUMNS, CONTACT_REQUIRED);
  const { table, errors } = read;
  if (!table) return { rows: [], refs: [], errors };
  if (!table.header.has("store_code")) {
    const missing = STORE_BY_NAME.filter((col) => !table.header.has(col)).map((column) => ({ row: 1, column, code: "missing_column" as const }));
    if (missing.length > 0) return { rows: [], refs: [], errors: missing };
  }
  const rows: ContactImportRow[] = [];
  const refs: ContactRef[] = [];
  const seen = new Set<string>();
  for (const rec of table.records) {
    const c = new Cells(rec, table.header);
    const storeCode = c.text("store_code", 40);
    const storeName = c.text("store_name", 100, storeCode === null);
    const storeCity = c.text("store_city", 50, storeCode === null);
    const rawRole = c.raw("role");
    const role =
      rawRole === ""
        ? c.fail("role", "required")
        : ((CONTACT_ROLES as readonly string[]).includes(rawRole.toLowerCase())
            ? (rawRole.toLowerCase() as ContactRole)
            : (ROLE_ALIASES[rawRole] ?? c.fail("role", "bad_role")));
    const name = c.text("name", 60, true);
    const formOfAddress = c.text("form_of_address", 20);
    const phone = c.phone("phone");
    const wechat = c.text("wechat", 60);

    const rawCalendar = c.raw("birthday_calendar");
    const calendar: BirthdayCalendar | null =
      rawCalendar === "" ? "solar" : (CALENDAR_ALIASES[rawCalendar.toLowerCase()] ?? c.fail("birthday_calendar", "bad_calendar"));
    const rawLeap = c.raw("leap_month");
    const leap = rawLeap === "" || rawLeap === "0" ? false : rawLeap === "1" ? true : c.fail("leap_month", "bad_leap_month");
    const rawBirthday = c.raw("birthday");
    let birthday: ImportBirthday | null = null;
    if (rawBirthday !== "" && calendar !== null && leap !== null) {
      const b = parseBirthday(rawBirthday, calendar, leap);
      if (b === "no_leap_month") c.fail("leap_month", "no_leap_month");
      else if (b === "bad_birthday") c.fail("birthday", "bad_birthday");
      else birthday = b;
    }
    // 闰月 only means something for a lunar birthday.
    if (leap === true && (rawBirthday === "" || calendar !== "lunar")) c.fail("leap_month", "leap_needs_lunar");

    const preferences = c.longText("preferences", 2000);
    const familyNotes = c.longText("family_notes", 2000);
    if ((storeCode || (storeName && storeCity)) && name) {
      const key = `${storeCode !== null ? `code:${storeCode}` : storeKey(storeName!, storeCity!)}\u0000${squash(name)}`;
      if (seen.has(key)) c.fail("name", "duplicate_in_file");
      else seen.add(key);
    }
    refs.push({ row: rec.row, storeCode, storeName, storeCity, name });
    if (c.errors.length > 0) {
      errors.push(...c.errors);
      continue;
    }
    rows.push({
      row: rec.row,
      storeCode,
      storeName,
      storeCity,
      role: role as ContactRole,
      name: name!,
      formOfAddress,
      phone,
      wechat,
      birthday,
      preferences,
      familyNotes,
    });
  }
  return { rows, refs, errors: sortErrors(errors, CONTACT_COLUMNS) };
}

// ---- checking against the database ------------------------------------------------------------

export type RepFact = { id: number; role: "rep" | "manager" | "admin"; active: boolean };

/** A store already in the database that a row may name (by code, or by name and city). */
export type ExistingStore = {
  id: number;
  code: string | null;
  name: string;
  class: StoreClass;
  city: string | null;
  repId: number | null;
  repEmail: string | null;
  address: string | null;
  phone: string | null;
  lat: number | null;
  lng: number | null;
};

export type StoreFacts = {
  /** Users by lower-cased e-mail, for the e-mails the file names. */
  usersByEmail: ReadonlyMap<string, RepFact>;
  /** The stores whose code or name and city the file names (archived ones too: the name stays taken). */
  existing: readonly ExistingStore[];
};

/** One field an import row changes in an existing store, as the preview shows it (B → A). */
export type StoreChange = { field: "code" | "name" | "class" | "city" | "rep_email" | "address" | "phone" | "location"; from: string | null; to: string | null };

/** A position as the preview shows and compares it: six decimals, about 0.1 m. */
function formatPoint(lat: number | null, lng: number | null): string | null {
  return lat === null || lng === null ? null : `${lat.toFixed(6)},${lng.toFixed(6)}`;
}

/** A row to insert (`update` null) or to apply to an existing store. */
export type ResolvedStore = StoreImportRow & { repId: number | null; update: { id: number; changes: StoreChange[] } | null };

/** The codes, e-mails, store names and cities the stores file names, for the caller's one look-up. */
export function storeLookups(refs: readonly StoreRef[]): { codes: string[]; emails: string[]; names: string[]; cities: string[] } {
  return {
    codes: unique(refs.map((r) => r.code)),
    emails: unique(refs.map((r) => r.repEmail)),
    names: unique(refs.map((r) => (r.name ? squash(r.name) : null))),
    cities: unique(refs.map((r) => (r.city ? squash(r.city) : null))),
  };
}

function unique(values: (string | null)[]): string[] {
  return [...new Set(values.filter((v): v is string => v !== null))];
}

/** What the row changes in `s`: the cells it fills that differ (an empty cell leaves a field as it is). */
function changesOf(r: StoreImportRow, s: ExistingStore): StoreChange[] {
  const out: StoreChange[] = [];
  const put = (field: StoreChange["field"], from: string | null, to: string | null) => {
    if (to !== null && to !== from) out.push({ field, from, to });
  };
  put("code", s.code, r.code);
  put("name", s.name, r.name);
  put("class", s.class, r.class);
  put("city", s.city, r.city);
  put("rep_email", s.repEmail, r.repEmail);
  put("address", s.address, r.address);
  put("phone", s.phone, r.phone);
  put("location", formatPoint(s.lat, s.lng), r.location && formatPoint(r.location.lat, r.location.lng));
  return out;
}

export function resolveStores(read: StoresRead, facts: StoreFacts): Checked<ResolvedStore> {
  const errors = [...read.errors];
  const failed = new Set<number>();
  const repIds = new Map<number, number>();
  const matched = new Map<number, ExistingStore>();
  const byCode = new Map(facts.existing.filter((s) => s.code !== null).map((s) => [s.code!, s]));
  const byKey = new Map<string, ExistingStore[]>();
  for (const s of facts.existing) {
    const k = storeKey(s.name, s.city ?? "");
    byKey.set(k, [...(byKey.get(k) ?? []), s]);
  }
  const fail = (e: RowError) => {
    errors.push(e);
    failed.add(e.row);
  };
  const candidates = (list: readonly ExistingStore[]) => list.map((s) => ({ id: s.id, code: s.code, address: s.address }));
  for (const r of read.refs) {
    if (r.repEmail) {
      const u = facts.usersByEmail.get(r.repEmail);
      const code: ImportErrorCode | null = !u ? "unknown_rep" : u.role !== "rep" ? "not_a_rep" : !u.active ? "rep_inactive" : null;
      if (code) fail({ row: r.row, column: "rep_email", code });
      else repIds.set(r.row, u!.id);
    }
    if (!r.name || !r.city) continue;
    const sameName = byKey.get(storeKey(r.name, r.city)) ?? [];
    if (r.code !== null) {
      const known = byCode.get(r.code);
      const uncoded = sameName.filter((s) => s.code === null);
      if (known) matched.set(r.row, known);
      else if (uncoded.length === 1) matched.set(r.row, uncoded[0]!);
      else if (uncoded.length > 1) fail({ row: r.row, column: "name", code: "ambiguous_store", candidates: candidates(uncoded) });
    } else if (sameName.length === 1) fail({ row: r.row, column: "name", code: "store_exists" });
    else if (sameName.length > 1) fail({ row: r.row, column: "name", code: "ambiguous_store", candidates: candidates(sameName) });
  }
  const rows = read.rows
    .filter((r) => !failed.has(r.row))
    .map((r) => {
      const s = matched.get(r.row);
      return { ...r, repId: repIds.get(r.row) ?? null, update: s ? { id: s.id, changes: changesOf(r, s) } : null };
    });
  return { rows, errors: sortErrors(errors, STORE_COLUMNS) };
}

export type ContactFacts = {
  /** Ids of the live stores by code, for the codes the file names. */
  storesByCode?: ReadonlyMap<string, number>;
  /** Ids of the live (not archived) stores by storeKey(); more than one id is ambiguous. */
  storesByKey: ReadonlyMap<string, readonly number[]>;
  /** `${storeId}\0${name}` of the contacts those stores already have. */
  existingContacts: ReadonlySet<string>;
};

export type ResolvedContact = ContactImportRow & { storeId: number };

export function contactLookups(refs: readonly ContactRef[]): { storeCodes: string[]; storeNames: string[]; cities: string[] } {
  return {
    storeCodes: unique(refs.map((r) => r.storeCode)),
    storeNames: unique(refs.map((r) => (r.storeName ? squash(r.storeName) : null))),
    cities: unique(refs.map((r) => (r.storeCity ? squash(r.storeCity) : null))),
  };
}

export function contactKey(storeId: number, name: string): string {
  return `${storeId}\u0000${squash(name)}`;
}

export function resolveContacts(read: ContactsRead, facts: ContactFacts): Checked<ResolvedContact> {
  const errors = [...read.errors];
  const storeIds = new Map<number, number>();
  for (const r of read.refs) {
    let ids: readonly number[];
    if (r.storeCode !== null) {
      const id = facts.storesByCode?.get(r.storeCode);
      ids = id === undefined ? [] : [id];
      if (id === undefined) {
        errors.push({ row: r.row, column: "store_code", code: "unknown_store" });
        continue;
      }
    } else {
      if (!r.storeName || !r.storeCity) continue;
      ids = facts.storesByKey.get(storeKey(r.storeName, r.storeCity)) ?? [];
    }
    if (ids.length !== 1) {
      errors.push({ row: r.row, column: "store_name", code: ids.length === 0 ? "unknown_store" : "ambiguous_store" });
      continue;
    }
    // A second import of the same file must not double every contact.
    if (r.name && facts.existingContacts.has(contactKey(ids[0]!, r.name))) {
      errors.push({ row: r.row, column: "name", code: "contact_exists" });
      continue;
    }
    storeIds.set(r.row, ids[0]!);
  }
  const rows = read.rows.flatMap((r) => {
    const storeId = storeIds.get(r.row);
    return storeId === undefined ? [] : [{ ...r, storeId }];
  });
  return { rows, errors: sortErrors(errors, CONTACT_COLUMNS) };
}
