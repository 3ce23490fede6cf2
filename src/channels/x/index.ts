/**
 * X (API v2), one account per connect.
 *
 * Connect: OAuth 2.0 authorisation code with PKCE (S256) on the authorize page (`X_OAUTH_URL`,
 * default x.com/i/oauth2/authorize), code exchanged at `/2/oauth2/token` (public client: client_id
 * in the body; with `X_CLIENT_SECRET` a confidential client: HTTP Basic), then `/2/users/me`.
 * Access tokens live two hours; the refresh token (scope offline.access) is rotated on every
 * refresh, so the new one is always stored. X answers an expired token with a plain 401, the same
 * as a revoked one: with a refresh token we call it `auth_expired` (the core refreshes under the
 * row lock and retries once); a refused refresh (`invalid_grant`, or X's `invalid_request` "token
 * was invalid") is `auth_revoked`. A token past its `expiresAt` is refreshed before the call.
 *
 * Inbound: mentions (`/2/users/:id/mentions`, since_id, pages via meta.next_token) and, when the
 * token has dm.read, direct messages (`/2/dm_events`, newest first, read until the last seen id).
 * The cursor is a small JSON object `{"mentions": id, "dms": id}`.
 *
 * Outbound: `POST /2/tweets` (reply via reply.in_reply_to_tweet_id), images through the v2
 * one-shot upload `POST /2/media/upload` (multipart: media, media_category=tweet_image) with alt
 * text via `/2/media/metadata`, direct messages `POST /2/dm_conversations/with/:id/messages` (a
 * reply to a DM goes to its conversation), delete `DELETE /2/tweets/:id`.
 *
 * Errors are X "problem" objects (`{title, detail, type, status}`) or `{errors: [...]}`; 429s are
 * retried by the HTTP wrapper (x-rate-limit-reset) and then become `rate_limited`.
 */
import {
  ChannelError,
  type ChannelAdapter,
  type ChannelCredentials,
  type ChannelRuntime,
  type HttpClient,
  type HttpResponse,
  type NormalizedMessage,
  type PublishResult,
} from "../contract.ts";
import { compareNumericIds } from "../text.ts";
import { countXLength, X_MAX_WEIGHTED_LENGTH } from "./length.ts";

export const X_SCOPES = ["tweet.read", "tweet.write", "users.read", "offline.access", "dm.read", "dm.write", "media.write"];
const DEFAULT_API_URL = "https://api.x.com";
const DEFAULT_AUTHORIZE_URL = "https://x.com/i/oauth2/authorize";
const MAX_PAGES = 5;
const MAX_IMAGES = 4;
/** Refresh a little before X would refuse the token. */
const EXPIRY_MARGIN_MS = 60_000;
const TWEET_FIELDS = "created_at,conversation_id,in_reply_to_user_id,referenced_tweets,author_id,attachments";
const DM_FIELDS = "id,text,event_type,created_at,dm_conversation_id,sender_id,participant_ids";

interface XUser {
  id: string;
  name?: string;
  username: string;
}
interface XTweet {
  id: string;
  text: string;
  author_id?: string;
  created_at?: string;
  conversation_id?: string;
  in_reply_to_user_id?: string;
  referenced_tweets?: { type: "replied_to" | "quoted" | "retweeted"; id: string }[];
}
interface XDmEvent {
  id: string;
  event_type: string;
  text?: string;
  created_at?: string;
  dm_conversation_id?: string;
  sender_id?: string;
}
interface XPage<T> {
  data?: T[];
  includes?: { users?: XUser[] };
  meta?: { result_count?: number; newest_id?: string; next_token?: string };
}
interface XProblem {
  title?: string;
  detail?: string;
  type?: string;
  status?: number;
  reason?: string;
  errors?: { message?: string; title?: string; detail?: string }[];
  error?: string;
  error_description?: string;
}
interface XToken {
  access_token?: string;
  refresh_token?: string;
  expires_in?: number;
  scope?: string;
  token_type?: string;
}
interface XCursor {
  mentions?: string | undefined;
  dms?: string | undefined;
}

function apiUrl(app: Record<string, string>): string {
  return (app.X_API_URL ?? DEFAULT_API_URL).replace(/\/$/, "");
}

