// Unit: pace colours from the policy's bands (src/domain/pace-band.ts), and the weekly colouring
// reps by them: 90 % of expected is amber, 31 % red, on pace green — not everyone red.
import { describe, expect, it } from "vitest";
import { overallBand, paceBand, paceRatio } from "../../src/domain/pace-band.ts";
import { DEFAULT_FESTIVALS, DEFAULT_POLICY, DEFAULT_RULES, validatePolicy, withDefaults } from "../../src/domain/policy.ts";
import { teamWeeks, type TeamWeekRows } from "../../src/domain/team-week.ts";
import { weekRange } from "../../src/domain/week-range.ts";
import { composeWeekly, weeklyDoc } from "../../src/mail/weekly.ts";
import type { MailBlock } from "../../src/mail/html.ts";

const bands = DEFAULT_RULES.paceBands;

describe("pace bands (unit)", () => {
  it("default to on pace from 95 %, slipping from 75 %, behind below", () => {
    expect(bands).toEqual({ onPace: 95, slipping: 75 });
    expect(paceBand(19, 20, bands)).toBe("on_pace"); // 95 %
    expect(paceBand(18, 20, bands)).toBe("slipping"); // 90 %
    expect(paceBand(15, 20, bands)).toBe("slipping"); // 75 %
    expect(paceBand(14, 20, bands)).toBe("behind"); // 70 %
    expect(paceBand(31, 100, bands)).toBe("behind");
    expect(paceBand(25, 20, bands)).toBe("on_pace");
  });

  it("never call less than one whole contact short behind (early in the month)", () => {
    expect(paceBand(0, 0, bands)).toBe("on_pace");
    expect(paceBand(0, 0.9, bands)).toBe("on_pace");
    expect(paceBand(0, 1, bands)).toBe("behind");
    expect(paceRatio(0, 0)).toBeNull();
    expect(paceRatio(9, 10)).toBe(90);
  });

  it("follow the policy's own lines", () => {
    expect(paceBand(18, 20, { onPace: 90, slipping: 50 })).toBe("on_pace");
    expect(paceBand(9, 20, { onPace: 90, slipping: 50 })).toBe("behind");
    expect(overallBand([{ done: 8, expected: 10 }, { done: 10, expected: 10 }], bands)).toEqual({ band: "slipping", ratio: 90, short: 2 });
  });

  it("count a rep off pace as at least one whole contact short, from the same totals as the band", () => {
    // Expected-by-today values are fractions of a month's working days (k/26, k/27…): their sums land
    // on 0.999… or 1.000…1; band and shortfall must agree whichever way they fall.
    let offPace = 0;
    for (const days of [21, 26, 27]) {
      for (let k = 1; k <= days; k++) {
        const parts = [8, 7, 6].map((quota, i) => ({ done: i === 0 ? 1 : 0, expected: (quota * k) / days }));
        const { band, short } = overallBand(parts, bands);
        if (band === "on_pace") continue;
        offPace++;
        expect(short, `${k}/${days}`).toBeGreaterThanOrEqual(1);
      }
    }
    expect(offPace).toBeGreaterThan(60);
  });

  it("are validated: whole percentages, slipping below on pace; an old stored policy gets the defaults", () => {
    const bad = validatePolicy({ ...DEFAULT_POLICY, paceBands: { onPace: 80, slipping: 80 } });
    expect(bad).toEqual({ ok: false, fields: { paceBands: expect.any(String) } });
    expect(validatePolicy({ ...DEFAULT_POLICY, paceBands: { onPace: 101, slipping: 50 } })).toMatchObject({ ok: false, fields: { "paceBands.onPace": expect.any(String) } });
    const { paceBands: _, ...old } = DEFAULT_RULES;
    expect(withDefaults(old).paceBands).toEqual(bands);
  });
});

describe("the weekly's colours (unit)", () => {
  it("colour each rep's pace column and channel cells by band", () => {
    const rows: TeamWeekRows = {
      context: { policy: DEFAULT_POLICY, festivals: DEFAULT_FESTIVALS },
      managers: [{ id: 1, name: "经理", email: "m@x", role: "manager", teamId: 10, teamName: "一组", locale: "zh-CN", timeZone: "Asia/Shanghai", active: true }],
      reps: [
        { id: 7, name: "准时", teamId: 10, active: true },
        { id: 8, name: "九成", teamId: 10, active: true },
        { id: 9, name: "三成", teamId: 10, active: true },
      ],
      ...Object.fromEntries(
        ["storeCounts", "pace", "rules", "festivalBins", "activity", "intel", "gifts", "overCap", "neglected", "notes", "lifeEvents", "linkedContacts", "overdueBirthdays", "birthdayGreetings"].map((k) => [k, []]),
      ),
    } as TeamWeekRows;
    const week = teamWeeks(rows, weekRange("2026-W40")!).get(1)!;
    if (week.kind !== "team") throw new Error("a team's week");
    // Each rep 10 of each channel expected; done 10, 9 and 3.1-ish per channel.
    for (const [i, done] of [10, 9, 3].entries()) {
      const r = week.team.reps[i]!;
      for (const ch of ["visit", "phone", "message"] as const) r.byChannel[ch] = { credited: done, required: 20, expected: 10, storesBehind: 0 };
      r.paceRate = done * 10;
    }
    const { doc } = weeklyDoc({ locale: "zh-CN", origin: "https://kq.example", week });
    const table = doc.sections.find((s) => s.id === "overview")!.blocks[0] as Extract<MailBlock, { kind: "table" }>;
    expect(table.rows.map((row) => row.slice(1, 5).map((c) => c.tone))).toEqual([
      ["good", "good", "good", "good"],
      ["warn", "warn", "warn", "warn"],
      ["bad", "bad", "bad", "bad"],
    ]);
    // The same as bars (plain HTML cells: mail clients block SVG), each with its value in words.
    const bars = doc.sections.find((s) => s.id === "overview")!.blocks[1] as Extract<MailBlock, { kind: "bars" }>;
    expect(bars.bars.map((b) => [b.label, b.pct, b.tone, b.text])).toEqual([
      ["准时", 100, "good", "完成进度 100% · 进度正常"],
      ["九成", 90, "warn", "完成进度 90% · 略有落后"],
      ["三成", 30, "bad", "完成进度 30% · 明显落后"],
    ]);
    const { html, text } = composeWeekly({ locale: "zh-CN", origin: "https://kq.example", week });
    expect(html).toContain('<td width="90%" height="12" bgcolor="#dc6803"');
    expect(html).toContain('<td width="30%" height="12" bgcolor="#d92d20"');
    expect(html).not.toContain("<svg");
    expect(text).toContain("九成: 完成进度 90% · 略有落后");
  });
});
