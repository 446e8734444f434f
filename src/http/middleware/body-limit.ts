// Request bodies are bounded before anything reads them (the CSRF check parses forms, handlers parse
// JSON): a megabyte of junk keys is a 413 in the one error shape, never parsed. Each bound fits the
// largest body its routes legitimately take, with room to spare; a field over its own limit below
// the bound still gets its field error ("too long").
import { createMiddleware } from "hono/factory";
import { bodyLimit } from "hono/body-limit";
import type { AppEnv } from "../context.ts";
import { ApiError } from "../errors.ts";
import { translate } from "../validation.ts";

/**
 * JSON API. The largest body is a logged visit with 12 insights and every text at its limit, about
 * 28,000 characters: 84 KB as UTF-8 Chinese, 170 KB if every character is \u-escaped.
 */
const API_BODY_MAX = 256 * 1024;
/** Page forms, URL-encoded (a Chinese character is 9 bytes): the quick log at its limits is ~140 KB. */
const PAGE_BODY_MAX = 1024 * 1024;
/**
 * /admin/import: the uploaded CSV (at most 4 MB, admin/import.tsx) plus the pasted text, or the
 * checked text posted back URL-encoded (1,000,000 characters, up to 9 bytes each when Chinese).
 */
const IMPORT_BODY_MAX = 12 * 1024 * 1024;

const tooLarge = (max: number) =>
  bodyLimit({
    maxSize: max,
    onError: (c) => {
      throw new ApiError(413, "too_large", translate("body_too_large", c.get("t")));
    },
  });

const api = tooLarge(API_BODY_MAX);
const page = tooLarge(PAGE_BODY_MAX);
const importPage = tooLarge(IMPORT_BODY_MAX);

export const boundedBodies = createMiddleware<AppEnv>((c, next) => {
  const path = c.req.path;
  if (path.startsWith("/api/")) return api(c, next);
  if (path === "/admin/import" || path.startsWith("/admin/import/")) return importPage(c, next);
  return page(c, next);
});
