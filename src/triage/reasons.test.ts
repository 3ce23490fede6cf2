import { describe, expect, it } from "vitest";
import { loadTriageCorpus } from "../../bench/triage/corpus.ts";
import { pct } from "./format.ts";
import { classify } from "./index.ts";
import { wordBucket } from "./model/features.ts";
import { decodeModel } from "./model/linear.ts";
import { modelTokens } from "./model/tokens.ts";
import { TRIAGE_MODEL } from "./model/weights.generated.ts";

/** The double `steps` representable values away from `x` (negative: downwards; for positive x). */
function ulps(x: number, steps: number): number {
  const bits = new BigInt64Array(Float64Array.of(x).buffer);
  bits[0] = (bits[0] as bigint) + BigInt(steps);
  return new Float64Array(bits.buffer)[0] as number;
}

const toFixedComma = (p: number) => p.toFixed(2).replace(".", ",");

describe("pct", () => {
  it("gives toFixed(2) with a decimal comma, also right at and next to every x.xx5", () => {
    let checked = 0;
    for (let k = 0; k < 100; k++) {
      // Two spellings of the half-way value (they are not always the same double).
      for (const half of [(k + 0.5) / 100, k / 100 + 0.005]) {
        for (let step = -64; step <= 64; step++) {
          const p = ulps(half, step);
          expect(pct(p), `${p}`).toBe(toFixedComma(p));
          checked++;
        }
      }
    }
    expect(checked).toBe(100 * 2 * 129);
  });

  it("gives toFixed(2) with a decimal comma for whole cents, the ends, random values and outside 0…1", () => {
    expect(pct(0)).toBe("0,00");
    expect(pct(-0)).toBe("0,00");
    expect(pct(1)).toBe("1,00");
    expect(pct(0.995)).toBe(toFixedComma(0.995));
    expect(pct(0.9951)).toBe("1,00");
    expect(pct(0.07)).toBe("0,07");
    expect(pct(0.125)).toBe("0,13");
    for (const p of [ulps(1, -1), ulps(0, 1), 1e-300, 1.005, 1.5, -0.004, -0.005, -0.5, 2, 99.999, Number.NaN, Infinity, -Infinity]) {
      expect(pct(p), `${p}`).toBe(toFixedComma(p));
    }
    for (let k = 0; k <= 100; k++) {
      expect(pct(k / 100)).toBe(toFixedComma(k / 100));
    }
    let seed = 9;
    for (let n = 0; n < 200_000; n++) {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      const p = seed / 2 ** 32;
      if (pct(p) !== toFixedComma(p)) {
        expect(pct(p), `${p}`).toBe(toFixedComma(p));
      }
    }
  });
});

const INTENT_MODEL = decodeModel(TRIAGE_MODEL.intent, TRIAGE_MODEL.dim);

/**
 * topWords by its definition: every word (not a "<" marker) whose weight for the class exceeds its
 * mean weight over the classes, each word once, by that lift (largest first, then alphabetically),
 * the first three.
 */
function referenceTopWords(tokens: readonly string[], classIndex: number): string[] {
  const k = INTENT_MODEL.classes.length;
  const lifts = new Map<string, number>();
  for (const token of tokens) {
    if (token.startsWith("<")) {
      continue;
    }
    const row = wordBucket(token) * k;
    let sum = 0;
    for (let c = 0; c < k; c++) {
      sum += INTENT_MODEL.weights[row + c] as number;
    }
    const lift = (INTENT_MODEL.weights[row + classIndex] as number) - sum / k;
    if (lift > 0) {
      lifts.set(token, lift);
    }
  }
  return [...lifts]
    .sort(([a, liftA], [b, liftB]) => liftB - liftA || (a < b ? -1 : a > b ? 1 : 0))
    .slice(0, 3)
    .map(([word]) => word);
}

/** The words of the "model: …" reason, or undefined when the model did not choose the intent. */
function reasonWords(text: string): { intent: string; words: string[] } | undefined {
  const result = classify(text);
  const reason = result.reasons.find((r) => r.startsWith("model: "));
  if (reason === undefined) {
    return undefined;
  }
  const words = /; woorden: (.*)\)$/.exec(reason)?.[1] ?? "";
  return { intent: result.intent, words: [...words.matchAll(/"([^"]*)"/g)].map((m) => m[1] as string) };
}

describe("topWords (the words in the model reason)", () => {
  it("names at most three words, each once, by lift and then alphabetically", () => {
    const texts = loadTriageCorpus().map((e) => e.text);
    // Repeated words (each must still be named once), the same words in another order, and pairs
    // of words in one bucket (equal lifts: named alphabetically).
    const variants = texts.flatMap((t) => [`${t} ${t}`, t.split(/\s+/).reverse().join(" ")]);
    const byBucket = new Map<number, string>();
    const pairs: string[] = [];
    for (const word of new Set(texts.flatMap((t) => modelTokens(t)))) {
      const other = byBucket.get(wordBucket(word));
      if (other !== undefined && !word.startsWith("<")) {
        pairs.push(`${word} ${other}`, `${other} ${word}`, `${other} ${word} ${other}`);
      }
      byBucket.set(wordBucket(word), word);
    }
    let named = 0;
    let threes = 0;
    let repeated = 0;
    let ties = 0;
    for (const text of [...texts, ...variants, ...pairs]) {
      const found = reasonWords(text);
      if (found === undefined) {
        continue;
      }
      const tokens = modelTokens(text);
      const expected = referenceTopWords(tokens, TRIAGE_MODEL.intent.classes.indexOf(found.intent));
      expect(found.words, text).toEqual(expected);
      expect(found.words.length).toBeLessThanOrEqual(3);
      named += found.words.length;
      threes += found.words.length === 3 ? 1 : 0;
      repeated += found.words.some((w) => tokens.indexOf(w) !== tokens.lastIndexOf(w)) ? 1 : 0;
      ties += new Set(found.words.map(wordBucket)).size < found.words.length ? 1 : 0;
    }
    // The cases above really occur.
    expect(named).toBeGreaterThan(1000);
    expect(threes).toBeGreaterThan(100);
    expect(repeated).toBeGreaterThan(100);
    expect(ties).toBeGreaterThan(0);
  });
});
