// Integration: greetings that never embarrass, on a built scenario through the digest's one batch
// (services/compose.ts over sqld) and the life-event API: 陈哥, whose father died a week ago (the
// condolence visit overdue), has his birthday today — the digest offers no "陈哥，生日快乐！" but
// still the condolence; 李总's father is in hospital — the draft asks after 令尊, not after 李总's
// own health; a contact without a bereavement still gets their birthday wishes.
import { beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { lifeEvents } from "../../src/db/schema.ts";
import { db, makeContact, makeStore, makeTeam, makeUser, resetDb } from "../helpers/db.ts";
import { request, sendJson, signedIn, type Agent } from "../helpers/http.ts";
import { planCompose, type Composed } from "../../src/services/compose.ts";
import { runPlan } from "../../src/db/batch.ts";

const TODAY = "2027-09-08"; // Mid-Autumn 2027 is 09-15: its window is open
const ORIGIN = "https://kq.example";

let mail: Composed;
let rep: Agent;
let contactId = 0;

async function compose(repId: number, today = TODAY): Promise<Composed> {
  const plan = planCompose(db(), "digest", [repId], today, { origin: ORIGIN, now: Date.parse(`${today}T00:00:00Z`) });
  return (await runPlan(db(), plan))().get(repId) as Composed;
}

beforeAll(async () => {
  await resetDb();
  const team = await makeTeam("长沙一组");
  const user = await makeUser("rep", team.id, { name: "刘伟" });
  rep = await signedIn(user.id);
  const store = await makeStore(user.id, "A", { name: "回春堂药店" });
  const chen = await makeContact(store.id, { name: "陈建国", formOfAddress: "陈哥", birthdayCalendar: "solar", birthdayMonth: 9, birthdayDay: 8 });
  // R8: bereavement a week ago, the visit due in 3 days not made: overdue.
  await db().insert(lifeEvents).values({ contactId: chen.id, kind: "bereavement", date: "2027-09-01", concerns: "father", notes: "父亲去世" });
  const li = await makeContact(store.id, { name: "李明", formOfAddress: "李总" });
  await db().insert(lifeEvents).values({ contactId: li.id, kind: "illness", date: "2027-09-07", concerns: "father", notes: "父亲住院做心脏支架手术" });
  // The control: a birthday today, no bereavement.
  await makeContact(store.id, { name: "王芳", formOfAddress: "王姐", birthdayCalendar: "solar", birthdayMonth: 9, birthdayDay: 8 });
  contactId = li.id;
  mail = await compose(user.id);
});

describe("greetings that never embarrass (integration)", () => {
  it("offers no birthday wishes to a contact in mourning, but still the condolence, naming 令尊", () => {
    const chenLines = mail.text.split("\n").filter((l) => l.includes("陈哥"));
    expect(chenLines.length).toBeGreaterThan(0);
    expect(mail.text).not.toMatch(/陈哥[^\n]*生日快乐/);
    expect(mail.html).not.toMatch(/陈哥[^<]*生日快乐/);
    expect(mail.text).toMatch(/陈哥，[^\n]*(惊悉令尊离世|得知令尊离世)/);
    // Someone not in mourning still gets the birthday wishes (the test could fail).
    expect(mail.text).toMatch(/王姐[^\n]*生日快乐/);
  });

  it("words an illness of 李总's father about 令尊, never about 李总's own health", () => {
    expect(mail.text).toMatch(/李总，[^\n]*令尊身体/);
    expect(mail.text).not.toContain("李总，听说您最近身体欠安");
  });

  it("lets the birthday wishes back once the hundred days are over", async () => {
    const user = (await db().query.users.findFirst())!;
    // 2028-09-08: a year on, the same birthday.
    const later = await compose(user.id, "2028-09-08");
    expect(later.text).toMatch(/陈哥[^\n]*生日快乐/);
  });

  it("takes who a life event concerns from the API and the form, and refuses an unknown one", async () => {
    const today = new Date().toISOString().slice(0, 10);
    const bad = await sendJson("POST", `/api/contacts/${contactId}/life-events`, { kind: "illness", date: today, concerns: "uncle" }, rep);
    expect(bad.status).toBe(400);
    expect(Object.keys((await bad.json<{ error: { fields: Record<string, string> } }>()).error.fields)).toEqual(["concerns"]);
    const res = await sendJson("POST", `/api/contacts/${contactId}/life-events`, { kind: "accident", date: today, concerns: "spouse" }, rep);
    expect(res.status).toBe(201);
    const created = await res.json<{ id: number; concerns: string }>();
    expect(created.concerns).toBe("spouse");
    const patched = await sendJson("PATCH", `/api/life-events/${created.id}`, { concerns: "child" }, rep);
    expect(patched.status).toBe(200);
    expect((await db().select().from(lifeEvents).where(eq(lifeEvents.id, created.id)))[0]!.concerns).toBe("child");
    // A life event without it is the contact's own (and every row from before the column: migration 0008's default).
    const own = await sendJson("POST", `/api/contacts/${contactId}/life-events`, { kind: "illness", date: today }, rep);
    expect((await own.json<{ concerns: string }>()).concerns).toBe("self");
    const form = await (await request(`/contacts/${contactId}/events/new`, { agent: rep })).text();
    expect(form).toContain('name="concerns"');
    expect(form).toContain("父亲");
  });
});
