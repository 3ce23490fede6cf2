/**
 * Opening the database: embedded PGlite in a data directory (default) or PostgreSQL via
 * DATABASE_URL. Both give the same Drizzle `Db` type and run the same migrations.
 *
 * A PGlite directory is owned by exactly one process. We take a lockfile inside it before opening;
 * a second process gets a clear `AppError("unavailable")` instead of two writers corrupting data.
 */
import { mkdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { PGlite } from "@electric-sql/pglite";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import { drizzle as drizzlePg } from "drizzle-orm/node-postgres";
import { migrate as migratePg } from "drizzle-orm/node-postgres/migrator";
import pg from "pg";
import lockfile from "proper-lockfile";
import { AppError } from "../lib/errors.ts";
import * as schema from "./schema.ts";

export type Schema = typeof schema;
/** The Drizzle database, whichever driver is behind it. */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
/** A transaction handle has the same query API. */
export type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];
/** Either a database or an open transaction; domain functions accept both. */
export type DbOrTx = Db | Tx;

export const MIGRATIONS_FOLDER = fileURLToPath(new URL("./migrations", import.meta.url));

export type DatabaseTarget =
  | { kind: "pglite"; dataDir: string }
  | { kind: "pglite-memory" }
  | { kind: "postgres"; url: string; poolSize?: number };

export interface Database {
  db: Db;
  kind: DatabaseTarget["kind"];
  /** The underlying PGlite instance (embedded only), e.g. for pg-boss's adapter. */
  pglite?: PGlite;
  /** The pg pool (PostgreSQL only). */
  pool?: pg.Pool;
  /** Applies pending migrations. Safe to call on every start. */
  migrate(): Promise<void>;
  close(): Promise<void>;
}

/** Picks the target from configuration: DATABASE_URL wins, otherwise the data directory. */
export function resolveTarget(options: { databaseUrl?: string | undefined; dataDir: string }): DatabaseTarget {
  if (options.databaseUrl) {
    return { kind: "postgres", url: options.databaseUrl };
  }
  return { kind: "pglite", dataDir: resolve(options.dataDir) };
}

export async function openDatabase(target: DatabaseTarget): Promise<Database> {
  switch (target.kind) {
    case "pglite":
      return openPglite(target.dataDir);
    case "pglite-memory":
      return openPgliteMemory();
    case "postgres":
      return openPostgres(target.url, target.poolSize);
  }
}

async function openPgliteMemory(): Promise<Database> {
  const client = new PGlite();
  await client.waitReady;
  const db = drizzlePglite(client, { schema }) as unknown as Db;
  return {
    db,
    kind: "pglite-memory",
    pglite: client,
    migrate: () => migratePglite(db as never, { migrationsFolder: MIGRATIONS_FOLDER }),
    close: () => client.close(),
  };
}

async function openPglite(dataDir: string): Promise<Database> {
  mkdirSync(dataDir, { recursive: true });
  let release: () => Promise<void>;
  try {
    release = await lockfile.lock(dataDir, {
      lockfilePath: join(dataDir, "spreekuur.lock"),
      stale: 15_000,
      update: 5_000,
      realpath: false,
      onCompromised: (error) => {
        // Another process took the directory over: stop rather than risk two writers.
        console.error(`spreekuur: lost the lock on ${dataDir}: ${error.message}`);
        process.exit(75);
      },
    });
  } catch (cause) {
    if ((cause as NodeJS.ErrnoException).code === "ELOCKED") {
      throw new AppError(
        "unavailable",
        `The data directory ${dataDir} is in use by another Spreekuur process. Stop that process first, or use DATABASE_URL (PostgreSQL) to run several processes.`,
        { cause },
      );
    }
    throw new AppError("unavailable", `Cannot lock the data directory ${dataDir}: ${(cause as Error).message}`, {
      cause,
    });
  }
  let client: PGlite;
  try {
    client = new PGlite(join(dataDir, "pgdata"));
    await client.waitReady;
  } catch (cause) {
    await release();
    throw new AppError("unavailable", `Cannot open the embedded database in ${dataDir}: ${(cause as Error).message}`, {
      cause,
    });
  }
  const db = drizzlePglite(client, { schema }) as unknown as Db;
  return {
    db,
    kind: "pglite",
    pglite: client,
    migrate: () => migratePglite(db as never, { migrationsFolder: MIGRATIONS_FOLDER }),
    close: async () => {
      await client.close();
      await release();
    },
  };
}

async function openPostgres(url: string, poolSize = 10): Promise<Database> {
  const pool = new pg.Pool({ connectionString: url, max: poolSize, connectionTimeoutMillis: 5_000 });
  // Idle clients can error when the server goes away; log instead of crashing the process.
  pool.on("error", (error) => console.error(`spreekuur: PostgreSQL connection error: ${error.message}`));
  try {
    const probe = await pool.connect();
    probe.release();
  } catch (cause) {
    await pool.end().catch(() => undefined);
    throw new AppError("unavailable", `Cannot connect to PostgreSQL at ${redactUrl(url)}: ${(cause as Error).message}`, {
      cause,
    });
  }
  const db = drizzlePg(pool, { schema }) as unknown as Db;
  return {
    db,
    kind: "postgres",
    pool,
    migrate: () => migratePostgresLocked(pool),
    close: () => pool.end(),
  };
}

/** Several app/worker processes may start at once on one server: one migrates, the others wait. */
const MIGRATION_LOCK_KEY = 727_001;

async function migratePostgresLocked(pool: pg.Pool): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query("SELECT pg_advisory_lock($1)", [MIGRATION_LOCK_KEY]);
    try {
      await migratePg(drizzlePg(client, { schema }), { migrationsFolder: MIGRATIONS_FOLDER });
    } finally {
      await client.query("SELECT pg_advisory_unlock($1)", [MIGRATION_LOCK_KEY]);
    }
  } finally {
    client.release();
  }
}

/** Hides the password in a connection URL for messages and logs. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) {
      parsed.password = "***";
    }
    return parsed.toString();
  } catch {
    return "(invalid DATABASE_URL)";
  }
}
