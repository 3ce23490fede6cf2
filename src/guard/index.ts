/**
 * The confidentiality guard: checks an outgoing text (reply, post, blog paragraph) for anything
 * that identifies a patient or discloses medical secrecy, explains each finding in Dutch and
 * suggests a compliant rewrite for a block.
 *
 * Pure (no I/O), deterministic and fast: regexes and word lists are compiled once at load;
 * `createGuard(org)` precompiles the organisation's allow-list. Runs in Node and in the browser.
 */
import type { Candidate } from "./candidate.ts";
import { detectIdentifiers } from "./detectors/identifiers.ts";
import { type AllowedName, detectNames } from "./detectors/names.ts";
import { detectSecrecy, medicalTermsOf } from "./detectors/secrecy.ts";
import { PLACES } from "./lexicon/words.ts";
import { explain } from "./messages.ts";
import { findPersonalData } from "./personal-data.ts";
import { suggestReply } from "./suggest.ts";
import { clauses, escapeRegExp, fold, normalisePhone, tokenize } from "./text.ts";

export { CATEGORY_LABELS } from "./messages.ts";
export { canOverride, evaluateOverride } from "./override.ts";
export { suggestReply } from "./suggest.ts";

export const GUARD_CATEGORIES = [
  "person_name",
  "bsn",
  "date",
  "age",
  "phone",
  "email",
  "address",
  "postcode",
  "patient_id",
  "iban",
  "url",
  "handle",
  "location",
  "institution",
  "care_relationship",
  "individual_medical",
  "individual_advice",
  "third_party",
  "recognisable_combination",
] as const;
export type GuardCategory = (typeof GUARD_CATEGORIES)[number];

export type Verdict = "ok" | "warn" | "block";

export interface GuardFinding {
  /** JavaScript string offsets into the checked text. */
  start: number;
  end: number;
  text: string;
  category: GuardCategory;
  /** Stable rule id, e.g. "bsn.elfproef". */
  rule: string;
  severity: "warn" | "block";
  /** Dutch explanation a doctor's assistant understands. */
  message: string;
}

export interface GuardResult {
  verdict: Verdict;
  findings: GuardFinding[];
  /** A compliant rewrite, present when the verdict is `block`. */
  suggestion?: string | undefined;
}

/** The organisation's own public details: never findings. Same shape as the guard CLI's ORG.json. */
export interface GuardOrgProfile {
  name: string;
  phones: string[];
  emails: string[];
  websites: string[];
  addresses: string[];
  staff: string[];
  econsultUrl?: string | undefined;
  outOfHoursPhone?: string | undefined;
}

export interface CheckInput {
  text: string;
  org: GuardOrgProfile;
  /** The inbound message being answered, to catch echoed medical details. */
  inReplyTo?: string | undefined;
}

/** A personal-data span found in any text (used by triage on inbound messages). */
export interface PersonalDataSpan {
  start: number;
  end: number;
  text: string;
  category: GuardCategory;
}


/** When two findings overlap, the more specific one wins (an IBAN is not also a phone number). */
const PRIORITY: Record<GuardCategory, number> = {
  email: 1, url: 2, iban: 3, patient_id: 4, bsn: 5, phone: 6, postcode: 7, address: 8, date: 9, age: 10, handle: 11,
  person_name: 12, care_relationship: 13, individual_advice: 14, third_party: 15, individual_medical: 16,
  institution: 17, location: 18, recognisable_combination: 19,
};
/** Categories that may overlap others (they describe a situation, not a token). */
const LAYERED = new Set<GuardCategory>(["recognisable_combination", "care_relationship", "individual_medical", "third_party", "individual_advice"]);

export interface Guard {
  check(text: string, options?: { inReplyTo?: string | undefined }): GuardResult;
}

const EMPTY_PROFILE: GuardOrgProfile = { name: "", phones: [], emails: [], websites: [], addresses: [], staff: [] };
const PLACE_SET = new Set<string>(PLACES);
const STAFF_NOISE_WORDS = new Set(["dokter", "dr", "mevrouw", "meneer", "mw", "dhr", "drs", "praktijkondersteuner", "poh", "assistente", "assistent", "huisarts", "huisartsenpraktijk", "praktijk", "fysiotherapeut", "fysiotherapie", "verpleegkundige", "specialist", "van", "de", "der", "den", "ten", "ter", "te", "het"]);

