import { z } from "zod";
import { GUARD_CATEGORIES } from "../../../guard/index.ts";

export const GuardCheckBody = z.strictObject({
  text: z.string().max(100_000),
  inReplyTo: z.string().max(100_000).optional(),
});

export const GuardResultSchema = z.object({
  verdict: z.enum(["ok", "warn", "block"]),
  findings: z.array(
    z.object({
      start: z.number(),
      end: z.number(),
      text: z.string(),
      category: z.enum(GUARD_CATEGORIES),
      rule: z.string(),
      severity: z.enum(["warn", "block"]),
      message: z.string(),
    }),
  ),
  suggestion: z.string().optional(),
});
