import { describe, expect, it, vi } from "vitest";
import { loadTriageCorpus } from "../../bench/triage/corpus.ts";
import { classify } from "./index.ts";
import { normalizeText } from "./normalize.ts";
import { CUE_TRIGGERS, type Condition, type Item, parsePattern, TriggerIndex } from "./rules/triggers.ts";

/** Compact text of a condition: {a,b} a word set, x* a prefix, & and |. */
function show(c: Condition): string {
  switch (c.kind) {
    case "true":
      return "TRUE";
    case "word":
      return `{${c.words.map((w) => w.text + (w.exact ? "" : "*")).join(",")}}`;
    case "char":
      return `chr(${c.code})`;
    case "and":
      return `(${c.parts.map(show).join(" & ")})`;
    case "or":
      return `(${c.parts.map(show).join(" | ")})`;
  }
}

function conditionOf(re: RegExp): string {
  const index = new TriggerIndex();
  return show(index.condition(index.register(re)));
}

/** Small seeded generator (mulberry32), so failures are reproducible. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A random string the items may match (checked afterwards with the regex itself). */
function sample(alternatives: readonly Item[][], next: () => number): string {
  const items = alternatives[Math.floor(next() * alternatives.length)] ?? [];
  let out = "";
  for (const item of items) {
    out += sampleItem(item, next);
  }
  return out;
}

function sampleItem(item: Item, next: () => number): string {
  switch (item.kind) {
    case "char":
      return String.fromCharCode(item.code);
    case "class":
      return next() < 0.8 ? item.example : "ab"[Math.floor(next() * 2)] ?? "";
    case "group":
      return sample(item.alternatives, next);
    case "repeat": {
      const count = item.min + Math.floor(next() * (Math.min(item.max, item.min + 3) - item.min + 1));
      let out = "";
      for (let i = 0; i < count; i++) {
        out += sampleItem(item.item, next);
      }
      return out;
    }
    default:
      return "";
  }
}

