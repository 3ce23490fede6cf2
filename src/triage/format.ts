/**
 * Number formatting for the reasons `classify` gives (internal to triage: index.ts does not
 * re-export it; a module of its own so the tests can reach it).
 */

/**
 * A probability with two decimals and a decimal comma: `p.toFixed(2)` with "," for ".". The
 * rounding of p × 100 gives the same digits unless p × 100 lies within 1e-9 of a half (there the
 * rounded product and toFixed's exact decimal rounding may differ): then toFixed itself is used.
 */
export function pct(p: number): string {
  const scaled = p * 100;
  const n = Math.round(scaled);
  if (!(p >= 0 && p <= 1) || Math.abs(scaled - n) > 0.5 - 1e-9) {
    return p.toFixed(2).replace(".", ",");
  }
  const cents = n % 100;
  return `${n === 100 ? "1" : "0"},${cents < 10 ? "0" : ""}${cents}`;
}
