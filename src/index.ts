import type { Env, MailJob } from "./env.ts";
import { app } from "./http/app.tsx";
import { connect } from "./db/client.ts";
import { runCron } from "./scheduler/cron.ts";
import { handleQueue } from "./scheduler/consumer.ts";

export default {
  fetch: app.fetch,
  // Every 15 minutes: claim who is due and fan out through the queue. Awaited, not waitUntil:
  // the claims must be queued before the invocation ends.
  async scheduled(controller, env, _ctx) {
    const result = await runCron(env, connect(env), controller.scheduledTime);
    if (result.claimed + result.reclaimed > 0) console.log(`cron: ${JSON.stringify(result)}`);
  },
  async queue(batch, env, _ctx) {
    await handleQueue(batch, env, connect(env), Date.now());
  },
} satisfies ExportedHandler<Env, MailJob>;
