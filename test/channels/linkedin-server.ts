/**
 * A local LinkedIn server for tests (127.0.0.1, random port) speaking the documented subset of the
 * Community Management API Spreekuur uses:
 *
 * - OAuth 2.0 three-legged: `GET /oauth/v2/authorization` "approves" at once and redirects back
 *   with code + state; `POST /oauth/v2/accessToken` (client secret in the body; authorization_code
 *   and refresh_token grants, 60-day access and 365-day refresh tokens); `POST /oauth/v2/revoke`;
 * - versioned REST under `/rest/…`, which insists on `LinkedIn-Version` and
 *   `X-Restli-Protocol-Version: 2.0.0`: organizationAcls, organizations, posts (finder by author,
 *   get, create with x-restli-id, delete), socialActions comments (start/count paging, create with
 *   parentComment, delete), images initializeUpload + PUT upload, organizationalEntityNotifications;
 * - errors as `{status, serviceErrorCode, code, message}`; 401s for expired and revoked tokens
 *   (the service error codes here are illustrative, the adapter reads `code`/`message`), 429s.
 */
import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface LinkedInPostRecord {
  id: string;
  author: string;
  commentary: string;
  visibility: string;
  distribution: unknown;
  lifecycleState: string;
  content?: { media?: { id: string; altText?: string }; multiImage?: { images: { id: string; altText?: string }[] } };
  createdAt: number;
  publishedAt: number;
  lastModifiedAt: number;
  /** Organisations mentioned in the post (for notifications). */
  mentions: string[];
}
export interface LinkedInCommentRecord {
  id: string;
  commentUrn: string;
  actor: string;
  object: string;
  parentComment?: string;
  message: { text: string };
  created: { time: number; actor: string };
  /** The post (share/ugcPost urn) this comment belongs to. */
  postUrn: string;
}
export interface LinkedInRequestRecord {
  method: string;
  path: string;
  rawQuery: string;
  headers: IncomingMessage["headers"];
}

export interface LinkedInTestServer {
  url: string;
  clientId: string;
  clientSecret: string;
  /** Pages our member administers. */
  organizations: { id: string; urn: string; localizedName: string; vanityName: string }[];
  posts: Map<string, LinkedInPostRecord>;
  comments: LinkedInCommentRecord[];
  images: Map<string, { uploaded: boolean; bytes: number }>;
  accessTokens: Map<string, number>;
  refreshTokens: Set<string>;
  requests: LinkedInRequestRecord[];
  /** What our client posted (posts and comments), in order. */
  postedPosts: LinkedInPostRecord[];
  postedComments: LinkedInCommentRecord[];
  /** A post on one of our pages, as if published earlier in LinkedIn itself. */
  addOrgPost(organizationUrn: string, commentary: string): LinkedInPostRecord;
  addComment(input: { postUrn: string; text: string; person?: string; parentComment?: string }): LinkedInCommentRecord;
  /** A member's post mentioning one of our pages. */
  addMention(input: { organizationUrn: string; text: string; person?: string }): LinkedInPostRecord;
  failNext(status: number, count?: number, headers?: Record<string, string>): void;
  expireAccessTokens(): void;
  /** The member revoked the app: access tokens answer "revoked", refresh tokens are invalid. */
  revokeGrant(): void;
  close(): Promise<void>;
}

const SIXTY_DAYS_S = 60 * 24 * 3600;
const YEAR_S = 365 * 24 * 3600;

