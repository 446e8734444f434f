// The sections of the rep's morning digest (mail/digest.ts), in the issue's order, each omitted when
// empty: the month's pace; today's plan; stores behind pace per channel; festivals in their lead time
// (R4, R5) with the per-class actions and the stores not yet covered; birthdays and life events
// (R6–R8) with the greeting text, an sms: and a tel: link; R9–R11; open slow movers (R17); last
// week's visits missing intel (R12–R17). Every task links to the quick-log form prefilled (a GET
// that only opens the form); the "N more" under follow-ups, slow movers and intel links to the rep's
// list of them all (/today/lists/…, listSection renders its pages). Pure: no I/O.
import { BAND_TONE, paceBand } from "../domain/pace-band.ts";
import { followUpKey } from "../domain/digest-greetings.ts";
import { logUrl } from "../domain/log-link.ts";
import type { FestivalAction } from "../domain/policy.ts";
import type { DigestDraft, FestivalDrafts } from "../domain/festival-board.ts";
import type { FollowUp } from "../domain/follow-ups.ts";
import type { GreetingChoice } from "../domain/greetings.ts";
import type { PlanGroup, PlanReason, PlanTask } from "../domain/plan.ts";
import type { RecentVisit, RepContact, RepDay, RepStore, SlowMover } from "../domain/rep-day.ts";
import { repListPath, type RepList } from "../domain/rep-lists.ts";
import { QUOTA_CHANNELS, STORE_CLASSES, type Channel, type Locale, type LocalDate } from "../domain/types.ts";
import type { Messages } from "../i18n/index.ts";
import { dialable, fmt, joinUrl, mapHref, smsHref, telHref, type MailBlock, type MailItem, type MailLink, type MailSection } from "./html.ts";

/** Rows per list before "N more" with a link to the web page: the mail stays short on a phone. */
export const MAIL_LIST_LIMIT = 10;
/** Festival greetings drafted in full per festival (each an sms: link carrying the text): the rest on the festival page. */
export const MAIL_DRAFT_LIMIT = 3;

const ACTION_CHANNEL: Record<FestivalAction, Channel> = { visit_with_gift: "visit", visit: "visit", phone: "phone", message: "message" };

/** What every section reads: the messages, the day, and the day's stores and contacts by id. */
export type Ctx = {
  t: Messages;
  locale: Locale;
  origin: string;
  day: RepDay;
  store: Map<number, RepStore>;
  contact: Map<number, RepContact>;
  greetings: ReadonlyMap<string, GreetingChoice>;
  festivalDrafts: FestivalDrafts;
  date: (d: LocalDate) => string;
};

/** The digest's sections with something in them, in order. */
export function digestSections(ctx: Ctx): MailSection[] {
  return [
    paceSection(ctx),
    planSection(ctx),
    behindSection(ctx),
    festivalsSection(ctx),
    followUpsSection(ctx),
    rulesSection(ctx),
    slowMoversSection(ctx),
    intelSection(ctx),
  ].filter((s): s is MailSection => s !== null && s.blocks.length > 0);
}


function paceSection(ctx: Ctx): MailSection {
  const { t, day } = ctx;
  const d = t.mail.digest;
  const stats = QUOTA_CHANNELS.map((ch) => {
    const h = day.pace.headline[ch];
    return {
      label: t.common.channel[ch],
      value: `${h.credited}/${h.required}`,
      note: d.expected(fmt(h.expectedByToday)),
      tone: BAND_TONE[paceBand(h.credited, h.expectedByToday, day.bands)],
    };
  });
  const behind = day.pace.storesBehind;
  // Green only when the headline agrees: stores each a fraction behind add up to a whole contact behind.
  const slipping = behind === 0 && QUOTA_CHANNELS.some((ch) => day.pace.headline[ch].expectedByToday - day.pace.headline[ch].credited >= 1);
  const storesLine = slipping
    ? { kind: "text" as const, text: t.progress.storesSlipping(day.pace.storesTotal) }
    : { kind: "text" as const, text: t.progress.storesBehind(behind, day.pace.storesTotal), tone: behind > 0 ? ("bad" as const) : ("good" as const) };
  return { id: "pace", title: d.paceTitle, blocks: [{ kind: "stats", stats }, storesLine] };
}

