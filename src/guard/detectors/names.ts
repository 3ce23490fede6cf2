/**
 * Person names, from context first and from lexicons second:
 * - after a title or form of address ("mevrouw Bakker", "dhr. J. de Vries", "Mr. Williams");
 * - after a greeting at the start of a sentence ("Hoi Marieke", "Beste Jan", "Dear John");
 * - initials + surname ("P.J. Jansen");
 * - a known first name, optionally with particles and a surname ("Marieke van der Berg").
 * Staff names and the organisation's own name are allow-listed; names after public roles
 * ("minister", "koning") are public figures.
 */
import type { Candidate } from "../candidate.ts";
import { FIRST_NAMES, SURNAMES } from "../lexicon/names.generated.ts";
import { EXTRA_FIRST_NAMES, GREETINGS, NOT_NAMES, PARTICLES, PLACES, PUBLIC_ROLES, TITLES } from "../lexicon/words.ts";
import type { Token } from "../text.ts";
import { wordFlag } from "../lexicon/flags.ts";

const TITLE_SET = new Set<string>(TITLES);
const GREETING_SET = new Set<string>(GREETINGS);
const ROLE_TITLES = new Set(["bewoner", "bewoonster", "patiënt", "patiënte", "patient", "patiente", "baby", "verpleegkundige", "oma", "opa", "tante", "oom"]);
/** Titles that are written with a full stop: "dhr. Jansen", "Mr. Williams". */
const ABBREVIATED_TITLES = new Set(["mevr", "mw", "mvr", "dhr", "dr", "drs", "mr", "mrs", "ms", "fam", "st"]);
/** Titles that never introduce a staff member. */
const NOT_STAFF_TITLES = new Set(["familie", "fam", "patiënt", "patiënte", "patient", "patiente", "bewoner", "bewoonster", "baby", "oma", "opa", "tante", "oom"]);
const PARTICLE_SET = new Set<string>(PARTICLES);
const PUBLIC_ROLE_SET = new Set<string>(PUBLIC_ROLES);
const NOT_NAME_SET = new Set<string>([...NOT_NAMES, ...PLACES, ...TITLES, ...GREETINGS]);
const FIRST_NAME_SET = new Set<string>([...FIRST_NAMES, ...EXTRA_FIRST_NAMES]);
const SURNAME_SET = new Set<string>(SURNAMES);
/** First names that are also everyday Dutch or English words: only names in a clear name position. */
const AMBIGUOUS_FIRST_NAMES = new Set<string>([
  "ben", "mag", "kan", "wil", "bent", "rust", "mark", "max", "lief", "ster", "roos", "hoop", "mei", "april", "juni", "will", "may",
  "grace", "faith", "hope", "bill", "rose", "jack", "joy", "guy", "art", "dean", "sky", "storm", "zon", "zee", "lente", "zomer",
  "winter", "do", "pip", "fleur", "jade", "amber", "ruby", "iris", "lily", "daisy", "dana", "summer", "autumn", "sunny",
  "frank", "eerlijk", "vrij", "vera", "bo", "noa", "sam", "lou", "kim", "bas", "tim", "tom", "stijn", "ties", "job", "mees",
  "sem", "tijn", "teun", "ivo", "ise", "els", "lot", "elin", "fay", "ilse", "ima", "ada", "eva", "anne", "ans", "an", "ad",
  "dirk", "daan", "duur", "ferm", "koen", "kees", "mats", "loek", "otto", "pim", "puck", "ras", "rik", "roel", "ruud", "sven",
  "thijs", "toon", "wim", "jan", "piet", "klaas", "henk", "gert", "ger", "bram", "anna", "lisa", "sara", "emma", "julia",
  "sophie", "tess", "lotte", "noor", "nina", "mila", "evi", "saar", "hannah", "zoë", "zoe", "liv", "maud", "isa", "yara",
]);

const TITLE = wordFlag(TITLE_SET);
const GREETING = wordFlag(GREETING_SET);
const PARTICLE = wordFlag(PARTICLE_SET);
const PUBLIC_ROLE = wordFlag(PUBLIC_ROLE_SET);
const NOT_NAME = wordFlag(NOT_NAME_SET);
const FIRST_NAME = wordFlag(FIRST_NAME_SET);
const SURNAME = wordFlag(SURNAME_SET);
const AMBIGUOUS = wordFlag(AMBIGUOUS_FIRST_NAMES);
const ROLE_TITLE = wordFlag(ROLE_TITLES);
const has = (t: Token, bit: number) => (t.flags & bit) !== 0;

