/**
 * Session and CSRF hooks.
 *
 * `request.auth` comes from the `spreekuur_session` cookie. State-changing requests that carry a
 * session must send the session's CSRF token in `X-CSRF-Token` (a cross-site form cannot read
 * it). Requests without a session (login, setup) must be JSON and, when the browser sends an
 * Origin, come from our own origin — this blocks login CSRF. Network webhooks are exempt: they
 * carry no session and are authenticated by signature inside the channels plugin.
 */
import { timingSafeEqual } from "node:crypto";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { findSession } from "../../accounts/sessions.ts";
import { sendProblem } from "./problem.ts";

export const SESSION_COOKIE = "spreekuur_session";
const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

export function registerSessionHooks(app: FastifyInstance): void {
  app.decorateRequest("auth", null);
  app.addHook("onRequest", async (request) => {
    const token = request.cookies[SESSION_COOKIE];
    request.auth = token ? await findSession(app.ctx, token) : null;
  });
  app.addHook("onRequest", async (request, reply) => {
    if (SAFE_METHODS.has(request.method) || request.url.startsWith("/api/webhooks/")) {
      return;
    }
    if (request.auth) {
      const sent = request.headers["x-csrf-token"];
      if (typeof sent !== "string" || !sameString(sent, request.auth.csrfToken)) {
        return rejectCsrf(reply, "Het CSRF-token ontbreekt of klopt niet. Laad de pagina opnieuw.");
      }
      return;
    }
    const origin = request.headers.origin;
    if (origin !== undefined && !allowedOrigins(app, request).includes(origin)) {
      return rejectCsrf(reply, "Dit verzoek komt van een andere website en is geweigerd.");
    }
  });
}

function rejectCsrf(reply: FastifyReply, message: string): FastifyReply {
  return sendProblem(reply, "csrf", message);
}

function allowedOrigins(app: FastifyInstance, request: FastifyRequest): string[] {
  const origins = [new URL(app.ctx.config.publicUrl).origin];
  if (request.host) {
    origins.push(`${request.protocol}://${request.host}`);
  }
  return origins;
}

function sameString(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

export function setSessionCookie(
  app: FastifyInstance,
  reply: FastifyReply,
  token: string,
  expiresAt: Date,
): void {
  reply.setCookie(SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: "lax",
    path: "/",
    secure: app.ctx.config.publicUrl.startsWith("https:"),
    expires: expiresAt,
  });
}

export function clearSessionCookie(app: FastifyInstance, reply: FastifyReply): void {
  reply.clearCookie(SESSION_COOKIE, {
    httpOnly: true,
    sameSite: "lax",
    path: "/",
    secure: app.ctx.config.publicUrl.startsWith("https:"),
  });
}
