// Sign-in by one-time e-mailed link. GET never consumes a link (mail scanners follow links):
// the link opens a page whose button POSTs the token.
import { Hono } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import * as v from "valibot";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { AppContext, AppEnv } from "../context.ts";
import { FieldError, useT } from "./layout.tsx";
import { formValidator, fromFields, lastValues } from "../validation.ts";
import { consumeSigninToken, issueSigninToken, normaliseEmail } from "../../auth/signin.ts";
import { createSession, revokeSession, signOutEverywhere, SESSION_TTL_MS } from "../../auth/sessions.ts";
import { admitSignin, DEVICE_COOKIE, DEVICE_TTL_MS, newDevice } from "../../auth/signin-throttle.ts";
import { sendSigninMail } from "../../services/signin-mail.ts";
import type { Db } from "../../db/client.ts";
import type { Env } from "../../env.ts";
import { CLAIM_COOKIE, SESSION_COOKIE } from "../middleware/session.ts";

/** Issues and mails a link when the address has an account; nothing otherwise. */
async function mailLink(env: Env, db: Db, email: string, now: number): Promise<void> {
  const issued = await issueSigninToken(db, email, now);
  if (issued) await sendSigninMail(env, db, issued.user, issued.token, now);
}

type SigninProps = { email?: string; error?: string; notice?: string; status?: "ok" | "error" };

function SigninForm(props: SigninProps) {
  const t = useT();
  return (
    <div class="card narrow">
      <h1>{t.auth.signInTitle}</h1>
      <p class="muted">{t.common.appTagline}</p>
      {props.notice && <div class={`alert ${props.status ?? "ok"}`}>{props.notice}</div>}
      <form method="post" action="/signin" novalidate>
        <label for="email">{t.auth.emailLabel}</label>
        <input
          id="email"
          name="email"
          type="email"
          autocomplete="email"
          inputmode="email"
          required
          value={props.email ?? ""}
          class={props.error ? "invalid" : undefined}
          aria-describedby={props.error ? "email-error" : undefined}
        />
        <FieldError errors={props.error ? { email: props.error } : undefined} name="email" />
        <p>
          <button class="block" type="submit">
            {t.auth.sendLink}
          </button>
        </p>
      </form>
    </div>
  );
}

function renderSignin(c: AppContext, props: SigninProps = {}, status: ContentfulStatusCode = 200) {
  c.status(status);
  return c.render(<SigninForm {...props} />, { title: c.get("t").auth.signInTitle });
}

function ConfirmForm(props: { token: string }) {
  const t = useT();
  return (
    <div class="card narrow">
      <h1>{t.auth.confirmTitle}</h1>
      <p class="muted">{t.auth.confirmHint}</p>
      <form method="post" action="/signin/verify">
        <input type="hidden" name="token" value={props.token} />
        <button class="block" type="submit">
          {t.auth.confirmButton}
        </button>
      </form>
    </div>
  );
}

function sessionCookieOptions(c: AppContext) {
  return {
    httpOnly: true,
    secure: c.env.APP_ORIGIN.startsWith("https:"),
    sameSite: "Lax" as const,
    path: "/",
    maxAge: SESSION_TTL_MS / 1000,
  };
}

/** The device cookie (src/auth/signin-throttle.ts) travels only with our own sign-in forms. */
function deviceCookieOptions(c: AppContext) {
  return { httpOnly: true, secure: c.env.APP_ORIGIN.startsWith("https:"), sameSite: "Strict" as const, path: "/signin", maxAge: DEVICE_TTL_MS / 1000 };
}

/** The address a sign-in link is asked for; a bad one is answered with the form again, as typed. */
const EmailForm = fromFields(
  (raw) => ({ email: lastValues(raw).email }),
  v.object({ email: v.pipe(v.string(), v.trim(), v.maxLength(254), v.email()) }),
);

