import { z } from "zod";
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from "../../../accounts/passwords.ts";
import { OrganisationKindSchema } from "../../../organisations/profile.ts";

export const SetupBody = z.strictObject({
  organisation: z.strictObject({
    name: z.string().trim().min(1).max(200),
    kind: OrganisationKindSchema.optional(),
  }),
  admin: z.strictObject({
    email: z.string().trim().max(300).pipe(z.email()),
    displayName: z.string().trim().min(1).max(200),
    password: z.string().min(MIN_PASSWORD_LENGTH).max(MAX_PASSWORD_LENGTH),
  }),
});

export const SetupStatus = z.object({ needsSetup: z.boolean() });
