// The vocabulary shared by the rules, the database and the pages.

export const STORE_CLASSES = ["A", "B", "C"] as const;
export type StoreClass = (typeof STORE_CLASSES)[number];

/** Contact channels (handbook §三). Third-party help is logged but counts toward no quota. */
export const CHANNELS = ["visit", "phone", "message", "third_party"] as const;
export type Channel = (typeof CHANNELS)[number];

/** The channels with monthly quotas (R1–R3). */
export const QUOTA_CHANNELS = ["visit", "phone", "message"] as const;
export type QuotaChannel = (typeof QUOTA_CHANNELS)[number];

export const OCCASIONS = ["routine", "festival", "birthday", "life_event", "training"] as const;
export type Occasion = (typeof OCCASIONS)[number];

export const ROLES = ["rep", "manager", "admin"] as const;
export type Role = (typeof ROLES)[number];

export const LOCALES = ["zh-CN", "en"] as const;
export type Locale = (typeof LOCALES)[number];

export const CONTACT_ROLES = ["owner", "manager", "clerk", "pharmacist", "buyer"] as const;
export type ContactRole = (typeof CONTACT_ROLES)[number];

export const BIRTHDAY_CALENDARS = ["solar", "lunar"] as const;
export type BirthdayCalendar = (typeof BIRTHDAY_CALENDARS)[number];

/** R7 (wedding, new baby) and R8 (misfortune). */
export const LIFE_EVENT_KINDS = ["wedding", "new_baby", "bereavement", "illness", "accident"] as const;
export type LifeEventKind = (typeof LIFE_EVENT_KINDS)[number];

/** Who a life event concerns (life_events.concerns): the contact, or one of their family. */
export const CONCERNS = ["self", "father", "mother", "spouse", "child", "other"] as const;
export type Concerns = (typeof CONCERNS)[number];

/** R12–R17: what every on-site visit should bring back. */
export const INSIGHT_KINDS = [
  "product_feedback", // R12 a valuable insight about our products from the clerks
  "clerk_preference", // R13 a clerk's preference
  "preference_action", // R14 one thing done for a clerk's preference
  "family", // R15 a clerk's family situation
  "competitor", // R16 a competitor product detail
  "slow_mover", // R17 our slow-moving product, the reason and the action
] as const;
export type InsightKind = (typeof INSIGHT_KINDS)[number];

/** A calendar date in the organisation's time zone, `YYYY-MM-DD`. */
export type LocalDate = string;
