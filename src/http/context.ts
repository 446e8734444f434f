import type { Context } from "hono";
import type { Env } from "../env.ts";
import type { Db } from "../db/client.ts";
import type { Viewer } from "../auth/identity.ts";
import type { Claim, ClaimRow, Credential } from "../auth/claim.ts";
import type { Guard } from "../db/batch.ts";
import type { Locale } from "../domain/types.ts";
import type { Messages } from "../i18n/index.ts";

/**
 * A credential whose viewer is claimed but not yet verified (middleware/session.ts): only withViewer
 * (guard.ts) turns it into a viewer, by running `guard` in the route's first read batch.
 */
export type PendingClaim = { claim: Claim; credential: Credential; guard: Guard; row(): ClaimRow | null };

export type AppEnv = {
  Bindings: Env;
  Variables: {
    db: Db;
    /** The verified viewer (session looked up, claim guarded, or API token), else null. */
    viewer: Viewer | null;
    /** A claim waiting for its guard, on the routes that fold verification into their reads. */
    pending: PendingClaim | null;
    /** The raw session cookie value, when signed in through the browser. */
    sessionToken: string | null;
    /** The form token for this session (null for API-token callers and visitors). */
    csrf: string | null;
    locale: Locale;
    t: Messages;
    /** Request time, epoch ms: one clock per request. */
    now: number;
    /** Admin pages: next year, when its working calendar is missing and it is time to say so (admin/index.tsx). */
    calendarMissing?: number | null;
  };
};

export type AppContext = Context<AppEnv>;
