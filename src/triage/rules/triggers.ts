/**
 * Word triggers for the cue regexes: which words a text must contain before a regex can match,
 * derived once from the regex source, so that one pass over the words of a message decides which
 * of the ± 60 cue regexes are worth running at all. The rules stay ordinary regexes; this module
 * only skips the ones that cannot match, so every result is exactly what the regex alone gives.
 *
 * How a trigger is derived (soundness): in a regex without the `i` flag, a literal run of word
 * characters ([A-Za-z0-9_]) that comes right after a word boundary (`\b`, `^`, a space or any
 * other non-word character) starts a maximal run of word characters in the text — a "word".
 * So `\bzelfmoord\w*` needs a word starting with "zelfmoord", and `\b(?:wil|wou) dood\b` needs
 * the word "wil" or "wou" and the word "dood". Each regex becomes a condition tree (and/or over
 * such word sets, plus "this character occurs" for literal non-word characters such as `?`,
 * `€` or an emoji); anything the analysis does not understand counts as "may match", so an
 * unknown construct costs speed, never a missed cue. The triggers tests check the condition
 * against generated matches of every registered regex.
 */

/** One element of a parsed regex. `example` is a character a class matches (for the tests' generator). */
export type Item =
  | { kind: "char"; code: number }
  | { kind: "class"; maybeWord: boolean; coversWord: boolean; example: string }
  | { kind: "boundary" }
  | { kind: "start" }
  | { kind: "end" }
  | { kind: "look"; behind: boolean; negative: boolean; alternatives: Item[][] }
  | { kind: "group"; alternatives: Item[][] }
  | { kind: "repeat"; item: Item; min: number; max: number };

/** A condition a text must meet before the regex can match. Leaves have an id in the scan's hit list. */
export type Condition =
  | { kind: "true" }
  | { kind: "and"; parts: Condition[] }
  | { kind: "or"; parts: Condition[] }
  | Leaf;

type Leaf = { kind: "word"; words: WordTrigger[]; id: number } | { kind: "char"; code: number; id: number };

export interface WordTrigger {
  /** Lower-case word characters. */
  text: string;
  /** The whole word must be `text` (otherwise it must start with `text`). */
  exact: boolean;
}

const TRUE: Condition = { kind: "true" };
/**
 * Literal characters are keyed by code: ASCII by itself, other characters by one of 64 groups
 * (128 + code mod 64), so "€" and an emoji rarely share a key with "é".
 */
function charKey(code: number): number {
  return code < 128 ? code : 128 + (code & 63);
}

function isWordCode(code: number): boolean {
  return (code >= 97 && code <= 122) || (code >= 65 && code <= 90) || (code >= 48 && code <= 57) || code === 95;
}

// ---------------------------------------------------------------------------------------------
// A small parser for the regex syntax the cue files use. Unknown escapes become "any character".

class Parser {
  private pos = 0;

  constructor(
    private readonly source: string,
    private readonly unicode: boolean,
  ) {}

  parse(): Item[][] {
    const alternatives = this.alternatives();
    if (this.pos < this.source.length) {
      throw new Error(`unexpected "${this.source[this.pos]}" at ${this.pos}`);
    }
    return alternatives;
  }

  private alternatives(): Item[][] {
    const out: Item[][] = [this.sequence()];
    while (this.source[this.pos] === "|") {
      this.pos++;
      out.push(this.sequence());
    }
    return out;
  }

  private sequence(): Item[] {
    const items: Item[] = [];
    while (this.pos < this.source.length && this.source[this.pos] !== "|" && this.source[this.pos] !== ")") {
      const atom = this.atom();
      items.push(this.quantified(atom));
    }
    return items;
  }

  private quantified(item: Item): Item {
    const c = this.source[this.pos];
    let min: number;
    let max = Infinity;
    if (c === "?" || c === "*" || c === "+") {
      min = c === "+" ? 1 : 0;
      max = c === "?" ? 1 : Infinity;
      this.pos++;
    } else if (c === "{" && /^\{\d+(?:,\d*)?\}/.test(this.source.slice(this.pos))) {
      const close = this.source.indexOf("}", this.pos);
      const [low = "0", high] = this.source.slice(this.pos + 1, close).split(",");
      min = Number(low);
      max = high === undefined ? min : high === "" ? Infinity : Number(high);
      this.pos = close + 1;
    } else {
      return item;
    }
    if (this.source[this.pos] === "?") {
      this.pos++; // lazy: same strings
    }
    return { kind: "repeat", item, min, max };
  }

