// Integration (issue 11): a newly added store never reads "no contact in 120 days" but "new"
// (新门店): in the morning digest (the same document /today shows) and in the manager's weekly
// list of stores not contacted lately. A store held long enough without contact still reads as before.
import { beforeAll, describe, expect, it } from "vitest";
import { db, makeContact, makeInteraction, makeStore, makeTeam, makeUser, resetDb } from "../helpers/db.ts";
import { loadDigestDocs, planCompose, type Composed } from "../../src/services/compose.ts";
import { render } from "../../src/mail/html.ts";
import { runPlan } from "../../src/db/batch.ts";
import { addDays, isoWeekOf } from "../../src/domain/dates.ts";
import { messages } from "../../src/i18n/index.ts";

const TODAY = "2026-11-25"; // a Wednesday
const zh = messages("zh-CN");

let rep: { id: number }, manager: { id: number };

beforeAll(async () => {
  await resetDb();
  const team = await makeTeam("新店组");
  manager = await makeUser("manager", team.id);
  rep = await makeUser("rep", team.id, { name: "新店业务员" });
  const fresh = await makeStore(rep.id, "A", { name: "刚加的药房" }, addDays(TODAY, -2));
  // Its owner's birthday today keeps it in the plan (its pace alone, two days held, ranks below the B stores').
  await makeContact(fresh.id, { birthdayCalendar: "solar", birthdayMonth: 11, birthdayDay: 25 });
  await makeStore(rep.id, "B", { name: "上月加的药房" }, addDays(TODAY, -45));
  const old = await makeStore(rep.id, "B", { name: "老药房" });
  await makeInteraction(rep.id, old.id, addDays(TODAY, -200)); // outside the look-back
});

describe("a new store reads as new (integration)", () => {
  it("in the digest: new, not 'no contact in 120 days'; an old store without recent contact still reads so", async () => {
    const doc = (await loadDigestDocs(db(), [rep.id], TODAY, "")).get(rep.id);
    if (!doc || doc instanceof Error) throw doc ?? new Error("no digest");
    const { text } = render(doc.subject, doc.doc);
    const line = (store: string) => text.split("\n").findIndex((l) => l.includes(store));
    expect(line("刚加的药房")).toBeGreaterThanOrEqual(0);
    const after = (store: string) => text.split("\n").slice(line(store), line(store) + 4).join("\n");
    expect(after("刚加的药房")).toContain(zh.progress.newStore);
    expect(after("刚加的药房")).not.toContain(zh.progress.noRecentContact);
    expect(text).toContain(zh.progress.noRecentContact); // the old store
  });

  it("in the weekly: a store added 45 days ago and never contacted is listed as new, one added this week not at all", async () => {
    const sent = addDays(TODAY, 5); // the Monday after
    const results = await runPlan(db(), planCompose(db(), "weekly", [manager.id], isoWeekOf(sent), { origin: "https://kq.example", now: Date.parse(`${sent}T00:00:00Z`) }));
    const mail = results().get(manager.id) as Composed;
    const lines = mail.text.split("\n");
    const at = lines.findIndex((l) => l.includes("上月加的药房"));
    expect(at).toBeGreaterThanOrEqual(0);
    expect(lines.slice(at, at + 3).join("\n")).toContain(zh.mail.weekly.newStore);
    expect(mail.text).not.toContain("刚加的药房");
    expect(mail.text).toContain("老药房");
  });
});
