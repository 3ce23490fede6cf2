import { z } from "zod";
import { NETWORKS } from "../../../store/schema.ts";

export const NetworkParams = z.object({ network: z.enum(NETWORKS) });
export const ChannelParams = z.object({ id: z.uuid() });
export const MessageParams = z.object({ id: z.uuid() });

const Capabilities = z.object({
  inbound: z.boolean(),
  publish: z.boolean(),
  reply: z.boolean(),
  privateMessage: z.boolean(),
  delete: z.boolean(),
  webhooks: z.boolean(),
});

export const NetworkResponse = z.object({
  network: z.enum(NETWORKS),
  displayName: z.string(),
  available: z.boolean(),
  configured: z.boolean(),
  missingEnv: z.array(z.string()),
  capabilities: Capabilities.nullable(),
  limits: z.object({ maxLength: z.number(), maxImages: z.number() }).nullable(),
  connect: z
    .union([
      z.object({ type: z.literal("oauth") }),
      z.object({
        type: z.literal("credentials"),
        fields: z.array(z.object({ name: z.string(), label: z.object({ nl: z.string(), en: z.string() }), secret: z.boolean(), placeholder: z.string().optional() })),
      }),
    ])
    .nullable(),
});

export const ChannelResponse = z.object({
  id: z.string(),
  network: z.enum(NETWORKS),
  name: z.string(),
  handle: z.string().nullable(),
  status: z.enum(["active", "reconnect_needed", "disabled"]),
  sandbox: z.boolean(),
  settings: z.object({ instanceUrl: z.string().optional(), feedUrl: z.string().optional(), serviceUrl: z.string().optional() }),
  lastPolledAt: z.string().nullable(),
  lastError: z.string().nullable(),
  createdAt: z.string(),
});

export const ChannelsListResponse = z.object({ networks: z.array(NetworkResponse), channels: z.array(ChannelResponse) });

export const OAuthStartBody = z.strictObject({ instanceUrl: z.string().trim().min(1).max(300).optional() });
export const OAuthCallbackQuery = z.object({
  code: z.string().max(2000).optional(),
  state: z.string().max(200).optional(),
  error: z.string().max(500).optional(),
  error_description: z.string().max(2000).optional(),
});
export const ConnectBody = z.record(z.string().max(100), z.string().max(2000));

export const PollResponse = z.object({ fetched: z.number(), inserted: z.number(), duplicates: z.number() });

export const MessageResponse = z.object({
  id: z.string(),
  threadId: z.string(),
  direction: z.enum(["inbound", "outbound"]),
  kind: z.string().nullable(),
  externalId: z.string(),
  authorHandle: z.string().nullable(),
  authorName: z.string().nullable(),
  text: z.string(),
  visibility: z.enum(["public", "private"]),
  permalink: z.string().nullable(),
  sentAt: z.string(),
  triage: z
    .object({ language: z.string(), intent: z.string(), sentiment: z.string(), topics: z.array(z.string()), urgency: z.string(), reasons: z.array(z.string()) })
    .nullable(),
});

export const PublishBody = z.strictObject({
  text: z.string().trim().min(1, "Vul een tekst in.").max(10_000),
  overrideReason: z.string().trim().max(1000).optional(),
});
export const ReplyBody = PublishBody.extend({ private: z.boolean().optional() });

const Finding = z.object({ start: z.number(), end: z.number(), text: z.string(), category: z.string(), rule: z.string(), severity: z.string(), message: z.string() });

export const PublishResponse = z.object({
  item: z.object({
    id: z.string(),
    kind: z.string(),
    status: z.string(),
    externalId: z.string().nullable(),
    permalink: z.string().nullable(),
    overrideReason: z.string().nullable(),
  }),
  guard: z.object({ verdict: z.enum(["ok", "warn", "block"]), findings: z.array(Finding) }),
});
