/**
 * Personal data in inbound messages (used by triage on every message, so it must be cheap): the
 * identifier detectors and names of the guard, plus medical words tied to the writer or someone
 * they name ("mijn diabetes", "ik ben zwanger", "haar uitslag"). No organisation allow-list, no
 * secrecy rules: those are about what the practice writes, not about what patients post.
 */
import type { Candidate } from "./candidate.ts";
import { detectIdentifiers } from "./detectors/identifiers.ts";
import { detectNames } from "./detectors/names.ts";
import { wordFlag } from "./lexicon/flags.ts";
import { MEDICAL_TERMS } from "./lexicon/words.ts";
import type { GuardCategory, PersonalDataSpan } from "./index.ts";
import { type Token, tokenize } from "./text.ts";

const SINGLE = new Set<string>(MEDICAL_TERMS.filter((t) => !t.includes(" ")));
/** Long terms indexed by their first and last four letters, for compound lookups. */
const BY_END = new Map<string, string[]>();
const BY_START = new Map<string, string[]>();
for (const term of SINGLE) {
  if (term.length >= 6) {
    BY_END.set(term.slice(-4), [...(BY_END.get(term.slice(-4)) ?? []), term]);
    BY_START.set(term.slice(0, 4), [...(BY_START.get(term.slice(0, 4)) ?? []), term]);
  }
}
/** Words that tie a medical word to a person when they come shortly before it. */
const PERSON_WORDS = new Set(["mijn", "m'n", "mn", "ik", "my", "i", "zijn", "haar", "z'n", "zn", "his", "her", "uw", "je", "jouw", "your", "me", "mij", "heb", "ben"]);
/** Token flags (see lexicon/flags.ts): the word lookups come with the tokens. */
const MEDICAL_WORD = wordFlag(SINGLE);
const PERSON_WORD = wordFlag(PERSON_WORDS);
const NO_ORG = { orgPhones: new Set<string>() };
const MEDICAL_MARKER = /[a-zà-ÿ]/;

function isMedical(token: Token): boolean {
  if ((token.flags & MEDICAL_WORD) !== 0) {
    return true;
  }
  const word = token.lower;
  if (word.length < 7 || !MEDICAL_MARKER.test(word)) {
    return false;
  }
  // Compounds and inflections: "bloeduitslag", "knieoperatie", "uitslagen".
  return (
    (BY_END.get(word.slice(-4)) ?? []).some((term) => word.endsWith(term)) ||
    (BY_START.get(word.slice(0, 4)) ?? []).some((term) => word.startsWith(term))
  );
}

export function findPersonalData(text: string): PersonalDataSpan[] {
  const candidates: Candidate[] = [];
  const urlRanges: [number, number][] = [];
  detectIdentifiers(text, NO_ORG, candidates, urlRanges);
  const tokens = tokenize(text);
  detectNames(text, tokens, { allowed: [] }, candidates);
  // A medical word within three tokens after a person word. The cheap test first: where the
  // last person word was; only then whether this word is medical.
  let lastPersonWord = -4;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i] as Token;
    if (lastPersonWord >= i - 3 && isMedical(t)) {
      candidates.push({ start: t.start, end: t.end, category: "individual_medical", rule: "individual_medical.personal", severity: "block" });
    }
    if ((t.flags & PERSON_WORD) !== 0) {
      lastPersonWord = i;
    }
  }
  const spans: PersonalDataSpan[] = [];
  if (candidates.length === 0) {
    return spans;
  }
  candidates
    .filter((c) => c.category === "url" || c.category === "email" || !urlRanges.some(([s, e]) => c.start >= s && c.end <= e))
    .sort((a, b) => a.start - b.start || b.end - a.end)
    .forEach((c) => {
      const last = spans.at(-1);
      if (last && c.start < last.end) {
        return;
      }
      spans.push({ start: c.start, end: c.end, text: text.slice(c.start, c.end), category: c.category as GuardCategory });
    });
  return spans;
}
