/** `npm run eval:triage`: triage scores on the held-out split (the target) and on the train split. `--errors` lists mistakes. */
import { INTENTS } from "../../src/triage/index.ts";
import { loadTriageCorpus } from "./corpus.ts";
import { evaluateTriage, type TriageScores } from "./evaluate.ts";

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
const showErrors = process.argv.includes("--errors");

function print(name: string, s: TriageScores): void {
  console.log(`\n== ${name}: ${s.items} messages`);
  console.log(`macro-F1 over intents      ${s.macroF1.toFixed(3)}   (target ≥ 0.85)`);
  console.log(`crisis recall              ${pct(s.crisisRecall)}   (target 100%)`);
  console.log(`emergency recall           ${pct(s.emergencyRecall)}   (target ≥ 95%)`);
  console.log(`crisis/emergency false alarms ${pct(s.falseAlarmRate)}   (target ≤ 3%)`);
  console.log(`sentiment accuracy         ${pct(s.sentimentAccuracy)}`);
  console.log(`topics precision / recall  ${pct(s.topicPrecision)} / ${pct(s.topicRecall)}`);
  console.log("intent          support  precision  recall   F1");
  for (const intent of INTENTS) {
    const r = s.perIntent[intent];
    console.log(`${intent.padEnd(15)} ${String(r.support).padStart(7)}  ${pct(r.precision).padStart(9)}  ${pct(r.recall).padStart(6)}  ${r.f1.toFixed(3)}`);
  }
  if (showErrors) {
    for (const e of s.errors) {
      console.log(`  ${e.id} expected ${e.expected}, got ${e.got}: ${e.text}`);
    }
  }
}

const corpus = loadTriageCorpus();
for (const split of ["heldout", "heldout2"] as const) {
  const part = corpus.filter((e) => e.split === split);
  if (part.length > 0) {
    print(split, evaluateTriage(part));
  }
}
print("all held-out", evaluateTriage(corpus.filter((e) => e.split !== "train")));
print("train", evaluateTriage(corpus.filter((e) => e.split === "train")));