  private atom(): Item {
    const c = this.source[this.pos] as string;
    if (c === "(") {
      return this.group();
    }
    if (c === "[") {
      return this.charClass();
    }
    this.pos++;
    if (c === "\\") {
      return this.escape();
    }
    if (c === ".") {
      return { kind: "class", maybeWord: true, coversWord: false, example: "x" };
    }
    if (c === "^") {
      return { kind: "start" };
    }
    if (c === "$") {
      return { kind: "end" };
    }
    return this.literal(c);
  }

  private literal(c: string): Item {
    const code = c.charCodeAt(0);
    // With the u flag a surrogate pair is one character (a quantifier after it repeats both
    // halves); it stands for its first half, which the scan sees in the text.
    if (this.unicode && code >= 0xd800 && code <= 0xdbff && (this.source.charCodeAt(this.pos) & 0xfc00) === 0xdc00) {
      this.pos++;
    }
    return { kind: "char", code };
  }

  private group(): Item {
    this.pos++;
    let look: { behind: boolean; negative: boolean } | undefined;
    if (this.source.startsWith("?:", this.pos)) {
      this.pos += 2;
    } else if (/^\?<?[=!]/.test(this.source.slice(this.pos))) {
      const behind = this.source[this.pos + 1] === "<";
      this.pos += behind ? 2 : 1;
      look = { behind, negative: this.source[this.pos] === "!" };
      this.pos++;
    } else if (this.source.startsWith("?<", this.pos)) {
      this.pos = this.source.indexOf(">", this.pos) + 1; // named group
    }
    const alternatives = this.alternatives();
    if (this.source[this.pos] !== ")") {
      throw new Error(`unclosed group at ${this.pos}`);
    }
    this.pos++;
    return look ? { kind: "look", ...look, alternatives } : { kind: "group", alternatives };
  }

  private escape(): Item {
    const c = this.source[this.pos++] as string;
    switch (c) {
      case "b":
        return { kind: "boundary" };
      case "w":
      case "d":
        return { kind: "class", maybeWord: true, coversWord: c === "w", example: c === "w" ? "a" : "7" };
      case "s":
        return { kind: "class", maybeWord: false, coversWord: false, example: " " };
      case "n":
        return { kind: "char", code: 10 };
      case "r":
        return { kind: "char", code: 13 };
      case "t":
        return { kind: "char", code: 9 };
      case "p":
      case "P":
        if (this.unicode) {
          this.pos = this.source.indexOf("}", this.pos) + 1;
          return { kind: "class", maybeWord: true, coversWord: false, example: "a" };
        }
        return this.literal(c);
      default:
        if (/[A-Za-z0-9]/.test(c)) {
          // \B, \W, \S, \D, back-references, \u…: whatever they match, assume the worst.
          return { kind: "class", maybeWord: true, coversWord: false, example: "x" };
        }
        return this.literal(c);
    }
  }

  private charClass(): Item {
    this.pos++;
    const negated = this.source[this.pos] === "^";
    if (negated) {
      this.pos++;
    }
    let maybeWord = negated;
    let coversWord = false;
    let example = "";
    while (this.pos < this.source.length && this.source[this.pos] !== "]") {
      let c = this.source[this.pos++] as string;
      if (c === "\\") {
        c = this.source[this.pos++] as string;
        if (c === "w") {
          coversWord = true;
          maybeWord = true;
          example ||= "a";
        } else if (c === "d" || c === "D" || c === "W" || c === "S" || c === "p" || c === "P") {
          maybeWord = true;
          example ||= c === "d" ? "7" : "a";
          if ((c === "p" || c === "P") && this.unicode) {
            this.pos = this.source.indexOf("}", this.pos) + 1;
          }
        } else if (c === "s") {
          example ||= " ";
        } else if (/[A-Za-z0-9]/.test(c) && !"bnrtf".includes(c)) {
          maybeWord = true;
        } else if (!/[A-Za-z0-9]/.test(c)) {
          example ||= c;
        }
        continue;
      }
      // A range (a-z) or a plain character: word characters anywhere in it make it "maybe".
      if (isWordCode(c.charCodeAt(0)) || (this.source[this.pos] === "-" && this.source[this.pos + 1] !== "]")) {
        maybeWord = true;
      }
      example ||= c;
    }
    this.pos++;
    return { kind: "class", maybeWord, coversWord: coversWord && !negated, example: negated ? "#" : example || "x" };
  }
}

