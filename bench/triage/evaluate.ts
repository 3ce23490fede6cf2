/** Scores triage on labelled examples (pure computation; eval.ts prints it, tests check it). */
import { classify, INTENTS, type Intent } from "../../src/triage/index.ts";
import type { TriageExample } from "./corpus.ts";

export interface TriageScores {
  items: number;
  perIntent: Record<Intent, { precision: number; recall: number; f1: number; support: number }>;
  macroF1: number;
  crisisRecall: number;
  emergencyRecall: number;
  /** Crisis/emergency predicted for messages that are neither, as a share of those messages. */
  falseAlarmRate: number;
  sentimentAccuracy: number;
  topicPrecision: number;
  topicRecall: number;
  errors: { id: string; expected: string; got: string; text: string }[];
}

const ORG = { phones: ["030-1234567"], outOfHoursPhone: "0900-4501212" };

export function evaluateTriage(examples: readonly TriageExample[]): TriageScores {
  const tp = new Map<Intent, number>();
  const fp = new Map<Intent, number>();
  const fn = new Map<Intent, number>();
  let sentimentRight = 0;
  let topicTp = 0;
  let topicFp = 0;
  let topicFn = 0;
  let nonCritical = 0;
  let falseAlarms = 0;
  const errors: TriageScores["errors"] = [];
  for (const ex of examples) {
    const r = classify(ex.text, { org: ORG });
    if (r.intent === ex.intent) {
      tp.set(ex.intent, (tp.get(ex.intent) ?? 0) + 1);
    } else {
      fp.set(r.intent, (fp.get(r.intent) ?? 0) + 1);
      fn.set(ex.intent, (fn.get(ex.intent) ?? 0) + 1);
      errors.push({ id: ex.id, expected: ex.intent, got: r.intent, text: ex.text });
    }
    if (ex.intent !== "crisis" && ex.intent !== "emergency") {
      nonCritical++;
      if (r.intent === "crisis" || r.intent === "emergency") {
        falseAlarms++;
      }
    }
    if (r.sentiment === ex.sentiment) {
      sentimentRight++;
    }
    for (const t of r.topics) {
      if (ex.topics.includes(t)) {
        topicTp++;
      } else {
        topicFp++;
      }
    }
    topicFn += ex.topics.filter((t) => !r.topics.includes(t)).length;
  }
  const perIntent = {} as TriageScores["perIntent"];
  for (const intent of INTENTS) {
    const t = tp.get(intent) ?? 0;
    const p = t + (fp.get(intent) ?? 0) === 0 ? 1 : t / (t + (fp.get(intent) ?? 0));
    const support = t + (fn.get(intent) ?? 0);
    const rc = support === 0 ? 1 : t / support;
    perIntent[intent] = { precision: p, recall: rc, f1: p + rc === 0 ? 0 : (2 * p * rc) / (p + rc), support };
  }
  const present = INTENTS.filter((i) => perIntent[i].support > 0);
  return {
    items: examples.length,
    perIntent,
    macroF1: present.reduce((sum, i) => sum + perIntent[i].f1, 0) / Math.max(1, present.length),
    crisisRecall: perIntent.crisis.recall,
    emergencyRecall: perIntent.emergency.recall,
    falseAlarmRate: nonCritical === 0 ? 0 : falseAlarms / nonCritical,
    sentimentAccuracy: sentimentRight / Math.max(1, examples.length),
    topicPrecision: topicTp + topicFp === 0 ? 1 : topicTp / (topicTp + topicFp),
    topicRecall: topicTp + topicFn === 0 ? 1 : topicTp / (topicTp + topicFn),
    errors,
  };
}
