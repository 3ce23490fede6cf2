/**
 * A local Meta Graph API server for tests (node:http on 127.0.0.1, random port). It speaks the
 * documented shapes Spreekuur uses for Facebook Pages and Instagram professional accounts:
 *
 * - Facebook Login: `/v21.0/dialog/oauth` (the "user" approves at once: 302 back to redirect_uri
 *   with code + state, so a browser clicks straight through), `/oauth/access_token` (code → short
 *   token, `fb_exchange_token` → long-lived token), `/me/accounts` (one page per response, so
 *   paging is always exercised), `/me/permissions` (DELETE revokes), `/{page}/subscribed_apps`;
 * - pages: `/feed` with nested comments (filter/order/limit, `paging.cursors` + `paging.next`),
 *   `/{object}/comments`, `/tagged`, `/conversations` (messenger, instagram) + `/messages`,
 *   `/ratings`, `/photos` (multipart, unpublished), `/messages` (Send API with the 24-hour window
 *   and one private reply per comment), `GET/DELETE /{id}`;
 * - Instagram: `/{ig}/media` (list + containers), `/{media}/comments` with `replies`,
 *   `/{comment}/replies`, `/{ig}/tags`, `/{ig}/mentions`, `/{ig}/media_publish`;
 * - errors as `{"error":{"message","type":"OAuthException","code","error_subcode","fbtrace_id"}}`:
 *   expired (190/463) and revoked (190/458) tokens, injected failures (e.g. a 429 or code 4 with
 *   X-Business-Use-Case-Usage) and usage headers (X-App-Usage, X-Business-Use-Case-Usage);
 * - signed webhooks (`X-Hub-Signature-256`) in the documented page/instagram payload shapes.
 */
import { createHmac, randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export const META_APP_ID = "1234567890";
export const META_APP_SECRET = "meta-test-app-secret";
export const META_VERIFY_TOKEN = "meta-verify-token";
const V = "/v21.0";

export interface Person {
  id: string;
  name: string;
}
export interface FakePage {
  id: string;
  name: string;
  ig?: { id: string; username: string; name: string };
}
export interface FbPost {
  id: string;
  pageId: string;
  from: Person;
  message: string;
  created: Date;
  updated: Date;
  permalink_url: string;
  published: boolean;
  attached_media: string[];
  link?: string | undefined;
  tagsPage?: boolean;
}
export interface FbComment {
  id: string;
  postId: string;
  parentId?: string | undefined;
  from: Person;
  message: string;
  created: Date;
  permalink_url: string;
}
export interface ConversationMessage {
  id: string;
  from: { id: string; name?: string; username?: string };
  to: { id: string; name?: string; username?: string };
  message: string;
  created: Date;
}
export interface Conversation {
  id: string;
  pageId: string;
  platform: "messenger" | "instagram";
  person: { id: string; name?: string; username?: string };
  messages: ConversationMessage[];
}
export interface Rating {
  storyId: string;
  pageId: string;
  reviewer: Person;
  review_text?: string;
  recommendation_type: "positive" | "negative";
  created: Date;
}
export interface IgMedia {
  id: string;
  igUserId: string;
  username: string;
  caption: string;
  timestamp: Date;
  permalink: string;
  media_type: string;
  media_url: string;
  children?: string[];
  tagged?: boolean;
}
export interface IgComment {
  id: string;
  mediaId: string;
  parentId?: string | undefined;
  from: { id: string; username: string };
  text: string;
  timestamp: Date;
}
export interface IgContainer {
  id: string;
  igUserId: string;
  image_url?: string;
  caption?: string;
  alt_text?: string;
  is_carousel_item?: boolean;
  media_type?: string;
  children?: string[];
  published?: boolean;
}
export interface SentMessage {
  pageId: string;
  recipient: Record<string, string>;
  messaging_type?: string;
  text: string;
  message_id: string;
}
interface TokenInfo {
  kind: "short" | "user" | "page";
  userId: string;
  pageId?: string;
  state: "ok" | "expired" | "revoked" | "password_changed";
}
export interface LoggedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  token?: string | undefined;
  body?: Record<string, unknown> | undefined;
}

