/**
 * Facebook Page via the Graph API (v21.0; FACEBOOK_GRAPH_URL / FACEBOOK_OAUTH_URL override the
 * hosts). Connect = Facebook Login; every page the user manages becomes a channel holding its
 * page token (does not expire) and the long-lived user token (only used to revoke).
 *
 * Inbound since the cursor:
 * - comments and replies on the page's posts and visitor posts: `/{page-id}/feed` with the
 *   comments nested (filter=stream, newest first), following `paging.next` of both; the walk
 *   stops at a page limit or at a page of posts without activity since the cursor
 *   (`updated_time` moves when someone comments), so older activity arrives by webhook;
 * - posts in which the page is tagged: `/{page-id}/tagged`;
 * - Messenger conversations: `/{page-id}/conversations?platform=messenger`;
 * - recommendations/reviews with text: `/{page-id}/ratings`.
 * When Meta's usage headers report ≥ 90 % of a quota, paging stops, the cursor keeps its old
 * position and polling pauses (in the cursor) until Meta's estimated time to regain access.
 *
 * Webhooks: object "page": `changes` of field "feed" (comments, visitor posts; verb add) and
 * `messaging` (Messenger). Outbound: posts (+ up to 10 photos uploaded unpublished, then
 * `attached_media`), comment replies, Messenger answers and private replies, delete.
 */
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

const LABEL = "Facebook";
export const FACEBOOK_SCOPES = [
  "pages_show_list",
  "pages_read_engagement",
  "pages_read_user_content",
  "pages_manage_posts",
  "pages_manage_engagement",
  "pages_manage_metadata",
  "pages_messaging",
];
const MAX_FEED_PAGES = 4;
const MAX_COMMENT_PAGES = 3;
const MAX_RATING_PAGES = 2;
const THREAD_PREFIX = "messenger";

interface GraphFrom {
  id?: string;
  name?: string;
}
interface GraphComment {
  id: string;
  message?: string;
  created_time?: string;
  from?: GraphFrom;
  parent?: { id: string };
  permalink_url?: string;
  attachment?: { type?: string; url?: string; media?: { image?: { src?: string } } };
}
interface GraphPost {
  id: string;
  message?: string;
  created_time?: string;
  updated_time?: string;
  permalink_url?: string;
  from?: GraphFrom;
  comments?: { data?: GraphComment[]; paging?: { next?: string } };
}
interface GraphRating {
  created_time?: string;
  rating?: number;
  recommendation_type?: string;
  review_text?: string;
  reviewer?: GraphFrom;
  open_graph_story?: { id?: string };
}

const COMMENT_FIELDS = "id,message,created_time,from{id,name},parent{id},permalink_url,attachment";
const FEED_FIELDS = `id,message,created_time,updated_time,permalink_url,from{id,name},comments.filter(stream).order(reverse_chronological).limit(50){${COMMENT_FIELDS}}`;

function pageIdOf(runtime: ChannelRuntime): string {
  const id = runtime.channel.settings.pageId;
  return typeof id === "string" && id ? id : runtime.channel.externalAccountId;
}

function clientOf(runtime: ChannelRuntime): GraphClient {
  return new GraphClient(runtime.http, metaAppKeys(runtime.app).graphUrl, runtime.credentials.accessToken ?? "", LABEL);
}

function commentItem(pageId: string, post: GraphPost, comment: GraphComment, now: Date): NormalizedMessage {
  const parentComment = comment.parent?.id && comment.parent.id !== post.id ? comment.parent.id : undefined;
  const image = comment.attachment?.media?.image?.src;
  return {
    network: "facebook",
    externalId: comment.id,
    threadExternalId: post.id,
    parentExternalId: parentComment ?? post.id,
    kind: parentComment ? "reply" : "comment",
    author: { externalId: comment.from?.id, displayName: comment.from?.name },
    text: comment.message ?? "",
    media: image ? [{ kind: "image", url: image }] : [],
    sentAt: graphTime(comment.created_time, now),
    permalink: comment.permalink_url ?? post.permalink_url,
    visibility: "public",
    fromSelf: comment.from?.id === pageId,
    extra: { postId: post.id, ...(parentComment ? { parentCommentId: parentComment } : {}) },
  };
}

