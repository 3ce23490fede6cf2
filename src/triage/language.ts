/**
 * A small stopword-based language guess: nl, en, or other. Dutch first: a short Latin-script
 * text without any evidence counts as Dutch (most inbound posts are short Dutch reactions).
 */

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

const LOOKUP = new Map<string, string[]>();
for (const [lang, words] of Object.entries(STOPWORDS)) {
  for (const word of words) {
    const list = LOOKUP.get(word) ?? [];
    list.push(lang);
    LOOKUP.set(word, list);
  }
}

const LETTER = /^\p{L}$/u;
const LATIN = /^\p{Script=Latin}$/u;

export interface LanguageGuess {
  language: TriageLanguage;
  /** The concrete guess behind "other" (de, tr, fr, es, non-latin, none). */
  detail: string;
  reason: string;
}

/** Guesses the language from normalised tokens and the raw text (for the script check). */
export function detectLanguage(raw: string, tokens: readonly string[]): LanguageGuess {
  // Count letters and Latin letters in one pass; only non-ASCII characters need the Unicode test.
  let letters = 0;
  let latin = 0;
  for (const char of raw) {
    const code = char.charCodeAt(0);
    if ((code >= 65 && code <= 90) || (code >= 97 && code <= 122)) {
      letters++;
      latin++;
    } else if (code > 127 && LETTER.test(char)) {
      letters++;
      if (LATIN.test(char)) {
        latin++;
      }
    }
  }
  if (letters === 0) {
    return { language: "other", detail: "none", reason: "taal: geen woorden (alleen emoji/leestekens)" };
  }
  if (latin / letters < 0.5) {
    return { language: "other", detail: "non-latin", reason: "taal: ander schrift dan het Latijnse" };
  }
  const scores: Record<string, number> = { nl: 0, en: 0, de: 0, tr: 0, fr: 0, es: 0 };
  for (const token of tokens) {
    const langs = LOOKUP.get(token);
    if (langs) {
      for (const lang of langs) {
        scores[lang] = (scores[lang] ?? 0) + 1 / langs.length;
      }
    }
  }
  if (/[şğı]/u.test(raw)) {
    scores.tr = (scores.tr ?? 0) + 2;
  }
  if (/ß/u.test(raw)) {
    scores.de = (scores.de ?? 0) + 2;
  }
  let best = "nl";
  let bestScore = 0;
  for (const [lang, score] of Object.entries(scores)) {
    if (score > bestScore + 1e-9) {
      best = lang;
      bestScore = score;
    }
  }
  if (bestScore === 0) {
    return { language: "nl", detail: "default", reason: "taal: nl (geen stopwoorden gevonden; Nederlands als standaard)" };
  }
  const nl = scores.nl ?? 0;
  if (best !== "nl" && nl >= bestScore * 0.8) {
    best = "nl";
  }
  const count = Math.round(scores[best] ?? 0);
  if (best === "nl" || best === "en") {
    return { language: best, detail: best, reason: `taal: ${best} (${count} stopwoorden)` };
  }
  return { language: "other", detail: best, reason: `taal: anders (${best}, ${count} stopwoorden)` };
}
