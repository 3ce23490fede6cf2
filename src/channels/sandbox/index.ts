/**
 * The sandbox network for demos and training: no network at all. After connecting, each poll
 * releases the scripted messages whose offset since the connect time has passed; publishing,
 * replying and private messages "succeed" locally with generated ids (the outbound item records
 * them). It also accepts signed webhook deliveries (HMAC-SHA256 with SANDBOX_WEBHOOK_SECRET), so
 * trainers can push their own practice messages and the webhook path can be exercised end to end.
 */
import { createHmac, randomUUID, timingSafeEqual } from "node:crypto";
import { ChannelError, type ChannelAdapter, type NormalizedMessage, type WebhookRequest } from "../contract.ts";
import { countGraphemes } from "../text.ts";
import { SANDBOX_POSTS, SANDBOX_SCRIPT } from "./messages.ts";

export const SANDBOX_ACCOUNT_ID = "sandbox";

function header(request: WebhookRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** Signature of a sandbox webhook body: `sha256=<hex hmac>` (same scheme as Meta's X-Hub-Signature-256). */
export function signSandboxWebhook(body: Buffer | string, secret: string): string {
  return `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`;
}

const localId = (prefix: string) => `${prefix}-${randomUUID()}`;

export const sandboxAdapter: ChannelAdapter = {
  network: "sandbox",
  displayName: "Sandbox – oefenomgeving",
  requiredEnv: [],
  capabilities: { inbound: true, publish: true, reply: true, privateMessage: true, delete: true, webhooks: true },
  limits: { maxLength: 2000, maxImages: 4, countLength: countGraphemes },
  connect: {
    type: "credentials",
    fields: [],
    connect() {
      return Promise.resolve({
        externalAccountId: SANDBOX_ACCOUNT_ID,
        handle: "@praktijk",
        name: "Sandbox – oefenomgeving",
        settings: { connectedAt: new Date().toISOString(), sandbox: true },
        credentials: {},
      });
    },
  },
  fetchInbound(runtime, cursor) {
    const connectedAt = Date.parse(String(runtime.channel.settings.connectedAt ?? ""));
    if (Number.isNaN(connectedAt)) {
      return Promise.reject(new ChannelError("rejected", "Sandbox: verbindingstijd ontbreekt"));
    }
    const elapsed = (runtime.now().getTime() - connectedAt) / 1000;
    const from = cursor ? Number(cursor) : 0;
    const released = SANDBOX_SCRIPT.slice(from).filter((item) => item.after <= elapsed);
    const items: NormalizedMessage[] = released.map((item) => ({
      network: "sandbox",
      externalId: item.id,
      threadExternalId: item.thread,
      parentExternalId: item.parent ?? (item.thread !== item.id && item.thread in SANDBOX_POSTS ? item.thread : undefined),
      kind: item.kind,
      author: { handle: item.handle, displayName: item.name, externalId: item.handle },
      text: item.text,
      media: [],
      sentAt: new Date(connectedAt + item.after * 1000),
      permalink: undefined,
      visibility: item.kind === "direct_message" ? "private" : "public",
      extra: item.thread in SANDBOX_POSTS ? { post: SANDBOX_POSTS[item.thread] } : undefined,
    }));
    return Promise.resolve({ items, cursor: String(from + released.length) });
  },
  webhooks: {
    verify(request, app) {
      const secret = app.SANDBOX_WEBHOOK_SECRET;
      const given = header(request, "x-sandbox-signature");
      if (!secret || !given) {
        return false;
      }
      const expected = Buffer.from(signSandboxWebhook(request.rawBody, secret));
      const actual = Buffer.from(given);
      return expected.length === actual.length && timingSafeEqual(expected, actual);
    },
    parse(request) {
      const body = JSON.parse(request.rawBody.toString("utf8")) as {
        account?: string;
        messages?: { id: string; text: string; handle?: string; name?: string; thread?: string; private?: boolean; sentAt?: string }[];
      };
      const deliveryId = header(request, "x-sandbox-delivery");
      return [
        {
          externalAccountId: body.account ?? SANDBOX_ACCOUNT_ID,
          deliveryId,
          items: (body.messages ?? []).map((m) => ({
            network: "sandbox" as const,
            externalId: m.id,
            threadExternalId: m.thread ?? m.id,
            kind: m.private ? ("direct_message" as const) : ("mention" as const),
            author: { handle: m.handle, displayName: m.name, externalId: m.handle },
            text: m.text,
            media: [],
            sentAt: m.sentAt ? new Date(m.sentAt) : new Date(),
            visibility: m.private ? ("private" as const) : ("public" as const),
          })),
        },
      ];
    },
  },
  publish() {
    const id = localId("sandbox-post");
    return Promise.resolve({ externalId: id, permalink: `sandbox:/${id}` });
  },
  reply() {
    const id = localId("sandbox-reply");
    return Promise.resolve({ externalId: id, permalink: `sandbox:/${id}` });
  },
  sendPrivateMessage() {
    return Promise.resolve({ externalId: localId("sandbox-dm") });
  },
  delete() {
    return Promise.resolve();
  },
};
