/** Loads the triage corpus (src/triage/corpus/corpus.jsonl). Node only: used by training, evaluation and tests. */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { INTENTS, type Intent, type Sentiment, TOPICS, type TriageUrgency, URGENCIES } from "../../src/triage/index.ts";

export type TriageSplit = "train" | "heldout" | "heldout2";

export interface TriageExample {
  id: string;
  split: TriageSplit;
  intent: Intent;
  sentiment: Sentiment;
  topics: string[];
  urgency: TriageUrgency;
  text: string;
}

const FILE = fileURLToPath(new URL("../../src/triage/corpus/corpus.jsonl", import.meta.url));
const SPLITS: readonly TriageSplit[] = ["train", "heldout", "heldout2"];

function parseLine(line: string, lineNo: number): TriageExample {
  const fail = (why: string) => new Error(`corpus.jsonl:${lineNo}: ${why}`);
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    throw fail("not JSON");
  }
  const e = value as Partial<TriageExample>;
  if (typeof e.id !== "string" || !e.id) {
    throw fail("id missing");
  }
  if (!SPLITS.includes(e.split as TriageSplit)) {
    throw fail(`split "${String(e.split)}"`);
  }
  if (!INTENTS.includes(e.intent as Intent)) {
    throw fail(`intent "${String(e.intent)}"`);
  }
  if (!["negative", "neutral", "positive"].includes(e.sentiment ?? "")) {
    throw fail(`sentiment "${String(e.sentiment)}"`);
  }
  if (!URGENCIES.includes(e.urgency as TriageUrgency)) {
    throw fail(`urgency "${String(e.urgency)}"`);
  }
  if (!Array.isArray(e.topics) || e.topics.some((t) => !(TOPICS as readonly string[]).includes(t))) {
    throw fail("topics");
  }
  if (typeof e.text !== "string" || !e.text.trim()) {
    throw fail("text missing");
  }
  return { id: e.id, split: e.split as TriageSplit, intent: e.intent as Intent, sentiment: e.sentiment as Sentiment, topics: e.topics, urgency: e.urgency as TriageUrgency, text: e.text };
}

export function loadTriageCorpus(splits: readonly TriageSplit[] = SPLITS): TriageExample[] {
  const all: TriageExample[] = [];
  readFileSync(FILE, "utf8")
    .split("\n")
    .forEach((line, index) => {
      if (line.trim()) {
        all.push(parseLine(line, index + 1));
      }
    });
  // Split order first (train, heldout, heldout2), file order within a split: training is order-sensitive.
  return splits.flatMap((split) => all.filter((e) => e.split === split));
}
