// /settings: the user's own language, morning e-mail time and pause, API tokens, calendar feed and
// devices (signing out everywhere).
import { Hono } from "hono";
import * as v from "valibot";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { AppContext, AppEnv } from "../context.ts";
import { Csrf, FieldError, useT } from "./layout.tsx";
import { requireViewer, signedIn } from "../guard.ts";
import { formValidator, fromFields, lastValues, type Errors, type Fields } from "../validation.ts";
import { saveUserSettings, userSettings } from "../../db/queries/users.ts";
import { createApiToken, listApiTokens, revokeApiToken } from "../../auth/api-tokens.ts";
import { countLiveSessions } from "../../auth/sessions.ts";
import { localDateOf } from "../../domain/dates.ts";
import { LOCALES } from "../../domain/types.ts";
import { requiredText, TIME_OF_DAY } from "../../domain/fields.ts";
import { messages } from "../../i18n/index.ts";
import { ApiError } from "../errors.ts";
import { CalendarSettings, calendarSettingsPages } from "./calendar.tsx";
import { hasCalendarFeed } from "../../db/queries/users.ts";

type Values = Record<string, string>;

/** A file part is not text: it is echoed back as empty, never as "[object File]". */
const text = (x: unknown) => (typeof x === "string" ? x : "");

/** The digest form as typed: the checkbox is "1" or nothing. */
function digestValues(raw: Fields): Values {
  const body = lastValues(raw);
  return { locale: text(body.locale), digestTime: text(body.digestTime), digestPaused: body.digestPaused === "1" ? "1" : "" };
}

const SettingsForm = fromFields(
  (raw) => ({ ...digestValues(raw), digestPaused: lastValues(raw).digestPaused }),
  v.object({
    locale: v.picklist(LOCALES, "unknown_value"),
    digestTime: v.pipe(v.string("required"), v.regex(TIME_OF_DAY, "invalid")),
    digestPaused: v.optional(v.picklist(["1"], "invalid")),
  }),
);

const TokenForm = fromFields((raw) => ({ name: lastValues(raw).name }), v.object({ name: requiredText(60) }));

const settingsForm = formValidator(SettingsForm, async (c, errors) =>
  renderSettings(c, { values: digestValues(await c.req.parseBody({ all: true })), errors }, 400),
);
const tokenForm = formValidator(TokenForm, async (c, errors) =>
  renderSettings(c, { values: { name: text(lastValues(await c.req.parseBody({ all: true })).name) }, errors }, 400),
);

type Tokens = Awaited<ReturnType<typeof listApiTokens>>;

function DigestForm(props: { values: Values; errors: Errors }) {
  const t = useT();
  const { values, errors } = props;
  return (
    <form method="post" action="/settings" class="card" novalidate>
      <Csrf />
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
  );
}

function ApiTokens(props: { tokens: Tokens; timeZone: string; name: string; errors: Errors; newToken?: string }) {
  const t = useT();
  const { errors } = props;
  const day = (ms: number) => localDateOf(ms, props.timeZone);
  return (
    <div class="card">
      <p class="muted small">{t.settings.apiTokensHint}</p>
      {props.newToken && (
        <div class="alert ok">
          {t.settings.newToken}
          <code class="token">{props.newToken}</code>
        </div>
      )}
      {props.tokens.length === 0 ? (
        <p class="muted">{t.settings.noTokens}</p>
      ) : (
        <ul class="plain">
          {props.tokens.map((tk) => (
            <li class="row">
              <span class="grow">
                <strong>{tk.name}</strong> <span class="muted small">{tk.lastUsedAt ? t.settings.lastUsed(day(tk.lastUsedAt)) : t.settings.neverUsed}</span>
              </span>
              <form method="post" action={`/settings/tokens/${tk.id}/revoke`}>
                <Csrf />
                <button class="secondary" type="submit">
                  {t.settings.revoke}
                </button>
              </form>
            </li>
          ))}
        </ul>
      )}
      <form method="post" action="/settings/tokens" class="row" novalidate>
        <Csrf />
        <div class="grow">
          <label for="name">{t.settings.tokenName}</label>
          <input id="name" name="name" value={props.name} class={errors.name ? "invalid" : undefined} />
          <FieldError errors={errors} name="name" />
        </div>
        <button type="submit">{t.settings.createToken}</button>
      </form>
    </div>
  );
}

function Sessions(props: { live: number; tokens: number }) {
  const t = useT();
  return (
    <form method="post" action="/signout/everywhere" class="card">
      <Csrf />
      <p>{t.settings.sessionsHint(props.live)}</p>
      {/* Off by default: a lost phone is no reason to break the scripts that use the tokens. */}
      {props.tokens > 0 && (
        <label class="check">
          <input type="checkbox" name="revokeApiTokens" value="1" />
          {t.settings.alsoRevokeApiTokens(props.tokens)}
        </label>
      )}
      <button class="danger" type="submit">
        {t.auth.signOutEverywhere}
      </button>
    </form>
  );
}

type PageProps = { values?: Values; errors?: Errors; notice?: string; newToken?: string };

/** The settings page; `values` are what was typed in the form that failed (`errors`). */
async function renderSettings(c: AppContext, props: PageProps, status: ContentfulStatusCode = 200) {
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
  c.status(status);
  return c.render(
    <>
      <h1>{t.settings.title}</h1>
      {props.notice && <div class="alert ok">{props.notice}</div>}
      <DigestForm values={values} errors={errors} />

      <h2>{t.settings.apiTokens}</h2>
      <ApiTokens tokens={tokens} timeZone={viewer.timeZone} name={props.values?.name ?? ""} errors={errors} newToken={props.newToken} />

      <CalendarSettings active={calendarOn} />

      <h2>{t.settings.sessions}</h2>
      <Sessions live={live} tokens={tokens.length} />
    </>,
    { title: t.settings.title, nav: "settings" },
  );
}

/** Mounted at /settings. */
export const settingsPages = new Hono<AppEnv>()
  .get("/", (c) => renderSettings(c, {}))
  .post("/", signedIn(), settingsForm, async (c) => {
    const viewer = requireViewer(c);
    const { locale, digestTime, digestPaused } = c.req.valid("form");
    await saveUserSettings(c.get("db"), viewer.id, { locale, digestTime, digestPaused: digestPaused === "1" });
    // Answer in the language just chosen.
    c.set("viewer", { ...viewer, locale });
    c.set("locale", locale);
    c.set("t", messages(locale));
    return renderSettings(c, { notice: c.get("t").settings.saved });
  })
  .post("/tokens", signedIn(), tokenForm, async (c) => {
    const viewer = requireViewer(c);
    const created = await createApiToken(c.get("db"), viewer.id, c.req.valid("form").name);
    return renderSettings(c, { newToken: created.token });
  })
  .post("/tokens/:id{[0-9]+}/revoke", async (c) => {
    const viewer = requireViewer(c);
    const ok = await revokeApiToken(c.get("db"), viewer.id, Number(c.req.param("id")), c.get("now"));
    if (!ok) throw new ApiError(404, "not_found", "not found");
    return c.redirect("/settings", 303);
  })
  .route("/calendar", calendarSettingsPages);
