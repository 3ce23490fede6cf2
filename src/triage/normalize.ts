/**
 * Text normalisation and tokenisation shared by the cue rules, the language detector and the
 * model (training and inference must see exactly the same tokens).
 */

import { CharClass } from "../guard/text.ts";

const NON_ASCII = /[\u0080-\uffff]/;
const COMBINING_MARKS = /[\u0300-\u036f]/g;
const SINGLE_QUOTES = /[\u2018\u2019\u0060\u00b4]/g;
const DOUBLE_QUOTES = /[\u201c\u201d]/g;
const LETTER_RUN = /([a-z])\1{2,}/g;
/** Any character one of the three replacements below would change (most texts have none). */
const MARK_OR_QUOTE = /[\u0300-\u036f\u2018\u2019\u0060\u00b4\u201c\u201d]/;

/** Lower case, no diacritics (suïcidaal → suicidaal), curly quotes straightened, letter runs of 3+ cut to 2. */
export function normalizeText(text: string): string {
  let out = text.toLowerCase();
  if (NON_ASCII.test(out)) {
    out = out.normalize("NFD");
    // One search instead of three replacements that would change nothing.
    if (MARK_OR_QUOTE.test(out)) {
      out = out.replace(COMBINING_MARKS, "").replace(SINGLE_QUOTES, "'").replace(DOUBLE_QUOTES, '"');
    }
  } else if (out.includes("`")) {
    // Plain ASCII: NFD changes nothing and the backtick is the only quote to straighten.
    out = out.replace(SINGLE_QUOTES, "'");
  }
  return hasLetterRun(out) ? out.replace(LETTER_RUN, "$1$1") : out;
}

/** Three equal letters a–z in a row ("heeeel"): rare, so checked before running the replacement. */
function hasLetterRun(text: string): boolean {
  let previous = -1;
  let run = 1;
  const length = text.length;
  for (let i = 0; i < length; i++) {
    const code = text.charCodeAt(i);
    // Most characters differ from the one before: one comparison, and the run count only then.
    if (code === previous) {
      if (++run === 3 && code >= 97 && code <= 122) {
        return true;
      }
    } else {
      run = 1;
      previous = code;
    }
  }
  return false;
}

/**
 * Tokens of a normalised text: words (with a leading @ or # kept as separate marker tokens),
 * URLs as `<url>`, numbers as `<num>` (except the help numbers 112/113), emoji and ?/! marks.
 *
 * The tokens are what the regex below finds; the scanner in `nextToken` follows it character by
 * character (it runs on every message, and match objects cost more than the rest of the work):
 * /https?:\/\/\S+|www\.\S+|[@#]?[\p{L}\p{N}]+(?:['-][\p{L}\p{N}]+)*|\p{Extended_Pictographic}|[?!]/gu
 */
export function tokenize(normalized: string): string[] {
  const tokens: string[] = [];
  const span = { start: 0, end: 0 };
  const length = normalized.length;
  let from = 0;
  while (from < length) {
    const code = normalized.charCodeAt(from);
    if (code === 32) {
      from++;
      continue;
    }
    // Most tokens are plain words: a–z, then a–z or 0–9, up to a space, the end or punctuation.
    // The general scanner gives such a word as it is (it is no URL: that needs "://" or "www."),
    // except a word starting with "ht", which may be "http…" and becomes "<url>" below; those, and
    // words going on with a joiner or a non-ASCII character, take the long way.
    if (code >= 97 && code <= 122 && !(code === 104 && normalized.charCodeAt(from + 1) === 116)) {
      let end = from + 1;
      let next = normalized.charCodeAt(end);
      while ((next >= 97 && next <= 122) || (next >= 48 && next <= 57)) {
        next = normalized.charCodeAt(++end);
      }
      if (next === 32 || end === length || endsPlainWord(normalized, from, end, next)) {
        tokens.push(normalized.slice(from, end));
        from = end;
        continue;
      }
    }
    if (!nextToken(normalized, from, span)) {
      break;
    }
    from = span.end;
    let token = normalized.slice(span.start, span.end);
    const first = token.charCodeAt(0);
    if (first === 104 /* h */ || first === 119 /* w */) {
      if (token.startsWith("http") || token.startsWith("www.")) {
        tokens.push("<url>");
        continue;
      }
    }
    if (first === 64 /* @ */) {
      tokens.push("<mention>");
      continue;
    }
    if (first === 35 /* # */) {
      tokens.push("<hashtag>");
      token = token.slice(1);
      if (!token) {
        continue;
      }
    }
    if (first >= 48 && first <= 57 && /^\d+$/.test(token)) {
      tokens.push(token === "112" || token === "113" ? token : "<num>");
      continue;
    }
    tokens.push(token);
  }
  return tokens;
}

