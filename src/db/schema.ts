// The whole data model (SPEC §4). One organisation per deployment.
// Times are epoch milliseconds (UTC); `localDate` columns hold the organisation's calendar date
// (YYYY-MM-DD) so month and range queries use plain index ranges.
import { sql } from "drizzle-orm";
import type { PolicyRules } from "../domain/policy.ts";
import { check, customType, index, integer, primaryKey, real, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";

const now = sql`(cast(unixepoch('subsec') * 1000 as integer))`;
const createdAt = () => integer("created_at").notNull().default(now);
const bool = (name: string) => integer(name, { mode: "boolean" });
/** Raw bytes as a plain Uint8Array in workerd and Node alike (Drizzle's own blob() maps through Node's Buffer). */
const bytes = customType<{ data: Uint8Array; driverData: ArrayBuffer | Uint8Array }>({
  dataType: () => "blob",
  fromDriver: (value) => (value instanceof Uint8Array ? value : new Uint8Array(value)),
});

export const teams = sqliteTable("teams", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  name: text("name").notNull().unique(),
  createdAt: createdAt(),
});

export const users = sqliteTable(
  "users",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    email: text("email").notNull().unique(),
    name: text("name").notNull(),
    role: text("role", { enum: ["rep", "manager", "admin"] }).notNull(),
    /** A rep's team, or the team a manager leads. */
    teamId: integer("team_id").references(() => teams.id, { onDelete: "set null" }),
    locale: text("locale", { enum: ["zh-CN", "en"] }).notNull().default("zh-CN"),
    timeZone: text("time_zone").notNull().default("Asia/Shanghai"),
    /** Local HH:MM of the morning digest. */
    digestTime: text("digest_time").notNull().default("07:30"),
    digestPaused: bool("digest_paused").notNull().default(false),
    phone: text("phone"),
    active: bool("active").notNull().default(true),
    /** SHA-256 of the private calendar-feed token; null when revoked or never issued. */
    calendarTokenHash: text("calendar_token_hash").unique(),
    createdAt: createdAt(),
  },
  (t) => [
    index("users_team_idx").on(t.teamId, t.role),
    check("users_role_ck", sql`${t.role} in ('rep','manager','admin')`),
    check("users_locale_ck", sql`${t.locale} in ('zh-CN','en')`),
    check("users_digest_time_ck", sql`${t.digestTime} glob '[0-2][0-9]:[0-5][0-9]'`),
  ],
);

export const stores = sqliteTable(
  "stores",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    name: text("name").notNull(),
    /** The company's or the chain's code for the store: unique when present; CSV import matches on it. */
    code: text("code"),
    class: text("class", { enum: ["A", "B", "C"] }).notNull(),
    /** The current rep and class; who held the store and in which class before is in store_assignments. */
    repId: integer("rep_id").references(() => users.id, { onDelete: "set null" }),
    address: text("address"),
    city: text("city"),
    phone: text("phone"),
    archived: bool("archived").notNull().default(false),
    /** Where the store is (WGS 84, as browsers report positions), for on-site check-in (issue 14). */
    lat: real("lat"),
    lng: real("lng"),
    /**
     * Who set the coordinates: the first confident check-in, a manager, or a CSV import. (All three
     * or none, which the writers keep: a CHECK would make drizzle-kit rebuild the table.)
     */
    locationSource: text("location_source", { enum: ["check_in", "manager", "import"] }),
    createdAt: createdAt(),
  },
  (t) => [
    index("stores_rep_idx").on(t.repId, t.archived),
    index("stores_city_idx").on(t.city),
    uniqueIndex("stores_code_uq").on(t.code).where(sql`${t.code} is not null`),
    check("stores_class_ck", sql`${t.class} in ('A','B','C')`),
  ],
);

/**
 * Who held each store, in which class, over time (issue 11: history does not move). A month is
 * computed from the rows that held in it, so reassigning or reclassifying a store never rewrites
 * the past. Dates are the organisation's local dates: `validFrom` included, `validTo` excluded
 * (the day the next row starts); the current row has `validTo` null. An archived store has no
 * current row. Rows are written by syncAssignments (db/queries/store-assignments.ts) in the same
 * batch as every change to a store's rep, class or archiving.
 */
