import { describe, expect, it } from "vitest";
import "./index.ts";
import { flagsOf, WORD_FLAGS } from "./lexicon/flags.ts";
import { tokenize } from "./text.ts";

/** The definition the hand-written scanner follows: the token regex, trailing hyphens/apostrophes cut. */
function referenceWords(text: string): { text: string; start: number }[] {
  const out: { text: string; start: number }[] = [];
  for (const m of text.matchAll(/\p{L}[\p{L}\p{M}'’-]*/gu)) {
    let word = m[0];
    while (word.length > 1 && /['’-]$/.test(word)) {
      word = word.slice(0, -1);
    }
    out.push({ text: word, start: m.index });
  }
  return out;
}

describe("tokenize", () => {
  it("finds the same words as the token regex, also in odd Unicode", () => {
    const pieces = ["de", "van", "mevrouw", "Jansen", "diabetes", "mijn", "a", "B", " ", "-", "'", "’", ".", ",", "!", "?", ":", "\n", "•", "é", "É", "e\u0301", "ß", "İ", "𝐀", "😀", "\ud800", "\udc00", "ǅ", "1", "Σ", "\u00a0", " - ", "dhr.", "Jan", "ﬁ", "ٱ", "MIJN", "Mevrouw", "DiaBetes", "mijn-", "De'", "Mevrouw’"];
    let seed = 7;
    const next = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32;
    for (let n = 0; n < 3000; n++) {
      let text = "";
      for (let k = Math.floor(next() * 25); k > 0; k--) {
        text += pieces[Math.floor(next() * pieces.length)];
      }
      const tokens = tokenize(text);
      // Lengths are known before the strings are made (asked first, then compared with the strings).
      const lengths = tokens.map((t) => [t.length, t.lowerLength]);
      expect(lengths).toEqual(tokens.map((t) => [t.text.length, t.lower.length]));
      expect(tokens.map((t) => ({ text: t.text, start: t.start })), JSON.stringify(text)).toEqual(referenceWords(text));
      for (const t of tokens) {
        expect(t.end).toBe(t.start + t.text.length);
        expect(t.lower).toBe(t.text.toLowerCase());
        expect(t.next).toBe(text[t.end] ?? "");
        expect(t.flags).toBe(WORD_FLAGS.get(t.lower) ?? 0);
        const first = t.text[0] as string;
        expect(t.capital).toBe(first !== first.toLowerCase() && first === first.toUpperCase());
      }
    }
  });

  it("marks sentence starts after . ! ? : line breaks, bullets and a dash between spaces", () => {
    const starts = (text: string) => tokenize(text).filter((t) => t.sentenceStart).map((t) => t.text);
    expect(starts("Hoi Jan. Tot morgen! Echt? Ja: goed\nDag • punt - streep-je")).toEqual(["Hoi", "Tot", "Echt", "Ja", "goed", "Dag", "punt", "streep-je"]);
    expect(starts("  ... ok, en verder")).toEqual(["ok"]);
  });

  it("looks word flags up exactly as the word-list map has them", () => {
    expect(WORD_FLAGS.size).toBeGreaterThan(1000);
    for (const [word, bits] of WORD_FLAGS) {
      expect(flagsOf(word), word).toBe(bits);
      expect(flagsOf(`${word}x`), `${word}x`).toBe(WORD_FLAGS.get(`${word}x`) ?? 0);
    }
    for (const word of ["", "xyzzy", "De", "de", "mevrouw", "Mevrouw", "zoë", "zoe"]) {
      expect(flagsOf(word), word).toBe(WORD_FLAGS.get(word) ?? 0);
    }
  });
});