function postItem(post: GraphPost, kind: "post" | "mention", now: Date): NormalizedMessage {
  return {
    network: "facebook",
    externalId: post.id,
    threadExternalId: post.id,
    kind,
    author: { externalId: post.from?.id, displayName: post.from?.name },
    text: post.message ?? "",
    media: [],
    sentAt: graphTime(post.created_time, now),
    permalink: post.permalink_url,
    visibility: "public",
    extra: { postId: post.id },
  };
}

async function fetchFeed(client: GraphClient, pageId: string, since: number, now: Date, items: NormalizedMessage[]): Promise<boolean> {
  const sinceMs = since * 1000;
  const fresh = (time: string | undefined) => graphTime(time, now).getTime() >= sinceMs;
  let limited = false;
  const walked = await client.walk<GraphPost>("tijdlijn ophalen", `/${pageId}/feed`, { fields: FEED_FIELDS, limit: 25 }, MAX_FEED_PAGES, async (posts) => {
    let active = false;
    for (const post of posts) {
      if (!fresh(post.updated_time ?? post.created_time)) {
        continue;
      }
      active = true;
      if (post.from?.id && post.from.id !== pageId && fresh(post.created_time)) {
        items.push(postItem(post, "post", now));
      }
      const first = post.comments?.data ?? [];
      let freshOnPage = false;
      for (const comment of first) {
        if (fresh(comment.created_time)) {
          freshOnPage = true;
          items.push(commentItem(pageId, post, comment, now));
        }
      }
      const next = post.comments?.paging?.next;
      if (next && freshOnPage) {
        // Newest first: the next page is only worth reading while this one was still new.
        const completed = await client.walk<GraphComment>("reacties ophalen", next, undefined, MAX_COMMENT_PAGES - 1, (comments) => {
          let any = false;
          for (const comment of comments) {
            if (fresh(comment.created_time)) {
              any = true;
              items.push(commentItem(pageId, post, comment, now));
            }
          }
          return any;
        });
        if (!completed) {
          limited = true;
          return false;
        }
      }
    }
    return active;
  });
  return walked && !limited;
}

async function fetchTagged(client: GraphClient, pageId: string, since: number, now: Date, items: NormalizedMessage[]): Promise<boolean> {
  return client.walk<GraphPost>("vermeldingen ophalen", `/${pageId}/tagged`, { fields: "id,message,created_time,from{id,name},permalink_url", limit: 25 }, 1, (posts) => {
    for (const post of posts) {
      if (post.from?.id !== pageId && graphTime(post.created_time, now).getTime() >= since * 1000) {
        items.push(postItem(post, "mention", now));
      }
    }
    return true;
  });
}

async function fetchRatings(client: GraphClient, pageId: string, since: number, now: Date, items: NormalizedMessage[]): Promise<boolean> {
  return client.walk<GraphRating>(
    "beoordelingen ophalen",
    `/${pageId}/ratings`,
    { fields: "created_time,rating,recommendation_type,review_text,reviewer{id,name},open_graph_story{id}", limit: 25 },
    MAX_RATING_PAGES,
    (ratings) => {
      let fresh = false;
      for (const rating of ratings) {
        const sentAt = graphTime(rating.created_time, now);
        if (sentAt.getTime() < since * 1000) {
          continue;
        }
        fresh = true;
        const id = rating.open_graph_story?.id;
        // Without text there is nothing to answer; without a story id there is nothing to answer on.
        if (!id || !rating.review_text?.trim()) {
          continue;
        }
        items.push({
          network: "facebook",
          externalId: id,
          threadExternalId: id,
          kind: "review",
          author: { externalId: rating.reviewer?.id, displayName: rating.reviewer?.name },
          text: rating.review_text,
          media: [],
          sentAt,
          visibility: "public",
          extra: {
            ...(rating.recommendation_type ? { recommendationType: rating.recommendation_type } : {}),
            ...(typeof rating.rating === "number" ? { rating: rating.rating } : {}),
          },
        });
      }
      return fresh;
    },
  );
}

