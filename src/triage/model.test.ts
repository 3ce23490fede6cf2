import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { loadTriageCorpus } from "../../bench/triage/corpus.ts";
import { evaluateTriage } from "../../bench/triage/evaluate.ts";
import { extractFeatures, FEATURE_DIM, featureCount, wordBucket, writeFeatures, writeFeaturesGrowing } from "./model/features.ts";
import { encodeBase64, joinModels, predictJoint } from "./model/linear.ts";
import { modelTokens } from "./model/tokens.ts";
import { renderWeightsModule, trainModels } from "./model/train.ts";

describe("triage model", () => {
  it("is reproducible: retraining on the train split gives exactly the committed weights", () => {
    const committed = readFileSync(fileURLToPath(new URL("./model/weights.generated.ts", import.meta.url)), "utf8");
    expect(renderWeightsModule(trainModels(loadTriageCorpus(["train"])))).toBe(committed);
  });

  it("never misses a crisis or an emergency in the held-out splits, without false alarms", () => {
    const scores = evaluateTriage(loadTriageCorpus(["heldout", "heldout2"]));
    expect(scores.items).toBeGreaterThanOrEqual(150);
    expect(scores.crisisRecall).toBe(1);
    expect(scores.emergencyRecall).toBeGreaterThanOrEqual(0.95);
    expect(scores.falseAlarmRate).toBeLessThanOrEqual(0.03);
    expect(scores.macroF1).toBeGreaterThanOrEqual(0.85);
  });

  it("has a corpus of at least 600 messages with every intent in every split", () => {
    const corpus = loadTriageCorpus();
    expect(corpus.length).toBeGreaterThanOrEqual(600);
    for (const split of ["train", "heldout"] as const) {
      expect(new Set(corpus.filter((e) => e.split === split).map((e) => e.intent)).size).toBe(9);
    }
  });
});

describe("predictJoint", () => {
  it("gives the same sums packed (three words per row, blocks of 128 features) as byte by byte", () => {
    // Weights covering every int8 value, rows of 9 + 3 classes as in the triage model.
    const dim = 64;
    const bytes = (k: number) => Uint8Array.from({ length: dim * k }, (_, i) => (i * 37 + k) & 255);
    const files = [9, 3].map((k) => ({ classes: Array.from({ length: k }, (_, c) => `c${c}`), scale: 0.01, bias: new Array<number>(k).fill(0), data: encodeBase64(bytes(k)) }));
    const packed = joinModels(files, dim);
    expect(packed.words).toBeDefined();
    const plain = { ...packed, words: undefined };
    let seed = 7;
    for (const count of [0, 1, 127, 128, 129, 300, 1000]) {
      const features = Array.from({ length: count }, () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) % dim);
      expect(predictJoint(packed, Int32Array.from(features), count)).toEqual(predictJoint(plain, features));
    }
  });

  it("stays exact at the int8 extremes: rows of all 127 and all −128, blocks of 128 features and more", () => {
    // The packed path adds 127 + 128 = 255 per feature into 16-bit halves: 128 features per block
    // keep each half below 2^16 (258 would not). Bucket 0: all 127, bucket 1: all −128, bucket 2:
    // 127 and −128 alternating, bucket 3: assorted.
    const dim = 4;
    const weight = (f: number, c: number) => (f === 0 ? 127 : f === 1 ? -128 : f === 2 ? (c % 2 === 0 ? 127 : -128) : ((f * 31 + c * 17) % 256) - 128);
    const files = [9, 3].map((k, part) => ({
      classes: Array.from({ length: k }, (_, c) => `c${c}`),
      scale: 1e-4,
      bias: new Array<number>(k).fill(0),
      data: encodeBase64(Uint8Array.from({ length: dim * k }, (_, i) => weight(Math.floor(i / k), (i % k) + part * 9) & 255)),
    }));
    const packed = joinModels(files, dim);
    expect(packed.words).toBeDefined();
    const plain = { ...packed, words: undefined };
    const uniform = [new Array<number>(9).fill(1 / 9), new Array<number>(3).fill(1 / 3)];
    for (const count of [128, 129, 255, 256, 257, 258, 300, 1000, 5000]) {
      for (const bucket of [0, 1]) {
        // Every class has the same sum (127 or −128 per feature): each model is exactly uniform.
        const features = new Array<number>(count).fill(bucket);
        const probabilities = predictJoint(packed, Int32Array.from(features), count);
        expect(probabilities, `${count} × bucket ${bucket}`).toEqual(uniform);
        expect(probabilities, `${count} × bucket ${bucket}`).toEqual(predictJoint(plain, features));
      }
      const mixed = Array.from({ length: count }, (_, i) => [0, 2, 0, 1, 3, 0][i % 6] as number);
      expect(predictJoint(packed, Int32Array.from(mixed), count), `${count} mixed`).toEqual(predictJoint(plain, mixed));
    }
  });
});

