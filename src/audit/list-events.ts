/** Reads one organisation's audit log, newest first, with keyset pagination. */
import { and, desc, eq, lt } from "drizzle-orm";
import type { DbOrTx } from "../store/db.ts";
import { auditEvents } from "../store/schema.ts";

export interface ListEventsOptions {
  orgId: string;
  limit: number;
  /** Return events with an id lower than this (the `nextBefore` of the previous page). */
  before?: number | undefined;
}

export type AuditEvent = typeof auditEvents.$inferSelect;

export async function listEvents(
  db: DbOrTx,
  options: ListEventsOptions,
): Promise<{ events: AuditEvent[]; nextBefore: number | null }> {
  const rows = await db
    .select()
    .from(auditEvents)
    .where(
      options.before === undefined
        ? eq(auditEvents.orgId, options.orgId)
        : and(eq(auditEvents.orgId, options.orgId), lt(auditEvents.id, options.before)),
    )
    .orderBy(desc(auditEvents.id))
    .limit(options.limit + 1);
  const events = rows.slice(0, options.limit);
  const last = events.at(-1);
  return { events, nextBefore: rows.length > options.limit && last ? last.id : null };
}
