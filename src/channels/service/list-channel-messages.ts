/** Recent normalised messages of one channel, newest first, with their triage (scoped by org). */
import { and, desc, eq } from "drizzle-orm";
import type { AppContext } from "../../lib/context.ts";
import { messages } from "../../store/schema.ts";
import { loadChannel } from "./with-channel-runtime.ts";

export interface ListChannelMessagesOptions {
  orgId: string;
  channelId: string;
  limit?: number | undefined;
}

export async function listChannelMessages(ctx: AppContext, options: ListChannelMessagesOptions) {
  const channel = await loadChannel(ctx, options.orgId, options.channelId);
  return ctx.db
    .select()
    .from(messages)
    .where(and(eq(messages.orgId, options.orgId), eq(messages.channelId, channel.id)))
    .orderBy(desc(messages.sentAt), desc(messages.receivedAt))
    .limit(Math.min(options.limit ?? 50, 200));
}
