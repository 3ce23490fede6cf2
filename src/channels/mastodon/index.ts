/**
 * Mastodon (any server the user names). Connecting registers an app on that server
 * (`POST /api/v1/apps`) and runs OAuth 2 with PKCE; Mastodon tokens do not expire, so a 401
 * means revoked. Inbound = mention notifications (public mentions, replies and direct messages)
 * since the newest notification id we saw, following `Link` pagination.
 */
import { randomUUID } from "node:crypto";
import {
  ChannelError,
  type ChannelAdapter,
  type ChannelRuntime,
  type HttpClient,
  type HttpResponse,
  type NormalizedMessage,
} from "../contract.ts";
import { compareNumericIds, countWithUrls, htmlToText } from "../text.ts";

const SCOPES = "read write";
const MAX_PAGES = 5;

interface MastodonAccount {
  id: string;
  username: string;
  acct: string;
  display_name?: string;
  url?: string;
}
interface MastodonStatus {
  id: string;
  created_at: string;
  in_reply_to_id: string | null;
  visibility: "public" | "unlisted" | "private" | "direct";
  content: string;
  url?: string | null;
  uri?: string;
  account: MastodonAccount;
  media_attachments?: { type: string; url: string; description?: string | null }[];
}
interface MastodonNotification {
  id: string;
  type: string;
  created_at: string;
  account: MastodonAccount;
  status?: MastodonStatus;
}