function parseWebhook(request: WebhookRequest) {
  return parseMetaDelivery(request, { object: "page", network: "facebook", threadPrefix: THREAD_PREFIX }, (change, entry, now) => {
    const pageId = entry.id;
    const value = change.value ?? {};
    if (change.field !== "feed" || value.verb !== "add") {
      return null;
    }
    const from = (value.from ?? {}) as GraphFrom;
    const postId = typeof value.post_id === "string" ? value.post_id : undefined;
    const sentAt = graphTime(value.created_time, graphTime(entry.time, now));
    const text = typeof value.message === "string" ? value.message : "";
    if (value.item === "comment" && typeof value.comment_id === "string" && postId) {
      const parentId = typeof value.parent_id === "string" ? value.parent_id : postId;
      const isReply = parentId !== postId;
      return {
        network: "facebook",
        externalId: value.comment_id,
        threadExternalId: postId,
        parentExternalId: parentId,
        kind: isReply ? "reply" : "comment",
        author: { externalId: from.id, displayName: from.name },
        text,
        media: typeof value.photo === "string" ? [{ kind: "image", url: value.photo }] : [],
        sentAt,
        permalink: typeof value.permalink_url === "string" ? value.permalink_url : undefined,
        visibility: "public",
        fromSelf: from.id === pageId,
        extra: { postId, ...(isReply ? { parentCommentId: parentId } : {}) },
      };
    }
    if ((value.item === "post" || value.item === "status" || value.item === "photo") && postId && from.id && from.id !== pageId) {
      return {
        network: "facebook",
        externalId: postId,
        threadExternalId: postId,
        kind: "post",
        author: { externalId: from.id, displayName: from.name },
        text,
        media: typeof value.link === "string" && value.item === "photo" ? [{ kind: "image", url: value.link }] : [],
        sentAt,
        permalink: typeof value.permalink_url === "string" ? value.permalink_url : undefined,
        visibility: "public",
        extra: { postId },
      };
    }
    return null;
  });
}

async function withPermalink(client: GraphClient, id: string): Promise<PublishResult> {
  try {
    const found = await client.get<{ permalink_url?: string }>("link ophalen", `/${id}`, { fields: "permalink_url" });
    return { externalId: id, permalink: found.permalink_url };
  } catch {
    return { externalId: id };
  }
}

