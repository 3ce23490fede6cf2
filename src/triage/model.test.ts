import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { loadTriageCorpus } from "../../bench/triage/corpus.ts";
import { evaluateTriage } from "../../bench/triage/evaluate.ts";
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