/** Parses the source of a regex into alternatives of items (exported for the tests). */
export function parsePattern(source: string, unicode: boolean): Item[][] {
  return new Parser(source, unicode).parse();
}

// ---------------------------------------------------------------------------------------------
// Analysis. "Boundary state" true means: if the next character of the match is a word character,
// the character before it is not (or it is the start of the text), so a word starts there.

function boundaryAfterSequence(items: readonly Item[], start: boolean): boolean {
  let state = start;
  for (const item of items) {
    state = boundaryAfter(item, state);
  }
  return state;
}

function boundaryAfter(item: Item, before: boolean): boolean {
  switch (item.kind) {
    case "char":
      return !isWordCode(item.code);
    case "class":
      return !item.maybeWord;
    case "boundary":
    case "start":
      return true;
    case "end":
      return before;
    case "look": {
      // (?<![\w…]) asserts the previous character is not a word character.
      const only = item.alternatives.length === 1 ? item.alternatives[0]?.[0] : undefined;
      return before || (item.behind && item.negative && only?.kind === "class" && only.coversWord);
    }
    case "group":
      return item.alternatives.every((alternative) => boundaryAfterSequence(alternative, before));
    case "repeat":
      // After one or more iterations the state is at least what one iteration from "false" gives.
      return (item.min > 0 || before) && boundaryAfter(item.item, false);
  }
}

/** After a word-character literal: the word certainly ends here. */
function closedAt(items: readonly Item[], index: number, closedAfter: boolean): boolean {
  const item = items[index];
  if (item === undefined) {
    return closedAfter;
  }
  switch (item.kind) {
    case "char":
      return !isWordCode(item.code);
    case "class":
      return !item.maybeWord;
    case "boundary":
    case "end":
      return true;
    case "repeat":
      return item.min > 0 && closedAt([item.item], 0, false);
    case "group":
      return item.alternatives.every((alternative) => alternative.length > 0 && closedAt(alternative, 0, false));
    default:
      return false;
  }
}

const MAX_STRINGS = 256;

/** The strings a pure word-literal item can match ("" included when optional), or undefined. */
function wordStrings(item: Item): string[] | undefined {
  switch (item.kind) {
    case "char":
      return isWordCode(item.code) ? [String.fromCharCode(item.code)] : undefined;
    case "group": {
      const out: string[] = [];
      for (const alternative of item.alternatives) {
        const strings = sequenceStrings(alternative);
        if (!strings) {
          return undefined;
        }
        out.push(...strings);
      }
      return out.length <= MAX_STRINGS ? out : undefined;
    }
    case "repeat": {
      // Only "x?" (zero or one time): "x*" or "x{2}" would need more strings than we list.
      const inner = item.min === 0 && item.max === 1 ? wordStrings(item.item) : undefined;
      return inner ? ["", ...inner] : undefined;
    }
    default:
      return undefined;
  }
}

function sequenceStrings(items: readonly Item[]): string[] | undefined {
  let out = [""];
  for (const item of items) {
    const strings = wordStrings(item);
    if (!strings) {
      return undefined;
    }
    out = out.flatMap((prefix) => strings.map((s) => prefix + s));
    if (out.length > MAX_STRINGS) {
      return undefined;
    }
  }
  return out;
}

/** Trigger words are looked up by a hash computed while scanning, so the scan allocates no strings. */
const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;
/** Prefix triggers are filed under the hash of their first three characters. */
const PREFIX_KEY_LENGTH = 3;

function hashStep(hash: number, code: number): number {
  return Math.imul(hash ^ code, FNV_PRIME);
}

/** A small-integer map key (fits V8's fast integer keys). */
function keyOf(hash: number): number {
  return hash & 0x3fffffff;
}

