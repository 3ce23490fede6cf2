/** Response schemas shared by several route folders (OpenAPI documents them; the serializer whitelists fields). */
import { z } from "zod";
import { ROLES } from "../../store/schema.ts";

export const RoleSchema = z.enum(ROLES);
export const LocaleSchema = z.enum(["nl", "en"]);

export const MeSchema = z.object({
  user: z.object({
    id: z.string(),
    email: z.string(),
    displayName: z.string(),
    locale: LocaleSchema,
    totpEnabled: z.boolean(),
  }),
  organisation: z.object({ id: z.string(), name: z.string(), slug: z.string(), isDemo: z.boolean() }),
  role: RoleSchema,
  memberships: z.array(z.object({ orgId: z.string(), orgName: z.string(), role: RoleSchema })),
  csrfToken: z.string(),
  abilities: z.object({
    manageMembers: z.boolean(),
    editOrganisation: z.boolean(),
    viewAudit: z.boolean(),
    manageChannels: z.boolean(),
    overrideGuard: z.boolean(),
  }),
});

export const ProblemSchema = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number(),
  detail: z.string(),
  code: z.string(),
  errors: z.array(z.object({ path: z.string().optional(), message: z.string() })).optional(),
});
