/**
 * Private messages through the Page: reading `GET /{page-id}/conversations?platform=messenger|instagram`
 * (with nested messages, newest first) and sending with the Send API `POST /{page-id}/messages`
 * (to a person id, or as a private reply to a comment/post with `comment_id` / `post_id`).
 *
 * A private thread is keyed "<prefix>:<the other person's id>" so a message that arrived by
 * webhook (which names the sender, not the conversation) lands in the same thread as a poll.
 */
import { ChannelError, type NormalizedMessage } from "../contract.ts";
import { type GraphClient, type GraphPage, graphTime } from "./graph.ts";

const MAX_CONVERSATION_PAGES = 3;
const MAX_MESSAGE_PAGES = 2;

interface GraphParticipant {
  id: string;
  name?: string;
  username?: string;
}
interface GraphMessage {
  id: string;
  message?: string;
  created_time?: string;
  from?: GraphParticipant;
  to?: { data?: GraphParticipant[] };
}
interface GraphConversation {
  id: string;
  updated_time?: string;
  participants?: { data?: GraphParticipant[] };
  messages?: GraphPage<GraphMessage>;
}

export interface FetchConversationsOptions {
  network: "facebook" | "instagram";
  pageId: string;
  /** Our own id in these conversations (the page id, or the Instagram account id). */
  selfId: string;
  platform: "messenger" | "instagram";
  threadPrefix: string;
  /** Unix seconds: messages at or after it are returned. */
  since: number;
  now: Date;
}

export async function fetchConversations(client: GraphClient, options: FetchConversationsOptions): Promise<{ items: NormalizedMessage[]; complete: boolean }> {
  const items: NormalizedMessage[] = [];
  const sinceMs = options.since * 1000;
  const fields = "id,updated_time,participants,messages.limit(25){id,message,created_time,from,to}";
  const collect = (conversation: GraphConversation, messages: GraphMessage[]): boolean => {
    const other = conversation.participants?.data?.find((p) => p.id !== options.selfId && p.id !== options.pageId);
    let fresh = false;
    for (const message of messages) {
      const sentAt = graphTime(message.created_time, options.now);
      if (sentAt.getTime() < sinceMs) {
        continue;
      }
      fresh = true;
      const fromSelf = message.from?.id === options.selfId || message.from?.id === options.pageId;
      const otherId = other?.id ?? (fromSelf ? message.to?.data?.[0]?.id : message.from?.id) ?? conversation.id;
      items.push({
        network: options.network,
        externalId: message.id,
        threadExternalId: `${options.threadPrefix}:${otherId}`,
        kind: "direct_message",
        author: {
          externalId: message.from?.id,
          displayName: message.from?.name ?? message.from?.username,
          handle: message.from?.username ? `@${message.from.username}` : undefined,
        },
        text: message.message ?? "",
        media: [],
        sentAt,
        visibility: "private",
        fromSelf,
        extra: { conversationId: conversation.id },
      });
    }
    return fresh;
  };

  let limited = false;
  const walked = await client.walk<GraphConversation>(
    "gesprekken ophalen",
    `/${options.pageId}/conversations`,
    { platform: options.platform, fields, limit: 25 },
    MAX_CONVERSATION_PAGES,
    async (conversations) => {
      for (const conversation of conversations) {
        // Newest conversations first: one untouched since the cursor ends the walk.
        if (graphTime(conversation.updated_time, options.now).getTime() < sinceMs) {
          return false;
        }
        const first = conversation.messages?.data ?? [];
        const freshOnFirst = collect(conversation, first);
        const next = conversation.messages?.paging?.next;
        if (next && freshOnFirst && first.length > 0) {
          if (!(await client.walk<GraphMessage>("berichten ophalen", next, undefined, MAX_MESSAGE_PAGES, (messages) => collect(conversation, messages)))) {
            limited = true;
            return false;
          }
        }
      }
      return true;
    },
  );
  return { items, complete: walked && !limited };
}

export type SendRecipient = { id: string } | { comment_id: string } | { post_id: string };

/** Send API: a reply within the 24-hour window (messaging_type RESPONSE) or a private reply. */
export async function sendPageMessage(client: GraphClient, pageId: string, recipient: SendRecipient, text: string): Promise<{ externalId: string }> {
  const sent = await client.post<{ message_id?: string; recipient_id?: string }>("privébericht versturen", `/${pageId}/messages`, {
    recipient,
    messaging_type: "RESPONSE",
    message: { text },
  });
  if (!sent.message_id) {
    throw new ChannelError("rejected", `${client.label}: het privébericht is niet bevestigd`);
  }
  return { externalId: sent.message_id };
}
