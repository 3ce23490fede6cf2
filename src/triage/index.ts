/**
 * Public API of inbound triage (pure: no I/O). The triage work replaces the placeholder below;
 * the types are the contract used by ingest, the inbox and the CLI.
 */
import type { PersonalDataSpan } from "../guard/index.ts";

export const INTENTS = [
  "complaint",
  "question",
  "praise",
  "worry",
  "emergency",
  "crisis",
  "experience",
  "peer_support",
  "other",
] as const;
export type Intent = (typeof INTENTS)[number];
export type Sentiment = "negative" | "neutral" | "positive";
export type TriageUrgency = "low" | "normal" | "high" | "critical";

export interface TriageResult {
  language: string;
  intent: Intent;
  sentiment: Sentiment;
  topics: string[];
  urgency: TriageUrgency;
  /** Human-readable reasons (matched cues, features) shown in the UI. */
  reasons: string[];
  pii: PersonalDataSpan[];
  /** For crisis/emergency (and a patient sharing personal data publicly): a suggested reply. */
  suggestedReply?: string | undefined;
}

export interface TriageOptions {
  /** Out-of-hours (huisartsenpost) number and practice phone from the org profile, for emergency guidance. */
  org?: { name?: string; phones?: string[]; outOfHoursPhone?: string | undefined } | undefined;
}

export function classify(_text: string, _options?: TriageOptions): TriageResult {
  throw new Error("triage not implemented yet");
}
