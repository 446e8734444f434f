import type { Env } from "./env.ts";
import { app } from "./http/app.tsx";

export default {
  fetch: app.fetch,
} satisfies ExportedHandler<Env>;
