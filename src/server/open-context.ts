/**
 * Opening the application context without the HTTP server: configuration → secret key →
 * database (+ migrations). Used by `serve` (through start.ts) and by the CLI commands that only
 * need the database, so they do not load the web server.
 */
import type { AppConfig } from "../lib/config.ts";
import type { AppContext } from "../lib/context.ts";
import { loadOrCreateKeyFile, parseKey, SecretBox } from "../lib/secrets.ts";
import { type Database, openDatabase, redactUrl, resolveTarget } from "../store/db.ts";

export interface OpenContextResult {
  ctx: AppContext;
  database: Database;
  /** Human description of where the data lives (password hidden). */
  where: string;
}

/** Opens the database (migrated) and builds the shared application context. */
export async function openContext(config: AppConfig): Promise<OpenContextResult> {
  const key = config.secretKey ? parseKey(config.secretKey) : loadOrCreateKeyFile(config.keyFile);
  const target = resolveTarget({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  const database = await openDatabase(target);
  try {
    await database.migrate();
  } catch (error) {
    await database.close();
    throw error;
  }
  const where = target.kind === "postgres" ? `PostgreSQL ${redactUrl(target.url)}` : `PGlite ${config.dataDir}`;
  return { ctx: { db: database.db, config, secrets: new SecretBox(key), now: () => new Date() }, database, where };
}

