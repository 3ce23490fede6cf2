import { z } from "zod";
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from "../../../accounts/passwords.ts";
import { OrganisationKindSchema, OrganisationProfileSchema } from "../../../organisations/profile.ts";
import { RoleSchema } from "../schemas.ts";

export const OrganisationResponse = z.object({
  id: z.string(),
  name: z.string(),
  slug: z.string(),
  kind: z.string(),
  isDemo: z.boolean(),
  profile: z.object({
    phones: z.array(z.string()),
    emails: z.array(z.string()),
    websites: z.array(z.string()),
    addresses: z.array(z.string()),
    staff: z.array(z.string()),
    econsultUrl: z.string().optional(),
    outOfHoursPhone: z.string().optional(),
  }),
});

export const UpdateOrganisationBody = z.strictObject({
  name: z.string().trim().min(1).max(200).optional(),
  kind: OrganisationKindSchema.optional(),
  profile: OrganisationProfileSchema.optional(),
});

export const MemberResponse = z.object({
  userId: z.string(),
  email: z.string(),
  displayName: z.string(),
  role: RoleSchema,
  createdAt: z.string(),
});

export const AddMemberBody = z.strictObject({
  email: z.string().trim().max(300).pipe(z.email()),
  displayName: z.string().trim().min(1).max(200),
  role: RoleSchema,
  password: z.string().min(MIN_PASSWORD_LENGTH).max(MAX_PASSWORD_LENGTH),
});

export const MemberParams = z.strictObject({ userId: z.uuid() });
export const ChangeRoleBody = z.strictObject({ role: RoleSchema });
