// What the admin (/admin/users, /admin/teams) and `npm run cli -- users add` may send for a user or a
// team. Messages are codes translated by the caller (i18n `validation`, then `admin.errors`); the
// writes are db/queries/users.ts and teams.ts.
import * as v from "valibot";
import { LOCALES, ROLES } from "../domain/types.ts";
import { requiredText, TIME_OF_DAY } from "../domain/fields.ts";
import { normaliseEmail } from "../auth/signin.ts";

export const UserFields = {
  email: v.pipe(
    v.string("required"),
    v.trim(),
    v.nonEmpty("required"),
    v.maxLength(254, "too_long"),
    v.email("bad_email"),
    v.transform(normaliseEmail),
  ),
  name: requiredText(60),
  role: v.picklist(ROLES, "unknown_value"),
  locale: v.optional(v.picklist(LOCALES, "unknown_value"), "zh-CN"),
  digestTime: v.optional(v.pipe(v.string("required"), v.trim(), v.regex(TIME_OF_DAY, "hhmm")), "07:30"),
};

/** The admin's user form: the team is an id from a select ("" for none). */
export const UserForm = v.object({
  ...UserFields,
  teamId: v.optional(
    v.pipe(
      v.string("invalid"),
      v.trim(),
      v.regex(/^\d{0,12}$/, "invalid"),
      v.transform((s) => (s === "" ? null : Number(s))),
    ),
    "",
  ),
});

export const TeamForm = v.object({ name: requiredText(40) });
