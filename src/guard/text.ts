/** Text helpers shared by the detectors: tokens, clauses, normalisation. Pure and allocation-light. */

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
}

const TOKEN = /\p{L}[\p{L}\p{M}'’-]*/gu;
const UPPER = /^\p{Lu}/u;

export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  TOKEN.lastIndex = 0;
  let match: RegExpExecArray | null;
  while ((match = TOKEN.exec(text)) !== null) {
    let word = match[0];
    // A trailing hyphen or apostrophe belongs to punctuation, not to the word.
    while (word.length > 1 && /['’-]$/.test(word)) {
      word = word.slice(0, -1);
    }
    const start = match.index;
    const end = start + word.length;
    tokens.push({
      text: word,
      lower: word.toLowerCase(),
      start,
      end,
      capital: UPPER.test(word),
      sentenceStart: isSentenceStart(text, start),
      next: text[end] ?? "",
    });
  }
  return tokens;
}

function isSentenceStart(text: string, index: number): boolean {
  for (let i = index - 1; i >= 0; i--) {
    const c = text[i] as string;
    if (c === " " || c === "\t" || c === '"' || c === "“" || c === "'" || c === "(" || c === "*" || c === "_" || c === ">") {
      continue;
    }
    return c === "." || c === "!" || c === "?" || c === "\n" || c === "\r" || c === ":" || c === "•" || c === "-";
  }
  return true;
}

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