function storeTitle(ctx: Ctx, storeId: number): Pick<MailItem, "title" | "badge"> {
  const s = ctx.store.get(storeId);
  return s ? { title: s.name, badge: s.class } : { title: `#${storeId}` };
}

function who(ctx: Ctx, contactId: number | undefined): string {
  const c = contactId === undefined ? undefined : ctx.contact.get(contactId);
  return c ? ctx.t.mail.contactName(c.name, c.formOfAddress) : "";
}

function followUpWhat(ctx: Ctx, f: Pick<FollowUp, "kind" | "contactId">): string {
  const { t } = ctx;
  if (f.kind !== "birthday") return t.common.lifeEvent[f.kind];
  return ctx.contact.get(f.contactId)?.birthday?.calendar === "lunar" ? t.mail.digest.lunarBirthday : t.mail.digest.solarBirthday;
}

function statusText(ctx: Ctx, f: Pick<FollowUp, "status" | "dueDate" | "eventDate" | "daysOverdue">): string {
  const s = ctx.t.progress.status;
  return f.status === "overdue" ? s.overdue(f.daysOverdue) : f.status === "upcoming" ? s.upcoming(ctx.date(f.eventDate)) : s.due(ctx.date(f.dueDate));
}

function sinceText(ctx: Ctx, days: number | null, storeId: number): string {
  const p = ctx.t.progress;
  if (days === null && ctx.day.newStores.has(storeId)) return p.newStore;
  return days === null ? p.noRecentContact : days === 0 ? p.contactedToday : p.planSilent(days);
}

function actionLabel(ctx: Ctx, a: FestivalAction): string {
  return ctx.t.progress.actions[a];
}

function festivalName(ctx: Ctx, key: string | undefined): string {
  const f = ctx.day.festivals.find((x) => x.occurrence.key === key);
  return f ? f.occurrence.name[ctx.locale] : (key ?? "");
}

/** The phone actions of a contact: tel:, and sms: with the greeting when there is one. */
function phoneLinks(ctx: Ctx, phone: string | null | undefined, greeting: string | null, wantSms: boolean): MailLink[] {
  const number = dialable(phone);
  if (!number) return [];
  const links: MailLink[] = [];
  if (wantSms && greeting) links.push({ label: ctx.t.mail.sms, href: smsHref(number, greeting) });
  links.push({ label: ctx.t.mail.call, href: telHref(number) });
  return links;
}

/** The follow-up a plan reason stands for (its greeting is drafted under that key). */
function followUpOf(ctx: Ctx, r: PlanReason & { kind: "follow_up" }) {
  return ctx.day.followUps.find((x) => x.contactId === r.contactId && x.lifeEventId === r.lifeEventId && x.kind === r.followUp.kind && x.dueDate === r.followUp.dueDate);
}

/** "本月拜访 1/4，已 12 天未联系；王姐生日": why the item is in today's plan, in one line. */
function whyLine(ctx: Ctx, task: PlanTask): string {
  const p = ctx.t.progress;
  const head: string[] = [];
  if (task.pace) head.push(p.planMonth(ctx.t.common.channel[task.channel], task.pace.done, task.pace.required));
  head.push(sinceText(ctx, task.daysSinceLastContact, task.storeId));
  const reasons = task.reasons.map((r) => {
    if (r.kind === "festival") return p.reasonFestival(festivalName(ctx, r.festivalKey), actionLabel(ctx, r.action));
    const what = p.planFollowUp(who(ctx, r.contactId), followUpWhat(ctx, { kind: r.followUp.kind, contactId: r.contactId }));
    return r.followUp.status === "overdue" ? p.planOverdue(what, p.status.overdue(r.followUp.daysOverdue)) : what;
  });
  return [head.join(p.planPartsJoin), ...reasons].join(p.planReasonsJoin);
}

/** A mobile number (sms: reaches only those): 11 digits from 1, with or without +86. */
function mobile(number: string | null): string | null {
  return number && /^(\+?86)?1\d{10}$/.test(number) ? number : null;
}

