import { describe, expect, it } from "vitest";
import {
  DEFAULT_FESTIVALS,
  DEFAULT_POLICY,
  DEFAULT_RULES,
  validateFestival,
  validatePolicy,
  withDefaults,
  type Policy,
} from "../../src/domain/policy.ts";

function edited(change: (p: Policy) => void): unknown {
  const p = structuredClone(DEFAULT_POLICY);
  change(p);
  return p;
}

describe("policy defaults (unit)", () => {
  it("are the handbook's numbers", () => {
    expect(DEFAULT_POLICY.quotas.visit).toEqual({ A: 8, B: 4, C: 1 }); // R1
    expect(DEFAULT_POLICY.quotas.phone).toEqual({ A: 4, B: 2, C: 1 }); // R2
    expect(DEFAULT_POLICY.quotas.message).toEqual({ A: 4, B: 2, C: 1 }); // R3
    expect(DEFAULT_POLICY.helpAskedPerRep).toBe(5); // R9
    expect(DEFAULT_POLICY.problemsSolved).toEqual({ perClass: { A: 2, B: 1, C: 1 }, scope: "store" }); // R10
    expect(DEFAULT_POLICY.trainingsPerRep).toBe(1); // R11
    expect(DEFAULT_POLICY.followUps.wedding).toEqual({ channel: "visit", dueDays: 7 }); // R7
    expect(DEFAULT_POLICY.followUps.bereavement).toEqual({ channel: "visit", dueDays: 3 }); // R8
    expect(DEFAULT_POLICY.workingDays).toEqual([1, 2, 3, 4, 5, 6]);
    expect(DEFAULT_POLICY.timeZone).toBe("Asia/Shanghai");
  });

  it("hold the three default festivals with the handbook's actions and windows", () => {
    const byKey = Object.fromEntries(DEFAULT_FESTIVALS.map((f) => [f.key, f]));
    expect(Object.keys(byKey).sort()).toEqual(["dragon_boat", "mid_autumn", "spring_festival"]);
    expect(byKey.spring_festival).toMatchObject({ calendar: "lunar", month: 1, day: 1, windowBefore: 21, windowAfter: 7 });
    expect(byKey.spring_festival!.actions.C).toEqual(["visit", "message"]); // R5
    expect(byKey.mid_autumn).toMatchObject({ month: 8, day: 15, windowBefore: 10, windowAfter: 2 });
    expect(byKey.mid_autumn!.actions.A).toEqual(["visit_with_gift", "message"]); // R4
    expect(byKey.dragon_boat!.actions.B).toEqual(["phone", "message"]); // R4
    for (const f of DEFAULT_FESTIVALS) expect(validateFestival(f)).toEqual({ ok: true, value: f });
  });
});

describe("policy validation (unit)", () => {
  it("accepts the defaults unchanged", () => {
    // The calendar is not part of the stored rules: validation keeps the rules only.
    expect(validatePolicy(DEFAULT_POLICY)).toEqual({ ok: true, value: DEFAULT_RULES });
  });

  it.each([
    ["quotas.visit.A", (p: Policy) => ((p.quotas.visit as Record<string, unknown>).A = -1)],
    ["quotas.phone.B", (p: Policy) => ((p.quotas.phone as Record<string, unknown>).B = 2.5)],
    ["timeZone", (p: Policy) => (p.timeZone = "Mars/Olympus")],
    ["workingDays", (p: Policy) => (p.workingDays = [])],
    ["workingDays.0", (p: Policy) => (p.workingDays = [0])],
    ["extraNonWorkingDates.0", (p: Policy) => (p.extraNonWorkingDates = ["2026-02-30x"])],
    ["digest.defaultTime", (p: Policy) => (p.digest.defaultTime = "7:30")],
    ["followUps.wedding.channel", (p: Policy) => ((p.followUps.wedding as Record<string, unknown>).channel = "fax")],
    ["problemsSolved.scope", (p: Policy) => ((p.problemsSolved as Record<string, unknown>).scope = "team")],
    ["giftCapPerStoreYear", (p: Policy) => ((p as Record<string, unknown>).giftCapPerStoreYear = "lots")],
  ])("names the bad field %s", (field, change) => {
    const r = validatePolicy(edited(change));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(Object.keys(r.fields)).toContain(field);
  });

  it("rejects a digest time after the cut-off", () => {
    const r = validatePolicy(edited((p) => (p.digest.defaultTime = "12:30")));
    expect(r.ok).toBe(false);
  });

  it("rejects festivals on days that do not exist", () => {
    const base = DEFAULT_FESTIVALS[0]!;
    expect(validateFestival({ ...base, calendar: "lunar", month: 12, day: 31 }).ok).toBe(false);
    expect(validateFestival({ ...base, calendar: "solar", month: 2, day: 30 }).ok).toBe(false);
    expect(validateFestival({ ...base, calendar: "solar", month: 2, day: 29 }).ok).toBe(true);
    expect(validateFestival({ ...base, calendar: "lunar", month: 12, day: 30 }).ok).toBe(true); // 除夕
    const bad = validateFestival({ ...base, key: "Bad Key" });
    expect(!bad.ok && Object.keys(bad.fields)).toEqual(["key"]);
  });

  it("fills fields a stored policy lacks from the defaults", () => {
    const p = withDefaults({ helpAskedPerRep: 7, digest: { defaultTime: "08:00" } as Policy["digest"] });
    expect(p.helpAskedPerRep).toBe(7);
    expect(p.digest.defaultTime).toBe("08:00");
    expect(p.digest.cutoffTime).toBe("12:00");
    expect(p.quotas.visit.A).toBe(8);
    expect(withDefaults(null)).toEqual(DEFAULT_RULES);
  });
});
