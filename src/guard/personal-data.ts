/**
 * Personal data in inbound messages (used by triage on every message, so it must be cheap): the
 * identifier detectors and names of the guard, a date of birth ("geboren 12-03-1980"), and health
 * information tied to the writer or someone they name ("mijn diabetes", "ik ben zwanger", "ik
 * slik 50 mg per dag"). No organisation allow-list, no secrecy rules: those are about what the
 * practice writes, not about what patients post.
 *
 * Care words that name a service or a piece of paperwork but no condition ("moet ik voor de
 * griepprik komen", "mijn recept", "mijn uitslag") are not health information here: every patient
 * asks about them, and a warning on each such question would be a false alarm. The outgoing guard
 * (detectors/secrecy.ts) keeps the full medical list: what the practice writes about a patient is
 * another matter.
 */
import type { Candidate } from "./candidate.ts";
import { detectIdentifiers } from "./detectors/identifiers.ts";
import { detectNames } from "./detectors/names.ts";
import { wordFlag } from "./lexicon/flags.ts";
import { MEDICAL_TERMS } from "./lexicon/words.ts";
import type { GuardCategory, PersonalDataSpan } from "./index.ts";
import { type Token, tokenize } from "./text.ts";

/**
 * Medical words of the guard that disclose no health condition when a patient uses them about
 * themselves: services (vaccinations, blood tests, appointments), paperwork (prescriptions,
 * referrals), results without their content and medication without a name or dose.
 */
export const GENERIC_CARE_WORDS: ReadonlySet<string> = new Set([
  "griepprik", "prik", "vaccinatie", "vaccin", "injectie", "bloedprik", "bloedonderzoek", "onderzoek", "controle", "screening",
  "test", "kweek", "foto", "echo", "scan", "consult", "verwijzing", "doorverwezen", "verwezen",
  "uitslag", "uitslagen", "labuitslag", "bloeduitslag", "testuitslag", "bloedwaarde", "bloedwaarden", "waarden",
  "recept", "herhaalrecept", "medicatie", "medicijn", "medicijnen", "medicament", "pil", "pillen", "tablet", "tabletten",
  "dosis", "dosering", "behandeling", "behandeld", "klachten", "result", "results", "prescription", "medication", "treatment",
]);
const SINGLE = new Set<string>(MEDICAL_TERMS.filter((t) => !t.includes(" ") && !GENERIC_CARE_WORDS.has(t)));
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
/** A dose: "50 mg", "2x 500mg", "10 eenheden insuline" (the unit is the token, the number before it). */
const DOSE_UNITS = new Set(["mg", "milligram", "mcg", "microgram", "µg", "ml", "milliliter", "ie", "eenheden", "units"]);
const DOSE_UNIT = wordFlag(DOSE_UNITS);
const NUMBER_BEFORE = /(?:\d+(?:[.,]\d+)?)\s?$/;
/** Words that introduce a date of birth; the date itself is matched right after the word. */
const BIRTH_WORD = wordFlag(["geboren", "geb", "geboortedatum", "born", "dob", "birth"]);
const BIRTH_DATE =
  /^(?:\.|:)?\s*(?:(?:op|on|is)\s+)?(?:(?:\d{1,2}[-/.]\d{1,2}[-/.](?:19|20)?\d{2})|(?:\d{1,2}\s+(?:jan(?:uari)?|feb(?:ruari)?|maart|mrt|apr(?:il)?|mei|jun[ie]?|jul[iy]?|aug(?:ustus)?|sep(?:t(?:ember)?)?|okt(?:ober)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?|january|february|march|may|june|july|august|october)\.?\s+(?:19|20)\d{2}))(?![\p{N}])/iu;

function isMedical(token: Token): boolean {
  if ((token.flags & MEDICAL_WORD) !== 0) {
    return true;
  }
  // Short words first, before the word's string is made (most tokens are never read as a string).
  if (token.lowerLength < 7) {
    return false;
  }
  const word = token.lower;
  if (!MEDICAL_MARKER.test(word)) {
    return false;
  }
  // Compounds and inflections: "knieoperatie", "borstkankers"; "rugklachten", "buikklachten"
  // (with a body part in front, "klachten" are symptoms; alone the word also means complaints);
  // "adhd-medicatie" (a condition in one part of a hyphenated word).
  return (
    (BY_END.get(word.slice(-4)) ?? []).some((term) => word.endsWith(term)) ||
    (BY_START.get(word.slice(0, 4)) ?? []).some((term) => word.startsWith(term)) ||
    (word.length > 8 && word.endsWith("klachten")) ||
    (word.includes("-") && word.split("-").some((part) => SINGLE.has(part)))
  );
}

const DOSE_OR_BIRTH = DOSE_UNIT | BIRTH_WORD;

/** A dose ("50 mg", only close after a person word) or a date of birth right after `t`. */
function findDoseOrBirthDate(text: string, t: Token, nearPersonWord: boolean, candidates: Candidate[]): void {
  if (nearPersonWord && (t.flags & DOSE_UNIT) !== 0) {
    const number = NUMBER_BEFORE.exec(text.slice(Math.max(0, t.start - 12), t.start));
    if (number) {
      candidates.push({ start: t.start - number[0].length, end: t.end, category: "individual_medical", rule: "individual_medical.dose", severity: "block" });
    }
  }
  if ((t.flags & BIRTH_WORD) !== 0) {
    const date = BIRTH_DATE.exec(text.slice(t.end, t.end + 40));
    if (date) {
      const start = t.end + date[0].search(/\d/);
      candidates.push({ start, end: t.end + date[0].length, category: "date", rule: "date.birth", severity: "block" });
    }
  }
}

export function findPersonalData(text: string): PersonalDataSpan[] {
  const candidates: Candidate[] = [];
  const urlRanges: [number, number][] = [];
  detectIdentifiers(text, NO_ORG, candidates, urlRanges);
  const tokens = tokenize(text);
  detectNames(text, tokens, { allowed: [] }, candidates);
  // A medical word within three tokens after a person word. The cheap test first: where the
  // last person word was; only then whether this word is medical. Doses and dates of birth only
  // for the few words that can introduce them.
  let lastPersonWord = -4;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i] as Token;
    if (lastPersonWord >= i - 3 && isMedical(t)) {
      candidates.push({ start: t.start, end: t.end, category: "individual_medical", rule: "individual_medical.personal", severity: "block" });
    }
    if ((t.flags & DOSE_OR_BIRTH) !== 0) {
      findDoseOrBirthDate(text, t, lastPersonWord >= i - 5, candidates);
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
