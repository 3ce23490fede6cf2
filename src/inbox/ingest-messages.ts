/**
 * Stores normalised inbound items: triage → thread upsert (urgency only ever raised) → message
 * insert that is idempotent on (channel_id, external_id), so a duplicate webhook, a re-poll or
 * two concurrent ingests of the same items never create a second message.
 *
 * Items from our own account (`fromSelf`) skip triage and are stored as outbound messages.
 */
import { and, eq, inArray, sql } from "drizzle-orm";
import type { NormalizedMessage } from "../channels/contract.ts";
import type { DbOrTx } from "../store/db.ts";
import { messages, type OrganisationProfile, type StoredTriage, threads, urgencyRank } from "../store/schema.ts";
import { classify } from "../triage/index.ts";

export interface IngestMessagesOptions {
  orgId: string;
  channelId: string;
  items: NormalizedMessage[];
  /** Organisation name and profile, for triage's emergency guidance. */
  org?: { name: string; profile: OrganisationProfile } | undefined;
}

export interface IngestResult {
  inserted: number;
  duplicates: number;
  /** Ids of newly stored messages. */
  messageIds: string[];
}

function triageOf(item: NormalizedMessage, org: IngestMessagesOptions["org"]): StoredTriage | null {
  if (item.fromSelf || item.text.trim() === "") {
    return null;
  }
  try {
    // Personal data in a direct message is where it belongs: triage only warns about public posts.
    const result = classify(item.text, {
      visibility: item.visibility,
      ...(org ? { org: { name: org.name, phones: org.profile.phones, outOfHoursPhone: org.profile.outOfHoursPhone } } : {}),
    });
    return {
      language: result.language,
      intent: result.intent,
      sentiment: result.sentiment,
      topics: result.topics,
      urgency: result.urgency,
      reasons: result.reasons,
      pii: result.pii.map((p) => ({ start: p.start, end: p.end, text: p.text, category: p.category })),
    };
  } catch {
    // Triage must never lose a message: store it untriaged (the inbox shows it as "normal").
    return null;
  }
}

export async function ingestMessages(db: DbOrTx, options: IngestMessagesOptions): Promise<IngestResult> {
  const result: IngestResult = { inserted: 0, duplicates: 0, messageIds: [] };
  // Known items are skipped up front (no triage, no thread update); ON CONFLICT below still
  // guards against a concurrent ingest of the same items.
  const known = new Set<string>();
  const ids = [...new Set(options.items.map((i) => i.externalId))];
  for (let start = 0; start < ids.length; start += 500) {
    const rows = await db
      .select({ externalId: messages.externalId })
      .from(messages)
      .where(and(eq(messages.channelId, options.channelId), inArray(messages.externalId, ids.slice(start, start + 500))));
    for (const row of rows) {
      known.add(row.externalId);
    }
  }
  for (const item of options.items) {
    if (known.has(item.externalId)) {
      result.duplicates++;
      continue;
    }
    known.add(item.externalId);
    const triage = triageOf(item, options.org);
    const urgency = triage?.urgency ?? "normal";
    const rank = item.fromSelf ? 0 : urgencyRank(urgency);
    const [thread] = await db
      .insert(threads)
      .values({
        orgId: options.orgId,
        channelId: options.channelId,
        externalThreadId: item.threadExternalId,
        visibility: item.visibility,
        urgency: item.fromSelf ? "low" : urgency,
        urgencyRank: rank,
        subject: item.text.slice(0, 120),
        lastMessageAt: item.sentAt,
      })
      .onConflictDoUpdate({
        target: [threads.channelId, threads.externalThreadId],
        set: {
          urgency: sql`CASE WHEN excluded.urgency_rank > ${threads.urgencyRank} THEN excluded.urgency ELSE ${threads.urgency} END`,
          urgencyRank: sql`GREATEST(excluded.urgency_rank, ${threads.urgencyRank})`,
          lastMessageAt: sql`GREATEST(excluded.last_message_at, ${threads.lastMessageAt})`,
          // A new inbound message reopens a closed conversation.
          status: item.fromSelf ? sql`${threads.status}` : sql`CASE WHEN ${threads.status} = 'closed' THEN 'open' ELSE ${threads.status} END`,
          updatedAt: sql`now()`,
        },
      })
      .returning({ id: threads.id });
    if (!thread) {
      throw new Error("thread upsert returned no row");
    }
    const inserted = await db
      .insert(messages)
      .values({
        orgId: options.orgId,
        channelId: options.channelId,
        threadId: thread.id,
        direction: item.fromSelf ? "outbound" : "inbound",
        externalId: item.externalId,
        parentExternalId: item.parentExternalId ?? null,
        authorHandle: item.author.handle ?? null,
        authorName: item.author.displayName ?? null,
        authorExternalId: item.author.externalId ?? null,
        text: item.text,
        media: item.media,
        visibility: item.visibility,
        permalink: item.permalink ?? null,
        sentAt: item.sentAt,
        triage,
        intent: triage?.intent ?? null,
        urgency: triage?.urgency ?? null,
        extra: { kind: item.kind, ...(item.extra ?? {}) },
      })
      .onConflictDoNothing({ target: [messages.channelId, messages.externalId] })
      .returning({ id: messages.id });
    if (inserted[0]) {
      result.inserted++;
      result.messageIds.push(inserted[0].id);
    } else {
      result.duplicates++;
    }
  }
  return result;
}
