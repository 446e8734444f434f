// The floor of the morning pass: the minimum set-based read of what a digest shows, run against the
// same data in the same run as the pass (`npm run bench`), so the pass can be judged as a multiple
// of it.
//
// What a digest shows, and the one statement the floor spends on each (every one keyed by the reps'
// live stores, the way the digest's own selects are scoped, and bounded by the same windows):
//   pace       every live store of the reps (name, class) with its month-to-date contacts per
//              channel (R1–R3) and its last contact over LAST_CONTACT_LOOKBACK_DAYS (120 days, the
//              history the digest reads for "days since last contact"): one grouped scan of the
//              120-day window, stores_rep_idx → interactions_store_date_idx, covering, no sort;
//   birthdays  reachable contacts at those stores whose birthday (solar or lunar key) is listed
//              today: [today − (due + grace), today + lead] of the default policy (R6);
//   events     open life events dated in [today − 120, today + 60] of reachable contacts there (R7, R8);
//   festivals  festival contacts per store, festival, year and channel (with or without a gift) since
//              the earliest window open around today, for the festivals around today (R4, R5).
// Each is one statement; a job's four travel in one batch (one round trip), rows packed into one
// JSON text per statement (json_group_array), the cheapest encoding the app uses.
//
// Those four are the list (pace, last contact, due birthdays and life events, festival
// coverage): the core floor. The digest shows more, and the full floor adds the minimum read of it:
//   activity   R9–R11: the reps' month-to-date help asked, problems solved and trainings per store,
//              one grouped scan of interactions_rep_date_idx;
//   slowMovers R17: open slow movers heard on visits to the live stores in SLOW_MOVER_LOOKBACK_DAYS
//              (every one, uncapped: the per-rep cap is presentation);
//   intel      R12–R17: the month's and last week's visits with the number of intel kinds each
//              recorded, one grouped scan (the digest's histogram and its "visits missing intel"
//              both come from it).
// The greeting texts and the plan are computed, not read, so neither floor has them.
//
// Timed twice: (a) in the database, the whole organisation in one statement each, wrapped in
// count(*) so one summary row comes out; (b) delivered: per job of JOB_SIZE reps, as the pass reads,
// USERS_IN_FLIGHT / JOB_SIZE jobs in flight at once (the consumer's own concurrency), the packed
// rows parsed by the client.
import type { Client, InStatement } from "@libsql/client";
import { addDays, monthBounds, monthOf } from "../../src/domain/dates.ts";
import { DEFAULT_POLICY } from "../../src/domain/policy.ts";
import { DEFAULT_BIRTHDAY_WINDOW } from "../../src/domain/follow-ups.ts";
import { festivalsAround } from "../../src/domain/calendar/festivals.ts";
import { loadFestivals } from "../../src/db/queries/festivals.ts";
import type { Db } from "../../src/db/client.ts";
import { LAST_CONTACT_LOOKBACK_DAYS, LIFE_EVENT_LOOKAHEAD_DAYS, LIFE_EVENT_LOOKBACK_DAYS, RECENT_VISIT_DAYS, SLOW_MOVER_LOOKBACK_DAYS } from "../../src/domain/rep-month.ts";
import { birthdayKeys } from "../../src/domain/calendar/birthdays.ts";
import type { LocalDate } from "../../src/domain/types.ts";
import { median } from "./stack.ts";

export type FloorContext = { today: LocalDate; festivalKeys: string[]; festivalFrom: LocalDate };

/** The festival windows open around `today`, from the festivals stored in the database. */
export async function floorContext(db: Db, today: LocalDate): Promise<FloorContext> {
  const around = festivalsAround(await loadFestivals(db), today);
  return {
    today,
    festivalKeys: [...new Set(around.map((o) => o.key))],
    festivalFrom: around.reduce((m, o) => (o.windowStart < m ? o.windowStart : m), today),
  };
}

/** `cols`: how many columns the select yields (the packed form names them). */
type FloorPart = "pace" | "birthdays" | "events" | "festivals" | "activity" | "slowMovers" | "intel";
type FloorStatement = { name: FloorPart; cols: number; sql: string; args: (string | number)[] };
/** "core": the four parts; "full": everything a digest reads (see the top of this file). */
export type FloorKind = "core" | "full";

