import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { getOrganisation } from "../../../organisations/get-organisation.ts";
import { classify } from "../../../triage/index.ts";
import { requireAuth } from "../../auth-context.ts";
import { TriageClassifyBody, TriageResultSchema } from "./schema.ts";

/** POST /api/triage/classify: triage with the organisation's huisartsenpost number for emergency replies. */
export const triageRoutes: FastifyPluginAsyncZod = async (app) => {
  app.post(
    "/triage/classify",
    { schema: { tags: ["triage"], body: TriageClassifyBody, response: { 200: TriageResultSchema } } },
    async (request) => {
      const auth = requireAuth(request);
      const org = await getOrganisation(app.ctx.db, auth.orgId);
      return classify(request.body.text, {
        org: { name: org.name, phones: org.profile.phones, outOfHoursPhone: org.profile.outOfHoursPhone },
      });
    },
  );
};
