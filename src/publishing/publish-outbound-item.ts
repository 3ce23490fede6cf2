/**
 * The ONLY code path that calls an adapter's publish / reply / sendPrivateMessage (a test scans the
 * source tree for it). It re-runs the guard on the item's current text: a `block` without a valid
 * override (reviewer/admin, written reason, audited `guard.override`) throws `guard_blocked` and
 * nothing is sent. Then it checks the network's limits, calls the adapter through
 * withChannelRuntime, and stores the external id/permalink or the failure.
 */
import { and, eq } from "drizzle-orm";
import { ChannelError, type ChannelAdapter, type ChannelRuntime } from "../channels/contract.ts";
import { recordEvent } from "../audit/record-event.ts";
import { withChannelRuntime } from "../channels/service/with-channel-runtime.ts";
import { evaluateOverride, type GuardResult } from "../guard/index.ts";
import type { Actor, AppContext } from "../lib/context.ts";
import { AppError, isAppError } from "../lib/errors.ts";
import { messages, outboundItems, type Role, threads } from "../store/schema.ts";
import { findMessage, guardProfileOf, hashText, type OutboundItem, runGuard } from "./create-outbound-item.ts";

export interface PublishOutboundItemOptions {
  orgId: string;
  itemId: string;
  actor: Actor;
  role: Role;
  overrideReason?: string | undefined;
  env?: NodeJS.ProcessEnv | undefined;
}

export function lengthOf(adapter: ChannelAdapter, text: string): number {
  return adapter.limits.countLength ? adapter.limits.countLength(text) : [...text].length;
}