function hashOf(text: string): number {
  let hash = FNV_OFFSET;
  for (let i = 0; i < text.length; i++) {
    hash = hashStep(hash, text.charCodeAt(i));
  }
  return keyOf(hash);
}

/**
 * Lists of values by a non-negative 30-bit hash key, with open addressing in a typed array: the
 * scan looks up every word, and a probe here is a few array reads instead of a Map lookup.
 */
class HashedLists<V> {
  private keys = new Int32Array(256).fill(-1);
  private lists: (V[] | undefined)[] = [];
  private size = 0;

  get(key: number): V[] | undefined {
    const slot = this.slotOf(key);
    return slot >= 0 ? this.lists[slot] : undefined;
  }

  /** The slot of `key` (0 … capacity − 1), or −1 when it has no list. Slots change only in `add`. */
  slotOf(key: number): number {
    const mask = this.keys.length - 1;
    for (let slot = key & mask; ; slot = (slot + 1) & mask) {
      const found = this.keys[slot];
      if (found === key) {
        return slot;
      }
      if (found === -1) {
        return -1;
      }
    }
  }

  /** The list in a slot (undefined for an empty slot). */
  listAt(slot: number): V[] | undefined {
    return this.lists[slot];
  }

  get capacity(): number {
    return this.keys.length;
  }

  add(key: number, value: V): void {
    const list = this.get(key);
    if (list) {
      list.push(value);
      return;
    }
    if ((this.size + 1) * 2 > this.keys.length) {
      this.grow();
    }
    this.insert(key, [value]);
    this.size++;
  }

  private insert(key: number, list: V[]): void {
    const mask = this.keys.length - 1;
    let slot = key & mask;
    while (this.keys[slot] !== -1) {
      slot = (slot + 1) & mask;
    }
    this.keys[slot] = key;
    this.lists[slot] = list;
  }

  private grow(): void {
    const keys = this.keys;
    const lists = this.lists;
    this.keys = new Int32Array(keys.length * 2).fill(-1);
    this.lists = [];
    keys.forEach((key, slot) => {
      if (key !== -1) {
        this.insert(key, lists[slot] as V[]);
      }
    });
  }
}

/** One top-level alternative of a registered regex, checked once one of its key leaves fired. */
interface Watcher {
  regex: number;
  alternative: Condition;
}

/** How unlikely a leaf is to fire: longer words are rarer, a set of fewer words too; characters such as "?" are common. */
function rarity(leaf: Leaf): number {
  return leaf.kind === "char" ? 1 : Math.min(...leaf.words.map((w) => w.text.length)) - leaf.words.length / 10;
}

/**
 * Leaves of which at least one must fire for `condition` to hold (the rarest such set), or
 * undefined when there is none.
 */
function keyLeaves(condition: Condition): Leaf[] | undefined {
  switch (condition.kind) {
    case "word":
    case "char":
      return [condition];
    case "or": {
      const sets = condition.parts.map(keyLeaves);
      return sets.every((set) => set !== undefined) ? sets.flat() : undefined;
    }
    case "and": {
      let best: Leaf[] | undefined;
      let bestScore = -Infinity;
      for (const part of condition.parts) {
        const set = keyLeaves(part);
        const score = set ? Math.min(...set.map(rarity)) - set.length / 100 : -Infinity;
        if (set && score > bestScore) {
          best = set;
          bestScore = score;
        }
      }
      return best;
    }
    case "true":
      return undefined;
  }
}

/** Whether `condition` holds, given the leaves stamped with `stamp` in the current scan. */
function holds(condition: Condition, leaves: Uint32Array, stamp: number): boolean {
  switch (condition.kind) {
    case "true":
      return true;
    case "word":
    case "char":
      return leaves[condition.id] === stamp;
    case "and":
      for (const part of condition.parts) {
        if (!holds(part, leaves, stamp)) {
          return false;
        }
      }
      return true;
    case "or":
      for (const part of condition.parts) {
        if (holds(part, leaves, stamp)) {
          return true;
        }
      }
      return false;
  }
}

