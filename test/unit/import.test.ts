import { describe, expect, it } from "vitest";
import {
  MAX_IMPORT_ROWS,
  contactKey,
  parseBirthday,
  readContacts,
  readStores,
  resolveContacts,
  resolveStores,
  storeKey,
  storeLookups,
  type ExistingStore,
  type RepFact,
} from "../../src/domain/import.ts";
import { distanceM, wgs84ToGcj02 } from "../../src/domain/check-in.ts";
import { admin as zhAdmin } from "../../src/i18n/zh-CN/admin.ts";
import { admin as enAdmin } from "../../src/i18n/en/admin.ts";

const STORES_HEAD = "name,class,city,rep_email,address,phone";
const CONTACTS_HEAD = "store_name,store_city,role,name,form_of_address,phone,wechat,birthday,birthday_calendar,leap_month,preferences,family_notes";

const codes = (errors: { row: number; column: string; code: string }[]) => errors.map((e) => `${e.row}:${e.column}:${e.code}`);

const existing = (name: string, city: string, extra: Partial<ExistingStore> = {}): ExistingStore => ({ id: 1, code: null, name, class: "B", city, repId: null, repEmail: null, address: null, phone: null, lat: null, lng: null, ...extra });

describe("readStores (unit)", () => {
  it("reads clean rows in any column order and case, trimming cells", () => {
    const r = readStores("City,NAME,Class,phone\r\n 长沙 ,百姓大药房（五一店）, a ,0731-8888 6666\r\n长沙,东塘店,B类,\r\n");
    expect(r.errors).toEqual([]);
    expect(r.rows).toEqual([
      { row: 2, code: null, name: "百姓大药房（五一店）", class: "A", city: "长沙", repEmail: null, address: null, phone: "0731-8888 6666", location: null },
      { row: 3, code: null, name: "东塘店", class: "B", city: "长沙", repEmail: null, address: null, phone: null, location: null },
    ]);
  });

  it("names each bad cell by row and column, and keeps only the clean rows", () => {
    const r = readStores(
      [STORES_HEAD, "好药房,D,长沙,not-an-email,,1.38E+10", ",A,,,,", "第三店,C,株洲,Rep@Example.com,,"].join("\n"),
    );
    expect(codes(r.errors)).toEqual([
      "2:class:bad_class",
      "2:rep_email:bad_email",
      "2:phone:bad_phone",
      "3:name:required",
      "3:city:required",
    ]);
    expect(r.rows.map((x) => [x.row, x.repEmail])).toEqual([[4, "rep@example.com"]]);
  });

  it("refuses a header with a missing, unknown or repeated column, and reads no rows", () => {
    const r = readStores("name,klass,city,city\nA店,A,长沙,长沙\n");
    // Sorted by the format's column order, unknown columns last.
    expect(codes(r.errors)).toEqual(["1:class:missing_column", "1:city:duplicate_column", "1:klass:unknown_column"]);
    expect(r.rows).toEqual([]);
  });

  it("flags a cell under no column (an unquoted comma in an address)", () => {
    const r = readStores("name,class,city,address\n店,A,长沙,五一大道 88 号, 1 楼\n");
    expect(codes(r.errors)).toEqual(["2::extra_fields"]);
  });

  it("flags a store repeated within the file, spaces and case of the key aside", () => {
    const r = readStores("name,class,city\n五一 店,A,长沙\n五一  店,B, 长沙\n");
    expect(codes(r.errors)).toEqual(["3:name:duplicate_in_file"]);
  });

  it("reports an empty file, a header alone, and too many rows", () => {
    expect(codes(readStores("").errors)).toEqual(["0::empty_file"]);
    expect(codes(readStores("\uFEFFname,class,city\r\n").errors)).toEqual(["0::empty_file"]);
    const big = [STORES_HEAD, ...Array.from({ length: MAX_IMPORT_ROWS + 1 }, (_, i) => `店${i},A,长沙,,,`)].join("\n");
    expect(codes(readStores(big).errors)).toEqual(["0::too_many_rows"]);
  });

  it("reports a broken quote at its row", () => {
    expect(codes(readStores('name,class,city\n"店,A,长沙\n').errors)).toEqual(["2::unterminated_quote"]);
  });
});

