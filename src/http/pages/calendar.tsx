// The private calendar feed: `GET /calendar/<token>.ics` for calendar apps, which cannot sign in,
// so the random token in the URL is the credential (stored hashed; replaced or revoked from the
// settings page, which renders <CalendarSettings/>). The feed never changes data. `calendarFeed` is
// mounted at /calendar, `calendarSettingsPages` at /settings/calendar.
import { Hono } from "hono";
import type { AppContext, AppEnv } from "../context.ts";
import { Csrf, useT } from "./layout.tsx";
import { requireViewer } from "../guard.ts";
import { ApiError } from "../errors.ts";
import {
  calendarFeedOwner,
  issueCalendarToken,
  loadCalendarFeed,
  renderCalendarFeed,
  revokeCalendarToken,
} from "../../services/calendar-feed.ts";
import { messages } from "../../i18n/index.ts";

/** Links in the feed and the feed's own URL use the configured public origin, not whatever Host the request named. */
function appOrigin(c: AppContext): string {
  return new URL(c.env.APP_ORIGIN).origin;
}

function feedUrls(c: AppContext, token: string): { https: string; webcal: string } {
  const https = `${appOrigin(c)}/calendar/${token}.ics`;
  // webcal:// asks the device to subscribe (Apple Calendar, Outlook); the client fetches it over http(s).
  return { https, webcal: https.replace(/^https?:/, "webcal:") };
}

/**
 * The settings page's "calendar feed" section. `url` is the feed URL just issued: it is shown once,
 * as only its hash is kept. `active`: whether a feed is on (the settings page reads it with its
 * other queries, hasCalendarFeed).
 */
export function CalendarSettings(props: { active: boolean; url?: { https: string; webcal: string } }) {
  const { url } = props;
  const tc = useT().calendar;
  const active = props.active || url !== undefined;
  return (
    <section id="calendar-feed">
      <h2>{tc.title}</h2>
      <div class="card">
        <p class="muted small">{tc.hint}</p>
        {url && (
          <div class="alert ok">
            <strong>{tc.newTitle}</strong>
            <p class="small">{tc.newHint}</p>
            <a class="button block" href={url.webcal}>
              {tc.subscribe}
            </a>
            <div class="label">{tc.webcalLabel}</div>
            <code class="token">{url.webcal}</code>
            <div class="label">{tc.httpsLabel}</div>
            <code class="token">{url.https}</code>
          </div>
        )}
        <p>{active ? tc.active : tc.inactive}</p>
        <p class="muted small">{tc.privacy}</p>
        <div class="row">
          <form method="post" action="/settings/calendar">
            <Csrf />
            <button type="submit" class={active ? "secondary" : undefined}>
              {active ? tc.rotate : tc.create}
            </button>
          </form>
          {active && (
            <form method="post" action="/settings/calendar/revoke">
              <Csrf />
              <button class="danger" type="submit">
                {tc.revoke}
              </button>
            </form>
          )}
        </div>
        {active && <p class="muted small">{tc.rotateHint}</p>}
      </div>
    </section>
  );
}

export const calendarFeed = new Hono<AppEnv>().get("/:file{[A-Za-z0-9_-]{1,200}\\.ics}", async (c) => {
  const token = c.req.param("file").slice(0, -".ics".length);
  const db = c.get("db");
  const owner = await calendarFeedOwner(db, token);
  // Unknown, replaced and revoked tokens look alike: nothing to probe.
  if (!owner) throw new ApiError(404, "not_found", "not found");
  const now = c.get("now");
  const feed = await loadCalendarFeed(db, owner, now);
  const body = renderCalendarFeed(feed, { t: messages(owner.locale), origin: appOrigin(c), now });
  c.header("content-type", "text/calendar; charset=utf-8");
  c.header("cache-control", "private, max-age=900");
  c.header("content-disposition", 'inline; filename="keqing.ics"');
  c.header("x-robots-tag", "noindex, nofollow");
  return c.body(body);
});

export const calendarSettingsPages = new Hono<AppEnv>()
  .post("/", async (c) => {
    const viewer = requireViewer(c);
    const token = await issueCalendarToken(c.get("db"), viewer.id);
    const t = c.get("t");
    // The page carries a secret shown once: keep it out of every cache.
    c.header("cache-control", "no-store");
    return c.render(
      <>
        <h1>{t.settings.title}</h1>
        <CalendarSettings active url={feedUrls(c, token)} />
        <p>
          <a href="/settings">{t.calendar.backToSettings}</a>
        </p>
      </>,
      { title: t.calendar.title, nav: "settings" },
    );
  })
  .post("/revoke", async (c) => {
    const viewer = requireViewer(c);
    await revokeCalendarToken(c.get("db"), viewer.id);
    return c.redirect("/settings#calendar-feed", 303);
  });
