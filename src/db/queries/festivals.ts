// Festivals (R4, R5 and any an admin adds): the rows and their mapping to the domain's FestivalDef.
import { asc, eq } from "drizzle-orm";
import type { Db } from "../client.ts";
import { isUniqueViolation } from "../errors.ts";
import { festivals } from "../schema.ts";
import type { FestivalDef } from "../../domain/policy.ts";

export type FestivalRow = typeof festivals.$inferSelect;

export function festivalFromRow(r: FestivalRow): FestivalDef {
  return {
    key: r.key,
    name: { "zh-CN": r.nameZh, en: r.nameEn },
    calendar: r.calendar,
    month: r.month,
    day: r.day,
    windowBefore: r.windowBefore,
    windowAfter: r.windowAfter,
    leadDays: r.leadDays,
    actions: r.actions as FestivalDef["actions"],
    active: r.active,
  };
}

export function festivalToRow(f: FestivalDef): typeof festivals.$inferInsert {
  return {
    key: f.key,
    nameZh: f.name["zh-CN"],
    nameEn: f.name.en,
    calendar: f.calendar,
    month: f.month,
    day: f.day,
    windowBefore: f.windowBefore,
    windowAfter: f.windowAfter,
    leadDays: f.leadDays,
    actions: f.actions,
    active: f.active,
  };
}

/** Every festival row, in the order they were added; a builder, so a caller can put it in its db.batch. */
export function festivalRowsSelect(db: Db) {
  return db.select().from(festivals).orderBy(asc(festivals.id));
}

export async function loadFestivals(db: Db): Promise<FestivalDef[]> {
  const rows = await festivalRowsSelect(db);
  return rows.map(festivalFromRow);
}

// ---- the admin's page ---------------------------------------------------------------------------

/** Every festival row in calendar order (lunar before solar, then by date): the admin's list. */
export function festivalsByDateSelect(db: Db) {
  return db.select().from(festivals).orderBy(asc(festivals.calendar), asc(festivals.month), asc(festivals.day));
}

export async function getFestivalRow(db: Db, id: number): Promise<FestivalRow | null> {
  const [row] = await db.select().from(festivals).where(eq(festivals.id, id));
  return row ?? null;
}

function isKeyTaken(err: unknown): boolean {
  return isUniqueViolation(err, "festivals.key");
}

/** Adds a festival (validated by the caller: domain/policy.ts validateFestival) unless its key is taken. */
export async function createFestival(db: Db, def: FestivalDef): Promise<"created" | "key_taken"> {
  const [existing] = await db.select({ id: festivals.id }).from(festivals).where(eq(festivals.key, def.key));
  if (existing) return "key_taken";
  try {
    await db.insert(festivals).values(festivalToRow(def));
  } catch (err) {
    // Two admins (or a double click) raced past the check: the unique index decides.
    if (isKeyTaken(err)) return "key_taken";
    throw err;
  }
  return "created";
}

/** Changes a festival; its key is fixed once saved (logged festival contacts refer to it: interactions.festival_key). */
export async function updateFestival(db: Db, id: number, def: FestivalDef): Promise<void> {
  const { key: _, ...changes } = festivalToRow(def);
  await db.update(festivals).set(changes).where(eq(festivals.id, id));
}
