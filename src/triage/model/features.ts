/**
 * Hashed features for the linear model: word unigrams, word bigrams and character trigrams of
 * each word (robust to typos such as "afsrpaak"). Training and inference share this code.
 */

/** Number of hash buckets (must match the weights). */
export const FEATURE_DIM = 1 << 14;
const MASK = FEATURE_DIM - 1;

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/** FNV-1a hash of a string, starting from a seed (different seeds for different feature kinds). */
export function hashString(text: string, seed: number = FNV_OFFSET): number {
  let h = seed >>> 0;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, FNV_PRIME);
  }
  return h >>> 0;
}

const WORD_SEED = hashString("w|");
const BIGRAM_SEED = hashString("b|");
const CHAR_SEED = hashString("c|");

/** Bucket of a word unigram (used to explain predictions with words). */
export function wordBucket(token: string): number {
  return hashString(token, WORD_SEED) & MASK;
}

/**
 * Feature buckets of a token list (duplicates allowed: they count). When `wordBuckets` is given,
 * the unigram bucket of each token is also pushed there (saves hashing the words again).
 */
export function extractFeatures(tokens: readonly string[], wordBuckets?: number[]): number[] {
  const out: number[] = [];
  let previous = -1;
  for (const token of tokens) {
    const wordHash = hashString(token, WORD_SEED);
    out.push(wordHash & MASK);
    wordBuckets?.push(wordHash & MASK);
    if (previous !== -1) {
      out.push((Math.imul(previous ^ BIGRAM_SEED, 0x9e3779b1) ^ wordHash) >>> 0 & MASK);
    }
    previous = wordHash;
    const length = token.length;
    if (length >= 3 && token.charCodeAt(0) !== 60 /* "<" marker tokens */) {
      // Trigrams over "<token>" without building the padded string.
      for (let i = -1; i + 2 <= length; i++) {
        let h = CHAR_SEED;
        for (let j = i; j < i + 3; j++) {
          const code = j < 0 ? 60 : j >= length ? 62 : token.charCodeAt(j);
          h ^= code;
          h = Math.imul(h, FNV_PRIME);
        }
        out.push((h >>> 0) & MASK);
      }
    }
  }
  return out;
}