describe("resolveStores (unit)", () => {
  const reps = new Map<string, RepFact>([
    ["wang@example.com", { id: 7, role: "rep", active: true }],
    ["boss@example.com", { id: 8, role: "manager", active: true }],
    ["gone@example.com", { id: 9, role: "rep", active: false }],
  ]);

  it("assigns reps by e-mail and refuses unknown, non-rep and deactivated ones", () => {
    const read = readStores(
      [STORES_HEAD, "一店,A,长沙,WANG@example.com,,", "二店,A,长沙,boss@example.com,,", "三店,A,长沙,gone@example.com,,", "四店,A,长沙,who@example.com,,", "五店,B,长沙,,,"].join("\n"),
    );
    const r = resolveStores(read, { usersByEmail: reps, existing: [] });
    expect(codes(r.errors)).toEqual(["3:rep_email:not_a_rep", "4:rep_email:rep_inactive", "5:rep_email:unknown_rep"]);
    expect(r.rows.map((x) => [x.name, x.repId])).toEqual([
      ["一店", 7],
      ["五店", null],
    ]);
  });

  it("refuses a store whose name and city are already taken", () => {
    const read = readStores("name,class,city\n一店,A,长沙\n一店,A,株洲\n");
    const r = resolveStores(read, { usersByEmail: reps, existing: [existing("一店", "长沙")] });
    expect(codes(r.errors)).toEqual(["2:name:store_exists"]);
  });

  it("asks the database only for the e-mails and names the file uses, once each", () => {
    const read = readStores([STORES_HEAD, "一店,A,长沙,a@x.cn,,", "二店,A,长沙,a@x.cn,,", "三店,A,长沙,,,"].join("\n"));
    expect(storeLookups(read.refs)).toEqual({ codes: [], emails: ["a@x.cn"], names: ["一店", "二店", "三店"], cities: ["长沙"] });
  });

  it("updates a store named by its code (upsert), giving the changes field by field; an uncoded store found by name and city takes the code", () => {
    const read = readStores(
      ["code,name,class,city,rep_email,address,phone", "YF-1,一店,A,长沙,wang@example.com,,", "YF-2,二店,B,长沙,,新地址,", "YF-3,三店,C,长沙,,,"].join("\n"),
    );
    const r = resolveStores(read, {
      usersByEmail: reps,
      existing: [existing("一店", "长沙", { id: 11, code: "YF-1", class: "B", repId: 8, repEmail: "li@example.com" }), existing("二店", "长沙", { id: 12 })],
    });
    expect(r.errors).toEqual([]);
    expect(r.rows.map((x) => [x.code, x.update])).toEqual([
      [
        "YF-1",
        {
          id: 11,
          changes: [
            { field: "class", from: "B", to: "A" },
            { field: "rep_email", from: "li@example.com", to: "wang@example.com" },
          ],
        },
      ],
      [
        "YF-2",
        {
          id: 12,
          changes: [
            { field: "code", from: null, to: "YF-2" },
            { field: "address", from: null, to: "新地址" },
          ],
        },
      ],
      ["YF-3", null], // a new store
    ]);
  });

  it("reads a store's coordinates as a pair in the row's datum (GCJ-02 from a map app converted), and names a bad or lone one", () => {
    const gcj = wgs84ToGcj02({ lat: 28.1956, lng: 112.9769 });
    const read = readStores(
      [
        "code,name,class,city,lat,lng,datum",
        "L-1,一店,A,长沙,28.1956,112.9769,",
        `L-2,二店,B,长沙,${gcj.lat},${gcj.lng},GCJ-02`,
        "L-3,三店,C,长沙,28.1956,,",
        "L-4,四店,C,长沙,北纬28,112.9,",
        "L-5,五店,C,长沙,28.1,112.9,bd09",
      ].join("\n"),
    );
    expect(codes(read.errors)).toEqual(["4:lng:required", "5:lat:bad_coordinate", "6:datum:bad_datum"]);
    expect(read.rows[0]!.location).toEqual({ lat: 28.1956, lng: 112.9769 });
    expect(distanceM(read.rows[1]!.location!, { lat: 28.1956, lng: 112.9769 })).toBeLessThan(1);
    // An existing store: a different position is a change; the same one (to 0.1 m) is none.
    const r = resolveStores(read, {
      usersByEmail: reps,
      existing: [existing("一店", "长沙", { id: 21, code: "L-1", class: "A", lat: 28.1956, lng: 112.9769 }), existing("二店", "长沙", { id: 22, code: "L-2", class: "B", lat: 28.19, lng: 112.97 })],
    });
    expect(r.rows.map((x) => x.update)).toEqual([
      { id: 21, changes: [] },
      { id: 22, changes: [{ field: "location", from: "28.190000,112.970000", to: expect.stringMatching(/^28\.1956\d\d,112\.9769\d\d$/) }] },
    ]);
  });

  it("names the candidates when a name and city match several stores", () => {
    const two = [existing("一店", "长沙", { id: 21, address: "解放路 1 号" }), existing("一店", "长沙", { id: 22, code: "X-9", address: "五一路 2 号" })];
    const r = resolveStores(readStores("name,class,city\n一店,A,长沙\n"), { usersByEmail: reps, existing: two });
    expect(r.errors).toEqual([
      {
        row: 2,
        column: "name",
        code: "ambiguous_store",
        candidates: [
          { id: 21, code: null, address: "解放路 1 号" },
          { id: 22, code: "X-9", address: "五一路 2 号" },
        ],
      },
    ]);
    // A coded row: only the uncoded ones could be it; one left, it is updated.
    const coded = resolveStores(readStores("code,name,class,city\nNEW-1,一店,A,长沙\n"), { usersByEmail: reps, existing: two });
    expect(coded.rows.map((x) => x.update?.id)).toEqual([21]);
  });

  it("checks a row with a format error against the database too, so one preview names every problem", () => {
    const read = readStores([STORES_HEAD, "一店,Z,长沙,who@example.com,,"].join("\n"));
    const r = resolveStores(read, { usersByEmail: reps, existing: [existing("一店", "长沙")] });
    expect(codes(r.errors)).toEqual(["2:name:store_exists", "2:class:bad_class", "2:rep_email:unknown_rep"]);
    expect(r.rows).toEqual([]);
  });
});