function clientAuth(app: Record<string, string>): { headers: Record<string, string>; form: Record<string, string> } {
  const clientId = app.X_CLIENT_ID ?? "";
  const secret = app.X_CLIENT_SECRET;
  return {
    headers: secret ? { authorization: `Basic ${Buffer.from(`${clientId}:${secret}`).toString("base64")}` } : {},
    form: { client_id: clientId },
  };
}

function bearer(runtime: ChannelRuntime): Record<string, string> {
  return { authorization: `Bearer ${runtime.credentials.accessToken ?? ""}` };
}

function problemText(body: XProblem | undefined, fallback: string): string {
  if (!body) {
    return fallback.slice(0, 200);
  }
  const parts = [body.detail, ...(body.errors ?? []).map((e) => e.message ?? e.detail ?? e.title), body.error_description, body.title].filter(
    (part): part is string => typeof part === "string" && part.length > 0,
  );
  return [...new Set(parts)].slice(0, 3).join(" – ") || fallback.slice(0, 200);
}

/** Dutch explanation for the refusals people actually run into. */
function explain403(detail: string): string {
  if (/duplicate/i.test(detail)) {
    return "X weigert dit bericht omdat exact dezelfde tekst al eerder is geplaatst. Pas de tekst aan.";
  }
  if (/not allowed to (send|create).*message|cannot send messages|not permitted to send/i.test(detail)) {
    return "X staat geen privébericht aan deze persoon toe (de ontvanger accepteert geen berichten van dit account).";
  }
  if (/client-not-enrolled|not enrolled|project|access level/i.test(detail)) {
    return "De X-app heeft geen toegang tot dit deel van de API (controleer het project en het abonnement in het X developer portal).";
  }
  return "X staat deze actie niet toe.";
}

/** Maps X's documented error answers to channel errors. */
function check(response: HttpResponse, what: string, runtime?: ChannelRuntime): HttpResponse {
  if (response.status < 400) {
    return response;
  }
  const body = response.json as XProblem | undefined;
  const detail = problemText(body, response.text);
  const details = { status: response.status, networkCode: body?.type ?? body?.error };
  if (response.status === 401) {
    // X gives the same 401 for an expired and a revoked token: with a refresh token the core refreshes
    // first, and a refused refresh then tells us it was revoked.
    const kind = runtime?.credentials.refreshToken ? "auth_expired" : "auth_revoked";
    throw new ChannelError(kind, `X: ${what}: de toegang is verlopen of ingetrokken (${detail}).`, details);
  }
  if (response.status === 403) {
    throw new ChannelError("rejected", `X: ${what}: ${explain403(`${detail} ${body?.reason ?? ""} ${body?.type ?? ""}`)} (${detail})`, details);
  }
  if (response.status === 404) {
    throw new ChannelError("rejected", `X: ${what}: niet gevonden – misschien is het bericht verwijderd (${detail}).`, details);
  }
  if (response.status === 400 || response.status === 422) {
    throw new ChannelError("rejected", `X: ${what}: X weigerde het verzoek (${detail}).`, details);
  }
  throw new ChannelError("rejected", `X: ${what}: onverwacht antwoord ${response.status} (${detail}).`, details);
}

/** Token endpoint answers: `invalid_grant` (and X's "token was invalid" invalid_request) mean the grant is gone. */
function checkToken(response: HttpResponse, what: string): XToken {
  if (response.status < 400) {
    const token = response.json as XToken | undefined;
    if (!token?.access_token) {
      throw new ChannelError("rejected", `X: ${what}: geen access token ontvangen.`);
    }
    return token;
  }
  const body = response.json as XProblem | undefined;
  const detail = problemText(body, response.text);
  if (body?.error === "invalid_grant" || (body?.error === "invalid_request" && /token|code/i.test(body.error_description ?? ""))) {
    throw new ChannelError("auth_revoked", `X: ${what}: de toestemming is ingetrokken of verlopen; verbind het account opnieuw (${body.error}: ${detail}).`, {
      status: response.status,
      networkCode: body.error,
    });
  }
  if (body?.error === "unauthorized_client" || body?.error === "invalid_client") {
    throw new ChannelError("rejected", `X: ${what}: X herkent de app-sleutels niet (X_CLIENT_ID/X_CLIENT_SECRET) (${detail}).`, {
      status: response.status,
      networkCode: body.error,
    });
  }
  throw new ChannelError("rejected", `X: ${what}: ${detail}`, { status: response.status, networkCode: body?.error });
}

