import { asc } from "drizzle-orm";
import type { Db } from "../client.ts";
import { festivals } from "../schema.ts";
import type { FestivalDef } from "../../domain/policy.ts";

type FestivalRow = typeof festivals.$inferSelect;

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

export async function loadFestivals(db: Db): Promise<FestivalDef[]> {
  const rows = await db.select().from(festivals).orderBy(asc(festivals.id));
  return rows.map(festivalFromRow);
}
