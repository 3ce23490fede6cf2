/**
 * A local X (API v2) server for tests, on 127.0.0.1 and a random port. It speaks the documented
 * subset Spreekuur uses:
 *
 * - OAuth 2.0 with PKCE: `GET /i/oauth2/authorize` "approves" at once and redirects back with
 *   code + state (a browser can click through); `POST /2/oauth2/token` checks the client (Basic
 *   auth when a secret is configured, else client_id in the body) and the code_verifier against
 *   the S256 code_challenge; refresh rotates the refresh token (the old one stops working);
 *   `POST /2/oauth2/revoke`;
 * - `/2/users/me`, `/2/users/by/username/:u`, mentions with since_id and meta.next_token, DM events,
 *   posting (text, reply, media ids), the one-shot media upload + metadata, DMs, delete;
 * - problem objects (`{title, detail, type, status}`) and `{errors: [...]}` as X sends them,
 *   x-rate-limit-* headers on every API answer, 429s and expired/revoked tokens on demand.
 */
import { createHash, randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface XUserRecord {
  id: string;
  username: string;
  name: string;
}
export interface XTweetRecord {
  id: string;
  text: string;
  author_id: string;
  created_at: string;
  conversation_id: string;
  in_reply_to_user_id?: string;
  referenced_tweets?: { type: "replied_to"; id: string }[];
  media_ids: string[];
  mentionsMe: boolean;
}
export interface XDmRecord {
  id: string;
  text: string;
  sender_id: string;
  dm_conversation_id: string;
  created_at: string;
}
export interface XRequestRecord {
  method: string;
  path: string;
  query: URLSearchParams;
  authorization?: string | undefined;
  at: number;
}

export interface XTestServer {
  url: string;
  /** Our account on this server. */
  me: XUserRecord;
  clientId: string;
  tweets: Map<string, XTweetRecord>;
  /** Everything our client posted as a tweet, in order. */
  posted: XTweetRecord[];
  /** DMs our client sent. */
  sentDms: XDmRecord[];
  media: Map<string, { bytes: number; mimeType: string; category: string; alt?: string }>;
  /** Currently valid access tokens → expiry (ms). */
  accessTokens: Map<string, number>;
  refreshTokens: Set<string>;
  requests: XRequestRecord[];
  /** Code challenges received on the authorize page (for checking PKCE). */
  challenges: string[];
  addMention(input: { username: string; name?: string; text: string; inReplyTo?: string }): XTweetRecord;
  addDm(input: { username: string; name?: string; text: string }): XDmRecord;
  /** Users who do not accept DMs from us (403 on send). */
  closedDms: Set<string>;
  /** The next `count` API requests (not OAuth) get this status with a problem body. */
  failNext(status: number, count?: number, headers?: Record<string, string>): void;
  /** Every current access token is past its two hours. */
  expireAccessTokens(): void;
  /** The user removed the app: all tokens and refresh tokens stop working; refresh answers invalid_grant. */
  revokeGrant(): void;
  close(): Promise<void>;
}

const TWO_HOURS_S = 7200;

export async function startXServer(options: { clientSecret?: string } = {}): Promise<XTestServer> {
  let nextId = 1_800_000_000_000_000_000n;
  const newId = () => String((nextId += 1000n));
  const clientId = `x-client-${randomBytes(4).toString("hex")}`;
  const me: XUserRecord = { id: "1500000000000000001", username: "praktijkdelinde", name: "Huisartsenpraktijk De Linde" };
  const users = new Map<string, XUserRecord>([[me.id, me]]);
  const codes = new Map<string, { challenge: string; redirect: string; scope: string }>();
  const accessTokens = new Map<string, number>();
  const refreshTokens = new Set<string>();
  const revokedRefresh = new Set<string>();
  const tweets = new Map<string, XTweetRecord>();
  const dms: XDmRecord[] = [];
  const posted: XTweetRecord[] = [];
  const sentDms: XDmRecord[] = [];
  const media = new Map<string, { bytes: number; mimeType: string; category: string; alt?: string }>();
  const requests: XRequestRecord[] = [];
  const challenges: string[] = [];
  const closedDms = new Set<string>();
  let failures: { status: number; headers: Record<string, string> }[] = [];
  let grantRevoked = false;
  let base = "";

  const userFor = (username: string, name?: string): XUserRecord => {
    const existing = [...users.values()].find((u) => u.username === username);
    if (existing) {
      return existing;
    }
    const user = { id: String(BigInt(`0x${createHash("sha1").update(username).digest("hex").slice(0, 12)}`)), username, name: name ?? username };
    users.set(user.id, user);
    return user;
  };

  function rateHeaders(): Record<string, string> {
    return {
      "x-rate-limit-limit": "300",
      "x-rate-limit-remaining": "299",
      "x-rate-limit-reset": String(Math.floor(Date.now() / 1000) + 900),
    };
  }

  function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
    res.writeHead(status, { "content-type": "application/json; charset=utf-8", ...rateHeaders(), ...headers });
    res.end(JSON.stringify(body));
  }

  function problem(res: ServerResponse, status: number, title: string, detail: string, type = "about:blank", headers: Record<string, string> = {}) {
    send(res, status, { title, detail, type, status }, headers);
  }

  function invalidRequest(res: ServerResponse, message: string, parameters: Record<string, string[]> = {}) {
    send(res, 400, {
      errors: [{ parameters, message }],
      title: "Invalid Request",
      detail: "One or more parameters to your request was invalid.",
      type: "https://api.twitter.com/2/problems/invalid-request",
    });
  }

  /** Scopes granted per access token (a refreshed token keeps the grant's scopes). */
  const accessScopes = new Map<string, Set<string>>();
  function issueTokens(scope: string) {
    const access = `x-at-${randomBytes(12).toString("hex")}`;
    const refresh = `x-rt-${randomBytes(12).toString("hex")}`;
    accessTokens.set(access, Date.now() + TWO_HOURS_S * 1000);
    accessScopes.set(access, new Set(scope.split(" ")));
    refreshTokens.add(refresh);
    return { token_type: "bearer", expires_in: TWO_HOURS_S, access_token: access, scope, refresh_token: refresh };
  }

  function clientOk(req: IncomingMessage, form: Record<string, string>): boolean {
    if (options.clientSecret) {
      const expected = `Basic ${Buffer.from(`${clientId}:${options.clientSecret}`).toString("base64")}`;
      return req.headers.authorization === expected;
    }
    return form.client_id === clientId;
  }

  function fieldsOf(url: URL, name: string): Set<string> {
    return new Set((url.searchParams.get(name) ?? "").split(",").filter(Boolean));
  }

  function presentTweet(tweet: XTweetRecord, fields: Set<string>) {
    const out: Record<string, unknown> = { id: tweet.id, text: tweet.text, edit_history_tweet_ids: [tweet.id] };
    for (const field of ["author_id", "created_at", "conversation_id", "in_reply_to_user_id", "referenced_tweets"] as const) {
      if (fields.has(field) && tweet[field] !== undefined) {
        out[field] = tweet[field];
      }
    }
    return out;
  }

  function presentUsers(ids: Iterable<string>, fields: Set<string>) {
    return [...new Set(ids)].flatMap((id) => {
      const user = users.get(id);
      if (!user) {
        return [];
      }
      // id, name and username are X's default user fields.
      void fields;
      return [{ id: user.id, name: user.name, username: user.username }];
    });
  }

  function page<T extends { id: string }>(items: T[], url: URL, res: ServerResponse): { slice: T[]; meta: Record<string, unknown> } | null {
    const maxRaw = url.searchParams.get("max_results");
    const max = maxRaw === null ? 10 : Number(maxRaw);
    if (!Number.isInteger(max) || max < 1 || max > 100) {
      invalidRequest(res, `The \`max_results\` query parameter value [${maxRaw}] is not between 1 and 100`, { max_results: [String(maxRaw)] });
      return null;
    }
    const token = url.searchParams.get("pagination_token");
    const offset = token ? Number(Buffer.from(token, "base64url").toString()) : 0;
    if (token && !Number.isInteger(offset)) {
      invalidRequest(res, "The `pagination_token` query parameter value is not valid", { pagination_token: [token] });
      return null;
    }
    const slice = items.slice(offset, offset + max);
    const meta: Record<string, unknown> = { result_count: slice.length };
    if (slice.length > 0) {
      meta.newest_id = slice[0]?.id;
      meta.oldest_id = slice.at(-1)?.id;
    }
    if (offset + max < items.length) {
      meta.next_token = Buffer.from(String(offset + max)).toString("base64url");
    }
    return { slice, meta };
  }

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      void handle(req, res, Buffer.concat(chunks)).catch((error: unknown) => {
        if (!res.headersSent) {
          problem(res, 500, "Internal Error", String(error));
        }
      });
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse, raw: Buffer) {
    const url = new URL(req.url ?? "/", base);
    const path = url.pathname;
    const method = req.method ?? "GET";
    requests.push({ method, path, query: url.searchParams, authorization: req.headers.authorization, at: Date.now() });
    const type = req.headers["content-type"] ?? "";
    const form = type.includes("x-www-form-urlencoded") ? Object.fromEntries(new URLSearchParams(raw.toString())) : {};

    // --- OAuth 2.0 ----------------------------------------------------------------------------
    if (method === "GET" && path === "/i/oauth2/authorize") {
      const redirect = url.searchParams.get("redirect_uri") ?? "";
      const challenge = url.searchParams.get("code_challenge") ?? "";
      const scope = url.searchParams.get("scope") ?? "";
      if (url.searchParams.get("client_id") !== clientId || url.searchParams.get("response_type") !== "code" || !/^https?:\/\//.test(redirect)) {
        res.writeHead(400, { "content-type": "text/plain; charset=utf-8" }).end("Something went wrong: invalid client or redirect");
        return;
      }
      if (url.searchParams.get("code_challenge_method") !== "S256" || !/^[A-Za-z0-9_-]{43}$/.test(challenge)) {
        res.writeHead(400, { "content-type": "text/plain; charset=utf-8" }).end("PKCE with S256 is required");
        return;
      }
      challenges.push(challenge);
      const code = randomBytes(12).toString("base64url");
      codes.set(code, { challenge, redirect, scope });
      const back = new URL(redirect);
      back.searchParams.set("state", url.searchParams.get("state") ?? "");
      back.searchParams.set("code", code);
      res.writeHead(302, { location: back.toString() }).end();
      return;
    }
    if (method === "POST" && path === "/2/oauth2/token") {
      if (!clientOk(req, form)) {
        send(res, 401, { error: "unauthorized_client", error_description: "Missing valid authorization header" });
        return;
      }
      if (form.grant_type === "authorization_code") {
        const entry = codes.get(form.code ?? "");
        if (!entry || entry.redirect !== form.redirect_uri) {
          send(res, 400, { error: "invalid_request", error_description: "Value passed for the authorization code was invalid." });
          return;
        }
        if (createHash("sha256").update(form.code_verifier ?? "").digest("base64url") !== entry.challenge) {
          send(res, 400, { error: "invalid_request", error_description: "Value passed for the code verifier was invalid." });
          return;
        }
        codes.delete(form.code ?? "");
        grantRevoked = false;
        send(res, 200, issueTokens(entry.scope));
        return;
      }
      if (form.grant_type === "refresh_token") {
        const refresh = form.refresh_token ?? "";
        if (grantRevoked || revokedRefresh.has(refresh)) {
          send(res, 400, { error: "invalid_grant", error_description: "The grant was revoked by the user." });
          return;
        }
        if (!refreshTokens.has(refresh)) {
          send(res, 400, { error: "invalid_request", error_description: "Value passed for the token was invalid." });
          return;
        }
        // Rotation: the used refresh token is gone.
        refreshTokens.delete(refresh);
        send(res, 200, issueTokens("tweet.read tweet.write users.read offline.access dm.read dm.write media.write"));
        return;
      }
      send(res, 400, { error: "unsupported_grant_type", error_description: "grant_type is not supported" });
      return;
    }
    if (method === "POST" && path === "/2/oauth2/revoke") {
      if (!clientOk(req, form)) {
        send(res, 401, { error: "unauthorized_client", error_description: "Missing valid authorization header" });
        return;
      }
      const token = form.token ?? "";
      const known = accessTokens.delete(token) || refreshTokens.delete(token);
      if (known && token.startsWith("x-rt-")) {
        revokedRefresh.add(token);
      }
      send(res, 200, { revoked: known });
      return;
    }

    // --- API ----------------------------------------------------------------------------------
    const failure = failures.shift();
    if (failure) {
      const title = failure.status === 429 ? "Too Many Requests" : failure.status === 503 ? "Service Unavailable" : "Error";
      problem(res, failure.status, title, title, "about:blank", { ...rateHeaders(), "x-rate-limit-remaining": "0", ...failure.headers });
      return;
    }
    const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? "")?.[1] ?? "";
    const expiry = accessTokens.get(token);
    if (expiry === undefined || expiry <= Date.now()) {
      problem(res, 401, "Unauthorized", "Unauthorized");
      return;
    }
    const json = type.includes("json") && raw.length > 0 ? (JSON.parse(raw.toString()) as Record<string, unknown>) : {};

    if (method === "GET" && path === "/2/users/me") {
      send(res, 200, { data: me });
      return;
    }
    const byName = /^\/2\/users\/by\/username\/(\w+)$/.exec(path);
    if (method === "GET" && byName) {
      const user = [...users.values()].find((u) => u.username.toLowerCase() === byName[1]?.toLowerCase());
      if (!user) {
        send(res, 200, {
          errors: [{ value: byName[1], detail: `Could not find user with username: [${byName[1]}].`, title: "Not Found Error", type: "https://api.twitter.com/2/problems/resource-not-found" }],
        });
        return;
      }
      send(res, 200, { data: user });
      return;
    }
    const mentionsMatch = /^\/2\/users\/(\d+)\/mentions$/.exec(path);
    if (method === "GET" && mentionsMatch) {
      if (mentionsMatch[1] !== me.id) {
        problem(res, 403, "Forbidden", "You can only read your own mentions in this test server.");
        return;
      }
      const sinceId = url.searchParams.get("since_id");
      const all = [...tweets.values()]
        .filter((t) => t.mentionsMe && (!sinceId || BigInt(t.id) > BigInt(sinceId)))
        .sort((a, b) => (BigInt(b.id) > BigInt(a.id) ? 1 : -1));
      const paged = page(all, url, res);
      if (!paged) {
        return;
      }
      const tweetFields = fieldsOf(url, "tweet.fields");
      const body: Record<string, unknown> = { meta: paged.meta };
      if (paged.slice.length > 0) {
        body.data = paged.slice.map((t) => presentTweet(t, tweetFields));
        if (fieldsOf(url, "expansions").has("author_id")) {
          body.includes = { users: presentUsers(paged.slice.map((t) => t.author_id), fieldsOf(url, "user.fields")) };
        }
      }
      send(res, 200, body);
      return;
    }
    if (method === "GET" && path === "/2/dm_events") {
      const all = [...dms].sort((a, b) => (BigInt(b.id) > BigInt(a.id) ? 1 : -1));
      const paged = page(all, url, res);
      if (!paged) {
        return;
      }
      const fields = fieldsOf(url, "dm_event.fields");
      const body: Record<string, unknown> = { meta: paged.meta };
      if (paged.slice.length > 0) {
        body.data = paged.slice.map((e) => {
          const out: Record<string, unknown> = { id: e.id, event_type: "MessageCreate", text: e.text };
          for (const field of ["sender_id", "dm_conversation_id", "created_at"] as const) {
            if (fields.has(field)) {
              out[field] = e[field];
            }
          }
          return out;
        });
        if (fieldsOf(url, "expansions").has("sender_id")) {
          body.includes = { users: presentUsers(paged.slice.map((e) => e.sender_id), fieldsOf(url, "user.fields")) };
        }
      }
      send(res, 200, body);
      return;
    }
    if (method === "POST" && path === "/2/media/upload") {
      if (!accessScopes.get(token)?.has("media.write")) {
        problem(res, 403, "Forbidden", "Missing the media.write scope for this endpoint");
        return;
      }
      if (!type.includes("multipart/form-data")) {
        invalidRequest(res, "The media upload must be multipart/form-data", { media: [] });
        return;
      }
      const parts = await new Request(`${base}${path}`, { method: "POST", headers: { "content-type": type }, body: new Uint8Array(raw) }).formData();
      const file = parts.get("media");
      const category = String(parts.get("media_category") ?? "");
      if (!(file instanceof Blob) || file.size === 0) {
        invalidRequest(res, "The `media` field is required", { media: [] });
        return;
      }
      if (!["tweet_image", "dm_image"].includes(category)) {
        invalidRequest(res, `The \`media_category\` value [${category}] is not valid`, { media_category: [category] });
        return;
      }
      const id = newId();
      media.set(id, { bytes: file.size, mimeType: String(parts.get("media_type") ?? file.type), category });
      send(res, 200, { data: { id, media_key: `3_${id}`, size: file.size, expires_after_secs: 86400 } });
      return;
    }
    if (method === "POST" && path === "/2/media/metadata") {
      const id = String(json.id ?? "");
      const entry = media.get(id);
      const alt = (json.metadata as { alt_text?: { text?: string } } | undefined)?.alt_text?.text;
      if (!entry) {
        invalidRequest(res, `Media id ${id} is not valid`, { id: [id] });
        return;
      }
      entry.alt = alt;
      send(res, 200, { data: { id, associated_metadata: { alt_text: { text: alt } } } });
      return;
    }
    if (method === "POST" && path === "/2/tweets") {
      const text = typeof json.text === "string" ? json.text : "";
      const mediaIds = ((json.media as { media_ids?: string[] } | undefined)?.media_ids ?? []).map(String);
      const replyTo = (json.reply as { in_reply_to_tweet_id?: string } | undefined)?.in_reply_to_tweet_id;
      if (!text && mediaIds.length === 0) {
        invalidRequest(res, "Post text or media is required", { text: [] });
        return;
      }
      if (mediaIds.length > 4 || mediaIds.some((m) => !media.has(m))) {
        invalidRequest(res, "Your media IDs are invalid.", { "media.media_ids": mediaIds });
        return;
      }
      if (posted.some((t) => t.text === text)) {
        problem(res, 403, "Forbidden", "You are not allowed to create a Tweet with duplicate content.");
        return;
      }
      const parent = replyTo ? tweets.get(replyTo) : undefined;
      if (replyTo && !parent) {
        invalidRequest(res, "The Post you are replying to does not exist or is not visible.", { "reply.in_reply_to_tweet_id": [replyTo] });
        return;
      }
      const id = newId();
      const tweet: XTweetRecord = {
        id,
        text,
        author_id: me.id,
        created_at: new Date().toISOString(),
        conversation_id: parent?.conversation_id ?? id,
        ...(parent ? { in_reply_to_user_id: parent.author_id, referenced_tweets: [{ type: "replied_to" as const, id: parent.id }] } : {}),
        media_ids: mediaIds,
        mentionsMe: false,
      };
      tweets.set(id, tweet);
      posted.push(tweet);
      send(res, 201, { data: { id, text, edit_history_tweet_ids: [id] } });
      return;
    }
    const deleteMatch = /^\/2\/tweets\/(\d+)$/.exec(path);
    if (method === "DELETE" && deleteMatch) {
      const tweet = tweets.get(deleteMatch[1] ?? "");
      if (!tweet) {
        problem(res, 404, "Not Found Error", `Could not find post with id: [${deleteMatch[1]}].`, "https://api.twitter.com/2/problems/resource-not-found");
        return;
      }
      if (tweet.author_id !== me.id) {
        problem(res, 403, "Forbidden", "You are not authorized to delete this Post.");
        return;
      }
      tweets.delete(tweet.id);
      send(res, 200, { data: { deleted: true } });
      return;
    }
    const dmWith = /^\/2\/dm_conversations\/with\/(\d+)\/messages$/.exec(path);
    const dmIn = /^\/2\/dm_conversations\/([\d-]+)\/messages$/.exec(path);
    if (method === "POST" && (dmWith || dmIn)) {
      const text = typeof json.text === "string" ? json.text : "";
      if (!text) {
        invalidRequest(res, "The `text` field is required", { text: [] });
        return;
      }
      let conversation: string;
      let participant: string;
      if (dmWith) {
        participant = dmWith[1] ?? "";
        conversation = [me.id, participant].sort().join("-");
      } else {
        conversation = dmIn?.[1] ?? "";
        participant = conversation.split("-").find((p) => p !== me.id) ?? "";
        if (!dms.some((d) => d.dm_conversation_id === conversation)) {
          problem(res, 404, "Not Found Error", `Could not find DM conversation with id: [${conversation}].`, "https://api.twitter.com/2/problems/resource-not-found");
          return;
        }
      }
      if (!users.has(participant)) {
        problem(res, 404, "Not Found Error", `Could not find user with id: [${participant}].`, "https://api.twitter.com/2/problems/resource-not-found");
        return;
      }
      if (closedDms.has(participant)) {
        problem(res, 403, "Forbidden", "You are not permitted to send messages to this user.", "https://api.twitter.com/2/problems/not-authorized-for-resource");
        return;
      }
      const event: XDmRecord = { id: newId(), text, sender_id: me.id, dm_conversation_id: conversation, created_at: new Date().toISOString() };
      dms.push(event);
      sentDms.push(event);
      send(res, 201, { data: { dm_conversation_id: conversation, dm_event_id: event.id } });
      return;
    }
    problem(res, 404, "Not Found Error", `No route for ${method} ${path}`, "https://api.twitter.com/2/problems/resource-not-found");
  }

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url: base,
    me,
    clientId,
    tweets,
    posted,
    sentDms,
    media,
    accessTokens,
    refreshTokens,
    requests,
    challenges,
    closedDms,
    addMention(input) {
      const author = userFor(input.username, input.name);
      const parent = input.inReplyTo ? tweets.get(input.inReplyTo) : undefined;
      const id = newId();
      const tweet: XTweetRecord = {
        id,
        text: `@${me.username} ${input.text}`,
        author_id: author.id,
        created_at: new Date().toISOString(),
        conversation_id: parent?.conversation_id ?? id,
        ...(parent ? { in_reply_to_user_id: parent.author_id, referenced_tweets: [{ type: "replied_to" as const, id: parent.id }] } : {}),
        media_ids: [],
        mentionsMe: true,
      };
      tweets.set(id, tweet);
      return tweet;
    },
    addDm(input) {
      const sender = userFor(input.username, input.name);
      const event: XDmRecord = {
        id: newId(),
        text: input.text,
        sender_id: sender.id,
        dm_conversation_id: [me.id, sender.id].sort().join("-"),
        created_at: new Date().toISOString(),
      };
      dms.push(event);
      return event;
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
      grantRevoked = true;
      accessTokens.clear();
      for (const token of refreshTokens) {
        revokedRefresh.add(token);
      }
      refreshTokens.clear();
    },
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