/** Precompiles the organisation's allow-list: its phones, e-mails, websites, addresses, name and staff. */
export function createGuard(org: GuardOrgProfile = EMPTY_PROFILE): Guard {
  const orgPhones = new Set([...org.phones, ...(org.outOfHoursPhone ? [org.outOfHoursPhone] : [])].map(normalisePhone).filter(Boolean));
  const literals = [org.name, ...org.emails, ...org.websites.map((w) => w.replace(/^https?:\/\/(www\.)?/i, "").replace(/\/$/, "")), ...org.addresses, ...(org.econsultUrl ? [org.econsultUrl.replace(/^https?:\/\/(www\.)?/i, "")] : [])]
    .map((s) => s.trim())
    .filter((s) => s.length >= 3);
  // Addresses are also allowed in parts ("Lindelaan 12", "3581 AB", "Utrecht").
  const addressParts = org.addresses
    .flatMap((a) => [...a.split(/,/), ...(a.match(/\d{4}\s?[A-Z]{2}/g) ?? []), ...(a.match(/[\p{L}'’. -]+\s\d+[a-zA-Z]?/gu) ?? [])])
    .map((p) => p.trim())
    .filter((p) => p.length >= 3);
  const allowPatterns = [...literals, ...addressParts, ...org.staff].map((s) => escapeRegExp(s).replace(/\\\s+|\s+/g, "\\s+"));
  const allowRegex = allowPatterns.length > 0 ? new RegExp(allowPatterns.sort((a, b) => b.length - a.length).join("|"), "giu") : null;
  const allowedNames: AllowedName[] = [...org.staff, org.name].map((entry) => {
    const words = entry.replace(/\([^)]*\)/g, " ").split(/[^\p{L}'’.-]+/u).filter(Boolean);
    const tokens = new Set<string>();
    const initials = new Set<string>();
    for (const word of words) {
      const bare = word.replace(/\./g, "");
      if (/^\p{Lu}$/u.test(bare) || /^(?:\p{Lu}\.)+$/u.test(word)) {
        for (const letter of bare) {
          initials.add(letter);
        }
        continue;
      }
      const f = fold(bare);
      if (f.length > 1 && !STAFF_NOISE_WORDS.has(f)) {
        tokens.add(f);
        initials.add(bare[0]?.toUpperCase() ?? "");
      }
    }
    return { tokens, initials };
  });
  const orgPlaces = new Set<string>();
  for (const address of org.addresses) {
    for (const part of fold(address).split(/[,\d]+/)) {
      const place = part.trim().replace(/^[a-z]{2}\s+/, "");
      if (PLACE_SET.has(place)) {
        orgPlaces.add(place);
      }
    }
  }

  return {
    check(text, options = {}) {
      const candidates: Candidate[] = [];
      const urlRanges: [number, number][] = [];
      detectIdentifiers(text, { orgPhones }, candidates, urlRanges);
      const tokens = tokenize(text);
      const nameCandidates: Candidate[] = [];
      detectNames(text, tokens, { allowed: allowedNames }, nameCandidates);
      const allowed = allowedRanges(text, allowRegex);
      const names = nameCandidates.filter((c) => !inside(c, allowed) && !inside(c, urlRanges));
      candidates.push(...names);
      detectSecrecy(
        text,
        clauses(text),
        {
          inboundTerms: options.inReplyTo ? medicalTermsOf(options.inReplyTo) : new Set(),
          orgPlaces,
          personSpans: names.map((n) => [n.start, n.end]),
        },
        candidates,
        tokens,
      );
      const findings = resolve(candidates, allowed, urlRanges).map((c) => ({
        start: c.start,
        end: c.end,
        text: text.slice(c.start, c.end),
        category: c.category,
        rule: c.rule,
        severity: c.severity,
        message: explain(c.category, c.rule),
      }));
      const verdict: Verdict = findings.some((f) => f.severity === "block") ? "block" : findings.length > 0 ? "warn" : "ok";
      return verdict === "block"
        ? { verdict, findings, suggestion: suggestReply(org, text, options.inReplyTo) }
        : { verdict, findings };
    },
  };
}

function allowedRanges(text: string, regex: RegExp | null): [number, number][] {
  if (!regex) {
    return [];
  }
  const ranges: [number, number][] = [];
  regex.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = regex.exec(text)) !== null) {
    if (m[0].length === 0) {
      regex.lastIndex++;
      continue;
    }
    ranges.push([m.index, m.index + m[0].length]);
  }
  return ranges;
}

function inside(c: { start: number; end: number }, ranges: [number, number][]): boolean {
  return ranges.some(([s, e]) => c.start >= s && c.end <= e);
}

const ALLOWLISTABLE = new Set<GuardCategory>(["person_name", "email", "url", "address", "postcode", "phone", "location", "institution", "handle"]);

function resolve(candidates: Candidate[], allowed: [number, number][], urlRanges: [number, number][]): Candidate[] {
  const kept: Candidate[] = [];
  const emailRanges = candidates.filter((c) => c.category === "email").map((c): [number, number] => [c.start, c.end]);
  for (const [s, e] of allowed) {
    emailRanges.push([s, e]);
  }
  const sorted = candidates
    .filter((c) => c.end > c.start)
    .filter((c) => !(ALLOWLISTABLE.has(c.category) && inside(c, allowed)))
    // Nothing inside a (non-profile) link is a finding: thuisarts.nl/griep is not a diagnosis.
    .filter((c) => c.category === "url" || c.category === "email" || !inside(c, urlRanges))
    // Nor is anything inside an e-mail address ("assistente@...").
    .filter((c) => c.category === "email" || !emailRanges.some(([s, e]) => c.start >= s && c.end <= e))
    .sort((a, b) => PRIORITY[a.category] - PRIORITY[b.category] || b.end - b.start - (a.end - a.start) || a.start - b.start);
  for (const c of sorted) {
    const clash = kept.some((k) => k.start < c.end && c.start < k.end && (k.category === c.category || (!LAYERED.has(c.category) && !LAYERED.has(k.category))));
    if (!clash) {
      kept.push(c);
    }
  }
  // A medical word inside a care-relationship, advice or third-party finding is already covered;
  // a place or institution inside a recognisable combination too.
  const covered = kept.filter(
    (c) =>
      !kept.some(
        (k) =>
          k !== c &&
          k.start <= c.start &&
          c.end <= k.end &&
          ((c.category === "individual_medical" && (k.category === "care_relationship" || k.category === "individual_advice" || k.category === "third_party")) ||
            ((c.category === "location" || (c.category === "institution" && c.rule !== "institution.room")) && k.category === "recognisable_combination")),
      ),
  );
  covered.sort((a, b) => a.start - b.start || a.end - b.end);
  // Adjacent findings of one category are one finding ("blood test results").
  const merged: Candidate[] = [];
  for (const c of covered) {
    const last = merged.at(-1);
    if (last && last.category === c.category && c.start - last.end <= 1 && c.start >= last.start) {
      last.end = Math.max(last.end, c.end);
      if (c.severity === "block") {
        last.severity = "block";
      }
      continue;
    }
    merged.push({ ...c });
  }
  return merged;
}

const guards = new WeakMap<GuardOrgProfile, Guard>();
/** Callers often build a fresh profile object per request: reuse by content too (bounded). */
const guardsByContent = new Map<string, Guard>();
const MAX_CACHED_PROFILES = 100;

/** Checks one text. Reuses the compiled guard per profile (by object, then by content). */
export function checkText(input: CheckInput): GuardResult {
  let guard = guards.get(input.org);
  if (!guard) {
    const key = JSON.stringify(input.org);
    guard = guardsByContent.get(key);
    if (!guard) {
      guard = createGuard(input.org);
      if (guardsByContent.size >= MAX_CACHED_PROFILES) {
        guardsByContent.delete(guardsByContent.keys().next().value as string);
      }
      guardsByContent.set(key, guard);
    }
    guards.set(input.org, guard);
  }
  return guard.check(input.text, { inReplyTo: input.inReplyTo });
}

/** Identifiers in any text (no organisation allow-list): used by triage on inbound messages. */
export function detectPersonalData(text: string): PersonalDataSpan[] {
  return findPersonalData(text);
}
