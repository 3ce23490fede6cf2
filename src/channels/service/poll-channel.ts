/** Fetches a channel's inbound items since its cursor, ingests them and saves the new cursor. */
import { and, eq } from "drizzle-orm";
import type { AppContext } from "../../lib/context.ts";
import { ingestMessages, type IngestResult } from "../../inbox/ingest-messages.ts";
import { channels, organizations } from "../../store/schema.ts";
import { withChannelRuntime } from "./with-channel-runtime.ts";

export interface PollChannelOptions {
  orgId: string;
  channelId: string;
  env?: NodeJS.ProcessEnv | undefined;
}

export async function pollChannel(ctx: AppContext, options: PollChannelOptions): Promise<IngestResult & { fetched: number; warnings: string[] }> {
  const [org] = await ctx.db.select({ name: organizations.name, profile: organizations.profile }).from(organizations).where(eq(organizations.id, options.orgId));
  const result = await withChannelRuntime(ctx, options, async (adapter, runtime, channel) => {
    const { items, cursor, warnings } = await adapter.fetchInbound(runtime, channel.cursor);
    const stored = await ingestMessages(ctx.db, { orgId: options.orgId, channelId: channel.id, items, org });
    await ctx.db.update(channels).set({ cursor, lastPolledAt: ctx.now(), updatedAt: ctx.now() }).where(eq(channels.id, channel.id));
    return { ...stored, fetched: items.length, warnings: warnings ?? [] };
  });
  if (result.warnings.length > 0) {
    // After the runtime cleared the previous error: a skipped source stays visible in Kanalen.
    await ctx.db.update(channels).set({ lastError: result.warnings.join(" "), updatedAt: ctx.now() }).where(eq(channels.id, options.channelId));
  }
  return result;
}

export interface PollAllChannelsOptions {
  orgId?: string | undefined;
  env?: NodeJS.ProcessEnv | undefined;
}

/** Polls every active channel (of one organisation, or all); one failing channel does not stop the rest. */
export async function pollAllChannels(ctx: AppContext, options: PollAllChannelsOptions = {}) {
  const rows = await ctx.db
    .select({ id: channels.id, orgId: channels.orgId, name: channels.name, network: channels.network })
    .from(channels)
    .where(options.orgId ? and(eq(channels.orgId, options.orgId), eq(channels.status, "active")) : eq(channels.status, "active"));
  const results = [];
  for (const row of rows) {
    try {
      const result = await pollChannel(ctx, { orgId: row.orgId, channelId: row.id, env: options.env });
      results.push({ ...row, ok: true as const, inserted: result.inserted, duplicates: result.duplicates });
    } catch (error) {
      results.push({ ...row, ok: false as const, error: (error as Error).message });
    }
  }
  return results;
}
