/** Small text helpers adapters share: HTML to plain text, counting characters as networks do. */

const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: " ", "#39": "'" };

/** Turns the HTML of a status/feed item into plain text (paragraphs and line breaks kept). */
export function htmlToText(html: string): string {
  return html
    .replace(/<br\s*\/?>/gi, "\n")
    .replace(/<\/p>\s*<p[^>]*>/gi, "\n\n")
    .replace(/<[^>]+>/g, "")
    .replace(/&(#x[0-9a-f]+|#\d+|[a-z]+\d*);/gi, (whole, name: string) => {
      if (name.startsWith("#x") || name.startsWith("#X")) {
        return String.fromCodePoint(parseInt(name.slice(2), 16));
      }
      if (name.startsWith("#") && /^#\d+$/.test(name)) {
        return String.fromCodePoint(Number(name.slice(1)));
      }
      return ENTITIES[name.toLowerCase()] ?? whole;
    })
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}

/** Number of user-perceived characters (graphemes). */
export function countGraphemes(text: string): number {
  let count = 0;
  for (const _ of new Intl.Segmenter("nl", { granularity: "grapheme" }).segment(text)) {
    count++;
  }
  return count;
}

/** Length with every URL counted as `urlLength` characters (Mastodon and X count links as 23). */
export function countWithUrls(text: string, urlLength = 23): number {
  let length = 0;
  let last = 0;
  for (const match of text.matchAll(/https?:\/\/\S+/g)) {
    length += countGraphemes(text.slice(last, match.index)) + urlLength;
    last = (match.index ?? 0) + match[0].length;
  }
  return length + countGraphemes(text.slice(last));
}

/** Compares numeric id strings (snowflakes) without losing precision. */
export function compareNumericIds(a: string, b: string): number {
  if (a.length !== b.length) {
    return a.length - b.length;
  }
  return a < b ? -1 : a > b ? 1 : 0;
}
