/**
 * Text normalisation and tokenisation shared by the cue rules, the language detector and the
 * model (training and inference must see exactly the same tokens).
 */

/** Lower case, no diacritics (suïcidaal → suicidaal), curly quotes straightened, letter runs of 3+ cut to 2. */
export function normalizeText(text: string): string {
  return text
    .toLowerCase()
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[\u2018\u2019\u0060\u00b4]/g, "'")
    .replace(/[\u201c\u201d]/g, '"')
    .replace(/([a-z])\1{2,}/g, "$1$1");
}

/**
 * Tokens of a normalised text: words (with a leading @ or # kept as separate marker tokens),
 * URLs as `<url>`, numbers as `<num>` (except the help numbers 112/113), emoji and ?/! marks.
 */
const TOKEN_RE = /https?:\/\/\S+|www\.\S+|[@#]?[\p{L}\p{N}]+(?:['-][\p{L}\p{N}]+)*|\p{Extended_Pictographic}|[?!]/gu;

export function tokenize(normalized: string): string[] {
  const tokens: string[] = [];
  for (const match of normalized.matchAll(TOKEN_RE)) {
    let token = match[0];
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

/** True when the text has no letters or digits at all (e.g. only emoji or punctuation). */
export function hasNoWords(text: string): boolean {
  return !/[\p{L}\p{N}]/u.test(text);
}
