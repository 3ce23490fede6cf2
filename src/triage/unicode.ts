/**
 * One-character Unicode class tests (\p{L}, \p{Script=Latin}, …) at a position in a text, with
 * the answer for each BMP character kept after its first test: the scanners classify every
 * non-ASCII character of every message, and a regex call costs far more than a table read.
 */
export class CharClass {
  /** Per BMP code: 0 not tested yet, 1 no, 2 yes (allocated on first use). */
  private known: Uint8Array | undefined;
  private readonly sticky: RegExp;

  /** `pattern` is a class for one character, e.g. "[\\p{L}\\p{N}]" or "\\p{L}". */
  constructor(pattern: string) {
    this.sticky = new RegExp(pattern, "uy");
  }

  /** Length (1, or 2 for a surrogate pair) of the matching character at `i`, else 0. */
  lengthAt(text: string, i: number): number {
    const code = text.charCodeAt(i);
    if (code >= 0xd800 && code <= 0xdfff) {
      // Surrogates (pairs and lone halves) go to the regex itself.
      this.sticky.lastIndex = i;
      return this.sticky.test(text) ? this.sticky.lastIndex - i : 0;
    }
    const known = (this.known ??= new Uint8Array(0x10000));
    if (known[code] === 0) {
      this.sticky.lastIndex = i;
      known[code] = this.sticky.test(text) ? 2 : 1;
    }
    return known[code] === 2 ? 1 : 0;
  }
}
