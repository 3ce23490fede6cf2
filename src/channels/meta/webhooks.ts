/**
 * Meta webhooks, shared by the Page and Instagram subscriptions: the GET handshake
 * (hub.mode=subscribe + hub.verify_token → echo hub.challenge), the X-Hub-Signature-256 check
 * (HMAC-SHA256 of the raw body with the app secret, compared in constant time), and a delivery id.
 * Meta sends no delivery id; a retry repeats the same body, so the SHA-256 of the body serves.
 */
import { createHash, createHmac, timingSafeEqual } from "node:crypto";
import type { NormalizedMessage, WebhookRequest } from "../contract.ts";
import { graphTime, metaAppKeys } from "./graph.ts";

function header(request: WebhookRequest, name: string): string | undefined {
  const value = request.headers[name] ?? request.headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}

export function metaChallenge(request: WebhookRequest, app: Record<string, string>): string | null {
  const expected = metaAppKeys(app).verifyToken;
  const { "hub.mode": mode, "hub.verify_token": token, "hub.challenge": challenge } = request.query;
  if (!expected || mode !== "subscribe" || !token || !challenge) {
    return null;
  }
  const a = Buffer.from(token);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b) ? challenge : null;
}

export function signMetaBody(rawBody: Buffer | string, appSecret: string): string {
  return `sha256=${createHmac("sha256", appSecret).update(rawBody).digest("hex")}`;
}

export function verifyMetaSignature(request: WebhookRequest, app: Record<string, string>): boolean {
  const secret = metaAppKeys(app).appSecret;
  const given = header(request, "x-hub-signature-256");
  if (!secret || !given || !/^sha256=[0-9a-f]{64}$/i.test(given)) {
    return false;
  }
  const a = Buffer.from(given.toLowerCase());
  const b = Buffer.from(signMetaBody(request.rawBody, secret));
  return a.length === b.length && timingSafeEqual(a, b);
}

export function deliveryIdOf(request: WebhookRequest): string {
  return createHash("sha256").update(request.rawBody).digest("hex").slice(0, 40);
}

export interface MetaWebhookEntry {
  id?: string;
  time?: number;
  changes?: { field?: string; value?: Record<string, unknown> }[];
  messaging?: MessagingEvent[];
}

export interface MessagingEvent {
  sender?: { id?: string };
  recipient?: { id?: string };
  timestamp?: number;
  message?: { mid?: string; text?: string; is_echo?: boolean; attachments?: { type?: string; payload?: { url?: string } }[] };
}

export function parseMetaBody(request: WebhookRequest, object: string): MetaWebhookEntry[] {
  const body = JSON.parse(request.rawBody.toString("utf8")) as { object?: string; entry?: MetaWebhookEntry[] };
  if (body.object !== object || !Array.isArray(body.entry)) {
    return [];
  }
  return body.entry.filter((e) => typeof e.id === "string");
}

/** A Messenger / Instagram Direct message event as a private message; echoes of our own sends are marked fromSelf. */
export function messagingItem(
  network: "facebook" | "instagram",
  accountId: string,
  event: MessagingEvent,
  threadPrefix: string,
  now: Date,
): NormalizedMessage | null {
  const message = event.message;
  if (!message?.mid || (!message.text && !message.attachments?.length)) {
    return null;
  }
  const fromSelf = message.is_echo === true || event.sender?.id === accountId;
  const other = fromSelf ? event.recipient?.id : event.sender?.id;
  if (!other) {
    return null;
  }
  return {
    network,
    externalId: message.mid,
    threadExternalId: `${threadPrefix}:${other}`,
    kind: "direct_message",
    author: { externalId: event.sender?.id },
    text: message.text ?? "",
    media: (message.attachments ?? [])
      .filter((a) => typeof a.payload?.url === "string")
      .map((a) => ({ kind: a.type === "image" ? ("image" as const) : a.type === "video" ? ("video" as const) : ("other" as const), url: a.payload?.url ?? "" })),
    sentAt: graphTime(event.timestamp, now),
    visibility: "private",
    fromSelf,
  };
}

export type MetaChange = NonNullable<MetaWebhookEntry["changes"]>[number];

/**
 * Splits a Page or Instagram delivery into items per account (the entry id): each `changes[]`
 * element goes to `changeItem` (the network-specific part), each `messaging[]` event becomes a
 * private message. The delivery id is the hash of the body (Meta sends none).
 */
export function parseMetaDelivery(
  request: WebhookRequest,
  subscription: { object: "page" | "instagram"; network: "facebook" | "instagram"; threadPrefix: string },
  changeItem: (change: MetaChange, entry: MetaWebhookEntry & { id: string }, now: Date) => NormalizedMessage | null,
): { externalAccountId: string; deliveryId: string; items: NormalizedMessage[] }[] {
  const now = new Date();
  const deliveryId = deliveryIdOf(request);
  const groups = new Map<string, NormalizedMessage[]>();
  for (const entry of parseMetaBody(request, subscription.object)) {
    const accountId = entry.id ?? "";
    const items = groups.get(accountId) ?? [];
    groups.set(accountId, items);
    for (const change of entry.changes ?? []) {
      const item = changeItem(change, { ...entry, id: accountId }, now);
      if (item) {
        items.push(item);
      }
    }
    for (const event of entry.messaging ?? []) {
      const item = messagingItem(subscription.network, accountId, event, subscription.threadPrefix, now);
      if (item) {
        items.push(item);
      }
    }
  }
  return [...groups.entries()].map(([externalAccountId, items]) => ({ externalAccountId, deliveryId, items }));
}
