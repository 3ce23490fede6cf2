/**
 * Bluesky (AT Protocol) through @atproto/api. Connecting uses the handle and an app password;
 * the service URL defaults to BLUESKY_SERVICE_URL or https://bsky.social. Every request of the
 * agent goes through our HTTP wrapper (the agent accepts a custom fetch).
 *
 * Inbound = notifications (mention, reply, quote) newer than the cursor (indexedAt of the newest
 * notification seen). Replies carry root/parent refs; when the stored message lacks the cids,
 * the thread is read from the AppView with getPostThread. Chat (DMs) is not available through a
 * PDS alone, so private messages are `not_supported`.
 */
import { AtpAgent, type AtpSessionData, type BlobRef, RichText } from "@atproto/api";
import {
  ChannelError,
  type ChannelAdapter,
  type ChannelCredentials,
  type ChannelRuntime,
  type HttpClient,
  type NormalizedMessage,
} from "../contract.ts";
import { countGraphemes } from "../text.ts";

export const DEFAULT_BLUESKY_SERVICE = "https://bsky.social";
const REASONS = new Set(["mention", "reply", "quote"]);
const MAX_PAGES = 5;

/** A WHATWG fetch backed by our HttpClient, so the agent's calls get timeouts, retries and the address guard. */
export function fetchThrough(http: HttpClient): typeof globalThis.fetch {
  return async (input, init) => {
    const request = input instanceof Request ? input : undefined;
    const url = request ? request.url : input.toString();
    const method = (init?.method ?? request?.method ?? "GET").toUpperCase() as "GET" | "POST";
    const headers: Record<string, string> = {};
    new Headers(init?.headers ?? request?.headers).forEach((value, key) => {
      headers[key] = value;
    });
    let body: Uint8Array | string | undefined;
    const raw = init?.body ?? (request && method !== "GET" ? await request.arrayBuffer() : undefined);
    if (typeof raw === "string") {
      body = raw;
    } else if (raw instanceof Uint8Array) {
      body = raw;
    } else if (raw instanceof ArrayBuffer) {
      body = new Uint8Array(raw);
    } else if (raw instanceof Blob) {
      body = new Uint8Array(await raw.arrayBuffer());
    } else if (raw !== undefined && raw !== null) {
      body = new Uint8Array(await new Response(raw as BodyInit).arrayBuffer());
    }
    const response = await http.request({ method, url, headers, ...(body !== undefined ? { body } : {}) });
    const nullBody = response.status === 204 || response.status === 304;
    return new Response(nullBody ? null : response.text, { status: response.status, headers: response.headers });
  };
}

function serviceOf(settings: Record<string, unknown>, app: Record<string, string>): string {
  const value = (typeof settings.serviceUrl === "string" && settings.serviceUrl) || app.BLUESKY_SERVICE_URL || DEFAULT_BLUESKY_SERVICE;
  return new URL(value).origin;
}

function classify(error: unknown, what: string): ChannelError {
  if (error instanceof ChannelError) {
    return error;
  }
  const e = error as { status?: number; error?: string; message?: string };
  const message = `Bluesky: ${what}: ${e.error ?? ""} ${e.message ?? ""}`.trim();
  if (e.error === "ExpiredToken") {
    return new ChannelError("auth_expired", message, { status: e.status ?? 400, networkCode: e.error });
  }
  if (e.status === 401 || e.error === "AuthenticationRequired" || e.error === "InvalidToken" || e.error === "AccountTakedown") {
    return new ChannelError("auth_revoked", message, { status: e.status ?? 401, ...(e.error ? { networkCode: e.error } : {}) });
  }
  if (e.status === 429) {
    return new ChannelError("rate_limited", message, { status: 429 });
  }
  if (e.status !== undefined && e.status >= 500) {
    return new ChannelError("transient", message, { status: e.status });
  }
  return new ChannelError("rejected", message, { ...(e.status ? { status: e.status } : {}), ...(e.error ? { networkCode: e.error } : {}) });
}

function sessionCredentials(session: AtpSessionData, secret: string | undefined): ChannelCredentials {
  return { accessToken: session.accessJwt, refreshToken: session.refreshJwt, secret, expiresAt: jwtExpiry(session.accessJwt) };
}

function jwtExpiry(jwt: string): Date | undefined {
  try {
    const payload = JSON.parse(Buffer.from(jwt.split(".")[1] ?? "", "base64url").toString("utf8")) as { exp?: number };
    return payload.exp ? new Date(payload.exp * 1000) : undefined;
  } catch {
    return undefined;
  }
}

