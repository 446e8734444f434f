// The manager's weekly summary (SPEC §6): the team's week (domain/team-week.ts) → subject,
// HTML and plain text in the manager's language. Pure: no I/O.
//
// An overview table of the team first (pace per channel, the change from the week before), then a
// section per rep: pace by channel and by class, festival coverage (R4, R5), follow-ups done and
// overdue (R6–R8), R9–R11, intel completeness (R12–R17), gifts against the yearly cap, stores not
// contacted for 30+ days; then the week's competitor (R16) and slow-mover (R17) notes.
import { daysBetween, parts } from "../domain/dates.ts";
import { QUOTA_CHANNELS, STORE_CLASSES, type Locale, type LocalDate } from "../domain/types.ts";
import { BAND_TONE, overallBand, paceBand } from "../domain/pace-band.ts";
import { teamPaceBars } from "./weekly-bars.ts";
import type { Pace } from "../domain/pace.ts";
import { messages, type Messages } from "../i18n/index.ts";
import type { ManagerWeek, RepWeek, TeamWeek, WeekNote } from "../domain/team-week.ts";
import type { WeekRange } from "../domain/week-range.ts";
import { fmt, joinUrl, render, type Composed, type MailBlock, type MailDoc, type MailItem, type MailSection, type Tone } from "./html.ts";

/** Notes of each kind listed for the whole team before "N more". */
export const TEAM_NOTES_LIMIT = 15;
/** …and when the summary would pass its size budget even with every rep in brief. */
const TEAM_NOTES_LIMIT_BRIEF = 5;

/**
 * Gmail clips a message whose HTML passes 102 KB, hiding the end of it. The summary stays under
 * this: reps get a full section, most behind first, while it fits; the others a few lines each
 * (pace, R9–R11, what is overdue) with a link to their month, and /team has every list in full.
 */
export const WEEKLY_HTML_BUDGET = 96 * 1024;

/** `calendarMissing`: from 1 November, next year when its working calendar is missing. */
export type WeeklyInput = { locale: Locale; origin: string; week: ManagerWeek; calendarMissing?: number | null };

type Ctx = { t: Messages; locale: Locale; origin: string; date: (d: LocalDate) => string };

export function composeWeekly(input: WeeklyInput): Composed {
  const { subject, doc } = weeklyDoc(input);
  return render(subject, doc);
}

/**
 * The contacts a weekly summary may quote: those the week's competitor and slow-mover notes are
 * about (the rest of the summary is counts, stores and reps). See digestMentions.
 */
export function weeklyMentions(week: ManagerWeek): number[] {
  if (week.kind !== "team") return [];
  const ids = new Set<number>();
  for (const kind of ["competitor", "slow_mover", "product_feedback", "preference_action"] as const) for (const n of week.team.notes[kind].shown) if (n.contactId !== null) ids.add(n.contactId);
  return [...ids].sort((a, b) => a - b);
}

function rangeOf(ctx: Ctx, w: WeekRange): string {
  return `${ctx.date(w.start)}–${ctx.date(w.end)}`;
}

function rate(ctx: Ctx, r: number | null): string {
  return r === null ? ctx.t.mail.weekly.none : ctx.t.mail.percent(r);
}

function rateDelta(ctx: Ctx, rep: Pick<RepWeek, "paceRate" | "prevPaceRate">): string | null {
  if (rep.paceRate === null || rep.prevPaceRate === null) return null;
  return ctx.t.mail.signed(Math.round(rep.paceRate) - Math.round(rep.prevPaceRate));
}

