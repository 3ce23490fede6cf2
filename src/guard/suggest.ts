/**
 * The compliant rewrite offered with a block: acknowledge, general information (a matching
 * Thuisarts.nl page), and an invitation to a private channel from the organisation's profile.
 * It never contains anything from the findings; tests check that it passes the guard itself.
 */
import type { GuardOrgProfile } from "./index.ts";
import { THUISARTS_TOPICS } from "./lexicon/words.ts";
import { escapeRegExp } from "./text.ts";

/** Every topic word in one pattern; the first topic in list order that occurs wins. */
const TOPIC_OF_WORD = new Map<string, number>();
THUISARTS_TOPICS.forEach((topic, index) => {
  for (const word of topic.words) {
    if (!TOPIC_OF_WORD.has(word)) {
      TOPIC_OF_WORD.set(word, index);
    }
  }
});
const TOPIC_WORDS = new RegExp(
  `(?<![\\p{L}])(?:${[...TOPIC_OF_WORD.keys()].sort((a, b) => b.length - a.length).map(escapeRegExp).join("|")})`,
  "gu",
);

function topicOf(haystack: string) {
  let best = Number.POSITIVE_INFINITY;
  TOPIC_WORDS.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = TOPIC_WORDS.exec(haystack)) !== null) {
    best = Math.min(best, TOPIC_OF_WORD.get(m[0]) ?? best);
  }
  return Number.isFinite(best) ? THUISARTS_TOPICS[best] : undefined;
}

export function suggestReply(org: GuardOrgProfile, text: string, inReplyTo?: string): string {
  const topic = topicOf(`${inReplyTo ?? ""} ${text}`.toLowerCase());
  const phone = org.phones[0];
  const parts = ["Dank u wel voor uw bericht."];
  parts.push("Op persoonlijke situaties gaan we hier niet in, dat doen we liever in een persoonlijk gesprek.");
  parts.push(
    topic
      ? `Algemene informatie over ${topic.label} vindt u op https://www.thuisarts.nl/${topic.slug}.`
      : "Betrouwbare algemene informatie over gezondheid vindt u op https://www.thuisarts.nl.",
  );
  if (phone && org.econsultUrl) {
    parts.push(`Wilt u het persoonlijk bespreken? Bel ons op ${phone} of stel uw vraag via het e-consult: ${org.econsultUrl}.`);
  } else if (phone) {
    parts.push(`Wilt u het persoonlijk bespreken? Bel ons op ${phone}.`);
  } else if (org.econsultUrl) {
    parts.push(`Wilt u het persoonlijk bespreken? Stel uw vraag via het e-consult: ${org.econsultUrl}.`);
  } else {
    parts.push("Wilt u het persoonlijk bespreken? Stuur ons een privébericht, dan nemen we contact met u op.");
  }
  return parts.join(" ");
}