export async function publishOutboundItem(
  ctx: AppContext,
  options: PublishOutboundItemOptions,
): Promise<{ item: OutboundItem; guard: GuardResult }> {
  if (options.role === "trainee") {
    throw new AppError("forbidden", "Een stagiair(e) kan niet publiceren; vraag een collega om het bericht te plaatsen.");
  }
  const [item] = await ctx.db.select().from(outboundItems).where(and(eq(outboundItems.id, options.itemId), eq(outboundItems.orgId, options.orgId)));
  if (!item?.channelId) {
    throw new AppError("not_found", "Bericht niet gevonden");
  }
  if (item.status === "published" || item.status === "publishing") {
    throw new AppError("conflict", "Dit bericht is al geplaatst.");
  }
  const inReplyTo = item.inReplyToMessageId ? await findMessage(ctx.db, options.orgId, item.inReplyToMessageId) : undefined;
  const [thread] = inReplyTo ? await ctx.db.select({ externalThreadId: threads.externalThreadId }).from(threads).where(eq(threads.id, inReplyTo.threadId)) : [];
  const threadExternalId = thread?.externalThreadId;
  // Always the guard on the text as it is now, never a stored verdict.
  const guard = runGuard(item.text, await guardProfileOf(ctx.db, options.orgId), inReplyTo?.text);
  const textHash = hashText(item.text);
  let override: { userId: string | null; reason: string } | undefined;
  if (guard.verdict === "block") {
    const decision = evaluateOverride({ verdict: guard.verdict, role: options.role, reason: options.overrideReason });
    await ctx.db.update(outboundItems).set({ guardVerdict: guard.verdict, guardFindings: guard.findings, guardTextHash: textHash, updatedAt: ctx.now() }).where(eq(outboundItems.id, item.id));
    if (!decision.allowed) {
      throw new AppError("guard_blocked", `De controle blokkeert deze tekst. ${options.overrideReason ? decision.reason : ""}`.trim(), {
        details: guard.findings.map((f) => ({ path: `text[${f.start}:${f.end}]`, message: `${f.category}: "${f.text}" – ${f.message}` })),
      });
    }
    override = { userId: options.actor.kind === "user" ? options.actor.userId : null, reason: (options.overrideReason ?? "").trim() };
    await recordEvent(ctx.db, {
      orgId: options.orgId,
      actor: options.actor,
      action: "guard.override",
      targetType: "outbound_item",
      targetId: item.id,
      data: { reason: override.reason, textHash, categories: [...new Set(guard.findings.map((f) => f.category))] },
    });
  }

  // Claim the item so two clicks never publish twice.
  const claimed = await ctx.db
    .update(outboundItems)
    .set({
      status: "publishing",
      guardVerdict: guard.verdict,
      guardFindings: guard.findings,
      guardTextHash: textHash,
      ...(override ? { overrideByUserId: override.userId, overrideReason: override.reason } : {}),
      updatedAt: ctx.now(),
    })
    .where(and(eq(outboundItems.id, item.id), eq(outboundItems.status, item.status)))
    .returning({ id: outboundItems.id });
  if (claimed.length === 0) {
    throw new AppError("conflict", "Dit bericht wordt al geplaatst.");
  }

  try {
    const result = await withChannelRuntime(ctx, { orgId: options.orgId, channelId: item.channelId, env: options.env }, async (adapter, runtime) => {
      const length = lengthOf(adapter, item.text);
      if (adapter.limits.maxLength > 0 && length > adapter.limits.maxLength) {
        throw new AppError("validation", `De tekst is ${length} tekens; ${adapter.displayName} staat er ${adapter.limits.maxLength} toe.`, {
          details: [{ path: "body.text", message: `maximaal ${adapter.limits.maxLength} tekens` }],
        });
      }
      return send(adapter, runtime, item, inReplyTo, threadExternalId);
    });
    const [published] = await ctx.db
      .update(outboundItems)
      .set({ status: "published", externalId: result.externalId, permalink: result.permalink ?? null, publishedAt: ctx.now(), error: null, updatedAt: ctx.now() })
      .where(eq(outboundItems.id, item.id))
      .returning();
    if (inReplyTo && item.threadId) {
      await ctx.db
        .insert(messages)
        .values({
          orgId: options.orgId,
          channelId: item.channelId,
          threadId: item.threadId,
          direction: "outbound",
          externalId: result.externalId,
          parentExternalId: inReplyTo.externalId,
          text: item.text,
          visibility: item.kind === "private_message" ? "private" : inReplyTo.visibility,
          permalink: result.permalink ?? null,
          sentAt: ctx.now(),
        })
        .onConflictDoNothing({ target: [messages.channelId, messages.externalId] });
    }
    await recordEvent(ctx.db, {
      orgId: options.orgId,
      actor: options.actor,
      action: "outbound.published",
      targetType: "outbound_item",
      targetId: item.id,
      data: { kind: item.kind, channelId: item.channelId, externalId: result.externalId, verdict: guard.verdict, overridden: override !== undefined },
    });
    return { item: published ?? item, guard };
  } catch (error) {
    const message = isAppError(error) || error instanceof ChannelError ? error.message : "Onbekende fout";
    await ctx.db
      .update(outboundItems)
      .set({ status: isAppError(error) && error.code === "validation" ? "draft" : "failed", error: message, updatedAt: ctx.now() })
      .where(eq(outboundItems.id, item.id));
    throw error;
  }
}

async function send(
  adapter: ChannelAdapter,
  runtime: ChannelRuntime,
  item: OutboundItem,
  inReplyTo: Awaited<ReturnType<typeof findMessage>> | undefined,
  threadExternalId: string | undefined,
) {
  const notSupported = () => new ChannelError("not_supported", `${adapter.displayName} ondersteunt dit niet`);
  if (item.kind === "post") {
    if (!adapter.publish) {
      throw notSupported();
    }
    return adapter.publish(runtime, { text: item.text, media: [] });
  }
  if (!inReplyTo) {
    throw new AppError("validation", "Een reactie heeft een bericht nodig om op te reageren.");
  }
  if (item.kind === "reply") {
    if (!adapter.reply) {
      throw notSupported();
    }
    return adapter.reply(runtime, {
      text: item.text,
      inReplyTo: {
        externalId: inReplyTo.externalId,
        threadExternalId: threadExternalId ?? inReplyTo.externalId,
        visibility: inReplyTo.visibility,
        authorExternalId: inReplyTo.authorExternalId ?? undefined,
        authorHandle: inReplyTo.authorHandle ?? undefined,
        extra: inReplyTo.extra,
      },
    });
  }
  if (!adapter.sendPrivateMessage) {
    throw notSupported();
  }
  return adapter.sendPrivateMessage(runtime, {
    text: item.text,
    recipient: { externalId: inReplyTo.authorExternalId ?? undefined, handle: inReplyTo.authorHandle ?? undefined },
    regardingExternalId: inReplyTo.externalId,
  });
}