const emailValidator = formValidator(EmailForm, async (c) => {
  const email = lastValues(await c.req.parseBody({ all: true })).email;
  return renderSignin(c, { email: typeof email === "string" ? email : "", error: c.get("t").auth.invalidEmail }, 400);
});

/** /signin: ask for a link, and confirm one (mounted at /signin). */
export const signinPages = new Hono<AppEnv>()
  .get("/", (c) => {
    if (c.get("viewer")) return c.redirect("/today");
    return renderSignin(c);
  })
  .post("/", emailValidator, async (c) => {
    const t = c.get("t");
    const email = normaliseEmail(c.req.valid("form").email);
    const db = c.get("db");
    const now = c.get("now");
    const device = getCookie(c, DEVICE_COOKIE);
    const admission = await admitSignin(db, { email, device, client: c.req.header("cf-connecting-ip") ?? "local" }, now);
    // Only this client's own limit shows; a quiet refusal answers like a sent link.
    if (admission === "limited") return renderSignin(c, { email, notice: t.auth.rateLimited, status: "error" }, 429);
    if (admission === "send") {
      // After the response, so the answer takes as long whether the address exists, or was throttled.
      c.executionCtx.waitUntil(
        mailLink(c.env, db, email, now).catch((err: unknown) => console.error(`sign-in link not sent: ${err instanceof Error ? err.message : String(err)}`)),
      );
    }
    return renderSignin(c, { email, notice: t.auth.linkSent });
  })
  .get("/verify", (c) => c.render(<ConfirmForm token={c.req.query("token") ?? ""} />, { title: c.get("t").auth.confirmTitle }))
  .post("/verify", async (c) => {
    const body = await c.req.parseBody();
    const token = typeof body.token === "string" ? body.token : "";
    const db = c.get("db");
    const now = c.get("now");
    const user = token ? await consumeSigninToken(db, token, now) : null;
    if (!user) return renderSignin(c, { notice: c.get("t").auth.linkInvalid, status: "error" }, 400);
    const [session, device] = await Promise.all([
      createSession(db, user.userId, c.req.header("user-agent"), now),
      newDevice(db, normaliseEmail(user.email), getCookie(c, DEVICE_COOKIE), now),
    ]);
    setCookie(c, SESSION_COOKIE, session, sessionCookieOptions(c));
    // A claim left by an earlier session is of no use to this one: the next lookup sets the new one.
    deleteCookie(c, CLAIM_COOKIE, { path: "/" });
    setCookie(c, DEVICE_COOKIE, device, deviceCookieOptions(c));
    return c.redirect("/today", 303);
  });

/** Signing out: this browser, or every device (mounted at /signout). */
export const signoutPages = new Hono<AppEnv>()
  .post("/", async (c) => {
    const token = c.get("sessionToken");
    if (token) await revokeSession(c.get("db"), token, c.get("now"));
    deleteCookie(c, SESSION_COOKIE, { path: "/" });
    deleteCookie(c, CLAIM_COOKIE, { path: "/" });
    c.set("viewer", null);
    return renderSignin(c, { notice: c.get("t").auth.signedOut });
  })
  .post("/everywhere", async (c) => {
    const viewer = c.get("viewer");
    if (!viewer) return c.redirect("/signin", 303);
    const body = await c.req.parseBody();
    const done = await signOutEverywhere(c.get("db"), viewer, c.get("now"), { apiTokens: body.revokeApiTokens === "1" });
    deleteCookie(c, SESSION_COOKIE, { path: "/" });
    deleteCookie(c, CLAIM_COOKIE, { path: "/" });
    c.set("viewer", null);
    const t = c.get("t").auth;
    const tokens = done.apiTokens === 0 ? "" : done.apiTokensRevoked ? t.apiTokensRevoked(done.apiTokens) : t.apiTokensKept(done.apiTokens);
    return renderSignin(c, { notice: `${t.signedOutEverywhere(done.sessions)}${tokens}` });
  });
