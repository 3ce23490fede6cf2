import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { getOrganisation } from "../../../organisations/get-organisation.ts";
import { classify } from "../../../triage/index.ts";
import { requireAuth } from "../../auth-context.ts";

const ClassifyBody = z.strictObject({ text: z.string().max(100_000) });

/** POST /api/triage/classify: triage with the organisation's huisartsenpost number for emergency replies. */
export const triageRoutes: FastifyPluginAsyncZod = async (app) => {
  app.post("/triage/classify", { schema: { tags: ["triage"], body: ClassifyBody } }, async (request) => {
    const auth = requireAuth(request);
    const org = await getOrganisation(app.ctx.db, auth.orgId);
    return classify(request.body.text, { org: { name: org.name, phones: org.profile.phones, outOfHoursPhone: org.profile.outOfHoursPhone } });
  });
};
