/**
 * Runs one adapter call for a stored channel: decrypts its credentials, hands the adapter an
 * HTTP client bound to the channel, and classifies token failures so a hiccup never disconnects
 * a channel:
 *
 * - `auth_expired` → refresh under a row lock (SELECT … FOR UPDATE on channel_credentials, re-check
 *   after taking the lock: another process may have refreshed already), store the new tokens
 *   encrypted, try once more;
 * - `auth_revoked` → status `reconnect_needed`, audit `channel.reconnect_needed`, admins notified;
 * - `transient` / `rate_limited` / `rejected` → status stays active, `last_error` recorded (shown in
 *   Kanalen, so a source that keeps failing is visible).
 */
import { and, eq } from "drizzle-orm";
import type { AppContext } from "../../lib/context.ts";
import { AppError } from "../../lib/errors.ts";
import { channelCredentials, channels } from "../../store/schema.ts";
import { ChannelError, type ChannelAdapter, type ChannelCredentials, type ChannelRuntime } from "../contract.ts";
import { appKeysOf, getAdapter } from "../registry.ts";
import { recordEvent } from "./audit.ts";
import { createChannelHttp } from "./channel-http.ts";
import { decryptCredentials, saveCredentials } from "./credentials.ts";
import { notifyReconnectNeeded } from "./notify-reconnect-needed.ts";

export type ChannelRow = typeof channels.$inferSelect;

export interface WithChannelRuntimeOptions {
  orgId: string;
  channelId: string;
  env?: NodeJS.ProcessEnv | undefined;
}

export async function loadChannel(ctx: AppContext, orgId: string, channelId: string): Promise<ChannelRow> {
  if (!/^[0-9a-f-]{36}$/i.test(channelId)) {
    throw new AppError("not_found", "Kanaal niet gevonden");
  }
  const [channel] = await ctx.db
    .select()
    .from(channels)
    .where(and(eq(channels.id, channelId), eq(channels.orgId, orgId)));
  if (!channel) {
    throw new AppError("not_found", "Kanaal niet gevonden");
  }
  return channel;
}

/** Turns a ChannelError that reached the caller into an AppError with a Dutch message. */
export function toAppError(error: unknown): unknown {
  if (!(error instanceof ChannelError)) {
    return error;
  }
  switch (error.kind) {
    case "auth_revoked":
      return new AppError("reconnect_needed", "Dit kanaal moet opnieuw verbonden worden.", { cause: error });
    case "auth_expired":
      return new AppError("reconnect_needed", `De toegang tot dit kanaal is verlopen en kon niet vernieuwd worden; verbind het opnieuw. (${error.message})`, {
        cause: error,
      });
    case "rate_limited":
      return new AppError("rate_limited", `Het netwerk vraagt ons even te wachten: ${error.message}`, { cause: error });
    case "not_supported":
      return new AppError("validation", `Dit kan niet op dit netwerk: ${error.message}`, { cause: error });
    case "rejected":
      return new AppError("channel_error", `Het netwerk weigerde dit: ${error.message}`, { cause: error });
    default:
      return new AppError("channel_error", `Het netwerk is nu niet bereikbaar: ${error.message}`, { cause: error });
  }
}

export async function withChannelRuntime<T>(
  ctx: AppContext,
  options: WithChannelRuntimeOptions,
  fn: (adapter: ChannelAdapter, runtime: ChannelRuntime, channel: ChannelRow) => Promise<T>,
): Promise<T> {
  const channel = await loadChannel(ctx, options.orgId, options.channelId);
  if (channel.status === "reconnect_needed") {
    throw new AppError("reconnect_needed", "Dit kanaal moet opnieuw verbonden worden.");
  }
  if (channel.status === "disabled") {
    throw new AppError("conflict", "Dit kanaal is uitgeschakeld.");
  }
  const adapter = getAdapter(channel.network);
  const app = appKeysOf(channel.network, options.env ?? process.env);
  const logged = createChannelHttp(ctx, channel.id);
  const [row] = await ctx.db.select().from(channelCredentials).where(eq(channelCredentials.channelId, channel.id));
  let usedAccessEnc = row?.accessTokenEnc ?? null;
  const runtime: ChannelRuntime = {
    channel: { id: channel.id, externalAccountId: channel.externalAccountId, handle: channel.handle, settings: channel.settings },
    credentials: decryptCredentials(ctx.secrets, row),
    app,
    http: logged.http,
    now: ctx.now,
    saveCredentials: async (credentials: ChannelCredentials) => {
      await saveCredentials(ctx.db, ctx.secrets, channel.id, { ...runtime.credentials, ...credentials }, ctx.now());
    },
  };

  try {
    try {
      const result = await fn(adapter, runtime, channel);
      await clearError(ctx, channel);
      return result;
    } catch (error) {
      if (!(error instanceof ChannelError) || error.kind !== "auth_expired" || !adapter.refresh) {
        throw error;
      }
      runtime.credentials = await refreshUnderLock(ctx, adapter, runtime, usedAccessEnc);
      usedAccessEnc = null;
      const result = await fn(adapter, runtime, channel);
      await clearError(ctx, channel);
      return result;
    }
  } catch (error) {
    await handleFailure(ctx, channel, error);
    throw toAppError(error);
  } finally {
    await logged.flush();
  }
}

async function clearError(ctx: AppContext, channel: ChannelRow) {
  if (channel.lastError !== null) {
    await ctx.db.update(channels).set({ lastError: null, updatedAt: ctx.now() }).where(eq(channels.id, channel.id));
  }
}

async function refreshUnderLock(
  ctx: AppContext,
  adapter: ChannelAdapter,
  runtime: ChannelRuntime,
  usedAccessEnc: string | null,
): Promise<ChannelCredentials> {
  return ctx.db.transaction(async (tx) => {
    const [locked] = await tx.select().from(channelCredentials).where(eq(channelCredentials.channelId, runtime.channel.id)).for("update");
    const current = decryptCredentials(ctx.secrets, locked);
    // Someone else refreshed while we waited for the lock: their token is fresh, use it.
    const refreshedMeanwhile = locked !== undefined && locked.accessTokenEnc !== usedAccessEnc;
    const stillValid = current.expiresAt !== undefined && current.expiresAt.getTime() > ctx.now().getTime() + 30_000;
    if (refreshedMeanwhile && stillValid) {
      return current;
    }
    const fresh = await adapter.refresh!({ ...runtime, credentials: current });
    const merged = { ...current, ...fresh };
    await saveCredentials(tx, ctx.secrets, runtime.channel.id, merged, ctx.now());
    return merged;
  });
}

async function handleFailure(ctx: AppContext, channel: ChannelRow, error: unknown) {
  if (!(error instanceof ChannelError)) {
    return;
  }
  if (error.kind === "auth_revoked" || (error.kind === "auth_expired")) {
    await ctx.db.transaction(async (tx) => {
      await tx.update(channels).set({ status: "reconnect_needed", lastError: error.message, updatedAt: ctx.now() }).where(eq(channels.id, channel.id));
      await recordEvent(tx, {
        orgId: channel.orgId,
        actor: { kind: "system", label: "system" },
        action: "channel.reconnect_needed",
        targetType: "channel",
        targetId: channel.id,
        data: { network: channel.network, reason: error.kind },
      });
    });
    await notifyReconnectNeeded(ctx, { orgId: channel.orgId, channelName: channel.name });
    return;
  }
  if (error.kind === "transient" || error.kind === "rate_limited" || error.kind === "rejected") {
    await ctx.db.update(channels).set({ lastError: error.message, updatedAt: ctx.now() }).where(eq(channels.id, channel.id));
  }
}