export class TriggerIndex {
  /** Leaf ids of whole-word triggers, by the hash of the word (a rare collision only costs a regex run). */
  private readonly exact = new HashedLists<number>();
  /** Prefix triggers by the hash of their first three characters. */
  private readonly prefixes = new HashedLists<{ text: string; leaves: number[] }>();
  /** Leaf ids of literal characters, by `charKey`. */
  private readonly charLeaves: (number[] | undefined)[] = [];
  private leafCount = 0;
  /**
   * Which leaves fired in the current scan: leaf `id` fired when `leafStamp[id] === scanNumber`.
   * Reused across scans (a fresh typed array of this size costs more than the whole scan).
   */
  private leafStamp = new Uint32Array(0);
  /** Per slot of `exact`: the scan that last fired its leaves (a repeated word is looked at once). */
  private exactStamp = new Uint32Array(0);
  /**
   * The leaf ids of `exact` packed into one typed array for the scan: slot s has the ids
   * `exactIds[exactStarts[s]]` up to (not including) `exactIds[exactStarts[s + 1]]`. With `watched`
   * (1 for leaves with watchers) the scan reads a few flat arrays instead of a small array per word.
   */
  private exactStarts = new Int32Array(1);
  private exactIds = new Int32Array(0);
  private watched = new Uint8Array(0);
  /** `register` calls so far (also failed ones), and how many the scan's tables were built for. */
  private registrations = 0;
  private preparedFor = -1;
  private scanNumber = 0;
  /** Equal word sets and characters share one leaf, so a common word fires few leaves. */
  private readonly leafByKey = new Map<string, Leaf>();
  private readonly conditions: Condition[] = [];
  private readonly patterns: RegExp[] = [];
  /** For each leaf id, the alternatives to check when it fires (undefined for most leaves). */
  private readonly watchers: (Watcher[] | undefined)[] = [];
  /** Alternatives without key leaves (checked on every scan) and regexes that always run. */
  private readonly unwatched: Watcher[] = [];
  private readonly alwaysRun: number[] = [];

  /** Registers a regex; returns its id for `TriggerHits.mayMatch`. */
  register(re: RegExp): number {
    if (re.flags.includes("i")) {
      throw new Error(`trigger index: ${re} must be lower-case without the i flag`);
    }
    // The scan's tables are out of date from here on: counted before anything changes (the word
    // and character tables change inside sequenceCondition), so that a registration that throws
    // halfway still has the next scan rebuild them.
    this.registrations++;
    const alternatives = new Parser(re.source, re.flags.includes("u") || re.flags.includes("v")).parse();
    const condition = this.simplify({ kind: "or", parts: alternatives.map((a) => this.sequenceCondition(a, false, false)) });
    const regex = this.conditions.push(condition) - 1;
    this.patterns.push(re);
    if (condition.kind === "true") {
      this.alwaysRun.push(regex);
    }
    for (const alternative of condition.kind === "or" ? condition.parts : condition.kind === "true" ? [] : [condition]) {
      const keys = keyLeaves(alternative);
      if (keys === undefined) {
        this.unwatched.push({ regex, alternative });
      }
      for (const key of new Set(keys)) {
        (this.watchers[key.id] ??= []).push({ regex, alternative });
      }
    }
    return regex;
  }

  /** The condition of a registered regex (for tests and for the documentation of a rule). */
  condition(id: number): Condition {
    return this.conditions[id] ?? TRUE;
  }

  /** Every registered regex; its index is its id. */
  registered(): readonly RegExp[] {
    return this.patterns;
  }

  /** Regexes with an alternative that has no trigger (they run on every text: slow, not wrong). */
  ungated(): RegExp[] {
    const ids = new Set([...this.alwaysRun, ...this.unwatched.map((w) => w.regex)]);
    return [...ids].map((id) => this.patterns[id] as RegExp);
  }

