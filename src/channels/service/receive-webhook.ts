/**
 * Receives a webhook delivery: the subscription handshake (challenge), signature check over the
 * raw body, storage in webhook_events (a repeated delivery id is dropped once it was processed;
 * a retry of a delivery whose ingest failed is processed again), then ingest for every channel
 * connected to the account the delivery is for.
 */
import { and, eq } from "drizzle-orm";
import type { AppContext } from "../../lib/context.ts";
import { AppError } from "../../lib/errors.ts";
import { ingestMessages } from "../../inbox/ingest-messages.ts";
import { channels, organizations, webhookEvents } from "../../store/schema.ts";
import type { WebhookRequest } from "../contract.ts";
import { getAdapter, requireConfigured } from "../registry.ts";

export interface ReceiveWebhookOptions {
  network: string;
  request: WebhookRequest;
  method: "GET" | "POST";
  env?: NodeJS.ProcessEnv | undefined;
}

export type ReceiveWebhookResult =
  | { kind: "challenge"; body: string }
  | { kind: "received"; inserted: number; duplicates: number; duplicateDelivery: boolean };

export async function receiveWebhook(ctx: AppContext, options: ReceiveWebhookOptions): Promise<ReceiveWebhookResult> {
  const adapter = getAdapter(options.network);
  const webhooks = adapter.webhooks;
  if (!webhooks) {
    throw new AppError("not_found", `${adapter.displayName} stuurt geen webhooks.`);
  }
  const app = requireConfigured(adapter, options.env);
  if (options.method === "GET") {
    const body = webhooks.challenge?.(options.request, app) ?? null;
    if (body === null) {
      throw new AppError("forbidden", "Ongeldige webhook-verificatie.");
    }
    return { kind: "challenge", body };
  }
  if (!webhooks.verify(options.request, app)) {
    throw new AppError("forbidden", "Ongeldige handtekening.");
  }
  let payload: unknown;
  let groups;
  try {
    payload = JSON.parse(options.request.rawBody.toString("utf8"));
    groups = webhooks.parse(options.request);
  } catch {
    throw new AppError("validation", "De webhook-inhoud kon niet gelezen worden.");
  }
  let inserted = 0;
  let duplicates = 0;
  let duplicateDelivery = false;
  for (const group of groups) {
    const targets = await ctx.db
      .select({ id: channels.id, orgId: channels.orgId, orgName: organizations.name, profile: organizations.profile })
      .from(channels)
      .innerJoin(organizations, eq(organizations.id, channels.orgId))
      .where(and(eq(channels.network, adapter.network), eq(channels.externalAccountId, group.externalAccountId), eq(channels.status, "active")));
    const deliveryId = group.deliveryId ? `${group.deliveryId}:${group.externalAccountId}` : null;
    let [event] = await ctx.db
      .insert(webhookEvents)
      .values({ network: adapter.network, channelId: targets[0]?.id ?? null, deliveryId, signatureValid: true, payload })
      .onConflictDoNothing()
      .returning({ id: webhookEvents.id });
    if (!event && deliveryId) {
      // Seen before. Only a delivery whose ingest finished counts as a duplicate: when the first
      // attempt failed half-way, the network's retry must be processed (ingest is idempotent).
      const [seen] = await ctx.db
        .select({ id: webhookEvents.id, processedAt: webhookEvents.processedAt })
        .from(webhookEvents)
        .where(and(eq(webhookEvents.network, adapter.network), eq(webhookEvents.deliveryId, deliveryId)));
      event = seen && seen.processedAt === null ? { id: seen.id } : undefined;
    }
    if (!event) {
      duplicateDelivery = true;
      continue;
    }
    for (const target of targets) {
      const result = await ingestMessages(ctx.db, {
        orgId: target.orgId,
        channelId: target.id,
        items: group.items,
        org: { name: target.orgName, profile: target.profile },
      });
      inserted += result.inserted;
      duplicates += result.duplicates;
    }
    await ctx.db.update(webhookEvents).set({ processedAt: ctx.now() }).where(eq(webhookEvents.id, event.id));
  }
  return { kind: "received", inserted, duplicates, duplicateDelivery };
}
