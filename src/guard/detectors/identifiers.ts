/**
 * Identifiers with a recognisable shape: e-mail, URLs of personal profiles, @handles, phone
 * numbers, BSN (eleven-test), IBAN (checksum), postcodes, street addresses, patient numbers.
 * Dates and ages are only findings when they are tied to a person (see person-context rules).
 */
import { electronicFormatIBAN, isValidIBAN } from "ibantools";
import type { Candidate } from "../candidate.ts";
import { normalisePhone } from "../text.ts";

const EMAIL = /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*\.\p{L}{2,}/gu;
const URL_RE =
  /(?<![\p{L}\p{N}@./])(?:https?:\/\/|www\.)[^\s<>"'()[\]{}]+|(?<![\p{L}\p{N}@./-])(?:[a-z0-9-]+\.)+(?:nl|com|org|net|eu|be|de|social|app|io|me|info)(?:\/[^\s<>"'()[\]{}]*)?(?![\p{L}\p{N}])/giu;
const MAYBE_URL = /https?:|www\.|\.(?:nl|com|org|net|eu|be|de|social|app|io|me|info)(?![\p{L}])/iu;
const PROFILE_HOSTS =
  /^(?:https?:\/\/)?(?:www\.|m\.|nl-nl\.)?(?:facebook\.com|fb\.com|instagram\.com|x\.com|twitter\.com|tiktok\.com|bsky\.app\/profile|linkedin\.com\/in|threads\.net|youtube\.com\/@|[a-z0-9-]+\.social|mastodon\.[a-z.]+)\/[^\s/?#]{2,}/i;
const HANDLE = /(?<![\p{L}\p{N}_.@/])@[A-Za-z0-9_]{2,30}(?:@[a-z0-9-]+(?:\.[a-z0-9-]+)+)?(?![\p{L}\p{N}_])/gu;
const PHONE = /(?<![\p{L}\p{N}+/:])(?:\+|00)?\d[\d \t().-]{5,20}\d(?![\p{N}])/gu;
const BSN = /(?<![\p{N}.,-])(?:\d{4}[.\s]?\d{2}[.\s]?\d{3}|\d{3}[.\s]\d{3}[.\s]\d{3})(?![\p{N}]|[.,]\d)/gu;
const BSN_CONTEXT = /(?:bsn|burgerservicenummer|sofinummer|sofi-nummer)(?:\W{1,3}(?:is|was|luidt|nummer|number))?\W{0,12}$/i;
const IBAN = /(?<![\p{L}\p{N}])[A-Z]{2}\d{2}[ ]?(?:[A-Z0-9]{4}[ ]?){2,7}[A-Z0-9]{1,4}(?![\p{L}\p{N}])/giu;
const POSTCODE = /(?<![\p{L}\p{N}])[1-9]\d{3}[ ]?(?!SA|SD|SS)[A-Z]{2}(?![\p{L}\p{N}])/gu;
const STREET_SUFFIX =
  "straat|laan|weg|plein|gracht|kade|singel|dijk|dreef|hof|pad|steeg|park|markt|baan|plantsoen|erf|wal|haven|ring|allee|boulevard|straatweg|street|road|avenue|lane";
const ADDRESS = new RegExp(
  `(?<![\\p{L}])(?:(?:Van|De|Den|Der|Ten|Ter|Sint|St\\.|[\\p{Lu}][\\p{L}'’-]*)\\s){0,3}[\\p{Lu}][\\p{L}'’-]*(?:${STREET_SUFFIX})\\s+\\d{1,4}(?:\\s?[a-zA-Z](?![\\p{L}]))?(?:[-/]\\d{1,3})?(?![\\p{N}])`,
  "gu",
);
const PATIENT_ID =
  /(?:patiënt(?:en)?(?:nummer|nr\.?)|patient(?:en)?(?:nummer|nr\.?)|dossiernummer|dossiernr\.?|registratienummer|cliëntnummer|clientnummer|ziekenhuisnummer|zorgnummer|mrn|patient (?:id|number)|record number|hospital number)\s*(?:is|:|#|nr\.?)?\s*([A-Z]{0,3}[-]?\d[\d-]{3,14})/giu;

/** Every label of PATIENT_ID contains one of these (same flags): most texts skip the full pattern. */
const PATIENT_LABEL = /nummer|nr|mrn|number|patient/iu;

/** Numbers that are public services, never a person's phone. */
export const SERVICE_NUMBERS = new Set(["112", "113", "08000113", "08008112", "0880767000", "09001450", "08000432", "08002000", "08000188", "09008844", "0900884"]);

export interface IdentifierOptions {
  /** Normalised phone numbers of the organisation. */
  orgPhones: Set<string>;
}

const DIGIT_RUN = /[0-9]+/g;

/**
 * How many ASCII digits a text has, and the longest run of them: most texts can skip most
 * patterns. The regex engine finds the runs faster than a loop over every character.
 */
function digitStats(text: string): { count: number; longestRun: number } {
  let count = 0;
  let longestRun = 0;
  DIGIT_RUN.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = DIGIT_RUN.exec(text)) !== null) {
    count += m[0].length;
    longestRun = Math.max(longestRun, m[0].length);
  }
  return { count, longestRun };
}

/**
 * An e-mail address needs an "@" right after a character of its local part (a letter, digit or
 * one of . _ % + -); a mention such as " @lisa" has a space there. Non-ASCII characters may be
 * letters, so they count as possible.
 */
function mayHoldEmail(text: string): boolean {
  for (let at = text.indexOf("@", 1); at > 0; at = text.indexOf("@", at + 1)) {
    const code = text.charCodeAt(at - 1);
    if (code >= 128 || (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || ".%_+-".includes(text[at - 1] as string)) {
      return true;
    }
  }
  return false;
}

/**
 * MAYBE_URL needs "http(s):" (a colon), "www." or a dot right before a letter (".nl"): most
 * sentences have only dots before a space or at the end.
 */
function mayHoldUrl(text: string): boolean {
  if (text.includes(":")) {
    return true;
  }
  for (let dot = text.indexOf("."); dot >= 0; dot = text.indexOf(".", dot + 1)) {
    const next = text.charCodeAt(dot + 1);
    const before = text.charCodeAt(dot - 1);
    if (next >= 128 || (next >= 65 && next <= 90) || (next >= 97 && next <= 122) || before === 119 || before === 87) {
      return true;
    }
  }
  return false;
}

/** White space before a digit: where a house number can start. */
const SPACE_BEFORE_DIGIT = /\s+\d/g;
/** A street suffix at the end of a piece of text ("…kerkstraat"). */
const ENDS_WITH_STREET_SUFFIX = new RegExp(`(?:${STREET_SUFFIX})$`);
/** (STREET_SUFFIX is a plain list of words; with a quantifier in it this length would be too short.) */
const LONGEST_STREET_SUFFIX = Math.max(...STREET_SUFFIX.split("|").map((suffix) => suffix.length));

/**
 * An address needs a street suffix, white space and a digit ("…straat 12"), which decides whether
 * the full ADDRESS pattern runs at all: the few places with white space before a digit first,
 * then the suffix right before that white space (the same as testing /(?:suffix)\s+\d/, faster).
 */
function mayHoldAddress(text: string): boolean {
  SPACE_BEFORE_DIGIT.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = SPACE_BEFORE_DIGIT.exec(text)) !== null) {
    if (ENDS_WITH_STREET_SUFFIX.test(text.slice(Math.max(0, m.index - LONGEST_STREET_SUFFIX), m.index))) {
      return true;
    }
  }
  return false;
}