function taskItem(ctx: Ctx, task: PlanTask): MailItem {
  const { t } = ctx;
  const store = ctx.store.get(task.storeId);
  const first = task.reasons[0];
  const greeting = first?.kind === "follow_up" ? ((f) => (f ? ctx.greetings.get(followUpKey(f)) : undefined))(followUpOf(ctx, first)) : undefined;
  const contact = task.contactId === undefined ? undefined : ctx.contact.get(task.contactId);
  const links: MailLink[] = [
    {
      label: t.mail.logIt,
      primary: true,
      href: logUrl(ctx.origin, {
        storeId: task.storeId,
        channel: task.channel,
        ...(task.contactId !== undefined ? { contactId: task.contactId } : {}),
        occasion: task.occasion,
        ...(task.festivalKey !== undefined ? { festivalKey: task.festivalKey } : {}),
        ...(task.lifeEventId !== undefined ? { lifeEventId: task.lifeEventId } : {}),
        greetingTemplateId: greeting?.templateId ?? null,
      }),
    },
  ];
  if (task.channel === "visit" && store && (store.address || store.name)) {
    links.push({ label: t.progress.map, href: mapHref(store.address || store.name, store.city) });
  }
  // A call or message goes to the contact when there is one, otherwise to the store's phone (a
  // message only when that is a mobile number).
  if (task.channel === "phone") links.push(...phoneLinks(ctx, contact ? contact.phone : store?.phone, null, false));
  if (task.channel === "message") {
    // A contact's greeting goes with its text (none drafted: a call instead, as in the follow-ups' list).
    const number = contact ? null : mobile(dialable(store?.phone));
    if (contact) links.push(...phoneLinks(ctx, contact.phone, greeting?.text ?? null, true));
    else if (number) links.push({ label: t.mail.sms, href: `sms:${number}` });
  }
  const overdue = task.reasons.some((r) => r.kind === "follow_up" && r.followUp.status === "overdue");
  return {
    ...storeTitle(ctx, task.storeId),
    lines: [{ text: whyLine(ctx, task), ...(overdue ? { tone: "bad" as const } : {}) }],
    links,
    ...(task.channel === "visit" || task.channel === "phone" || task.channel === "message" ? { skip: { storeId: task.storeId, channel: task.channel } } : {}),
  };
}

function planSection(ctx: Ctx): MailSection | null {
  const { t, day } = ctx;
  const { plan } = day;
  if (plan.tasks.length === 0) return null;
  const { visit, phone, message } = plan.limits;
  const blocks: MailBlock[] = [{ kind: "text", text: t.progress.planPaced(visit, phone, message), tone: "muted" }];
  const groups: PlanGroup[] = ["visit", "phone", "message", "other"];
  for (const g of groups) {
    const tasks = plan.groups[g];
    if (tasks.length === 0) continue;
    blocks.push({ kind: "subhead", text: `${t.progress.groups[g]} · ${tasks.length}` });
    // Visits area by area (the district of the address), so a rep can plan the route.
    if (g === "visit") {
      for (const a of plan.areas) {
        if (a.area) blocks.push({ kind: "text", text: t.progress.area(a.area, a.tasks.length), tone: "muted" });
        blocks.push({ kind: "items", items: a.tasks.map((task) => taskItem(ctx, task)) });
      }
    } else blocks.push({ kind: "items", items: tasks.map((task) => taskItem(ctx, task)) });
  }
  return { id: "plan", title: t.mail.digest.planTitle, blocks };
}

