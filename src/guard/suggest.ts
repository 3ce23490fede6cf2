/**
 * The compliant rewrite offered with a block: acknowledge, general information (a matching
 * Thuisarts.nl page), and an invitation to a private channel from the organisation's profile.
 * It never contains anything from the findings; tests check that it passes the guard itself.
 */
import type { GuardOrgProfile } from "./index.ts";
import { THUISARTS_TOPICS } from "./lexicon/words.ts";
import { escapeRegExp } from "./text.ts";

const TOPIC_PATTERNS = THUISARTS_TOPICS.map((topic) => ({
  topic,
  pattern: new RegExp(`(?<![\\p{L}])(?:${topic.words.map(escapeRegExp).join("|")})`, "u"),
}));

export function suggestReply(org: GuardOrgProfile, text: string, inReplyTo?: string): string {
  const haystack = `${inReplyTo ?? ""} ${text}`.toLowerCase();
  const topic = TOPIC_PATTERNS.find((t) => t.pattern.test(haystack))?.topic;
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
