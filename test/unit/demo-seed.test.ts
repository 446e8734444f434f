// Unit tests of the demo-organisation generator (src/seed/demo.ts): pure, no database. The Node
// insert path (src/seed/insert.ts) needs @libsql/client for Node and is checked by hand against sqld.
import { describe, expect, it } from "vitest";
import { birthdaysBetween } from "../../src/domain/calendar/birthdays.ts";
import { leapMonthOf } from "../../src/domain/calendar/lunar.ts";
import { addDays, daysInMonth, localDateOf, localTimeOf, monthBounds, monthOf } from "../../src/domain/dates.ts";
import { DEFAULT_POLICY, DEFAULT_RULES } from "../../src/domain/policy.ts";
import { INSIGHT_KINDS, QUOTA_CHANNELS } from "../../src/domain/types.ts";
import { countWorkingDays } from "../../src/domain/working-days.ts";
import {
  ADMIN_EMAIL,
  SEED_TABLES,
  generateOrg,
  managerEmail,
  repEmail,
  repTier,
  type DemoOptions,
  type SeedChunk,
  type SeedRows,
  type SeedTable,
} from "../../src/seed/demo.ts";
import { Rng } from "../../src/seed/random.ts";

type Org = { [K in SeedTable]: SeedRows[K][] } & { chunks: SeedChunk[] };

function collect(opts: DemoOptions): Org {
  const org = Object.fromEntries(SEED_TABLES.map((t) => [t, []])) as unknown as Org;
  org.chunks = [];
  for (const chunk of generateOrg(opts)) {
    org.chunks.push(chunk);
    (org[chunk.table] as unknown[]).push(...chunk.rows);
  }
  return org;
}

function firstRows(opts: DemoOptions, n: number): string[] {
  const out: string[] = [];
  for (const chunk of generateOrg(opts)) {
    for (const row of chunk.rows) {
      out.push(`${chunk.table} ${JSON.stringify(row)}`);
      if (out.length >= n) return out;
    }
  }
  return out;
}

const TODAY = "2026-11-27";
const DEMO: DemoOptions = { reps: 12, storesPerRep: 25, managers: 3, seed: 1, today: TODAY };
const org = collect(DEMO);
const storeById = new Map(org.stores.map((s) => [s.id!, s]));
const contactById = new Map(org.contacts.map((c) => [c.id!, c]));
const interactionById = new Map(org.interactions.map((i) => [i.id!, i]));
const reps = org.users.filter((u) => u.role === "rep");

describe("demo seed: random (unit)", () => {
  it("repeats a stream for a seed and differs between seeds", () => {
    const a = Rng.for(1, 2, 3);
    const b = Rng.for(1, 2, 3);
    const c = Rng.for(1, 2, 4);
    const xs = Array.from({ length: 20 }, () => a.uint32());
    expect(Array.from({ length: 20 }, () => b.uint32())).toEqual(xs);
    expect(Array.from({ length: 20 }, () => c.uint32())).not.toEqual(xs);
  });

  it("keeps int() inside its bounds and round() unbiased", () => {
    const r = new Rng(9);
    let sum = 0;
    for (let i = 0; i < 10_000; i++) {
      const x = r.int(3, 7);
      expect(x).toBeGreaterThanOrEqual(3);
      expect(x).toBeLessThanOrEqual(7);
      sum += r.round(2.3);
    }
    expect(sum / 10_000).toBeCloseTo(2.3, 1);
  });
});

