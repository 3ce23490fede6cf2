/**
 * Medical secrecy, clause by clause: confirming a care relationship, individual medical details,
 * individual advice, third parties, person-tied dates and ages, places and institutions that narrow
 * someone down, recognisable combinations, and medical details echoed from the inbound message.
 *
 * General information is not a finding: a clause that is a question or a condition ("Heeft u
 * vragen over uw recept?", "Als u koorts heeft, ...") or an invitation ("kunt u ons bellen") talks
 * about patients in general, not about this patient.
 */
import type { Candidate } from "../candidate.ts";
import {
  CARE_RELATIONSHIP_PHRASES,
  INSTITUTIONS,
  MEDICAL_TERMS,
  PLACES,
  RARE_CONDITIONS,
  RELATIONS,
} from "../lexicon/words.ts";
import { type Clause, escapeRegExp, type Token, tokenize, wordListRegex } from "../text.ts";
import { wordFlag } from "../lexicon/flags.ts";

const CARE = wordListRegex(CARE_RELATIONSHIP_PHRASES);
/** "toen u in oktober bij ons was", "toen je vorige week bij ons op het spreekuur kwam". */
const CARE_GAP = /(?<![\p{L}])(?:toen|nadat|sinds)\s+(?:u|je|jij)\s+(?:[\p{L}\p{N}-]+\s+){1,4}?(?:bij\s+ons|hier|op\s+(?:ons|het)\s+spreekuur)(?:\s+(?:op\s+het\s+spreekuur\s+)?(?:was|bent\s+geweest|kwam|langskwam|geweest))(?![\p{L}])/iu;
const MILD = new Set(["koorts", "verhoging", "pijn", "klachten", "ziekte", "onderzoek", "controle", "test", "foto", "consult", "behandeling", "therapie", "prik", "suiker", "scan", "echo", "waarden", "uitslag", "uitslagen"]);
const SINGLE_TERMS = new Set<string>(MEDICAL_TERMS.filter((t) => !t.includes(" ")));
/** Terms long enough to be recognised inside compounds ("bloeduitslag", "knieoperatie"). */
const COMPOUND_TERMS = new Set<string>([...SINGLE_TERMS].filter((t) => t.length >= 6));
const PHRASE_TERMS = new RegExp(
  `(?<![\\p{L}])(?:${MEDICAL_TERMS.filter((t) => t.includes(" ")).sort((a, b) => b.length - a.length).map(escapeRegExp).join("|")})(?![\\p{L}])`,
  "giu",
);
const WORD = /\p{L}[\p{L}\p{M}-]*/gu;
const INFLECTIONS = ["", "en", "s", "n", "e", "es", "je", "jes", "tje", "tjes"];

/** Compound heads and tails indexed by their last / first four letters, for cheap lookups. */
const BY_END = new Map<string, string[]>();
const BY_START = new Map<string, string[]>();
for (const term of COMPOUND_TERMS) {
  const end = term.slice(-4);
  const start = term.slice(0, 4);
  BY_END.set(end, [...(BY_END.get(end) ?? []), term]);
  BY_START.set(start, [...(BY_START.get(start) ?? []), term]);
}

/** Symptoms and everyday words: a warning when tied to a person, not a block ("hoofdpijn", "koorts"). */
function isMild(term: string): boolean {
  return MILD.has(term) || term.endsWith("pijn");
}

const termCache = new Map<string, string | null>();

/** Memoised: words repeat a lot in real text, and this runs for every word. */
function medicalTermOf(word: string): string | undefined {
  let term = termCache.get(word);
  if (term === undefined) {
    term = lookupMedicalTerm(word) ?? null;
    if (termCache.size > 50_000) {
      termCache.clear();
    }
    termCache.set(word, term);
  }
  return term ?? undefined;
}

/** The medical term a word is or contains, if any: whole words, then compound tails and heads. */
function lookupMedicalTerm(word: string): string | undefined {
  if (SINGLE_TERMS.has(word)) {
    return word;
  }
  if (word.length < 6) {
    return undefined;
  }
  // Every "...pijn" is a complaint: "keelpijn", "buikpijn", "zenuwpijn".
  if (word.endsWith("pijn") || word.endsWith("pijnen")) {
    return word;
  }
  for (const ending of INFLECTIONS) {
    if (ending && !word.endsWith(ending)) {
      continue;
    }
    const stem = ending ? word.slice(0, -ending.length) : word;
    if (ending && SINGLE_TERMS.has(stem)) {
      return stem;
    }
    // A compound ends with its head: "bloed|uitslag", "knie|operatie".
    for (const term of BY_END.get(stem.slice(-4)) ?? []) {
      if (stem.length > term.length && stem.endsWith(term)) {
        return term;
      }
    }
  }
  // ... or starts with a term: "uitslag|brief".
  for (const term of BY_START.get(word.slice(0, 4)) ?? []) {
    if (word.startsWith(term)) {
      return term;
    }
  }
  if (word.includes("-")) {
    for (const part of word.split("-")) {
      if (SINGLE_TERMS.has(part)) {
        return part;
      }
    }
  }
  return undefined;
}

