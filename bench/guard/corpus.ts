/** Loads the guard evaluation corpus (src/guard/corpus/*.txt) and its organisation profile. */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { GuardCategory, GuardOrgProfile, Verdict } from "../../src/guard/index.ts";
import { GUARD_CATEGORIES } from "../../src/guard/index.ts";

export interface CorpusItem {
  id: string;
  part: "dev" | "heldout" | "heldout2" | "heldout3" | "heldout4";
  verdict: Verdict;
  text: string;
  spans: { category: GuardCategory; text: string; start: number; end: number }[];
  inReplyTo?: string;
}

const DIR = fileURLToPath(new URL("../../src/guard/corpus/", import.meta.url));

export function loadOrg(): GuardOrgProfile {
  return JSON.parse(readFileSync(`${DIR}org.json`, "utf8")) as GuardOrgProfile;
}

export function loadCorpus(): CorpusItem[] {
  const items: CorpusItem[] = [];
  for (const part of ["dev", "heldout", "heldout2", "heldout3", "heldout4"] as const) {
    const lines = readFileSync(`${DIR}${part}.txt`, "utf8").split("\n");
    lines.forEach((line, index) => {
      if (!line.trim() || line.startsWith("#")) {
        return;
      }
      const [verdictRaw, textRaw, spansRaw = "", inbound] = line.split(" | ");
      const verdict = verdictRaw?.trim() as Verdict;
      const text = (textRaw ?? "").trim();
      if (!["ok", "warn", "block"].includes(verdict) || !text) {
        throw new Error(`${part}.txt:${index + 1}: cannot parse "${line}"`);
      }
      const spans = spansRaw
        .split(";")
        .map((s) => s.trim())
        .filter(Boolean)
        .map((s) => {
          const eq = s.indexOf("=");
          const category = s.slice(0, eq).trim() as GuardCategory;
          const spanText = s.slice(eq + 1).trim();
          const start = text.indexOf(spanText);
          if (!GUARD_CATEGORIES.includes(category) || start < 0) {
            throw new Error(`${part}.txt:${index + 1}: bad span "${s}"`);
          }
          return { category, text: spanText, start, end: start + spanText.length };
        });
      items.push({ id: `${part}:${index + 1}`, part, verdict, text, spans, ...(inbound?.trim() ? { inReplyTo: inbound.trim() } : {}) });
    });
  }
  return items;
}
