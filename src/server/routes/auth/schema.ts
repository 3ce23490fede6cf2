import { z } from "zod";

export const LoginBody = z.strictObject({
  email: z.string().trim().min(1).max(300),
  password: z.string().min(1).max(1024),
  totp: z
    .string()
    .trim()
    .regex(/^\d{6}$/, "6 cijfers")
    .optional(),
});
