/**
 * The channel contract: the only surface the core (ingest, inbox, publishing, routes) uses to talk
 * to a social network. Each network lives in src/channels/<network>/ and exports one
 * `ChannelAdapter` from its index.ts; src/channels/registry.ts lists them in a typed map.
 *
 * Adapters are stateless: everything they need for a call comes in through `ChannelRuntime`
 * (decrypted credentials, settings, an HTTP client bound to the channel). They never touch the
 * database, never log tokens, and signal failures with `ChannelError` so the core can tell an
 * expired token (refresh) from a revoked one (reconnect needed) from a hiccup (retry).
 */
import type { MediaItem, Network } from "../store/schema.ts";

// ---------------------------------------------------------------------------------------------
// Normalised inbound message
// ---------------------------------------------------------------------------------------------

export type InboundKind = "mention" | "comment" | "reply" | "direct_message" | "review" | "post" | "feed_item";

/** One inbound item, whatever network it came from. Stored idempotently on (channel, externalId). */
export interface NormalizedMessage {
  network: Network;
  /** Stable id on the network (comment id, status id, at:// URI, feed item guid). */
  externalId: string;
  /** Id of the conversation root (post id, DM conversation id); equals externalId for a root. */
  threadExternalId: string;
  /** Direct parent when the item is a reply. */
  parentExternalId?: string | undefined;
  kind: InboundKind;
  author: {
    handle?: string | undefined;
    displayName?: string | undefined;
    externalId?: string | undefined;
  };
  text: string;
  media: MediaItem[];
  /** When the network says it was written. */
  sentAt: Date;
  permalink?: string | undefined;
  visibility: "public" | "private";
  /** True when the author is our own account (our posts and replies, echoed back by a poll). */
  fromSelf?: boolean | undefined;
  /** Small network-specific extras (e.g. a review rating); never tokens. */
  extra?: Record<string, unknown> | undefined;
}

// ---------------------------------------------------------------------------------------------
// Credentials and accounts
// ---------------------------------------------------------------------------------------------

/** Decrypted credentials as adapters see them. Stored encrypted in channel_credentials. */
export interface ChannelCredentials {
  accessToken?: string | undefined;
  refreshToken?: string | undefined;
  /** App password, per-server client secret, page token ... whatever the network needs besides. */
  secret?: string | undefined;
  scope?: string | undefined;
  expiresAt?: Date | undefined;
}

/** An account/page/feed that a connect flow produced, ready to be stored as a channel. */
export interface ConnectedAccount {
  externalAccountId: string;
  handle?: string | undefined;
  /** Label for the UI, e.g. the page name. */
  name: string;
  /** Non-secret settings (instance URL, page id, feed URL ...). */
  settings: Record<string, unknown>;
  credentials: ChannelCredentials;
}

// ---------------------------------------------------------------------------------------------
// Outbound HTTP (implemented by src/lib/http.ts)
// ---------------------------------------------------------------------------------------------

export interface HttpRequest {
  method?: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  url: string;
  headers?: Record<string, string>;
  query?: Record<string, string | number | boolean | undefined>;
  /** JSON body (sets Content-Type). */
  json?: unknown;
  /** application/x-www-form-urlencoded body. */
  form?: Record<string, string>;
  /** Raw body (e.g. multipart built by the caller, or image bytes). */
  body?: Uint8Array | string | FormData;
  /** Override the client's default timeout. */
  timeoutMs?: number;
}

export interface HttpResponse {
  status: number;
  headers: Headers;
  /** Parsed JSON when the response is JSON, otherwise undefined. */
  json: unknown;
  text: string;
}

/** The one way adapters reach the network: timeouts, retry with backoff on 429/5xx (Retry-After), private-address guard, call log. */
export interface HttpClient {
  request(request: HttpRequest): Promise<HttpResponse>;
}

// ---------------------------------------------------------------------------------------------
// Errors
// ---------------------------------------------------------------------------------------------