export const storeAssignments = sqliteTable(
  "store_assignments",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    storeId: integer("store_id")
      .notNull()
      .references(() => stores.id, { onDelete: "cascade" }),
    /** Null while the store has no rep. */
    repId: integer("rep_id").references(() => users.id, { onDelete: "set null" }),
    tier: text("tier", { enum: ["A", "B", "C"] }).notNull(),
    validFrom: text("valid_from").notNull(),
    validTo: text("valid_to"),
  },
  (t) => [
    // A rep's rows overlapping a month: rep, then start (the month's reads).
    index("store_assignments_rep_idx").on(t.repId, t.validFrom),
    index("store_assignments_store_idx").on(t.storeId, t.validFrom),
    // At most one current row per store.
    uniqueIndex("store_assignments_current_uq").on(t.storeId).where(sql`${t.validTo} is null`),
    check("store_assignments_tier_ck", sql`${t.tier} in ('A','B','C')`),
    check("store_assignments_range_ck", sql`${t.validTo} is null or ${t.validTo} > ${t.validFrom}`),
  ],
);

export const contacts = sqliteTable(
  "contacts",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    storeId: integer("store_id")
      .notNull()
      .references(() => stores.id, { onDelete: "cascade" }),
    role: text("role", { enum: ["owner", "manager", "clerk", "pharmacist", "buyer"] }).notNull(),
    name: text("name").notNull(),
    /** How the rep addresses them: 王姐, 李总, 张老师. */
    formOfAddress: text("form_of_address"),
    phone: text("phone"),
    wechat: text("wechat"),
    qq: text("qq"),
    /** Birthdays are kept as month/day in the calendar the contact uses; a lunar birthday moves every solar year. */
    birthdayCalendar: text("birthday_calendar", { enum: ["solar", "lunar"] }),
    birthdayMonth: integer("birthday_month"),
    birthdayDay: integer("birthday_day"),
    /** Born in a lunar leap month (闰月). */
    birthdayLeapMonth: bool("birthday_leap_month").notNull().default(false),
    birthYear: integer("birth_year"),
    tags: text("tags", { mode: "json" }).$type<string[]>().notNull().default(sql`'[]'`),
    /** Personal data (R13): readable by the store's rep, that rep's manager and admins only. */
    preferences: text("preferences"),
    /** Personal data (R15). */
    familyNotes: text("family_notes"),
    doNotContact: bool("do_not_contact").notNull().default(false),
    createdAt: createdAt(),
    updatedAt: integer("updated_at").notNull().default(now),
  },
  (t) => [
    index("contacts_store_idx").on(t.storeId),
    index("contacts_birthday_idx").on(t.birthdayCalendar, t.birthdayMonth, t.birthdayDay),
    check("contacts_role_ck", sql`${t.role} in ('owner','manager','clerk','pharmacist','buyer')`),
    check(
      "contacts_birthday_ck",
      sql`(${t.birthdayCalendar} is null and ${t.birthdayMonth} is null and ${t.birthdayDay} is null)
        or (${t.birthdayCalendar} in ('solar','lunar') and ${t.birthdayMonth} between 1 and 12
            and ${t.birthdayDay} between 1 and (case ${t.birthdayCalendar} when 'lunar' then 30 else 31 end))`,
    ),
  ],
);

export const lifeEvents = sqliteTable(
  "life_events",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    contactId: integer("contact_id")
      .notNull()
      .references(() => contacts.id, { onDelete: "cascade" }),
    kind: text("kind", { enum: ["wedding", "new_baby", "bereavement", "illness", "accident"] }).notNull(),
    date: text("date").notNull(),
    notes: text("notes"),
    /**
     * Who the event is about: the contact, or one of their family (an illness of 父亲 is not the
     * contact's own). Greeting drafts word themselves by it (令尊, 令堂, 您爱人, 孩子, 家人).
     * No CHECK: adding one would rebuild the table and drop its AUTOINCREMENT sequence (seeded above
     * every audited id in 0004); the input rules (domain/fields.ts) keep the values.
     */
    concerns: text("concerns", { enum: ["self", "father", "mother", "spouse", "child", "other"] }).notNull().default("self"),
    /** open until an interaction with the required channel is linked to it (R7, R8). */
    state: text("state", { enum: ["open", "done", "dismissed"] }).notNull().default("open"),
    createdAt: createdAt(),
  },
  (t) => [
    index("life_events_contact_idx").on(t.contactId),
    index("life_events_open_idx").on(t.state, t.date),
    check("life_events_kind_ck", sql`${t.kind} in ('wedding','new_baby','bereavement','illness','accident')`),
    check("life_events_state_ck", sql`${t.state} in ('open','done','dismissed')`),
    check("life_events_date_ck", sql`${t.date} glob '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'`),
  ],
);

