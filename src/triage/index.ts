/**
 * Public API of inbound triage (pure: no I/O, deterministic, runs in Node and in the browser).
 *
 * `classify` combines hand-written Dutch/English cue rules with a small linear model trained by
 * scripts/triage-train.ts on src/triage/corpus/train.txt. Crisis and emergency cues come first and
 * always win when not suppressed (negation, past tense, news, hyperbole). For the other intents and
 * for sentiment the model decides, with the rule cues as extra features. Every label comes with its
 * reasons (matched cues, the model's strongest words), shown in the inbox.
 */
import { type PersonalDataSpan, detectPersonalData } from "../guard/index.ts";
import { detectLanguage } from "./language.ts";
import { pct } from "./format.ts";
import { hasNoWords, normalizeText, tokenize } from "./normalize.ts";
import { suggestReply } from "./replies.ts";
import { featureBuffers, writeFeaturesGrowing } from "./model/features.ts";
import { joinModels, type JointModel, type JointPart, predictJoint } from "./model/linear.ts";
import { modelTokensOf } from "./model/tokens.ts";
import { TRIAGE_MODEL } from "./model/weights.generated.ts";
import { analyseCues } from "./rules/intents.ts";
import { detectSafetyCues, type SafetyFinding } from "./rules/safety.ts";
import { detectTopics } from "./rules/topics.ts";
import { CUE_TRIGGERS } from "./rules/triggers.ts";

export { TOPICS, TOPIC_LABELS, type Topic } from "./rules/topics.ts";
export { suggestReply, HELP_NUMBERS, type ReplyInput } from "./replies.ts";

export const INTENTS = [
  "complaint",
  "question",
  "praise",
  "worry",
  "emergency",
  "crisis",
  "experience",
  "peer_support",
  "other",
] as const;
export type Intent = (typeof INTENTS)[number];
export type Sentiment = "negative" | "neutral" | "positive";
export type TriageUrgency = "low" | "normal" | "high" | "critical";

export const SENTIMENTS: readonly Sentiment[] = ["negative", "neutral", "positive"];
export const URGENCIES: readonly TriageUrgency[] = ["low", "normal", "high", "critical"];

/** Labels for the inbox, Dutch and English. */
export const INTENT_LABELS: Record<Intent, { nl: string; en: string }> = {
  complaint: { nl: "Klacht", en: "Complaint" },
  question: { nl: "Vraag", en: "Question" },
  praise: { nl: "Compliment", en: "Praise" },
  worry: { nl: "Zorg/ongerustheid", en: "Worry" },
  emergency: { nl: "Spoed", en: "Emergency" },
  crisis: { nl: "Crisis (suïcide/zelfbeschadiging)", en: "Crisis (suicide/self-harm)" },
  experience: { nl: "Ervaring", en: "Experience" },
  peer_support: { nl: "Steun aan anderen", en: "Peer support" },
  other: { nl: "Overig", en: "Other" },
};
export const SENTIMENT_LABELS: Record<Sentiment, { nl: string; en: string }> = {
  negative: { nl: "Negatief", en: "Negative" },
  neutral: { nl: "Neutraal", en: "Neutral" },
  positive: { nl: "Positief", en: "Positive" },
};
export const URGENCY_LABELS: Record<TriageUrgency, { nl: string; en: string }> = {
  low: { nl: "Laag", en: "Low" },
  normal: { nl: "Normaal", en: "Normal" },
  high: { nl: "Hoog", en: "High" },
  critical: { nl: "Kritiek", en: "Critical" },
};

/** The Dutch labels in lower case, as the model reasons name them (made once, not per message). */
const INTENT_REASON_NAMES = Object.fromEntries(INTENTS.map((i) => [i, INTENT_LABELS[i].nl.toLowerCase()])) as Record<Intent, string>;
const SENTIMENT_REASON_NAMES = Object.fromEntries(SENTIMENTS.map((s) => [s, SENTIMENT_LABELS[s].nl.toLowerCase()])) as Record<Sentiment, string>;