function behindSection(ctx: Ctx): MailSection | null {
  const { t, day } = ctx;
  const blocks: MailBlock[] = [];
  for (const ch of QUOTA_CHANNELS) {
    const rows = day.behind[ch];
    if (rows.length === 0) continue;
    blocks.push(
      { kind: "subhead", text: `${t.common.channel[ch]} · ${rows.length}` },
      {
        kind: "items",
        items: rows.slice(0, MAIL_LIST_LIMIT).map((r) => ({
          ...storeTitle(ctx, r.storeId),
          lines: [{ text: t.mail.digest.behindLine(r.done, r.required, fmt(r.expectedByToday)), tone: "bad" as const }],
          links: [{ label: t.mail.logIt, href: logUrl(ctx.origin, { storeId: r.storeId, channel: ch, occasion: "routine" }) }],
        })),
      },
    );
    if (rows.length > MAIL_LIST_LIMIT) {
      blocks.push({ kind: "more", text: t.mail.moreStores(rows.length - MAIL_LIST_LIMIT), href: joinUrl(ctx.origin, "/stores?behind=1") });
    }
  }
  return { id: "behind", title: t.mail.digest.behindTitle, blocks };
}

function festivalsSection(ctx: Ctx): MailSection | null {
  const { t, day } = ctx;
  const blocks: MailBlock[] = [];
  for (const f of day.festivals) {
    const o = f.occurrence;
    const actions = (list: readonly FestivalAction[]) => list.map((a) => actionLabel(ctx, a)).join(t.mail.listJoin);
    blocks.push({ kind: "subhead", text: `${o.name[ctx.locale]} · ${t.progress.festivalWhen(ctx.date(o.date), f.daysUntil)}` });
    blocks.push({ kind: "text", text: f.windowOpen ? t.progress.windowOpen : t.progress.windowOpens(ctx.date(o.windowStart)), tone: "muted" });
    for (const cls of STORE_CLASSES) {
      const count = f.coverage.byClass[cls];
      if (count.stores === 0) continue;
      blocks.push({
        kind: "text",
        text: `${t.progress.classActions(t.common.storeClass[cls], actions(o.actions[cls]))} · ${t.progress.coverage(count.covered, count.stores)}`,
        tone: count.covered < count.stores ? undefined : "good",
      });
    }
    const shown = f.uncovered.slice(0, MAIL_LIST_LIMIT);
    if (shown.length > 0) {
      blocks.push({
        kind: "items",
        items: shown.map((s) => ({
          ...storeTitle(ctx, s.storeId),
          lines: [{ text: t.progress.missing(actions(s.missing)) }],
          // Outside the window a festival contact would not count yet (R4, R5): no link to log one.
          links: f.windowOpen
            ? [...new Set(s.missing)].map((a, i) => ({
                label: t.mail.logAction(actionLabel(ctx, a)),
                primary: i === 0,
                href: logUrl(ctx.origin, { storeId: s.storeId, channel: ACTION_CHANNEL[a], occasion: "festival", festivalKey: o.key }),
              }))
            : [],
        })),
      });
    }
    const board = joinUrl(ctx.origin, `/festivals/${o.key}`);
    if (f.uncovered.length > shown.length) blocks.push({ kind: "more", text: t.mail.moreStores(f.uncovered.length - shown.length), href: board });
    // The festival page lists every store with a greeting drafted for each contact (R4, R5).
    if (f.uncovered.length > 0) blocks.push({ kind: "more", text: t.festivals.openBoard, href: board });
    blocks.push(...draftBlocks(ctx, o.key, board));
  }
  return { id: "festivals", title: t.mail.digest.festivalsTitle, blocks };
}

/** R4, R5: a few contacts' festival greetings in full (sms: with the text, tel:, log it), then how many more and where. */
function draftBlocks(ctx: Ctx, key: string, board: string): MailBlock[] {
  const { t } = ctx;
  const drafts = ctx.festivalDrafts.byFestival.get(key) ?? [];
  if (drafts.length === 0) return [];
  const shown = drafts.slice(0, MAIL_DRAFT_LIMIT);
  const blocks: MailBlock[] = [
    { kind: "subhead", text: t.festivals.draftsTitle(drafts.length) },
    { kind: "items", items: shown.map((d) => draftItem(ctx, key, d)) },
  ];
  // Never cut silently: the count when every draft was read, else a pointer to the page's full list.
  if (ctx.festivalDrafts.capped) blocks.push({ kind: "more", text: t.festivals.allDrafts, href: board });
  else if (drafts.length > shown.length) blocks.push({ kind: "more", text: t.festivals.moreDrafts(drafts.length - shown.length), href: board });
  return blocks;
}