export const interactions = sqliteTable(
  "interactions",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    repId: integer("rep_id")
      .notNull()
      .references(() => users.id),
    storeId: integer("store_id")
      .notNull()
      .references(() => stores.id, { onDelete: "cascade" }),
    contactId: integer("contact_id").references(() => contacts.id, { onDelete: "set null" }),
    channel: text("channel", { enum: ["visit", "phone", "message", "third_party"] }).notNull(),
    occurredAt: integer("occurred_at").notNull(),
    /** occurredAt as a date in the organisation's time zone: what the monthly rules count by. */
    localDate: text("local_date").notNull(),
    occasion: text("occasion", { enum: ["routine", "festival", "birthday", "life_event", "training"] })
      .notNull()
      .default("routine"),
    /** For festival occasions (R4, R5): which festival and which year's. */
    festivalKey: text("festival_key"),
    festivalYear: integer("festival_year"),
    lifeEventId: integer("life_event_id").references(() => lifeEvents.id, { onDelete: "set null" }),
    giftWhat: text("gift_what"),
    /** CNY. */
    giftValue: real("gift_value"),
    askedHelp: bool("asked_help").notNull().default(false), // R9
    problemSolved: text("problem_solved"), // R10: what was solved; null when nothing
    trainingTopic: text("training_topic"), // R11
    notes: text("notes"),
    /** The greeting template variant sent, so next year's greeting differs. */
    greetingTemplateId: integer("greeting_template_id"),
    /** Set by the client; a retry with the same key returns the first row. */
    idempotencyKey: text("idempotency_key").notNull(),
    /**
     * On-site check-in (issue 14, when the policy has it on): the rep's device position at the moment a
     * visit was logged, and its accuracy in metres. Personal data of the rep, kept on this row only.
     */
    lat: real("lat"),
    lng: real("lng"),
    accuracyM: real("accuracy_m"),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("interactions_idem_uq").on(t.repId, t.idempotencyKey),
    index("interactions_rep_date_idx").on(t.repId, t.localDate),
    // Channel and occasion ride along: the digest's scans of the reps' stores (counts and last
    // contact, slow movers, festival and birthday contacts) filter on them in the index instead of
    // reading each row (a 100-rep × 80-store job: these selects ~30 % less sqld time).
    index("interactions_store_date_idx").on(t.storeId, t.localDate, t.channel, t.occasion),
    index("interactions_contact_idx").on(t.contactId),
    index("interactions_life_event_idx").on(t.lifeEventId),
    check("interactions_channel_ck", sql`${t.channel} in ('visit','phone','message','third_party')`),
    check("interactions_occasion_ck", sql`${t.occasion} in ('routine','festival','birthday','life_event','training')`),
    check("interactions_gift_ck", sql`${t.giftValue} is null or ${t.giftValue} >= 0`),
    check("interactions_festival_ck", sql`${t.occasion} <> 'festival' or ${t.festivalKey} is not null`),
  ],
);

export const visitInsights = sqliteTable(
  "visit_insights",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    interactionId: integer("interaction_id")
      .notNull()
      .references(() => interactions.id, { onDelete: "cascade" }),
    kind: text("kind", {
      enum: ["product_feedback", "clerk_preference", "preference_action", "family", "competitor", "slow_mover"],
    }).notNull(),
    contactId: integer("contact_id").references(() => contacts.id, { onDelete: "set null" }),
    /** A product (ours or a competitor's) the insight is about. */
    subject: text("subject"),
    detail: text("detail").notNull(),
    reason: text("reason"),
    action: text("action"),
    status: text("status", { enum: ["open", "resolved"] }).notNull().default("open"),
    /** R17: what worked, when a slow mover was marked resolved, by whom and when. */
    resolution: text("resolution"),
    /** A user id, no foreign key: the audit log keeps who did it even after the user is gone. */
    resolvedBy: integer("resolved_by"),
    resolvedAt: integer("resolved_at"),
    createdAt: createdAt(),
  },
  (t) => [
    // Kind and status ride along: the slow-mover and intel-kind scans of the reps' visits
    // (rep-month.ts) read them from the index, not the row (month intel: ~30 % less sqld time).
    index("visit_insights_interaction_idx").on(t.interactionId, t.kind, t.status),
    index("visit_insights_kind_idx").on(t.kind, t.status),
    check(
      "visit_insights_kind_ck",
      sql`${t.kind} in ('product_feedback','clerk_preference','preference_action','family','competitor','slow_mover')`,
    ),
    check("visit_insights_status_ck", sql`${t.status} in ('open','resolved')`),
  ],
);

