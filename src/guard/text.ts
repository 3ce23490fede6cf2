/** Text helpers shared by the detectors: tokens, clauses, normalisation. Pure and allocation-light. */
import { WORD_FLAGS } from "./lexicon/flags.ts";

export interface Token {
  text: string;
  lower: string;
  start: number;
  end: number;
  /** First character is an upper-case letter. */
  capital: boolean;
  /** The token starts a sentence (start of text, or after . ! ? or a line break). */
  sentenceStart: boolean;
  /** The character right after the token (e.g. "." for "dhr."). */
  next: string;
  /** Bits of the word lists this word is in (see lexicon/flags.ts). */
  flags: number;
}

const TOKEN = /\p{L}[\p{L}\p{M}'’-]*/gu;

export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  TOKEN.lastIndex = 0;
  let match: RegExpExecArray | null;
  let previousEnd = 0;
  while ((match = TOKEN.exec(text)) !== null) {
    let word = match[0];
    // A trailing hyphen or apostrophe belongs to punctuation, not to the word.
    let last = word.charCodeAt(word.length - 1);
    while (word.length > 1 && (last === 45 || last === 39 || last === 0x2019)) {
      word = word.slice(0, -1);
      last = word.charCodeAt(word.length - 1);
    }
    const start = match.index;
    const end = start + word.length;
    const first = word[0] as string;
    const lower = word.toLowerCase();
    tokens.push({
      text: word,
      lower,
      start,
      end,
      capital: first !== first.toLowerCase() && first === first.toUpperCase(),
      sentenceStart: tokens.length === 0 ? !/[\p{L}\p{N}]/u.test(text.slice(0, start)) || SENTENCE_BREAK.test(text.slice(0, start)) : breaksSentence(text, previousEnd, start),
      next: text[end] ?? "",
      flags: WORD_FLAGS.get(lower) ?? 0,
    });
    previousEnd = end;
  }
  return tokens;
}

/** Between two tokens: a sentence ends there (., !, ?, :, line break, bullet, " - "). */
function breaksSentence(text: string, from: number, to: number): boolean {
  if (to - from === 1 && text.charCodeAt(from) === 32) {
    return false;
  }
  return SENTENCE_BREAK.test(text.slice(from, to));
}


const SENTENCE_BREAK = /[.!?\n\r:•]|(?:^|\s)-\s/;

export interface Clause {
  start: number;
  end: number;
  /** Lower-cased clause text. */
  lower: string;
  /** The sentence this clause belongs to ends with a question mark. */
  question: boolean;
  /** Index of the sentence the clause belongs to. */
  sentence: number;
}

const SENTENCE_END = /[.!?\n]+(?=\s|$)|\n+/g;
const CLAUSE_SPLIT = /[,;:](?=\s)|\s(?:want|omdat|terwijl|because)\s/g;

/** Splits into sentences and clauses (commas, semicolons, "maar", "want"...). */
export function clauses(text: string): Clause[] {
  const out: Clause[] = [];
  let sentenceStart = 0;
  let sentence = 0;
  const pushSentence = (start: number, end: number) => {
    const sentenceText = text.slice(start, end);
    const question = /\?\s*$/.test(sentenceText) || /\?/.test(text.slice(end, end + 2));
    let clauseStart = 0;
    CLAUSE_SPLIT.lastIndex = 0;
    let m: RegExpExecArray | null;
    const lowerSentence = sentenceText.toLowerCase();
    while ((m = CLAUSE_SPLIT.exec(sentenceText)) !== null) {
      if (m.index > clauseStart) {
        out.push({ start: start + clauseStart, end: start + m.index, lower: lowerSentence.slice(clauseStart, m.index), question, sentence });
      }
      clauseStart = m.index + m[0].length;
    }
    if (sentenceText.length > clauseStart) {
      out.push({ start: start + clauseStart, end, lower: lowerSentence.slice(clauseStart), question, sentence });
    }
    sentence++;
  };
  SENTENCE_END.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = SENTENCE_END.exec(text)) !== null) {
    const end = m.index + m[0].length;
    if (end > sentenceStart) {
      pushSentence(sentenceStart, end);
    }
    sentenceStart = end;
  }
  if (sentenceStart < text.length) {
    pushSentence(sentenceStart, text.length);
  }
  return out;
}

/** Digits only, with +31 / 0031 turned into a leading 0: "030 - 123 45 67" → "0301234567". */
export function normalisePhone(value: string): string {
  let digits = value.replace(/[^\d+]/g, "");
  if (digits.startsWith("+31")) {
    digits = `0${digits.slice(3)}`;
  } else if (digits.startsWith("0031")) {
    digits = `0${digits.slice(4)}`;
  }
  digits = digits.replace(/\+/g, "");
  // "+31 (0)6 ..." → "006..." after the above: drop the doubled zero.
  if (digits.startsWith("00") && digits.length === 11) {
    digits = digits.slice(1);
  }
  return digits;
}

/** Lower-case, accents removed, whitespace collapsed: for comparing addresses and names. */
export function fold(value: string): string {
  return value
    .normalize("NFKD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/\s+/g, " ")
    .trim();
}

export function escapeRegExp(value: string): string {
  return value.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** One alternation regex for a word list, longest first, on letter boundaries. */
export function wordListRegex(words: readonly string[], flags = "giu"): RegExp {
  const sorted = [...new Set(words)].sort((a, b) => b.length - a.length).map(escapeRegExp);
  return new RegExp(`(?<![\\p{L}\\p{N}])(?:${sorted.join("|")})(?![\\p{L}\\p{N}])`, flags);
}
