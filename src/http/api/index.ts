import { Hono } from "hono";
import * as v from "valibot";
import { sql } from "drizzle-orm";
import type { AppEnv } from "../context.ts";
import { requireViewer } from "../guard.ts";
import { ApiError } from "../errors.ts";
import { issuesToFields } from "../../domain/policy.ts";
import { festivalsOfYear } from "../../domain/calendar/festivals.ts";
import { loadFestivals } from "../../db/queries/festivals.ts";
import { interactionsApi } from "./interactions.ts";

const YearQuery = v.object({
  year: v.pipe(
    v.string("year is required"),
    v.regex(/^\d{4}$/, "year must be a four-digit year"),
    v.transform(Number),
    v.minValue(1901, "year must be between 1901 and 2100"),
    v.maxValue(2100, "year must be between 1901 and 2100"),
  ),
});

export const api = new Hono<AppEnv>()
  .get("/health", async (c) => {
    try {
      await c.get("db").run(sql`select 1`);
    } catch {
      throw new ApiError(503, "unavailable", "database unavailable");
    }
    return c.json({ ok: true });
  })
  .get("/festivals", async (c) => {
    const parsed = v.safeParse(YearQuery, c.req.query());
    if (!parsed.success) throw new ApiError(400, "validation_failed", "invalid query", issuesToFields(parsed.issues));
    const defs = await loadFestivals(c.get("db"));
    return c.json(
      festivalsOfYear(defs, parsed.output.year).map((f) => ({ key: f.key, name: f.name["zh-CN"], date: f.date })),
    );
  })
  .get("/me", (c) => {
    const { id, email, name, role, teamId, locale, timeZone } = requireViewer(c);
    return c.json({ id, email, name, role, teamId, locale, timeZone });
  })
  .route("/interactions", interactionsApi);