export function weeklyDoc(input: WeeklyInput): { subject: string; doc: MailDoc } {
  const t = messages(input.locale);
  const ctx: Ctx = {
    t,
    locale: input.locale,
    origin: input.origin,
    date: (d) => {
      const p = parts(d);
      return t.mail.date(p.month, p.day);
    },
  };
  const w = t.mail.weekly;
  const mw = input.week;
  const week = mw.kind === "team" ? mw.team.week : mw.week;
  const range = rangeOf(ctx, week);
  const footer = { text: w.footer, links: [{ label: w.teamPage, href: joinUrl(input.origin, "/team") }] };
  const calendarLine: MailDoc["intro"] = input.calendarMissing ? [{ text: w.calendarMissing(input.calendarMissing), tone: "bad" }] : [];
  if (mw.kind === "no_team") {
    return {
      subject: w.subjectNoTeam(range),
      doc: {
        lang: input.locale,
        title: w.title,
        preheader: w.noTeam,
        heading: w.heading(mw.manager.name),
        intro: [{ text: w.intro(range, week.weekLabel) }, { text: w.noTeam }, ...calendarLine],
        sections: [],
        footer,
      },
    };
  }
  const team = mw.team;
  const behind = team.reps.filter((r) => r.behind).length;
  const neglected = team.reps.reduce((n, r) => n + r.neglected.count, 0);
  const intro: MailDoc["intro"] = [{ text: w.intro(range, week.weekLabel) }];
  if (team.reps.length === 0) intro.push({ text: w.noReps });
  intro.push(...calendarLine);
  const subject = w.subject(range, behind, team.reps.length);
  const docWith = (detailed: number, notesLimit: number): MailDoc => ({
    lang: input.locale,
    title: w.title,
    preheader: w.preheader(behind, team.reps.length, neglected),
    heading: w.heading(team.manager.teamName ?? team.manager.name),
    intro,
    sections: team.reps.length === 0 ? [] : teamSections(ctx, team, detailed, notesLimit),
    footer,
  });
  const fits = (doc: MailDoc) => new TextEncoder().encode(render(subject, doc).html).length <= WEEKLY_HTML_BUDGET;
  let doc = docWith(team.reps.length, TEAM_NOTES_LIMIT);
  if (!fits(doc)) {
    // The most reps in full that fit (the size grows with each one), found by halving.
    const notesLimit = fits(docWith(0, TEAM_NOTES_LIMIT)) ? TEAM_NOTES_LIMIT : TEAM_NOTES_LIMIT_BRIEF;
    let lo = 0;
    let hi = team.reps.length - 1;
    while (lo < hi) {
      const mid = Math.ceil((lo + hi) / 2);
      if (fits(docWith(mid, notesLimit))) lo = mid;
      else hi = mid - 1;
    }
    doc = docWith(lo, notesLimit);
  }
  return { subject, doc };
}

/** The reps in order of need: behind first, then by pace rate (lowest first), then as listed. */
function byNeed(reps: readonly RepWeek[]): RepWeek[] {
  return reps
    .map((r, i) => ({ r, i }))
    .sort((a, b) => Number(b.r.behind) - Number(a.r.behind) || (a.r.paceRate ?? Infinity) - (b.r.paceRate ?? Infinity) || a.i - b.i)
    .map(({ r }) => r);
}

/** The overview, `detailed` reps in full (the most in need), the others in brief, then the notes. */
function teamSections(ctx: Ctx, team: TeamWeek, detailed: number, notesLimit: number): MailSection[] {
  const full = new Set(byNeed(team.reps).slice(0, detailed).map((r) => r.rep.id));
  const brief = team.reps.filter((r) => !full.has(r.rep.id));
  return [
    overview(ctx, team),
    ...team.reps.filter((r) => full.has(r.rep.id)).map((r) => repSection(ctx, team, r)),
    ...(brief.length > 0 ? [briefSection(ctx, brief)] : []),
    ...notesSections(ctx, team, notesLimit),
  ].filter((s) => s.blocks.length > 0);
}

function ruleCell(ctx: Ctx, p: Pace): string {
  return ctx.t.mail.weekly.cell(p.done, p.required);
}

