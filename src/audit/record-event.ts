/**
 * Writes one audit event. Domain functions call this inside their own transaction, so the event
 * exists exactly when the change does. The table is append-only (a database trigger rejects
 * UPDATE and DELETE), so the log cannot be rewritten afterwards, not even by an admin.
 */
import type { Actor } from "../lib/context.ts";
import type { DbOrTx } from "../store/db.ts";
import { auditEvents } from "../store/schema.ts";

export interface RecordEventOptions {
  /** Null for events outside an organisation (e.g. a failed sign-in). */
  orgId: string | null;
  actor: Actor;
  /** Dotted verb: "user.login", "organisation.update", "member.add", ... */
  action: string;
  targetType?: string;
  targetId?: string;
  /** Context for a human reader. Never secrets, never patient data. */
  data?: Record<string, unknown>;
}

export async function recordEvent(db: DbOrTx, options: RecordEventOptions): Promise<void> {
  const { actor } = options;
  await db.insert(auditEvents).values({
    orgId: options.orgId,
    actorUserId: actor.kind === "user" ? actor.userId : null,
    actorLabel: actor.label,
    action: options.action,
    targetType: options.targetType ?? null,
    targetId: options.targetId ?? null,
    data: options.data ?? {},
    ip: actor.kind === "user" ? (actor.ip ?? null) : null,
  });
}
