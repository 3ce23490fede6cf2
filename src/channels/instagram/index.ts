/**
 * Instagram professional account via the Instagram API with Facebook Login (same Meta app as
 * Facebook: FACEBOOK_APP_ID, FACEBOOK_APP_SECRET, FACEBOOK_WEBHOOK_VERIFY_TOKEN). Connecting lists
 * the Facebook pages with a linked Instagram account; each Instagram account becomes a channel
 * keeping the page token as credential (the Instagram Graph endpoints take it).
 *
 * Inbound since the cursor: comments and replies on our own media (`/{ig-user-id}/media` +
 * `/{media-id}/comments` with nested replies; Instagram offers no ordering or time filter, so the
 * newest media are walked up to a page limit and comments are filtered by timestamp), media we
 * are tagged in (`/{ig-user-id}/tags`) and Instagram Direct conversations through the page
 * (`/{page-id}/conversations?platform=instagram`).
 *
 * Webhooks: object "instagram", field "comments" and `messaging`. The "mentions" field carries
 * only ids (no text) and needs an extra call, so mentions come in by polling `/tags`.
 *
 * Publishing: Instagram has no text-only posts and fetches images itself from a public URL. A
 * post therefore needs at least one image with `url` (one image: a container with image_url;
 * 2–10: a carousel), then `media_publish`. Without one the adapter refuses with a Dutch message
 * (the current composer sends no images, so posting from Spreekuur's composer is refused).
 * Replies: `/{comment-id}/replies` (one level: an answer to a reply goes under its top comment),
 * `/{ig-user-id}/mentions` for media we are tagged in, the Send API for Direct messages, and
 * private replies to a comment with `recipient.comment_id`. Delete: comments (`DELETE /{id}`).
 */
import { setTimeout as sleep } from "node:timers/promises";
import {
  ChannelError,
  type ChannelAdapter,
  type ChannelRuntime,
  type NormalizedMessage,
  type PublishResult,
  type WebhookRequest,
} from "../contract.ts";
import { fetchConversations, sendPageMessage } from "../meta/conversations.ts";
import { finishPoll, GraphClient, graphTime, isGraphObjectId, metaAppKeys, optionalSource, parseCursor } from "../meta/graph.ts";
import { exchangeCodeForPages, facebookLoginUrl, metaGrantKey, revokeUserPermissions } from "../meta/oauth.ts";
import { metaChallenge, parseMetaDelivery, verifyMetaSignature } from "../meta/webhooks.ts";

const LABEL = "Instagram";
export const INSTAGRAM_SCOPES = [
  "instagram_basic",
  "instagram_manage_comments",
  "instagram_content_publish",
  "instagram_manage_messages",
  "pages_show_list",
  "pages_read_engagement",
  "pages_manage_metadata",
];
const MAX_MEDIA_PAGES = 2;
const MAX_COMMENT_PAGES = 3;
const MAX_IMAGES = 10;
const CAPTION_LIMIT = 2_200;
const THREAD_PREFIX = "instagram-direct";
const CONTAINER_CHECKS = 5;

interface IgUser {
  id?: string;
  username?: string;
}
interface IgComment {
  id: string;
  text?: string;
  timestamp?: string;
  username?: string;
  from?: IgUser;
  replies?: { data?: IgComment[] };
}
interface IgMedia {
  id: string;
  caption?: string;
  timestamp?: string;
  permalink?: string;
  username?: string;
  comments_count?: number;
  media_url?: string;
  media_type?: string;
}

const REPLY_FIELDS = "id,text,timestamp,username,from{id,username}";

function settingOf(runtime: ChannelRuntime, key: string): string | undefined {
  const value = runtime.channel.settings[key];
  return typeof value === "string" && value ? value : undefined;
}

function igUserIdOf(runtime: ChannelRuntime): string {
  return settingOf(runtime, "igUserId") ?? runtime.channel.externalAccountId;
}

function pageIdOf(runtime: ChannelRuntime): string {
  const pageId = settingOf(runtime, "pageId");
  if (!pageId) {
    throw new ChannelError("rejected", "Instagram: de gekoppelde Facebook-pagina is onbekend; verbind het kanaal opnieuw");
  }
  return pageId;
}

function clientOf(runtime: ChannelRuntime): GraphClient {
  return new GraphClient(runtime.http, metaAppKeys(runtime.app).graphUrl, runtime.credentials.accessToken ?? "", LABEL);
}

