// The user's own settings: language, morning e-mail time and pause, API tokens, devices.
import { Hono } from "hono";
import * as v from "valibot";
import type { AppContext, AppEnv } from "../context.ts";
import { Layout, Csrf, FieldError } from "./layout.tsx";
import { requireViewer } from "../guard.ts";
import { fieldErrors } from "../validation.ts";
import { saveUserSettings, userSettings } from "../../db/queries/users.ts";
import { createApiToken, listApiTokens, revokeApiToken } from "../../auth/api-tokens.ts";
import { countLiveSessions } from "../../auth/sessions.ts";
import { localDateOf } from "../../domain/dates.ts";
import { LOCALES } from "../../domain/types.ts";
import { requiredText, TIME_OF_DAY } from "../../domain/fields.ts";
import { messages } from "../../i18n/index.ts";
import { ApiError } from "../errors.ts";
import { CalendarSettings } from "./calendar.tsx";
import { hasCalendarFeed } from "../../services/calendar-feed.ts";

export const SettingsForm = v.object({
  locale: v.picklist(LOCALES, "unknown_value"),
  digestTime: v.pipe(v.string("required"), v.regex(TIME_OF_DAY, "invalid")),
  digestPaused: v.optional(v.picklist(["1"], "invalid")),
});

const TokenForm = v.object({ name: requiredText(60) });

type Values = Record<string, string>;

async function SettingsPage(props: { c: AppContext; values?: Values; errors?: Record<string, string>; notice?: string; newToken?: string }) {
  const { c } = props;
  const viewer = requireViewer(c);
  const t = c.get("t");
  const db = c.get("db");
  const [me, tokens, live, calendarOn] = await Promise.all([
    userSettings(db, viewer.id),
    listApiTokens(db, viewer.id),
    countLiveSessions(db, viewer.id, c.get("now")),
    hasCalendarFeed(db, viewer.id),
  ]);
  const values: Values = props.values ?? { locale: me!.locale, digestTime: me!.digestTime, digestPaused: me!.digestPaused ? "1" : "" };
  const errors = props.errors ?? {};
  const day = (ms: number) => localDateOf(ms, viewer.timeZone);
  return (
    <Layout c={c} title={t.settings.title} nav="settings">
      <h1>{t.settings.title}</h1>
      {props.notice && <div class="alert ok">{props.notice}</div>}
      <form method="post" action="/settings" class="card" novalidate>
        <Csrf c={c} />
        <label for="locale">{t.settings.language}</label>
        <select id="locale" name="locale" class={errors.locale ? "invalid" : undefined}>
          {LOCALES.map((l) => (
            <option value={l} selected={values.locale === l}>
              {messages(l).common.languageName}
            </option>
          ))}
        </select>
        <FieldError errors={errors} name="locale" />
        <label for="digestTime">{t.settings.digestTime}</label>
        <input id="digestTime" name="digestTime" type="time" value={values.digestTime ?? ""} class={errors.digestTime ? "invalid" : undefined} />
        <div class="muted small">{t.settings.digestTimeHint}</div>
        <FieldError errors={errors} name="digestTime" />
        <label class="check">
          <input type="checkbox" name="digestPaused" value="1" checked={values.digestPaused === "1"} />
          {t.settings.digestPaused}
        </label>
        <button type="submit">{t.settings.save}</button>
      </form>

      <h2>{t.settings.apiTokens}</h2>
      <div class="card">
        <p class="muted small">{t.settings.apiTokensHint}</p>
        {props.newToken && (
          <div class="alert ok">
            {t.settings.newToken}
            <code class="token">{props.newToken}</code>
          </div>
        )}
        {tokens.length === 0 ? (
          <p class="muted">{t.settings.noTokens}</p>
        ) : (
          <ul class="plain">
            {tokens.map((tk) => (
              <li class="row">
                <span class="grow">
                  <strong>{tk.name}</strong> <span class="muted small">{tk.lastUsedAt ? t.settings.lastUsed(day(tk.lastUsedAt)) : t.settings.neverUsed}</span>
                </span>
                <form method="post" action={`/settings/tokens/${tk.id}/revoke`}>
                  <Csrf c={c} />
                  <button class="secondary" type="submit">
                    {t.settings.revoke}
                  </button>
                </form>
              </li>
            ))}
          </ul>
        )}
        <form method="post" action="/settings/tokens" class="row" novalidate>
          <Csrf c={c} />
          <div class="grow">
            <label for="name">{t.settings.tokenName}</label>
            <input id="name" name="name" value={props.values?.name ?? ""} class={errors.name ? "invalid" : undefined} />
            <FieldError errors={errors} name="name" />
          </div>
          <button type="submit">{t.settings.createToken}</button>
        </form>
      </div>

      <CalendarSettings c={c} active={calendarOn} />

      <h2>{t.settings.sessions}</h2>
      <form method="post" action="/signout/everywhere" class="card">
        <Csrf c={c} />
        <p>{t.settings.sessionsHint(live)}</p>
        {/* Off by default: a lost phone is no reason to break the scripts that use the tokens. */}
        {tokens.length > 0 && (
          <label class="check">
            <input type="checkbox" name="revokeApiTokens" value="1" />
            {t.settings.alsoRevokeApiTokens(tokens.length)}
          </label>
        )}
        <button class="danger" type="submit">
          {t.auth.signOutEverywhere}
        </button>
      </form>
    </Layout>
  );
}

export const settingsPages = new Hono<AppEnv>()
  .get("/settings", async (c) => c.html(await SettingsPage({ c })))
  .post("/settings", async (c) => {
    const viewer = requireViewer(c);
    const body = await c.req.parseBody();
    // A file part is not text: it is echoed back as empty, never as "[object File]".
    const text = (x: unknown) => (typeof x === "string" ? x : "");
    const values: Values = { locale: text(body.locale), digestTime: text(body.digestTime), digestPaused: body.digestPaused === "1" ? "1" : "" };
    const parsed = v.safeParse(SettingsForm, { ...values, digestPaused: body.digestPaused });
    if (!parsed.success) return c.html(await SettingsPage({ c, values, errors: fieldErrors(parsed.issues, c.get("t")) }), 400);
    await saveUserSettings(c.get("db"), viewer.id, { locale: parsed.output.locale, digestTime: parsed.output.digestTime, digestPaused: parsed.output.digestPaused === "1" });
    // Answer in the language just chosen.
    c.set("viewer", { ...viewer, locale: parsed.output.locale });
    c.set("locale", parsed.output.locale);
    c.set("t", messages(parsed.output.locale));
    return c.html(await SettingsPage({ c, notice: c.get("t").settings.saved }));
  })
  .post("/settings/tokens", async (c) => {
    const viewer = requireViewer(c);
    const body = await c.req.parseBody();
    const parsed = v.safeParse(TokenForm, { name: body.name });
    if (!parsed.success) {
      return c.html(await SettingsPage({ c, values: { name: typeof body.name === "string" ? body.name : "" }, errors: fieldErrors(parsed.issues, c.get("t")) }), 400);
    }
    const created = await createApiToken(c.get("db"), viewer.id, parsed.output.name);
    return c.html(await SettingsPage({ c, newToken: created.token }));
  })
  .post("/settings/tokens/:id{[0-9]+}/revoke", async (c) => {
    const viewer = requireViewer(c);
    const ok = await revokeApiToken(c.get("db"), viewer.id, Number(c.req.param("id")), c.get("now"));
    if (!ok) throw new ApiError(404, "not_found", "not found");
    return c.redirect("/settings", 303);
  });