export interface TriageResult {
  language: string;
  intent: Intent;
  sentiment: Sentiment;
  topics: string[];
  urgency: TriageUrgency;
  /** Human-readable reasons (matched cues, features) shown in the UI. */
  reasons: string[];
  pii: PersonalDataSpan[];
  /** For crisis/emergency (and a patient sharing personal data publicly): a suggested reply. */
  suggestedReply?: string | undefined;
}

export interface TriageOptions {
  /** Out-of-hours (huisartsenpost) number and practice phone from the org profile, for emergency guidance. */
  org?: { name?: string; phones?: string[]; outOfHoursPhone?: string | undefined } | undefined;
  /** Skip the personal-data detectors (e.g. when the caller already ran them). Default false. */
  skipPersonalData?: boolean | undefined;
  /**
   * Where the message was posted. "public" (default): personal data in it gets a warning, and
   * identifiers raise the urgency. "private" (direct message, Messenger): that is exactly where
   * personal data belongs, so the spans are still reported but nothing is flagged.
   */
  visibility?: "public" | "private" | undefined;
}

/** Model probability needed before the model alone may call something crisis or emergency. */
const MODEL_CRITICAL_THRESHOLD = 0.6;

/** Parts of the joint model: intent first, sentiment second. */
const INTENT_PART = 0;
interface DecodedModels {
  intent: JointPart;
  sentiment: JointPart;
  joint: JointModel;
  /** Per word bucket: the sum over the intent classes of the float32 weight, divided by their number (for `topWords`). */
  intentRowMeans: Float64Array;
}
let decoded: DecodedModels | undefined;

/** The models are decoded on first use (a few milliseconds), not at import. */
function models(): DecodedModels {
  if (!decoded) {
    const joint = joinModels([TRIAGE_MODEL.intent, TRIAGE_MODEL.sentiment], TRIAGE_MODEL.dim);
    const [intent, sentiment] = joint.models as [JointPart, JointPart];
    const k = intent.classes.length;
    const intentRowMeans = new Float64Array(TRIAGE_MODEL.dim);
    for (let bucket = 0; bucket < intentRowMeans.length; bucket++) {
      const row = bucket * joint.stride + intent.offset;
      let sum = 0;
      for (let c = 0; c < k; c++) {
        sum += Math.fround((joint.weights[row + c] as number) * intent.scale);
      }
      intentRowMeans[bucket] = sum / k;
    }
    decoded = { intent, sentiment, joint, intentRowMeans };
  }
  return decoded;
}

/**
 * Feature buckets and word buckets of the message being classified (reused: classify is
 * synchronous). They grow to the largest message classified so far and keep that size, which is
 * bounded because classify cuts every text to MAX_ANALYSED_CHARS (5,000) before normalising:
 * lower case and NFD without combining marks make a text at most 3× longer (checked for every
 * code point), a normalised character gives at most two features (a "?" token: unigram and
 * bigram) and a cue marker two, and a grown buffer is less than twice the largest need: under
 * 64 Ki features and 32 Ki word buckets (≈ 384 KB).
 */
const scratch = featureBuffers();

/** Orders candidate words: larger lift first, then alphabetically. */
function beforeInRanking(a: string, liftA: number, b: string, liftB: number): boolean {
  return liftA > liftB || (liftA === liftB && a < b);
}

/**
 * The (at most three) words that pushed the intent model most towards `classIndex`: the highest
 * lift of the word's own weight over its mean weight. `buckets[i]` is the word bucket of `tokens[i]`.
 */
