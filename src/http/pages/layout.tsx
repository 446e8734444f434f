// Every page's frame (head, the signed-in header, the main navigation), applied by jsxRenderer: a
// handler calls `c.render(<body/>, { title, nav })`, and components read the request's context with
// useRequestContext instead of receiving `c` as a prop.
import type { Child } from "hono/jsx";
import { jsxRenderer, useRequestContext } from "hono/jsx-renderer";
import type { AppEnv } from "../context.ts";

export type NavKey = "today" | "log" | "stores" | "month" | "team" | "admin" | "settings";
/** What a page tells the frame: its title (before " · 客情") and which main tab is on. */
export type PageProps = { title: string; nav?: NavKey };

declare module "hono" {
  interface ContextRenderer {
    (content: string | Promise<string>, props: PageProps): Response | Promise<Response>;
  }
}

/** The request's context inside a page component. */
export const usePage = () => useRequestContext<AppEnv>();
/** The messages in the viewer's language. */
export const useT = () => usePage().get("t");

function Layout(props: PageProps & { children?: Child }) {
  const c = usePage();
  const t = c.get("t").common;
  const viewer = c.get("viewer");
  const items: [NavKey, string][] = viewer
    ? [
        ["today", "/today"],
        ["log", "/log"],
        ["stores", "/stores"],
        ["month", "/month"],
        ...(viewer.role !== "rep" ? ([["team", "/team"]] as [NavKey, string][]) : []),
        ...(viewer.role === "admin" ? ([["admin", "/admin"]] as [NavKey, string][]) : []),
        ["settings", "/settings"],
      ]
    : [];
  return (
    <html lang={c.get("locale")}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${props.title} · ${t.appName}`}</title>
        <link rel="stylesheet" href="/assets/app.css" />
        {/* Installable (README "Offline"): the manifest, the home-screen icon, and the client script that
            registers the service worker and keeps the offline queue. Pages work without it. */}
        <link rel="manifest" href="/manifest.webmanifest" />
        <meta name="theme-color" content="#c0392b" />
        <link rel="icon" href="/assets/icon-192.png" />
        <link rel="apple-touch-icon" href="/assets/icon-192.png" />
        {viewer && <meta name="kq-csrf" content={c.get("csrf") ?? ""} />}
        <script src="/assets/queue.js" defer />
        <script src="/assets/app.js" defer />
      </head>
      <body data-user={viewer ? String(viewer.id) : undefined}>
        {/* The script's words in the viewer's language; a data block, never executed (CSP allows no inline script). */}
        {viewer && <script type="application/json" id="kq-words" dangerouslySetInnerHTML={{ __html: JSON.stringify(c.get("t").offline).replace(/</g, "\\u003c") }} />}
        <header class="top">
          <a class="brand" href={viewer ? "/today" : "/"}>
            {t.appName}
          </a>
          {viewer && (
            <form method="post" action="/signout" class="row">
              <Csrf />
              <span class="muted small">{viewer.name}</span>
              <button class="secondary" type="submit">
                {t.nav.signOut}
              </button>
            </form>
          )}
        </header>
        {items.length > 0 && (
          <nav class="main">
            {items.map(([key, href]) => (
              <a href={href} class={props.nav === key ? "on" : undefined}>
                {t.nav[key]}
              </a>
            ))}
          </nav>
        )}
        <main>{props.children}</main>
      </body>
    </html>
  );
}

/** Pages are rendered into Layout. No doctype: the pages have always been served without one. */
export const pageRenderer = jsxRenderer(({ children, title, nav }) => <Layout title={title} nav={nav}>{children}</Layout>, { docType: false });

/** A hidden CSRF field for every form of a signed-in page. */
export function Csrf() {
  return <input type="hidden" name="_csrf" value={usePage().get("csrf") ?? ""} />;
}

export function FieldError(props: { errors?: Record<string, string>; name: string }) {
  const msg = props.errors?.[props.name];
  return msg ? <div class="field-error" id={`${props.name}-error`}>{msg}</div> : null;
}

/**
 * A table that may scroll sideways on a phone. The scrolling box is focusable and named, so a
 * keyboard user can reach and scroll it (WCAG 2.1.1; axe-core `scrollable-region-focusable`).
 */
export function TableWrap(props: { label: string; card?: boolean; children?: Child }) {
  return (
    <div class={props.card ? "table-wrap card" : "table-wrap"} tabindex={0} role="region" aria-label={props.label}>
      {props.children}
    </div>
  );
}
