import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { listEvents } from "../../../audit/list-events.ts";
import { requireRole } from "../../auth-context.ts";
import { presentAuditEvent } from "../../presenters/organisation.ts";

const AuditQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  before: z.coerce.number().int().min(1).optional(),
});

const AuditResponse = z.object({
  events: z.array(
    z.object({
      id: z.number(),
      action: z.string(),
      actorLabel: z.string(),
      targetType: z.string().nullable(),
      targetId: z.string().nullable(),
      data: z.record(z.string(), z.unknown()),
      createdAt: z.string(),
    }),
  ),
  nextBefore: z.number().nullable(),
});

/** The organisation's audit log (admins). */
export const auditRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get("/audit", { schema: { tags: ["audit"], querystring: AuditQuery, response: { 200: AuditResponse } } }, async (request) => {
    const auth = requireRole(request, "admin");
    const page = await listEvents(app.ctx.db, { orgId: auth.orgId, ...request.query });
    return { events: page.events.map(presentAuditEvent), nextBefore: page.nextBefore };
  });
};
