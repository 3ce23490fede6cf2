import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { switchOrganisation } from "../../../accounts/sessions.ts";
import { disableTotp, enableTotp, enrollTotp } from "../../../accounts/totp.ts";
import { updateUserPreferences } from "../../../accounts/update-user-preferences.ts";
import { actorOf, requireAuth } from "../../auth-context.ts";
import { presentMe } from "../../presenters/me.ts";
import { MeSchema } from "../schemas.ts";
import { SwitchOrganisationBody, TotpDisableBody, TotpEnableBody, TotpSetupResponse, UpdateMeBody } from "./schema.ts";

export const meRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get("/me", { schema: { tags: ["me"], response: { 200: MeSchema } } }, async (request) =>
    presentMe(app.ctx, requireAuth(request)),
  );

  app.patch("/me", { schema: { tags: ["me"], body: UpdateMeBody, response: { 200: MeSchema } } }, async (request) => {
    const auth = requireAuth(request);
    await updateUserPreferences(app.ctx, { userId: auth.userId, ...request.body });
    return presentMe(app.ctx, auth);
  });

  app.post(
    "/me/switch-organisation",
    { schema: { tags: ["me"], body: SwitchOrganisationBody, response: { 200: MeSchema } } },
    async (request) => {
      const auth = requireAuth(request);
      await switchOrganisation(app.ctx.db, { sessionId: auth.sessionId, userId: auth.userId, orgId: request.body.orgId });
      return presentMe(app.ctx, { ...auth, orgId: request.body.orgId });
    },
  );

  app.post("/me/totp/setup", { schema: { tags: ["me"], response: { 200: TotpSetupResponse } } }, async (request) => {
    const auth = requireAuth(request);
    return enrollTotp(app.ctx, { userId: auth.userId, email: auth.email });
  });

  app.post("/me/totp/enable", { schema: { tags: ["me"], body: TotpEnableBody } }, async (request, reply) => {
    const auth = requireAuth(request);
    await enableTotp(app.ctx, { userId: auth.userId, orgId: auth.orgId, code: request.body.code, actor: actorOf(auth, request.ip) });
    return reply.code(204).send();
  });

  app.post("/me/totp/disable", { schema: { tags: ["me"], body: TotpDisableBody } }, async (request, reply) => {
    const auth = requireAuth(request);
    await disableTotp(app.ctx, {
      userId: auth.userId,
      orgId: auth.orgId,
      password: request.body.password,
      actor: actorOf(auth, request.ip),
    });
    return reply.code(204).send();
  });
};
