// Unit (issue 13.6): the weekly summary stays whole for a big team. Gmail clips a message whose HTML
// passes 102 KB; a team of 30 reps with everything listed by name (stores not contacted, gifts over
// the cap, notes of both kinds at every rep's cap, long details) must stay under 100 KB, the rest a
// link away on /team.
import { describe, expect, it } from "vitest";
import { teamWeeks, type TeamWeekRows, type WeeklyManager } from "../../src/domain/team-week.ts";
import { weekRange } from "../../src/domain/week-range.ts";
import { QUOTA_CHANNELS, STORE_CLASSES } from "../../src/domain/types.ts";
import { composeWeekly } from "../../src/mail/weekly.ts";
import { emptyTeamWeekRows } from "../helpers/team-week-rows.ts";

const WEEK = weekRange("2026-W40")!; // 09-21 to 09-27, Mid-Autumn on 09-25

function bigTeam(size: number): TeamWeekRows {
  const manager: WeeklyManager = { id: 1, name: "陈经理", email: "m@x", role: "manager", teamId: 10, teamName: "华东一组", locale: "zh-CN", timeZone: "Asia/Shanghai", active: true };
  const reps = Array.from({ length: size }, (_, i) => ({ id: 100 + i, name: `业务员${i + 1}号`, teamId: 10, active: true }));
  const rows = emptyTeamWeekRows({ managers: [manager], reps });
  let id = 1;
  const detail = "对手在店内做买一送一，店员主推对方的感冒灵颗粒，我们的陈列位被挤到最下层，需要尽快沟通店长恢复陈列。";
  for (const r of reps) {
    for (const cls of STORE_CLASSES) {
      rows.storeCounts.push({ repId: r.id, storeClass: cls, stores: 20 });
      for (const channel of QUOTA_CHANNELS) rows.pace.push({ repId: r.id, storeClass: cls, channel, cur: 1, prev: 1, stores: 12 });
    }
    rows.rules.push({ repId: r.id, holdings: null, solved: 1, help: 2, trainings: 0, stores: 3 });
    rows.activity.push({ repId: r.id, cur: 1, channel: "visit", contacts: 30, followUps: 2 }, { repId: r.id, cur: 0, channel: "visit", contacts: 28, followUps: 1 });
    rows.intel.push({ repId: r.id, cur: 1, kinds: 2, visits: 20 }, { repId: r.id, cur: 0, kinds: 6, visits: 8 });
    rows.gifts.push({ repId: r.id, week: 800, year: 60000 });
    for (let k = 0; k < 5; k++) {
      rows.overCap.push({ repId: r.id, storeId: id, name: `老百姓大药房第${id}分店（长沙市岳麓区）`, storeClass: "A", total: 2600 + k, count: 12 });
      rows.neglected.push({ repId: r.id, storeId: id + 1, name: `益丰大药房第${id + 1}分店（长沙市开福区）`, storeClass: "B", last: "2026-07-01", since: "2000-01-01", count: 40 });
      id += 2;
    }
    for (const kind of ["competitor", "slow_mover"] as const) {
      for (let k = 0; k < 10; k++) {
        rows.notes.push({
          repId: r.id,
          id: id++,
          kind,
          subject: "某某牌感冒灵颗粒",
          detail,
          reason: kind === "slow_mover" ? "陈列位置偏，店员不熟悉卖点" : null,
          action: kind === "slow_mover" ? "调到视线平齐，给店员做一次产品培训" : null,
          aboutContact: null,
          localDate: "2026-09-24",
          authorId: r.id,
          storeId: id,
          storeName: `老百姓大药房第${id}分店`,
          storeClass: "A",
          count: 25,
        });
      }
    }
  }
  return rows;
}

describe("the weekly summary of a team of 30 reps (unit)", () => {
  const compose = (size: number) => {
    const week = teamWeeks(bigTeam(size), WEEK).get(1)!;
    if (week.kind !== "team") throw new Error("no team");
    return { team: week.team, mail: composeWeekly({ locale: "zh-CN", origin: "https://keqing.example", week }) };
  };

  it("stays under 100 KB of HTML, whole in Gmail: the reps most behind in full, the others in brief, each linked", () => {
    const { team, mail } = compose(30);
    const html = new TextEncoder().encode(mail.html).length;
    console.log(`weekly for 30 reps: html ${html} bytes, text ${new TextEncoder().encode(mail.text).length} bytes`);
    expect(html).toBeLessThan(100 * 1024);
    const full = team.reps.filter((r) => mail.html.includes(`业务员：${r.rep.name}`));
    expect(full.length).toBeGreaterThan(0);
    expect(full.length).toBeLessThan(30);
    expect(mail.html).toContain(`其余 ${30 - full.length} 位业务员（要点）`);
    // Every rep is still there, with a link to their month.
    for (const r of team.reps) expect(mail.html).toContain(`/team/reps/${r.rep.id}`);
  });

  it("keeps every rep in full for a team that fits", () => {
    const { team, mail } = compose(4);
    for (const r of team.reps) expect(mail.html).toContain(`业务员：${r.rep.name}`);
    expect(mail.html).not.toContain("位业务员（要点）");
  });
});
