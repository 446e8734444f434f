// /admin/templates: the greeting texts the digest chooses from (R4–R8), by occasion and language.
// Admins only (admin/index.tsx). A template is validated when saved (unknown placeholders, unmatched
// braces, length, tone), so a broken one never reaches the morning mail. Templates are never
// deleted: interactions refer to them (greeting_template_id), and a deactivated one keeps its
// default from coming back.
import { Hono } from "hono";
import * as v from "valibot";
import type { AppContext, AppEnv } from "../../context.ts";
import { idParam } from "../../guard.ts";
import { ApiError } from "../../errors.ts";
import { fieldErrors, formValidator, fromFields, lastValues, translate, type Errors, type Fields } from "../../validation.ts";
import { festivalRowsSelect } from "../../../db/queries/festivals.ts";
import { createTemplate, getTemplate, templatesQuery, updateTemplate, type TemplateRow } from "../../../db/queries/greetings.ts";
import { validateTemplate } from "../../../domain/greetings.ts";
import { LOCALES } from "../../../domain/types.ts";
import { noControlChars } from "../../../domain/fields.ts";
import type { Messages } from "../../../i18n/index.ts";
import { TemplateList } from "./template-list.tsx";
import { renderTemplateForm, type Values } from "./template-form.tsx";
import { allowedOccasions, asLocale, renderTemplates } from "./template-parts.tsx";

/** The raw text is bounded before the template rules run (they report the real limit). */
const MAX_RAW_BODY = 4000;

/** The occasions a text may be for come from the festivals in the database, so the shape is checked here, not by a middleware. */
function formSchema(occasions: readonly string[]) {
  return v.object({
    occasion: v.picklist(occasions, "unknown_value"),
    locale: v.picklist(LOCALES, "unknown_value"),
    body: v.pipe(v.string("required"), noControlChars, v.maxLength(MAX_RAW_BODY, "template_too_long")),
    active: v.optional(v.picklist(["1"], "invalid")),
  });
}

/** Switching a text on or off: a bad value is a 400, after the 404 of a template that does not exist. */
const activeForm = formValidator(
  fromFields((raw) => ({ active: lastValues(raw).active }), v.object({ active: v.picklist(["0", "1"], "invalid") })),
  async (c) => {
    await loadRow(c);
    throw new ApiError(400, "validation_failed", c.get("t").common.fixErrors);
  },
);

function formValues(body: Fields, row?: TemplateRow): Values {
  const s = (k: string) => {
    const x = body[k];
    return typeof x === "string" ? x : "";
  };
  return {
    occasion: row ? row.occasion : s("occasion"),
    locale: row ? row.locale : s("locale"),
    body: s("body"),
    active: s("active") === "1" ? "1" : "",
  };
}

/** valibot shape checks, then the template rules; error codes → the viewer's language, per field. */
function check(values: Values, occasions: readonly string[], t: Messages): { ok: true; body: string } | { ok: false; errors: Errors } {
  const shape = v.safeParse(formSchema(occasions), { ...values, active: values.active || undefined });
  const errors: Errors = shape.success ? {} : fieldErrors(shape.issues, t);
  if (!errors.body) {
    const occasion = occasions.includes(values.occasion) ? values.occasion : undefined;
    const r = validateTemplate(values.body, asLocale(values.locale), occasion);
    if (!r.ok) errors.body = r.unknown.length > 0 ? t.greetings.unknownPlaceholders(r.unknown.join(t.admin.listSep)) : translate(r.fields.body, t);
    else if (Object.keys(errors).length === 0) return { ok: true, body: r.value.body };
  }
  return { ok: false, errors };
}

const loadFestivals = (c: AppContext) => festivalRowsSelect(c.get("db"));

async function loadRow(c: AppContext): Promise<TemplateRow> {
  const row = await getTemplate(c.get("db"), idParam(c));
  if (!row) throw new ApiError(404, "not_found", "not found");
  return row;
}

export const adminTemplates = new Hono<AppEnv>()
  .get("/", async (c) => {
    const tg = c.get("t").greetings;
    const done = c.req.query("done");
    const notice = done === "created" ? tg.created : done === "saved" ? tg.saved : done === "deactivated" ? tg.deactivated : done === "activated" ? tg.activated : undefined;
    const db = c.get("db");
    const [rows, fests] = await db.batch([templatesQuery(db), festivalRowsSelect(db)]);
    return renderTemplates(c, { title: tg.title, notice }, <TemplateList rows={rows} fests={fests} />);
  })
  .get("/new", async (c) => {
    const fests = await loadFestivals(c);
    const occasion = c.req.query("occasion") ?? "";
    const locale = c.req.query("locale") ?? "";
    const values: Values = {
      occasion: allowedOccasions(fests).includes(occasion) ? occasion : "birthday",
      locale: (LOCALES as readonly string[]).includes(locale) ? locale : c.get("locale"),
      body: "",
      active: "1",
    };
    return renderTemplateForm(c, { values, fests });
  })
  .post("/", async (c) => {
    const form = await c.req.parseBody();
    const fests = await loadFestivals(c);
    const values = formValues(form);
    if (form.intent === "preview") return renderTemplateForm(c, { values, fests });
    const result = check(values, allowedOccasions(fests), c.get("t"));
    if (!result.ok) return renderTemplateForm(c, { values, errors: result.errors, fests }, 400);
    await createTemplate(c.get("db"), { occasion: values.occasion, locale: asLocale(values.locale), body: result.body, active: values.active === "1" });
    return c.redirect(`/admin/templates?done=created#o-${values.occasion}`, 303);
  })
  .get("/:id", async (c) => {
    const row = await loadRow(c);
    const values: Values = { occasion: row.occasion, locale: row.locale, body: row.body, active: row.active ? "1" : "" };
    return renderTemplateForm(c, { row, values, fests: await loadFestivals(c) });
  })
  .post("/:id", async (c) => {
    const row = await loadRow(c);
    const form = await c.req.parseBody();
    const fests = await loadFestivals(c);
    const values = formValues(form, row);
    if (form.intent === "preview") return renderTemplateForm(c, { row, values, fests });
    // The row's own occasion is allowed even if its festival was deleted since.
    const result = check(values, [...new Set([...allowedOccasions(fests), row.occasion])], c.get("t"));
    if (!result.ok) return renderTemplateForm(c, { row, values, errors: result.errors, fests }, 400);
    await updateTemplate(c.get("db"), row.id, { body: result.body, active: values.active === "1" });
    return c.redirect(`/admin/templates?done=saved#o-${row.occasion}`, 303);
  })
  .post("/:id/active", activeForm, async (c) => {
    const row = await loadRow(c);
    const active = c.req.valid("form").active === "1";
    await updateTemplate(c.get("db"), row.id, { active });
    return c.redirect(`/admin/templates?done=${active ? "activated" : "deactivated"}#o-${row.occasion}`, 303);
  });
