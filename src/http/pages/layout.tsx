import type { Child } from "hono/jsx";
import type { AppContext } from "../context.ts";

type NavKey = "today" | "log" | "stores" | "month" | "team" | "admin" | "settings";

export function Layout(props: { c: AppContext; title: string; nav?: NavKey; children: Child }) {
  const { c } = props;
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
      </head>
      <body>
        <header class="top">
          <a class="brand" href={viewer ? "/today" : "/"}>
            {t.appName}
          </a>
          {viewer && (
            <form method="post" action="/signout" class="row">
              <input type="hidden" name="_csrf" value={c.get("csrf") ?? ""} />
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

/** A hidden CSRF field for every form of a signed-in page. */
export function Csrf(props: { c: AppContext }) {
  return <input type="hidden" name="_csrf" value={props.c.get("csrf") ?? ""} />;
}

export function FieldError(props: { errors?: Record<string, string>; name: string }) {
  const msg = props.errors?.[props.name];
  return msg ? <div class="field-error" id={`${props.name}-error`}>{msg}</div> : null;
}