/** Reps without a full section: their pace, R9–R11 and what is overdue, each a link to their month. */
function briefSection(ctx: Ctx, reps: RepWeek[]): MailSection {
  const w = ctx.t.mail.weekly;
  return {
    id: "others",
    title: w.othersTitle(reps.length),
    blocks: [
      { kind: "text", text: w.othersNote, tone: "muted" },
      {
        kind: "items",
        items: reps.map((r): MailItem => {
          const delta = rateDelta(ctx, r);
          const flagged = r.followUps.overdue + r.neglected.count + r.gifts.overCapCount > 0;
          return {
            title: repName(ctx, r),
            href: joinUrl(ctx.origin, `/team/reps/${r.rep.id}`),
            lines: [
              {
                text: w.othersPace(`${rate(ctx, r.paceRate)}${delta ? ` (${delta})` : ""}`, ruleCell(ctx, r.rules.helpAsked), ruleCell(ctx, r.rules.problemsSolved), ruleCell(ctx, r.rules.trainings)),
                tone: r.behind ? "bad" : undefined,
              },
              { text: w.othersFlags(r.followUps.overdue, r.neglected.count, r.gifts.overCapCount), tone: flagged ? "bad" : "muted" },
            ],
          };
        }),
      },
    ],
  };
}

function repName(ctx: Ctx, r: RepWeek): string {
  return r.rep.active ? r.rep.name : `${r.rep.name}${ctx.t.mail.weekly.inactive}`;
}

function overview(ctx: Ctx, team: TeamWeek): MailSection {
  const { t } = ctx;
  const w = t.mail.weekly;
  return {
    id: "overview",
    title: w.overviewTitle,
    blocks: [
      {
        kind: "table",
        head: [w.rep, ...QUOTA_CHANNELS.map((ch) => t.common.channel[ch]), w.paceColumn, w.contactsWeek],
        rows: team.reps.map((r) => {
          const delta = rateDelta(ctx, r);
          return [
            { text: repName(ctx, r) },
            ...QUOTA_CHANNELS.map((ch) => {
              const c = r.byChannel[ch];
              return { text: w.cell(c.credited, c.required), tone: bandTone(c.credited, c.expected, team) };
            }),
            { text: `${rate(ctx, r.paceRate)}${delta ? ` (${delta})` : ""}`, tone: repTone(team, r) },
            { text: `${r.contacts.cur} (${t.mail.signed(r.contacts.cur - r.contacts.prev)})` },
          ];
        }),
      },
      ...teamPaceBars(t, team),
      { kind: "more", text: w.onWeb.change, href: weekList(ctx, team, "change") },
      { kind: "more", text: w.onWeb.rules, href: weekList(ctx, team, "rules") },
    ],
  };
}

/** The policy's pace band as a tone: the same colours as the pages (domain/pace-band.ts). */
function bandTone(done: number, expected: number, team: TeamWeek): Tone {
  return BAND_TONE[paceBand(done, expected, team.bands)];
}

/** A rep's overall pace (the pace column): Σ credited against Σ expected over the three channels. */
function repTone(team: TeamWeek, r: RepWeek): Tone {
  const channels = QUOTA_CHANNELS.map((ch) => ({ done: r.byChannel[ch].credited, expected: r.byChannel[ch].expected }));
  return BAND_TONE[overallBand(channels, team.bands).band];
}

/** A /team list of the summary's week (http/pages/team/week-lists.tsx), perhaps one rep's. */
function weekList(ctx: Ctx, team: TeamWeek, list: "festivals" | "follow-ups" | "rules" | "change", repId?: number): string {
  return joinUrl(ctx.origin, `/team/lists/${list}?week=${team.week.label}${repId === undefined ? "" : `&rep=${repId}`}`);
}

function ruleText(ctx: Ctx, name: string, p: Pace): MailBlock {
  const d = ctx.t.mail.digest;
  return { kind: "text", text: d.rule(name, d.ruleLine(p.done, p.required, fmt(p.expectedByToday))), tone: p.met ? "good" : p.isBehind ? "bad" : undefined };
}