/** An agent with the stored session; a session the library renews itself is saved through the runtime. */
function agentFor(runtime: ChannelRuntime): AtpAgent {
  const agent = new AtpAgent({
    service: serviceOf(runtime.channel.settings, runtime.app),
    fetch: fetchThrough(runtime.http),
    persistSession: (event, session) => {
      if (event === "update" && session) {
        const fresh = sessionCredentials(session, runtime.credentials.secret);
        runtime.credentials = { ...runtime.credentials, ...fresh };
        // Storing is best effort here: the next call refreshes again when it did not stick.
        runtime.saveCredentials?.(fresh).catch(() => undefined);
      }
    },
  });
  const { accessToken, refreshToken } = runtime.credentials;
  if (!accessToken || !refreshToken) {
    throw new ChannelError("auth_revoked", "Bluesky: geen sessie opgeslagen");
  }
  agent.sessionManager.session = {
    did: runtime.channel.externalAccountId,
    handle: runtime.channel.handle?.replace(/^@/, "") ?? "",
    accessJwt: accessToken,
    refreshJwt: refreshToken,
    active: true,
  };
  const pds = runtime.channel.settings.pdsUrl;
  if (typeof pds === "string" && pds) {
    agent.sessionManager.pdsUrl = new URL(pds);
  }
  return agent;
}

async function call<T>(what: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    throw classify(error, what);
  }
}

function rkeyOf(uri: string): string {
  return uri.split("/").pop() ?? "";
}

function permalinkOf(handleOrDid: string, uri: string): string {
  return `https://bsky.app/profile/${handleOrDid}/post/${rkeyOf(uri)}`;
}

interface PostRecord {
  text?: string;
  createdAt?: string;
  reply?: { root: { uri: string; cid: string }; parent: { uri: string; cid: string } };
  embed?: { $type?: string; images?: { alt?: string }[] };
}

