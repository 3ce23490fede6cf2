/**
 * A small stopword-based language guess: nl, en, or other. Dutch first: a short Latin-script
 * text without any evidence counts as Dutch (most inbound posts are short Dutch reactions).
 */
import { CharClass } from "../guard/text.ts";
import { hash32 } from "./model/features.ts";

export type TriageLanguage = "nl" | "en" | "other";

const STOPWORDS: Record<string, readonly string[]> = {
  nl: [
    "de", "het", "een", "en", "ik", "je", "jij", "u", "niet", "wel", "is", "dat", "die", "van", "op", "te", "zijn",
    "met", "voor", "maar", "ook", "er", "naar", "mijn", "m'n", "we", "wij", "jullie", "heb", "heeft", "hebben",
    "nog", "al", "geen", "kan", "kun", "wil", "moet", "was", "waren", "bij", "om", "dan", "als", "hoe", "wat",
    "waarom", "wie", "weet", "iemand", "echt", "heel", "zo", "nu", "dit", "deze", "ben", "bent", "gaat", "gaan",
    "mij", "me", "hun", "ze", "zij", "hij", "zich", "uit", "over", "door", "toch", "even", "keer", "dag",
    "bedankt", "dank", "huisarts", "praktijk", "nie", "ff", "idd", "mn", "zn", "gwn", "egt", "ook", "weer",
  ],
  en: [
    "the", "a", "an", "and", "i", "you", "not", "is", "are", "was", "that", "this", "of", "to", "in", "on", "my",
    "for", "with", "but", "it", "have", "has", "had", "can", "can't", "don't", "do", "does", "what", "how", "why",
    "who", "anyone", "just", "really", "very", "so", "now", "me", "we", "they", "your", "our", "at", "from",
    "about", "been", "will", "would", "should", "there", "their", "thanks", "thank", "doctor", "please", "im",
    "i'm", "it's", "want", "any", "get", "got",
  ],
  de: [
    "und", "ich", "nicht", "ist", "der", "das", "mit", "ein", "eine", "auf", "zu", "sie", "es", "wir", "auch",
    "mein", "meine", "sehr", "habe", "hat", "aber", "kein", "keine", "wie", "warum", "bitte", "danke", "wird",
    "arzt", "schon", "noch", "für", "fur", "sind", "bin",
  ],
  tr: [
    "ve", "bir", "bu", "cok", "icin", "degil", "ben", "sen", "ne", "var", "yok", "ama", "gibi", "da", "de",
    "mi", "mu", "doktor", "hastane", "tesekkurler", "neden", "nasil", "benim",
  ],
  fr: [
    "le", "la", "les", "et", "je", "pas", "est", "une", "des", "du", "pour", "avec", "mais", "tres", "merci",
    "mon", "ma", "qui", "que", "vous", "nous", "sont", "ai",
  ],
  es: ["el", "la", "los", "y", "yo", "no", "es", "una", "por", "para", "con", "pero", "muy", "gracias", "mi", "que", "del"],
};

const LANGUAGES = Object.keys(STOPWORDS);
/** For each stopword: the languages it belongs to (indexes into LANGUAGES) and the share each gets. */
const LOOKUP = new Map<string, { languages: number[]; share: number }>();
for (const [index, lang] of LANGUAGES.entries()) {
  for (const word of STOPWORDS[lang] ?? []) {
    const entry = LOOKUP.get(word) ?? { languages: [], share: 0 };
    entry.languages.push(index);
    entry.share = 1 / entry.languages.length;
    LOOKUP.set(word, entry);
  }
}
/**
 * A quick "could this be a stopword?" test before the map lookup (hashing every token costs):
 * for each length and first character, a bit per last character (codes folded to 7 and 5 bits,
 * so a collision only costs a lookup).
 */
const LONGEST_STOPWORD = Math.max(...[...LOOKUP.keys()].map((w) => w.length));
const SHAPES = new Uint32Array((LONGEST_STOPWORD + 1) * 128);
for (const word of LOOKUP.keys()) {
  SHAPES[word.length * 128 + (word.charCodeAt(0) & 127)]! |= 1 << (word.charCodeAt(word.length - 1) & 31);
}

/**
 * The stopword entries in an open-addressing table by FNV-1a hash (`hash32`, shared with the
 * model features), so a token is looked up with a hash computed here and one string comparison: `LOOKUP.get` on a freshly sliced token first has
 * the engine compute and store the string's own hash (a call out of the compiled code per token).
 */
const STOP_WORDS = [...LOOKUP.keys()];
const STOP_ENTRIES = [...LOOKUP.values()];
/** Table size: a power of two at least twice the number of stopwords (so probes stay short and a free slot always exists). */
const STOP_MASK = tableSize(STOP_WORDS.length) - 1;
const STOP_SLOTS = new Int32Array(STOP_MASK + 1).fill(-1);
for (let index = 0; index < STOP_WORDS.length; index++) {
  let slot = hash32(STOP_WORDS[index] as string) & STOP_MASK;
  while ((STOP_SLOTS[slot] as number) >= 0) {
    slot = (slot + 1) & STOP_MASK;
  }
  STOP_SLOTS[slot] = index;
}

