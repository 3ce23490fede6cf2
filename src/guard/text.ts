/** Text helpers shared by the detectors: tokens, clauses, normalisation. Pure and allocation-light. */
import { flagsAt, flagsOf } from "./lexicon/flags.ts";

/**
 * A word of a text. Only the position, the capital and the word-list bits are worked out while
 * scanning; the strings (`text`, `lower`, `next`) and `sentenceStart` are computed on first use:
 * the inbound personal-data check (run by triage on every message) looks at most words only
 * through their flags, and slicing each word would cost more than the rest of the scan.
 */
export class Token {
  private textCache: string | undefined;
  private lowerCache: string | undefined;

  /**
   * Made only by `tokenize`, which passes `text` and `lower` for every word that is not plain
   * ASCII: `lowerLength` relies on that (lower-casing can lengthen a word, "İ" → "i̇"), and for
   * ASCII words the lower-case form has the length of the word.
   */
  constructor(
    /** The whole text the token was found in. */
    private readonly source: string,
    readonly start: number,
    readonly end: number,
    /** First character is an upper-case letter. */
    readonly capital: boolean,
    /** Bits of the word lists this word is in (see lexicon/flags.ts). */
    readonly flags: number,
    /** End of the previous token, or -1 for the first token (for `sentenceStart`). */
    private readonly previousEnd: number,
    /** The word and its lower-case form when the scanner already made them. */
    text: string | undefined,
    lower: string | undefined,
  ) {
    this.textCache = text;
    this.lowerCache = lower;
  }

  /** Length of the word in code units (without making its string). */
  get length(): number {
    return this.end - this.start;
  }

  /** `lower.length` without making the string (plain words: their own length; others have it already). */
  get lowerLength(): number {
    return this.lowerCache === undefined ? this.end - this.start : this.lowerCache.length;
  }

  get text(): string {
    return (this.textCache ??= this.source.slice(this.start, this.end));
  }

  get lower(): string {
    return (this.lowerCache ??= this.text.toLowerCase());
  }

  /** The character right after the token (e.g. "." for "dhr."). */
  get next(): string {
    return this.source[this.end] ?? "";
  }

  /** The token starts a sentence (start of text, or after . ! ? or a line break). */
  get sentenceStart(): boolean {
    const text = this.source;
    if (this.previousEnd < 0) {
      const before = text.slice(0, this.start);
      return !/[\p{L}\p{N}]/u.test(before) || SENTENCE_BREAK.test(before);
    }
    return breaksSentence(text, this.previousEnd, this.start);
  }
}

/*
 * Tokens are words as the regex /\p{L}[\p{L}\p{M}'’-]*\/u finds them, with trailing hyphens and
 * apostrophes cut off. `tokenize` runs on every inbound message (triage) and every draft, so the
 * scan is written out: ASCII characters are classified by code, other characters by the same
 * Unicode property classes (sticky regexes tested at one position, no match objects).
 */
/**
 * One-character Unicode class tests (\p{L}, \p{Script=Latin}, …) at a position in a text, with
 * the answer for each BMP character kept after its first test: the scanners of the guard and of
 * triage classify every non-ASCII character of every message, and a regex call costs far more
 * than a table read.
 */
export class CharClass {
  /** Per BMP code: 0 not tested yet, 1 no, 2 yes (allocated on first use). */
  private known: Uint8Array | undefined;
  private readonly sticky: RegExp;

  /** `pattern` is a class for one character, e.g. "[\\p{L}\\p{N}]" or "\\p{L}". */
  constructor(pattern: string) {
    this.sticky = new RegExp(pattern, "uy");
  }

  /** Length (1, or 2 for a surrogate pair) of the matching character at `i`, else 0. */
  lengthAt(text: string, i: number): number {
    const code = text.charCodeAt(i);
    if (code >= 0xd800 && code <= 0xdfff) {
      // Surrogates (pairs and lone halves) go to the regex itself.
      this.sticky.lastIndex = i;
      return this.sticky.test(text) ? this.sticky.lastIndex - i : 0;
    }
    const known = (this.known ??= new Uint8Array(0x10000));
    if (known[code] === 0) {
      this.sticky.lastIndex = i;
      known[code] = this.sticky.test(text) ? 2 : 1;
    }
    return known[code] === 2 ? 1 : 0;
  }
}

const LETTER = new CharClass("\\p{L}");
const WORD_PART = new CharClass("[\\p{L}\\p{M}'’-]");

/** Length (1 or 2 code units) of the letter at `i`, or 0 when there is none. */
function letterAt(text: string, i: number): number {
  const code = text.charCodeAt(i);
  if (code < 128) {
    return (code >= 65 && code <= 90) || (code >= 97 && code <= 122) ? 1 : 0;
  }
  return LETTER.lengthAt(text, i);
}