function repSection(ctx: Ctx, team: TeamWeek, r: RepWeek): MailSection {
  const w = ctx.t.mail.weekly;
  const blocks: MailBlock[] = [...paceBlocks(ctx, team, r), ...ruleBlocks(ctx, team, r)];
  blocks.push({ kind: "more", text: w.repPage, href: joinUrl(ctx.origin, `/team/reps/${r.rep.id}`) });
  return { id: `rep-${r.rep.id}`, title: w.repTitle(repName(ctx, r)), blocks };
}

/** Pace by channel and by class (R1–R3), its change since the week before, and the contacts of the two weeks. */
function paceBlocks(ctx: Ctx, team: TeamWeek, r: RepWeek): MailBlock[] {
  const { t } = ctx;
  const w = t.mail.weekly;
  const blocks: MailBlock[] = [];
  blocks.push({ kind: "subhead", text: w.paceTitle(ctx.date(team.week.end)) });
  blocks.push({
    kind: "stats",
    stats: QUOTA_CHANNELS.map((ch) => {
      const c = r.byChannel[ch];
      return {
        label: t.common.channel[ch],
        value: w.cell(c.credited, c.required),
        note: `${t.mail.digest.expected(fmt(c.expected))} · ${t.progress.storesBehind(c.storesBehind, r.storesTotal)}`,
        tone: bandTone(c.credited, c.expected, team),
      };
    }),
  });
  const delta = rateDelta(ctx, r);
  blocks.push({
    kind: "text",
    text: delta ? w.paceRate(rate(ctx, r.paceRate), rate(ctx, r.prevPaceRate), delta) : w.paceRateNew(rate(ctx, r.paceRate)),
    tone: repTone(team, r),
  });
  const classes = STORE_CLASSES.filter((c) => r.byClass[c].stores > 0);
  if (classes.length > 0) {
    blocks.push({
      kind: "table",
      head: [w.storeClass, ...QUOTA_CHANNELS.map((ch) => t.common.channel[ch])],
      rows: classes.map((c) => [
        { text: `${t.common.storeClass[c]} (${r.byClass[c].stores})` },
        ...QUOTA_CHANNELS.map((ch) => ({ text: w.cell(r.byClass[c][ch].credited, r.byClass[c][ch].required) })),
      ]),
    });
  }
  blocks.push({ kind: "text", text: w.change(r.contacts.cur, r.contacts.prev, t.mail.signed(r.contacts.cur - r.contacts.prev)) });
  return blocks;
}