function commentItem(self: { id: string; username?: string | undefined }, media: IgMedia, comment: IgComment, parent: IgComment | undefined, now: Date): NormalizedMessage {
  const username = comment.from?.username ?? comment.username;
  return {
    network: "instagram",
    externalId: comment.id,
    threadExternalId: media.id,
    parentExternalId: parent?.id ?? media.id,
    kind: parent ? "reply" : "comment",
    author: { externalId: comment.from?.id, handle: username ? `@${username}` : undefined, displayName: username },
    text: comment.text ?? "",
    media: [],
    sentAt: graphTime(comment.timestamp, now),
    permalink: media.permalink,
    visibility: "public",
    fromSelf: comment.from?.id === self.id || (self.username !== undefined && username === self.username),
    extra: { mediaId: media.id, ...(parent ? { parentCommentId: parent.id } : {}) },
  };
}

async function fetchComments(client: GraphClient, self: { id: string; username?: string | undefined }, since: number, now: Date, items: NormalizedMessage[]): Promise<boolean> {
  const sinceMs = since * 1000;
  const fresh = (time: string | undefined) => graphTime(time, now).getTime() >= sinceMs;
  let limited = false;
  const walked = await client.walk<IgMedia>(
    "media ophalen",
    `/${self.id}/media`,
    { fields: "id,caption,timestamp,permalink,comments_count,media_type", limit: 25 },
    MAX_MEDIA_PAGES,
    async (media) => {
      for (const item of media) {
        if (!item.comments_count) {
          continue;
        }
        const completed = await client.walk<IgComment>(
          "reacties ophalen",
          `/${item.id}/comments`,
          { fields: `${REPLY_FIELDS},replies{${REPLY_FIELDS}}`, limit: 50 },
          MAX_COMMENT_PAGES,
          (comments) => {
            for (const comment of comments) {
              if (fresh(comment.timestamp)) {
                items.push(commentItem(self, item, comment, undefined, now));
              }
              for (const reply of comment.replies?.data ?? []) {
                if (fresh(reply.timestamp)) {
                  items.push(commentItem(self, item, reply, comment, now));
                }
              }
            }
            return true;
          },
        );
        if (!completed) {
          limited = true;
          return false;
        }
      }
      return true;
    },
  );
  return walked && !limited;
}

async function fetchTags(client: GraphClient, self: { id: string }, since: number, now: Date, items: NormalizedMessage[]): Promise<boolean> {
  return client.walk<IgMedia>("vermeldingen ophalen", `/${self.id}/tags`, { fields: "id,caption,timestamp,permalink,username,media_url,media_type", limit: 25 }, 1, (media) => {
    for (const item of media) {
      const sentAt = graphTime(item.timestamp, now);
      if (sentAt.getTime() < since * 1000) {
        continue;
      }
      items.push({
        network: "instagram",
        externalId: item.id,
        threadExternalId: item.id,
        kind: "mention",
        author: { handle: item.username ? `@${item.username}` : undefined, displayName: item.username },
        text: item.caption ?? "",
        media: item.media_url && item.media_type === "IMAGE" ? [{ kind: "image", url: item.media_url }] : [],
        sentAt,
        permalink: item.permalink,
        visibility: "public",
        extra: { mediaId: item.id, mention: true },
      });
    }
    return true;
  });
}

function parseWebhook(request: WebhookRequest) {
  return parseMetaDelivery(request, { object: "instagram", network: "instagram", threadPrefix: THREAD_PREFIX }, (change, entry, now) => {
    const value = change.value ?? {};
    if (change.field !== "comments" || typeof value.id !== "string") {
      return null;
    }
    const from = (value.from ?? {}) as IgUser;
    const media = (value.media ?? {}) as { id?: string };
    if (!media.id) {
      return null;
    }
    const parentId = typeof value.parent_id === "string" ? value.parent_id : undefined;
    return {
      network: "instagram",
      externalId: value.id,
      threadExternalId: media.id,
      parentExternalId: parentId ?? media.id,
      kind: parentId ? "reply" : "comment",
      author: { externalId: from.id, handle: from.username ? `@${from.username}` : undefined, displayName: from.username },
      text: typeof value.text === "string" ? value.text : "",
      media: [],
      sentAt: graphTime(value.timestamp, graphTime(entry.time, now)),
      visibility: "public",
      fromSelf: from.id === entry.id,
      extra: { mediaId: media.id, ...(parentId ? { parentCommentId: parentId } : {}) },
    };
  });
}

