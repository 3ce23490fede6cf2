import { z } from "zod";
import { INTENTS } from "../../../triage/index.ts";

export const TriageClassifyBody = z.strictObject({
  text: z.string().max(100_000),
});

export const TriageResultSchema = z.object({
  language: z.string(),
  intent: z.enum(INTENTS),
  sentiment: z.enum(["negative", "neutral", "positive"]),
  topics: z.array(z.string()),
  urgency: z.enum(["low", "normal", "high", "critical"]),
  reasons: z.array(z.string()),
  pii: z.array(z.object({ start: z.number(), end: z.number(), text: z.string(), category: z.string() })),
  suggestedReply: z.string().optional(),
});