  private sequenceCondition(items: readonly Item[], start: boolean, closedAfter: boolean): Condition {
    const parts: Condition[] = [];
    let state = start;
    let i = 0;
    while (i < items.length) {
      if (state) {
        // A word starts here: the longest run of word literals from here is its trigger.
        let j = i;
        let strings = [""];
        while (j < items.length) {
          const next = wordStrings(items[j] as Item);
          const combined = next && strings.flatMap((prefix) => next.map((s) => prefix + s));
          if (!combined || combined.length > MAX_STRINGS) {
            break;
          }
          strings = combined;
          j++;
        }
        if (j > i && strings.every((s) => s.length > 0)) {
          const exact = closedAt(items, j, closedAfter);
          parts.push(this.wordCondition(strings.map((text) => ({ text, exact }))));
          for (; i < j; i++) {
            state = boundaryAfter(items[i] as Item, state);
          }
          continue;
        }
      }
      const item = items[i] as Item;
      parts.push(this.itemCondition(item, state, closedAt(items, i + 1, closedAfter)));
      state = boundaryAfter(item, state);
      i++;
    }
    return this.simplify({ kind: "and", parts });
  }

  private itemCondition(item: Item, before: boolean, closedAfter: boolean): Condition {
    switch (item.kind) {
      case "char":
        return isWordCode(item.code) || item.code === 32 ? TRUE : this.charCondition(charKey(item.code));
      case "group":
        return this.simplify({ kind: "or", parts: item.alternatives.map((a) => this.sequenceCondition(a, before, closedAfter)) });
      case "repeat":
        return item.min > 0 ? this.itemCondition(item.item, before, false) : TRUE;
      default:
        return TRUE;
    }
  }

  private wordCondition(words: WordTrigger[]): Condition {
    if (words.some((w) => !w.exact && w.text.length < PREFIX_KEY_LENGTH)) {
      return TRUE; // too short to file as a prefix: this part of the regex is simply not gated
    }
    const key = [...new Set(words.map((w) => (w.exact ? w.text : `${w.text}*`)))].sort().join(" ");
    const known = this.leafByKey.get(key);
    if (known) {
      return known;
    }
    const id = this.leafCount++;
    for (const word of words) {
      if (word.exact) {
        this.exact.add(hashOf(word.text), id);
      } else {
        const key = hashOf(word.text.slice(0, PREFIX_KEY_LENGTH));
        const entry = this.prefixes.get(key)?.find((e) => e.text === word.text);
        if (entry) {
          entry.leaves.push(id);
        } else {
          this.prefixes.add(key, { text: word.text, leaves: [id] });
        }
      }
    }
    const leaf: Leaf = { kind: "word", words, id };
    this.leafByKey.set(key, leaf);
    return leaf;
  }

  private charCondition(code: number): Condition {
    const key = `#${code}`;
    const known = this.leafByKey.get(key);
    if (known) {
      return known;
    }
    const id = this.leafCount++;
    (this.charLeaves[code] ??= []).push(id);
    const leaf: Leaf = { kind: "char", code, id };
    this.leafByKey.set(key, leaf);
    return leaf;
  }

  private simplify(condition: Condition): Condition {
    if (condition.kind === "and") {
      const parts = condition.parts.flatMap((p) => (p.kind === "true" ? [] : p.kind === "and" ? p.parts : [p]));
      // Rare leaves first: most alternatives then fail on their first check.
      const order = (p: Condition) => (p.kind === "word" || p.kind === "char" ? -rarity(p) : 0);
      parts.sort((a, b) => order(a) - order(b));
      return parts.length === 0 ? TRUE : parts.length === 1 ? (parts[0] as Condition) : { kind: "and", parts };
    }
    if (condition.kind === "or") {
      if (condition.parts.length === 0 || condition.parts.some((p) => p.kind === "true")) {
        return TRUE;
      }
      const parts = condition.parts.flatMap((p) => (p.kind === "or" ? p.parts : [p]));
      return parts.length === 1 ? (parts[0] as Condition) : { kind: "or", parts };
    }
    return condition;
  }

