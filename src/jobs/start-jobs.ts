/**
 * Durable background jobs on pg-boss, in the same database as the app: on PGlite through pg-boss's
 * PGlite adapter (one process owns the data directory, so one worker), on PostgreSQL through its
 * own small pool (several app/worker processes share the queue; a scheduled round is created once
 * per tick and taken by exactly one of them).
 *
 * Jobs so far:
 * - `channels-poll`: every `pollMinutes` minutes, fetch inbound items of every active channel
 *   (pollAllChannels; one failing channel never stops the others). The queue is "stately", so a
 *   slow round is never joined by a second one.
 *
 * The publishing scheduler (issue: publishing) adds its queue here.
 */
import { fromPglite, PgBoss } from "pg-boss";
import type { AppContext } from "../lib/context.ts";
import type { Database } from "../store/db.ts";
import { pollAllChannels } from "../channels/service/poll-channel.ts";

export const POLL_QUEUE = "channels-poll";

export interface JobsLogger {
  info(message: string): void;
  warn(message: string): void;
  debug?(message: string): void;
}

export interface StartJobsOptions {
  /** Minutes between polling rounds (1–59); 0 switches background polling off. */
  pollMinutes: number;
  /** PostgreSQL connection string (when the app runs on PostgreSQL). */
  databaseUrl?: string | undefined;
  logger?: JobsLogger | undefined;
}

export interface RunningJobs {
  boss: PgBoss;
  /** Queues a polling round now (e.g. after connecting a channel); returns the job id or null when one is already waiting. */
  pollSoon(): Promise<string | null>;
  stop(): Promise<void>;
}

const SCHEMA = "pgboss";

export async function startJobs(ctx: AppContext, database: Database, options: StartJobsOptions): Promise<RunningJobs> {
  if (!Number.isInteger(options.pollMinutes) || options.pollMinutes < 0 || options.pollMinutes > 59) {
    throw new RangeError(`pollMinutes must be a whole number from 0 to 59, got ${options.pollMinutes}`);
  }
  const boss = createBoss(database, options.databaseUrl);
  boss.on("error", (error: Error) => options.logger?.warn(`jobs: ${error.message}`));
  await boss.start();
  await boss.createQueue(POLL_QUEUE, { policy: "stately", retryLimit: 0, expireInSeconds: 15 * 60 });
  await boss.work(POLL_QUEUE, { batchSize: 1 }, async () => {
    const results = await pollAllChannels(ctx);
    const inserted = results.reduce((sum, r) => sum + (r.ok ? r.inserted : 0), 0);
    const failed = results.filter((r) => !r.ok);
    const summary = `kanalen opgehaald: ${results.length} kanaal/kanalen, ${inserted} nieuw, ${failed.length} mislukt`;
    // A quiet round is only worth a debug line; new messages and failures are logged as info.
    if (inserted > 0 || failed.length > 0) {
      options.logger?.info(summary);
    } else {
      options.logger?.debug?.(summary);
    }
    for (const failure of failed) {
      options.logger?.warn(`kanaal ${failure.network} "${failure.name}": ${failure.error}`);
    }
    return { channels: results.length, inserted, failed: failed.length };
  });
  if (options.pollMinutes > 0) {
    await boss.schedule(POLL_QUEUE, `*/${options.pollMinutes} * * * *`);
  } else {
    await boss.unschedule(POLL_QUEUE);
  }
  let stopping: Promise<void> | undefined;
  return {
    boss,
    pollSoon: () => boss.send(POLL_QUEUE, {}),
    stop: () => (stopping ??= boss.stop({ graceful: true, timeout: 20_000, close: true })),
  };
}

function createBoss(database: Database, databaseUrl: string | undefined): PgBoss {
  if (database.pglite) {
    return new PgBoss({ db: fromPglite(database.pglite), backend: "pglite", schema: SCHEMA });
  }
  if (!databaseUrl) {
    throw new Error("startJobs: a PostgreSQL database needs its connection string");
  }
  return new PgBoss({ connectionString: databaseUrl, schema: SCHEMA, max: 3, application_name: "spreekuur-jobs" });
}