describe("readContacts (unit)", () => {
  it("reads roles and calendars in English or Chinese, and multi-line notes", () => {
    const r = readContacts(
      [
        CONTACTS_HEAD,
        '一店,长沙,owner,王丽,王姐,13800138000,wl88,1980-08-15,lunar,0,喜欢普洱,"女儿高考\r\n儿子初中"',
        "一店,长沙,营业员,李娜,,,,05-20,,,,",
        "一店,长沙,药师,张伟,,,,1984/2/29,公历,,,",
      ].join("\r\n"),
    );
    expect(r.errors).toEqual([]);
    expect(r.rows.map((x) => [x.role, x.birthday])).toEqual([
      ["owner", { calendar: "lunar", month: 8, day: 15, leapMonth: false, year: 1980 }],
      ["clerk", { calendar: "solar", month: 5, day: 20, leapMonth: false, year: null }],
      ["pharmacist", { calendar: "solar", month: 2, day: 29, leapMonth: false, year: 1984 }],
    ]);
    expect(r.rows[0]!.familyNotes).toBe("女儿高考\n儿子初中");
    expect(r.rows[1]!.formOfAddress).toBeNull();
  });

  it("names bad roles, birthdays, calendars and leap-month flags", () => {
    const r = readContacts(
      [
        CONTACTS_HEAD,
        "一店,长沙,boss,甲,,,,,,,,",
        "一店,长沙,clerk,乙,,,,1990-02-30,,,,",
        "一店,长沙,clerk,丙,,,,03-05,julian,,,",
        "一店,长沙,clerk,丁,,,,03-05,solar,1,,",
        "一店,长沙,clerk,戊,,,,03-05,lunar,2,,",
        "一店,长沙,clerk,己,,,,13-01,lunar,,,",
        ",长沙,clerk,,,,,,,,,",
      ].join("\n"),
    );
    expect(codes(r.errors)).toEqual([
      "2:role:bad_role",
      "3:birthday:bad_birthday",
      "4:birthday_calendar:bad_calendar",
      "5:leap_month:leap_needs_lunar",
      "6:leap_month:bad_leap_month",
      "7:birthday:bad_birthday",
      "8:store_name:required",
      "8:name:required",
    ]);
    expect(r.rows).toEqual([]);
  });

  it("flags the same contact twice at one store within the file", () => {
    const r = readContacts("store_name,store_city,role,name\n一店,长沙,clerk,李娜\n一店,株洲,clerk,李娜\n一店,长沙,owner,李娜\n");
    expect(codes(r.errors)).toEqual(["4:name:duplicate_in_file"]);
  });
});

