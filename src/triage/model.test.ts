import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { loadTriageCorpus } from "../../bench/triage/corpus.ts";
import { evaluateTriage } from "../../bench/triage/evaluate.ts";
import { extractFeatures, featureCount, writeFeatures } from "./model/features.ts";
import { encodeBase64, joinModels, predictJoint } from "./model/linear.ts";
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
});

describe("writeFeatures", () => {
  it("writes what extractFeatures returns, or −1 when the buffer is too short", () => {
    const tokens = ["ik", "heb", "al", "<num>", "dagen", "koorts", "<cue:worry>", "é", "😷", "sinds", "maandag"];
    const expected = extractFeatures(tokens);
    expect(featureCount(tokens)).toBe(expected.length);
    for (let length = 0; length <= expected.length + 2; length++) {
      const out = new Int32Array(length);
      const buckets = new Int32Array(tokens.length);
      const count = writeFeatures(tokens, out, buckets);
      if (length < expected.length) {
        expect(count).toBe(-1);
      } else {
        expect(count).toBe(expected.length);
        expect(Array.from(out.subarray(0, count))).toEqual(expected);
        const words: number[] = [];
        extractFeatures(tokens, words);
        expect(Array.from(buckets)).toEqual(words);
      }
    }
  });
});