const INSTITUTION_WORDS = new Set<string>(INSTITUTIONS.filter((w) => !w.includes(" ")));
const INSTITUTION_PHRASES = INSTITUTIONS.filter((w) => w.includes(" "));
const INSTITUTION_BIT = wordFlag(INSTITUTION_WORDS);
const MEDICAL_BIT = wordFlag(SINGLE_TERMS);

function findMedical(original: string): [number, number, string][] {
  const hits: [number, number, string][] = [];
  WORD.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = WORD.exec(original)) !== null) {
    const word = m[0].toLowerCase();
    if (medicalTermOf(word) !== undefined) {
      hits.push([m.index, m.index + m[0].length, word]);
    }
  }
  PHRASE_TERMS.lastIndex = 0;
  while ((m = PHRASE_TERMS.exec(original)) !== null) {
    hits.push([m.index, m.index + m[0].length, m[0].toLowerCase()]);
  }
  return hits;
}
/** Upper-case abbreviations that are also ordinary words in lower case ("als", "ms"). */
const MEDICAL_ABBREVIATIONS = /(?<![\p{L}\p{N}])(?:ALS|MS|TIA|HIV|AIDS|COPD|ADHD|MRI|CT|ECG|IVF|TBC|SOA)(?![\p{L}\p{N}])/gu;
const RARE = wordListRegex(RARE_CONDITIONS.filter((t) => t !== "als" && t !== "ms"), "iu");
const RARE_ABBREVIATION = /^(?:als|ms|hiv|aids|tbc)$/;
const PLACE_SET = new Set<string>(PLACES);
/** First words of multi-word place names ("den haag", "bergen op zoom"). */
const PLACE_PREFIXES = new Set<string>(PLACES.filter((p) => p.includes(" ")).map((p) => p.split(" ")[0] ?? p));
const PERSON_NOUN_WORDS = new Set(["vrouw", "man", "meisje", "jongen", "dame", "heer", "mevrouw", "meneer", "patiënt", "patiënte", "patient", "patiente", "bewoner", "bewoonster", "baby", "kindje", "peuter", "tiener", "moeder", "vader", "opa", "oma", "woman", "girl", "boy", "lady", "gentleman"]);
const POSSESSIVE_WORDS = new Set(["uw", "je", "jouw", "zijn", "haar", "hun", "mijn", "m'n", "your", "his", "her", "my"]);
const CARE_FIRST_WORDS = new Set<string>(CARE_RELATIONSHIP_PHRASES.map((p) => p.split(" ")[0] ?? p));
const INVITATION_WORDS = new Set(["kunt", "kun", "wilt", "wil", "neem", "bel", "stuur", "can", "please"]);
const TIME_WORDS = new Set(["gisteravond", "gistermiddag", "gisterochtend", "vannacht", "vanochtend", "vanmorgen", "vanmiddag", "vanavond", "gisteren", "yesterday", "night", "morning"]);
const PERSON_NOUN_BIT = wordFlag(PERSON_NOUN_WORDS);
const POSSESSIVE_BIT = wordFlag(POSSESSIVE_WORDS);
const CARE_FIRST_BIT = wordFlag(CARE_FIRST_WORDS);
const INVITATION_BIT = wordFlag(INVITATION_WORDS);
const TIME_BIT = wordFlag(TIME_WORDS);
const CARE_GAP_BIT = wordFlag(["toen", "nadat", "sinds"]);
const DOSE_WORD_BIT = wordFlag(["tablet", "tabletten", "pil", "pillen", "capsule", "capsules", "zakje", "zakjes", "pufje", "pufjes", "druppels"]);
const MODAL_BIT = wordFlag(["mag", "mogen", "moet", "moeten", "kunt", "kan", "kun", "should", "can", "may"]);
const PLACE_BIT = wordFlag(PLACE_SET);
const PLACE_PREFIX_BIT = wordFlag(PLACE_PREFIXES);
/** Institutions too common to narrow anyone down on their own. */
const WEAK_INSTITUTIONS = new Set(["ziekenhuis", "umc", "kliniek", "afdeling", "seh", "ic", "intensive care", "kamer", "kantoor"]);
/** A named hospital or clinic: "het Diakonessenhuis", "de Maartenskliniek", "Gelre Ziekenhuizen". */
const NAMED_INSTITUTION_ENDINGS = ["ziekenhuis", "ziekenhuizen", "gasthuis", "enhuis", "kliniek", "hospitaal"];
/** "een zeldzame spierziekte": any condition called rare is a rare condition. */
const CALLED_RARE = /(?<![\p{L}])(?:zeldzame?|rare)(?![\p{L}])/u;
/** Sympathy or congratulations addressed to this person: "wat rot dat", "sterkte met". */
const SYMPATHY = /(?<![\p{L}])(?:wat\s+(?:rot|vervelend|naar|fijn|goed|jammer|sneu|akelig|verdrietig|balen)|sterkte\s+met|beterschap\s+met|gefeliciteerd\s+met|so\s+sorry|sorry\s+(?:to\s+hear|dat)|glad\s+(?:to\s+hear|that))(?![\p{L}])/iu;
const CLOCK = /(?<![\p{N}])\d{1,2}[:.]\d{2}(?![\p{N}])/u;
/** A person noun with a named place: "bewoonster van De Hoge Weide", "leerling van De Regenboog". */
const NAMED_PLACE = /(?<![\p{L}])(?:bewoner|bewoonster|leerling|patiënt|patiënte|cliënt|medewerker|collega|lid)\s+(?:van|uit|in|op)\s+(?:[Dd]e\s+|[Hh]et\s+|'t\s+)?\p{Lu}[\p{L}-]+(?:\s+\p{Lu}[\p{L}-]+)*/gu;
const ROOM = /(?<![\p{L}])(?:spreekkamer|behandelkamer|onderzoekskamer|kamer|bed|room|box)\s*\d{1,4}[a-z]?(?![\p{N}])/giu;
const TIME = /(?<![\p{L}\p{N}])(?:\d{1,2}[:.]\d{2}(?:\s?uur)?|gisteravond|gistermiddag|gisterochtend|vannacht|vanochtend|vanmorgen|vanmiddag|vanavond|gisteren|last night|this morning|yesterday)(?![\p{L}\p{N}])/giu;

const POSSESSIVE = "(?:uw|je|jouw|zijn|haar|hun|mijn|m'n|your|his|her|my)";
const PERSONAL_MEDICAL = new RegExp(`(?<![\\p{L}])${POSSESSIVE}\\s+(?:[\\p{L}-]+\\s+){0,2}?$`, "iu");
const SUBJECT_VERB = /(?<![\p{L}])(?:ik|u|je|jij|hij|zij|ze|i|you|he|she)\s+(?:heeft|hebt|heb|had|hadden|ben|bent|was|lijdt\s+aan|leed\s+aan|kreeg|krijgt|gebruikt|slikt|neemt|mag|moet|has|had|is|was|got|takes|suffers\s+from)\s+(?:[\p{L}-]+\s+){0,3}?$/iu;
const FINDING_PHRASE = /(?:bekend\s+met\s*$)|(?:bij\s+(?:u|jou|hem|haar)\s+(?:is|werd|zijn)\s+(?:[\p{L}-]+\s+){0,3}?$)|(?:(?:van|bij)\s+(?:u|jou|uw|je|hem|haar)\s*$)/iu;
/** Dutch subordinate order: "dat u een miskraam heeft gehad", "nu je koorts hebt". */
const SUBORDINATE_BEFORE = /(?<![\p{L}])(?:dat|omdat|nu|sinds|toen|als|zodat)\s+(?:u|je|jij|hij|zij|ze)\s+(?:[\p{L}'’-]+\s+){0,3}?$/iu;
const SUBORDINATE_AFTER = /^[\p{L}-]*\s+(?:[\p{L}-]+\s+){0,2}?(?:heeft|hebt|had|hadden|gehad|krijgt|kreeg|gekregen|bent|was|heeft\s+gehad)(?![\p{L}])/iu;
const LAST_VAN = /(?<![\p{L}])last\s+van\s+(?:zijn|haar|uw|je|jouw|mijn|his|her)\s+\p{L}+/iu;
const CARE_THIRD = /(?<![\p{L}])(?:hij|zij|ze)\s+(?:was|waren|is|zat|kwam|lag)\s+(?:[\p{L}]+\s+){0,2}?(?:ook\s+)?(?:bij\s+ons|hier\s+op\s+het\s+spreekuur|bij\s+de\s+huisarts)(?![\p{L}])/iu;
/** Any person word among the last words before a medical term (cheap gate for the patterns below). */
const NEAR_PERSON = /(?<![\p{L}])(?:uw|je|jouw|zijn|haar|hun|mijn|m'n|your|his|her|my|ik|u|jij|hij|zij|ze|i|you|he|she|jou|hem)(?![\p{L}])/iu;
const PERSON_VERB = /(?:heeft|had|is|was|kreeg|lijdt|has)\s/;

/** The last `n` words of a string (with their spacing), for end-anchored patterns. */
function lastWords(text: string, n: number): string {
  let i = text.length;
  let words = 0;
  let inWord = false;
  while (i > 0) {
    const c = text.charCodeAt(i - 1);
    const space = c === 32 || c === 10 || c === 9;
    if (space && inWord) {
      words++;
      if (words === n) {
        break;
      }
    }
    inWord = !space;
    i--;
  }
  return text.slice(i);
}

const AFTER_TERM_PERSONAL = /^\s*(?:van|bij)\s+(?:u|jou|uw|je|hem|haar|uw\s+\p{L}+)(?![\p{L}])/iu;
const SECOND_PERSON = /(?<![\p{L}])(?:u|uw|je|jij|jouw|you|your)(?![\p{L}])/iu;
const GENERIC_START =
  /^\s*(?:als|wanneer|mocht|indien|zodra|voordat|stel|laat|wilt|wil|kunt|kun|heeft|hebt|heb|bent|ben|is|zijn|wie|waar|welke|waarom|vraag|bel|neem|lees|kijk|check|meer|voor|if|do|does|did|would|could|can|are|have|should|for|please)(?![\p{L}])/iu;
const INVITATION = /(?<![\p{L}])(?:kunt\s+u|kun\s+je|u\s+kunt|je\s+kunt|jij\s+kunt|wilt\s+u|wil\s+je|neem\s+(?:dan\s+)?contact|bel\s+(?:dan|ons|gerust|even|de)|stuur\s+(?:ons|dan)|you\s+can|please\s+(?:call|contact))(?![\p{L}])/iu;
const INFO_POINTER = /(?:informatie|info|meer|lees|leest|tips|about)\s+(?:over\s+)?(?:[\p{L}-]+\s+){0,2}$/iu;
const IMPERATIVE_START = /^\s*(?:neem|neemt|slik|slikt|gebruik|gebruikt|take|use)(?![\p{L}])/iu;
const PERSON_REF = /(?<![\p{L}])(?:u|uw|je|jij|jouw|hij|zij|ze|hem|haar|zijn|you|your|he|she|him|her|his)(?![\p{L}])/iu;

/** Doses in words: "één tablet extra", "een halve pil". */
const DOSE_WORDS = /(?<![\p{L}])(?:een|één|twee|drie|vier|halve|half)\s+(?:extra\s+)?(?:tablet|tabletten|pil|pillen|capsule|capsules|zakje|zakjes|pufje|pufjes|druppels)(?:\s+extra)?(?![\p{L}])/iu;
const DOSE = /(?<![\p{L}\p{N}.,])\d{1,5}(?:[.,]\d{1,3})?\s?(?:mg|milligram|mcg|microgram|ml|milliliter|gram|ie|eenheden|tabletten|tablet|pillen|pil|capsules?|druppels|pufjes|puffs?|keer\s+per\s+dag|x\s+per\s+dag|maal\s+daags)(?![\p{L}])/iu;
const MED_CHANGE = new RegExp(
  `(?<![\\p{L}])(?:stop|stopt|stoppen|verhoog|verhoogt|verlaag|verlaagt|halveer|halveert|verdubbel|verdubbelt|bouw|bouwt|begin|begint|start|wissel|vervang|slik|neem|neemt|take|stop|increase|decrease|double)(?![\\p{L}])\\s+(?:[\\p{L}-]+\\s+){0,3}?(?:met\\s+)?${POSSESSIVE}\\s+(?:[\\p{L}-]+\\s+)?(?:dosis|dosering|medicatie|medicijnen|medicijn|pillen|tabletten|insuline|bloedverdunner|dose|medication|[\\p{L}]+(?:ine|ol|am|an|on|ide|pril))s?(?![\\p{L}])|${POSSESSIVE}\\s+(?:dosis|dosering|medicatie|insuline|dose|medication)\\s+(?:mag|kan|moet|gaat|wordt|can|should|must)\\s+(?:[\\p{L}]+\\s+){0,2}?(?:omhoog|omlaag|verhoogd|verlaagd|gestopt|gehalveerd|aangepast|up|down|increased|reduced)`,
  "iu",
);
/** "U mag de metformine halveren", "Je kunt de antibiotica gewoon afmaken." */
const MODAL_ADVICE = /(?<![\p{L}])(?:u|je|jij|you)\s+(?:mag|mogen|moet|moeten|kunt|kan|kun|should|can|may)\s+(?:(?:de|het|uw|je|jouw|your|the)\s+)?(\p{L}+)\s+(?:[\p{L}]+\s+){0,2}?(?:halveren|verhogen|verlagen|stoppen|afbouwen|ophogen|verdubbelen|afmaken|minderen|overslaan|halve|stop|increase|reduce|double|finish)(?![\p{L}])/iu;
const ADVICE_VERB_GATE = /halve|hogen|lagen|stop|bouwen|dubbel|afmaken|minderen|overslaan|increase|reduce|double|finish/;
const MEDICATION_SUFFIX = /(?:ine|ol|am|pril|artan|statine|azol|mycine|cilline)$/u;
const RELATION = new RegExp(`(?<![\\p{L}])${POSSESSIVE}\\s+(?:${RELATIONS.map(escapeRegExp).join("|")})(?![\\p{L}])`, "giu");
const THIRD_PARTY_CUE = /(?<![\p{L}])(?:verlies|gecondoleerd|condoleances|overlijden)(?![\p{L}])/iu;
const THIRD_PARTY_TAIL = /(?<![\p{L}])(?:bij\s+ons|hier|ook|ziek|opgenomen|patiënt|patiente|patiënte|geweest|overleden|behandeld|geopereerd|opgevangen|onderzocht|gezien|bevallen|seh|ziekenhuis|verpleeghuis|onder\s+behandeling|was\s+here|with\s+us|too|also)(?![\p{L}])/iu;
const OTHER_PATIENT = /(?<![\p{L}])(?:een\s+andere\s+patiënt|andere\s+patiënten\s+van\s+ons|een\s+medepatiënt|another\s+patient)(?![\p{L}])/iu;

const DATE =
  /(?<![\p{L}\p{N}])(?:\d{1,2}[-/.]\d{1,2}[-/.](?:19|20)?\d{2}|\d{1,2}\s+(?:januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december|jan|feb|mrt|apr|jun|jul|aug|sep|sept|okt|nov|dec|january|february|march|may|june|july|august|october)(?:\s+(?:19|20)\d{2})?|(?:january|february|march|april|may|june|july|august|september|october|november|december)\s+\d{1,2}(?:st|nd|rd|th)?(?:,?\s+(?:19|20)\d{2})?)(?![\p{L}\p{N}])/giu;
const HAS_DIGIT = /\d/;
/** A clause that is only an age, in apposition to a person: "De oudste bewoner, 101 jaar, is overleden." */
const AGE_CLAUSE = /^\s*(\d{1,3}\s+(?:jaar|jr\.?|years?))\s*$/iu;

const BIRTH = /(?<![\p{L}])(?:geboren|geb\.|geboortedatum|jarig|verjaardag|born|date\s+of\s+birth|dob|birthday)(?![\p{L}])/iu;
const BIRTH_YEAR = /(?<![\p{L}])(?:geboren|born)\s+(?:in\s+)?((?:18|19|20)\d{2})(?![\p{N}])/iu;
const PERSONAL_EVENT = /(?<![\p{L}])(?:echo|scan|mri|foto|uitslag|vaccinatie|prik|scheduled|planned|gepland|ingepland|afspraak|bezoek|opname|opgenomen|operatie|geopereerd|consult|gezien|geweest|ingeschreven|uitslag|behandeling|onderzoek|spreekuur|bevallen|overleden|appointment|visit|admitted|surgery)(?![\p{L}])/iu;

const AGE_PATTERNS: [RegExp, string][] = [
  [/(?<=[\p{L}.])\s?\(\s?\d{1,3}\s?(?:jaar|jr\.?)?\s?\)/gu, "age.parenthesised"],
  [/(?<![\p{L}\p{N}])\d{1,3}-?jarige?(?!\s+(?:jubileum|bestaan|praktijk|ervaring|traditie|samenwerking))(?![\p{L}])/giu, "age.jarige"],
  [/(?<![\p{L}])(?:vrouw|man|meisje|jongen|dame|heer|mevrouw|meneer|patiënt|patiënte|patient|patiente|baby|kind|kindje|zoon|dochter|moeder|vader|opa|oma|bewoner|bewoonster|woman|girl|boy|lady)(?:\s+uit\s+\p{Lu}[\p{L}-]+)?\s+(?:van|aged|of)\s+\d{1,3}(?:\s+(?:jaar|maanden|weken))?(?!\s*(?:\+|jaar\s+en\s+ouder|en\s+ouder|of\s+ouder|tot|-\s?\d|and\s+older|or\s+older))(?![\p{N}])/giu, "age.person"],
  [/(?<![\p{L}\p{N}])\d{1,3}\s+(?:jaar\s+oud|jaar\s+geworden|geworden|years?\s+old)(?![\p{L}])/giu, "age.years_old"],
  [/(?<![\p{L}\p{N}])\d{1,3}-year-old(?![\p{L}])/giu, "age.years_old"],
];

export interface SecrecyOptions {
  /** Lower-case medical terms found in the inbound message (for echo detection). */
  inboundTerms: Set<string>;
  /** Lower-case place names of the organisation's own addresses (not narrowing down a patient). */
  orgPlaces: Set<string>;
  /** Start offsets of person names found in the text, per clause test. */
  personSpans: [number, number][];
}


function clauseHasInstitution(hits: [number, number, string][], clause: Clause): boolean {
  return hits.some(([s, e, word]) => s >= clause.start && e <= clause.end && !WEAK_INSTITUTIONS.has(word));
}

function hasPersonIn(spans: [number, number][], start: number, end: number): boolean {
  return spans.some(([s, e]) => s < end && e > start);
}

/** Medical terms, institutions and places from the text's tokens, in one pass. */
function wordHits(text: string, tokens: readonly Token[]) {
  const medical: [number, number, string][] = [];
  const institutions: [number, number, string][] = [];
  const places: [number, number, string][] = [];
  const named: [number, number, string][] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i] as Token;
    // A short lower-case word in no list can be none of the four (a token starts with a letter,
    // so never with "'s"): skip it before its string is made, as most words are such words.
    if (t.flags === 0 && !t.capital && t.lowerLength < 6) {
      continue;
    }
    const word = t.lower;
    if ((t.flags & MEDICAL_BIT) !== 0 || (word.length >= 6 && medicalTermOf(word) !== undefined)) {
      medical.push([t.start, t.end, word]);
    }
    if ((t.flags & INSTITUTION_BIT) !== 0) {
      institutions.push([t.start, t.end, word]);
    }
    if (t.capital && word.length > 6 && (t.flags & INSTITUTION_BIT) === 0 && NAMED_INSTITUTION_ENDINGS.some((ending) => word.endsWith(ending))) {
      named.push([t.start, t.end, word]);
    }
    if (t.capital || word.startsWith("'s")) {
      // Longest place name (up to three words) starting here: "Bergen op Zoom", "Den Haag".
      let found = false;
      if ((t.flags & PLACE_PREFIX_BIT) !== 0) {
        for (let n = 3; n >= 2 && !found; n--) {
          const last = tokens[i + n - 1];
          if (last && PLACE_SET.has(text.slice(t.start, last.end).toLowerCase())) {
            places.push([t.start, last.end, text.slice(t.start, last.end)]);
            found = true;
          }
        }
      }
      if (!found && (t.flags & PLACE_BIT) !== 0) {
        places.push([t.start, t.end, t.text]);
      }
    }
  }
  const lower = text.toLowerCase();
  PHRASE_TERMS.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = PHRASE_TERMS.exec(lower)) !== null) {
    medical.push([m.index, m.index + m[0].length, m[0]]);
  }
  for (const phrase of INSTITUTION_PHRASES) {
    let at = lower.indexOf(phrase);
    while (at >= 0) {
      institutions.push([at, at + phrase.length, phrase]);
      at = lower.indexOf(phrase, at + phrase.length);
    }
  }
  return { medical, institutions, places, named };
}