/**
 * Interactions a rep, manager or admin deleted (DELETE /api/interactions/:id, the edit page's
 * delete, the quick log's undo): the row moved here whole, with its visit insights as JSON, who
 * deleted it and when. Moving it out of `interactions` (rather than flagging it there) means no
 * count can include it — pace, coverage, gift totals, R9–R11, intel, digests, the weekly, the
 * calendar feed and any query written later read `interactions` alone. Its id is never reused
 * (interactions' ids are AUTOINCREMENT), and its idempotency key stays known, so a replayed
 * create of an undone log answers with this row instead of logging it again.
 */
export const deletedInteractions = sqliteTable(
  "deleted_interactions",
  {
    /** The id it had in `interactions`. */
    id: integer("id").primaryKey(),
    repId: integer("rep_id").notNull(),
    storeId: integer("store_id").notNull(),
    contactId: integer("contact_id"),
    channel: text("channel", { enum: ["visit", "phone", "message", "third_party"] }).notNull(),
    occurredAt: integer("occurred_at").notNull(),
    localDate: text("local_date").notNull(),
    occasion: text("occasion", { enum: ["routine", "festival", "birthday", "life_event", "training"] }).notNull(),
    festivalKey: text("festival_key"),
    festivalYear: integer("festival_year"),
    lifeEventId: integer("life_event_id"),
    giftWhat: text("gift_what"),
    giftValue: real("gift_value"),
    askedHelp: bool("asked_help").notNull(),
    problemSolved: text("problem_solved"),
    trainingTopic: text("training_topic"),
    notes: text("notes"),
    greetingTemplateId: integer("greeting_template_id"),
    idempotencyKey: text("idempotency_key").notNull(),
    /** The visit's check-in position, moved with it (the delete copies every column of `interactions`). */
    lat: real("lat"),
    lng: real("lng"),
    accuracyM: real("accuracy_m"),
    createdAt: integer("created_at").notNull(),
    /** Its visit insights as they were: `[{ id, kind, contactId, subject, detail, reason, action, status }]`. */
    insights: text("insights", { mode: "json" }).$type<Record<string, unknown>[]>().notNull(),
    deletedAt: integer("deleted_at").notNull(),
    deletedBy: integer("deleted_by").references(() => users.id, { onDelete: "set null" }),
  },
  (t) => [
    uniqueIndex("deleted_interactions_idem_uq").on(t.repId, t.idempotencyKey),
    index("deleted_interactions_store_idx").on(t.storeId),
    index("deleted_interactions_contact_idx").on(t.contactId),
  ],
);

/**
 * An item of today's plan the rep skipped, and why (issue 12.4): the rep's own record, one per rep,
 * store, channel and local day (a second skip of the same item replaces the reason). The next plans
 * leave the item out that day, and a store skipped as closed for policy.digest.skipClosedDays; the
 * manager reads the month's skips on the rep's page.
 */
export const planSkips = sqliteTable(
  "plan_skips",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    repId: integer("rep_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    storeId: integer("store_id")
      .notNull()
      .references(() => stores.id, { onDelete: "cascade" }),
    channel: text("channel", { enum: ["visit", "phone", "message"] }).notNull(),
    localDate: text("local_date").notNull(),
    reason: text("reason", { enum: ["closed", "owner_away", "not_logged", "other"] }).notNull(),
    note: text("note"),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("plan_skips_item_uq").on(t.repId, t.localDate, t.storeId, t.channel),
    check("plan_skips_channel_ck", sql`${t.channel} in ('visit','phone','message')`),
    check("plan_skips_reason_ck", sql`${t.reason} in ('closed','owner_away','not_logged','other')`),
  ],
);