describe("demo seed: generator (unit)", () => {
  it("is deterministic: same seed, same rows; another seed, other rows", () => {
    const a = firstRows(DEMO, 3000);
    expect(firstRows(DEMO, 3000)).toEqual(a);
    const b = firstRows({ ...DEMO, seed: 2 }, 3000);
    expect(b).toHaveLength(3000);
    expect(b).not.toEqual(a);
    // Policy and festivals do not depend on the seed; people do.
    expect(b.slice(0, 4)).toEqual(a.slice(0, 4));
  });

  it("yields parents before children, in bounded chunks with uniform keys", () => {
    const seen = Object.fromEntries(SEED_TABLES.map((t) => [t, new Set<number>()])) as Record<SeedTable, Set<number>>;
    const small = collect({ ...DEMO, reps: 20, chunkSize: 300 });
    for (const chunk of small.chunks) {
      expect(chunk.rows.length).toBeGreaterThan(0);
      expect(chunk.rows.length).toBeLessThanOrEqual(300);
      const keys = Object.keys(chunk.rows[0]!).join();
      for (const row of chunk.rows) expect(Object.keys(row).join()).toBe(keys);
      for (const row of chunk.rows as { id?: number }[]) seen[chunk.table].add(row.id!);
      // Every reference points at a row of an earlier (or the same parent-first) chunk.
      if (chunk.table === "users") for (const u of chunk.rows) if (u.teamId != null) expect(seen.teams.has(u.teamId)).toBe(true);
      if (chunk.table === "stores") for (const s of chunk.rows) expect(seen.users.has(s.repId!)).toBe(true);
      if (chunk.table === "contacts") for (const c of chunk.rows) expect(seen.stores.has(c.storeId)).toBe(true);
      if (chunk.table === "lifeEvents") for (const e of chunk.rows) expect(seen.contacts.has(e.contactId)).toBe(true);
      if (chunk.table === "interactions") {
        for (const i of chunk.rows) {
          expect(seen.stores.has(i.storeId)).toBe(true);
          if (i.contactId != null) expect(seen.contacts.has(i.contactId)).toBe(true);
          if (i.lifeEventId != null) expect(seen.lifeEvents.has(i.lifeEventId)).toBe(true);
        }
      }
      if (chunk.table === "visitInsights") for (const v of chunk.rows) expect(seen.interactions.has(v.interactionId)).toBe(true);
    }
    // Streams: insights of early reps go out before the stores of the last reps are built.
    const firstInsight = small.chunks.findIndex((c) => c.table === "visitInsights");
    const lastStores = small.chunks.findLastIndex((c) => c.table === "stores");
    expect(firstInsight).toBeLessThan(lastStores);
  });

  it("has the documented accounts, teams and policy rows", () => {
    expect(org.policy).toEqual([expect.objectContaining({ id: 1, data: DEFAULT_RULES })]);
    expect(org.festivals.map((f) => f.key)).toEqual(["spring_festival", "dragon_boat", "mid_autumn"]);
    expect(org.teams.map((t) => t.name)).toEqual(["长沙一组", "长沙二组", "株洲一组"]);
    expect(org.users.filter((u) => u.role === "admin").map((u) => u.email)).toEqual([ADMIN_EMAIL]);
    expect(org.users.filter((u) => u.role === "manager").map((u) => [u.email, u.teamId])).toEqual([
      [managerEmail(1), 1],
      [managerEmail(2), 2],
      [managerEmail(3), 3],
    ]);
    expect(reps.map((u) => u.email)).toEqual(Array.from({ length: 12 }, (_, i) => repEmail(i + 1)));
    expect(repEmail(1)).toBe("rep001@keqing.local");
    expect(managerEmail(1)).toBe("manager01@keqing.local");
    expect(new Set(org.users.map((u) => u.id)).size).toBe(org.users.length);
    for (const team of org.teams) expect(reps.filter((u) => u.teamId === team.id)).toHaveLength(4);
  });

  it("gives each rep about 20% A, 30% B and 50% C stores", () => {
    for (const rep of reps) {
      const mine = org.stores.filter((s) => s.repId === rep.id);
      expect(mine).toHaveLength(25);
      const share = (c: string) => mine.filter((s) => s.class === c).length / mine.length;
      expect(share("A")).toBeCloseTo(0.2, 1);
      expect(Math.abs(share("B") - 0.3)).toBeLessThanOrEqual(0.05);
      expect(Math.abs(share("C") - 0.5)).toBeLessThanOrEqual(0.05);
    }
  });

  it("gives every store 1–4 contacts, and every contact a store", () => {
    const perStore = new Map<number, number>();
    for (const c of org.contacts) {
      expect(storeById.has(c.storeId)).toBe(true);
      perStore.set(c.storeId, (perStore.get(c.storeId) ?? 0) + 1);
      expect(["owner", "manager", "clerk", "pharmacist", "buyer"]).toContain(c.role);
      expect(c.formOfAddress).toBeTruthy();
      if (c.phone) expect(c.phone).toMatch(/^1[3-9]\d{9}$/);
    }
    for (const s of org.stores) {
      const n = perStore.get(s.id!) ?? 0;
      expect(n).toBeGreaterThanOrEqual(1);
      expect(n).toBeLessThanOrEqual(4);
    }
  });

  it("keeps birthdays valid: lunar day ≤ 30, leap month only when lunar and only in a year that had one", () => {
    const kinds = { solar: 0, lunar: 0, leap: 0, lunar30: 0, none: 0 };
    for (const c of org.contacts) {
      if (c.birthdayCalendar == null) {
        expect(c.birthdayMonth).toBeNull();
        expect(c.birthdayDay).toBeNull();
        expect(c.birthdayLeapMonth).toBe(false);
        kinds.none++;
        continue;
      }
      expect(c.birthdayMonth).toBeGreaterThanOrEqual(1);
      expect(c.birthdayMonth).toBeLessThanOrEqual(12);
      expect(c.birthdayDay).toBeGreaterThanOrEqual(1);
      if (c.birthdayCalendar === "lunar") {
        expect(c.birthdayDay).toBeLessThanOrEqual(30);
        kinds.lunar++;
        if (c.birthdayDay === 30) kinds.lunar30++;
        if (c.birthdayLeapMonth) {
          expect(leapMonthOf(c.birthYear!)).toBe(c.birthdayMonth);
          kinds.leap++;
        }
      } else {
        expect(c.birthdayLeapMonth).toBe(false);
        expect(c.birthdayDay).toBeLessThanOrEqual(daysInMonth(c.birthYear!, c.birthdayMonth!));
        kinds.solar++;
      }
    }
    expect(kinds.solar).toBeGreaterThan(kinds.lunar);
    expect(kinds.lunar).toBeGreaterThan(50);
    expect(kinds.leap).toBeGreaterThan(0);
    expect(kinds.lunar30).toBeGreaterThan(0);
    expect(kinds.none).toBeGreaterThan(0);
  });

  it("puts some birthdays within the coming week, solar and lunar", () => {
    const soon = org.contacts.filter(
      (c) =>
        c.birthdayCalendar != null &&
        !c.doNotContact &&
        birthdaysBetween(
          { calendar: c.birthdayCalendar, month: c.birthdayMonth!, day: c.birthdayDay!, leapMonth: c.birthdayLeapMonth ?? false },
          TODAY,
          addDays(TODAY, 7),
        ).length > 0,
    );
    expect(soon.length).toBeGreaterThanOrEqual(reps.length);
    expect(soon.some((c) => c.birthdayCalendar === "lunar")).toBe(true);
    expect(soon.some((c) => c.birthdayCalendar === "solar")).toBe(true);
  });

  it("dates interactions in working hours in Asia/Shanghai, never after today, with unique keys", () => {
    // One Intl formatter (the generator itself uses a fixed +08:00 offset, so this checks it independently).
    const f = new Intl.DateTimeFormat("en-GB", {
      timeZone: "Asia/Shanghai",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      hourCycle: "h23",
    });
    const local = (t: number) => {
      const p = Object.fromEntries(f.formatToParts(t).map((x) => [x.type, x.value]));
      return { date: `${p.year}-${p.month}-${p.day}`, hhmm: `${p.hour}:${p.minute}` };
    };
    const sample = org.interactions[0]!;
    expect(local(sample.occurredAt).date).toBe(localDateOf(sample.occurredAt, "Asia/Shanghai"));
    expect(local(sample.occurredAt).hhmm).toBe(localTimeOf(sample.occurredAt, "Asia/Shanghai"));
    const keys = new Set<string>();
    for (const i of org.interactions) {
      const { date, hhmm } = local(i.occurredAt);
      expect(date).toBe(i.localDate);
      expect(hhmm >= "09:00" && hhmm < "18:00").toBe(true);
      expect(i.localDate <= TODAY).toBe(true);
      const key = `${i.repId}:${i.idempotencyKey}`;
      expect(keys.has(key)).toBe(false);
      keys.add(key);
    }
    // The default history starts on the first day of the previous month.
    expect(org.interactions.reduce((m, i) => (i.localDate < m ? i.localDate : m), TODAY)).toBe("2026-10-01");
  });

  it("logs nothing later than `now` on today", () => {
    const now = Date.parse("2026-11-27T03:30:00Z"); // 11:30 in Shanghai
    const o = collect({ ...DEMO, reps: 4, now });
    expect(o.interactions.some((i) => i.localDate === TODAY)).toBe(true);
    for (const i of o.interactions) expect(i.occurredAt).toBeLessThan(now);
  });

  it("keeps every interaction at one of its rep's stores and every link consistent", () => {
    for (const i of org.interactions) {
      const store = storeById.get(i.storeId)!;
      expect(store.repId).toBe(i.repId);
      expect(store.archived).toBe(false);
      if (i.contactId != null) {
        const c = contactById.get(i.contactId)!;
        expect(c.storeId).toBe(i.storeId);
        expect(c.doNotContact).toBe(false);
      }
      if (i.occasion === "festival") expect(i.festivalKey).toBeTruthy();
      if (i.trainingTopic) expect(store.class).toBe("A");
      if (i.giftValue != null) expect(i.giftValue).toBeGreaterThanOrEqual(0);
    }
    for (const v of org.visitInsights) {
      const i = interactionById.get(v.interactionId)!;
      expect(i.channel).toBe("visit");
      if (v.contactId != null) expect(contactById.get(v.contactId)!.storeId).toBe(i.storeId);
    }
  });

  it("has reps on pace and reps behind on visits (done vs required × elapsed working days)", () => {
    const { first, last } = monthBounds(monthOf(TODAY));
    const elapsed = countWorkingDays(DEFAULT_POLICY, first, TODAY) / countWorkingDays(DEFAULT_POLICY, first, last);
    const ratio = new Map<string, number>();
    for (const rep of reps) {
      const mine = org.stores.filter((s) => s.repId === rep.id && !s.archived);
      const expected = mine.reduce((sum, s) => sum + DEFAULT_POLICY.quotas.visit[s.class] * elapsed, 0);
      const done = org.interactions.filter((i) => i.repId === rep.id && i.channel === "visit" && i.localDate >= first).length;
      ratio.set(rep.email, done / expected);
    }
    const onPace = [...ratio.values()].filter((r) => r >= 0.9).length;
    const behind = [...ratio.values()].filter((r) => r < 0.75).length;
    const wellBehind = [...ratio.values()].filter((r) => r < 0.5).length;
    expect(onPace).toBeGreaterThanOrEqual(4);
    expect(behind).toBeGreaterThanOrEqual(3);
    expect(wellBehind).toBeGreaterThanOrEqual(2);
    // The documented cycle holds: rep001 on pace, rep004 well behind.
    expect(repTier(1)).toBe("on_pace");
    expect(repTier(4)).toBe("well_behind");
    expect(ratio.get(repEmail(1))!).toBeGreaterThanOrEqual(0.9);
    expect(ratio.get(repEmail(4))!).toBeLessThan(0.5);
    // Phones and messages too carry quota work.
    for (const ch of QUOTA_CHANNELS) expect(org.interactions.some((i) => i.channel === ch)).toBe(true);
    expect(org.interactions.some((i) => i.channel === "third_party")).toBe(true);
  });

  it("records the rep-level rules: help asked (R9), problems solved (R10), training at A stores (R11)", () => {
    const month = monthOf(TODAY);
    const thisMonth = org.interactions.filter((i) => monthOf(i.localDate) === month);
    const helpByRep = new Map<number, number>();
    for (const i of thisMonth) if (i.askedHelp) helpByRep.set(i.repId, (helpByRep.get(i.repId) ?? 0) + 1);
    expect(Math.max(...helpByRep.values())).toBeGreaterThanOrEqual(DEFAULT_POLICY.helpAskedPerRep);
    expect(thisMonth.filter((i) => i.problemSolved).length).toBeGreaterThan(50);
    expect(thisMonth.filter((i) => i.trainingTopic).length).toBeGreaterThanOrEqual(4);
    expect(org.interactions.filter((i) => i.trainingTopic).every((i) => i.occasion === "training")).toBe(true);
  });

  it("varies intel completeness: most visits 3–6 items, some 0–2, and open slow movers", () => {
    const perVisit = new Map<number, Set<string>>();
    for (const i of org.interactions) if (i.channel === "visit") perVisit.set(i.id!, new Set());
    for (const v of org.visitInsights) {
      expect(INSIGHT_KINDS).toContain(v.kind);
      const kinds = perVisit.get(v.interactionId)!;
      expect(kinds.has(v.kind)).toBe(false); // at most one of each kind per visit
      kinds.add(v.kind);
    }
    const sizes = [...perVisit.values()].map((s) => s.size);
    const rich = sizes.filter((n) => n >= 3).length;
    const thin = sizes.filter((n) => n <= 2).length;
    expect(rich).toBeGreaterThan(sizes.length / 2);
    expect(thin).toBeGreaterThan(sizes.length / 20);
    const slow = org.visitInsights.filter((v) => v.kind === "slow_mover");
    expect(slow.every((v) => v.subject && v.reason && v.action)).toBe(true);
    expect(slow.some((v) => v.status === "open")).toBe(true);
    expect(slow.some((v) => v.status === "resolved")).toBe(true);
    // At most one open slow-mover issue per store.
    const openStores = slow.filter((v) => v.status === "open").map((v) => interactionById.get(v.interactionId)!.storeId);
    expect(new Set(openStores).size).toBe(openStores.length);
  });

  it("keeps preferences and family learned on visits on the contact's profile (R13, R15)", () => {
    for (const v of org.visitInsights) {
      if (v.contactId == null) continue;
      const c = contactById.get(v.contactId)!;
      if (v.kind === "clerk_preference") expect(c.preferences).toBeTruthy();
      if (v.kind === "family") expect(c.familyNotes).toBeTruthy();
    }
  });

  it("has open life events and followed-up ones linked to a visit (R7, R8)", () => {
    const events = org.lifeEvents;
    expect(events.some((e) => e.state === "open")).toBe(true);
    const done = events.filter((e) => e.state === "done");
    expect(done.length).toBeGreaterThan(0);
    for (const e of done) {
      const visits = org.interactions.filter((i) => i.lifeEventId === e.id);
      expect(visits).toHaveLength(1);
      const v = visits[0]!;
      expect(v.channel).toBe(DEFAULT_POLICY.followUps[e.kind].channel);
      expect(v.occasion).toBe("life_event");
      expect(v.contactId).toBe(e.contactId);
      expect(v.localDate >= e.date).toBe(true);
    }
    for (const e of events.filter((ev) => ev.state === "open")) {
      expect(org.interactions.some((i) => i.lifeEventId === e.id)).toBe(false);
    }
    expect(new Set(events.map((e) => e.kind)).size).toBeGreaterThanOrEqual(3);
  });

  it("logs festival contacts inside the window when one is running (R4)", () => {
    // Mid-Autumn 2026 is 2026-09-25; its window opens ten days before.
    const o = collect({ ...DEMO, reps: 4, today: "2026-09-24", historyDays: 23 });
    const fest = o.interactions.filter((i) => i.occasion === "festival");
    expect(fest.length).toBeGreaterThan(20);
    const stores = new Map(o.stores.map((s) => [s.id!, s]));
    for (const i of fest) {
      expect(i.festivalKey).toBe("mid_autumn");
      expect(i.festivalYear).toBe(2026);
      expect(i.localDate >= "2026-09-15" && i.localDate <= "2026-09-24").toBe(true);
      const cls = stores.get(i.storeId)!.class;
      if (i.channel === "visit") {
        expect(cls).toBe("A");
        expect(i.giftWhat).toBe("月饼礼盒");
      }
      if (i.channel === "phone") expect(cls).not.toBe("A");
    }
    expect(new Set(fest.map((i) => i.channel))).toEqual(new Set(["visit", "phone", "message"]));
  });

  it("keeps the default demo a few thousand rows", () => {
    expect(org.stores).toHaveLength(300);
    expect(org.contacts.length).toBeGreaterThan(450);
    expect(org.interactions.length).toBeGreaterThan(2000);
    expect(org.interactions.length).toBeLessThan(6000);
  });
});
