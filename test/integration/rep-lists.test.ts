// Integration (issue 12.5): the rep's lists in full. The digest and /today show the first 10 open
// follow-ups, open slow movers and visits missing intel, then "还有 N 条"; each of those lines links to
// /today/lists/<name>, which lists every one of them, paged, read by the digest's own plan in one
// round trip: N is what the page counts beyond the first 10, another rep's items never appear, and a
// manager sees their own stores' list (none here), a manager without a team none at all (404).
import { beforeAll, describe, expect, it } from "vitest";
import { db, makeContact, makeInteraction, makeStore, makeTeam, makeUser, resetDb } from "../helpers/db.ts";
import { request, signedIn, type Agent } from "../helpers/http.ts";
import { countingDb } from "../helpers/counting-db.ts";
import { lifeEvents, visitInsights } from "../../src/db/schema.ts";
import { runPlan } from "../../src/db/batch.ts";
import { loadDigestList, planCompose, type Composed } from "../../src/services/compose.ts";
import { addDays, localDateOf } from "../../src/domain/dates.ts";
import { REP_LIST_PAGE_SIZE, type RepList } from "../../src/domain/rep-lists.ts";
import { MAIL_LIST_LIMIT } from "../../src/mail/digest-sections.ts";
import { SLOW_MOVERS_PER_REP } from "../../src/domain/rep-month.ts";

const ORIGIN = "https://kq.example";
const today = () => localDateOf(Date.now(), "Asia/Shanghai");
/** More than a page of each, and more slow movers than the digest reads (SLOW_MOVERS_PER_REP). */
const MANY = REP_LIST_PAGE_SIZE + 5;

let repId = 0;
let otherId = 0;
let rep: Agent, otherRep: Agent, manager: Agent, loneManager: Agent;
const mine = { contacts: [] as string[], slow: [] as string[], visits: [] as number[] };
const theirs = { contacts: [] as string[], slow: [] as string[], visits: [] as number[] };

/** A rep's store with MANY (or a few) open weddings to follow up, slow movers and visits without intel. */
async function build(userId: number, tag: string, n: number, into: typeof mine) {
  const store = await makeStore(userId, "A", { name: `${tag}药房` });
  for (let i = 0; i < n; i++) {
    const name = `${tag}客${String(i).padStart(2, "0")}`;
    const contact = await makeContact(store.id, { name, formOfAddress: null });
    into.contacts.push(name);
    await db().insert(lifeEvents).values({ contactId: contact.id, kind: "wedding", date: addDays(today(), -2) });
  }
  const visits: { id: number }[] = [];
  for (let i = 0; i < n; i++) visits.push(await makeInteraction(userId, store.id, addDays(today(), -1 - (i % 7))));
  into.visits.push(...visits.map((x) => x.id));
  // Slow movers on the most recent visit (it stays a visit missing intel: one kind of six).
  const slow = Array.from({ length: n }, (_, i) => `${tag}滞销品${String(i).padStart(2, "0")}`);
  into.slow.push(...slow);
  await db()
    .insert(visitInsights)
    .values(slow.map((subject) => ({ interactionId: visits[0]!.id, kind: "slow_mover" as const, subject, detail: `${subject}积压` })));
}

beforeAll(async () => {
  await resetDb();
  const team = await makeTeam("清单组");
  const user = await makeUser("rep", team.id, { name: "刘伟" });
  repId = user.id;
  rep = await signedIn(user.id);
  const other = await makeUser("rep", team.id, { name: "王强" });
  otherId = other.id;
  otherRep = await signedIn(other.id);
  manager = await signedIn((await makeUser("manager", team.id)).id);
  loneManager = await signedIn((await makeUser("manager", null)).id);
  await build(user.id, "甲", MANY, mine);
  await build(other.id, "乙", 3, theirs);
});

const PATTERN: Record<RepList, (html: string) => string[]> = {
  "follow-ups": (html) => [...html.matchAll(/([甲乙]客\d\d) · /g)].map((m) => m[1]!),
  "slow-movers": (html) => [...html.matchAll(/>([甲乙]滞销品\d\d)</g)].map((m) => m[1]!),
  intel: (html) => [...html.matchAll(/href="\/interactions\/(\d+)\/intel"/g)].map((m) => m[1]!),
};

/** Every page of a list, followed by its "next" link until there is none. */
async function allPages(list: RepList, agent: Agent) {
  const out: string[] = [];
  let path: string | null = `/today/lists/${list}`;
  let pages = 0;
  while (path) {
    const res = await request(path, { agent });
    expect(res.status).toBe(200);
    const html = await res.text();
    const got = PATTERN[list](html);
    expect(got.length).toBeLessThanOrEqual(REP_LIST_PAGE_SIZE);
    out.push(...got);
    pages++;
    path = /<a href="([^"]+)">下一页<\/a>/.exec(html)?.[1]?.replaceAll("&amp;", "&") ?? null;
  }
  return { items: out, pages };
}