/** FNV-1a over the UTF-16 code units of `text`, as an unsigned 32-bit number. */
function fnv1a(text: string, seed = 0x811c9dc5): number {
  let h = seed;
  for (let i = 0; i < text.length; i++) {
    h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  }
  return h;
}

/**
 * The features straight from their definition, one at a time with strings: per token its word
 * unigram (FNV-1a from the seed of "w|"), the bigram with the previous token (the two word hashes
 * mixed with the seed of "b|"), then for words of 3+ characters that are not "<" markers the
 * character trigrams of "<token>" (FNV-1a from the seed of "c|"); each in one of FEATURE_DIM buckets.
 */
function referenceFeatures(tokens: readonly string[]): { features: number[]; words: number[] } {
  const wordSeed = fnv1a("w|");
  const bigramSeed = fnv1a("b|");
  const charSeed = fnv1a("c|");
  const features: number[] = [];
  const words: number[] = [];
  tokens.forEach((token, t) => {
    const word = fnv1a(token, wordSeed);
    features.push(word % FEATURE_DIM);
    words.push(word % FEATURE_DIM);
    if (t > 0) {
      const previous = fnv1a(tokens[t - 1] as string, wordSeed);
      features.push(((Math.imul(previous ^ bigramSeed, 0x9e3779b1) ^ word) >>> 0) % FEATURE_DIM);
    }
    if (token.length >= 3 && !token.startsWith("<")) {
      const padded = `<${token}>`;
      for (let i = 0; i + 3 <= padded.length; i++) {
        features.push(fnv1a(padded.slice(i, i + 3), charSeed) % FEATURE_DIM);
      }
    }
  });
  return { features, words };
}

/** Token lists of corpus messages (as the model sees them) and of random strings and token mixes. */
function tokenLists(): string[][] {
  const lists = loadTriageCorpus().map((e) => modelTokens(e.text));
  const pieces = ["a", "é", "ab", "abc", "<", ">", "<num>", "<cue:worry>", "😷", "\ud800", "\udc00", "?", "'", "-", " ", "z", "0", "ß", "İ", "\u00ff", "\uffff", "x".repeat(30)];
  let seed = 3;
  const next = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32;
  const randomString = () => {
    let text = "";
    for (let k = Math.floor(next() * 8); k > 0; k--) {
      text += pieces[Math.floor(next() * pieces.length)];
    }
    return text;
  };
  for (let n = 0; n < 2000; n++) {
    const tokens: string[] = [];
    for (let k = Math.floor(next() * 12); k > 0; k--) {
      tokens.push(randomString());
    }
    lists.push(tokens, modelTokens(tokens.join(" ")));
  }
  return lists;
}

describe("writeFeatures", () => {
  it("writes the features of their definition, and the word buckets", () => {
    let checked = 0;
    for (const tokens of tokenLists()) {
      const { features, words } = referenceFeatures(tokens);
      const where = JSON.stringify(tokens);
      expect(featureCount(tokens), where).toBe(features.length);
      const out = new Int32Array(features.length + 3).fill(-7);
      const buckets = new Int32Array(tokens.length);
      expect(writeFeatures(tokens, out, buckets), where).toBe(features.length);
      expect(Array.from(out.subarray(0, features.length)), where).toEqual(features);
      expect(Array.from(out.subarray(features.length)), where).toEqual([-7, -7, -7]); // nothing past the end
      expect(Array.from(buckets), where).toEqual(words);
      expect(tokens.map(wordBucket), where).toEqual(words);
      // Training's copy, through the growing buffers.
      expect(extractFeatures(tokens), where).toEqual(features);
      checked += features.length;
    }
    expect(checked).toBeGreaterThan(100_000);
  });

  it("returns −1 when the buffer is too short, and grows reused buffers as needed", () => {
    const tokens = ["ik", "heb", "al", "<num>", "dagen", "koorts", "<cue:worry>", "é", "😷", "sinds", "maandag"];
    const { features, words } = referenceFeatures(tokens);
    for (let length = 0; length < features.length; length++) {
      expect(writeFeatures(tokens, new Int32Array(length), new Int32Array(tokens.length))).toBe(-1);
    }
    const buffers = { features: new Int32Array(2), wordBuckets: new Int32Array(1) };
    expect(writeFeaturesGrowing(tokens, buffers)).toBe(features.length);
    expect(Array.from(buffers.features.subarray(0, features.length))).toEqual(features);
    expect(Array.from(buffers.wordBuckets.subarray(0, tokens.length))).toEqual(words);
  });
});