/** The single editable policy (R1–R17 numbers and settings), stored as validated JSON. */
export const policy = sqliteTable(
  "policy",
  {
    id: integer("id").primaryKey(),
    data: text("data", { mode: "json" }).$type<Partial<PolicyRules>>().notNull(),
    updatedAt: integer("updated_at").notNull().default(now),
    updatedBy: integer("updated_by").references(() => users.id, { onDelete: "set null" }),
  },
  (t) => [check("policy_single_ck", sql`${t.id} = 1`)],
);

/**
 * The official working calendar years an admin entered (/admin/calendar, PUT /api/working-calendar).
 * A year here replaces the built-in table (tyme4ts) for that year whole, its days below.
 */
export const workingCalendarYears = sqliteTable("working_calendar_years", {
  year: integer("year").primaryKey(),
  updatedAt: integer("updated_at").notNull().default(now),
  updatedBy: integer("updated_by").references(() => users.id, { onDelete: "set null" }),
});

/** An entered year's public holidays (法定节假日) and make-up working days (调休, kind `workday`). */
export const workingCalendarDays = sqliteTable(
  "working_calendar_days",
  {
    date: text("date").primaryKey(),
    year: integer("year")
      .notNull()
      .references(() => workingCalendarYears.year, { onDelete: "cascade" }),
    kind: text("kind", { enum: ["holiday", "workday"] }).notNull(),
  },
  (t) => [
    index("working_calendar_days_year_idx").on(t.year),
    check("working_calendar_days_kind_ck", sql`${t.kind} in ('holiday','workday')`),
    check("working_calendar_days_year_ck", sql`substr(${t.date}, 1, 4) = printf('%04d', ${t.year})`),
  ],
);

export const festivals = sqliteTable(
  "festivals",
  {
    id: integer("id").primaryKey(),
    key: text("key").notNull().unique(),
    nameZh: text("name_zh").notNull(),
    nameEn: text("name_en").notNull(),
    calendar: text("calendar", { enum: ["lunar", "solar"] }).notNull(),
    month: integer("month").notNull(),
    day: integer("day").notNull(),
    windowBefore: integer("window_before").notNull(),
    windowAfter: integer("window_after").notNull(),
    leadDays: integer("lead_days").notNull(),
    /** Per-class actions: `{"A":["visit_with_gift","message"],…}`. */
    actions: text("actions", { mode: "json" }).notNull(),
    active: bool("active").notNull().default(true),
  },
  (t) => [
    check("festivals_calendar_ck", sql`${t.calendar} in ('lunar','solar')`),
    check("festivals_date_ck", sql`${t.month} between 1 and 12 and ${t.day} between 1 and 31`),
  ],
);

export const greetingTemplates = sqliteTable(
  "greeting_templates",
  {
    id: integer("id").primaryKey(),
    /** birthday, a festival key, wedding, new_baby, condolence, get_well. */
    occasion: text("occasion").notNull(),
    locale: text("locale", { enum: ["zh-CN", "en"] }).notNull(),
    variant: integer("variant").notNull(),
    body: text("body").notNull(),
    active: bool("active").notNull().default(true),
  },
  (t) => [uniqueIndex("greeting_templates_uq").on(t.occasion, t.locale, t.variant)],
);

/** Mail claimed by the scheduler: one row per (kind, user, period), so a second cron run finds it taken. */
export const outbox = sqliteTable(
  "outbox",
  {
    id: integer("id").primaryKey(),
    kind: text("kind", { enum: ["digest", "weekly", "signin"] }).notNull(),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    /** The day (digest) or ISO week (weekly) the message is for; a nonce for sign-in mail. */
    period: text("period").notNull(),
    toEmail: text("to_email").notNull(),
    subject: text("subject"),
    /** Plain body columns: sign-in mail kept for local use, and digests stored before `content` existed. */
    html: text("html"),
    text: text("text"),
    /**
     * The message exactly as handed to Resend, gzipped JSON `{ subject, html, text }` (packMail in
     * src/mail/transport.ts): a retry resends these bytes, and the outbox pages show them. About a
     * seventh of the plain HTML and text, which was most of what a consumer job wrote.
     */
    content: bytes("content"),
    /**
     * claimed → sending (content stored, owned by the queue job in batchKey) → sent; or failed (rejected,
     * or dead-lettered after the queue's retries); local = no mail provider configured.
     */
    state: text("state", { enum: ["claimed", "sending", "sent", "failed", "local"] }).notNull().default("claimed"),
    /** The queue job (and Resend idempotency key) that owns a message once it is being sent. */
    batchKey: text("batch_key"),
    attempts: integer("attempts").notNull().default(0),
    lastError: text("last_error"),
    providerId: text("provider_id"),
    createdAt: createdAt(),
    sentAt: integer("sent_at"),
    /**
     * When the stored copy (content, html, text) was dropped because a contact it named was erased
     * (or, for copies stored before mentions were recorded, by migration 0005). The row's state,
     * attempts, times and provider id stay: the delivery history remains true.
     */
    redactedAt: integer("redacted_at"),
  },
  (t) => [
    uniqueIndex("outbox_claim_uq").on(t.kind, t.userId, t.period),
    index("outbox_state_idx").on(t.state, t.createdAt),
  ],
);

