import { describe, expect, it } from "vitest";
import { normalizeText, tokenize } from "./normalize.ts";

/** The definitions the hand-written code follows. */
function referenceNormalize(text: string): string {
  return text
    .toLowerCase()
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[\u2018\u2019\u0060\u00b4]/g, "'")
    .replace(/[\u201c\u201d]/g, '"')
    .replace(/([a-z])\1{2,}/g, "$1$1");
}

function referenceTokens(normalized: string): string[] {
  const re = /https?:\/\/\S+|www\.\S+|[@#]?[\p{L}\p{N}]+(?:['-][\p{L}\p{N}]+)*|\p{Extended_Pictographic}|[?!]/gu;
  return [...normalized.matchAll(re)].flatMap(([token]) => {
    if (token.startsWith("http") || token.startsWith("www.")) {
      return ["<url>"];
    }
    if (token.startsWith("@")) {
      return ["<mention>"];
    }
    if (token.startsWith("#")) {
      return ["<hashtag>", token.slice(1)];
    }
    if (/^\d+$/.test(token)) {
      return [token === "112" || token === "113" ? token : "<num>"];
    }
    return [token];
  });
}

describe("normalizeText and tokenize", () => {
  it("follow their regex definitions, also for odd Unicode, URLs, mentions and numbers", () => {
    const pieces = ["a", "B", " ", "-", "'", "’", "`", "´", "“", ".", ",", "!", "?", ":", "\n", "@", "#", "@x", "#1", "http://", "https://x", "https:", "http", "ht", "hat", "www.", "www", "h", "w", "wat", "é", "É", "e\u0301", "ß", "İ", "K", "𝐀", "😀", "❤️", "©", "\ud800", "\udc00", "1", "112", "113", "٣", "\u00a0", "\u2003", "eee", "aaaa", "x-y", "x'y", "x--y", "ﬁ"];
    let seed = 11;
    const next = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32;
    for (let n = 0; n < 4000; n++) {
      let text = "";
      for (let k = Math.floor(next() * 20); k > 0; k--) {
        text += pieces[Math.floor(next() * pieces.length)];
      }
      const normalized = normalizeText(text);
      expect(normalized, JSON.stringify(text)).toBe(referenceNormalize(text));
      expect(tokenize(normalized), JSON.stringify(normalized)).toEqual(referenceTokens(normalized));
    }
  });

  it("reads www. and http words as URLs after the plain-word fast path", () => {
    expect(tokenize("zie www.huisarts.nl, www of http en https.")).toEqual(["zie", "<url>", "www", "of", "<url>", "en", "<url>"]);
  });

  it("keeps the help numbers and folds diacritics and repeated letters", () => {
    expect(tokenize(normalizeText("Bel 113 of 112, niet 0612345678! Suïcidaal?? heeeel erg @lisa #zorg https://x.nl/a"))).toEqual([
      "bel", "113", "of", "112", "niet", "<num>", "!", "suicidaal", "?", "?", "heel", "erg", "<mention>", "<hashtag>", "zorg", "<url>",
    ]);
  });
});