export function detectSecrecy(text: string, list: Clause[], options: SecrecyOptions, out: Candidate[], tokens: readonly Token[] = tokenize(text)): void {
  const sentenceSignals = new Map<number, { kinds: Set<string>; start: number; end: number; person: boolean }>();
  const signal = (clause: Clause, kind: string, start: number, end: number) => {
    let s = sentenceSignals.get(clause.sentence);
    if (!s) {
      s = { kinds: new Set(), start, end, person: false };
      sentenceSignals.set(clause.sentence, s);
    }
    s.kinds.add(kind);
    s.start = Math.min(s.start, start);
    s.end = Math.max(s.end, end);
  };

  // Word-level lookups once per text; each clause takes its share by offset.
  const hits = wordHits(text, tokens);
  const textMedical = hits.medical;
  MEDICAL_ABBREVIATIONS.lastIndex = 0;
  let ab: RegExpExecArray | null;
  while ((ab = MEDICAL_ABBREVIATIONS.exec(text)) !== null) {
    textMedical.push([ab.index, ab.index + ab[0].length, ab[0].toLowerCase()]);
  }
  const textPlaces = hits.places;
  const textInstitutions = hits.institutions;
  const textNamed = hits.named;
  const within = (hits: [number, number, string][], clause: Clause): [number, number, string][] =>
    hits.filter(([s, e]) => s >= clause.start && e <= clause.end).map(([s, e, t]) => [s - clause.start, e - clause.start, t]);

  let tokenIndex = 0;
  for (const clause of list) {
    // Which trigger words this clause has, from the tokens (cheaper than one regex per rule).
    let personNoun = false;
    let possessive = false;
    let careWord = false;
    let invitationWord = false;
    let timeWord = false;
    let modalWord = false;
    let doseWord = false;
    let gapWord = false;
    while (tokenIndex < tokens.length && (tokens[tokenIndex] as Token).start < clause.start) {
      tokenIndex++;
    }
    for (let k = tokenIndex; k < tokens.length && (tokens[k] as Token).end <= clause.end; k++) {
      const f = (tokens[k] as Token).flags;
      if (f !== 0) {
        personNoun ||= (f & PERSON_NOUN_BIT) !== 0;
        possessive ||= (f & POSSESSIVE_BIT) !== 0;
        careWord ||= (f & CARE_FIRST_BIT) !== 0;
        invitationWord ||= (f & INVITATION_BIT) !== 0;
        timeWord ||= (f & TIME_BIT) !== 0;
        modalWord ||= (f & MODAL_BIT) !== 0;
        doseWord ||= (f & DOSE_WORD_BIT) !== 0;
        gapWord ||= (f & CARE_GAP_BIT) !== 0;
      }
    }
    const lower = clause.lower;
    const base = clause.start;
    const original = text.slice(clause.start, clause.end);
    const generic = clause.question || GENERIC_START.test(lower) || (invitationWord && INVITATION.test(lower));
    const personHere = personNoun || hasPersonIn(options.personSpans, clause.start, clause.end);
    if (personHere) {
      signal(clause, "person", clause.start, clause.start);
      const s = sentenceSignals.get(clause.sentence);
      if (s) {
        s.person = true;
      }
    }

    // Care relationship.
    const digits = HAS_DIGIT.test(lower);
    if (!generic) {
      CARE.lastIndex = careWord ? 0 : lower.length;
      let m: RegExpExecArray | null;
      while ((m = CARE.exec(lower)) !== null) {
        out.push({ start: base + m.index, end: base + m.index + m[0].length, category: "care_relationship", rule: "care_relationship.confirmed", severity: "block" });
      }
      const gapped = gapWord ? CARE_GAP.exec(lower) : null;
      if (gapped) {
        out.push({ start: base + gapped.index, end: base + gapped.index + gapped[0].length, category: "care_relationship", rule: "care_relationship.visit", severity: "block" });
      }
      if (lower.includes("patiënt") || lower.includes("patient")) {
        const mm = OTHER_PATIENT.exec(lower);
        if (mm) {
          out.push({ start: base + mm.index, end: base + mm.index + mm[0].length, category: "third_party", rule: "third_party.other_patient", severity: "block" });
        }
      }
    }

    // Medical terms: individual when tied to a person, echoed when taken from the inbound message.
    const medicalHits = textMedical.length > 0 ? within(textMedical, clause) : [];
    // "Uw kleindochter mag na de waterpokken weer naar school": the condition is the relative's.
    RELATION.lastIndex = 0;
    const relationHere = medicalHits.length > 0 && possessive && !generic && RELATION.test(lower);
    for (const [s, e, term] of medicalHits) {
      const before = lower.slice(Math.max(0, s - 60), s);
      const after = lower.slice(e, e + 30);
      // Only the last few words matter; the regexes are anchored at the end, so give them just those.
      const near = lastWords(before, 7);
      const personal =
        (near.length > 0 && NEAR_PERSON.test(near) && (PERSONAL_MEDICAL.test(near) || SUBJECT_VERB.test(near) || FINDING_PHRASE.test(near) || (SUBORDINATE_BEFORE.test(near) && SUBORDINATE_AFTER.test(lower.slice(s))))) ||
        AFTER_TERM_PERSONAL.test(after) ||
        (personHere && PERSON_VERB.test(lower)) ||
        relationHere;
      const mild = isMild(term);
      if (personal && !generic) {
        out.push({ start: base + s, end: base + e, category: "individual_medical", rule: mild ? "individual_medical.symptom" : "individual_medical.personal", severity: mild ? "warn" : "block" });
      } else if (options.inboundTerms.size > 0 && echoes(term, options.inboundTerms) && !INFO_POINTER.test(lastWords(before, 4))) {
        const secondPerson = (SECOND_PERSON.test(lower) || SYMPATHY.test(lower)) && !generic;
        out.push({ start: base + s, end: base + e, category: "individual_medical", rule: "individual_medical.echo", severity: secondPerson && !mild ? "block" : "warn" });
      }
      if (!mild) {
        signal(clause, RARE.test(term) || RARE_ABBREVIATION.test(term) || CALLED_RARE.test(lower) ? "rare" : "medical", base + s, base + e);
      }
    }

    if (!generic) {
      const last = lower.includes("last van") ? LAST_VAN.exec(lower) : null;
      if (last) {
        out.push({ start: base + last.index, end: base + last.index + last[0].length, category: "individual_medical", rule: "individual_medical.complaint", severity: "block" });
      }
      const third = lower.includes("bij ") || lower.includes("hier op") ? CARE_THIRD.exec(lower) : null;
      if (third) {
        out.push({ start: base + third.index, end: base + third.index + third[0].length, category: "care_relationship", rule: "care_relationship.third_person", severity: "block" });
      }
    }

    // Individual advice: doses or medication changes for this person.
    if (!clause.question) {
      const dose = digits ? DOSE.exec(lower) : doseWord ? DOSE_WORDS.exec(lower) : null;
      if (dose && (SECOND_PERSON.test(lower) || IMPERATIVE_START.test(lower)) && !/^\s*(?:als|wanneer|indien|if)(?![\p{L}])/iu.test(lower)) {
        out.push({ start: base + dose.index, end: base + dose.index + dose[0].length, category: "individual_advice", rule: "individual_advice.dose", severity: "block" });
      }
      const modal = modalWord && ADVICE_VERB_GATE.test(lower) ? MODAL_ADVICE.exec(lower) : null;
      if (modal?.[1] && (medicalTermOf(modal[1]) !== undefined || MEDICATION_SUFFIX.test(modal[1]))) {
        out.push({ start: base + modal.index, end: base + modal.index + modal[0].length, category: "individual_advice", rule: "individual_advice.medication_change", severity: "block" });
      }
      const change = possessive ? MED_CHANGE.exec(lower) : null;
      if (change) {
        out.push({ start: base + change.index, end: base + change.index + change[0].length, category: "individual_advice", rule: "individual_advice.medication_change", severity: "block" });
      }
    }

    // Third parties: "uw buurman heeft ook griep", "uw moeder was ook bij ons".
    if (!generic && possessive) {
      RELATION.lastIndex = 0;
      let rm: RegExpExecArray | null;
      while ((rm = RELATION.exec(lower)) !== null) {
        const tail = lower.slice(rm.index + rm[0].length);
        if (THIRD_PARTY_TAIL.test(tail) || THIRD_PARTY_CUE.test(lower) || medicalHits.length > 0 || clauseHasInstitution(textInstitutions, clause)) {
          out.push({ start: base + rm.index, end: base + rm.index + rm[0].length, category: "third_party", rule: "third_party.relation", severity: "block" });
        }
      }
    }

    // Dates tied to a person.
    DATE.lastIndex = digits ? 0 : original.length;
    let dm: RegExpExecArray | null;
    while ((dm = DATE.exec(original)) !== null) {
      signal(clause, "time", base + dm.index, base + dm.index + dm[0].length);
      const birth = BIRTH.test(lower);
      const personal = !generic && (PERSON_REF.test(lower) || personHere) && PERSONAL_EVENT.test(lower);
      if (birth || personal) {
        out.push({ start: base + dm.index, end: base + dm.index + dm[0].length, category: "date", rule: birth ? "date.birth" : "date.personal_event", severity: "block" });
      }
    }

    // A birth year: "geboren in 1938".
    const year = digits && BIRTH.test(lower) ? BIRTH_YEAR.exec(original) : null;
    if (year?.[1]) {
      const start = base + year.index + year[0].length - year[1].length;
      out.push({ start, end: start + year[1].length, category: "date", rule: "date.birth", severity: "block" });
    }

    // Ages of a person.
    for (const [re, rule] of digits ? AGE_PATTERNS : []) {
      re.lastIndex = 0;
      let am: RegExpExecArray | null;
      while ((am = re.exec(original)) !== null) {
        const start = base + am.index + (am[0].length - am[0].trimStart().length);
        out.push({ start, end: base + am.index + am[0].length, category: "age", rule, severity: "block" });
        signal(clause, "age", start, base + am.index + am[0].length);
        const s = sentenceSignals.get(clause.sentence);
        if (s) {
          s.person = true;
        }
      }
    }

    const apposition = digits && sentenceSignals.get(clause.sentence)?.person ? AGE_CLAUSE.exec(original) : null;
    if (apposition?.[1]) {
      const start = base + original.indexOf(apposition[1]);
      out.push({ start, end: start + apposition[1].length, category: "age", rule: "age.apposition", severity: "block" });
      signal(clause, "age", start, start + apposition[1].length);
    }

    // Places, institutions, rooms and times: signals for recognisable combinations.
    for (const [ps, pe, word] of textPlaces.length > 0 ? within(textPlaces, clause) : []) {
      if (options.orgPlaces.has(word.toLowerCase())) {
        continue;
      }
      signal(clause, "place", base + ps, base + pe);
      if (personHere) {
        out.push({ start: base + ps, end: base + pe, category: "location", rule: "location.person_place", severity: "warn" });
      }
    }
    for (const [is, ie, word] of textInstitutions.length > 0 ? within(textInstitutions, clause) : []) {
      const weak = WEAK_INSTITUTIONS.has(word);
      signal(clause, weak ? "institution_weak" : "institution", base + is, base + ie);
      if (personHere && !generic && !weak) {
        out.push({ start: base + is, end: base + ie, category: "institution", rule: "institution.person_place", severity: "warn" });
      }
    }
    for (const [ns, ne] of textNamed.length > 0 ? within(textNamed, clause) : []) {
      signal(clause, "institution", base + ns, base + ne);
      if (personHere && !generic) {
        out.push({ start: base + ns, end: base + ne, category: "institution", rule: "institution.person_place", severity: "warn" });
      }
    }
    NAMED_PLACE.lastIndex = personHere ? 0 : original.length;
    let np: RegExpExecArray | null;
    while ((np = NAMED_PLACE.exec(original)) !== null) {
      signal(clause, "institution", base + np.index, base + np.index + np[0].length);
    }
    ROOM.lastIndex = digits ? 0 : lower.length;
    let ro: RegExpExecArray | null;
    while ((ro = ROOM.exec(lower)) !== null) {
      signal(clause, "room", base + ro.index, base + ro.index + ro[0].length);
      out.push({ start: base + ro.index, end: base + ro.index + ro[0].length, category: "institution", rule: "institution.room", severity: "warn" });
    }
    TIME.lastIndex = digits || timeWord ? 0 : lower.length;
    let tm: RegExpExecArray | null;
    while ((tm = TIME.exec(lower)) !== null) {
      signal(clause, CLOCK.test(tm[0]) ? "clock" : "time", base + tm.index, base + tm.index + tm[0].length);
    }
  }

  // Recognisable combinations: a person described by two or more narrowing details.
  for (const s of sentenceSignals.values()) {
    if (!s.person) {
      continue;
    }
    // Strong details narrow a person down on their own (a place, a named institution, a room, a
    // clock time, a rare condition); weak ones (an age, "yesterday", a common diagnosis, "the
    // hospital") only together with a strong one.
    const narrowing = ["age", "place", "institution", "institution_weak", "room", "clock", "time", "rare", "medical"].filter((k) => s.kinds.has(k));
    const strong = narrowing.filter((k) => k === "place" || k === "institution" || k === "room" || k === "clock" || k === "rare");
    if (narrowing.length >= 2 && strong.length >= 1) {
      out.push({ start: s.start, end: s.end, category: "recognisable_combination", rule: `recognisable_combination.${narrowing.join("+")}`, severity: "block" });
    }
  }
}

function echoes(term: string, inbound: Set<string>): boolean {
  if (inbound.has(term)) {
    return true;
  }
  for (const word of inbound) {
    if (word.length >= 5 && (term.includes(word) || word.includes(term))) {
      return true;
    }
  }
  return false;
}

/** Medical terms of an inbound message, for echo detection. */
export function medicalTermsOf(text: string): Set<string> {
  const terms = new Set<string>();
  for (const [, , term] of findMedical(text)) {
    if (!isMild(term)) {
      terms.add(term);
    }
  }
  let m: RegExpExecArray | null;
  MEDICAL_ABBREVIATIONS.lastIndex = 0;
  while ((m = MEDICAL_ABBREVIATIONS.exec(text)) !== null) {
    terms.add(m[0].toLowerCase());
  }
  return terms;
}
