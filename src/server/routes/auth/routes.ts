import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { authenticate } from "../../../accounts/authenticate.ts";
import { createSession, endAllSessions, endSession } from "../../../accounts/sessions.ts";
import { recordEvent } from "../../../audit/record-event.ts";
import { actorOf, requireAuth } from "../../auth-context.ts";
import { clearSessionCookie, setSessionCookie } from "../../plugins/session.ts";
import { presentMe } from "../../presenters/me.ts";
import { MeSchema } from "../schemas.ts";
import { LoginBody } from "./schema.ts";

export const authRoutes: FastifyPluginAsyncZod = async (app) => {
  app.post(
    "/auth/login",
    {
      schema: { tags: ["auth"], body: LoginBody, response: { 200: MeSchema } },
      // Per-IP limit on top of the per-account limit in authenticate().
      config: { rateLimit: { max: 20, timeWindow: "1 minute" } },
    },
    async (request, reply) => {
      const user = await authenticate(app.ctx, { ...request.body, ip: request.ip });
      const session = await app.ctx.db.transaction(async (tx) => {
        const created = await createSession(app.ctx, tx, {
          userId: user.id,
          ip: request.ip,
          userAgent: request.headers["user-agent"],
        });
        await recordEvent(tx, {
          orgId: created.orgId,
          actor: { kind: "user", userId: user.id, label: user.displayName, ip: request.ip },
          action: "user.login",
        });
        return created;
      });
      setSessionCookie(app, reply, session.token, session.expiresAt);
      return presentMe(app.ctx, { userId: user.id, orgId: session.orgId, csrfToken: session.csrfToken });
    },
  );

  app.post("/auth/logout", { schema: { tags: ["auth"] } }, async (request, reply) => {
    const auth = requireAuth(request);
    await endSession(app.ctx.db, { sessionId: auth.sessionId, orgId: auth.orgId, actor: actorOf(auth, request.ip) });
    clearSessionCookie(app, reply);
    return reply.code(204).send();
  });

  app.post("/auth/logout-all", { schema: { tags: ["auth"] } }, async (request, reply) => {
    const auth = requireAuth(request);
    await endAllSessions(app.ctx.db, { userId: auth.userId, orgId: auth.orgId, actor: actorOf(auth, request.ip) });
    clearSessionCookie(app, reply);
    return reply.code(204).send();
  });
};