/** The floor's statements for some reps (null: every rep of the organisation). */
export function floorStatements(ctx: FloorContext, repIds: readonly number[] | null, kind: FloorKind = "core"): FloorStatement[] {
  const { today } = ctx;
  const { first } = monthBounds(monthOf(today));
  const reps = repIds ? `s.rep_id in (${repIds.map(() => "?").join(",")})` : "s.rep_id is not null";
  const repArgs = repIds ? [...repIds] : [];
  const live = `${reps} and s.archived = 0`;
  const bw = DEFAULT_BIRTHDAY_WINDOW;
  const after = DEFAULT_POLICY.followUps.birthday.dueDays + bw.graceDays;
  const keys = birthdayKeys(addDays(today, -after), addDays(today, bw.leadDays));
  const inList = (xs: readonly (string | number)[]) => (xs.length ? xs.map(() => "?").join(",") : "null");
  // Rep-keyed parts (R9–R17's own activity) walk interactions by rep, as the digest's do.
  const byRep = repIds ? `i.rep_id in (${repIds.map(() => "?").join(",")})` : "i.rep_id is not null";
  const core: FloorStatement[] = [
    {
      name: "pace",
      cols: 8,
      sql: `select s.rep_id, s.id, s.name, s.class,
          coalesce(sum(i.channel = 'message' and i.local_date >= ?), 0), coalesce(sum(i.channel = 'phone' and i.local_date >= ?), 0),
          coalesce(sum(i.channel = 'visit' and i.local_date >= ?), 0), max(i.local_date)
        from stores s left join interactions i
          on i.store_id = s.id and i.local_date between ? and ? and i.channel in ('visit', 'phone', 'message')
        where ${live}
        group by s.rep_id, s.id`,
      args: [first, first, first, addDays(today, -LAST_CONTACT_LOOKBACK_DAYS), today, ...repArgs],
    },
    {
      name: "birthdays",
      cols: 9,
      sql: `select s.rep_id, c.id, c.store_id, c.name, c.phone, c.birthday_calendar, c.birthday_month, c.birthday_day, c.birthday_leap_month
        from stores s join contacts c on c.store_id = s.id
        where ${live} and c.do_not_contact = 0
          and ((+c.birthday_calendar = 'solar' and c.birthday_month * 100 + c.birthday_day in (${inList(keys.solar)}))
            or (+c.birthday_calendar = 'lunar' and c.birthday_month * 100 + c.birthday_day in (${inList(keys.lunar)})))`,
      args: [...repArgs, ...keys.solar, ...keys.lunar],
    },
    {
      name: "events",
      cols: 8,
      sql: `select s.rep_id, e.id, e.kind, e.date, c.id, c.store_id, c.name, c.phone
        from stores s join contacts c on c.store_id = s.id join life_events e on e.contact_id = c.id
        where ${live} and c.do_not_contact = 0 and +e.state = 'open' and e.date between ? and ?`,
      args: [...repArgs, addDays(today, -LIFE_EVENT_LOOKBACK_DAYS), addDays(today, LIFE_EVENT_LOOKAHEAD_DAYS)],
    },
    {
      name: "festivals",
      cols: 7,
      sql: `select s.rep_id, i.store_id, i.festival_key, i.festival_year, i.channel,
          max(trim(coalesce(i.gift_what, '')) <> '' or coalesce(i.gift_value, 0) > 0), count(*)
        from stores s join interactions i on i.store_id = s.id
        where ${live} and i.local_date between ? and ? and i.occasion = 'festival' and i.festival_key in (${inList(ctx.festivalKeys)})
        group by s.rep_id, i.store_id, i.festival_key, i.festival_year, i.channel`,
      args: [...repArgs, ctx.festivalFrom, today, ...ctx.festivalKeys],
    },
  ];
  if (kind === "core") return core;
  const recentFrom = addDays(today, -RECENT_VISIT_DAYS);
  const monthFrom = recentFrom < first ? recentFrom : first;
  return [
    ...core,
    {
      name: "activity",
      cols: 5,
      sql: `select i.rep_id, i.store_id, sum(i.asked_help), count(i.problem_solved), count(i.training_topic)
        from interactions i where ${byRep} and i.local_date between ? and ?
        group by i.rep_id, i.store_id`,
      args: [...repArgs, first, today],
    },
    {
      name: "slowMovers",
      cols: 6,
      sql: `select s.rep_id, i.store_id, v.id, i.local_date, v.subject, v.detail
        from stores s join interactions i on i.store_id = s.id join visit_insights v on v.interaction_id = i.id
        where ${live} and i.local_date between ? and ? and i.channel = 'visit' and +v.kind = 'slow_mover' and v.status = 'open'`,
      args: [...repArgs, addDays(today, -SLOW_MOVER_LOOKBACK_DAYS), today],
    },
    {
      name: "intel",
      cols: 5,
      sql: `select i.rep_id, i.id, i.store_id, i.local_date, count(distinct v.kind)
        from interactions i left join visit_insights v on v.interaction_id = i.id
        where ${byRep} and i.local_date between ? and ? and i.channel = 'visit'
        group by i.rep_id, i.local_date, i.id`,
      args: [...repArgs, monthFrom, today],
    },
  ];
}