export interface AllowedName {
  /** Folded name words (no titles, particles or initials). */
  tokens: Set<string>;
  /** Upper-case initials that fit this person. */
  initials: Set<string>;
}

export interface NameOptions {
  /** Staff names and the organisation's own name: never a patient's name. */
  allowed: AllowedName[];
}

const isInitial = (t: Token) => t.length === 1 && t.capital && t.next === ".";
const isParticle = (t: Token) => has(t, PARTICLE);
const isNameWord = (t: Token) => t.capital && t.length > 1 && !has(t, NOT_NAME);

/** Extends a name from token i: initials, particles and capitalised words. Returns the last index, or -1. */
function nameExtent(tokens: Token[], i: number, text: string): number {
  let last = -1;
  let j = i;
  let words = 0;
  while (j < tokens.length && words < 5) {
    const t = tokens[j] as Token;
    if (j > i && gap(text, tokens[j - 1] as Token, t) > 3) {
      break;
    }
    if (isInitial(t)) {
      last = j;
    } else if (isParticle(t) && j + 1 < tokens.length) {
      // a particle only counts when a name word follows
    } else if (isNameWord(t)) {
      last = j;
    } else {
      break;
    }
    j++;
    words++;
  }
  // A trailing particle is not part of the name.
  while (last >= i && isParticle(tokens[last] as Token)) {
    last--;
  }
  return last;
}

function previousNonSpace(text: string, at: number): string {
  let i = at - 1;
  while (i >= 0 && (text[i] === " " || text[i] === "\t" || text[i] === "\n")) {
    i--;
  }
  return i >= 0 ? (text[i] as string) : "";
}

function gap(text: string, a: Token, b: Token): number {
  const between = text.slice(a.end, b.start);
  if (/[,;:!?()\n]/.test(between)) {
    return 99;
  }
  return between.length;
}

/**
 * Token i is a title or form of address. "heer" is one only in "de heer" or after a greeting
 * ("Beste heer Bouwman"). The flag is tested first: most tokens never need their string.
 */
function isTitleAt(tokens: readonly Token[], i: number): boolean {
  const t = tokens[i] as Token;
  if (!has(t, TITLE)) {
    return false;
  }
  const before = tokens[i - 1];
  return t.lower !== "heer" || before?.lower === "de" || (before !== undefined && has(before, GREETING));
}

/** What one run of detectNames works on (a plain object: no closure is created per call). */
interface NameScan {
  tokens: Token[];
  /** Tokens already part of a name. */
  taken: Uint8Array;
  options: NameOptions;
  out: Candidate[];
}

/** Emits tokens[from..to] as a name unless it is staff, a public figure, or only titles/initials. */
function emitName(scan: NameScan, from: number, to: number, rule: string): void {
  const { tokens, options } = scan;
  const first = tokens[from] as Token;
  const last = tokens[to] as Token;
  const span = tokens.slice(from, to + 1);
  const nameTokens = span.filter((t) => !isParticle(t) && !isInitial(t) && !has(t, TITLE));
  const initials = span.filter(isInitial).map((t) => t.text);
  if (nameTokens.length === 0) {
    return;
  }
  const folded = nameTokens.map((t) => t.lower.normalize("NFKD").replace(/\p{M}/gu, ""));
  // A staff member is one person: "familie Bos" or "patiënt Bos" is not Dr. Bos.
  const notStaff = has(first, TITLE) && NOT_STAFF_TITLES.has(first.lower);
  if (!notStaff && options.allowed.some((a) => folded.every((f) => a.tokens.has(f)) && initials.every((i) => a.initials.has(i)))) {
    return;
  }
  const before = tokens[from - 1];
  if (before && has(before, PUBLIC_ROLE)) {
    return;
  }
  for (let k = from; k <= to; k++) {
    scan.taken[k] = 1;
  }
  scan.out.push({ start: first.start, end: last.end, category: "person_name", rule, severity: "block" });
}