function tableSize(entries: number): number {
  let size = 16;
  while (size < entries * 2) {
    size *= 2;
  }
  return size;
}

/** The stopword entry of `token`, if it is one (the same answer as `LOOKUP.get`). */
function stopwordEntry(token: string): { languages: number[]; share: number } | undefined {
  if (!mayBeStopword(token)) {
    return undefined;
  }
  for (let slot = hash32(token) & STOP_MASK; ; slot = (slot + 1) & STOP_MASK) {
    const index = STOP_SLOTS[slot] as number;
    if (index < 0) {
      return undefined;
    }
    if (STOP_WORDS[index] === token) {
      return STOP_ENTRIES[index];
    }
  }
}

function mayBeStopword(token: string): boolean {
  const length = token.length;
  return length <= LONGEST_STOPWORD && ((SHAPES[length * 128 + (token.charCodeAt(0) & 127)] ?? 0) & (1 << (token.charCodeAt(length - 1) & 31))) !== 0;
}
const TURKISH = LANGUAGES.indexOf("tr");
const GERMAN = LANGUAGES.indexOf("de");

const LETTER = new CharClass("\\p{L}");
const LATIN = new CharClass("\\p{Script=Latin}");
const NON_ASCII = /[\u0080-\uffff]/;
const NEXT_NON_ASCII = /[\u0080-\uffff]/g;
const ASCII_LETTER = /[A-Za-z]/;

function countAsciiLetters(text: string): number {
  let count = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if ((code >= 65 && code <= 90) || (code >= 97 && code <= 122)) {
      count++;
    }
  }
  return count;
}

export interface LanguageGuess {
  language: TriageLanguage;
  /** The concrete guess behind "other" (de, tr, fr, es, non-latin, none). */
  detail: string;
  reason: string;
}

/** Guesses the language from normalised tokens and the raw text (for the script check). */
export function detectLanguage(raw: string, tokens: readonly string[]): LanguageGuess {
  // Letters and Latin letters. Only non-ASCII characters need the Unicode test; a regex search
  // steps from one to the next (most texts have none or a few, such as an emoji).
  let otherLetters = 0;
  let otherLatin = 0;
  // Turkish letters (ş ğ ı) and the German ß, noted on the way (they only occur in non-ASCII text).
  let turkish = false;
  let eszett = false;
  if (NON_ASCII.test(raw)) {
    NEXT_NON_ASCII.lastIndex = 0;
    while (NEXT_NON_ASCII.test(raw)) {
      const i = NEXT_NON_ASCII.lastIndex - 1;
      const code = raw.charCodeAt(i);
      if (code === 0x15f || code === 0x11f || code === 0x131) {
        turkish = true;
      } else if (code === 0xdf) {
        eszett = true;
      }
      if (LETTER.lengthAt(raw, i) > 0) {
        otherLetters++;
        if (LATIN.lengthAt(raw, i) > 0) {
          otherLatin++;
        }
      }
      // One code point: a surrogate pair counts once, like iterating the string.
      if (code >= 0xd800 && code <= 0xdbff && i + 1 < raw.length && (raw.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
        NEXT_NON_ASCII.lastIndex = i + 2;
      }
    }
  }
  // ASCII letters are Latin. When all other letters are Latin too, the share of Latin letters is 1
  // and only whether there is any letter matters; otherwise the ASCII letters are counted.
  const asciiLetters = otherLatin < otherLetters ? countAsciiLetters(raw) : ASCII_LETTER.test(raw) ? 1 : 0;
  const letters = asciiLetters + otherLetters;
  const latin = asciiLetters + otherLatin;
  if (letters === 0) {
    return { language: "other", detail: "none", reason: "taal: geen woorden (alleen emoji/leestekens)" };
  }
  if (latin / letters < 0.5) {
    return { language: "other", detail: "non-latin", reason: "taal: ander schrift dan het Latijnse" };
  }
  const scores = new Float64Array(LANGUAGES.length);
  for (const token of tokens) {
    const entry = stopwordEntry(token);
    if (entry) {
      for (const lang of entry.languages) {
        scores[lang]! += entry.share;
      }
    }
  }
  if (turkish) {
    scores[TURKISH]! += 2;
  }
  if (eszett) {
    scores[GERMAN]! += 2;
  }
  let best = 0;
  let bestScore = 0;
  for (let lang = 0; lang < scores.length; lang++) {
    if (scores[lang]! > bestScore + 1e-9) {
      best = lang;
      bestScore = scores[lang]!;
    }
  }
  if (bestScore === 0) {
    return { language: "nl", detail: "default", reason: "taal: nl (geen stopwoorden gevonden; Nederlands als standaard)" };
  }
  let guess = LANGUAGES[best] as string;
  const nl = scores[0] ?? 0;
  if (guess !== "nl" && nl >= bestScore * 0.8) {
    guess = "nl";
  }
  const count = Math.round(scores[LANGUAGES.indexOf(guess)] ?? 0);
  if (guess === "nl" || guess === "en") {
    return { language: guess, detail: guess, reason: `taal: ${guess} (${count} stopwoorden)` };
  }
  return { language: "other", detail: guess, reason: `taal: anders (${guess}, ${count} stopwoorden)` };
}
