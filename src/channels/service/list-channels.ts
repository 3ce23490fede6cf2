/** The organisation's channels (never credentials) and the networks this installation offers. */
import { asc, eq } from "drizzle-orm";
import type { AppContext } from "../../lib/context.ts";
import { channels } from "../../store/schema.ts";
import { listNetworks } from "../registry.ts";

export interface ListChannelsOptions {
  orgId: string;
  env?: NodeJS.ProcessEnv | undefined;
}

export async function listChannels(ctx: AppContext, options: ListChannelsOptions) {
  const rows = await ctx.db.select().from(channels).where(eq(channels.orgId, options.orgId)).orderBy(asc(channels.createdAt));
  return { networks: listNetworks(options.env), channels: rows };
}