function topWords(model: DecodedModels, tokens: readonly string[], buckets: Int32Array, classIndex: number): string[] {
  const { joint, intentRowMeans } = model;
  const { offset, scale } = joint.models[INTENT_PART] as JointPart;
  const words: string[] = [];
  const lifts: number[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i] as string;
    if (token.charCodeAt(0) === 60 /* "<" marker */) {
      continue;
    }
    // The weights as float32 values of int8 × scale, exactly as the decoded model has them.
    const bucket = buckets[i] as number;
    const row = bucket * joint.stride + offset;
    const lift = Math.fround((joint.weights[row + classIndex] as number) * scale) - (intentRowMeans[bucket] as number);
    if (lift <= 0) {
      continue;
    }
    // Not better than the third word: it would not be kept (checked before the duplicate test, which
    // gives the same: a repeated word has the same bucket and lift as its earlier occurrence).
    if (words.length === 3 && !beforeInRanking(token, lift, words[2] as string, lifts[2] as number)) {
      continue;
    }
    // Listed already? Only possible with an equal lift (a number test before the string test).
    if (lifts.includes(lift) && words.includes(token)) {
      continue;
    }
    // Keep the best three, in ranking order: shift the worse ones down (the fourth falls off).
    let at = words.length;
    while (at > 0 && beforeInRanking(token, lift, words[at - 1] as string, lifts[at - 1] as number)) {
      at--;
    }
    for (let j = Math.min(words.length, 2); j > at; j--) {
      words[j] = words[j - 1] as string;
      lifts[j] = lifts[j - 1] as number;
    }
    words[at] = token;
    lifts[at] = lift;
  }
  return words;
}

/** Texts longer than this are cut for the analysis (the full text still goes to the PII detectors up to 4x this). */
export const MAX_ANALYSED_CHARS = 5000;


/**
 * Identifiers that make a public post risky for the patient (anyone can use them): warn, suggest
 * moving to a private channel, urgency high. "date" is only found inbound as a date of birth.
 */
const IDENTIFIER_PII = new Set<string>(["bsn", "phone", "email", "address", "postcode", "patient_id", "iban", "date"]);
/**
 * Health information about the writer or someone they name, posted in public: the same warning
 * and suggested reply, but no rush (urgency at least normal, not high): nobody can misuse it the
 * way they can a BSN, and a question with "mijn diabetes" in it is not urgent because of that.
 */
const MEDICAL_PII = "individual_medical";

const HIGH_URGENCY_RE =
  /\b(?:spoed|dringend|met spoed|zo snel mogelijk|vandaag nog|asap|urgent|(?:medicijnen|medicatie|pillen|insuline|puffer|tabletten|mijn recept) (?:is |zijn )?(?:bijna )?op\b|geen (?:medicijnen|medicatie|insuline|pillen) meer|steeds erger|hoge koorts|40 graden|al (?:\d+|drie|vier|vijf|een week) dagen? koorts|bloed (?:in|bij) (?:de |mijn )?(?:ontlasting|urine|plas)|bloed (?:op|ophoesten)|ran out of|running out of)\b/;

const HIGH_URGENCY_GATE = CUE_TRIGGERS.register(HIGH_URGENCY_RE);
/** Any character that `trim` would keep (the same white-space set as \s). */
const NON_SPACE = /\S/;

function findPersonalData(text: string, options: TriageOptions, reasons: string[]): PersonalDataSpan[] {
  if (options.skipPersonalData) {
    return [];
  }
  let spans: PersonalDataSpan[];
  try {
    spans = detectPersonalData(text);
  } catch {
    // The guard is not available (placeholder or internal error): triage goes on without spans.
    reasons.push("persoonsgegevens: detector niet beschikbaar");
    return [];
  }
  if (!spans.some((span) => span.category === "phone")) {
    return spans;
  }
  const orgDigits = new Set((options.org?.phones ?? []).concat(options.org?.outOfHoursPhone ?? []).map(digitsOf));
  return spans.filter((span) => !(span.category === "phone" && orgDigits.has(digitsOf(span.text))));
}

function digitsOf(text: string): string {
  return text.replace(/\D/g, "").replace(/^31/, "0");
}

