/**
 * Scores the guard on the labelled corpus: block recall, false-block rate, verdict accuracy and
 * span precision/recall per category (a predicted finding matches an expected span of the same
 * category when they overlap). Pure computation; `eval.ts` prints it.
 */
import { createGuard, GUARD_CATEGORIES, type GuardCategory, type GuardResult } from "../../src/guard/index.ts";
import type { CorpusItem } from "./corpus.ts";
import { loadOrg } from "./corpus.ts";

export interface Scores {
  items: number;
  blockRecall: number;
  falseBlockRate: number;
  verdictAccuracy: number;
  perCategory: Record<string, { tp: number; fp: number; fn: number; precision: number; recall: number }>;
  misses: { id: string; expected: string; got: string; text: string; detail: string }[];
}

export function evaluate(items: CorpusItem[]): Scores {
  const guard = createGuard(loadOrg());
  let blocks = 0;
  let blocked = 0;
  let nonBlocks = 0;
  let falseBlocks = 0;
  let correct = 0;
  const per: Scores["perCategory"] = {};
  for (const c of GUARD_CATEGORIES) {
    per[c] = { tp: 0, fp: 0, fn: 0, precision: 0, recall: 0 };
  }
  const misses: Scores["misses"] = [];
  for (const item of items) {
    const result: GuardResult = guard.check(item.text, { inReplyTo: item.inReplyTo });
    if (item.verdict === "block") {
      blocks++;
      if (result.verdict === "block") {
        blocked++;
      }
    } else {
      nonBlocks++;
      if (result.verdict === "block") {
        falseBlocks++;
      }
    }
    if (result.verdict === item.verdict) {
      correct++;
    }
    const matchedFindings = new Set<number>();
    const spanMisses: string[] = [];
    for (const span of item.spans) {
      const hit = result.findings.findIndex((f) => f.category === span.category && f.start < span.end && span.start < f.end);
      const stat = per[span.category] as Scores["perCategory"][string];
      if (hit >= 0) {
        stat.tp++;
        matchedFindings.add(hit);
      } else {
        stat.fn++;
        spanMisses.push(`missed ${span.category}="${span.text}"`);
      }
    }
    result.findings.forEach((f, i) => {
      if (matchedFindings.has(i)) {
        return;
      }
      // A second finding on an already-matched expected span (e.g. two rules on one phrase) is not a false positive.
      const duplicate = item.spans.some((s) => s.category === f.category && f.start < s.end && s.start < f.end);
      if (!duplicate) {
        (per[f.category] as Scores["perCategory"][string]).fp++;
        spanMisses.push(`extra ${f.category}="${f.text}" (${f.rule})`);
      }
    });
    if (result.verdict !== item.verdict || spanMisses.length > 0) {
      misses.push({ id: item.id, expected: item.verdict, got: result.verdict, text: item.text, detail: spanMisses.join("; ") });
    }
  }
  for (const stat of Object.values(per)) {
    stat.precision = stat.tp + stat.fp === 0 ? 1 : stat.tp / (stat.tp + stat.fp);
    stat.recall = stat.tp + stat.fn === 0 ? 1 : stat.tp / (stat.tp + stat.fn);
  }
  return {
    items: items.length,
    blockRecall: blocks === 0 ? 1 : blocked / blocks,
    falseBlockRate: nonBlocks === 0 ? 0 : falseBlocks / nonBlocks,
    verdictAccuracy: correct / items.length,
    perCategory: per,
    misses,
  };
}

export type { GuardCategory };
