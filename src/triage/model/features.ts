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

/**
 * FNV-1a as a signed 32-bit value (the same bits as `hashString`, without boxing large numbers).
 * Also the stopword table's hash (language.ts), so triage has one FNV-1a over strings.
 */
export function hash32(text: string, seed: number = FNV_OFFSET): number {
  let h = seed | 0;
  for (let i = 0; i < text.length; i++) {
    h = Math.imul(h ^ text.charCodeAt(i), FNV_PRIME);
  }
  return h;
}

/** Bucket of a word unigram (used to explain predictions with words). */
export function wordBucket(token: string): number {
  return hash32(token, WORD_SEED) & MASK;
}

/**
 * Feature and word-bucket buffers that are reused from one token list to the next (a fresh
 * Int32Array of more than 16 values is allocated outside the heap: slow).
 */
export interface FeatureBuffers {
  features: Int32Array;
  wordBuckets: Int32Array;
}

/** Buffers with room for a post of a few hundred characters; `writeFeaturesGrowing` enlarges them. */
export function featureBuffers(): FeatureBuffers {
  return { features: new Int32Array(1024), wordBuckets: new Int32Array(256) };
}

/**
 * `writeFeatures` into `buffers`, replacing a buffer that is too short by one of twice its size
 * (or the size needed, if more); returns the number of features. The buffers never shrink: they
 * keep the size of the largest token list written so far.
 */
export function writeFeaturesGrowing(tokens: readonly string[], buffers: FeatureBuffers): number {
  if (buffers.wordBuckets.length < tokens.length) {
    buffers.wordBuckets = new Int32Array(Math.max(tokens.length, buffers.wordBuckets.length * 2));
  }
  const count = writeFeatures(tokens, buffers.features, buffers.wordBuckets);
  if (count >= 0) {
    return count;
  }
  // Too short: only now count what is needed (most token lists fit at once).
  buffers.features = new Int32Array(Math.max(featureCount(tokens), buffers.features.length * 2));
  return writeFeatures(tokens, buffers.features, buffers.wordBuckets);
}

/**
 * The buffers of `extractFeatures`. They grow to the largest token list given and stay that size;
 * its callers (training, tests) pass whole corpus messages, which `classify`'s cut to
 * MAX_ANALYSED_CHARS does not apply to, so the bound is the longest message trained on.
 */
const extractBuffers = featureBuffers();

/**
 * Feature buckets of a token list (duplicates allowed: they count), as a fresh array (training).
 * Per token: its unigram, the bigram with the previous token, then the character trigrams of
 * "<token>"; the word hash and the trigrams come from one pass over the characters.
 */
export function extractFeatures(tokens: readonly string[]): number[] {
  const count = writeFeaturesGrowing(tokens, extractBuffers);
  const features = extractBuffers.features;
  const out: number[] = [];
  for (let i = 0; i < count; i++) {
    out.push(features[i] as number);
  }
  return out;
}

/**
 * How many features `extractFeatures` gives for these tokens, to size a buffer: per token one
 * unigram, one bigram (not for the first token) and, for words of 3+ characters that are not
 * "<" markers, one trigram per character ("<token>" has length + 2 characters).
 */
export function featureCount(tokens: readonly string[]): number {
  let count = 0;
  for (let t = 0; t < tokens.length; t++) {
    const token = tokens[t] as string;
    count += t > 0 ? 2 : 1;
    if (token.length >= 3 && token.charCodeAt(0) !== 60) {
      count += token.length;
    }
  }
  return count;
}

/** Bucket of the character trigram a b c (FNV-1a from CHAR_SEED). */
function trigramBucket(a: number, b: number, c: number): number {
  return Math.imul(Math.imul(Math.imul(CHAR_SEED ^ a, FNV_PRIME) ^ b, FNV_PRIME) ^ c, FNV_PRIME) & MASK;
}

/**
 * Writes the features of `extractFeatures` into `out` and the unigram bucket of token i into
 * `wordBuckets[i]` (at least `tokens.length` long); returns the number written, or −1 when `out`
 * is too short (it needs `featureCount(tokens)`). Inference reuses one buffer for this, so a
 * message costs no growing arrays, and only counts when the buffer turns out too short.
 */
export function writeFeatures(tokens: readonly string[], out: Int32Array, wordBuckets?: Int32Array): number {
  let n = 0;
  let previous = 0;
  for (let t = 0; t < tokens.length; t++) {
    const token = tokens[t] as string;
    const length = token.length;
    const trigrams = length >= 3 && token.charCodeAt(0) !== 60; /* not for "<" marker tokens */
    if (n + (t > 0 ? 2 : 1) + (trigrams ? length : 0) > out.length) {
      return -1; // exactly what `featureCount` adds for this token
    }
    const wordAt = n;
    n += t > 0 ? 2 : 1; // unigram and bigram, filled in below
    let wordHash = WORD_SEED | 0;
    if (trigrams) {
      // Trigrams over "<token>" (the word between "<" and ">"), without building the padded string:
      // a and b are the two characters before c.
      let a = 60;
      let b = token.charCodeAt(0);
      wordHash = Math.imul(wordHash ^ b, FNV_PRIME);
      for (let i = 1; i < length; i++) {
        const c = token.charCodeAt(i);
        wordHash = Math.imul(wordHash ^ c, FNV_PRIME);
        out[n++] = trigramBucket(a, b, c);
        a = b;
        b = c;
      }
      out[n++] = trigramBucket(a, b, 62);
    } else {
      for (let i = 0; i < length; i++) {
        wordHash = Math.imul(wordHash ^ token.charCodeAt(i), FNV_PRIME);
      }
    }
    out[wordAt] = wordHash & MASK;
    if (wordBuckets) {
      wordBuckets[t] = wordHash & MASK;
    }
    if (t > 0) {
      out[wordAt + 1] = (Math.imul(previous ^ BIGRAM_SEED, 0x9e3779b1) ^ wordHash) & MASK;
    }
    previous = wordHash;
  }
  return n;
}
