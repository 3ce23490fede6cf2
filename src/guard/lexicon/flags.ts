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
  table = undefined;
  return bit;
}

/**
 * The same lookup as `WORD_FLAGS.get(word) ?? 0` (`hash` is `hashWord(word)` when the caller
 * already has it), through a compact open-addressing table built
 * from the map on first use: every word of every message is looked up, most words are in no list,
 * and probing a few small typed arrays is much cheaper than a Map of thousands of strings.
 */
export function flagsOf(word: string, hash: number = hashWord(word)): number {
  return flagsAt(word, 0, word.length, hash, false);
}

/**
 * `flagsOf(text.slice(start, end), hash)` without making the string: the word is compared in
 * place (most words are in no list and end at an empty slot without any comparison). `folded`:
 * the text is ASCII and may have capitals, compare case-insensitively (then it is the lookup of
 * the lower-case word).
 */
export function flagsAt(text: string, start: number, end: number, hash: number, folded: boolean): number {
  const t = (table ??= buildTable());
  const mask = t.hashes.length - 1;
  for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
    const found = t.hashes[slot];
    if (found === 0) {
      return 0;
    }
    if (found === hash) {
      const word = t.words[slot] as string;
      if (word.length === end - start && (folded ? equalsFolded(text, start, word) : text.startsWith(word, start))) {
        return t.flags[slot] as number;
      }
    }
  }
}

/** `text.slice(start, start + word.length).toLowerCase() === word` for ASCII text (A–Z folded). */
function equalsFolded(text: string, start: number, word: string): boolean {
  for (let k = 0; k < word.length; k++) {
    const c = text.charCodeAt(start + k);
    if ((c >= 65 && c <= 90 ? c | 32 : c) !== word.charCodeAt(k)) {
      return false;
    }
  }
  return true;
}

interface FlagTable {
  /** Hash of the word in each slot (never 0: 0 marks an empty slot). */
  hashes: Int32Array;
  flags: Int32Array;
  words: string[];
}

let table: FlagTable | undefined;

/** The hash `flagsOf` files a word under: FNV-1a, made odd (never 0). guard/text.ts computes it while scanning. */
export function hashWord(word: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < word.length; i++) {
    h = Math.imul(h ^ word.charCodeAt(i), 0x01000193);
  }
  return h | 1;
}

function buildTable(): FlagTable {
  let size = 16;
  while (size < WORD_FLAGS.size * 2) {
    size *= 2;
  }
  const built: FlagTable = { hashes: new Int32Array(size), flags: new Int32Array(size), words: new Array<string>(size).fill("") };
  for (const [word, bits] of WORD_FLAGS) {
    const hash = hashWord(word);
    let slot = hash & (size - 1);
    while (built.hashes[slot] !== 0) {
      slot = (slot + 1) & (size - 1);
    }
    built.hashes[slot] = hash;
    built.flags[slot] = bits;
    built.words[slot] = word;
  }
  return built;
}