export interface MetaTestServer {
  /** Origin, e.g. http://127.0.0.1:4321 (use as FACEBOOK_GRAPH_URL). */
  url: string;
  /** The Facebook Login dialog URL (use as FACEBOOK_OAUTH_URL). */
  oauthUrl: string;
  /** Env for the adapters pointing at this server. */
  env: Record<string, string>;
  user: Person;
  pages: FakePage[];
  requests: LoggedRequest[];
  tokens: Map<string, TokenInfo>;
  posts: Map<string, FbPost>;
  comments: Map<string, FbComment>;
  conversations: Map<string, Conversation>;
  sent: SentMessage[];
  photos: Map<string, { pageId: string; bytes: number; type: string; published: boolean }>;
  igMedia: Map<string, IgMedia>;
  igComments: Map<string, IgComment>;
  containers: Map<string, IgContainer>;
  deleted: string[];
  subscribed: Set<string>;
  /** Page tokens handed out for this page (newest last). */
  pageTokens(pageId: string): string[];
  addPost(input: { pageId?: string; from?: Person; message: string; at?: Date; tagsPage?: boolean }): FbPost;
  addComment(input: { postId: string; message: string; from?: Person; parentId?: string; at?: Date }): FbComment;
  addMessengerMessage(input: { pageId?: string; from: Person; text: string; at?: Date }): ConversationMessage & { conversationId: string };
  addRating(input: { pageId?: string; reviewer: Person; text?: string; type?: "positive" | "negative"; at?: Date }): Rating;
  addIgMedia(input: { igUserId?: string; caption: string; at?: Date; username?: string; tagged?: boolean }): IgMedia;
  addIgComment(input: { mediaId: string; text: string; username: string; userId?: string; parentId?: string; at?: Date }): IgComment;
  addIgDirectMessage(input: { from: { id: string; username: string }; text: string; at?: Date }): ConversationMessage & { conversationId: string };
  /** The next `count` Graph requests fail with this status and Graph error (and headers). */
  /** The next request(s) fail as given; with `pathEndsWith`, only the next request(s) to such a path. */
  failNext(input: { status: number; code?: number; subcode?: number; message?: string; headers?: Record<string, string>; count?: number; pathEndsWith?: string }): void;
  /** Usage headers sent with every Graph answer (null: none). */
  setUsage(headers: Record<string, string> | null): void;
  /** Puts every token (or those of one page) in a state: expired (190/463), revoked (190/458), password_changed (190/460). */
  setTokenState(state: TokenInfo["state"], pageId?: string): void;
  /** A signed webhook delivery: body + headers as Meta sends them (a string payload is sent as is). */
  signedWebhook(payload: unknown, secret?: string): { body: string; headers: Record<string, string> };
  /** Documented webhook payloads built from objects in this server. */
  feedCommentWebhook(comment: FbComment): unknown;
  messengerWebhook(pageId: string, message: ConversationMessage): unknown;
  igCommentWebhook(comment: IgComment): unknown;
  close(): Promise<void>;
}

export const graphTimeOf = (date: Date) => date.toISOString().replace(/\.\d{3}Z$/, "+0000");

