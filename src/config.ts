// The Worker's configuration, checked before any handler runs (fetch, scheduled, queue).
//
// Production is the default: ENVIRONMENT unset means production. There the public origin must be an
// https:// address that is not this machine, and the database and sender must be named; a Worker
// that fails the check refuses to serve (one structured log line, a 500) rather than mail sign-in
// links to localhost or open the development mailbox. Development and test are asked for explicitly
// (npm start, the tests, the benchmarks) and may use local addresses.
import * as v from "valibot";

const ENVIRONMENTS = ["production", "development", "test"] as const;
type Environment = (typeof ENVIRONMENTS)[number];

/** localhost, *.localhost, 127.0.0.0/8, ::1 (also IPv4-mapped), 0.0.0.0: names of this machine. */
export function isLoopback(host: string): boolean {
  const h = host.trim().toLowerCase().replace(/^\[|\]$/g, "").replace(/\.$/, "");
  return (
    h === "localhost" ||
    h.endsWith(".localhost") ||
    /^127(\.\d{1,3}){3}$/.test(h) ||
    h === "::1" ||
    h === "0.0.0.0" ||
    /^::ffff:(127\.|7f[0-9a-f]{2}:)/.test(h)
  );
}

const hostOf = (url: string) => new URL(url).hostname;
/** Reserved names (RFC 2606, 6761, 6762) that no real sender domain has. */
const LOCAL_MAIL_DOMAIN = /@(localhost|[^@>\s]*\.(local|localhost|test|invalid|example))>?$/i;

const set = (name: string) => v.pipe(v.string(`${name} is not set`), v.nonEmpty(`${name} is not set`));

const Config = v.pipe(
  v.object({
    ENVIRONMENT: v.optional(v.picklist(ENVIRONMENTS, `ENVIRONMENT must be one of ${ENVIRONMENTS.join(", ")}`), "production"),
    APP_ORIGIN: v.pipe(set("APP_ORIGIN"), v.url("APP_ORIGIN is not a URL")),
    TURSO_DATABASE_URL: v.pipe(set("TURSO_DATABASE_URL"), v.url("TURSO_DATABASE_URL is not a URL")),
    MAIL_FROM: v.pipe(set("MAIL_FROM"), v.regex(/^[^<>]*<[^\s<>@]+@[^\s<>@]+>$|^[^\s<>@]+@[^\s<>@]+$/, "MAIL_FROM is not an address")),
  }),
  v.forward(
    v.partialCheck(
      [["ENVIRONMENT"], ["APP_ORIGIN"]],
      (c) => c.ENVIRONMENT !== "production" || (c.APP_ORIGIN.startsWith("https://") && !isLoopback(hostOf(c.APP_ORIGIN))),
      "APP_ORIGIN must be the app's public https:// address in production",
    ),
    ["APP_ORIGIN"],
  ),
  v.forward(
    v.partialCheck(
      [["ENVIRONMENT"], ["TURSO_DATABASE_URL"]],
      (c) => c.ENVIRONMENT !== "production" || (/^(libsql|https):\/\//.test(c.TURSO_DATABASE_URL) && !isLoopback(hostOf(c.TURSO_DATABASE_URL))),
      "TURSO_DATABASE_URL must be a libsql:// or https:// database that is not this machine in production",
    ),
    ["TURSO_DATABASE_URL"],
  ),
  v.forward(
    v.partialCheck([["ENVIRONMENT"], ["MAIL_FROM"]], (c) => c.ENVIRONMENT !== "production" || !LOCAL_MAIL_DOMAIN.test(c.MAIL_FROM), "MAIL_FROM must be a real sender domain in production"),
    ["MAIL_FROM"],
  ),
);

type ConfigCheck = { ok: true; environment: Environment } | { ok: false; problems: string[] };

type ConfigVars = { ENVIRONMENT?: string; APP_ORIGIN?: string; TURSO_DATABASE_URL?: string; MAIL_FROM?: string };

/** The env object is the same for every request of an isolate: check it once. */
const checked = new WeakMap<object, ConfigCheck>();

function checkConfig(env: ConfigVars): ConfigCheck {
  const hit = checked.get(env);
  if (hit) return hit;
  // An empty value (`--var ENVIRONMENT:`) counts as unset.
  const blank = (s: string | undefined) => (typeof s === "string" && s.trim() === "" ? undefined : s);
  const input = {
    ENVIRONMENT: blank(env.ENVIRONMENT),
    APP_ORIGIN: blank(env.APP_ORIGIN),
    TURSO_DATABASE_URL: blank(env.TURSO_DATABASE_URL),
    MAIL_FROM: blank(env.MAIL_FROM),
  };
  const parsed = v.safeParse(Config, input);
  const result: ConfigCheck = parsed.success
    ? { ok: true, environment: parsed.output.ENVIRONMENT }
    : { ok: false, problems: parsed.issues.map((i) => i.message) };
  checked.set(env, result);
  return result;
}

/**
 * True when the Worker may run; otherwise logs why, as one JSON line (Workers Logs indexes its
 * fields), and the caller refuses. Values are not logged: a database URL may carry a token.
 */
export function configured(env: ConfigVars, handler: "fetch" | "scheduled" | "queue"): boolean {
  const check = checkConfig(env);
  if (check.ok) return true;
  console.error(
    JSON.stringify({
      level: "error",
      event: "config_invalid",
      handler,
      environment: env.ENVIRONMENT || "production (default)",
      problems: check.problems,
      message: `Keqing refuses to run: ${check.problems.join("; ")}. Set the variables at deploy (README, "Deploy").`,
    }),
  );
  return false;
}