describe("parseBirthday (unit)", () => {
  it("checks a lunar birth date against that year's calendar", () => {
    // 2023 had a leap second month (闰二月); 2024 had none.
    expect(parseBirthday("2023-02-10", "lunar", true)).toEqual({ calendar: "lunar", month: 2, day: 10, leapMonth: true, year: 2023 });
    expect(parseBirthday("2024-02-10", "lunar", true)).toBe("no_leap_month");
    // Without a year the leap month cannot be checked, and the 30th may be a short month's last day.
    expect(parseBirthday("02-30", "lunar", true)).toEqual({ calendar: "lunar", month: 2, day: 30, leapMonth: true, year: null });
    expect(parseBirthday("02-31", "lunar", false)).toBe("bad_birthday");
  });

  it("refuses a lunar 30th in a year whose month had 29 days", () => {
    // Lunar 2024 month 1 has 29 days: nobody was born on its 30th.
    expect(parseBirthday("2024-01-30", "lunar", false)).toBe("bad_birthday");
    expect(parseBirthday("2024-01-29", "lunar", false)).not.toBe("bad_birthday");
  });

  it("accepts Feb 29 only in leap years when the year is given", () => {
    expect(parseBirthday("2000-02-29", "solar", false)).not.toBe("bad_birthday");
    expect(parseBirthday("2001-02-29", "solar", false)).toBe("bad_birthday");
    expect(parseBirthday("02-29", "solar", false)).not.toBe("bad_birthday");
    expect(parseBirthday("1850-01-01", "solar", false)).toBe("bad_birthday");
    expect(parseBirthday("1990年1月1日", "solar", false)).toBe("bad_birthday");
  });
});

describe("resolveContacts (unit)", () => {
  const read = () => readContacts("store_name,store_city,role,name\n一店,长沙,clerk,李娜\n二店,长沙,clerk,王芳\n三店,长沙,clerk,赵六\n一店,长沙,owner,张三\n");

  it("finds each contact's store by name and city, and refuses unknown, ambiguous and existing", () => {
    const r = resolveContacts(read(), {
      storesByKey: new Map([
        [storeKey("一店", "长沙"), [11]],
        [storeKey("三店", "长沙"), [31, 32]],
      ]),
      existingContacts: new Set([contactKey(11, "张三")]),
    });
    expect(codes(r.errors)).toEqual(["3:store_name:unknown_store", "4:store_name:ambiguous_store", "5:name:contact_exists"]);
    expect(r.rows.map((x) => [x.name, x.storeId])).toEqual([["李娜", 11]]);
  });

  it("resolves every row when all stores exist once", () => {
    const r = resolveContacts(read(), {
      storesByKey: new Map([
        [storeKey("一店", "长沙"), [11]],
        [storeKey("二店", "长沙"), [21]],
        [storeKey("三店", "长沙"), [31]],
      ]),
      existingContacts: new Set(),
    });
    expect(r.errors).toEqual([]);
    expect(r.rows.map((x) => x.storeId)).toEqual([11, 21, 31, 11]);
  });
});

describe("the documented examples (unit)", () => {
  it.each([
    ["zh-CN", zhAdmin],
    ["en", enAdmin],
  ])("of the %s import page are valid files", (_, dict) => {
    expect(readStores(dict.import.examples.stores).errors).toEqual([]);
    expect(readStores(dict.import.examples.stores).rows).toHaveLength(2);
    const contacts = readContacts(dict.import.examples.contacts);
    expect(contacts.errors).toEqual([]);
    expect(contacts.rows).toHaveLength(2);
  });
});

describe("contacts naming their store by code (unit)", () => {
  it("finds the store by store_code, without name and city; an unknown code is named", () => {
    const read = readContacts("store_code,role,name\nYF-1,owner,王丽\nYF-9,clerk,李娜\n");
    expect(read.errors).toEqual([]);
    const r = resolveContacts(read, { storesByCode: new Map([["YF-1", 5]]), storesByKey: new Map(), existingContacts: new Set() });
    expect(r.rows.map((x) => [x.name, x.storeId])).toEqual([["王丽", 5]]);
    expect(r.errors).toEqual([{ row: 3, column: "store_code", code: "unknown_store" }]);
  });

  it("still needs name and city when there is no store_code column, or the row leaves it empty", () => {
    expect(readContacts("role,name\nowner,王丽\n").errors.map((e) => e.column)).toEqual(["store_name", "store_city"]);
    expect(readContacts("store_code,store_name,store_city,role,name\n,,,owner,王丽\n").errors.map((e) => `${e.column}:${e.code}`)).toEqual([
      "store_name:required",
      "store_city:required",
    ]);
  });
});
