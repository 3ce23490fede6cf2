/** Channel and message presenters: whitelisted fields only; credentials are never part of a channel response. */
import type { channels, messages } from "../../../store/schema.ts";

export function presentChannel(row: typeof channels.$inferSelect) {
  const s = row.settings;
  const pick = (key: string) => (typeof s[key] === "string" ? { [key]: s[key] } : {});
  return {
    id: row.id,
    network: row.network,
    name: row.name,
    handle: row.handle,
    status: row.status,
    sandbox: row.network === "sandbox",
    settings: { ...pick("instanceUrl"), ...pick("feedUrl"), ...pick("serviceUrl") },
    lastPolledAt: row.lastPolledAt?.toISOString() ?? null,
    lastError: row.lastError,
    createdAt: row.createdAt.toISOString(),
  };
}

export function presentMessage(row: typeof messages.$inferSelect) {
  const t = row.triage;
  return {
    id: row.id,
    threadId: row.threadId,
    direction: row.direction,
    kind: typeof row.extra.kind === "string" ? row.extra.kind : null,
    externalId: row.externalId,
    authorHandle: row.authorHandle,
    authorName: row.authorName,
    text: row.text,
    visibility: row.visibility,
    permalink: row.permalink,
    sentAt: row.sentAt.toISOString(),
    triage: t ? { language: t.language, intent: t.intent, sentiment: t.sentiment, topics: t.topics, urgency: t.urgency, reasons: t.reasons } : null,
  };
}
