/**
 * The request's authentication context and the two checks every route uses.
 *
 * The session hook (src/server/plugins/session.ts) sets `request.auth` from the session cookie;
 * route plugins call `requireAuth(request)` / `requireRole(request, ...)` and pass the result's
 * `orgId` to domain functions, which scope every query by it.
 */
import type { Role } from "../store/schema.ts";
import { AppError } from "../lib/errors.ts";
import type { AppContext } from "../lib/context.ts";

export interface AuthContext {
  sessionId: string;
  userId: string;
  email: string;
  displayName: string;
  /** The organisation the session works in. */
  orgId: string;
  role: Role;
  csrfToken: string;
}

declare module "fastify" {
  interface FastifyRequest {
    /** Null when the request carries no valid, fully signed-in session. */
    auth: AuthContext | null;
  }
  interface FastifyInstance {
    /** Shared application context (database, config, secrets, clock). */
    ctx: AppContext;
  }
}

export function requireAuth(request: { auth: AuthContext | null }): AuthContext {
  if (!request.auth) {
    throw new AppError("unauthenticated", "Sign in first");
  }
  return request.auth;
}

export function requireRole(request: { auth: AuthContext | null }, ...roles: Role[]): AuthContext {
  const auth = requireAuth(request);
  if (!roles.includes(auth.role)) {
    throw new AppError("forbidden", `This needs one of the roles: ${roles.join(", ")}`);
  }
  return auth;
}

/** The user as an audit/authorisation actor. */
export function actorOf(auth: AuthContext, ip?: string) {
  return { kind: "user" as const, userId: auth.userId, label: auth.displayName, ip };
}