/** Normalises what the user typed ("mastodon.example", "https://mastodon.example/") to an origin. */
export function instanceOrigin(value: unknown): string {
  const raw = typeof value === "string" ? value.trim() : "";
  if (!raw) {
    throw new ChannelError("rejected", "Vul het adres van je Mastodon-server in (bijvoorbeeld https://mastodon.nl).");
  }
  let url: URL;
  try {
    url = new URL(/^https?:\/\//i.test(raw) ? raw : `https://${raw}`);
  } catch {
    throw new ChannelError("rejected", `"${raw}" is geen geldig serveradres.`);
  }
  return url.origin;
}

function instanceOf(runtime: ChannelRuntime): string {
  return instanceOrigin(runtime.channel.settings.instanceUrl);
}

function auth(runtime: ChannelRuntime): Record<string, string> {
  return { authorization: `Bearer ${runtime.credentials.accessToken ?? ""}` };
}

/** Maps Mastodon's documented error answers to channel errors. */
function check(response: HttpResponse, what: string): HttpResponse {
  if (response.status < 400) {
    return response;
  }
  const message = (response.json as { error?: string } | undefined)?.error ?? response.text.slice(0, 200);
  if (response.status === 401) {
    throw new ChannelError("auth_revoked", `Mastodon: ${what}: ${message}`, { status: 401 });
  }
  throw new ChannelError("rejected", `Mastodon: ${what}: ${message}`, { status: response.status });
}

function nextLink(response: HttpResponse): string | null {
  const link = response.headers.get("link");
  if (!link) {
    return null;
  }
  for (const part of link.split(",")) {
    const match = /<([^>]+)>\s*;\s*rel="?next"?/.exec(part);
    if (match?.[1]) {
      return match[1];
    }
  }
  return null;
}

async function threadRootOf(http: HttpClient, runtime: ChannelRuntime, status: MastodonStatus): Promise<string> {
  if (!status.in_reply_to_id) {
    return status.id;
  }
  const response = await http.request({ url: `${instanceOf(runtime)}/api/v1/statuses/${status.id}/context`, headers: auth(runtime) });
  if (response.status >= 400) {
    // The context may be hidden; the direct parent is the best root we know.
    return status.in_reply_to_id;
  }
  const ancestors = (response.json as { ancestors?: { id: string }[] }).ancestors ?? [];
  return ancestors[0]?.id ?? status.in_reply_to_id;
}

function normalise(runtime: ChannelRuntime, status: MastodonStatus, threadExternalId: string): NormalizedMessage {
  const isPrivate = status.visibility === "direct" || status.visibility === "private";
  return {
    network: "mastodon",
    externalId: status.id,
    threadExternalId,
    parentExternalId: status.in_reply_to_id ?? undefined,
    kind: status.visibility === "direct" ? "direct_message" : status.in_reply_to_id ? "reply" : "mention",
    author: { handle: `@${status.account.acct}`, displayName: status.account.display_name || status.account.username, externalId: status.account.id },
    text: htmlToText(status.content),
    media: (status.media_attachments ?? []).map((m) => ({
      kind: m.type === "image" ? ("image" as const) : m.type === "video" || m.type === "gifv" ? ("video" as const) : ("other" as const),
      url: m.url,
      ...(m.description ? { alt: m.description } : {}),
    })),
    sentAt: new Date(status.created_at),
    permalink: status.url ?? status.uri,
    visibility: isPrivate ? "private" : "public",
    fromSelf: status.account.id === runtime.channel.settings.accountId,
  };
}

async function postStatus(runtime: ChannelRuntime, body: Record<string, unknown>) {
  const response = check(
    await runtime.http.request({
      method: "POST",
      url: `${instanceOf(runtime)}/api/v1/statuses`,
      headers: { ...auth(runtime), "idempotency-key": randomUUID() },
      json: body,
    }),
    "bericht plaatsen",
  );
  const status = response.json as MastodonStatus;
  return { externalId: status.id, permalink: status.url ?? status.uri };
}

function withMention(text: string, handle: string | undefined): string {
  if (!handle) {
    return text;
  }
  const at = handle.startsWith("@") ? handle : `@${handle}`;
  return text.includes(at) ? text : `${at} ${text}`;
}

export const mastodonAdapter: ChannelAdapter = {
  network: "mastodon",
  displayName: "Mastodon",
  requiredEnv: [],
  capabilities: { inbound: true, publish: true, reply: true, privateMessage: true, delete: true, webhooks: false },
  limits: { maxLength: 500, maxImages: 4, countLength: (text) => countWithUrls(text, 23) },
  connect: {
    type: "oauth",
    pkce: true,
    async prepare({ settings, redirectUri, http }) {
      const instance = instanceOrigin(settings.instanceUrl);
      const response = check(
        await http.request({
          method: "POST",
          url: `${instance}/api/v1/apps`,
          form: { client_name: "Spreekuur", redirect_uris: redirectUri, scopes: SCOPES },
        }),
        "app registreren",
      );
      const app = response.json as { client_id?: string; client_secret?: string };
      if (!app.client_id || !app.client_secret) {
        throw new ChannelError("rejected", "Mastodon: de server gaf geen client_id/client_secret terug");
      }
      return { instanceUrl: instance, clientId: app.client_id, clientSecret: app.client_secret };
    },
    authorizeUrl({ state, codeChallenge, redirectUri, prepared }) {
      const url = new URL(`${prepared.instanceUrl}/oauth/authorize`);
      url.searchParams.set("response_type", "code");
      url.searchParams.set("client_id", prepared.clientId ?? "");
      url.searchParams.set("redirect_uri", redirectUri);
      url.searchParams.set("scope", SCOPES);
      url.searchParams.set("state", state);
      if (codeChallenge) {
        url.searchParams.set("code_challenge", codeChallenge);
        url.searchParams.set("code_challenge_method", "S256");
      }
      return url.toString();
    },
    async exchangeCode({ code, codeVerifier, redirectUri, prepared, http }) {
      const instance = prepared.instanceUrl ?? "";
      const token = check(
        await http.request({
          method: "POST",
          url: `${instance}/oauth/token`,
          form: {
            grant_type: "authorization_code",
            code,
            client_id: prepared.clientId ?? "",
            client_secret: prepared.clientSecret ?? "",
            redirect_uri: redirectUri,
            scope: SCOPES,
            ...(codeVerifier ? { code_verifier: codeVerifier } : {}),
          },
        }),
        "code inwisselen",
      ).json as { access_token?: string; scope?: string };
      if (!token.access_token) {
        throw new ChannelError("rejected", "Mastodon: geen access token ontvangen");
      }
      const account = check(
        await http.request({ url: `${instance}/api/v1/accounts/verify_credentials`, headers: { authorization: `Bearer ${token.access_token}` } }),
        "account ophalen",
      ).json as MastodonAccount;
      const host = new URL(instance).host;
      return [
        {
          externalAccountId: `${account.id}@${host}`,
          handle: `@${account.username}@${host}`,
          name: `Mastodon – ${account.display_name || account.username}@${host}`,
          settings: { instanceUrl: instance, accountId: account.id, clientId: prepared.clientId },
          credentials: { accessToken: token.access_token, secret: prepared.clientSecret, scope: token.scope ?? SCOPES },
        },
      ];
    },
  },
  async revoke(runtime) {
    await runtime.http.request({
      method: "POST",
      url: `${instanceOf(runtime)}/oauth/revoke`,
      form: {
        client_id: String(runtime.channel.settings.clientId ?? ""),
        client_secret: runtime.credentials.secret ?? "",
        token: runtime.credentials.accessToken ?? "",
      },
    });
  },
  async fetchInbound(runtime, cursor) {
    const instance = instanceOf(runtime);
    const statuses: MastodonStatus[] = [];
    let newest = cursor;
    let url: string | null = `${instance}/api/v1/notifications`;
    let query: Record<string, string | undefined> | undefined = { "types[]": "mention", limit: "40", since_id: cursor ?? undefined };
    for (let page = 0; url && page < MAX_PAGES; page++) {
      const response = check(await runtime.http.request({ url, headers: auth(runtime), ...(query ? { query } : {}) }), "meldingen ophalen");
      const notifications = (response.json as MastodonNotification[] | undefined) ?? [];
      const fresh = notifications.filter((n) => cursor === null || compareNumericIds(n.id, cursor) > 0);
      for (const notification of fresh) {
        if (newest === null || compareNumericIds(notification.id, newest) > 0) {
          newest = notification.id;
        }
        if (notification.type === "mention" && notification.status) {
          statuses.push(notification.status);
        }
      }
      if (fresh.length === 0 || fresh.length < notifications.length) {
        break;
      }
      url = nextLink(response);
      query = undefined;
    }
    const items: NormalizedMessage[] = [];
    for (const status of statuses) {
      items.push(normalise(runtime, status, await threadRootOf(runtime.http, runtime, status)));
    }
    items.sort((a, b) => a.sentAt.getTime() - b.sentAt.getTime());
    return { items, cursor: newest };
  },
  async publish(runtime, post) {
    const mediaIds: string[] = [];
    for (const media of post.media.slice(0, 4)) {
      const form = new FormData();
      form.set("file", new Blob([Buffer.from(media.data)], { type: media.mimeType }), "afbeelding");
      if (media.alt) {
        form.set("description", media.alt);
      }
      const uploaded = check(
        await runtime.http.request({ method: "POST", url: `${instanceOf(runtime)}/api/v2/media`, headers: auth(runtime), body: form }),
        "afbeelding uploaden",
      ).json as { id: string };
      mediaIds.push(uploaded.id);
    }
    const text = post.link && !post.text.includes(post.link) ? `${post.text}\n\n${post.link}` : post.text;
    return postStatus(runtime, { status: text, visibility: "public", ...(mediaIds.length > 0 ? { media_ids: mediaIds } : {}) });
  },
  async reply(runtime, reply) {
    return postStatus(runtime, {
      status: withMention(reply.text, reply.inReplyTo.authorHandle),
      in_reply_to_id: reply.inReplyTo.externalId,
      visibility: reply.inReplyTo.visibility === "private" ? "direct" : "public",
    });
  },
  async sendPrivateMessage(runtime, message) {
    if (!message.recipient.handle) {
      throw new ChannelError("rejected", "Mastodon: een privébericht heeft de handle van de ontvanger nodig");
    }
    return postStatus(runtime, {
      status: withMention(message.text, message.recipient.handle),
      visibility: "direct",
      ...(message.regardingExternalId ? { in_reply_to_id: message.regardingExternalId } : {}),
    });
  },
  async delete(runtime, externalId) {
    check(
      await runtime.http.request({ method: "DELETE", url: `${instanceOf(runtime)}/api/v1/statuses/${encodeURIComponent(externalId)}`, headers: auth(runtime) }),
      "bericht verwijderen",
    );
  },
};