function draftItem(ctx: Ctx, key: string, d: DigestDraft): MailItem {
  const { t } = ctx;
  const s = ctx.store.get(d.storeId);
  return {
    title: `${d.who} · ${s?.name ?? `#${d.storeId}`}`,
    ...(s ? { badge: s.class } : {}),
    quote: d.greeting.text,
    links: [
      {
        label: t.mail.logIt,
        primary: true,
        href: logUrl(ctx.origin, {
          storeId: d.storeId,
          channel: d.sms ? "message" : "phone",
          contactId: d.contactId,
          occasion: "festival",
          festivalKey: key,
          greetingTemplateId: d.greeting.templateId,
        }),
      },
      ...phoneLinks(ctx, d.phone, d.greeting.text, d.sms),
    ],
  };
}

function followUpItem(ctx: Ctx, f: RepDay["followUps"][number]): MailItem {
  const { t } = ctx;
  const contact = ctx.contact.get(f.contactId);
  const store = ctx.store.get(f.storeId);
  const greeting = ctx.greetings.get(followUpKey(f));
  const lines: MailItem["lines"] = [
    { text: store ? `${store.class} · ${store.name}` : `#${f.storeId}` },
    { text: statusText(ctx, f), tone: f.status === "overdue" ? "bad" : "muted" },
  ];
  if (!greeting) lines.push({ text: t.mail.digest.noGreeting, tone: "muted" });
  if (!dialable(contact?.phone)) lines.push({ text: t.mail.noPhone, tone: "muted" });
  return {
    title: `${who(ctx, f.contactId)} · ${followUpWhat(ctx, f)}`,
    lines,
    ...(greeting ? { quote: greeting.text } : {}),
    links: [
      {
        label: t.mail.logIt,
        primary: true,
        href: logUrl(ctx.origin, {
          storeId: f.storeId,
          channel: f.requiredChannel,
          contactId: f.contactId,
          occasion: f.kind === "birthday" ? "birthday" : "life_event",
          ...(f.lifeEventId !== undefined ? { lifeEventId: f.lifeEventId } : {}),
          greetingTemplateId: greeting?.templateId ?? null,
        }),
      },
      ...phoneLinks(ctx, contact?.phone, greeting?.text ?? null, true),
    ],
  };
}

/** "N more", linking to the rep's list of them all. */
function moreBlock(ctx: Ctx, list: RepList, more: number): MailBlock {
  return { kind: "more", text: ctx.t.mail.moreItems(more), href: joinUrl(ctx.origin, repListPath(list)) };
}

function followUpsSection(ctx: Ctx): MailSection | null {
  const { t, day } = ctx;
  if (day.followUps.length === 0) return null;
  const shown = day.followUps.slice(0, MAIL_LIST_LIMIT);
  const blocks: MailBlock[] = [{ kind: "items", items: shown.map((f) => followUpItem(ctx, f)) }];
  if (day.followUps.length > shown.length) blocks.push(moreBlock(ctx, "follow-ups", day.followUps.length - shown.length));
  return { id: "follow-ups", title: t.mail.digest.followUpsTitle, blocks };
}

function rulesSection(ctx: Ctx): MailSection {
  const { t, day } = ctx;
  const { rules } = day;
  const line = (name: string, p: { done: number; required: number; expectedByToday: number; isBehind: boolean; met: boolean }) => ({
    kind: "text" as const,
    text: t.mail.digest.rule(name, t.mail.digest.ruleLine(p.done, p.required, fmt(p.expectedByToday))),
    tone: p.met ? ("good" as const) : p.isBehind ? ("bad" as const) : undefined,
  });
  const blocks: MailBlock[] = [
    line(t.progress.rules.R9, rules.helpAsked),
    line(t.progress.rules.R10, rules.problemsSolved),
    line(t.progress.rules.R11, rules.trainings),
  ];
  const short = rules.problemsSolved.shortStores.length;
  if (rules.problemsSolved.scope === "store" && short > 0) blocks.push({ kind: "text", text: t.progress.shortStores(short), tone: "muted" });
  return { id: "rules", title: t.mail.digest.rulesTitle, blocks };
}

