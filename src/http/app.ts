import { Hono } from "hono";
import type { Env } from "../env.ts";
import { api } from "./api.ts";
import { ApiError, errorBody, jsonError } from "./errors.ts";

export const app = new Hono<{ Bindings: Env }>()
  .route("/api", api)
  .notFound((c) => c.json(errorBody("not_found", "not found"), 404))
  .onError((err, c) => {
    if (err instanceof ApiError) return jsonError(c, err);
    // Unexpected: log it, never leak internals.
    console.error(err);
    return c.json(errorBody("internal", "internal server error"), 500);
  });
