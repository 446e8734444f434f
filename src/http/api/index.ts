// The JSON API, mounted at /api: its URL map. Errors are one shape, { error: { code, message, fields? } }
// (errors.ts); bodies are strict (body.ts).
import { Hono } from "hono";
import * as v from "valibot";
import type { AppEnv } from "../context.ts";
import { requireViewer } from "../guard.ts";
import { ApiError } from "../errors.ts";
import { apiQuery } from "../validation.ts";
import { festivalsInYear } from "../../domain/calendar/festivals.ts";
import { yearParam } from "../../domain/fields.ts";
import { loadFestivals } from "../../db/queries/festivals.ts";
import { ping } from "../../db/client.ts";
import { interactionsApi } from "./interactions.ts";
import { insightsApi } from "./insights.ts";
import { storesApi } from "./stores.ts";
import { contactsApi, lifeEventsApi } from "./contacts.ts";
import { progressApi } from "./progress.ts";
import { workingCalendarApi } from "./working-calendar.ts";

/** The official lunar tables are tested for 1901–2100 (domain/fields.ts). */
const YearQuery = v.object({ year: yearParam });

export const api = new Hono<AppEnv>()
  .get("/health", async (c) => {
    try {
      await ping(c.get("db"));
    } catch {
      throw new ApiError(503, "unavailable", "database unavailable");
    }
    return c.json({ ok: true });
  })
  .get("/festivals", apiQuery(YearQuery), async (c) => {
    const { year } = c.req.valid("query");
    const defs = await loadFestivals(c.get("db"));
    return c.json(
      festivalsInYear(defs, year).map((f) => ({ key: f.key, name: f.name["zh-CN"], date: f.date })),
    );
  })
  .get("/me", (c) => {
    const { id, email, name, role, teamId, locale, timeZone } = requireViewer(c);
    return c.json({ id, email, name, role, teamId, locale, timeZone });
  })
  .route("/interactions", interactionsApi)
  .route("/insights", insightsApi)
  .route("/stores", storesApi)
  .route("/contacts", contactsApi)
  .route("/life-events", lifeEventsApi)
  .route("/progress", progressApi)
  .route("/working-calendar", workingCalendarApi);
