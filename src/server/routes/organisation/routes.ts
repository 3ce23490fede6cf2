import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { addMember, changeMemberRole, listMembers, removeMember } from "../../../accounts/members.ts";
import { getOrganisation } from "../../../organisations/get-organisation.ts";
import { updateOrganisation } from "../../../organisations/update-organisation.ts";
import { actorOf, requireAuth, requireRole } from "../../auth-context.ts";
import { presentMember, presentOrganisation } from "../../presenters/organisation.ts";
import {
  AddMemberBody,
  ChangeRoleBody,
  MemberParams,
  MemberResponse,
  OrganisationResponse,
  UpdateOrganisationBody,
} from "./schema.ts";

/** The signed-in organisation: profile and members. Always the session's org; there is no org id in the URL. */
export const organisationRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get("/organisation", { schema: { tags: ["organisation"], response: { 200: OrganisationResponse } } }, async (request) => {
    const auth = requireAuth(request);
    return presentOrganisation(await getOrganisation(app.ctx.db, auth.orgId));
  });

  app.patch(
    "/organisation",
    { schema: { tags: ["organisation"], body: UpdateOrganisationBody, response: { 200: OrganisationResponse } } },
    async (request) => {
      const auth = requireRole(request, "admin");
      const org = await updateOrganisation(app.ctx.db, {
        orgId: auth.orgId,
        ...request.body,
        actor: actorOf(auth, request.ip),
        now: app.ctx.now(),
      });
      return presentOrganisation(org);
    },
  );

  app.get(
    "/organisation/members",
    { schema: { tags: ["organisation"], response: { 200: z.object({ members: z.array(MemberResponse) }) } } },
    async (request) => {
      const auth = requireRole(request, "admin");
      return { members: (await listMembers(app.ctx.db, auth.orgId)).map(presentMember) };
    },
  );

  app.post(
    "/organisation/members",
    { schema: { tags: ["organisation"], body: AddMemberBody, response: { 201: MemberResponse } } },
    async (request, reply) => {
      const auth = requireRole(request, "admin");
      const member = await addMember(app.ctx.db, { orgId: auth.orgId, ...request.body, actor: actorOf(auth, request.ip) });
      return reply.code(201).send(presentMember(member));
    },
  );

  app.patch(
    "/organisation/members/:userId",
    { schema: { tags: ["organisation"], params: MemberParams, body: ChangeRoleBody, response: { 200: MemberResponse } } },
    async (request) => {
      const auth = requireRole(request, "admin");
      const member = await changeMemberRole(app.ctx.db, {
        orgId: auth.orgId,
        userId: request.params.userId,
        role: request.body.role,
        actor: actorOf(auth, request.ip),
      });
      return presentMember(member);
    },
  );

  app.delete(
    "/organisation/members/:userId",
    { schema: { tags: ["organisation"], params: MemberParams } },
    async (request, reply) => {
      const auth = requireRole(request, "admin");
      await removeMember(app.ctx.db, { orgId: auth.orgId, userId: request.params.userId, actor: actorOf(auth, request.ip) });
      return reply.code(204).send();
    },
  );
};
