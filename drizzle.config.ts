import { defineConfig } from "drizzle-kit";

// `npm run db:generate` writes SQL migrations into migrations/; `npm run cli -- migrate` applies them.
export default defineConfig({
  dialect: "turso",
  schema: "./src/db/schema.ts",
  out: "./migrations",
  dbCredentials: { url: process.env.TURSO_DATABASE_URL ?? "http://127.0.0.1:8080", authToken: process.env.TURSO_AUTH_TOKEN },
});