export type ChannelErrorKind =
  /** Access token expired: the core refreshes (under a row lock) and tries once more. */
  | "auth_expired"
  /** Token revoked or app removed: the channel is marked "reconnect needed" and people are told. */
  | "auth_revoked"
  /** 429 after the wrapper's retries: try again later. */
  | "rate_limited"
  /** Network/5xx trouble after retries: try again later; never disconnects the channel. */
  | "transient"
  /** The network refused this request (too long, bad media, deleted parent ...): do not retry. */
  | "rejected"
  /** The network or this adapter does not offer this action. */
  | "not_supported";

export class ChannelError extends Error {
  constructor(
    readonly kind: ChannelErrorKind,
    message: string,
    readonly details: { status?: number; retryAfterMs?: number; networkCode?: string | number } = {},
  ) {
    super(message);
    this.name = "ChannelError";
  }
}

// ---------------------------------------------------------------------------------------------
// Runtime handed to every adapter call
// ---------------------------------------------------------------------------------------------

export interface ChannelRuntime {
  channel: {
    id: string;
    externalAccountId: string;
    handle: string | null;
    settings: Record<string, unknown>;
  };
  credentials: ChannelCredentials;
  /** Installation-level app keys of this network (from env), when it has them. */
  app: Record<string, string>;
  http: HttpClient;
  now: () => Date;
  /**
   * Optional (added later, backwards compatible): adapters whose client library renews a session
   * by itself (e.g. @atproto/api) report the new credentials here; the core stores them encrypted.
   */
  saveCredentials?: ((credentials: ChannelCredentials) => Promise<void>) | undefined;
}

// ---------------------------------------------------------------------------------------------
// Publishing
// ---------------------------------------------------------------------------------------------

export interface MediaUpload {
  /** Image bytes and type; adapters upload them the way the network wants. */
  data: Uint8Array;
  mimeType: string;
  alt?: string | undefined;
  /**
   * Optional (added later, backwards compatible): a public https URL of the same image, for
   * networks that fetch media themselves instead of accepting an upload (Instagram).
   */
  url?: string | undefined;
}

export interface PostRequest {
  text: string;
  media: MediaUpload[];
  /** Optional link to attach (networks with link cards). */
  link?: string | undefined;
}

export interface ReplyRequest {
  text: string;
  /** The message we answer, as stored from the inbound side. */
  inReplyTo: {
    externalId: string;
    threadExternalId: string;
    visibility: "public" | "private";
    authorExternalId?: string | undefined;
    authorHandle?: string | undefined;
    extra?: Record<string, unknown> | undefined;
  };
}

export interface PrivateMessageRequest {
  text: string;
  recipient: { externalId?: string | undefined; handle?: string | undefined };
  /** The public message that prompted the private follow-up, where the network needs it (e.g. Messenger private replies). */
  regardingExternalId?: string | undefined;
}

export interface PublishResult {
  externalId: string;
  permalink?: string | undefined;
}

export interface FetchResult {
  items: NormalizedMessage[];
  /** Opaque position to pass next time; null when the network gives none. */
  cursor: string | null;
  /** Sources skipped this time (e.g. a permission the user did not grant); shown as the channel's last error. */
  warnings?: string[] | undefined;
}

// ---------------------------------------------------------------------------------------------
// Connecting
// ---------------------------------------------------------------------------------------------

/** OAuth 2 authorisation-code flow, with PKCE where the network offers it. */
export interface OAuthConnect {
  type: "oauth";
  pkce: boolean;
  /**
   * Optional step before redirecting (e.g. Mastodon registers an app on the server the user
   * named). Its result is kept (encrypted) with the OAuth state and passed back to the next steps.
   */
  prepare?(input: { settings: Record<string, unknown>; redirectUri: string; app: Record<string, string>; http: HttpClient }): Promise<Record<string, string>>;
  authorizeUrl(input: {
    state: string;
    codeChallenge?: string | undefined;
    redirectUri: string;
    settings: Record<string, unknown>;
    app: Record<string, string>;
    prepared: Record<string, string>;
  }): string;
  /** Exchanges the code; may return several accounts (e.g. every Facebook page the user manages). */
  exchangeCode(input: {
    code: string;
    codeVerifier?: string | undefined;
    redirectUri: string;
    settings: Record<string, unknown>;
    app: Record<string, string>;
    prepared: Record<string, string>;
    http: HttpClient;
  }): Promise<ConnectedAccount[]>;
}

