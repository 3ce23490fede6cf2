/**
 * Server-side sessions. The cookie carries a random 32-byte token; the database stores only its
 * SHA-256, so a leaked database yields no usable cookie. Sessions slide: every use within the TTL
 * extends them, and they end on logout, logout-everywhere, or expiry.
 */
import { createHash, randomBytes } from "node:crypto";
import { and, asc, eq, gt } from "drizzle-orm";
import { recordEvent } from "../audit/record-event.ts";
import type { Actor, AppContext } from "../lib/context.ts";
import { AppError, notFound } from "../lib/errors.ts";
import type { DbOrTx } from "../store/db.ts";
import { memberships, type Role, sessions, users } from "../store/schema.ts";

export interface SessionInfo {
  sessionId: string;
  userId: string;
  email: string;
  displayName: string;
  orgId: string;
  role: Role;
  csrfToken: string;
}

export function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

export interface CreateSessionOptions {
  userId: string;
  /** Organisation to work in; defaults to the user's oldest membership. */
  orgId?: string | undefined;
  ip?: string | undefined;
  userAgent?: string | undefined;
}

/** Creates a session and returns the cookie token (shown once) and the session's CSRF token. */
export async function createSession(
  ctx: AppContext,
  db: DbOrTx,
  options: CreateSessionOptions,
): Promise<{ token: string; csrfToken: string; orgId: string; expiresAt: Date }> {
  const orgId = options.orgId ?? (await firstMembership(db, options.userId));
  const token = randomBytes(32).toString("base64url");
  const csrfToken = randomBytes(24).toString("base64url");
  const now = ctx.now();
  const expiresAt = new Date(now.getTime() + ctx.config.sessionTtlHours * 3_600_000);
  await db.insert(sessions).values({
    id: hashToken(token),
    userId: options.userId,
    orgId,
    csrfToken,
    ip: options.ip ?? null,
    userAgent: options.userAgent?.slice(0, 300) ?? null,
    createdAt: now,
    lastSeenAt: now,
    expiresAt,
  });
  return { token, csrfToken, orgId, expiresAt };
}

async function firstMembership(db: DbOrTx, userId: string): Promise<string> {
  const [membership] = await db
    .select({ orgId: memberships.orgId })
    .from(memberships)
    .where(eq(memberships.userId, userId))
    .orderBy(asc(memberships.createdAt))
    .limit(1);
  if (!membership) {
    throw new AppError("forbidden", "Dit account hoort (nog) bij geen enkele organisatie.");
  }
  return membership.orgId;
}

/** Resolves a cookie token to a live session (with the user's current role), sliding its expiry. */
export async function findSession(ctx: AppContext, token: string): Promise<SessionInfo | null> {
  if (!token || token.length > 200) {
    return null;
  }
  const now = ctx.now();
  const id = hashToken(token);
  const [row] = await ctx.db
    .select({
      sessionId: sessions.id,
      userId: sessions.userId,
      orgId: sessions.orgId,
      csrfToken: sessions.csrfToken,
      mfaPassed: sessions.mfaPassed,
      lastSeenAt: sessions.lastSeenAt,
      email: users.email,
      displayName: users.displayName,
      role: memberships.role,
    })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    // The membership must still exist: removing someone from an organisation ends their access at once.
    .innerJoin(memberships, and(eq(memberships.userId, sessions.userId), eq(memberships.orgId, sessions.orgId)))
    .where(and(eq(sessions.id, id), gt(sessions.expiresAt, now)));
  if (!row?.orgId || !row.mfaPassed) {
    return null;
  }
  // Slide the expiry at most once a minute to keep reads cheap.
  if (now.getTime() - row.lastSeenAt.getTime() > 60_000) {
    await ctx.db
      .update(sessions)
      .set({ lastSeenAt: now, expiresAt: new Date(now.getTime() + ctx.config.sessionTtlHours * 3_600_000) })
      .where(eq(sessions.id, id));
  }
  return {
    sessionId: row.sessionId,
    userId: row.userId,
    email: row.email,
    displayName: row.displayName,
    orgId: row.orgId,
    role: row.role,
    csrfToken: row.csrfToken,
  };
}

export interface EndSessionOptions {
  sessionId: string;
  orgId: string;
  actor: Actor;
}

export async function endSession(db: DbOrTx, options: EndSessionOptions): Promise<void> {
  await db.delete(sessions).where(eq(sessions.id, options.sessionId));
  await recordEvent(db, { orgId: options.orgId, actor: options.actor, action: "user.logout" });
}

export interface EndAllSessionsOptions {
  userId: string;
  orgId: string;
  actor: Actor;
}

/** Logout everywhere: every session of this user, in every organisation and on every device. */
export async function endAllSessions(db: DbOrTx, options: EndAllSessionsOptions): Promise<number> {
  const ended = await db.delete(sessions).where(eq(sessions.userId, options.userId)).returning({ id: sessions.id });
  await recordEvent(db, {
    orgId: options.orgId,
    actor: options.actor,
    action: "user.logout_all",
    data: { sessions: ended.length },
  });
  return ended.length;
}

export interface SwitchOrganisationOptions {
  sessionId: string;
  userId: string;
  orgId: string;
}

/** Moves the session to another organisation the user is a member of. */
export async function switchOrganisation(db: DbOrTx, options: SwitchOrganisationOptions): Promise<void> {
  const [membership] = await db
    .select({ role: memberships.role })
    .from(memberships)
    .where(and(eq(memberships.userId, options.userId), eq(memberships.orgId, options.orgId)));
  if (!membership) {
    throw notFound("Organisation");
  }
  await db.update(sessions).set({ orgId: options.orgId }).where(eq(sessions.id, options.sessionId));
}