export const blueskyAdapter: ChannelAdapter = {
  network: "bluesky",
  displayName: "Bluesky",
  requiredEnv: [],
  capabilities: { inbound: true, publish: true, reply: true, privateMessage: false, delete: true, webhooks: false },
  limits: { maxLength: 300, maxImages: 4, countLength: countGraphemes },
  connect: {
    type: "credentials",
    fields: [
      { name: "handle", label: { nl: "Handle (bijv. praktijk.bsky.social)", en: "Handle (e.g. practice.bsky.social)" }, secret: false, placeholder: "praktijk.bsky.social" },
      { name: "appPassword", label: { nl: "App-wachtwoord", en: "App password" }, secret: true },
      { name: "serviceUrl", label: { nl: "Server (leeg = standaard)", en: "Server (empty = default)" }, secret: false, placeholder: DEFAULT_BLUESKY_SERVICE },
    ],
    async connect({ values, app, http }) {
      const identifier = (values.handle ?? "").trim().replace(/^@/, "");
      const password = (values.appPassword ?? "").trim();
      if (!identifier || !password) {
        throw new ChannelError("rejected", "Vul je handle en een app-wachtwoord in.");
      }
      const service = serviceOf(values.serviceUrl ? { serviceUrl: values.serviceUrl } : {}, app);
      const agent = new AtpAgent({ service, fetch: fetchThrough(http) });
      try {
        await agent.login({ identifier, password });
      } catch (error) {
        const classified = classify(error, "inloggen");
        throw classified.kind === "auth_revoked" ? new ChannelError("rejected", "Bluesky: handle of app-wachtwoord klopt niet.", { status: 401 }) : classified;
      }
      const session = agent.session;
      if (!session) {
        throw new ChannelError("rejected", "Bluesky: geen sessie ontvangen");
      }
      return {
        externalAccountId: session.did,
        handle: `@${session.handle}`,
        name: `Bluesky – @${session.handle}`,
        settings: { serviceUrl: service, ...(agent.pdsUrl ? { pdsUrl: agent.pdsUrl.toString() } : {}) },
        credentials: sessionCredentials(session, password),
      };
    },
  },
  async refresh(runtime) {
    const service = serviceOf(runtime.channel.settings, runtime.app);
    const http = fetchThrough(runtime.http);
    // First the refresh token; when that is gone too, a fresh session with the app password.
    const response = await http(`${service}/xrpc/com.atproto.server.refreshSession`, {
      method: "POST",
      headers: { authorization: `Bearer ${runtime.credentials.refreshToken ?? ""}` },
    });
    if (response.ok) {
      const session = (await response.json()) as AtpSessionData;
      return sessionCredentials(session, runtime.credentials.secret);
    }
    const agent = new AtpAgent({ service, fetch: http });
    try {
      await agent.login({ identifier: runtime.channel.externalAccountId, password: runtime.credentials.secret ?? "" });
    } catch (error) {
      const classified = classify(error, "opnieuw inloggen");
      throw classified.kind === "rejected" || classified.kind === "auth_expired" ? new ChannelError("auth_revoked", classified.message) : classified;
    }
    if (!agent.session) {
      throw new ChannelError("auth_revoked", "Bluesky: geen sessie na opnieuw inloggen");
    }
    return sessionCredentials(agent.session, runtime.credentials.secret);
  },
  async revoke(runtime) {
    const agent = agentFor(runtime);
    await call("uitloggen", () => agent.logout());
  },
  async fetchInbound(runtime, cursor) {
    const agent = agentFor(runtime);
    const items: NormalizedMessage[] = [];
    let newest = cursor;
    let page: string | undefined;
    for (let n = 0; n < MAX_PAGES; n++) {
      const { data } = await call("meldingen ophalen", () => agent.app.bsky.notification.listNotifications({ limit: 50, ...(page ? { cursor: page } : {}) }));
      let reachedOld = false;
      for (const notification of data.notifications) {
        if (cursor && notification.indexedAt <= cursor) {
          reachedOld = true;
          continue;
        }
        if (!newest || notification.indexedAt > newest) {
          newest = notification.indexedAt;
        }
        if (!REASONS.has(notification.reason)) {
          continue;
        }
        const record = notification.record as PostRecord;
        items.push({
          network: "bluesky",
          externalId: notification.uri,
          threadExternalId: record.reply?.root.uri ?? notification.uri,
          parentExternalId: record.reply?.parent.uri,
          kind: notification.reason === "reply" ? "reply" : "mention",
          author: { handle: `@${notification.author.handle}`, displayName: notification.author.displayName ?? notification.author.handle, externalId: notification.author.did },
          text: record.text ?? "",
          media: [],
          sentAt: new Date(record.createdAt ?? notification.indexedAt),
          permalink: permalinkOf(notification.author.handle, notification.uri),
          visibility: "public",
          fromSelf: notification.author.did === runtime.channel.externalAccountId,
          extra: { cid: notification.cid, ...(record.reply ? { rootUri: record.reply.root.uri, rootCid: record.reply.root.cid } : {}) },
        });
      }
      if (reachedOld || !data.cursor || data.notifications.length === 0) {
        break;
      }
      page = data.cursor;
    }
    items.sort((a, b) => a.sentAt.getTime() - b.sentAt.getTime());
    return { items, cursor: newest };
  },
  async publish(runtime, post) {
    const agent = agentFor(runtime);
    const text = post.link && !post.text.includes(post.link) ? `${post.text}\n\n${post.link}` : post.text;
    const rt = new RichText({ text });
    await call("links herkennen", () => rt.detectFacets(agent));
    const images: { image: BlobRef; alt: string }[] = [];
    for (const media of post.media.slice(0, 4)) {
      const { data } = await call("afbeelding uploaden", () => agent.uploadBlob(media.data, { encoding: media.mimeType }));
      images.push({ image: data.blob, alt: media.alt ?? "" });
    }
    const created = await call("bericht plaatsen", () =>
      agent.post({
        text: rt.text,
        facets: rt.facets,
        createdAt: runtime.now().toISOString(),
        ...(images.length > 0 ? { embed: { $type: "app.bsky.embed.images", images } } : {}),
      }),
    );
    return { externalId: created.uri, permalink: permalinkOf(runtime.channel.handle?.replace(/^@/, "") ?? runtime.channel.externalAccountId, created.uri) };
  },
  async reply(runtime, reply) {
    const agent = agentFor(runtime);
    const extra = reply.inReplyTo.extra ?? {};
    let parent = typeof extra.cid === "string" ? { uri: reply.inReplyTo.externalId, cid: extra.cid } : undefined;
    let root = typeof extra.rootCid === "string" && typeof extra.rootUri === "string" ? { uri: extra.rootUri, cid: extra.rootCid } : undefined;
    if (!parent || (!root && reply.inReplyTo.threadExternalId !== reply.inReplyTo.externalId)) {
      const { data } = await call("gesprek lezen", () => agent.getPostThread({ uri: reply.inReplyTo.externalId, depth: 0, parentHeight: 0 }));
      const thread = data.thread as { post?: { uri: string; cid: string; record: PostRecord } };
      if (!thread.post) {
        throw new ChannelError("rejected", "Bluesky: het bericht waarop je reageert bestaat niet meer");
      }
      parent = { uri: thread.post.uri, cid: thread.post.cid };
      root = thread.post.record.reply?.root ?? parent;
    }
    root ??= parent;
    const rt = new RichText({ text: reply.text });
    await call("links herkennen", () => rt.detectFacets(agent));
    const created = await call("reactie plaatsen", () =>
      agent.post({ text: rt.text, facets: rt.facets, createdAt: runtime.now().toISOString(), reply: { root, parent } }),
    );
    return { externalId: created.uri, permalink: permalinkOf(runtime.channel.handle?.replace(/^@/, "") ?? runtime.channel.externalAccountId, created.uri) };
  },
  async delete(runtime, externalId) {
    const agent = agentFor(runtime);
    await call("bericht verwijderen", () => agent.deletePost(externalId));
  },
};
