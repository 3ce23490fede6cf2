import { describe, expect, it } from "vitest";
import { loadTriageCorpus } from "../../bench/triage/corpus.ts";
import { normalizeText } from "./normalize.ts";
import { lastWordsOfClause } from "./rules/safety.ts";

/** The definition: the clause in the 40 characters before `index`, its last three words joined by one space. */
function referenceWords(text: string, index: number): string {
  const window = text.slice(Math.max(0, index - 40), index);
  const cut = Math.max(
    window.lastIndexOf("."),
    window.lastIndexOf(","),
    window.lastIndexOf(";"),
    window.lastIndexOf("!"),
    window.lastIndexOf("?"),
    window.lastIndexOf("\n"),
    window.lastIndexOf(" maar "),
    window.lastIndexOf(" en "),
  );
  return window
    .slice(cut >= 0 ? cut + 1 : 0)
    .trim()
    .split(/\s+/)
    .slice(-3)
    .join(" ");
}

function check(text: string): void {
  for (let index = 0; index <= text.length; index++) {
    const words = lastWordsOfClause(text, index);
    const where = `${JSON.stringify(text)} at ${index}`;
    // The same words, with the text's own white space between them and none around them.
    expect(words.split(/\s+/).join(" "), where).toBe(referenceWords(text, index));
    expect(words.trim(), where).toBe(words);
    expect(text.slice(0, index).includes(words), where).toBe(true);
  }
}

describe("lastWordsOfClause", () => {
  it("gives the last three words of the clause before a position, with their own spacing", () => {
    const before = (text: string, cue: string) => lastWordsOfClause(text, text.indexOf(cue));
    expect(before("ik ben echt  niet\tsuicidaal", "suicidaal")).toBe("ben echt  niet\t".trim());
    expect(before("nee, niet meer ik wil dood", "dood")).toBe("meer ik wil");
    expect(before("niet leuk, ik wil dood", "dood")).toBe("ik wil");
    expect(before("geen zin maar wil dood", "dood")).toBe("maar wil");
    expect(before("niet zo en wil dood", "dood")).toBe("en wil");
    expect(before("ik wil niet\nmeer leven", "meer")).toBe("");
    expect(before("ik wil niet \u00a0 meer leven", "leven")).toBe("wil niet \u00a0 meer");
    expect(lastWordsOfClause("   ", 3)).toBe("");
    // Only the 40 characters before the position count.
    expect(before(`niet ${"x".repeat(38)} dood`, "dood")).toBe("x".repeat(38));
    expect(before(`niet ${"x".repeat(37)} dood`, "dood")).toBe(`t ${"x".repeat(37)}`);
  });

  it("finds the same words as the slice/split/join definition at every position", () => {
    const pieces = ["ik", "niet", "wil", "dood", "maar", "en", "meer", " ", " ", "  ", "\t", "\n", "\u00a0", "\u2003", ".", ",", ";", "!", "?", " maar ", " en ", "x".repeat(15), "é"];
    let seed = 5;
    const next = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32;
    for (let n = 0; n < 1500; n++) {
      let text = "";
      for (let k = Math.floor(next() * 24); k > 0; k--) {
        text += pieces[Math.floor(next() * pieces.length)];
      }
      check(text);
    }
    for (const entry of loadTriageCorpus().slice(0, 300)) {
      check(normalizeText(entry.text));
    }
  });
});
