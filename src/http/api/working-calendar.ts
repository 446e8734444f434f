// GET /api/working-calendar?year=YYYY (anyone signed in) and PUT /api/working-calendar (admins): one
// year of the official working calendar, `{ year, source, holidays, workdays }`; `source` says where
// the year comes from (admin-entered, the built-in table, or none). A PUT replaces the year whole.
import { Hono } from "hono";
import * as v from "valibot";
import type { AppEnv } from "../context.ts";
import { requireViewer, signedIn } from "../guard.ts";
import { apiQuery, translate, validationError } from "../validation.ts";
import { parseStrict, readObject } from "./body.ts";
import { loadPolicy } from "../../db/queries/policy.ts";
import { yearParam } from "../../domain/fields.ts";
import { CalendarEntrySchema, entryProblems } from "../../domain/calendar-entry.ts";
import { calendarYear } from "../../domain/working-days.ts";
import { enterCalendarYear } from "../../services/working-calendar.ts";

export const workingCalendarApi = new Hono<AppEnv>()
  .get("/", signedIn(), apiQuery(v.object({ year: yearParam })), async (c) => {
    const { year } = c.req.valid("query");
    const { calendar } = await loadPolicy(c.get("db"));
    return c.json({ year, ...calendarYear(calendar, year) });
  })
  .put("/", async (c) => {
    const viewer = requireViewer(c, "admin");
    const t = c.get("t");
    const body = parseStrict(CalendarEntrySchema, await readObject(c), t);
    const problems = entryProblems(body);
    if (Object.keys(problems).length > 0) throw validationError(Object.fromEntries(Object.entries(problems).map(([k, code]) => [k, translate(code, t)])), t);
    const db = c.get("db");
    const { calendar } = await loadPolicy(db);
    const saved = await enterCalendarYear(db, calendar, { year: body.year, holidays: body.holidays, workdays: body.workdays }, viewer.id, c.get("now"));
    return c.json({ ...saved, source: "admin" as const });
  });
