/** Connects a network with fields the user typed (Bluesky handle + app password, RSS feed URL, sandbox). */
import type { AppContext, Actor } from "../../lib/context.ts";
import { AppError } from "../../lib/errors.ts";
import { ChannelError } from "../contract.ts";
import { getAdapter, requireConfigured } from "../registry.ts";
import { createChannelHttp } from "./channel-http.ts";
import { storeConnectedAccount } from "./store-connected-account.ts";

export interface ConnectWithCredentialsOptions {
  orgId: string;
  actor: Actor;
  network: string;
  values: Record<string, string>;
  env?: NodeJS.ProcessEnv | undefined;
}

export async function connectWithCredentials(ctx: AppContext, options: ConnectWithCredentialsOptions) {
  const adapter = getAdapter(options.network);
  const app = requireConfigured(adapter, options.env);
  if (adapter.connect.type !== "credentials") {
    throw new AppError("validation", `${adapter.displayName} verbind je via de knop (OAuth), niet met een formulier.`);
  }
  const logged = createChannelHttp(ctx, null);
  let account;
  try {
    account = await adapter.connect.connect({ values: options.values, app, http: logged.http });
  } catch (error) {
    if (error instanceof ChannelError) {
      throw new AppError(error.kind === "transient" || error.kind === "rate_limited" ? "channel_error" : "validation", error.message);
    }
    throw error;
  } finally {
    await logged.flush();
  }
  return storeConnectedAccount(ctx, { orgId: options.orgId, actor: options.actor, network: adapter.network, account });
}
