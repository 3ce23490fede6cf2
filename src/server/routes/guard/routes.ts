import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { checkText } from "../../../guard/index.ts";
import { getOrganisation } from "../../../organisations/get-organisation.ts";
import { requireAuth } from "../../auth-context.ts";
import { GuardCheckBody, GuardResultSchema } from "./schema.ts";

/** POST /api/guard/check: the guard with the signed-in organisation's own details allow-listed. */
export const guardRoutes: FastifyPluginAsyncZod = async (app) => {
  app.post("/guard/check", { schema: { tags: ["guard"], body: GuardCheckBody, response: { 200: GuardResultSchema } } }, async (request) => {
    const auth = requireAuth(request);
    const org = await getOrganisation(app.ctx.db, auth.orgId);
    return checkText({ text: request.body.text, inReplyTo: request.body.inReplyTo, org: { name: org.name, ...org.profile } });
  });
};
