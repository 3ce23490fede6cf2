/**
 * Hand-written cues for the non-critical intents and for sentiment, on the normalised text (lower
 * case, no diacritics). Each intent scores the cues it matches; the best score wins and the
 * matched cues are the reasons. Crisis and emergency are decided earlier by the safety rules.
 */
import { CUE_TRIGGERS, type TriggerHits } from "./triggers.ts";

export type RuleIntent = "complaint" | "question" | "praise" | "worry" | "experience" | "peer_support" | "other";

const CUES: Record<Exclude<RuleIntent, "other">, [RegExp, number][]> = {
  complaint: [
    [/\b(?:klacht|klagen|schandalig|belachelijk|bizar|waardeloos|slecht(?:e)? (?:service|bereikbaar|geholpen)|nooit (?:bereikbaar|opgenomen)|niet (?:bereikbaar|serieus genomen|geholpen|teruggebeld)|onbeschoft|onvriendelijk|grof|respectloos|snauw\w*|afgescheept|genegeerd|wachttijd|wacht(?:en)? al|in de wacht|uur gewacht|weken wachten|maanden wachten|te laat|vergeten|kwijtgeraakt|fout(?:en)?|rekening|te duur|parkeer\w*|boos|woedend|kwaad|frustrerend|gefrustreerd|#fail|#klantonvriendelijk|hoe moeilijk kan het zijn|dit kan echt niet|weer eens|alweer|ridiculous|terrible|rude|unacceptable|worst)\b/, 2],
    [/\b(?:niet normaal|lekker dan|top service not|bedankt voor niks|thanks for nothing)\b/, 2],
  ],
  question: [
    [/\?/, 2],
    [/^(?:hoe|wat|wanneer|waar|waarom|welke|wie|kan|kun|kunnen|mag|moet|is|zijn|heeft|hebben|weet|does|do|can|how|when|where|what|is|are)\b/, 2],
    [/\b(?:vraagje|vraag|weet iemand|iemand ervaring|hoe werkt|hoe lang duurt|openingstijden|kan ik|mag ik|moet ik|is het mogelijk|graag informatie|wie weet)\b/, 2],
  ],
  praise: [
    [/\b(?:dank(?:jewel|uwel| je| u)?|bedankt|top|super|geweldig|fantastisch|fijn(?:e)?|lief(?:e)?|vriendelijk geholpen|goed geholpen|heel goed|topdokter|toppers?|compliment(?:en)?|aanrader|tevreden|blij met|trots|held(?:en)?|chapeau|petje af|thank(?:s| you)|great|amazing|wonderful|kudos)\b/, 2],
    [/(?:❤|❤️|🙏|👏|💪|😍|🥰|👍)/u, 2],
  ],
  worry: [
    [/\b(?:bang|angst(?:ig)?|ongerust|zorgen|spannend|eng|nerveus|zenuw\w*|twijfel|weet niet of|is dit normaal|moet ik me zorgen|help(?:t)? iemand|paniek|slaap er niet van|worried|scared|anxious|nervous)\b/, 2],
    [/\b(?:operatie|uitslag|onderzoek|scan|biopsie|morgen|volgende week) .{0,30}\b(?:bang|spannend|zenuwachtig|eng)\b/, 1],
  ],
  experience: [
    [/\b(?:vandaag|gisteren|vorige week|vorig jaar|net|zojuist) .{0,40}\b(?:geweest|gehad|gekregen|geopereerd|bevallen|opgenomen|ontslagen|thuis)\b/, 2],
    [/\b(?:mijn ervaring|ervaring met|ik deel|update|dag \d+ na|weken na mijn|sinds mijn|na mijn (?:operatie|bevalling|nieuwe heup|knieoperatie)|mijn verhaal|revalidatie gaat)\b/, 2],
  ],
  peer_support: [
    [/\b(?:sterkte|heel veel sterkte|beterschap|je bent niet (?:de enige|alleen)|ik herken|herkenbaar|ik heb hetzelfde|hou vol|houd vol|succes (?:morgen|met)|komt goed|je kunt het|ik duim|denk aan je|virtuele knuffel|knuffel|hang in there|you've got this|same here)\b/, 2],
    [/(?:^|\s)@\w+/, 1],
  ],
};

const POSITIVE = /\b(?:dank\w*|bedankt|top|super|geweldig|fantastisch|fijn\w*|lief\w*|blij|tevreden|goed geholpen|aanrader|trots|heerlijk|mooi|thank\w*|great|amazing|happy|love)\b|(?:❤|🙏|👏|😍|🥰|👍|😊)/u;
const NEGATIVE = /\b(?:slecht\w*|boos|woedend|kwaad|schandalig|belachelijk|waardeloos|onbeschoft|onvriendelijk|bang|angst\w*|ongerust|pijn|verdriet\w*|huil\w*|klacht|frustr\w*|helaas|jammer|balen|zorgen|moe|ziek|ellende|terrible|rude|worst|sad|angry|scared)\b|(?:😡|😠|😢|😭|😤|🤬)/u;

/** The cues per intent, in the order above (listed once, not per message). */
const CUE_LIST = Object.entries(CUES) as [Exclude<RuleIntent, "other">, [RegExp, number][]][];

/** Trigger ids (see triggers.ts) of every cue regex: a regex only runs when its words occur. */
const GATES = new Map<RegExp, number>();
for (const re of [...Object.values(CUES).flatMap((cues) => cues.map(([r]) => r)), POSITIVE, NEGATIVE]) {
  GATES.set(re, CUE_TRIGGERS.register(re));
}

function execGated(re: RegExp, text: string, hits: TriggerHits): RegExpExecArray | null {
  const gate = GATES.get(re);
  return gate !== undefined && !hits.mayMatch(gate) ? null : re.exec(text);
}

export interface IntentGuess {
  intent: RuleIntent;
  reasons: string[];
}

export function guessIntent(normalized: string, hits: TriggerHits = CUE_TRIGGERS.scan(normalized)): IntentGuess {
  let best: RuleIntent = "other";
  let bestScore = 0;
  let bestReasons: string[] = [];
  for (const [intent, cues] of CUE_LIST) {
    let score = 0;
    const reasons: string[] = [];
    for (const [re, weight] of cues) {
      const m = execGated(re, normalized, hits);
      if (m) {
        score += weight;
        reasons.push(`${intent}-signaal "${m[0].trim()}"`);
      }
    }
    // Ties go to the more actionable intent (order above: complaint, question, praise, worry, ...).
    if (score > bestScore) {
      best = intent;
      bestScore = score;
      bestReasons = reasons;
    }
  }
  return { intent: best, reasons: bestReasons.length > 0 ? bestReasons : ["geen duidelijk signaal: overig"] };
}

export function guessSentiment(
  normalized: string,
  hits: TriggerHits = CUE_TRIGGERS.scan(normalized),
): { sentiment: "negative" | "neutral" | "positive"; reason: string } {
  const pos = execGated(POSITIVE, normalized, hits);
  const neg = execGated(NEGATIVE, normalized, hits);
  if (neg && (!pos || neg.index <= pos.index || /\b(?:niet|geen)\s+\S*$/.test(normalized.slice(0, pos.index)))) {
    return { sentiment: "negative", reason: `sentiment negatief: "${neg[0]}"` };
  }
  if (pos) {
    return { sentiment: "positive", reason: `sentiment positief: "${pos[0]}"` };
  }
  return { sentiment: "neutral", reason: "sentiment neutraal: geen uitgesproken woorden" };
}

/** Marker tokens for the model: one per intent whose cues fire, plus the sentiment cue. */
export function cueMarkers(normalized: string): string[] {
  return analyseCues(normalized).markers;
}

/** The marker token of each intent and sentiment cue ("<cue:complaint>"), made once. */
const CUE_MARKERS = Object.fromEntries(
  [...CUE_LIST.map(([intent]) => intent), "negative", "neutral", "positive"].map((name) => [name, `<cue:${name}>`]),
) as Record<Exclude<RuleIntent, "other"> | "negative" | "neutral" | "positive", string>;

export interface CueAnalysis {
  /** Model marker tokens (same as `cueMarkers`). */
  markers: string[];
  /** Every intent cue that fired, as a reason for the UI. */
  reasons: string[];
}

/** Runs every intent cue once and returns both the model markers and the reasons. */
export function analyseCues(normalized: string, hits: TriggerHits = CUE_TRIGGERS.scan(normalized)): CueAnalysis {
  const markers: string[] = [];
  const reasons: string[] = [];
  for (const [intent, cues] of CUE_LIST) {
    let fired = false;
    for (const [re] of cues) {
      const m = execGated(re, normalized, hits);
      if (m) {
        fired = true;
        reasons.push(`${intent}-signaal "${m[0].trim()}"`);
      }
    }
    if (fired) {
      markers.push(CUE_MARKERS[intent]);
    }
  }
  markers.push(CUE_MARKERS[guessSentiment(normalized, hits).sentiment]);
  return { markers, reasons };
}
