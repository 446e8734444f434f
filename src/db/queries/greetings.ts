// Greeting templates (organisation-wide configuration, not personal data) and the one read the
// chooser needs per contact: which template was sent last time, so this year's text differs.
import { and, asc, eq, gte, inArray, lte, or, sql, type SQL } from "drizzle-orm";
import type { Db } from "../client.ts";
import { greetingTemplates, interactions, stores } from "../schema.ts";
import { storeVisible } from "./scope.ts";
import type { Viewer } from "../../auth/identity.ts";
import { addDays } from "../../domain/dates.ts";
import { lastVariantMap, type GreetingOccasion, type GreetingTemplate } from "../../domain/greetings.ts";
import type { LocalDate, Locale } from "../../domain/types.ts";

export type TemplateRow = typeof greetingTemplates.$inferSelect;

export function toGreetingTemplate(r: TemplateRow): GreetingTemplate {
  return { id: r.id, occasion: r.occasion, locale: r.locale, variant: r.variant, body: r.body, active: r.active };
}

/**
 * Every template, inactive ones included: the chooser uses only active ones, and an inactive row
 * keeps its built-in default from coming back. A builder, so a caller can put it in its db.batch.
 */
export function templatesQuery(db: Db) {
  return db
    .select()
    .from(greetingTemplates)
    .orderBy(asc(greetingTemplates.occasion), asc(greetingTemplates.locale), asc(greetingTemplates.variant));
}

export async function loadGreetingTemplates(db: Db): Promise<GreetingTemplate[]> {
  return (await templatesQuery(db)).map(toGreetingTemplate);
}

/**
 * The window for "last year's greeting" on `today`: about 13 months back (lunar birthdays and
 * festivals move by up to a month), ending two months ago so that a greeting already logged for
 * this year's occasion does not change the choice when the digest is rendered again.
 */
export function previousYearRange(today: LocalDate): { from: LocalDate; to: LocalDate } {
  return { from: addDays(today, -400), to: addDays(today, -60) };
}

/**
 * The template last sent to each contact per occasion (the template's own occasion) within
 * `range`, for a set of contacts in one statement (the digest asks for a job's reps' contacts, up to 100, at a time).
 * Scoped: only interactions at stores some viewer in `viewers` sees (the digest passes its reps).
 * Contact ids travel as one JSON parameter, so the set may be large without hitting SQLite's
 * parameter limit. A builder, so the digest can batch it with its other reads.
 */
export function lastVariantsQuery(db: Db, viewers: readonly Viewer[], contactIds: readonly number[], range: { from: LocalDate; to: LocalDate }) {
  const scope = viewers.length > 0 ? or(...viewers.map(storeVisible)) : sql`0 = 1`;
  return lastVariantsWhere(db, and(sql`${interactions.contactId} in (select value from json_each(${JSON.stringify([...contactIds])}))`, scope), range);
}

/**
 * The newest greeting template per (contact, template occasion) among greeting interactions in
 * `range` that also satisfy `where` (the caller's scope and contact set). Shared by the admin-side
 * lookup above and the digest's batch.
 */
export function lastVariantsWhere(db: Db, where: SQL | undefined, range: { from: LocalDate; to: LocalDate }) {
  const ranked = db
    .select({
      contactId: interactions.contactId,
      occasion: greetingTemplates.occasion,
      templateId: greetingTemplates.id,
      rn: sql<number>`row_number() over (partition by ${interactions.contactId}, ${greetingTemplates.occasion} order by ${interactions.occurredAt} desc, ${interactions.id} desc)`.as(
        "rn",
      ),
    })
    .from(interactions)
    .innerJoin(greetingTemplates, eq(greetingTemplates.id, interactions.greetingTemplateId))
    .innerJoin(stores, eq(stores.id, interactions.storeId))
    .where(
      and(
        where,
        inArray(interactions.occasion, ["birthday", "festival", "life_event"]),
        gte(interactions.localDate, range.from),
        lte(interactions.localDate, range.to),
      ),
    )
    .as("ranked");
  return db
    .select({ contactId: ranked.contactId, occasion: ranked.occasion, templateId: ranked.templateId })
    .from(ranked)
    .where(eq(ranked.rn, 1));
}

/** `lastVariantKey(contact, occasion)` → the template id last sent; one round trip. */
export async function lastGreetingVariants(
  db: Db,
  viewers: readonly Viewer[],
  contactIds: readonly number[],
  range: { from: LocalDate; to: LocalDate },
): Promise<Map<string, number>> {
  if (contactIds.length === 0 || viewers.length === 0) return new Map();
  return lastVariantMap(await lastVariantsQuery(db, viewers, contactIds, range));
}

// ---- admin writes (the page checks the role; templates are not scoped rows) ----------------

export async function getTemplate(db: Db, id: number): Promise<TemplateRow | null> {
  const [row] = await db.select().from(greetingTemplates).where(eq(greetingTemplates.id, id));
  return row ?? null;
}

/** Adds a variant numbered after the occasion's last one, in one statement (no read-then-write race). */
export async function createTemplate(db: Db, input: { occasion: GreetingOccasion; locale: Locale; body: string; active: boolean }): Promise<number> {
  const t = greetingTemplates;
  const rows = await db.all<{ id: number }>(sql`
    insert into ${t} (${sql.identifier(t.occasion.name)}, ${sql.identifier(t.locale.name)}, ${sql.identifier(t.variant.name)}, ${sql.identifier(t.body.name)}, ${sql.identifier(t.active.name)})
    select ${input.occasion}, ${input.locale}, coalesce(max(${t.variant}), 0) + 1, ${input.body}, ${input.active ? 1 : 0}
    from ${t} where ${t.occasion} = ${input.occasion} and ${t.locale} = ${input.locale}
    returning ${sql.identifier(t.id.name)} as id`);
  const id = rows[0]?.id;
  if (id === undefined) throw new Error("template insert returned no id");
  return Number(id);
}

/** Occasion and locale stay fixed: interactions refer to the row, and "last year's variant" is per occasion. */
export async function updateTemplate(db: Db, id: number, changes: { body?: string; active?: boolean }): Promise<boolean> {
  const rows = await db.update(greetingTemplates).set(changes).where(eq(greetingTemplates.id, id)).returning({ id: greetingTemplates.id });
  return rows.length > 0;
}