function credentialsFrom(token: XToken, now: Date, previous?: ChannelCredentials): ChannelCredentials {
  return {
    accessToken: token.access_token,
    // X rotates refresh tokens: the old one stops working once the new one is issued.
    refreshToken: token.refresh_token ?? previous?.refreshToken,
    scope: token.scope ?? previous?.scope,
    expiresAt: token.expires_in ? new Date(now.getTime() + token.expires_in * 1000) : undefined,
  };
}

/** Throws auth_expired before a call when the token is (about to be) past its lifetime. */
function assertFresh(runtime: ChannelRuntime): void {
  const { expiresAt, refreshToken } = runtime.credentials;
  if (refreshToken && expiresAt && expiresAt.getTime() <= runtime.now().getTime() + EXPIRY_MARGIN_MS) {
    throw new ChannelError("auth_expired", "X: het access token is verlopen.");
  }
}

async function call(runtime: ChannelRuntime, what: string, request: Parameters<HttpClient["request"]>[0]): Promise<HttpResponse> {
  assertFresh(runtime);
  return check(await runtime.http.request({ ...request, headers: { ...bearer(runtime), ...(request.headers ?? {}) } }), what, runtime);
}

function userIdOf(runtime: ChannelRuntime): string {
  const id = runtime.channel.settings.userId ?? runtime.channel.externalAccountId;
  return String(id);
}

function parseCursor(cursor: string | null): XCursor {
  if (!cursor) {
    return {};
  }
  if (/^\d+$/.test(cursor)) {
    return { mentions: cursor };
  }
  try {
    const parsed = JSON.parse(cursor) as XCursor;
    return {
      mentions: typeof parsed.mentions === "string" && /^\d+$/.test(parsed.mentions) ? parsed.mentions : undefined,
      dms: typeof parsed.dms === "string" && /^\d+$/.test(parsed.dms) ? parsed.dms : undefined,
    };
  } catch {
    return {};
  }
}

function newer(a: string | undefined, b: string | undefined): string | undefined {
  if (!a) {
    return b;
  }
  if (!b) {
    return a;
  }
  return compareNumericIds(a, b) >= 0 ? a : b;
}

function permalinkOf(username: string | undefined, id: string): string {
  return `https://x.com/${username ?? "i/web"}/status/${id}`;
}

function normaliseTweet(runtime: ChannelRuntime, tweet: XTweet, users: Map<string, XUser>): NormalizedMessage {
  const author = tweet.author_id ? users.get(tweet.author_id) : undefined;
  const parent = tweet.referenced_tweets?.find((r) => r.type === "replied_to")?.id;
  return {
    network: "x",
    externalId: tweet.id,
    threadExternalId: tweet.conversation_id ?? tweet.id,
    parentExternalId: parent,
    kind: parent ? "reply" : "mention",
    author: { handle: author ? `@${author.username}` : undefined, displayName: author?.name ?? author?.username, externalId: tweet.author_id },
    text: tweet.text,
    media: [],
    sentAt: tweet.created_at ? new Date(tweet.created_at) : runtime.now(),
    permalink: permalinkOf(author?.username, tweet.id),
    visibility: "public",
    fromSelf: tweet.author_id === userIdOf(runtime),
    extra: { conversationId: tweet.conversation_id },
  };
}

function normaliseDm(runtime: ChannelRuntime, event: XDmEvent, users: Map<string, XUser>): NormalizedMessage {
  const sender = event.sender_id ? users.get(event.sender_id) : undefined;
  return {
    network: "x",
    externalId: event.id,
    threadExternalId: event.dm_conversation_id ? `dm:${event.dm_conversation_id}` : `dm:${event.id}`,
    kind: "direct_message",
    author: { handle: sender ? `@${sender.username}` : undefined, displayName: sender?.name ?? sender?.username, externalId: event.sender_id },
    text: event.text ?? "",
    media: [],
    sentAt: event.created_at ? new Date(event.created_at) : runtime.now(),
    visibility: "private",
    fromSelf: event.sender_id === userIdOf(runtime),
    extra: { dmConversationId: event.dm_conversation_id },
  };
}

