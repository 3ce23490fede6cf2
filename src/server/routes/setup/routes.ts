import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { createSession } from "../../../accounts/sessions.ts";
import { isSetupNeeded, runSetup } from "../../../accounts/setup.ts";
import { setSessionCookie } from "../../plugins/session.ts";
import { presentMe } from "../../presenters/me.ts";
import { MeSchema } from "../schemas.ts";
import { SetupBody, SetupStatus } from "./schema.ts";

/** First-run setup: the first organisation and its admin. Closed once an organisation exists. */
export const setupRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get("/setup", { schema: { tags: ["setup"], response: { 200: SetupStatus } } }, async () => ({
    needsSetup: await isSetupNeeded(app.ctx),
  }));

  app.post(
    "/setup",
    { schema: { tags: ["setup"], body: SetupBody, response: { 201: MeSchema } } },
    async (request, reply) => {
      const { org, user } = await runSetup(app.ctx, request.body);
      const session = await createSession(app.ctx, app.ctx.db, {
        userId: user.id,
        orgId: org.id,
        ip: request.ip,
        userAgent: request.headers["user-agent"],
      });
      setSessionCookie(app, reply, session.token, session.expiresAt);
      return reply.code(201).send(await presentMe(app.ctx, { userId: user.id, orgId: org.id, csrfToken: session.csrfToken }));
    },
  );
};
