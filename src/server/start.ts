/**
 * Starting the application: configuration → secret key → database (+ migrations) → HTTP server →
 * background jobs (pg-boss: polling of channels). Used by `spreekuur serve`; returns a handle whose
 * `close()` shuts down cleanly (server, then jobs, then the database, which releases the
 * data-directory lock).
 */
import { fileURLToPath } from "node:url";
import type { FastifyInstance } from "fastify";
import type { AppConfig } from "../lib/config.ts";
import type { AppContext } from "../lib/context.ts";
import type { Database } from "../store/db.ts";
import { openContext } from "./open-context.ts";
import { type RunningJobs, startJobs } from "../jobs/start-jobs.ts";
import { buildServer } from "./app.ts";

export const DEFAULT_WEB_ROOT = fileURLToPath(new URL("../../dist/web", import.meta.url));

export interface RunningApplication {
  app: FastifyInstance;
  ctx: AppContext;
  database: Database;
  jobs: RunningJobs;
  url: string;
  where: string;
  close(): Promise<void>;
}

export async function startApplication(config: AppConfig, options: { webRoot?: string } = {}): Promise<RunningApplication> {
  const { ctx, database, where } = await openContext(config);
  let app: FastifyInstance;
  try {
    app = await buildServer({
      ctx,
      database,
      webRoot: options.webRoot ?? DEFAULT_WEB_ROOT,
      logger: config.logLevel === "silent" ? false : { level: config.logLevel },
    });
    await app.listen({ port: config.port, host: config.host });
  } catch (error) {
    await database.close();
    throw error;
  }
  let jobs: RunningJobs;
  try {
    jobs = await startJobs(ctx, database, { pollMinutes: config.pollMinutes, databaseUrl: config.databaseUrl, logger: app.log });
  } catch (error) {
    await app.close();
    await database.close();
    throw error;
  }
  const address = app.server.address();
  const port = typeof address === "object" && address ? address.port : config.port;
  const host = config.host === "0.0.0.0" || config.host === "::" ? "localhost" : config.host;
  let closing: Promise<void> | undefined;
  return {
    app,
    ctx,
    database,
    jobs,
    where,
    url: `http://${host.includes(":") ? `[${host}]` : host}:${port}`,
    close: () =>
      (closing ??= (async () => {
        await app.close();
        await jobs.stop();
        await database.close();
      })()),
  };
}
