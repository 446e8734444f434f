// POST /api/insights/:id/resolve — R17: a slow mover marked resolved with what worked.
import { Hono } from "hono";
import * as v from "valibot";
import type { AppEnv } from "../context.ts";
import { requireViewer } from "../guard.ts";
import { ApiError } from "../errors.ts";
import { parseStrict, readObject } from "./body.ts";
import { resolveSlowMoverFor, ResolveInput } from "../../services/insights.ts";

const IdParam = v.object({ id: v.pipe(v.string(), v.regex(/^\d{1,12}$/, "invalid"), v.transform(Number)) });

/** Mounted at /api/insights. */
export const insightsApi = new Hono<AppEnv>().post("/:id/resolve", async (c) => {
  const viewer = requireViewer(c);
  const id = v.safeParse(IdParam, c.req.param());
  if (!id.success) throw new ApiError(404, "not_found", "not found");
  const input = parseStrict(ResolveInput, await readObject(c), c.get("t"));
  const result = await resolveSlowMoverFor(c.get("db"), viewer, id.output.id, input, c.get("now"));
  if (!result.ok) throw new ApiError(404, "not_found", "not found");
  return c.json({ id: id.output.id, status: "resolved", storeId: result.storeId });
});
