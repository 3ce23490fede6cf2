/**
 * Background polling on pg-boss, on PGlite and PostgreSQL: a queued round fetches the sandbox
 * channel's messages into the store; on PostgreSQL two app processes' workers share the queue and a
 * round runs exactly once.
 */
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connectWithCredentials } from "../../src/channels/service/connect-with-credentials.ts";
import { SANDBOX_SCRIPT } from "../../src/channels/sandbox/messages.ts";
import { startJobs } from "../../src/jobs/start-jobs.ts";
import type { AppContext } from "../../src/lib/context.ts";
import { messages } from "../../src/store/schema.ts";
import { createTestDatabase, STORE_KINDS, type TestDatabase } from "../db.ts";
import { buildContext, buildUser } from "../factories.ts";

function collectingLogger() {
  const lines: string[] = [];
  return { lines, logger: { info: (m: string) => lines.push(m), warn: (m: string) => lines.push(`WARN ${m}`) } };
}

async function until(check: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const start = Date.now();
  while (!(await check())) {
    if (Date.now() - start > timeoutMs) {
      throw new Error("timed out");
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe.each(STORE_KINDS)("background jobs on %s", (kind) => {
  let database: TestDatabase;
  let ctx: AppContext;
  let channelId: string;

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    ctx = buildContext(database.db);
    const { orgId, user } = await buildUser(database.db, { role: "admin" });
    const channel = await connectWithCredentials(ctx, { orgId, actor: { kind: "user", userId: user.id, label: "Anna" }, network: "sandbox", values: {} });
    channelId = channel.id;
  });
  afterAll(async () => {
    await database.close();
  });

  it("rejects a polling interval that cron cannot express", async () => {
    await expect(startJobs(ctx, database, { pollMinutes: 90, databaseUrl: database.url })).rejects.toThrow(/0 to 59/);
  });

  it("a queued polling round stores the channel's new messages, and only once", async () => {
    const first = collectingLogger();
    const second = collectingLogger();
    const a = await startJobs(ctx, database, { pollMinutes: 5, databaseUrl: database.url, logger: first.logger });
    // PGlite has one owning process; PostgreSQL lets a second process work the same queue.
    const b = kind === "postgres" ? await startJobs(buildContext(database.db), database, { pollMinutes: 5, databaseUrl: database.url, logger: second.logger }) : null;
    try {
      const schedules = await a.boss.getSchedules();
      expect(schedules.map((s) => [s.name, s.cron])).toEqual([["channels-poll", "*/5 * * * *"]]);
      expect(await a.pollSoon()).toEqual(expect.any(String));
      const immediate = SANDBOX_SCRIPT.filter((s) => s.after === 0).length;
      await until(async () => (await ctx.db.select().from(messages).where(eq(messages.channelId, channelId))).length === immediate);
      await until(async () => [...first.lines, ...second.lines].some((l) => l.startsWith("kanalen opgehaald")));
      const rounds = [...first.lines, ...second.lines].filter((l) => l.startsWith("kanalen opgehaald"));
      expect(rounds).toEqual([`kanalen opgehaald: 1 kanaal/kanalen, ${immediate} nieuw, 0 mislukt`]);
    } finally {
      await b?.stop();
      await a.stop();
    }
  });

  it("switching polling off removes the schedule", async () => {
    const jobs = await startJobs(ctx, database, { pollMinutes: 0, databaseUrl: database.url });
    try {
      expect(await jobs.boss.getSchedules()).toEqual([]);
    } finally {
      await jobs.stop();
    }
  });
});
