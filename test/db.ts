/**
 * Fresh, migrated databases for tests: an in-memory PGlite, or a new database inside the test
 * PostgreSQL cluster. `STORE_KINDS` lets a suite run once per backend with `describe.each`.
 */
import { randomBytes } from "node:crypto";
import pg from "pg";
import { inject } from "vitest";
import { type Database, openDatabase } from "../src/store/db.ts";

export const STORE_KINDS = ["pglite", "postgres"] as const;
export type StoreKind = (typeof STORE_KINDS)[number];

export interface TestDatabase extends Database {
  /** Connection URL (PostgreSQL only), e.g. to start a second process on the same database. */
  url?: string;
}

export async function createTestDatabase(kind: StoreKind = "pglite"): Promise<TestDatabase> {
  if (kind === "pglite") {
    const database = await openDatabase({ kind: "pglite-memory" });
    await database.migrate();
    return database;
  }
  const adminUrl = inject("postgresUrl");
  const name = `t_${randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const database = await openDatabase({ kind: "postgres", url: url.toString(), poolSize: 5 });
  await database.migrate();
  const close = database.close;
  return {
    ...database,
    url: url.toString(),
    async close() {
      await close();
      const cleanup = new pg.Client({ connectionString: adminUrl });
      await cleanup.connect();
      await cleanup.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await cleanup.end();
    },
  };
}