export function detectNames(text: string, tokens: Token[], options: NameOptions, out: Candidate[]): void {
  const taken = new Uint8Array(tokens.length);
  const scan: NameScan = { tokens, taken, options, out };

  for (let i = 0; i < tokens.length; i++) {
    if (taken[i]) {
      continue;
    }
    const t = tokens[i] as Token;

    // 1. Title or form of address + name.
    if (isTitleAt(tokens, i)) {
      let j = i + 1;
      // "dhr." / "mevr." / "Mr." — the abbreviation's dot is fine; after a whole word ("patiënt.") it ends the sentence.
      const end = t.next === "." && !ABBREVIATED_TITLES.has(t.lower) ? -1 : nameExtent(tokens, j, text);
      // Roles ("bewoner", "patiënt", "baby") only take a name right after them, not "van ...".
      const roleTitle = has(t, ROLE_TITLE);
      const direct = tokens[j] !== undefined && (tokens[j] as Token).capital && !isParticle(tokens[j] as Token);
      if (end >= j && gap(text, t, tokens[j] as Token) <= 3 && (!roleTitle || direct)) {
        const titleIsRole = t.lower === "dokter" || t.lower === "dr" || t.lower === "zuster" || t.lower === "verpleegkundige";
        emitName(scan, titleIsRole ? j : i, end, titleIsRole ? "person_name.after_title" : "person_name.title");
        i = end;
        continue;
      }
      j = i;
    }

    // 2. Greeting + name at the start of a sentence: "Hoi Marieke", "Beste Jan".
    if (has(t, GREETING) && (t.sentenceStart || i === 0)) {
      const next = tokens[i + 1];
      if (next && next.capital && !has(next, TITLE) && gap(text, t, next) <= 2) {
        const end = nameExtent(tokens, i + 1, text);
        if (end >= i + 1) {
          emitName(scan, i + 1, end, "person_name.greeting");
          i = end;
          continue;
        }
      }
    }

    // 3. Initials + surname: "P.J. Jansen", "J. de Vries".
    if (isInitial(t)) {
      const end = nameExtent(tokens, i, text);
      if (end > i && !isInitial(tokens[end] as Token)) {
        emitName(scan, i, end, "person_name.initials");
        i = end;
        continue;
      }
    }

    // 4. Known first name (lexicon), optionally with particles + surname.
    if (t.capital && has(t, FIRST_NAME) && !has(t, NOT_NAME)) {
      const end = nameExtent(tokens, i, text);
      const full = end > i;
      const ambiguous = has(t, AMBIGUOUS);
      const nextChar = text.slice(t.end).match(/^\s*(\S)/)?.[1] ?? "";
      // "..., Lisa." at the end of a sentence addresses someone too.
      const prevChar = previousNonSpace(text, t.start);
      const vocative = nextChar === "," || nextChar === "!" || (prevChar === "," && !full && (nextChar === "." || nextChar === "?" || nextChar === ""));
      if ((full && !ambiguous) || (full && !t.sentenceStart) || (!t.sentenceStart && !ambiguous) || vocative) {
        emitName(scan, i, Math.max(end, i), full ? "person_name.full" : "person_name.first_name");
        i = Math.max(end, i);
        continue;
      }
    }

    // 5b. Two capitalised words mid-sentence, the second a known surname: "Ingrid Kuipers".
    if (t.capital && !t.sentenceStart && !has(t, NOT_NAME)) {
      const next = tokens[i + 1];
      if (next && next.capital && has(next, SURNAME) && !has(next, NOT_NAME) && gap(text, t, next) === 1) {
        emitName(scan, i, i + 1, "person_name.full");
        i = i + 1;
        continue;
      }
    }

    // 5. Particle + known surname mid-sentence: "familie de Vries", "van der Berg".
    if (!t.capital && isParticle(t) && !t.sentenceStart) {
      let j = i;
      while (j < tokens.length && isParticle(tokens[j] as Token)) {
        j++;
      }
      const surname = tokens[j];
      if (surname && surname.capital && has(surname, SURNAME) && !has(surname, NOT_NAME) && gap(text, tokens[j - 1] as Token, surname) <= 2) {
        emitName(scan, i, j, "person_name.surname");
        i = j;
      }
    }
  }
}