describe("cue triggers", () => {
  it("derives whole words, prefixes and characters from a regex", () => {
    expect(conditionOf(/\bzelfmoord\w*/)).toBe("{zelfmoord*}");
    expect(conditionOf(/\b(?:wil|wou) dood\b/)).toBe("({dood} & {wil,wou})"); // the rarer (longer) word is checked first
    expect(conditionOf(/\bafscheids?brief\b/)).toBe("{afscheidbrief,afscheidsbrief}");
    expect(conditionOf(/\b(?:zelfmoord)?poging (?:gedaan|ondernomen)\b/)).toBe("({poging,zelfmoordpoging} & {gedaan,ondernomen})");
    // Other characters by one of 64 groups: "€" is U+20AC, group 128 + 0x2c.
    expect(conditionOf(/\?|€/u)).toBe("(chr(63) | chr(172))");
    // Only the start of a word counts, and "ge…" is too short a prefix to file: not gated.
    expect(conditionOf(/\bge[eë]lektrocuteerd\b/)).toBe("TRUE");
    // Without a boundary in front a literal can sit inside a longer word: no trigger.
    expect(conditionOf(/wacht/)).toBe("TRUE");
    expect(conditionOf(/(?<![-\w])consult\b/)).toBe("{consult}");
  });

  it("treats an emoji with the u flag as one character (a quantifier covers both halves)", () => {
    const index = new TriggerIndex();
    const id = index.register(/\bzorg 😀?!/u);
    expect(index.scan("zorg !").mayMatch(id)).toBe(true);
    expect(index.scan("zorg 😀!").mayMatch(id)).toBe(true);
    expect(index.scan("geen zorgen").mayMatch(id)).toBe(false);
  });

  it("refuses case-insensitive regexes (their literals are not lower-case words)", () => {
    expect(() => new TriggerIndex().register(/\bwacht/i)).toThrow(/i flag/);
  });

  it("gates every cue regex of triage (none runs on every text)", () => {
    expect(CUE_TRIGGERS.registered().length).toBeGreaterThan(40);
    expect(CUE_TRIGGERS.ungated().map(String)).toEqual([]);
  });

  it("never rules out a regex that matches: generated matches of every cue regex", () => {
    const next = random(20261122);
    const scanned = CUE_TRIGGERS.registered();
    let checked = 0;
    scanned.forEach((re, id) => {
      const alternatives = parsePattern(re.source, re.flags.includes("u"));
      const probe = new RegExp(re.source, re.flags.replace("g", ""));
      for (let n = 0; n < 400; n++) {
        const core = sample(alternatives, next);
        const text = [core, `ik zei: ${core}, echt`, `${core}${core}`, `x${core}`][n % 4] as string;
        if (probe.test(text)) {
          checked++;
          expect(CUE_TRIGGERS.scan(text).mayMatch(id), `${re.source.slice(0, 60)} on "${text}"`).toBe(true);
        }
      }
    });
    expect(checked).toBeGreaterThan(scanned.length * 100);
  });

  it("never rules out a regex that matches a corpus message", () => {
    const texts = loadTriageCorpus().flatMap((e) => [e.text, e.text.toUpperCase()]).map(normalizeText);
    CUE_TRIGGERS.registered().forEach((re, id) => {
      const probe = new RegExp(re.source, re.flags.replace("g", ""));
      for (const text of texts) {
        if (probe.test(text)) {
          expect(CUE_TRIGGERS.scan(text).mayMatch(id), `${re.source.slice(0, 60)} on "${text}"`).toBe(true);
        }
      }
    });
  });

  it("gives right answers for regexes registered after a scan (the scan tables are rebuilt)", () => {
    const index = new TriggerIndex();
    const fever = index.register(/\bkoorts\b/);
    expect(index.scan("ik heb koorts").mayMatch(fever)).toBe(true);
    // New whole words, a prefix and a character, and enough words to grow the word table.
    const chest = index.register(/\bpijn op de borst\b/);
    const suicide = index.register(/\bzelfmoord\w*/);
    const question = index.register(/\?/);
    const many = Array.from({ length: 200 }, (_, i) => index.register(new RegExp(`\\bwoord${i}\\b`)));
    const hits = index.scan("koorts en pijn op de borst? zelfmoordgedachten, woord7 en woord199");
    expect([fever, chest, suicide, question, many[7], many[199]].map((id) => hits.mayMatch(id as number))).toEqual([true, true, true, true, true, true]);
    expect(many.filter((id) => hits.mayMatch(id))).toEqual([many[7], many[199]]);
    const none = index.scan("gewoon een vraag zonder die woorden");
    expect([fever, chest, suicide, question, ...many].some((id) => none.mayMatch(id))).toBe(false);
    // And again after a scan: one more registration, the earlier ones still right.
    const late = index.register(/\bbenauwd\b/);
    const again = index.scan("benauwd, koorts");
    expect([again.mayMatch(late), again.mayMatch(fever), again.mayMatch(chest)]).toEqual([true, true, false]);
  });

  it("keeps the scan tables right when a registration fails halfway", () => {
    const index = new TriggerIndex();
    const fever = index.register(/\bkoorts\b/);
    expect(index.scan("ik heb koorts").mayMatch(fever)).toBe(true);
    // A registration that throws after filing its 200 words (enough to grow the word table).
    const internals = index as unknown as { simplify(condition: Condition): Condition };
    const simplify = vi.spyOn(internals, "simplify").mockImplementationOnce(() => {
      throw new Error("simplify failed");
    });
    const words = Array.from({ length: 200 }, (_, i) => `woord${i}`).join("|");
    expect(() => index.register(new RegExp(`\\b(?:${words}) (?:x|y)\\b`))).toThrow("simplify failed");
    simplify.mockRestore();
    expect(index.scan("ik heb koorts").mayMatch(fever)).toBe(true);
    expect(index.scan("ik heb geen last").mayMatch(fever)).toBe(false);
  });

  it("keeps classify deterministic and independent of earlier messages", () => {
    const texts = loadTriageCorpus()
      .slice(0, 60)
      .map((e) => e.text);
    const first = texts.map((t) => JSON.stringify(classify(t)));
    const again = [...texts].reverse().map((t) => JSON.stringify(classify(t)));
    expect(again.reverse()).toEqual(first);
  });
});