/** A statement whose rows come back as one JSON text: `[[c0, c1, …], …]` (as src/db/packed.ts does). */
function packedStatement(s: FloorStatement): InStatement {
  const names = Array.from({ length: s.cols }, (_, i) => `c${i}`);
  return { sql: `with p(${names.join(", ")}) as (${s.sql}) select json_group_array(json_array(${names.join(", ")})) from p`, args: s.args };
}

export type FloorResult = {
  inDbMs: number;
  deliveredMs: number;
  /** Rows each part yields for the whole organisation. */
  rows: Partial<Record<FloorPart, number>>;
  /** Per statement, in the database (whole organisation): sqld's own time. */
  inDbMsByPart: Record<string, number>;
  jobs: number;
  inFlight: number;
  /** When the delivered runs began and ended (performance.now()), to find their requests at the proxy. */
  deliveredFrom: number;
  deliveredTo: number;
};

/**
 * Times the floor: `runs` times each, the median kept. `client` may point at the counting proxy, so
 * its requests are counted (rows read, bytes) like the pass's.
 */
export async function timeFloor(client: Client, ctx: FloorContext, repIds: readonly number[], opts: { runs: number; jobSize: number; inFlight: number; kind?: FloorKind }): Promise<FloorResult> {
  const kind = opts.kind ?? "core";
  const whole = floorStatements(ctx, null, kind);
  const inDb: number[] = [];
  const rows: Partial<Record<FloorPart, number>> = {};
  const byPart: Record<string, number[]> = {};
  for (let i = 0; i < opts.runs; i++) {
    const t = performance.now();
    const rs = await client.batch(whole.map((s) => ({ sql: `select count(*) as n from (${s.sql})`, args: s.args })), "read");
    inDb.push(performance.now() - t);
    whole.forEach((s, j) => (rows[s.name] = Number(rs[j]?.rows[0]?.n ?? 0)));
    // Each part alone too, so the report can say which dominates.
    for (const s of whole) {
      const t1 = performance.now();
      await client.execute({ sql: `select count(*) as n from (${s.sql})`, args: s.args });
      (byPart[s.name] ??= []).push(performance.now() - t1);
    }
  }
  const jobs: number[][] = [];
  for (let j = 0; j < repIds.length; j += opts.jobSize) jobs.push(repIds.slice(j, j + opts.jobSize));
  const delivered: number[] = [];
  const deliveredFrom = performance.now();
  for (let i = 0; i < opts.runs; i++) {
    const queue = [...jobs];
    const t = performance.now();
    let got = 0;
    await Promise.all(
      Array.from({ length: Math.min(opts.inFlight, queue.length) }, async () => {
        for (let ids = queue.shift(); ids; ids = queue.shift()) {
          const rs = await client.batch(floorStatements(ctx, ids, kind).map(packedStatement), "read");
          for (const r of rs) got += (JSON.parse(String(r.rows[0]?.[0] ?? "[]")) as unknown[]).length;
        }
      }),
    );
    delivered.push(performance.now() - t);
    if (got < (rows.pace ?? 0)) throw new Error(`floor: delivered ${got} rows, fewer than the ${rows.pace} stores`);
  }
  return {
    inDbMs: median(inDb),
    deliveredMs: median(delivered),
    rows,
    inDbMsByPart: Object.fromEntries(Object.entries(byPart).map(([k, v]) => [k, Math.round(median(v) * 10) / 10])),
    jobs: jobs.length,
    inFlight: opts.inFlight,
    deliveredFrom,
    deliveredTo: performance.now(),
  };
}
