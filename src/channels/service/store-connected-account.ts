/** Stores an account a connect flow produced as a channel with encrypted credentials (reconnecting updates it). */
import { sql } from "drizzle-orm";
import type { AppContext, Actor } from "../../lib/context.ts";
import type { Network } from "../../store/schema.ts";
import { channels } from "../../store/schema.ts";
import type { ConnectedAccount } from "../contract.ts";
import { recordEvent } from "./audit.ts";
import { saveCredentials } from "./credentials.ts";

export interface StoreConnectedAccountOptions {
  orgId: string;
  actor: Actor;
  network: Network;
  account: ConnectedAccount;
}

export async function storeConnectedAccount(ctx: AppContext, options: StoreConnectedAccountOptions) {
  const { account } = options;
  return ctx.db.transaction(async (tx) => {
    const [channel] = await tx
      .insert(channels)
      .values({
        orgId: options.orgId,
        network: options.network,
        name: account.name,
        externalAccountId: account.externalAccountId,
        handle: account.handle ?? null,
        settings: account.settings,
        status: "active",
      })
      .onConflictDoUpdate({
        target: [channels.orgId, channels.network, channels.externalAccountId],
        // Reconnecting keeps the cursor and history but takes the fresh settings and status.
        set: { name: account.name, handle: account.handle ?? null, settings: sql`${channels.settings} || excluded.settings`, status: "active", lastError: null, updatedAt: ctx.now() },
      })
      .returning();
    if (!channel) {
      throw new Error("channel upsert returned no row");
    }
    await saveCredentials(tx, ctx.secrets, channel.id, account.credentials, ctx.now());
    await recordEvent(tx, {
      orgId: options.orgId,
      actor: options.actor,
      action: "channel.connect",
      targetType: "channel",
      targetId: channel.id,
      data: { network: options.network, name: account.name },
    });
    return channel;
  });
}
