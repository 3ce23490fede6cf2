/**
 * What the model sees: the normalised tokens plus one marker token per rule cue that fired
 * ("<cue:complaint>"), so the hand-written cues and the learned words work together.
 * Training and inference both use this function.
 */
import { normalizeText, tokenize } from "../normalize.ts";
import { cueMarkers } from "../rules/intents.ts";

export function modelTokens(text: string): string[] {
  const normalized = normalizeText(text);
  return modelTokensOf(normalized, tokenize(normalized));
}

/** The same, from an already normalised and tokenised text (saves doing it twice). */
export function modelTokensOf(normalized: string, tokens: readonly string[], markers: readonly string[] = cueMarkers(normalized)): string[] {
  return [...tokens, ...markers];
}
