/**
 * Disconnects a channel: revoke at the network (best effort; skipped while another connected
 * channel shares the same grant), delete credentials and the channel, audit.
 */
import { and, eq, inArray, ne } from "drizzle-orm";
import type { AppContext, Actor } from "../../lib/context.ts";
import { channels } from "../../store/schema.ts";
import type { ChannelAdapter } from "../contract.ts";
import { ADAPTERS, appKeysOf, getAdapter } from "../registry.ts";
import { recordEvent } from "./audit.ts";
import { createChannelHttp } from "./channel-http.ts";
import { decryptCredentials, deleteCredentials } from "./credentials.ts";
import { loadChannel } from "./with-channel-runtime.ts";
import { channelCredentials } from "../../store/schema.ts";

export interface DisconnectChannelOptions {
  orgId: string;
  channelId: string;
  actor: Actor;
  env?: NodeJS.ProcessEnv | undefined;
}

export async function disconnectChannel(ctx: AppContext, options: DisconnectChannelOptions): Promise<{ revoked: boolean }> {
  const channel = await loadChannel(ctx, options.orgId, options.channelId);
  const adapter = getAdapter(channel.network);
  let revoked = false;
  const [row] = await ctx.db.select().from(channelCredentials).where(eq(channelCredentials.channelId, channel.id));
  const sharedGrant = await grantStillUsed(ctx, adapter, channel.id, row);
  if (adapter.revoke && !sharedGrant) {
    const logged = createChannelHttp(ctx, null);
    try {
      await adapter.revoke({
        channel: { id: channel.id, externalAccountId: channel.externalAccountId, handle: channel.handle, settings: channel.settings },
        credentials: decryptCredentials(ctx.secrets, row),
        app: appKeysOf(channel.network, options.env ?? process.env),
        http: logged.http,
        now: ctx.now,
      });
      revoked = true;
    } catch {
      // Best effort: a network that is down or a token that is already gone must not block disconnecting.
    } finally {
      await logged.flush();
    }
  }
  await ctx.db.transaction(async (tx) => {
    await deleteCredentials(tx, channel.id);
    await tx.delete(channels).where(and(eq(channels.id, channel.id), eq(channels.orgId, options.orgId)));
    await recordEvent(tx, {
      orgId: options.orgId,
      actor: options.actor,
      action: "channel.disconnect",
      targetType: "channel",
      targetId: channel.id,
      data: { network: channel.network, name: channel.name, revoked, ...(sharedGrant ? { revokeSkipped: "grant shared with another channel" } : {}) },
    });
  });
  return { revoked };
}

/** True when another connected channel (any organisation) holds the same grant as this one. */
async function grantStillUsed(
  ctx: AppContext,
  adapter: ChannelAdapter,
  channelId: string,
  row: typeof channelCredentials.$inferSelect | undefined,
): Promise<boolean> {
  const key = adapter.grantKey?.(decryptCredentials(ctx.secrets, row));
  if (!key) {
    return false;
  }
  const sharing = Object.values(ADAPTERS).filter((a) => a.grantKey !== undefined);
  const others = await ctx.db
    .select({ network: channels.network, credentials: channelCredentials })
    .from(channels)
    .innerJoin(channelCredentials, eq(channelCredentials.channelId, channels.id))
    .where(and(ne(channels.id, channelId), inArray(channels.network, sharing.map((a) => a.network))));
  return others.some((other) => ADAPTERS[other.network]?.grantKey?.(decryptCredentials(ctx.secrets, other.credentials)) === key);
}
