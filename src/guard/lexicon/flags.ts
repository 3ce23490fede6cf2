/**
 * One lookup per word instead of one per word list: every list the detectors consult registers a
 * bit here, and `tokenize` stores the word's bits on the token.
 */
export const WORD_FLAGS = new Map<string, number>();

let nextBit = 1;

/** Registers a word list and returns its bit. Call at module load, before any text is checked. */
export function wordFlag(words: Iterable<string>): number {
  const bit = nextBit;
  nextBit *= 2;
  if (nextBit > 2 ** 30) {
    throw new Error("too many word flags");
  }
  for (const word of words) {
    WORD_FLAGS.set(word, (WORD_FLAGS.get(word) ?? 0) | bit);
  }
  return bit;
}