/** Length of the letter, mark, hyphen or apostrophe at `i`, or 0. */
function wordPartAt(text: string, i: number): number {
  const code = text.charCodeAt(i);
  if (code < 128) {
    return (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 39 || code === 45 ? 1 : 0;
  }
  return WORD_PART.lengthAt(text, i);
}

/** Code units of the code point at `i` (2 for a surrogate pair). */
function codePointLength(text: string, i: number): number {
  const code = text.charCodeAt(i);
  if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length) {
    const next = text.charCodeAt(i + 1);
    return next >= 0xdc00 && next <= 0xdfff ? 2 : 1;
  }
  return 1;
}

function isCapital(first: string): boolean {
  const code = first.charCodeAt(0);
  if (code < 128) {
    return code >= 65 && code <= 90;
  }
  return first !== first.toLowerCase() && first === first.toUpperCase();
}

/**
 * `hashWord` of lexicon/flags.ts, computed here while scanning: a call into another module per
 * character costs more than the multiplication (the text tests check both give the same flags).
 */
const WORD_HASH_START = 0x811c9dc5 | 0;
function hashStep(hash: number, code: number): number {
  return Math.imul(hash ^ code, 0x01000193);
}

function isAsciiLetter(code: number): boolean {
  return (code >= 97 && code <= 122) || (code >= 65 && code <= 90);
}

export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let previousEnd = 0;
  let i = 0;
  while (i < text.length) {
    const code = text.charCodeAt(i);
    // Length of the letter that starts a word here (1, or 2 for a surrogate pair); none: skip.
    let letter: number;
    if (code < 128) {
      if (!isAsciiLetter(code)) {
        i++;
        continue;
      }
      letter = 1;
    } else {
      letter = letterAt(text, i);
      if (letter === 0) {
        i += codePointLength(text, i);
        continue;
      }
    }
    const start = i;
    let scanEnd = i + letter;
    // Words of ASCII letters, hyphens and apostrophes (nearly all words) are hashed on the way
    // in lower case, for the flag lookup without making a string; `upper` says whether the text
    // has capitals (then the lookup compares case-insensitively).
    let ascii = code < 128;
    let upper = code <= 90; // (only read when `ascii`: then A–Z)
    let hash = hashStep(WORD_HASH_START, code | 32);
    for (;;) {
      const c = text.charCodeAt(scanEnd);
      if ((c >= 97 && c <= 122) || c === 39 || c === 45) {
        scanEnd++;
        hash = hashStep(hash, c);
      } else if (c >= 65 && c <= 90) {
        scanEnd++;
        hash = hashStep(hash, c | 32);
        upper = true;
      } else {
        const part = c >= 128 ? wordPartAt(text, scanEnd) : 0;
        if (part === 0) {
          break;
        }
        scanEnd += part;
        ascii = false;
      }
    }
    // A trailing hyphen or apostrophe belongs to punctuation, not to the word.
    let end = scanEnd;
    let last = text.charCodeAt(end - 1);
    while (end - start > 1 && (last === 45 || last === 39 || last === 0x2019)) {
      end--;
      last = text.charCodeAt(end - 1);
    }
    const previous = tokens.length === 0 ? -1 : previousEnd;
    if (ascii) {
      if (end !== scanEnd) {
        // Something was cut off: hash the shorter word again.
        hash = WORD_HASH_START;
        for (let k = start; k < end; k++) {
          hash = hashStep(hash, text.charCodeAt(k) | 32);
        }
      }
      // (`| 32` lower-cases A–Z and leaves a–z, ' and - as they are.)
      // `code` is an ASCII letter here, so `code <= 90` means it is one of A–Z: a capital.
      tokens.push(new Token(text, start, end, code <= 90, flagsAt(text, start, end, hash | 1, upper), previous, undefined, undefined));
    } else {
      const word = text.slice(start, end);
      const lower = word.toLowerCase();
      tokens.push(new Token(text, start, end, isCapital(word[0] as string), flagsOf(lower), previous, word, lower));
    }
    previousEnd = end;
    i = scanEnd;
  }
  return tokens;
}

/** Between two tokens: a sentence ends there (., !, ?, :, line break, bullet, " - "). */
function breaksSentence(text: string, from: number, to: number): boolean {
  let dash = false;
  for (let i = from; i < to; i++) {
    const code = text.charCodeAt(i);
    // . ! ? \n \r : • end the sentence; a hyphen only between spaces (left to SENTENCE_BREAK).
    if (code === 46 || code === 33 || code === 63 || code === 10 || code === 13 || code === 58 || code === 0x2022) {
      return true;
    }
    dash ||= code === 45;
  }
  return dash && SENTENCE_BREAK.test(text.slice(from, to));
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
