import { z } from "zod";
import { LocaleSchema } from "../schemas.ts";

export const UpdateMeBody = z.strictObject({
  displayName: z.string().trim().min(1).max(200).optional(),
  locale: LocaleSchema.optional(),
});
export const SwitchOrganisationBody = z.strictObject({ orgId: z.uuid() });
export const TotpSetupResponse = z.object({ secret: z.string(), otpauthUrl: z.string() });
export const TotpEnableBody = z.strictObject({ code: z.string().trim().max(10) });
export const TotpDisableBody = z.strictObject({ password: z.string().min(1).max(1024) });
