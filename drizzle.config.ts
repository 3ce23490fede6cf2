import { defineConfig } from "drizzle-kit";

// `npm run db:generate` writes a new SQL migration after a schema change. The same files are
// applied to embedded PGlite and to PostgreSQL (src/store/migrate.ts).
export default defineConfig({
  dialect: "postgresql",
  schema: "./src/store/schema.ts",
  out: "./src/store/migrations",
});