/**
 * Which contacts each stored message names (greetings, birthdays, life events, quoted intel),
 * written with the stored copy (consumer step 2): erasing a contact finds the mail to redact here
 * instead of decompressing the outbox. No foreign key to contacts: erasure deletes the rows itself.
 */
export const outboxMentions = sqliteTable(
  "outbox_mentions",
  {
    outboxId: integer("outbox_id")
      .notNull()
      .references(() => outbox.id, { onDelete: "cascade" }),
    contactId: integer("contact_id").notNull(),
  },
  (t) => [primaryKey({ columns: [t.outboxId, t.contactId] }), index("outbox_mentions_contact_idx").on(t.contactId)],
);

export const sessions = sqliteTable(
  "sessions",
  {
    /** SHA-256 of the cookie value; the raw value is never stored. */
    idHash: text("id_hash").primaryKey(),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    createdAt: createdAt(),
    expiresAt: integer("expires_at").notNull(),
    lastSeenAt: integer("last_seen_at"),
    revokedAt: integer("revoked_at"),
    userAgent: text("user_agent"),
  },
  (t) => [index("sessions_user_idx").on(t.userId)],
);

export const signinTokens = sqliteTable(
  "signin_tokens",
  {
    id: integer("id").primaryKey(),
    tokenHash: text("token_hash").notNull().unique(),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    expiresAt: integer("expires_at").notNull(),
    usedAt: integer("used_at"),
    createdAt: createdAt(),
  },
  (t) => [index("signin_tokens_user_idx").on(t.userId)],
);

export const apiTokens = sqliteTable(
  "api_tokens",
  {
    id: integer("id").primaryKey(),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    tokenHash: text("token_hash").notNull().unique(),
    createdAt: createdAt(),
    lastUsedAt: integer("last_used_at"),
    revokedAt: integer("revoked_at"),
  },
  (t) => [index("api_tokens_user_idx").on(t.userId)],
);

/** Fixed-window counters (sign-in requests per address and per client). */
export const rateLimits = sqliteTable("rate_limits", {
  key: text("key").primaryKey(),
  windowStart: integer("window_start").notNull(),
  count: integer("count").notNull(),
});

/** Changes to people data (contacts, life events), who made them and when. */
export const auditLog = sqliteTable(
  "audit_log",
  {
    id: integer("id").primaryKey(),
    actorId: integer("actor_id").references(() => users.id, { onDelete: "set null" }),
    entity: text("entity").notNull(),
    entityId: integer("entity_id").notNull(),
    action: text("action", { enum: ["create", "update", "delete"] }).notNull(),
    /** Names of the fields changed; values of personal fields are not copied here. */
    changes: text("changes", { mode: "json" }).$type<string[]>(),
    at: integer("at").notNull().default(now),
    /**
     * A life event's rows: the contact it belongs to, kept after the contact is erased so
     * /admin/audit lists the whole history of a contact by id. (A contact's own rows: entity_id.)
     */
    contactId: integer("contact_id"),
    /**
     * An interaction's rows: the values before and after the change, of its non-personal fields only
     * (store, contact id, channel, time, occasion, gift value…); free text is named in `changes`.
     */
    before: text("before", { mode: "json" }).$type<Record<string, unknown>>(),
    after: text("after", { mode: "json" }).$type<Record<string, unknown>>(),
  },
  (t) => [
    index("audit_log_entity_idx").on(t.entity, t.entityId),
    index("audit_log_contact_idx").on(t.contactId, t.id),
    index("audit_log_actor_idx").on(t.actorId, t.id),
  ],
);
