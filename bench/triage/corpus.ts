/** Loads the triage corpus (src/triage/corpus/{train,heldout}.txt). Node only: used by training, evaluation and tests. */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { INTENTS, type Intent, type Sentiment, TOPICS } from "../../src/triage/index.ts";

export interface TriageExample {
  id: string;
  split: "train" | "heldout" | "heldout2";
  intent: Intent;
  sentiment: Sentiment;
  topics: string[];
  text: string;
}

const DIR = fileURLToPath(new URL("../../src/triage/corpus/", import.meta.url));

export function loadTriageCorpus(splits: readonly ("train" | "heldout" | "heldout2")[] = ["train", "heldout", "heldout2"]): TriageExample[] {
  const out: TriageExample[] = [];
  for (const split of splits) {
    readFileSync(`${DIR}${split}.txt`, "utf8")
      .split("\n")
      .forEach((line, index) => {
        if (!line.trim() || line.startsWith("#")) {
          return;
        }
        const parts = line.split(" | ");
        const [intent, sentiment, topics] = parts.map((p) => p.trim());
        const text = parts.slice(3).join(" | ").trim();
        const topicList = topics === "-" || !topics ? [] : topics.split(",").map((t) => t.trim());
        if (
          !INTENTS.includes(intent as Intent) ||
          !["negative", "neutral", "positive"].includes(sentiment ?? "") ||
          !text ||
          topicList.some((t) => !(TOPICS as readonly string[]).includes(t))
        ) {
          throw new Error(`${split}.txt:${index + 1}: cannot parse "${line}"`);
        }
        out.push({ id: `${split}:${index + 1}`, split, intent: intent as Intent, sentiment: sentiment as Sentiment, topics: topicList, text });
      });
  }
  return out;
}