async function waitUntilFinished(client: GraphClient, containerId: string): Promise<void> {
  for (let check = 0; check < CONTAINER_CHECKS; check++) {
    const status = await client.get<{ status_code?: string; status?: string }>("container controleren", `/${containerId}`, { fields: "status_code,status" });
    if (!status.status_code || status.status_code === "FINISHED" || status.status_code === "PUBLISHED") {
      return;
    }
    if (status.status_code === "ERROR" || status.status_code === "EXPIRED") {
      throw new ChannelError("rejected", `Instagram kon de afbeelding niet verwerken (${status.status ?? status.status_code}).`);
    }
    await sleep(1000);
  }
  throw new ChannelError("transient", "Instagram is nog bezig met de afbeelding; probeer het zo nog eens.");
}

async function createdId(promise: Promise<{ id?: string }>, what: string): Promise<string> {
  const created = await promise;
  if (!created.id) {
    throw new ChannelError("rejected", `Instagram: ${what} is niet bevestigd`);
  }
  return created.id;
}

export const instagramAdapter: ChannelAdapter = {
  network: "instagram",
  displayName: "Instagram",
  requiredEnv: ["FACEBOOK_APP_ID", "FACEBOOK_APP_SECRET"],
  envPrefixes: ["FACEBOOK_", "INSTAGRAM_"],
  capabilities: { inbound: true, publish: true, reply: true, privateMessage: true, delete: true, webhooks: true },
  // Caption 2,200 characters and carousels of up to 10 items (Meta's content publishing docs).
  limits: { maxLength: CAPTION_LIMIT, maxImages: MAX_IMAGES },
  connect: {
    type: "oauth",
    pkce: false,
    authorizeUrl: ({ state, redirectUri, app }) => facebookLoginUrl({ app, state, redirectUri, scopes: INSTAGRAM_SCOPES }),
    async exchangeCode({ code, redirectUri, app, http }) {
      const { userToken, pages } = await exchangeCodeForPages({
        code,
        redirectUri,
        app,
        http,
        label: LABEL,
        fields: "id,name,access_token,instagram_business_account{id,username,name}",
      });
      const linked = pages.filter((p) => p.access_token && p.instagram_business_account?.id);
      if (linked.length === 0) {
        throw new ChannelError(
          "rejected",
          "Instagram: geen zakelijk Instagram-account gevonden. Koppel uw Instagram-account (zakelijk of creator) eerst aan een Facebook-pagina die u beheert.",
        );
      }
      return linked.map((page) => {
        const ig = page.instagram_business_account ?? { id: "" };
        const username = ig.username ?? ig.id;
        return {
          externalAccountId: ig.id,
          handle: `@${username}`,
          name: `Instagram – ${ig.name || page.name}`,
          settings: { igUserId: ig.id, username, pageId: page.id, pageName: page.name },
          credentials: { accessToken: page.access_token, secret: userToken, scope: INSTAGRAM_SCOPES.join(",") },
        };
      });
    },
  },
  grantKey: metaGrantKey,
  async revoke(runtime) {
    // Removes the app's permissions for the person who connected; also ends other channels of that login.
    await revokeUserPermissions(runtime.http, runtime.app, runtime.credentials.secret, LABEL);
  },
  async fetchInbound(runtime, cursor) {
    const state = parseCursor(cursor);
    const now = runtime.now();
    if (state.pauseUntil && state.pauseUntil > now.getTime()) {
      return { items: [], cursor };
    }
    const client = clientOf(runtime);
    const self = { id: igUserIdOf(runtime), username: settingOf(runtime, "username") };
    const pageId = settingOf(runtime, "pageId");
    const items: NormalizedMessage[] = [];
    const warnings: string[] = [];
    let complete = await fetchComments(client, self, state.since, now, items);
    if (complete) {
      complete = await optionalSource(LABEL, "media waarin het account getagd is", warnings, () => fetchTags(client, self, state.since, now, items));
    }
    if (complete && pageId) {
      complete = await optionalSource(LABEL, "Direct-berichten", warnings, async () => {
        const result = await fetchConversations(client, { network: "instagram", pageId, selfId: self.id, platform: "instagram", threadPrefix: THREAD_PREFIX, since: state.since, now });
        items.push(...result.items);
        return result.complete;
      });
    }
    return finishPoll(client, state, now, items, complete, warnings);
  },
  webhooks: {
    challenge: metaChallenge,
    verify: verifyMetaSignature,
    parse: parseWebhook,
  },
  async publish(runtime, post) {
    if (post.media.length === 0) {
      throw new ChannelError(
        "rejected",
        "Instagram kent geen berichten met alleen tekst: een bericht heeft minstens één afbeelding nodig (met een openbaar internetadres).",
      );
    }
    if (post.media.length > MAX_IMAGES) {
      throw new ChannelError("rejected", `Instagram staat maximaal ${MAX_IMAGES} afbeeldingen per bericht toe.`);
    }
    const urls = post.media.map((m) => m.url);
    if (urls.some((url) => !url || !/^https?:\/\//i.test(url))) {
      throw new ChannelError(
        "rejected",
        "Instagram haalt afbeeldingen zelf op via een openbaar internetadres; een of meer afbeeldingen hebben er geen. Plaats de afbeelding eerst online.",
      );
    }
    const client = clientOf(runtime);
    const igUserId = igUserIdOf(runtime);
    const caption = post.link && !post.text.includes(post.link) ? `${post.text}\n\n${post.link}` : post.text;
    let container: string;
    if (post.media.length === 1) {
      const media = post.media[0];
      container = await createdId(
        client.post("container maken", `/${igUserId}/media`, { image_url: urls[0], caption, ...(media?.alt ? { alt_text: media.alt } : {}) }),
        "de afbeelding",
      );
    } else {
      const children: string[] = [];
      for (const [index, media] of post.media.entries()) {
        const child = await createdId(
          client.post("container maken", `/${igUserId}/media`, { image_url: urls[index], is_carousel_item: true, ...(media.alt ? { alt_text: media.alt } : {}) }),
          "een afbeelding",
        );
        await waitUntilFinished(client, child);
        children.push(child);
      }
      container = await createdId(client.post("carrousel maken", `/${igUserId}/media`, { media_type: "CAROUSEL", children: children.join(","), caption }), "de carrousel");
    }
    await waitUntilFinished(client, container);
    const mediaId = await createdId(client.post("publiceren", `/${igUserId}/media_publish`, { creation_id: container }), "het bericht");
    try {
      const found = await client.get<{ permalink?: string }>("link ophalen", `/${mediaId}`, { fields: "permalink" });
      return { externalId: mediaId, permalink: found.permalink };
    } catch {
      return { externalId: mediaId };
    }
  },
  async reply(runtime, reply): Promise<PublishResult> {
    const client = clientOf(runtime);
    const target = reply.inReplyTo;
    if (target.visibility === "private") {
      if (!target.authorExternalId) {
        throw new ChannelError("rejected", "Instagram: van dit privébericht is de afzender onbekend");
      }
      return sendPageMessage(client, pageIdOf(runtime), { id: target.authorExternalId }, reply.text);
    }
    if (target.extra?.mention === true) {
      // Media we are tagged in belongs to someone else: answer through the mentions edge.
      const id = await createdId(client.post("reageren op vermelding", `/${igUserIdOf(runtime)}/mentions`, { media_id: target.externalId, message: reply.text }), "de reactie");
      return { externalId: id };
    }
    const parent = typeof target.extra?.parentCommentId === "string" ? target.extra.parentCommentId : target.externalId;
    const id = await createdId(client.post("reactie plaatsen", `/${parent}/replies`, { message: reply.text }), "de reactie");
    return { externalId: id };
  },
  async sendPrivateMessage(runtime, message) {
    const client = clientOf(runtime);
    const pageId = pageIdOf(runtime);
    if (isGraphObjectId(message.regardingExternalId)) {
      // Private reply to a commenter: one message, within 7 days of the comment.
      return sendPageMessage(client, pageId, { comment_id: message.regardingExternalId }, message.text);
    }
    if (!message.recipient.externalId) {
      throw new ChannelError("rejected", "Instagram: een privébericht heeft de ontvanger of een reactie nodig");
    }
    return sendPageMessage(client, pageId, { id: message.recipient.externalId }, message.text);
  },
  async delete(runtime, externalId) {
    await clientOf(runtime).delete("verwijderen", `/${encodeURIComponent(externalId)}`);
  },
};
