/**
 * Stores a post/reply/private message as a draft together with the guard verdict for its exact
 * text (and the SHA-256 of that text). Nothing is sent here; see publish-outbound-item.ts.
 */
import { createHash } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { loadChannel } from "../channels/service/with-channel-runtime.ts";
import { checkText, type GuardOrgProfile, type GuardResult } from "../guard/index.ts";
import type { AppContext } from "../lib/context.ts";
import { AppError } from "../lib/errors.ts";
import type { DbOrTx } from "../store/db.ts";
import { messages, type OutboundKind, organizations, outboundItems } from "../store/schema.ts";

export interface CreateOutboundItemOptions {
  orgId: string;
  userId: string | null;
  kind: OutboundKind;
  channelId: string;
  text: string;
  /** For replies and private follow-ups: the inbound message answered. */
  inReplyToMessageId?: string | undefined;
}

export type OutboundItem = typeof outboundItems.$inferSelect;

export const hashText = (text: string) => createHash("sha256").update(text, "utf8").digest("hex");

export async function guardProfileOf(db: DbOrTx, orgId: string): Promise<GuardOrgProfile> {
  const [org] = await db.select({ name: organizations.name, profile: organizations.profile }).from(organizations).where(eq(organizations.id, orgId));
  if (!org) {
    throw new AppError("not_found", "Organisatie niet gevonden");
  }
  return { name: org.name, ...org.profile };
}

export async function findMessage(db: DbOrTx, orgId: string, messageId: string) {
  if (!/^[0-9a-f-]{36}$/i.test(messageId)) {
    throw new AppError("not_found", "Bericht niet gevonden");
  }
  const [message] = await db.select().from(messages).where(and(eq(messages.id, messageId), eq(messages.orgId, orgId)));
  if (!message) {
    throw new AppError("not_found", "Bericht niet gevonden");
  }
  return message;
}

export function runGuard(text: string, org: GuardOrgProfile, inReplyTo?: string): GuardResult {
  return checkText({ text, org, inReplyTo });
}

export async function createOutboundItem(ctx: AppContext, options: CreateOutboundItemOptions): Promise<{ item: OutboundItem; guard: GuardResult }> {
  const text = options.text.trim();
  if (!text) {
    throw new AppError("validation", "De tekst is leeg.", { details: [{ path: "body.text", message: "Vul een tekst in." }] });
  }
  const channel = await loadChannel(ctx, options.orgId, options.channelId);
  let threadId: string | null = null;
  let inReplyToText: string | undefined;
  if (options.inReplyToMessageId) {
    const message = await findMessage(ctx.db, options.orgId, options.inReplyToMessageId);
    if (message.channelId !== channel.id) {
      throw new AppError("validation", "Het bericht hoort niet bij dit kanaal.");
    }
    threadId = message.threadId;
    inReplyToText = message.text;
  }
  const guard = runGuard(text, await guardProfileOf(ctx.db, options.orgId), inReplyToText);
  const [item] = await ctx.db
    .insert(outboundItems)
    .values({
      orgId: options.orgId,
      kind: options.kind,
      channelId: channel.id,
      threadId,
      inReplyToMessageId: options.inReplyToMessageId ?? null,
      text,
      status: "draft",
      guardVerdict: guard.verdict,
      guardFindings: guard.findings,
      guardTextHash: hashText(text),
      createdByUserId: options.userId,
    })
    .returning();
  if (!item) {
    throw new Error("outbound insert returned no row");
  }
  return { item, guard };
}