async function fetchMentions(runtime: ChannelRuntime, sinceId: string | undefined) {
  const items: NormalizedMessage[] = [];
  let newest = sinceId;
  let token: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const response = await call(runtime, "vermeldingen ophalen", {
      url: `${apiUrl(runtime.app)}/2/users/${encodeURIComponent(userIdOf(runtime))}/mentions`,
      query: {
        max_results: 100,
        since_id: sinceId,
        pagination_token: token,
        expansions: "author_id",
        "tweet.fields": TWEET_FIELDS,
        "user.fields": "username,name",
      },
    });
    const body = (response.json ?? {}) as XPage<XTweet>;
    const users = new Map((body.includes?.users ?? []).map((u) => [u.id, u]));
    for (const tweet of body.data ?? []) {
      if (sinceId && compareNumericIds(tweet.id, sinceId) <= 0) {
        continue;
      }
      newest = newer(newest, tweet.id);
      items.push(normaliseTweet(runtime, tweet, users));
    }
    token = body.meta?.next_token;
    if (!token || (body.data ?? []).length === 0) {
      break;
    }
  }
  return { items, newest };
}

async function fetchDms(runtime: ChannelRuntime, sinceId: string | undefined) {
  const items: NormalizedMessage[] = [];
  let newest = sinceId;
  let token: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const response = await call(runtime, "privéberichten ophalen", {
      url: `${apiUrl(runtime.app)}/2/dm_events`,
      query: {
        max_results: 100,
        event_types: "MessageCreate",
        pagination_token: token,
        "dm_event.fields": DM_FIELDS,
        expansions: "sender_id",
        "user.fields": "username,name",
      },
    });
    const body = (response.json ?? {}) as XPage<XDmEvent>;
    const users = new Map((body.includes?.users ?? []).map((u) => [u.id, u]));
    let reachedKnown = false;
    for (const event of body.data ?? []) {
      if (sinceId && compareNumericIds(event.id, sinceId) <= 0) {
        reachedKnown = true;
        continue;
      }
      newest = newer(newest, event.id);
      if (event.event_type === "MessageCreate") {
        items.push(normaliseDm(runtime, event, users));
      }
    }
    token = body.meta?.next_token;
    if (reachedKnown || !token || (body.data ?? []).length === 0) {
      break;
    }
  }
  return { items, newest };
}

function hasScope(runtime: ChannelRuntime, scope: string): boolean {
  // Older rows may lack the scope string: then assume what we asked for.
  const granted = runtime.credentials.scope;
  return granted === undefined || granted.split(/[\s,]+/).includes(scope);
}

function assertLength(text: string): void {
  const length = countXLength(text);
  if (length > X_MAX_WEIGHTED_LENGTH) {
    throw new ChannelError("rejected", `X: de tekst telt ${length} tekens zoals X telt (links 23, emoji en Chinees/Japans/Koreaans 2); maximaal ${X_MAX_WEIGHTED_LENGTH}.`);
  }
}

async function createTweet(runtime: ChannelRuntime, body: Record<string, unknown>, what: string): Promise<PublishResult> {
  const response = await call(runtime, what, { method: "POST", url: `${apiUrl(runtime.app)}/2/tweets`, json: body });
  const data = (response.json as { data?: { id?: string } } | undefined)?.data;
  if (!data?.id) {
    throw new ChannelError("rejected", `X: ${what}: X gaf geen id terug.`);
  }
  return { externalId: data.id, permalink: permalinkOf(runtime.channel.handle?.replace(/^@/, "") ?? undefined, data.id) };
}

async function sendDm(runtime: ChannelRuntime, path: string, text: string): Promise<PublishResult> {
  const response = await call(runtime, "privébericht sturen", { method: "POST", url: `${apiUrl(runtime.app)}${path}`, json: { text } });
  const data = (response.json as { data?: { dm_event_id?: string; dm_conversation_id?: string } } | undefined)?.data;
  if (!data?.dm_event_id) {
    throw new ChannelError("rejected", "X: privébericht sturen: X gaf geen id terug.");
  }
  return { externalId: data.dm_event_id };
}