function slowMoverItem(ctx: Ctx, m: SlowMover): MailItem {
  const { t } = ctx;
  const s = ctx.store.get(m.storeId);
  const lines: MailItem["lines"] = [{ text: `${s ? `${s.class} · ${s.name}` : `#${m.storeId}`} · ${t.mail.digest.reportedOn(ctx.date(m.localDate))}`, tone: "muted" }];
  if (m.subject && m.detail !== m.subject) lines.push({ text: m.detail });
  if (m.reason) lines.push({ text: t.progress.slowReason(m.reason) });
  if (m.action) lines.push({ text: t.progress.slowAction(m.action) });
  return { title: m.subject ?? m.detail, href: joinUrl(ctx.origin, `/stores/${m.storeId}`), lines };
}

function slowMoversSection(ctx: Ctx): MailSection | null {
  const { t, day } = ctx;
  if (day.slowMovers.length === 0) return null;
  const shown = day.slowMovers.slice(0, MAIL_LIST_LIMIT);
  const blocks: MailBlock[] = [{ kind: "items", items: shown.map((m) => slowMoverItem(ctx, m)) }];
  // The total, not the rows read: the digest reads only the first few (SLOW_MOVERS_PER_REP).
  if (day.slowMoversTotal > shown.length) blocks.push(moreBlock(ctx, "slow-movers", day.slowMoversTotal - shown.length));
  return { id: "slow-movers", title: t.mail.digest.slowMoversTitle, blocks };
}

function intelItem(ctx: Ctx, v: RecentVisit): MailItem {
  const { t, day } = ctx;
  return {
    ...storeTitle(ctx, v.storeId),
    // Opens the form that adds intel to exactly this visit.
    href: joinUrl(ctx.origin, `/interactions/${v.interactionId}/intel`),
    lines: [{ text: `${t.mail.digest.visitOn(ctx.date(v.localDate))} · ${t.progress.intelOf(v.intelKinds, day.intel.target)}`, tone: "bad" as const }],
  };
}

function intelSection(ctx: Ctx): MailSection | null {
  const { t, day } = ctx;
  if (day.visitsMissingIntel.length === 0) return null;
  const shown = day.visitsMissingIntel.slice(0, MAIL_LIST_LIMIT);
  const blocks: MailBlock[] = [
    { kind: "text", text: t.progress.intelRate(day.intel.complete, day.intel.visits), tone: "muted" },
    { kind: "items", items: shown.map((v) => intelItem(ctx, v)) },
  ];
  if (day.visitsMissingIntel.length > shown.length) blocks.push(moreBlock(ctx, "intel", day.visitsMissingIntel.length - shown.length));
  return { id: "intel", title: t.mail.digest.intelTitle, blocks };
}

/**
 * One page of a rep's list in full (the digest's sections uncapped): the same items the digest
 * shows, rows `offset` to `offset + limit`, and how many there are in all.
 */
export function listSection(ctx: Ctx, list: RepList, offset: number, limit: number): { section: MailSection; total: number } {
  const { t, day } = ctx;
  const page = <T,>(rows: readonly T[], item: (row: T) => MailItem): MailBlock[] => {
    const items = rows.slice(offset, offset + limit).map(item);
    return items.length > 0 ? [{ kind: "items", items }] : [];
  };
  switch (list) {
    case "follow-ups":
      return {
        section: { id: list, title: t.mail.digest.followUpsTitle, blocks: page(day.followUps, (f) => followUpItem(ctx, f)) },
        total: day.followUps.length,
      };
    case "slow-movers":
      return {
        section: { id: list, title: t.mail.digest.slowMoversTitle, blocks: page(day.slowMovers, (m) => slowMoverItem(ctx, m)) },
        total: day.slowMoversTotal,
      };
    case "intel":
      return {
        section: {
          id: list,
          title: t.mail.digest.intelTitle,
          blocks: [{ kind: "text", text: t.progress.intelRate(day.intel.complete, day.intel.visits), tone: "muted" }, ...page(day.visitsMissingIntel, (v) => intelItem(ctx, v))],
        },
        total: day.visitsMissingIntel.length,
      };
  }
}
