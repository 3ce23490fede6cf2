/** `npm run eval:guard`: prints the guard's scores on the dev and held-out corpus. `--misses` lists the errors. */
import { loadCorpus } from "./corpus.ts";
import { evaluate, type Scores } from "./evaluate.ts";

const showMisses = process.argv.includes("--misses");
const corpus = loadCorpus();
const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

function print(name: string, scores: Scores): void {
  console.log(`\n== ${name}: ${scores.items} drafts`);
  console.log(`block recall      ${pct(scores.blockRecall)}   (target ≥ 97%)`);
  console.log(`false-block rate  ${pct(scores.falseBlockRate)}   (target ≤ 5%)`);
  console.log(`verdict accuracy  ${pct(scores.verdictAccuracy)}`);
  console.log("category                   spans  precision  recall");
  for (const [category, s] of Object.entries(scores.perCategory)) {
    const n = s.tp + s.fn;
    if (n === 0 && s.fp === 0) {
      continue;
    }
    console.log(`${category.padEnd(26)} ${String(n).padStart(5)}  ${pct(s.precision).padStart(9)}  ${pct(s.recall).padStart(6)}`);
  }
  if (showMisses) {
    for (const m of scores.misses) {
      console.log(`  ${m.id} expected ${m.expected} got ${m.got}: ${m.text}\n      ${m.detail}`);
    }
  }
}

for (const part of ["dev", "heldout", "heldout2", "heldout3", "heldout4"] as const) {
  print(part, evaluate(corpus.filter((i) => i.part === part)));
}
print("all", evaluate(corpus));
