// Who may have a sign-in link mailed, and how often, without letting a stranger lock the owner out.
//
// A link only ever goes to the address's own mailbox, so the harm in a flood of requests is mail,
// not access. OWASP's "device cookies": a browser that has signed in to an address before carries
// a random device cookie; the database keeps only its hash, in rate_limits, as that device's own
// counter (key signin:device:<hash of address>:<hash of cookie>). Such a device is limited on its
// own, so nobody else's requests can use up its allowance. Every other client shares the address's
// mail budget: past it, the answer is the same "a link is on its way" as always but nothing is sent
// (the links already sent in this window still work until it ends, so the owner is never without
// one), and the same for an address with no account: the reply never tells whether an address
// exists or is being throttled. One client asking for many addresses is stopped by its own limit.
import { and, eq, gt, like, sql } from "drizzle-orm";
import type { Db } from "../db/client.ts";
import { rateLimits } from "../db/schema.ts";
import { allow } from "./rate-limit.ts";
import { randomToken, sha256Hex } from "./tokens.ts";

export const DEVICE_COOKIE = "kq_device";
/** A device not seen for this long is a stranger again (also the cookie's lifetime). */
export const DEVICE_TTL_MS = 365 * 24 * 3600 * 1000;
const WINDOW_MS = 15 * 60 * 1000;
/** Links per quarter hour: mailed to an address for unknown clients, asked by one known device, asked by one client. */
const MAILS_PER_ADDRESS = 5;
const PER_DEVICE = 5;
const PER_CLIENT = 30;

/** send: mail a link. quiet: answer as if sent, send nothing. limited: this client's own limit (429). */
export type Admission = "send" | "quiet" | "limited";

const windowOf = (now: number) => now - (now % WINDOW_MS);
const devicePrefix = (emailHash: string) => `signin:device:${emailHash}:`;
const deviceKey = async (email: string, device: string) => `${devicePrefix(await sha256Hex(email))}${await sha256Hex(device)}`;

/**
 * Counts a request from a device cookie against that device's own limit. Null when the cookie is not
 * a device that signed in to this address within DEVICE_TTL_MS (forged, expired, or another address's).
 */
async function knownDeviceAllows(db: Db, email: string, device: string, now: number): Promise<boolean | null> {
  const start = windowOf(now);
  const rows = await db
    .update(rateLimits)
    .set({
      count: sql`case when ${rateLimits.windowStart} = ${start} then ${rateLimits.count} + 1 else 1 end`,
      windowStart: start,
    })
    .where(and(eq(rateLimits.key, await deviceKey(email, device)), gt(rateLimits.windowStart, now - DEVICE_TTL_MS)))
    .returning({ count: rateLimits.count });
  return rows[0] ? rows[0].count <= PER_DEVICE : null;
}

/** `email` normalised; `device` the request's device cookie; `client` its address (CF-Connecting-IP). */
export async function admitSignin(db: Db, req: { email: string; device: string | undefined; client: string }, now: number): Promise<Admission> {
  const known = req.device ? await knownDeviceAllows(db, req.email, req.device, now) : null;
  if (known !== null) return known ? "send" : "limited";
  // Hashed: the table need not list who typed which address from where.
  if (!(await allow(db, `signin:client:${await sha256Hex(req.client)}`, PER_CLIENT, WINDOW_MS, now))) return "limited";
  return (await allow(db, `signin:email:${await sha256Hex(req.email)}`, MAILS_PER_ADDRESS, WINDOW_MS, now)) ? "send" : "quiet";
}

/**
 * After a sign-in: a new device cookie, known to `email` from now on, returned for the browser. A new
 * value every time, never the one the request brought (a cookie planted by someone else must not
 * become trusted); the one it brought, if any, is forgotten for this address.
 */
export async function newDevice(db: Db, email: string, previous: string | undefined, now: number): Promise<string> {
  const device = randomToken();
  const insert = db.insert(rateLimits).values({ key: await deviceKey(email, device), windowStart: windowOf(now), count: 0 });
  if (previous) await db.batch([db.delete(rateLimits).where(eq(rateLimits.key, await deviceKey(email, previous))), insert]);
  else await insert;
  return device;
}

/**
 * Every device known to an address becomes a stranger (sign out everywhere): a statement for a batch.
 * `emailHash` is sha256Hex of the normalised address (a builder must not come out of an async function:
 * awaiting it would run it).
 */
export function forgetDevices(db: Db, emailHash: string) {
  return db.delete(rateLimits).where(like(rateLimits.key, `${devicePrefix(emailHash)}%`));
}