function describeFinding(f: SafetyFinding): string {
  const kind = f.kind === "crisis" ? "crisis-signaal" : "spoed-signaal";
  return `${kind} "${f.match}" (${f.rule})`;
}

/** Classifies one inbound message. Never throws for any string input. */
export function classify(text: string, options: TriageOptions = {}): TriageResult {
  const raw = typeof text === "string" ? text : String(text ?? "");
  const reasons: string[] = [];
  const analysed = raw.length > MAX_ANALYSED_CHARS ? raw.slice(0, MAX_ANALYSED_CHARS) : raw;
  if (analysed !== raw) {
    reasons.push(`tekst ingekort tot ${MAX_ANALYSED_CHARS} tekens voor de analyse`);
  }
  const pii = findPersonalData(raw.length > MAX_ANALYSED_CHARS * 4 ? raw.slice(0, MAX_ANALYSED_CHARS * 4) : raw, options, reasons);
  // Personal data is only a problem in public; in a private message it is where it belongs.
  const publicPost = options.visibility !== "private";
  const sensitive = publicPost ? pii.filter((span) => IDENTIFIER_PII.has(span.category) || span.category === MEDICAL_PII) : [];
  const identifiers = sensitive.some((span) => span.category !== MEDICAL_PII);

  // Most messages start with an ASCII letter or digit: then they are neither empty nor without words.
  const first = analysed.charCodeAt(0);
  const startsWithWord = (first >= 97 && first <= 122) || (first >= 65 && first <= 90) || (first >= 48 && first <= 57);
  if (!startsWithWord && !NON_SPACE.test(analysed)) {
    reasons.unshift("lege tekst: niets te beoordelen");
    return { language: "other", intent: "other", sentiment: "neutral", topics: [], urgency: "low", reasons, pii };
  }
  if (!startsWithWord && hasNoWords(analysed)) {
    reasons.unshift("alleen emoji/leestekens: geen woorden om te beoordelen");
    return { language: "other", intent: "other", sentiment: "neutral", topics: [], urgency: "low", reasons, pii };
  }

  const normalized = normalizeText(analysed);
  const tokens = tokenize(normalized);
  const language = detectLanguage(analysed, tokens);
  reasons.push(language.reason);

  // One pass over the words decides which cue regexes can match at all (rules/triggers.ts).
  const hits = CUE_TRIGGERS.scan(normalized);
  const safety = detectSafetyCues(normalized, hits);
  const topics = detectTopics(normalized, hits);

  let intent: Intent;
  let sentiment: Sentiment;
  if (safety.crisis.length > 0) {
    intent = "crisis";
    sentiment = "negative";
    reasons.push(...safety.crisis.map(describeFinding));
    reasons.push(...safety.emergency.map(describeFinding));
  } else if (safety.emergency.length > 0) {
    intent = "emergency";
    sentiment = "negative";
    reasons.push(...safety.emergency.map(describeFinding));
  } else if (language.language === "other") {
    intent = "other";
    sentiment = "neutral";
    reasons.push("andere taal: alleen de crisis- en spoedsignalen zijn toegepast");
  } else {
    const decodedModels = models();
    const { intent: im, sentiment: sm, joint } = decodedModels;
    const cueAnalysis = analyseCues(normalized, hits);
    const tokensForModel = modelTokensOf(normalized, tokens, cueAnalysis.markers);
    const featureTotal = writeFeaturesGrowing(tokensForModel, scratch);
    const [probabilities = new Array<number>(im.classes.length).fill(0), sp = new Array<number>(sm.classes.length).fill(0)] = predictJoint(
      joint,
      scratch.features,
      featureTotal,
    );
    // The most likely intent (ties: the first class), skipping crisis and emergency unless the model
    // alone is sure and no rule explained the words away; the most likely overall if nothing is left.
    let chosen = -1;
    let mostLikely = 0;
    for (let index = 0; index < probabilities.length; index++) {
      const p = probabilities[index] ?? 0;
      if (p > (probabilities[mostLikely] ?? 0)) {
        mostLikely = index;
      }
      const label = im.classes[index] as Intent;
      const critical = label === "crisis" || label === "emergency";
      if (critical && (p < MODEL_CRITICAL_THRESHOLD || safety.hyperbole || safety.suppressed.some((f) => f.kind === label))) {
        continue;
      }
      if (chosen < 0 || p > (probabilities[chosen] ?? 0)) {
        chosen = index;
      }
    }
    if (chosen < 0) {
      chosen = mostLikely;
    }
    intent = im.classes[chosen] as Intent;
    reasons.push(...cueAnalysis.reasons);
    const words = topWords(decodedModels, tokensForModel, scratch.wordBuckets, chosen);
    reasons.push(`model: ${INTENT_REASON_NAMES[intent]} (kans ${pct(probabilities[chosen] ?? 0)}${words.length > 0 ? `; woorden: ${words.map((w) => `"${w}"`).join(", ")}` : ""})`);
    if (intent === "crisis" || intent === "emergency") {
      sentiment = "negative";
    } else {
      let best = 0;
      for (let c = 1; c < sp.length; c++) {
        if ((sp[c] ?? 0) > (sp[best] ?? 0)) {
          best = c;
        }
      }
      sentiment = sm.classes[best] as Sentiment;
      reasons.push(`sentiment: ${SENTIMENT_REASON_NAMES[sentiment]} (model, kans ${pct(sp[best] ?? 0)})`);
    }
  }
  for (const f of safety.suppressed) {
    reasons.push(`${describeFinding(f)} genegeerd: ${f.suppressedBy ?? "context"}`);
  }
  if (safety.hyperbole) {
    reasons.push("let op: zelfmoord-uitdrukking als overdrijving/sarcasme gelezen; controleer het bericht");
  }
  // Suicidal thoughts and self-harm are a mental-health matter whatever words were used: a crisis
  // message is filed under GGZ even without a GGZ word ("ik wil dood"). GGZ is the last topic, so
  // the order of TOPICS holds.
  if (intent === "crisis" && !topics.some((t) => t.topic === "ggz")) {
    topics.push({ topic: "ggz", match: safety.crisis[0]?.match ?? "crisis" });
  }
  for (const t of topics) {
    reasons.push(`onderwerp ${t.topic}: "${t.match}"`);
  }

  let urgency: TriageUrgency;
  if (intent === "crisis" || intent === "emergency") {
    urgency = "critical";
  } else {
    urgency = intent === "complaint" || intent === "question" || intent === "worry" ? "normal" : "low";
    const high = hits.mayMatch(HIGH_URGENCY_GATE) ? HIGH_URGENCY_RE.exec(normalized) : null;
    if (high && (intent === "worry" || intent === "question" || intent === "complaint")) {
      urgency = "high";
      reasons.push(`urgentie hoog: "${high[0]}"`);
    }
    if (safety.hyperbole) {
      urgency = "high";
    }
    if (identifiers) {
      urgency = "high";
    } else if (sensitive.length > 0 && urgency === "low") {
      urgency = "normal";
    }
  }
  if (sensitive.length > 0) {
    const categories = [...new Set(sensitive.map((s) => s.category))].join(", ");
    reasons.push(`persoonsgegevens openbaar gedeeld (${categories}): waarschuw en verplaats naar een privékanaal`);
  }
  const suggestedReply = suggestReply({ intent, language: language.language, personalData: sensitive.length > 0 }, options);
  const result: TriageResult = {
    language: language.language,
    intent,
    sentiment,
    topics: topics.map((t) => t.topic),
    urgency,
    reasons,
    pii,
  };
  if (suggestedReply !== undefined) {
    result.suggestedReply = suggestedReply;
  }
  return result;
}