export const facebookAdapter: ChannelAdapter = {
  network: "facebook",
  displayName: "Facebook",
  requiredEnv: ["FACEBOOK_APP_ID", "FACEBOOK_APP_SECRET"],
  capabilities: { inbound: true, publish: true, reply: true, privateMessage: true, delete: true, webhooks: true },
  // 63,206 characters: the post length Facebook's composer accepts (Meta's help pages; not in the
  // Graph API reference). 10 photos: Spreekuur's own cap per post, not a documented Graph maximum.
  limits: { maxLength: 63_206, maxImages: 10 },
  connect: {
    type: "oauth",
    pkce: false,
    authorizeUrl: ({ state, redirectUri, app }) => facebookLoginUrl({ app, state, redirectUri, scopes: FACEBOOK_SCOPES }),
    async exchangeCode({ code, redirectUri, app, http }) {
      const { userToken, pages } = await exchangeCodeForPages({ code, redirectUri, app, http, label: LABEL, fields: "id,name,access_token,tasks" });
      const usable = pages.filter((p) => p.access_token);
      if (usable.length === 0) {
        throw new ChannelError("rejected", "Facebook: er is geen pagina gevonden die u beheert. Kies bij het inloggen minstens één pagina.");
      }
      const graph = metaAppKeys(app).graphUrl;
      for (const page of usable) {
        // Subscribe the app to this page's feed and messages webhooks; polling works without it.
        await new GraphClient(http, graph, page.access_token ?? "", LABEL)
          .post("webhooks aanzetten", `/${page.id}/subscribed_apps`, { subscribed_fields: "feed,messages" })
          .catch(() => undefined);
      }
      return usable.map((page) => ({
        externalAccountId: page.id,
        name: `Facebook – ${page.name}`,
        settings: { pageId: page.id, pageName: page.name },
        credentials: { accessToken: page.access_token, secret: userToken, scope: FACEBOOK_SCOPES.join(",") },
      }));
    },
  },
  grantKey: metaGrantKey,
  async revoke(runtime) {
    // Stop this page's webhooks (page token), then remove the app's permissions for the person who
    // connected (user token). NB: the latter also ends other pages connected with the same login.
    await clientOf(runtime)
      .delete("webhooks uitzetten", `/${pageIdOf(runtime)}/subscribed_apps`)
      .catch(() => undefined);
    await revokeUserPermissions(runtime.http, runtime.app, runtime.credentials.secret, LABEL);
  },
  async fetchInbound(runtime, cursor) {
    const state = parseCursor(cursor);
    const now = runtime.now();
    if (state.pauseUntil && state.pauseUntil > now.getTime()) {
      return { items: [], cursor };
    }
    const client = clientOf(runtime);
    const pageId = pageIdOf(runtime);
    const items: NormalizedMessage[] = [];
    const warnings: string[] = [];
    let complete = await fetchFeed(client, pageId, state.since, now, items);
    for (const [what, step] of [
      ["berichten waarin de pagina getagd is", () => fetchTagged(client, pageId, state.since, now, items)],
      [
        "Messenger-gesprekken",
        async () => {
          const result = await fetchConversations(client, { network: "facebook", pageId, selfId: pageId, platform: "messenger", threadPrefix: THREAD_PREFIX, since: state.since, now });
          items.push(...result.items);
          return result.complete;
        },
      ],
      ["beoordelingen", () => fetchRatings(client, pageId, state.since, now, items)],
    ] as const) {
      if (!complete) {
        break;
      }
      complete = await optionalSource(LABEL, what, warnings, step);
    }
    return finishPoll(client, state, now, items, complete, warnings);
  },
  webhooks: {
    challenge: metaChallenge,
    verify: verifyMetaSignature,
    parse: parseWebhook,
  },
  async publish(runtime, post) {
    if (post.media.length > 10) {
      throw new ChannelError("rejected", "Facebook: maximaal 10 afbeeldingen per bericht.");
    }
    const client = clientOf(runtime);
    const pageId = pageIdOf(runtime);
    const mediaIds: string[] = [];
    for (const media of post.media) {
      const form = new FormData();
      form.set("source", new Blob([Buffer.from(media.data)], { type: media.mimeType }), "afbeelding");
      form.set("published", "false");
      if (media.alt) {
        form.set("alt_text_custom", media.alt);
      }
      const photo = await client.call<{ id?: string }>("afbeelding uploaden", { method: "POST", path: `/${pageId}/photos`, body: form });
      if (!photo.id) {
        throw new ChannelError("rejected", "Facebook: de afbeelding is niet bevestigd");
      }
      mediaIds.push(photo.id);
    }
    const body: Record<string, unknown> = { message: post.text };
    if (mediaIds.length > 0) {
      body.attached_media = mediaIds.map((id) => ({ media_fbid: id }));
      if (post.link && !post.text.includes(post.link)) {
        body.message = `${post.text}\n\n${post.link}`;
      }
    } else if (post.link) {
      body.link = post.link;
    }
    const created = await client.post<{ id?: string }>("bericht plaatsen", `/${pageId}/feed`, body);
    if (!created.id) {
      throw new ChannelError("rejected", "Facebook: het bericht is niet bevestigd");
    }
    return withPermalink(client, created.id);
  },
  async reply(runtime, reply) {
    const client = clientOf(runtime);
    const target = reply.inReplyTo;
    if (target.visibility === "private") {
      if (!target.authorExternalId) {
        throw new ChannelError("rejected", "Facebook: van dit privébericht is de afzender onbekend");
      }
      return sendPageMessage(client, pageIdOf(runtime), { id: target.authorExternalId }, reply.text);
    }
    // Facebook nests comments one level deep: an answer to a reply goes under its parent comment.
    const parent = typeof target.extra?.parentCommentId === "string" ? target.extra.parentCommentId : target.externalId;
    const created = await client.post<{ id?: string }>("reactie plaatsen", `/${parent}/comments`, { message: reply.text });
    if (!created.id) {
      throw new ChannelError("rejected", "Facebook: de reactie is niet bevestigd");
    }
    return withPermalink(client, created.id);
  },
  async sendPrivateMessage(runtime, message) {
    const client = clientOf(runtime);
    const pageId = pageIdOf(runtime);
    const regarding = message.regardingExternalId;
    if (isGraphObjectId(regarding)) {
      // Private reply to a public comment (or, if Meta says it is not a comment, a visitor post).
      try {
        return await sendPageMessage(client, pageId, { comment_id: regarding }, message.text);
      } catch (error) {
        if (error instanceof ChannelError && error.kind === "rejected" && String(error.details.networkCode ?? "").startsWith("100")) {
          return sendPageMessage(client, pageId, { post_id: regarding }, message.text);
        }
        throw error;
      }
    }
    if (!message.recipient.externalId) {
      throw new ChannelError("rejected", "Facebook: een privébericht heeft de ontvanger of een reactie nodig");
    }
    return sendPageMessage(client, pageId, { id: message.recipient.externalId }, message.text);
  },
  async delete(runtime, externalId) {
    await clientOf(runtime).delete("verwijderen", `/${encodeURIComponent(externalId)}`);
  },
};
