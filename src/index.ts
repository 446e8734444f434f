import type { Env } from "./env.ts";
import { app } from "./http/app.tsx";
import { connect } from "./db/client.ts";
import { configured } from "./config.ts";
import { runCron } from "./scheduler/cron.ts";
import { handleQueue, postpone } from "./scheduler/consumer.ts";

/**
 * The consumer's clock. Outside production CLOCK_OFFSET_MS shifts it, so a benchmark can replay a
 * fixed day (`npm run bench -- --today`, its cron fired with that day's time) without its digests
 * being dropped as past their cut-off by the real clock. Production always uses the real time.
 */
function consumerNow(env: Env): number {
  const offset = env.ENVIRONMENT === "development" || env.ENVIRONMENT === "test" ? Number(env.CLOCK_OFFSET_MS ?? 0) : 0;
  return Date.now() + (Number.isFinite(offset) ? offset : 0);
}

export default {
  // The app refuses to serve when the configuration fails its check (src/http/middleware/config.ts).
  fetch: app.fetch,
  // Every 15 minutes: claim who is due and fan out through the queue. Awaited, not waitUntil:
  // the claims must be queued before the invocation ends. Nothing is claimed while misconfigured.
  async scheduled(controller, env, _ctx) {
    if (!configured(env, "scheduled")) return;
    const result = await runCron(env, connect(env), controller.scheduledTime);
    if (result.claimed + result.reclaimed > 0) console.log({ msg: "cron", ...result });
  },
  // Misconfigured: no mail is built (its links would point nowhere); the jobs wait for a fixed deploy.
  // A message's body is unknown until the consumer checks it (scheduler/mail-job.ts).
  async queue(batch, env, _ctx) {
    if (!configured(env, "queue")) return postpone(batch, env);
    await handleQueue(batch, env, connect(env), consumerNow(env));
  },
} satisfies ExportedHandler<Env>;