export async function startLinkedInServer(): Promise<LinkedInTestServer> {
  let seq = 7_100_000_000_000_000_000n;
  const nextNumber = () => String((seq += 7n));
  const clientId = `li-${randomBytes(4).toString("hex")}`;
  const clientSecret = randomBytes(12).toString("hex");
  const organizations = [
    { id: "2414183", urn: "urn:li:organization:2414183", localizedName: "Huisartsenpraktijk De Linde", vanityName: "huisartsenpraktijk-de-linde" },
    { id: "5590121", urn: "urn:li:organization:5590121", localizedName: "Gezondheidscentrum De Linde", vanityName: "gc-de-linde" },
  ];
  const codes = new Map<string, { redirect: string; scope: string }>();
  const accessTokens = new Map<string, number>();
  const refreshTokens = new Set<string>();
  const revokedAccess = new Set<string>();
  const posts = new Map<string, LinkedInPostRecord>();
  const comments: LinkedInCommentRecord[] = [];
  const images = new Map<string, { uploaded: boolean; bytes: number }>();
  const uploads = new Map<string, string>();
  const requests: LinkedInRequestRecord[] = [];
  const postedPosts: LinkedInPostRecord[] = [];
  const postedComments: LinkedInCommentRecord[] = [];
  let failures: { status: number; headers: Record<string, string> }[] = [];
  let clock = Date.now() - 3600_000;
  const tick = () => (clock += 1000);
  let base = "";

  function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
    res.writeHead(status, { "content-type": "application/json", "x-li-uuid": randomBytes(8).toString("hex"), ...headers });
    res.end(body === undefined ? undefined : JSON.stringify(body));
  }
  function fail(res: ServerResponse, status: number, code: string, message: string, serviceErrorCode = status, headers: Record<string, string> = {}) {
    send(res, status, { status, serviceErrorCode, code, message }, headers);
  }

  function issueTokens(scope: string, refresh?: string) {
    const access = `li-at-${randomBytes(12).toString("hex")}`;
    accessTokens.set(access, Date.now() + SIXTY_DAYS_S * 1000);
    const refreshToken = refresh ?? `li-rt-${randomBytes(12).toString("hex")}`;
    refreshTokens.add(refreshToken);
    return { access_token: access, expires_in: SIXTY_DAYS_S, refresh_token: refreshToken, refresh_token_expires_in: YEAR_S, scope };
  }

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      try {
        handle(req, res, Buffer.concat(chunks));
      } catch (error) {
        fail(res, 500, "INTERNAL_SERVER_ERROR", String(error));
      }
    });
  });

  function handle(req: IncomingMessage, res: ServerResponse, raw: Buffer) {
    const url = new URL(req.url ?? "/", base);
    const path = decodeURIComponent(url.pathname);
    const method = req.method ?? "GET";
    requests.push({ method, path, rawQuery: (req.url ?? "").split("?")[1] ?? "", headers: req.headers });
    const type = req.headers["content-type"] ?? "";
    const form = type.includes("x-www-form-urlencoded") ? Object.fromEntries(new URLSearchParams(raw.toString())) : {};

    // --- OAuth ----------------------------------------------------------------------------------
    if (method === "GET" && path === "/oauth/v2/authorization") {
      const redirect = url.searchParams.get("redirect_uri") ?? "";
      if (url.searchParams.get("client_id") !== clientId || url.searchParams.get("response_type") !== "code" || !/^https?:\/\//.test(redirect)) {
        res.writeHead(400, { "content-type": "text/plain; charset=utf-8" }).end("invalid client_id, response_type or redirect_uri");
        return;
      }
      const code = randomBytes(12).toString("base64url");
      codes.set(code, { redirect, scope: url.searchParams.get("scope") ?? "" });
      const back = new URL(redirect);
      back.searchParams.set("code", code);
      back.searchParams.set("state", url.searchParams.get("state") ?? "");
      res.writeHead(302, { location: back.toString() }).end();
      return;
    }
    if (method === "POST" && path === "/oauth/v2/accessToken") {
      if (form.client_id !== clientId || form.client_secret !== clientSecret) {
        send(res, 401, { error: "invalid_client", error_description: "Client authentication failed" });
        return;
      }
      if (form.grant_type === "authorization_code") {
        const entry = codes.get(form.code ?? "");
        if (!entry || entry.redirect !== form.redirect_uri) {
          send(res, 400, { error: "invalid_request", error_description: "Unable to retrieve access token: appid/redirect uri/code verifier does not match authorization code. Or authorization code expired." });
          return;
        }
        codes.delete(form.code ?? "");
        send(res, 200, issueTokens(entry.scope.split(" ").join(",")));
        return;
      }
      if (form.grant_type === "refresh_token") {
        const refresh = form.refresh_token ?? "";
        if (!refreshTokens.has(refresh)) {
          send(res, 400, { error: "invalid_grant", error_description: "The provided authorization grant or refresh token is invalid, expired or revoked." });
          return;
        }
        // LinkedIn keeps the refresh token (and its original expiry) when refreshing.
        send(res, 200, issueTokens("r_organization_social,w_organization_social", refresh));
        return;
      }
      send(res, 400, { error: "unsupported_grant_type", error_description: "grant_type is not supported" });
      return;
    }
    if (method === "POST" && path === "/oauth/v2/revoke") {
      if (form.client_id !== clientId || form.client_secret !== clientSecret) {
        send(res, 401, { error: "invalid_client", error_description: "Client authentication failed" });
        return;
      }
      accessTokens.delete(form.token ?? "");
      res.writeHead(200).end();
      return;
    }

    // --- Image upload (a separate upload host in reality) ---------------------------------------
    const uploadMatch = /^\/upload\/([\w-]+)$/.exec(path);
    if (method === "PUT" && uploadMatch) {
      const image = uploads.get(uploadMatch[1] ?? "");
      if (!image || !accessTokens.has(/^Bearer (.+)$/.exec(req.headers.authorization ?? "")?.[1] ?? "")) {
        fail(res, 401, "UNAUTHORIZED", "Upload not authorised");
        return;
      }
      images.set(image, { uploaded: true, bytes: raw.length });
      res.writeHead(201).end();
      return;
    }

    // --- REST -----------------------------------------------------------------------------------
    if (!path.startsWith("/rest/")) {
      fail(res, 404, "NOT_FOUND", `No resource at ${path}`);
      return;
    }
    if (!/^\d{6}$/.test(String(req.headers["linkedin-version"] ?? ""))) {
      fail(res, 400, "VERSION_MISSING", "A version must be present. Please specify a version by adding the LinkedIn-Version header.");
      return;
    }
    if (req.headers["x-restli-protocol-version"] !== "2.0.0") {
      fail(res, 400, "ILLEGAL_ARGUMENT", "Rest.li protocol version 2.0.0 is required (X-Restli-Protocol-Version).");
      return;
    }
    const failure = failures.shift();
    if (failure) {
      if (failure.status === 429) {
        fail(res, 429, "TOO_MANY_REQUESTS", "Resource level throttle APPLICATION DAY limit for calls to this resource is reached.", 101, failure.headers);
      } else {
        fail(res, failure.status, "SERVER_ERROR", "Simulated failure", failure.status, failure.headers);
      }
      return;
    }
    const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? "")?.[1] ?? "";
    if (revokedAccess.has(token)) {
      fail(res, 401, "REVOKED_ACCESS_TOKEN", "The token used in the request has been revoked by the user", 65601);
      return;
    }
    const expiry = accessTokens.get(token);
    if (expiry === undefined) {
      fail(res, 401, "INVALID_ACCESS_TOKEN", "Invalid access token", 65600);
      return;
    }
    if (expiry <= Date.now()) {
      fail(res, 401, "EXPIRED_ACCESS_TOKEN", "The token used in the request has expired", 65602);
      return;
    }
    const json = type.includes("json") && raw.length > 0 ? (JSON.parse(raw.toString()) as Record<string, unknown>) : {};
    const start = Number(url.searchParams.get("start") ?? 0);
    const count = Number(url.searchParams.get("count") ?? 10);
    const paged = <T>(items: T[]) => ({ elements: items.slice(start, start + count), paging: { start, count, total: items.length, links: [] } });
    const ours = (urn: string) => organizations.some((o) => o.urn === urn);

    if (method === "GET" && path === "/rest/organizationAcls") {
      if (url.searchParams.get("q") !== "roleAssignee") {
        fail(res, 400, "ILLEGAL_ARGUMENT", "Unknown finder");
        return;
      }
      const role = url.searchParams.get("role");
      const elements = organizations.map((o) => ({ roleAssignee: "urn:li:person:mem-anna", state: "APPROVED", role: "ADMINISTRATOR", organization: o.urn })).filter((e) => !role || e.role === role);
      send(res, 200, paged(elements));
      return;
    }
    const orgMatch = /^\/rest\/organizations\/(\d+)$/.exec(path);
    if (method === "GET" && orgMatch) {
      const org = organizations.find((o) => o.id === orgMatch[1]);
      if (!org) {
        fail(res, 404, "NOT_FOUND", "Organization not found", 404);
        return;
      }
      send(res, 200, { id: Number(org.id), localizedName: org.localizedName, vanityName: org.vanityName, name: { localized: { nl_NL: org.localizedName } } });
      return;
    }
    if (method === "GET" && path === "/rest/posts") {
      const author = url.searchParams.get("author") ?? "";
      if (url.searchParams.get("q") !== "author" || !ours(author)) {
        fail(res, 403, "ACCESS_DENIED", `Not enough permissions to access: partnerApiPostsExternal.FINDER-author.${url.searchParams.get("q") ?? ""}`, 100);
        return;
      }
      const list = [...posts.values()].filter((p) => p.author === author).sort((a, b) => b.lastModifiedAt - a.lastModifiedAt);
      send(res, 200, paged(list));
      return;
    }
    const postMatch = /^\/rest\/posts\/(urn:li:(?:share|ugcPost):\d+)$/.exec(path);
    if (postMatch && method === "GET") {
      const post = posts.get(postMatch[1] ?? "");
      if (!post) {
        fail(res, 404, "NOT_FOUND", "Post not found", 404);
        return;
      }
      send(res, 200, post);
      return;
    }
    if (postMatch && method === "DELETE") {
      if (!posts.delete(postMatch[1] ?? "")) {
        fail(res, 404, "NOT_FOUND", "Post not found", 404);
        return;
      }
      res.writeHead(204).end();
      return;
    }
    if (method === "POST" && path === "/rest/posts") {
      const author = String(json.author ?? "");
      const commentary = typeof json.commentary === "string" ? json.commentary : "";
      const distribution = json.distribution as { feedDistribution?: string } | undefined;
      if (!ours(author)) {
        fail(res, 403, "ACCESS_DENIED", `Member is not an administrator of ${author}`, 100);
        return;
      }
      if (json.visibility !== "PUBLIC" || json.lifecycleState !== "PUBLISHED" || distribution?.feedDistribution !== "MAIN_FEED") {
        fail(res, 422, "UNPROCESSABLE_ENTITY", "visibility, lifecycleState and distribution.feedDistribution are required", 422);
        return;
      }
      if ([...commentary].length > 3000) {
        fail(res, 422, "UNPROCESSABLE_ENTITY", "/commentary :: length 3000 exceeded", 422);
        return;
      }
      const content = json.content as LinkedInPostRecord["content"];
      const imageIds = [content?.media?.id, ...(content?.multiImage?.images ?? []).map((i) => i.id)].filter((id): id is string => Boolean(id));
      if (imageIds.some((id) => !images.get(id)?.uploaded)) {
        fail(res, 400, "ILLEGAL_ARGUMENT", "/content/media/id :: image is not uploaded or does not exist", 400);
        return;
      }
      const now = tick();
      const id = `urn:li:share:${nextNumber()}`;
      const post: LinkedInPostRecord = {
        id,
        author,
        commentary,
        visibility: "PUBLIC",
        distribution,
        lifecycleState: "PUBLISHED",
        ...(content ? { content } : {}),
        createdAt: now,
        publishedAt: now,
        lastModifiedAt: now,
        mentions: [],
      };
      posts.set(id, post);
      postedPosts.push(post);
      send(res, 201, undefined, { "x-restli-id": id, "x-linkedin-id": id });
      return;
    }
    if (method === "POST" && path === "/rest/images" && url.searchParams.get("action") === "initializeUpload") {
      const owner = (json.initializeUploadRequest as { owner?: string } | undefined)?.owner ?? "";
      if (!ours(owner)) {
        fail(res, 403, "ACCESS_DENIED", `Not allowed to upload for ${owner}`, 100);
        return;
      }
      const image = `urn:li:image:D4E${randomBytes(6).toString("hex")}`;
      const uploadToken = randomBytes(8).toString("hex");
      uploads.set(uploadToken, image);
      images.set(image, { uploaded: false, bytes: 0 });
      send(res, 200, { value: { uploadUrlExpiresAt: Date.now() + 3600_000, uploadUrl: `${base}/upload/${uploadToken}`, image } });
      return;
    }
    const commentsMatch = /^\/rest\/socialActions\/(urn:li:[^/]+)\/comments$/.exec(path);
    if (commentsMatch && method === "GET") {
      const target = commentsMatch[1] ?? "";
      const list = comments
        .filter((c) => (target.startsWith("urn:li:comment:") ? c.parentComment === target : c.postUrn === target && !c.parentComment))
        .sort((a, b) => a.created.time - b.created.time);
      send(res, 200, paged(list.map(presentComment)));
      return;
    }
    if (commentsMatch && method === "POST") {
      const target = commentsMatch[1] ?? "";
      const actor = String(json.actor ?? "");
      const text = (json.message as { text?: string } | undefined)?.text ?? "";
      if (!ours(actor)) {
        fail(res, 403, "ACCESS_DENIED", `Not allowed to comment as ${actor}`, 100);
        return;
      }
      if (!text) {
        fail(res, 422, "UNPROCESSABLE_ENTITY", "/message/text :: field is required", 422);
        return;
      }
      const parent = typeof json.parentComment === "string" ? comments.find((c) => c.commentUrn === json.parentComment) : undefined;
      const post = parent ? posts.get(parent.postUrn) : posts.get(target);
      if (!post || (json.parentComment !== undefined && !parent)) {
        fail(res, 404, "NOT_FOUND", "The post or comment does not exist", 404);
        return;
      }
      const comment = newComment({ post, actor, text, parentComment: parent?.commentUrn });
      postedComments.push(comment);
      send(res, 201, presentComment(comment), { "x-restli-id": comment.commentUrn });
      return;
    }
    const commentDelete = /^\/rest\/socialActions\/(urn:li:[^/]+)\/comments\/(\d+)$/.exec(path);
    if (commentDelete && method === "DELETE") {
      const index = comments.findIndex((c) => c.object === commentDelete[1] && c.id === commentDelete[2]);
      if (index < 0) {
        fail(res, 404, "NOT_FOUND", "Comment not found", 404);
        return;
      }
      if (comments[index]?.actor !== url.searchParams.get("actor")) {
        fail(res, 403, "ACCESS_DENIED", "Only the author can delete this comment", 100);
        return;
      }
      comments.splice(index, 1);
      res.writeHead(204).end();
      return;
    }
    if (method === "GET" && path === "/rest/organizationalEntityNotifications") {
      // Rest.li 2.0 syntax, unencoded: actions=List(SHARE_MENTION)&timeRange=(start:…,end:…)
      const rawQuery = (req.url ?? "").split("?")[1] ?? "";
      const actions = /(?:^|&)actions=List\(([A-Z_,]+)\)/.exec(rawQuery)?.[1]?.split(",") ?? [];
      const range = /(?:^|&)timeRange=\(start:(\d+),end:(\d+)\)/.exec(rawQuery);
      const entity = url.searchParams.get("organizationalEntity") ?? "";
      if (url.searchParams.get("q") !== "criteria" || !range || actions.length === 0) {
        fail(res, 400, "ILLEGAL_ARGUMENT", "q=criteria, actions=List(...) and timeRange=(start:..,end:..) are required", 400);
        return;
      }
      if (!ours(entity)) {
        fail(res, 403, "ACCESS_DENIED", "Not an administrator of this organization", 100);
        return;
      }
      const from = Number(range[1]);
      const to = Number(range[2]);
      const list = [...posts.values()]
        .filter((p) => actions.includes("SHARE_MENTION") && p.mentions.includes(entity) && p.lastModifiedAt >= from && p.lastModifiedAt <= to)
        .sort((a, b) => a.lastModifiedAt - b.lastModifiedAt)
        .map((p) => ({ action: "SHARE_MENTION", organizationalEntity: entity, generatedActivity: p.id, sourcePost: p.id, lastModifiedAt: p.lastModifiedAt }));
      send(res, 200, paged(list));
      return;
    }
    fail(res, 404, "NOT_FOUND", `No resource at ${method} ${path}`, 404);
  }

  function presentComment(c: LinkedInCommentRecord) {
    const replies = comments.filter((r) => r.parentComment === c.commentUrn).length;
    return {
      id: c.id,
      commentUrn: c.commentUrn,
      $URN: c.commentUrn,
      actor: c.actor,
      object: c.object,
      message: c.message,
      created: c.created,
      lastModified: c.created,
      commentsSummary: { totalFirstLevelComments: replies, aggregatedTotalComments: replies },
      ...(c.parentComment ? { parentComment: c.parentComment } : {}),
    };
  }

  function newComment(input: { post: LinkedInPostRecord; actor: string; text: string; parentComment?: string | undefined }): LinkedInCommentRecord {
    const activity = `urn:li:activity:${input.post.id.split(":").at(-1) ?? ""}`;
    const id = nextNumber();
    const time = tick();
    const comment: LinkedInCommentRecord = {
      id,
      commentUrn: `urn:li:comment:(${activity},${id})`,
      actor: input.actor,
      object: activity,
      ...(input.parentComment ? { parentComment: input.parentComment } : {}),
      message: { text: input.text },
      created: { time, actor: input.actor },
      postUrn: input.post.id,
    };
    comments.push(comment);
    return comment;
  }

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url: base,
    clientId,
    clientSecret,
    organizations,
    posts,
    comments,
    images,
    accessTokens,
    refreshTokens,
    requests,
    postedPosts,
    postedComments,
    addOrgPost(organizationUrn, commentary) {
      const now = tick();
      const post: LinkedInPostRecord = {
        id: `urn:li:share:${nextNumber()}`,
        author: organizationUrn,
        commentary,
        visibility: "PUBLIC",
        distribution: { feedDistribution: "MAIN_FEED" },
        lifecycleState: "PUBLISHED",
        createdAt: now,
        publishedAt: now,
        lastModifiedAt: now,
        mentions: [],
      };
      posts.set(post.id, post);
      return post;
    },
    addComment(input) {
      const post = posts.get(input.postUrn);
      if (!post) {
        throw new Error(`no post ${input.postUrn}`);
      }
      return newComment({ post, actor: input.person ?? `urn:li:person:${randomBytes(4).toString("hex")}`, text: input.text, parentComment: input.parentComment });
    },
    addMention(input) {
      const now = tick();
      const org = organizations.find((o) => o.urn === input.organizationUrn);
      const post: LinkedInPostRecord = {
        id: `urn:li:ugcPost:${nextNumber()}`,
        author: input.person ?? `urn:li:person:${randomBytes(4).toString("hex")}`,
        // Mentions are written in LinkedIn's little text format.
        commentary: `@[${org?.localizedName ?? "?"}](${input.organizationUrn}) ${input.text.replace(/[()[\]@#*_~{}<>|\\]/g, (c) => `\\${c}`)}`,
        visibility: "PUBLIC",
        distribution: { feedDistribution: "MAIN_FEED" },
        lifecycleState: "PUBLISHED",
        createdAt: now,
        publishedAt: now,
        lastModifiedAt: now,
        mentions: [input.organizationUrn],
      };
      posts.set(post.id, post);
      return post;
    },
    failNext(status, count = 1, headers = {}) {
      failures = [...failures, ...Array.from({ length: count }, () => ({ status, headers }))];
    },
    expireAccessTokens() {
      for (const token of accessTokens.keys()) {
        accessTokens.set(token, Date.now() - 1000);
      }
    },
    revokeGrant() {
      for (const token of accessTokens.keys()) {
        revokedAccess.add(token);
      }
      accessTokens.clear();
      refreshTokens.clear();
    },
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