async function userIdByHandle(runtime: ChannelRuntime, handle: string): Promise<string> {
  const username = handle.replace(/^@/, "");
  if (!/^\w{1,15}$/.test(username)) {
    throw new ChannelError("rejected", `X: "${handle}" is geen geldige X-gebruikersnaam.`);
  }
  const response = await call(runtime, "ontvanger opzoeken", { url: `${apiUrl(runtime.app)}/2/users/by/username/${username}` });
  const id = (response.json as { data?: { id?: string } } | undefined)?.data?.id;
  if (!id) {
    throw new ChannelError("rejected", `X: ontvanger ${handle} niet gevonden.`);
  }
  return id;
}

export const xAdapter: ChannelAdapter = {
  network: "x",
  displayName: "X",
  requiredEnv: ["X_CLIENT_ID"],
  capabilities: { inbound: true, publish: true, reply: true, privateMessage: true, delete: true, webhooks: false },
  limits: { maxLength: X_MAX_WEIGHTED_LENGTH, maxImages: MAX_IMAGES, countLength: countXLength },
  connect: {
    type: "oauth",
    pkce: true,
    authorizeUrl({ state, codeChallenge, redirectUri, app }) {
      const url = new URL(app.X_OAUTH_URL ?? DEFAULT_AUTHORIZE_URL);
      url.searchParams.set("response_type", "code");
      url.searchParams.set("client_id", app.X_CLIENT_ID ?? "");
      url.searchParams.set("redirect_uri", redirectUri);
      url.searchParams.set("scope", X_SCOPES.join(" "));
      url.searchParams.set("state", state);
      if (codeChallenge) {
        url.searchParams.set("code_challenge", codeChallenge);
        url.searchParams.set("code_challenge_method", "S256");
      }
      return url.toString();
    },
    async exchangeCode({ code, codeVerifier, redirectUri, app, http }) {
      if (!codeVerifier) {
        throw new ChannelError("rejected", "X: de PKCE-code ontbreekt; begin opnieuw met verbinden.");
      }
      const client = clientAuth(app);
      const token = checkToken(
        await http.request({
          method: "POST",
          url: `${apiUrl(app)}/2/oauth2/token`,
          headers: client.headers,
          form: { grant_type: "authorization_code", code, redirect_uri: redirectUri, code_verifier: codeVerifier, ...client.form },
        }),
        "code inwisselen",
      );
      const me = check(
        await http.request({
          url: `${apiUrl(app)}/2/users/me`,
          query: { "user.fields": "username,name" },
          headers: { authorization: `Bearer ${token.access_token ?? ""}` },
        }),
        "account ophalen",
      ).json as { data?: XUser } | undefined;
      if (!me?.data?.id) {
        throw new ChannelError("rejected", "X: het account kon niet worden opgehaald.");
      }
      return [
        {
          externalAccountId: me.data.id,
          handle: `@${me.data.username}`,
          name: `X – ${me.data.name ?? me.data.username}`,
          settings: { userId: me.data.id, username: me.data.username },
          credentials: credentialsFrom(token, new Date()),
        },
      ];
    },
  },
  async refresh(runtime) {
    if (!runtime.credentials.refreshToken) {
      throw new ChannelError("auth_revoked", "X: er is geen refresh token; verbind het account opnieuw.");
    }
    const client = clientAuth(runtime.app);
    const token = checkToken(
      await runtime.http.request({
        method: "POST",
        url: `${apiUrl(runtime.app)}/2/oauth2/token`,
        headers: client.headers,
        form: { grant_type: "refresh_token", refresh_token: runtime.credentials.refreshToken, ...client.form },
      }),
      "token vernieuwen",
    );
    return credentialsFrom(token, runtime.now(), runtime.credentials);
  },
  async revoke(runtime) {
    const client = clientAuth(runtime.app);
    const tokens: [string | undefined, string][] = [
      [runtime.credentials.refreshToken, "refresh_token"],
      [runtime.credentials.accessToken, "access_token"],
    ];
    for (const [token, hint] of tokens) {
      if (!token) {
        continue;
      }
      const response = await runtime.http.request({
        method: "POST",
        url: `${apiUrl(runtime.app)}/2/oauth2/revoke`,
        headers: client.headers,
        form: { token, token_type_hint: hint, ...client.form },
      });
      if (response.status >= 400) {
        throw new ChannelError("rejected", `X: intrekken mislukt (${problemText(response.json as XProblem | undefined, response.text)}).`);
      }
    }
  },
  async fetchInbound(runtime, cursor) {
    const since = parseCursor(cursor);
    const mentions = await fetchMentions(runtime, since.mentions);
    const dms = hasScope(runtime, "dm.read") ? await fetchDms(runtime, since.dms) : { items: [], newest: since.dms };
    const items = [...mentions.items, ...dms.items].sort((a, b) => a.sentAt.getTime() - b.sentAt.getTime());
    const next: XCursor = { mentions: mentions.newest, dms: dms.newest };
    return { items, cursor: next.mentions || next.dms ? JSON.stringify(next) : null };
  },
  async publish(runtime, post) {
    const text = post.link && !post.text.includes(post.link) ? `${post.text}\n\n${post.link}` : post.text;
    assertLength(text);
    if (post.media.length > MAX_IMAGES) {
      throw new ChannelError("rejected", `X: maximaal ${MAX_IMAGES} afbeeldingen per bericht.`);
    }
    const mediaIds: string[] = [];
    for (const media of post.media) {
      const form = new FormData();
      form.set("media", new Blob([Buffer.from(media.data)], { type: media.mimeType }), "afbeelding");
      form.set("media_category", "tweet_image");
      form.set("media_type", media.mimeType);
      const uploaded = await call(runtime, "afbeelding uploaden", { method: "POST", url: `${apiUrl(runtime.app)}/2/media/upload`, body: form });
      const id = (uploaded.json as { data?: { id?: string } } | undefined)?.data?.id;
      if (!id) {
        throw new ChannelError("rejected", "X: afbeelding uploaden: X gaf geen media-id terug.");
      }
      if (media.alt) {
        await call(runtime, "alt-tekst opslaan", {
          method: "POST",
          url: `${apiUrl(runtime.app)}/2/media/metadata`,
          json: { id, metadata: { alt_text: { text: media.alt.slice(0, 1000) } } },
        });
      }
      mediaIds.push(id);
    }
    return createTweet(runtime, { text, ...(mediaIds.length > 0 ? { media: { media_ids: mediaIds } } : {}) }, "bericht plaatsen");
  },
  async reply(runtime, reply) {
    assertLength(reply.text);
    if (reply.inReplyTo.visibility === "private") {
      const conversation = reply.inReplyTo.extra?.dmConversationId;
      if (typeof conversation === "string" && conversation !== "") {
        return sendDm(runtime, `/2/dm_conversations/${encodeURIComponent(conversation)}/messages`, reply.text);
      }
      // Without a conversation id (the thread id is then only the event id) answer the sender directly.
      if (reply.inReplyTo.authorExternalId) {
        return sendDm(runtime, `/2/dm_conversations/with/${encodeURIComponent(reply.inReplyTo.authorExternalId)}/messages`, reply.text);
      }
      throw new ChannelError("rejected", "X: het gesprek van dit privébericht is onbekend.");
    }
    return createTweet(runtime, { text: reply.text, reply: { in_reply_to_tweet_id: reply.inReplyTo.externalId } }, "reactie plaatsen");
  },
  async sendPrivateMessage(runtime, message) {
    let recipient = message.recipient.externalId;
    if (!recipient && message.recipient.handle) {
      recipient = await userIdByHandle(runtime, message.recipient.handle);
    }
    if (!recipient) {
      throw new ChannelError("rejected", "X: een privébericht heeft een ontvanger nodig.");
    }
    return sendDm(runtime, `/2/dm_conversations/with/${encodeURIComponent(recipient)}/messages`, message.text);
  },
  async delete(runtime, externalId) {
    if (!/^\d+$/.test(externalId)) {
      throw new ChannelError("rejected", `X: "${externalId}" is geen bericht-id van X.`);
    }
    const response = await call(runtime, "bericht verwijderen", { method: "DELETE", url: `${apiUrl(runtime.app)}/2/tweets/${externalId}` });
    const deleted = (response.json as { data?: { deleted?: boolean } } | undefined)?.data?.deleted;
    if (deleted === false) {
      throw new ChannelError("rejected", "X: het bericht is niet verwijderd.");
    }
  },
};