/**
 * Whether the ASCII character `next` after the a–z/0–9 run from…end ends the token there, as the
 * general scanner would end it: anything but a capital, a joiner (' or -) or a non-ASCII character
 * (maybe a letter), and not the "." of "www." (a URL).
 */
function endsPlainWord(text: string, from: number, end: number, next: number): boolean {
  if (next >= 128 || next === 39 || next === 45 || (next >= 65 && next <= 90)) {
    return false;
  }
  return !(next === 46 && end - from === 3 && text.startsWith("www", from));
}

const LETTER_OR_NUMBER = new CharClass("[\\p{L}\\p{N}]");
const PICTOGRAPH = new CharClass("\\p{Extended_Pictographic}");
const SPACE_AT = /\s/y;

/** Length (1, or 2 for a surrogate pair) of the letter or number at `i`, else 0. */
function letterOrNumberAt(text: string, i: number): number {
  const code = text.charCodeAt(i);
  if (code < 128) {
    return (code >= 97 && code <= 122) || (code >= 65 && code <= 90) || (code >= 48 && code <= 57) ? 1 : 0;
  }
  return i < text.length ? LETTER_OR_NUMBER.lengthAt(text, i) : 0;
}

/**
 * Whether the character at `i` is white space (\s, as `trim` and `split(/\s+/)` see it); false past
 * the end. Shared by the tokenizer and the safety cues (rules/safety.ts).
 */
export function isSpaceAt(text: string, i: number): boolean {
  const code = text.charCodeAt(i);
  if (code < 128) {
    return code === 32 || (code >= 9 && code <= 13);
  }
  SPACE_AT.lastIndex = i;
  return SPACE_AT.test(text);
}

/** After `http://`, `https://` or `www.` at `i`: the end of the URL (1+ non-space characters), or -1. */
function urlEnd(text: string, i: number): number {
  let prefix = 0;
  if (text.startsWith("http://", i)) {
    prefix = 7;
  } else if (text.startsWith("https://", i)) {
    prefix = 8;
  } else if (text.startsWith("www.", i)) {
    prefix = 4;
  }
  let end = i + prefix;
  if (prefix === 0 || end >= text.length || isSpaceAt(text, end)) {
    return -1;
  }
  while (end < text.length && !isSpaceAt(text, end)) {
    end++;
  }
  return end;
}

/** Finds the first token at or after `from`; false when there is none. */
function nextToken(text: string, from: number, span: { start: number; end: number }): boolean {
  let i = from;
  while (i < text.length) {
    const code = text.charCodeAt(i);
    const url = code === 104 || code === 119 ? urlEnd(text, i) : -1;
    if (url >= 0) {
      span.start = i;
      span.end = url;
      return true;
    }
    const sign = code === 64 || code === 35 ? 1 : 0; // "@" or "#" in front of a word
    let length = letterOrNumberAt(text, i + sign);
    if (length > 0) {
      let end = i + sign + length;
      for (;;) {
        while ((length = letterOrNumberAt(text, end)) > 0) {
          end += length;
        }
        const joiner = text.charCodeAt(end);
        if ((joiner === 39 || joiner === 45) && letterOrNumberAt(text, end + 1) > 0) {
          end++;
          continue;
        }
        break;
      }
      span.start = i;
      span.end = end;
      return true;
    }
    if (code === 63 || code === 33) {
      span.start = i;
      span.end = i + 1;
      return true;
    }
    const pictograph = code >= 128 ? PICTOGRAPH.lengthAt(text, i) : 0;
    if (pictograph > 0) {
      span.start = i;
      span.end = i + pictograph;
      return true;
    }
    // Nothing starts here: on to the next code point (a surrogate pair is one).
    i += code >= 0xd800 && code <= 0xdbff && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00 ? 2 : 1;
  }
  return false;
}

/** True when the text has no letters or digits at all (e.g. only emoji or punctuation). */
export function hasNoWords(text: string): boolean {
  return !/[\p{L}\p{N}]/u.test(text);
}