/** Connecting with fields the user types (Bluesky handle + app password, RSS feed URL, sandbox). */
export interface CredentialsConnect {
  type: "credentials";
  fields: { name: string; label: { nl: string; en: string }; secret: boolean; placeholder?: string }[];
  connect(input: { values: Record<string, string>; app: Record<string, string>; http: HttpClient }): Promise<ConnectedAccount>;
}

// ---------------------------------------------------------------------------------------------
// Webhooks
// ---------------------------------------------------------------------------------------------

export interface WebhookRequest {
  headers: Record<string, string | string[] | undefined>;
  query: Record<string, string | undefined>;
  /** Exact bytes as received: signatures are computed over these. */
  rawBody: Buffer;
}

export interface WebhookSupport {
  /** Subscription handshake (e.g. Meta's hub.challenge); returns the body to echo, or null when not a handshake or token mismatch. */
  challenge?(request: WebhookRequest, app: Record<string, string>): string | null;
  /** True when the signature header matches the body (e.g. X-Hub-Signature-256 with the app secret). */
  verify(request: WebhookRequest, app: Record<string, string>): boolean;
  /** Splits a delivery into items per account (page id, user id). */
  parse(request: WebhookRequest): { externalAccountId: string; deliveryId?: string | undefined; items: NormalizedMessage[] }[];
}

// ---------------------------------------------------------------------------------------------
// The adapter
// ---------------------------------------------------------------------------------------------

export interface ChannelLimits {
  /** Maximum characters of a post/reply, as the network counts them (see `countLength`). */
  maxLength: number;
  maxImages: number;
  /** How the network counts length (X counts URLs as 23, Bluesky counts graphemes). */
  countLength?(text: string): number;
}

export interface ChannelAdapter {
  network: Network;
  displayName: string;
  /** Env keys this adapter needs; when one is missing the adapter is listed as "not configured". */
  requiredEnv: string[];
  /**
   * Env prefixes whose variables this adapter receives as app keys; default `<NETWORK>_`.
   * (Instagram runs on the Facebook app: `["FACEBOOK_", "INSTAGRAM_"]`.)
   */
  envPrefixes?: string[] | undefined;
  /** Read-only listening sources (RSS) have no outbound actions. */
  capabilities: {
    inbound: boolean;
    publish: boolean;
    reply: boolean;
    privateMessage: boolean;
    delete: boolean;
    webhooks: boolean;
  };
  limits: ChannelLimits;
  connect: OAuthConnect | CredentialsConnect;
  /** Refresh an expired access token; returns the new credentials (merged over the old ones). */
  refresh?(runtime: ChannelRuntime): Promise<ChannelCredentials>;
  /** Revoke tokens at the network when a channel is disconnected. Best effort. */
  revoke?(runtime: ChannelRuntime): Promise<void>;
  /**
   * The grant that `revoke` ends, when several channels share one (every Facebook page and
   * Instagram account connected through one Facebook Login). The core skips `revoke` while another
   * connected channel has the same key. Undefined: this channel's grant is its own.
   */
  grantKey?(credentials: ChannelCredentials): string | undefined;
  /** Inbound items since the cursor (mentions, comments on our posts, DMs, reviews). */
  fetchInbound(runtime: ChannelRuntime, cursor: string | null): Promise<FetchResult>;
  webhooks?: WebhookSupport;
  publish?(runtime: ChannelRuntime, post: PostRequest): Promise<PublishResult>;
  reply?(runtime: ChannelRuntime, reply: ReplyRequest): Promise<PublishResult>;
  sendPrivateMessage?(runtime: ChannelRuntime, message: PrivateMessageRequest): Promise<PublishResult>;
  delete?(runtime: ChannelRuntime, externalId: string): Promise<void>;
}
