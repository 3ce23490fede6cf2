/**
 * Trains the triage model on the train split and writes src/triage/model/weights.generated.ts.
 * Deterministic (fixed seed, fixed order): running it twice gives the same file.
 *   npm run train:triage
 */
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { loadTriageCorpus } from "../bench/triage/corpus.ts";
import { renderWeightsModule, trainModels } from "../src/triage/model/train.ts";

const started = performance.now();
const examples = loadTriageCorpus(["train"]);
const model = trainModels(examples);
const out = fileURLToPath(new URL("../src/triage/model/weights.generated.ts", import.meta.url));
writeFileSync(out, renderWeightsModule(model));
console.log(`trained on ${examples.length} messages in ${((performance.now() - started) / 1000).toFixed(1)} s → ${out}`);