async function digest(userId: number): Promise<Composed> {
  const plan = planCompose(db(), "digest", [userId], today(), { origin: ORIGIN, now: Date.now() });
  return (await runPlan(db(), plan))().get(userId) as Composed;
}

describe("the rep's lists in full (integration)", () => {
  it("lists every open follow-up, slow mover and visit missing intel, paged, and only the rep's", async () => {
    const expected: Record<RepList, string[]> = { "follow-ups": mine.contacts, "slow-movers": mine.slow, intel: mine.visits.map(String) };
    for (const list of ["follow-ups", "slow-movers", "intel"] as const) {
      const { items, pages } = await allPages(list, rep);
      expect(pages, list).toBe(2);
      expect([...items].sort(), list).toEqual([...expected[list]].sort());
      expect(new Set(items).size, list).toBe(items.length);
    }
    // The slow movers are more than the digest reads, newest first as the digest lists them.
    expect(MANY).toBeGreaterThan(SLOW_MOVERS_PER_REP);
    const first = await (await request("/today/lists/slow-movers", { agent: rep })).text();
    expect(first).toContain(`第 1–${REP_LIST_PAGE_SIZE} 条，共 ${MANY} 条`);
    const second = await (await request("/today/lists/slow-movers?page=2", { agent: rep })).text();
    expect(second).toContain(`第 ${REP_LIST_PAGE_SIZE + 1}–${MANY} 条，共 ${MANY} 条`);
    expect(second).toContain('href="/today/lists/slow-movers">上一页</a>');

    // The other rep sees their own few, never the first rep's.
    for (const list of ["follow-ups", "slow-movers", "intel"] as const) {
      const { items } = await allPages(list, otherRep);
      const expectedTheirs = list === "follow-ups" ? theirs.contacts : list === "slow-movers" ? theirs.slow : theirs.visits.map(String);
      expect([...items].sort(), list).toEqual([...expectedTheirs].sort());
    }
  });

  it("counts in the digest's '还有 N 条' what the list holds beyond the first 10, and links there", async () => {
    const mail = await digest(repId);
    for (const list of ["follow-ups", "slow-movers", "intel"] as const) {
      const total = (await loadDigestList(db(), repId, today(), list, { offset: 0, limit: 1 }))!.total;
      expect(total, list).toBe(MANY);
      expect(mail.text).toContain(`还有 ${total - MAIL_LIST_LIMIT} 条，在网页上查看: ${ORIGIN}/today/lists/${list}`);
      expect(mail.html).toContain(`href="${ORIGIN}/today/lists/${list}"`);
    }
    // No "more" line leads back to /today any longer.
    expect(mail.text).not.toMatch(/在网页上查看: https:\/\/kq\.example\/today\n/);
    // The digest's lines for visits missing intel open that visit's intel form.
    expect(mail.html).toContain(`href="${ORIGIN}/interactions/${mine.visits[0]}/intel"`);

    // /today says the same, with relative links.
    const page = await (await request("/today", { agent: rep })).text();
    for (const list of ["follow-ups", "slow-movers", "intel"] as const) {
      expect(page).toContain(`<a class="md-more" href="/today/lists/${list}">还有 ${MANY - MAIL_LIST_LIMIT} 条，在网页上查看</a>`);
    }
    // A rep under the cap gets no such line.
    expect((await digest(otherId)).text).not.toContain("/today/lists/");
  });

  it("reads in one round trip", async () => {
    const counter = countingDb();
    const data = await loadDigestList(counter.db, repId, today(), "slow-movers", { offset: REP_LIST_PAGE_SIZE, limit: REP_LIST_PAGE_SIZE });
    expect(counter.roundTrips()).toBe(1);
    expect(data!.total).toBe(MANY);
  });

  it("gives a manager their own stores' list, a manager without a team none, and refuses a bad page or list", async () => {
    const own = await request("/today/lists/follow-ups", { agent: manager });
    expect(own.status).toBe(200);
    const html = await own.text();
    expect(html).toContain("现在没有。");
    expect(html).not.toContain("甲客");
    expect((await request("/today/lists/follow-ups", { agent: loneManager })).status).toBe(404);
    expect((await request("/today/lists/birthdays", { agent: rep })).status).toBe(404);
    const bad = await request("/today/lists/intel?page=0", { agent: rep });
    expect(bad.status).toBe(400);
    expect((await request("/today/lists/intel")).status).toBe(303);
  });
});
