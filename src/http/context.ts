import type { Context } from "hono";
import type { Env } from "../env.ts";
import type { Db } from "../db/client.ts";
import type { Viewer } from "../auth/identity.ts";
import type { Locale } from "../domain/types.ts";
import type { Messages } from "../i18n/index.ts";

export type AppEnv = {
  Bindings: Env;
  Variables: {
    db: Db;
    viewer: Viewer | null;
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