export async function startMetaServer(): Promise<MetaTestServer> {
  let counter = 5000;
  const nextNum = () => String(counter++);
  let base = "";
  const user: Person = { id: "10001", name: "Anna de Vries" };
  const pages: FakePage[] = [
    { id: "201", name: "Huisartsenpraktijk De Linde", ig: { id: "17841400000000001", username: "huisartsdelinde", name: "Huisartsenpraktijk De Linde" } },
    { id: "202", name: "Fysiotherapie De Linde" },
  ];
  const codes = new Map<string, { redirect: string }>();
  const tokens = new Map<string, TokenInfo>();
  const posts = new Map<string, FbPost>();
  const comments = new Map<string, FbComment>();
  const conversations = new Map<string, Conversation>();
  const ratings: Rating[] = [];
  const sent: SentMessage[] = [];
  const privateReplied = new Set<string>();
  const photos = new Map<string, { pageId: string; bytes: number; type: string; published: boolean }>();
  const igMedia = new Map<string, IgMedia>();
  const igComments = new Map<string, IgComment>();
  const containers = new Map<string, IgContainer>();
  const deleted: string[] = [];
  const subscribed = new Set<string>();
  const requests: LoggedRequest[] = [];
  let failures: { status: number; code?: number | undefined; subcode?: number | undefined; message?: string | undefined; headers: Record<string, string>; pathEndsWith?: string | undefined }[] = [];
  let usage: Record<string, string> | null = null;

  const mint = (prefix: string) => `${prefix}${randomBytes(12).toString("hex")}`;
  const pageOf = (id: string) => pages.find((p) => p.id === id);
  const pageByIg = (id: string) => pages.find((p) => p.ig?.id === id);
  const pagePerson = (page: FakePage): Person => ({ id: page.id, name: page.name });

  function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
    res.writeHead(status, { "content-type": "application/json; charset=UTF-8", ...(usage ?? {}), ...headers });
    res.end(JSON.stringify(body));
  }
  function graphError(res: ServerResponse, status: number, code: number, message: string, subcode?: number, headers: Record<string, string> = {}) {
    send(
      res,
      status,
      { error: { message, type: code === 190 ? "OAuthException" : code === 100 ? "GraphMethodException" : "OAuthException", code, ...(subcode ? { error_subcode: subcode } : {}), fbtrace_id: randomBytes(6).toString("base64url") } },
      headers,
    );
  }

  /** Checks the token; answers the documented 190 errors. */
  function auth(res: ServerResponse, token: string | undefined): TokenInfo | null {
    const info = token ? tokens.get(token) : undefined;
    if (!info) {
      graphError(res, 400, 190, "Invalid OAuth access token - Cannot parse access token");
      return null;
    }
    if (info.state === "expired") {
      graphError(res, 400, 190, "Error validating access token: Session has expired on Monday, 05-Jan-26 10:00:00 PST.", 463);
      return null;
    }
    if (info.state === "revoked") {
      graphError(res, 400, 190, "Error validating access token: The user has not authorized application 1234567890.", 458);
      return null;
    }
    if (info.state === "password_changed") {
      graphError(res, 400, 190, "Error validating access token: The session has been invalidated because the user changed their password.", 460);
      return null;
    }
    return info;
  }

  function limitOf(fields: string, edge: string, fallback: number): number {
    const match = new RegExp(`${edge}[^{,]*?\\.limit\\((\\d+)\\)`).exec(fields);
    return match?.[1] ? Number(match[1]) : fallback;
  }

  /** One page of a list with Graph cursors; `next` carries the token and the other parameters like Meta does. */
  function paged<T>(all: T[], url: URL, token: string, limit: number, render: (item: T) => unknown, nextPath?: string, extra: Record<string, string> = {}) {
    const after = url.searchParams.get("after");
    const start = after ? Number(Buffer.from(after, "base64url").toString()) : 0;
    const slice = all.slice(start, start + limit);
    const cursor = (n: number) => Buffer.from(String(n)).toString("base64url");
    const paging: Record<string, unknown> = { cursors: { before: cursor(start), after: cursor(start + slice.length) } };
    if (start + limit < all.length) {
      const next = new URL(`${base}${nextPath ?? url.pathname}`);
      for (const [key, value] of [...url.searchParams.entries(), ...Object.entries(extra)]) {
        if (key !== "after" && key !== "access_token") {
          next.searchParams.set(key, value);
        }
      }
      next.searchParams.set("limit", String(limit));
      next.searchParams.set("after", cursor(start + slice.length));
      next.searchParams.set("access_token", token);
      paging.next = next.toString();
    }
    return { data: slice.map(render), paging };
  }

  const renderComment = (c: FbComment) => ({
    id: c.id,
    message: c.message,
    created_time: graphTimeOf(c.created),
    from: c.from,
    ...(c.parentId ? { parent: { id: c.parentId } } : {}),
    permalink_url: c.permalink_url,
  });

  function commentsOf(objectId: string, filter: string | null, order: string | null): FbComment[] {
    const post = posts.get(objectId);
    const list = [...comments.values()].filter((c) =>
      post ? c.postId === objectId && (filter === "stream" || !c.parentId) : c.parentId === objectId,
    );
    list.sort((a, b) => a.created.getTime() - b.created.getTime());
    return order === "reverse_chronological" ? list.reverse() : list;
  }

  function nestedComments(post: FbPost, fields: string, token: string) {
    const inner = /comments[^{]*\{([^}]*)\}/.exec(fields)?.[1] ?? "id,message";
    const filter = /comments[^{]*\.filter\((\w+)\)/.exec(fields)?.[1] ?? null;
    const order = /comments[^{]*\.order\((\w+)\)/.exec(fields)?.[1] ?? null;
    const limit = limitOf(fields, "comments", 25);
    const url = new URL(`${base}${V}/${post.id}/comments`);
    url.searchParams.set("fields", inner);
    if (filter) {
      url.searchParams.set("filter", filter);
    }
    if (order) {
      url.searchParams.set("order", order);
    }
    return paged(commentsOf(post.id, filter, order), url, token, limit, renderComment);
  }

  const renderConversationMessage = (m: ConversationMessage) => ({
    id: m.id,
    message: m.message,
    created_time: graphTimeOf(m.created),
    from: m.from,
    to: { data: [m.to] },
  });

  const igRender = (c: IgComment, withReplies: boolean): Record<string, unknown> => ({
    id: c.id,
    text: c.text,
    timestamp: graphTimeOf(c.timestamp),
    username: c.from.username,
    from: c.from,
    ...(withReplies
      ? {
          replies: {
            data: [...igComments.values()]
              .filter((r) => r.parentId === c.id)
              .sort((a, b) => a.timestamp.getTime() - b.timestamp.getTime())
              .map((r) => igRender(r, false)),
          },
        }
      : {}),
  });

  async function readBody(req: IncomingMessage, raw: Buffer): Promise<Record<string, unknown>> {
    const type = req.headers["content-type"] ?? "";
    if (type.includes("application/json") && raw.length > 0) {
      return JSON.parse(raw.toString()) as Record<string, unknown>;
    }
    if (type.includes("x-www-form-urlencoded")) {
      return Object.fromEntries(new URLSearchParams(raw.toString()));
    }
    if (type.includes("multipart/form-data")) {
      const form = await new Response(new Uint8Array(raw), { headers: { "content-type": type } }).formData();
      const out: Record<string, unknown> = {};
      for (const [key, value] of form.entries()) {
        out[key] = value;
      }
      return out;
    }
    return {};
  }

  async function handle(req: IncomingMessage, res: ServerResponse, raw: Buffer) {
    const url = new URL(req.url ?? "/", base);
    const method = req.method ?? "GET";
    const token = /^Bearer (.+)$/i.exec(req.headers.authorization ?? "")?.[1] ?? url.searchParams.get("access_token") ?? undefined;
    const body = method === "POST" ? await readBody(req, raw) : {};
    requests.push({ method, path: url.pathname, query: Object.fromEntries(url.searchParams), token, body });

    // Facebook Login dialog: approve at once.
    if (method === "GET" && url.pathname === `${V}/dialog/oauth`) {
      const redirect = url.searchParams.get("redirect_uri") ?? "";
      if (url.searchParams.get("client_id") !== META_APP_ID || !/^https?:\/\//.test(redirect)) {
        res.writeHead(400, { "content-type": "text/html; charset=utf-8" }).end("<p>Invalid App ID or redirect_uri</p>");
        return;
      }
      const code = mint("code-");
      codes.set(code, { redirect });
      const back = new URL(redirect);
      back.searchParams.set("code", code);
      back.searchParams.set("state", url.searchParams.get("state") ?? "");
      res.writeHead(302, { location: back.toString() }).end();
      return;
    }
    if (!url.pathname.startsWith(`${V}/`)) {
      graphError(res, 400, 2500, "Unknown path components");
      return;
    }
    const failureAt = failures.findIndex((f) => f.pathEndsWith === undefined || url.pathname.endsWith(f.pathEndsWith));
    const failure = failureAt >= 0 ? failures.splice(failureAt, 1)[0] : undefined;
    if (failure) {
      if (failure.code) {
        graphError(res, failure.status, failure.code, failure.message ?? "Simulated failure", failure.subcode, failure.headers);
      } else {
        send(res, failure.status, { error: { message: "Simulated failure", type: "OAuthException", code: 2, fbtrace_id: "sim" } }, failure.headers);
      }
      return;
    }
    const parts = url.pathname.slice(V.length + 1).split("/").map(decodeURIComponent);
    const fields = url.searchParams.get("fields") ?? "";
    const limit = Math.min(Number(url.searchParams.get("limit") ?? 25), 100);

    if (method === "GET" && parts[0] === "oauth" && parts[1] === "access_token") {
      if (url.searchParams.get("client_id") !== META_APP_ID || url.searchParams.get("client_secret") !== META_APP_SECRET) {
        graphError(res, 400, 1, "Error validating client secret.");
        return;
      }
      if (url.searchParams.get("grant_type") === "fb_exchange_token") {
        const short = tokens.get(url.searchParams.get("fb_exchange_token") ?? "");
        if (!short || short.kind !== "short" || short.state !== "ok") {
          graphError(res, 400, 190, "Error validating access token: Session has expired.", 463);
          return;
        }
        const long = mint("EAAlong");
        tokens.set(long, { kind: "user", userId: user.id, state: "ok" });
        // Page tokens derived from a long-lived user token do not expire.
        for (const page of pages) {
          tokens.set(mint(`EAApage${page.id}x`), { kind: "page", userId: user.id, pageId: page.id, state: "ok" });
        }
        send(res, 200, { access_token: long, token_type: "bearer", expires_in: 5_184_000 });
        return;
      }
      const code = codes.get(url.searchParams.get("code") ?? "");
      if (!code || code.redirect !== url.searchParams.get("redirect_uri")) {
        graphError(res, 400, 100, "Invalid verification code format.", 36007);
        return;
      }
      codes.delete(url.searchParams.get("code") ?? "");
      const short = mint("EAAshort");
      tokens.set(short, { kind: "short", userId: user.id, state: "ok" });
      send(res, 200, { access_token: short, token_type: "bearer", expires_in: 5183 });
      return;
    }

    const who = auth(res, token);
    if (!who || !token) {
      return;
    }

    if (parts[0] === "me" && parts[1] === "accounts" && method === "GET") {
      if (who.kind !== "user") {
        graphError(res, 400, 100, "(#100) Tried accessing nonexisting field (accounts) on node type (Page)");
        return;
      }
      const withIg = fields.includes("instagram_business_account");
      // One page per answer, so callers must follow paging.next.
      send(
        res,
        200,
        paged(pages, url, token, 1, (page) => ({
          id: page.id,
          name: page.name,
          access_token: pageTokensOf(page.id).at(-1),
          tasks: ["ADVERTISE", "ANALYZE", "CREATE_CONTENT", "MESSAGING", "MODERATE", "MANAGE"],
          ...(withIg && page.ig ? { instagram_business_account: page.ig } : {}),
        })),
      );
      return;
    }
    if (parts[0] === "me" && parts[1] === "permissions" && method === "DELETE") {
      for (const info of tokens.values()) {
        if (info.userId === who.userId) {
          info.state = "revoked";
        }
      }
      send(res, 200, { success: true });
      return;
    }

    const [id = "", edge] = parts;
    const page = pageOf(id);
    const pageOnly = (): boolean => {
      if (who.kind !== "page" || who.pageId !== id) {
        graphError(res, 400, 190, "(#190) This method must be called with a Page Access Token");
        return false;
      }
      return true;
    };

    if (page && edge === "subscribed_apps") {
      if (!pageOnly()) {
        return;
      }
      if (method === "DELETE") {
        subscribed.delete(page.id);
      } else {
        subscribed.add(page.id);
      }
      send(res, 200, { success: true });
      return;
    }
    if (page && edge === "feed" && method === "GET") {
      if (!pageOnly()) {
        return;
      }
      const list = [...posts.values()].filter((p) => p.pageId === page.id && p.published && !p.tagsPage).sort((a, b) => b.created.getTime() - a.created.getTime());
      send(
        res,
        200,
        paged(list, url, token, limit, (p) => ({
          id: p.id,
          message: p.message,
          created_time: graphTimeOf(p.created),
          updated_time: graphTimeOf(p.updated),
          permalink_url: p.permalink_url,
          from: p.from,
          ...(fields.includes("comments") ? { comments: nestedComments(p, fields, token) } : {}),
        })),
      );
      return;
    }
    if (page && edge === "feed" && method === "POST") {
      if (!pageOnly()) {
        return;
      }
      const message = typeof body.message === "string" ? body.message : "";
      const attached = (Array.isArray(body.attached_media) ? body.attached_media : []) as { media_fbid?: string }[];
      if (!message && attached.length === 0 && !body.link) {
        graphError(res, 400, 100, "(#100) Missing message or attachment");
        return;
      }
      if ([...message].length > 63_206) {
        graphError(res, 400, 100, "(#100) Message is too long");
        return;
      }
      for (const media of attached) {
        const photo = photos.get(media.media_fbid ?? "");
        if (!photo || photo.pageId !== page.id || photo.published) {
          graphError(res, 400, 100, `(#100) Invalid media_fbid ${media.media_fbid ?? ""}`);
          return;
        }
        photo.published = true;
      }
      const post = addPostInternal({ pageId: page.id, from: pagePerson(page), message, link: typeof body.link === "string" ? body.link : undefined });
      post.attached_media = attached.map((m) => m.media_fbid ?? "");
      send(res, 200, { id: post.id });
      return;
    }
    if (page && edge === "photos" && method === "POST") {
      if (!pageOnly()) {
        return;
      }
      const source = body.source;
      if (!(source instanceof Blob) || source.size === 0) {
        graphError(res, 400, 324, "(#324) Requires upload file");
        return;
      }
      const photoId = nextNum();
      photos.set(photoId, { pageId: page.id, bytes: source.size, type: source.type, published: body.published !== "false" });
      send(res, 200, { id: photoId });
      return;
    }
    if (page && edge === "tagged" && method === "GET") {
      if (!pageOnly()) {
        return;
      }
      const list = [...posts.values()].filter((p) => p.tagsPage && p.pageId === page.id).sort((a, b) => b.created.getTime() - a.created.getTime());
      send(res, 200, paged(list, url, token, limit, (p) => ({ id: p.id, message: p.message, created_time: graphTimeOf(p.created), from: p.from, permalink_url: p.permalink_url })));
      return;
    }
    if (page && edge === "conversations" && method === "GET") {
      if (!pageOnly()) {
        return;
      }
      const platform = url.searchParams.get("platform") ?? "messenger";
      const messageLimit = limitOf(fields, "messages", 25);
      const list = [...conversations.values()]
        .filter((c) => c.pageId === page.id && c.platform === platform)
        .sort((a, b) => (b.messages.at(-1)?.created.getTime() ?? 0) - (a.messages.at(-1)?.created.getTime() ?? 0));
      const self = platform === "instagram" ? { id: page.ig?.id ?? "", username: page.ig?.username } : { id: page.id, name: page.name };
      send(
        res,
        200,
        paged(list, url, token, limit, (c) => {
          const newestFirst = [...c.messages].reverse();
          const nestedUrl = new URL(`${base}${V}/${c.id}/messages`);
          nestedUrl.searchParams.set("fields", /messages[^{]*\{([^}]*)\}/.exec(fields)?.[1] ?? "id,message");
          return {
            id: c.id,
            updated_time: graphTimeOf(c.messages.at(-1)?.created ?? new Date()),
            participants: { data: [c.person, self] },
            ...(fields.includes("messages") ? { messages: paged(newestFirst, nestedUrl, token, messageLimit, renderConversationMessage) } : {}),
          };
        }),
      );
      return;
    }
    if (page && edge === "ratings" && method === "GET") {
      if (!pageOnly()) {
        return;
      }
      const list = ratings.filter((r) => r.pageId === page.id).sort((a, b) => b.created.getTime() - a.created.getTime());
      send(
        res,
        200,
        paged(list, url, token, limit, (r) => ({
          created_time: graphTimeOf(r.created),
          recommendation_type: r.recommendation_type,
          ...(r.review_text ? { review_text: r.review_text } : {}),
          reviewer: r.reviewer,
          open_graph_story: { id: r.storyId },
        })),
      );
      return;
    }
    if (page && edge === "messages" && method === "POST") {
      if (!pageOnly()) {
        return;
      }
      const recipient = (body.recipient ?? {}) as Record<string, string>;
      const text = ((body.message ?? {}) as { text?: string }).text ?? "";
      if (!text) {
        graphError(res, 400, 100, "(#100) The parameter message is required");
        return;
      }
      let conversation: Conversation | undefined;
      if (recipient.comment_id || recipient.post_id) {
        const target = recipient.comment_id ?? recipient.post_id ?? "";
        const known = recipient.comment_id ? comments.get(target) ?? igComments.get(target) : posts.get(target);
        if (!known) {
          graphError(res, 400, 100, `(#100) No matching ${recipient.comment_id ? "comment" : "post"} for ${target}`);
          return;
        }
        if (privateReplied.has(target)) {
          graphError(res, 400, 10, "(#10) A private reply has already been sent to this comment", 2018278);
          return;
        }
        privateReplied.add(target);
      } else if (recipient.id) {
        conversation = [...conversations.values()].find((c) => c.pageId === page.id && c.person.id === recipient.id);
        const lastInbound = conversation?.messages.filter((m) => m.from.id === recipient.id).at(-1);
        if (!conversation || !lastInbound || Date.now() - lastInbound.created.getTime() > 24 * 3600_000) {
          graphError(res, 400, 10, "(#10) This message is sent outside of allowed window.", 2018278);
          return;
        }
      } else {
        graphError(res, 400, 100, "(#100) The parameter recipient is required");
        return;
      }
      const messageId = `m_${randomBytes(10).toString("base64url")}`;
      sent.push({ pageId: page.id, recipient, messaging_type: typeof body.messaging_type === "string" ? body.messaging_type : undefined, text, message_id: messageId });
      if (conversation) {
        const self = conversation.platform === "instagram" ? { id: page.ig?.id ?? "", username: page.ig?.username ?? "" } : { id: page.id, name: page.name };
        conversation.messages.push({ id: messageId, from: self, to: conversation.person, message: text, created: new Date() });
      }
      send(res, 200, { recipient_id: recipient.id ?? "psid-of-commenter", message_id: messageId });
      return;
    }

    // Instagram professional account edges.
    const igPage = pageByIg(id);
    if (igPage?.ig) {
      const ig = igPage.ig;
      if (who.kind !== "page" || who.pageId !== igPage.id) {
        graphError(res, 400, 190, "(#190) Invalid access token for this Instagram account");
        return;
      }
      if (edge === "media" && method === "GET") {
        const list = [...igMedia.values()].filter((m) => m.igUserId === ig.id && !m.tagged).sort((a, b) => b.timestamp.getTime() - a.timestamp.getTime());
        send(
          res,
          200,
          paged(list, url, token, limit, (m) => ({
            id: m.id,
            caption: m.caption,
            timestamp: graphTimeOf(m.timestamp),
            permalink: m.permalink,
            media_type: m.media_type,
            comments_count: [...igComments.values()].filter((c) => c.mediaId === m.id).length,
          })),
        );
        return;
      }
      if (edge === "tags" && method === "GET") {
        const list = [...igMedia.values()].filter((m) => m.igUserId === ig.id && m.tagged).sort((a, b) => b.timestamp.getTime() - a.timestamp.getTime());
        send(
          res,
          200,
          paged(list, url, token, limit, (m) => ({
            id: m.id,
            caption: m.caption,
            timestamp: graphTimeOf(m.timestamp),
            permalink: m.permalink,
            username: m.username,
            media_type: m.media_type,
            media_url: m.media_url,
          })),
        );
        return;
      }
      if (edge === "media" && method === "POST") {
        const caption = typeof body.caption === "string" ? body.caption : undefined;
        if (caption && [...caption].length > 2200) {
          graphError(res, 400, 100, "(#100) The caption is too long", 2207004);
          return;
        }
        const children = typeof body.children === "string" ? body.children.split(",").filter(Boolean) : undefined;
        if (body.media_type === "CAROUSEL") {
          if (!children || children.length < 2 || children.length > 10 || children.some((c) => !containers.get(c)?.is_carousel_item)) {
            graphError(res, 400, 100, "(#100) A carousel needs 2 to 10 carousel items", 2207028);
            return;
          }
        } else if (typeof body.image_url !== "string" || !/^https?:\/\//.test(body.image_url)) {
          graphError(res, 400, 100, "(#100) The parameter image_url is required", 2207052);
          return;
        }
        const container: IgContainer = {
          id: nextNum(),
          igUserId: ig.id,
          ...(typeof body.image_url === "string" ? { image_url: body.image_url } : {}),
          ...(caption ? { caption } : {}),
          ...(typeof body.alt_text === "string" ? { alt_text: body.alt_text } : {}),
          ...(body.is_carousel_item === true || body.is_carousel_item === "true" ? { is_carousel_item: true } : {}),
          ...(typeof body.media_type === "string" ? { media_type: body.media_type } : {}),
          ...(children ? { children } : {}),
        };
        containers.set(container.id, container);
        send(res, 200, { id: container.id });
        return;
      }
      if (edge === "media_publish" && method === "POST") {
        const container = containers.get(typeof body.creation_id === "string" ? body.creation_id : "");
        if (!container || container.is_carousel_item || container.published || container.igUserId !== ig.id) {
          graphError(res, 400, 100, "(#100) Invalid creation_id", 2207027);
          return;
        }
        container.published = true;
        const media = addIgMediaInternal({ igUserId: ig.id, caption: container.caption ?? "", username: ig.username });
        media.media_type = container.media_type === "CAROUSEL" ? "CAROUSEL_ALBUM" : "IMAGE";
        if (container.children) {
          media.children = container.children;
        }
        send(res, 200, { id: media.id });
        return;
      }
      if (edge === "mentions" && method === "POST") {
        const media = igMedia.get(typeof body.media_id === "string" ? body.media_id : "");
        if (!media?.tagged || typeof body.message !== "string") {
          graphError(res, 400, 100, "(#100) Invalid media_id for a mention");
          return;
        }
        const comment = addIgCommentInternal({ mediaId: media.id, text: body.message, username: ig.username, userId: ig.id });
        send(res, 200, { id: comment.id });
        return;
      }
    }

    // Objects by id: posts, comments, media, containers.
    const post = posts.get(id);
    const comment = comments.get(id);
    const media = igMedia.get(id);
    const igComment = igComments.get(id);
    const container = containers.get(id);
    if (edge === "comments" && method === "GET" && (post || comment)) {
      send(res, 200, paged(commentsOf(id, url.searchParams.get("filter"), url.searchParams.get("order")), url, token, limit, renderComment));
      return;
    }
    if (edge === "comments" && method === "POST") {
      const target = post ?? (comment ? posts.get(comment.postId) : undefined);
      const author = who.pageId ? pageOf(who.pageId) : undefined;
      if (!target || !author || typeof body.message !== "string" || !body.message) {
        graphError(res, 400, 100, `(#100) Unsupported post request. Object with ID '${id}' does not exist, cannot be loaded due to missing permissions, or does not support this operation`, 33);
        return;
      }
      if (comment?.parentId) {
        graphError(res, 400, 100, "(#100) Replies to replies are not supported");
        return;
      }
      const created = addCommentInternal({ postId: target.id, message: body.message, from: pagePerson(author), parentId: comment ? comment.id : undefined });
      send(res, 200, { id: created.id });
      return;
    }
    if (edge === "comments" && method === "GET" && media) {
      const list = [...igComments.values()].filter((c) => c.mediaId === media.id && !c.parentId).sort((a, b) => b.timestamp.getTime() - a.timestamp.getTime());
      send(res, 200, paged(list, url, token, limit, (c) => igRender(c, fields.includes("replies"))));
      return;
    }
    if (edge === "replies" && method === "POST") {
      const owner = who.pageId ? pageOf(who.pageId)?.ig : undefined;
      if (!igComment || igComment.parentId || !owner || typeof body.message !== "string") {
        graphError(res, 400, 100, `(#100) Unsupported post request. Object with ID '${id}' does not exist or does not support replies`, 33);
        return;
      }
      const created = addIgCommentInternal({ mediaId: igComment.mediaId, text: body.message, username: owner.username, userId: owner.id, parentId: igComment.id });
      send(res, 200, { id: created.id });
      return;
    }
    if (edge === undefined && method === "GET" && (post || comment || media || container)) {
      if (post) {
        send(res, 200, { id: post.id, permalink_url: post.permalink_url, message: post.message });
      } else if (comment) {
        send(res, 200, { id: comment.id, permalink_url: comment.permalink_url, message: comment.message });
      } else if (media) {
        send(res, 200, { id: media.id, permalink: media.permalink, caption: media.caption });
      } else if (container) {
        send(res, 200, { id: container.id, status_code: container.published ? "PUBLISHED" : "FINISHED", status: "Finished: Media has been uploaded and it is ready to be published." });
      }
      return;
    }
    if (edge === undefined && method === "DELETE") {
      if (post && who.pageId === post.pageId) {
        posts.delete(id);
      } else if (comment) {
        comments.delete(id);
      } else if (igComment) {
        igComments.delete(id);
      } else {
        graphError(res, 400, 100, `Unsupported delete request. Object with ID '${id}' does not exist, cannot be loaded due to missing permissions, or does not support this operation`, 33);
        return;
      }
      deleted.push(id);
      send(res, 200, { success: true });
      return;
    }
    graphError(res, 400, 100, `Unsupported ${method.toLowerCase()} request. Object with ID '${id}' does not exist, cannot be loaded due to missing permissions, or does not support this operation`, 33);
  }

  function pageTokensOf(pageId: string): string[] {
    return [...tokens.entries()].filter(([, info]) => info.kind === "page" && info.pageId === pageId).map(([token]) => token);
  }

  function addPostInternal(input: { pageId: string; from: Person; message: string; at?: Date | undefined; link?: string | undefined; tagsPage?: boolean | undefined }): FbPost {
    const num = nextNum();
    const at = input.at ?? new Date();
    const post: FbPost = {
      id: `${input.pageId}_${num}`,
      pageId: input.pageId,
      from: input.from,
      message: input.message,
      created: at,
      updated: at,
      permalink_url: `${base}/${input.pageId}/posts/${num}`,
      published: true,
      attached_media: [],
      ...(input.link ? { link: input.link } : {}),
      ...(input.tagsPage ? { tagsPage: true } : {}),
    };
    posts.set(post.id, post);
    return post;
  }

  function addCommentInternal(input: { postId: string; message: string; from: Person; parentId?: string | undefined; at?: Date | undefined }): FbComment {
    const post = posts.get(input.postId);
    if (!post) {
      throw new Error(`no post ${input.postId}`);
    }
    const num = nextNum();
    const at = input.at ?? new Date();
    const comment: FbComment = {
      id: `${post.id.split("_")[1] ?? post.id}_${num}`,
      postId: post.id,
      parentId: input.parentId,
      from: input.from,
      message: input.message,
      created: at,
      permalink_url: `${post.permalink_url}?comment_id=${num}`,
    };
    comments.set(comment.id, comment);
    if (at > post.updated) {
      post.updated = at;
    }
    return comment;
  }

  function addIgMediaInternal(input: { igUserId: string; caption: string; username: string; at?: Date | undefined; tagged?: boolean | undefined }): IgMedia {
    const id = `1790${nextNum()}`;
    const media: IgMedia = {
      id,
      igUserId: input.igUserId,
      username: input.username,
      caption: input.caption,
      timestamp: input.at ?? new Date(),
      permalink: `${base}/ig/p/${id}/`,
      media_type: "IMAGE",
      media_url: `${base}/ig/media/${id}.jpg`,
      ...(input.tagged ? { tagged: true } : {}),
    };
    igMedia.set(id, media);
    return media;
  }

  function addIgCommentInternal(input: { mediaId: string; text: string; username: string; userId?: string | undefined; parentId?: string | undefined; at?: Date | undefined }): IgComment {
    const comment: IgComment = {
      id: `1780${nextNum()}`,
      mediaId: input.mediaId,
      parentId: input.parentId,
      from: { id: input.userId ?? `ig-${input.username}`, username: input.username },
      text: input.text,
      timestamp: input.at ?? new Date(),
    };
    igComments.set(comment.id, comment);
    return comment;
  }

  function addConversationMessage(pageId: string, platform: Conversation["platform"], person: Conversation["person"], text: string, at?: Date) {
    const page = pageOf(pageId);
    if (!page) {
      throw new Error(`no page ${pageId}`);
    }
    let conversation = [...conversations.values()].find((c) => c.pageId === pageId && c.platform === platform && c.person.id === person.id);
    if (!conversation) {
      conversation = { id: `t_${nextNum()}`, pageId, platform, person, messages: [] };
      conversations.set(conversation.id, conversation);
    }
    const self = platform === "instagram" ? { id: page.ig?.id ?? "", username: page.ig?.username ?? "" } : { id: page.id, name: page.name };
    const message: ConversationMessage = { id: `m_${randomBytes(10).toString("base64url")}`, from: person, to: self, message: text, created: at ?? new Date() };
    conversation.messages.push(message);
    conversation.messages.sort((a, b) => a.created.getTime() - b.created.getTime());
    return { ...message, conversationId: conversation.id };
  }

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      handle(req, res, Buffer.concat(chunks)).catch((error: unknown) => {
        if (!res.headersSent) {
          send(res, 500, { error: { message: String(error), type: "FacebookApiException", code: 2, fbtrace_id: "x" } });
        }
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const main = pages[0] as FakePage;

  return {
    url: base,
    oauthUrl: `${base}${V}/dialog/oauth`,
    env: {
      FACEBOOK_APP_ID: META_APP_ID,
      FACEBOOK_APP_SECRET: META_APP_SECRET,
      FACEBOOK_WEBHOOK_VERIFY_TOKEN: META_VERIFY_TOKEN,
      FACEBOOK_GRAPH_URL: base,
      FACEBOOK_OAUTH_URL: `${base}${V}/dialog/oauth`,
    },
    user,
    pages,
    requests,
    tokens,
    posts,
    comments,
    conversations,
    sent,
    photos,
    igMedia,
    igComments,
    containers,
    deleted,
    subscribed,
    pageTokens: pageTokensOf,
    addPost(input) {
      const pageId = input.pageId ?? main.id;
      const page = pageOf(pageId) ?? main;
      return addPostInternal({ pageId, from: input.from ?? pagePerson(page), message: input.message, at: input.at, tagsPage: input.tagsPage });
    },
    addComment(input) {
      const post = posts.get(input.postId);
      const page = pageOf(post?.pageId ?? main.id) ?? main;
      return addCommentInternal({ postId: input.postId, message: input.message, from: input.from ?? pagePerson(page), parentId: input.parentId, at: input.at });
    },
    addMessengerMessage(input) {
      return addConversationMessage(input.pageId ?? main.id, "messenger", input.from, input.text, input.at);
    },
    addRating(input) {
      const rating: Rating = {
        storyId: nextNum(),
        pageId: input.pageId ?? main.id,
        reviewer: input.reviewer,
        ...(input.text ? { review_text: input.text } : {}),
        recommendation_type: input.type ?? "positive",
        created: input.at ?? new Date(),
      };
      ratings.push(rating);
      return rating;
    },
    addIgMedia(input) {
      const ig = main.ig as NonNullable<FakePage["ig"]>;
      return addIgMediaInternal({ igUserId: input.igUserId ?? ig.id, caption: input.caption, username: input.username ?? ig.username, at: input.at, tagged: input.tagged });
    },
    addIgComment(input) {
      return addIgCommentInternal(input);
    },
    addIgDirectMessage(input) {
      return addConversationMessage(main.id, "instagram", input.from, input.text, input.at);
    },
    failNext(input) {
      failures = [
        ...failures,
        ...Array.from({ length: input.count ?? 1 }, () => ({ status: input.status, code: input.code, subcode: input.subcode, message: input.message, headers: input.headers ?? {}, pathEndsWith: input.pathEndsWith })),
      ];
    },
    setUsage(headers) {
      usage = headers;
    },
    setTokenState(state, pageId) {
      for (const info of tokens.values()) {
        if (!pageId || info.pageId === pageId) {
          info.state = state;
        }
      }
    },
    signedWebhook(payload, secret = META_APP_SECRET) {
      const body = typeof payload === "string" ? payload : JSON.stringify(payload);
      return { body, headers: { "content-type": "application/json", "x-hub-signature-256": `sha256=${createHmac("sha256", secret).update(body).digest("hex")}` } };
    },
    feedCommentWebhook(comment) {
      const post = posts.get(comment.postId);
      return {
        object: "page",
        entry: [
          {
            id: post?.pageId ?? main.id,
            time: Math.floor(Date.now() / 1000),
            changes: [
              {
                field: "feed",
                value: {
                  from: comment.from,
                  post: { status_type: "added_photos", is_published: true, updated_time: graphTimeOf(comment.created), permalink_url: post?.permalink_url, id: comment.postId },
                  message: comment.message,
                  post_id: comment.postId,
                  comment_id: comment.id,
                  created_time: Math.floor(comment.created.getTime() / 1000),
                  item: "comment",
                  parent_id: comment.parentId ?? comment.postId,
                  verb: "add",
                },
              },
            ],
          },
        ],
      };
    },
    messengerWebhook(pageId, message) {
      return {
        object: "page",
        entry: [
          {
            id: pageId,
            time: message.created.getTime(),
            messaging: [{ sender: { id: message.from.id }, recipient: { id: pageId }, timestamp: message.created.getTime(), message: { mid: message.id, text: message.message } }],
          },
        ],
      };
    },
    igCommentWebhook(comment) {
      const media = igMedia.get(comment.mediaId);
      return {
        object: "instagram",
        entry: [
          {
            id: media?.igUserId ?? main.ig?.id,
            time: Math.floor(comment.timestamp.getTime() / 1000),
            changes: [
              {
                field: "comments",
                value: {
                  from: comment.from,
                  media: { id: comment.mediaId, media_product_type: "FEED" },
                  id: comment.id,
                  ...(comment.parentId ? { parent_id: comment.parentId } : {}),
                  text: comment.text,
                },
              },
            ],
          },
        ],
      };
    },
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