  /** One pass over a (lower-case) text: which trigger words and characters occur, and so which regexes may match. */
  scan(text: string): TriggerHits {
    if (this.preparedFor !== this.registrations || this.scanNumber === 0xffffffff) {
      this.prepareScan();
    }
    const leaves = this.leafStamp;
    const exactStamp = this.exactStamp;
    const exactStarts = this.exactStarts;
    const exactIds = this.exactIds;
    const stamp = ++this.scanNumber;
    /** Watched leaves that fired: only their alternatives can hold. */
    const fired: number[] = [];
    const length = text.length;
    let previousChar = -1;
    let i = 0;
    while (i < length) {
      let code = text.charCodeAt(i);
      if (isWordCode(code)) {
        // A word: hash it to its end, then look it up (whole word, and by its first three characters).
        const start = i;
        let hash = FNV_OFFSET;
        let prefixKey = -1;
        do {
          hash = hashStep(hash, code);
          i++;
          if (i - start === PREFIX_KEY_LENGTH) {
            prefixKey = keyOf(hash);
          }
          code = i < length ? text.charCodeAt(i) : 32;
        } while (isWordCode(code));
        // A word that occurred before in this text has fired its leaves already.
        const slot = this.exact.slotOf(keyOf(hash));
        if (slot >= 0 && exactStamp[slot] !== stamp) {
          exactStamp[slot] = stamp;
          for (let at = exactStarts[slot] as number, end = exactStarts[slot + 1] as number; at < end; at++) {
            this.fireLeaf(exactIds[at] as number, stamp, fired);
          }
        }
        const bucket = prefixKey >= 0 ? this.prefixes.get(prefixKey) : undefined;
        if (bucket !== undefined) {
          for (const entry of bucket) {
            if (entry.text.length <= i - start && text.startsWith(entry.text, start)) {
              this.fire(entry.leaves, stamp, fired);
            }
          }
        }
        if (i >= length) {
          break;
        }
      }
      // `code` is the non-word character at i. A space is never a trigger (see `itemCondition`).
      if (code !== 32) {
        const key = charKey(code);
        if (key !== previousChar) {
          this.fire(this.charLeaves[key], stamp, fired);
          previousChar = key;
        }
      }
      i++;
    }
    const regexes = new Uint8Array(this.conditions.length);
    for (const regex of this.alwaysRun) {
      regexes[regex] = 1;
    }
    for (const id of fired) {
      check(this.watchers[id] as Watcher[], leaves, stamp, regexes);
    }
    check(this.unwatched, leaves, stamp, regexes);
    return new TriggerHits(regexes);
  }

  /** Marks leaves as fired (no closures in the scan: the runtime may wrap each one it creates). */
  private fire(ids: readonly number[] | undefined, stamp: number, fired: number[]): void {
    if (ids !== undefined) {
      for (const id of ids) {
        this.fireLeaf(id, stamp, fired);
      }
    }
  }

  /** Marks one leaf as fired; a watched leaf is listed once per scan. */
  private fireLeaf(id: number, stamp: number, fired: number[]): void {
    if (this.leafStamp[id] !== stamp) {
      this.leafStamp[id] = stamp;
      if (this.watched[id] === 1) {
        fired.push(id);
      }
    }
  }

  /** Builds the scan's tables for the regexes registered so far (on the first scan after a `register`). */
  private prepareScan(): void {
    this.leafStamp = new Uint32Array(this.leafCount);
    this.exactStamp = new Uint32Array(this.exact.capacity);
    this.scanNumber = 0;
    const starts = new Int32Array(this.exact.capacity + 1);
    const ids: number[] = [];
    for (let slot = 0; slot < this.exact.capacity; slot++) {
      starts[slot] = ids.length;
      ids.push(...(this.exact.listAt(slot) ?? []));
    }
    starts[this.exact.capacity] = ids.length;
    this.exactStarts = starts;
    this.exactIds = Int32Array.from(ids);
    this.watched = Uint8Array.from({ length: this.leafCount }, (_, id) => (this.watchers[id] !== undefined ? 1 : 0));
    this.preparedFor = this.registrations;
  }
}

function check(watchers: readonly Watcher[], leaves: Uint32Array, stamp: number, regexes: Uint8Array): void {
  for (const watcher of watchers) {
    if (regexes[watcher.regex] === 0 && holds(watcher.alternative, leaves, stamp)) {
      regexes[watcher.regex] = 1;
    }
  }
}

/** The outcome of one scan: which registered regexes may match the scanned text. */
export class TriggerHits {
  constructor(private readonly regexes: Uint8Array) {}

  /** False only when the registered regex `id` certainly does not match the scanned text. */
  mayMatch(id: number): boolean {
    return this.regexes[id] !== 0;
  }
}

/** The index shared by all cue files of triage (one scan per message covers all of them). */
export const CUE_TRIGGERS = new TriggerIndex();
