/**
 * Post length as X counts it (twitter-text configuration v3, the one X documents under
 * "Counting characters"):
 *
 * - the text is NFC-normalised first;
 * - every code point weighs 2, except those in the "light" ranges (Latin, Greek, Cyrillic,
 *   Hebrew, Arabic … up to U+10FF, and some general punctuation), which weigh 1;
 * - an emoji — also a multi-code-point sequence (skin tones, ZWJ families, flags, keycaps) —
 *   weighs 2 as a whole;
 * - every URL weighs 23, whatever its length; this includes bare domains such as
 *   `thuisarts.nl/griep` (twitter-text links those too).
 *
 * The maximum is 280. URL recognition here is a close approximation of twitter-text's: a URL with
 * http(s)://, or a bare domain whose top-level domain is a common generic one or a two-letter
 * country code (a bare ccTLD domain without a path needs a first label of 3+ characters, as
 * twitter-text requires).
 */

export const X_MAX_WEIGHTED_LENGTH = 280;
const URL_WEIGHT = 23;

/** Code point ranges that weigh 1 (twitter-text v3 config). */
const LIGHT_RANGES: [number, number][] = [
  [0x0000, 0x10ff],
  [0x2000, 0x200d],
  [0x2010, 0x201f],
  [0x2032, 0x2037],
];

const GENERIC_TLDS = [
  "com", "org", "net", "info", "edu", "gov", "int", "mil", "biz", "name", "pro", "app", "dev", "io", "ai",
  "online", "site", "shop", "health", "care", "clinic", "hospital", "dentist", "amsterdam", "frl", "eus",
];

const TLD = `(?:${GENERIC_TLDS.join("|")}|[a-z]{2})`;
// Scheme URL, or a bare domain (labels of letters/digits/hyphens) with an optional port and path.
const URL_PATTERN = new RegExp(
  String.raw`https?:\/\/[^\s]+|(?<![\p{L}\p{N}@.\/-])((?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+)(${TLD})(?![\p{L}\p{N}-])((?::\d{1,5})?(?:\/[^\s]*)?)`,
  "giu",
);
const TRAILING_PUNCTUATION = /[.,;:!?'")\]]+$/;

function isLight(codePoint: number): boolean {
  return LIGHT_RANGES.some(([start, end]) => codePoint >= start && codePoint <= end);
}

const EMOJI = /\p{Extended_Pictographic}|\p{Regional_Indicator}|\u20e3/u;

function isEmojiCluster(cluster: string): boolean {
  if (!EMOJI.test(cluster)) {
    return false;
  }
  // ©, ® and ™ without an emoji variation selector are plain text characters.
  const first = cluster.codePointAt(0) ?? 0;
  return !(first < 0x2200 && [...cluster].length === 1 && first !== 0x203c && first !== 0x2049);
}

const segmenter = new Intl.Segmenter("nl", { granularity: "grapheme" });

function weighText(text: string): number {
  let weight = 0;
  for (const { segment } of segmenter.segment(text)) {
    if (isEmojiCluster(segment)) {
      weight += 2;
      continue;
    }
    for (const char of segment) {
      weight += isLight(char.codePointAt(0) ?? 0) ? 1 : 2;
    }
  }
  return weight;
}

/** The ranges of `text` that X counts as URLs ([start, end) in UTF-16 units). */
export function findUrls(text: string): [number, number][] {
  const ranges: [number, number][] = [];
  for (const match of text.matchAll(URL_PATTERN)) {
    const start = match.index ?? 0;
    let url = match[0];
    if (!/^https?:\/\//i.test(url)) {
      const firstLabel = (match[1] ?? "").split(".")[0] ?? "";
      const tld = (match[2] ?? "").toLowerCase();
      const isCountryCode = tld.length === 2 && !GENERIC_TLDS.includes(tld);
      const labels = (match[1] ?? "").split(".").filter(Boolean);
      const hasPath = (match[3] ?? "").length > 0;
      if (isCountryCode && labels.length === 1 && firstLabel.length < 3 && !hasPath) {
        continue;
      }
    }
    url = url.replace(TRAILING_PUNCTUATION, "");
    if (url.length > 0) {
      ranges.push([start, start + url.length]);
    }
  }
  return ranges;
}

/** Weighted length of a post as X counts it (see the module comment). */
export function countXLength(input: string): number {
  const text = input.normalize("NFC");
  let length = 0;
  let last = 0;
  for (const [start, end] of findUrls(text)) {
    length += weighText(text.slice(last, start)) + URL_WEIGHT;
    last = end;
  }
  return length + weighText(text.slice(last));
}