export function detectIdentifiers(text: string, options: IdentifierOptions, out: Candidate[], urlRanges: [number, number][]): void {
  let m: RegExpExecArray | null;
  const stats = digitStats(text);
  const digits = stats.count > 0;

  // Each pattern runs only when the text can hold a match (an exec call costs even when it finds nothing).
  const at = text.includes("@");
  const email = at && mayHoldEmail(text);
  EMAIL.lastIndex = 0;
  while (email && (m = EMAIL.exec(text)) !== null) {
    out.push({ start: m.index, end: m.index + m[0].length, category: "email", rule: "email.address", severity: "block" });
  }

  const maybeUrl = mayHoldUrl(text) && MAYBE_URL.test(text);
  URL_RE.lastIndex = 0;
  while (maybeUrl && (m = URL_RE.exec(text)) !== null) {
    let url = m[0];
    while (/[.,;:!?]$/.test(url)) {
      url = url.slice(0, -1);
    }
    const range: [number, number] = [m.index, m.index + url.length];
    urlRanges.push(range);
    if (PROFILE_HOSTS.test(url)) {
      out.push({ start: range[0], end: range[1], category: "url", rule: "url.profile", severity: "block" });
    }
  }

  HANDLE.lastIndex = 0;
  while (at && (m = HANDLE.exec(text)) !== null) {
    out.push({ start: m.index, end: m.index + m[0].length, category: "handle", rule: "handle.mention", severity: "warn" });
  }

  // An IBAN starts with two letters and two digits.
  IBAN.lastIndex = 0;
  while (stats.longestRun >= 2 && (m = IBAN.exec(text)) !== null) {
    const candidate = m[0].trim();
    const electronic = electronicFormatIBAN(candidate.toUpperCase());
    if (electronic && isValidIBAN(electronic)) {
      out.push({ start: m.index, end: m.index + candidate.length, category: "iban", rule: "iban.checksum", severity: "block" });
    }
  }

  // A BSN has nine digits.
  BSN.lastIndex = 0;
  while (stats.count >= 9 && (m = BSN.exec(text)) !== null) {
    const digits = m[0].replace(/\D/g, "");
    const context = BSN_CONTEXT.test(text.slice(Math.max(0, m.index - 30), m.index));
    if (elevenTest(digits) || context) {
      out.push({
        start: m.index,
        end: m.index + m[0].length,
        category: "bsn",
        rule: context ? "bsn.context" : "bsn.elfproef",
        severity: "block",
      });
    }
  }

  // A Dutch number has at least eight digits ("0800 1234"; "+31 …" keeps eight after the 31).
  PHONE.lastIndex = 0;
  while (stats.count >= 8 && (m = PHONE.exec(text)) !== null) {
    let raw = m[0];
    while (/[\s().-]$/.test(raw)) {
      raw = raw.slice(0, -1);
    }
    const normalised = normalisePhone(raw);
    if (!isDutchPhone(normalised) || SERVICE_NUMBERS.has(normalised)) {
      continue;
    }
    if (options.orgPhones.has(normalised)) {
      continue;
    }
    out.push({ start: m.index, end: m.index + raw.length, category: "phone", rule: "phone.number", severity: "block" });
  }

  // A postcode has four digits in a row.
  POSTCODE.lastIndex = 0;
  while (stats.longestRun >= 4 && (m = POSTCODE.exec(text)) !== null) {
    out.push({ start: m.index, end: m.index + m[0].length, category: "postcode", rule: "postcode.nl", severity: "block" });
  }

  ADDRESS.lastIndex = 0;
  const address = digits && mayHoldAddress(text);
  while (address && (m = ADDRESS.exec(text)) !== null) {
    out.push({ start: m.index, end: m.index + m[0].length, category: "address", rule: "address.street", severity: "block" });
  }

  PATIENT_ID.lastIndex = 0;
  const patientLabel = digits && PATIENT_LABEL.test(text);
  while (patientLabel && (m = PATIENT_ID.exec(text)) !== null) {
    const id = m[1] ?? "";
    const start = m.index + m[0].lastIndexOf(id);
    out.push({ start, end: start + id.length, category: "patient_id", rule: "patient_id.labelled", severity: "block" });
  }
}

/** Dutch mobile/landline (10 digits from 0) or 0800/090x service numbers (8 or 11 digits). */
function isDutchPhone(digits: string): boolean {
  if (/^0[1-9]\d{8}$/.test(digits)) {
    return true;
  }
  return /^0(?:800|90[069])\d{4}(?:\d{3})?$/.test(digits);
}

/** The BSN eleven-test: 9·d1 + 8·d2 + … + 2·d8 − 1·d9 is divisible by 11. */
export function elevenTest(digits: string): boolean {
  if (!/^\d{9}$/.test(digits) || /^0+$/.test(digits)) {
    return false;
  }
  let sum = 0;
  for (let i = 0; i < 8; i++) {
    sum += Number(digits[i]) * (9 - i);
  }
  sum -= Number(digits[8]);
  return sum % 11 === 0;
}