/** Festivals (R4, R5), follow-ups (R6–R8), R9–R11, intel (R12–R17), gifts and stores not contacted lately. */
function ruleBlocks(ctx: Ctx, team: TeamWeek, r: RepWeek): MailBlock[] {
  const { t } = ctx;
  const w = t.mail.weekly;
  const blocks: MailBlock[] = [];
  // R4, R5
  for (const f of r.festivals) {
    blocks.push({ kind: "text", text: w.festivalLine(f.name[ctx.locale], f.covered, f.total), tone: f.covered < f.total ? "bad" : "good" });
  }
  if (r.festivals.length > 0) blocks.push({ kind: "more", text: w.onWeb.festivals, href: weekList(ctx, team, "festivals", r.rep.id) });
  // R6–R8
  blocks.push({ kind: "text", text: w.followUps(r.followUps.done, r.followUps.overdue), tone: r.followUps.overdue > 0 ? "bad" : undefined });
  if (r.followUps.overdue > 0) blocks.push({ kind: "more", text: w.onWeb.followUps, href: weekList(ctx, team, "follow-ups", r.rep.id) });
  // R9–R11
  blocks.push(
    ruleText(ctx, t.progress.rules.R9, r.rules.helpAsked),
    ruleText(ctx, t.progress.rules.R10, r.rules.problemsSolved),
    ruleText(ctx, t.progress.rules.R11, r.rules.trainings),
  );
  // R12–R17
  blocks.push({
    kind: "text",
    text: w.intel(r.intel.complete, r.intel.visits, r.intel.prevComplete, r.intel.prevVisits),
    tone: r.intel.visits > r.intel.complete ? "bad" : undefined,
  });
  // Gifts (compliance: the yearly cap per store)
  blocks.push({ kind: "text", text: w.gifts(t.mail.yuan(r.gifts.week), t.mail.yuan(r.gifts.year)) });
  for (const g of r.gifts.overCap) {
    blocks.push({ kind: "text", text: w.overCap(`${g.storeClass} · ${g.name}`, t.mail.yuan(g.total), t.mail.yuan(team.giftCap)), tone: "bad" });
  }
  // The rest, and the whole team's list, on /team for the same week.
  if (r.gifts.overCapCount > r.gifts.overCap.length) {
    const href = joinUrl(ctx.origin, `/team/lists/gifts?week=${team.week.label}&rep=${r.rep.id}`);
    blocks.push({ kind: "more", text: t.mail.moreItems(r.gifts.overCapCount - r.gifts.overCap.length), href });
  }

  // Stores not contacted for 30+ days
  if (r.neglected.count > 0) {
    blocks.push({ kind: "text", text: w.neglected(r.neglected.count), tone: "bad" });
    blocks.push({
      kind: "items",
      items: r.neglected.first.map(
        (s): MailItem => ({
          title: s.name,
          badge: s.storeClass,
          href: joinUrl(ctx.origin, `/stores/${s.storeId}`),
          lines: [{ text: s.last ? w.lastContact(ctx.date(s.last), daysBetween(s.last, team.week.end)) : s.isNew ? w.newStore : w.noContact, tone: "muted" }],
        }),
      ),
    });
    // The rest, and the whole team's list, on /team for the same week.
    if (r.neglected.count > r.neglected.first.length) {
      const href = joinUrl(ctx.origin, `/team/lists/not-contacted?week=${team.week.label}&rep=${r.rep.id}`);
      blocks.push({ kind: "more", text: ctx.t.mail.moreItems(r.neglected.count - r.neglected.first.length), href });
    }
  }
  return blocks;
}

function noteItem(ctx: Ctx, n: WeekNote): MailItem {
  const { t } = ctx;
  const lines: MailItem["lines"] = [{ text: t.mail.weekly.noteBy(`${n.storeClass} · ${n.storeName}`, n.repName, ctx.date(n.localDate)), tone: "muted" }];
  if (n.subject && n.detail !== n.subject) lines.push({ text: n.detail });
  if (n.reason) lines.push({ text: t.progress.slowReason(n.reason) });
  if (n.action) lines.push({ text: t.progress.slowAction(n.action) });
  return { title: n.subject ?? n.detail, href: joinUrl(ctx.origin, `/stores/${n.storeId}`), lines };
}

function notesSections(ctx: Ctx, team: TeamWeek, limit: number): MailSection[] {
  const w = ctx.t.mail.weekly;
  const out: MailSection[] = [];
  for (const [kind, title] of [
    ["competitor", w.competitorTitle],
    ["slow_mover", w.slowMoversTitle],
    ["product_feedback", w.feedbackTitle],
    ["preference_action", w.preferenceActionsTitle],
  ] as const) {
    const notes = team.notes[kind];
    if (notes.shown.length === 0) continue;
    const shown = [...notes.shown].sort((a, b) => (a.localDate < b.localDate ? 1 : a.localDate > b.localDate ? -1 : b.id - a.id)).slice(0, limit);
    const blocks: MailBlock[] = [{ kind: "items", items: shown.map((n) => noteItem(ctx, n)) }];
    // The rest on /team, the same week's list of that kind in full.
    const href = joinUrl(ctx.origin, `/team/lists/notes?week=${team.week.label}&kind=${kind}`);
    if (notes.total > shown.length) blocks.push({ kind: "more", text: ctx.t.mail.moreItems(notes.total - shown.length), href });
    out.push({ id: kind, title, blocks });
  }
  return out;
}
