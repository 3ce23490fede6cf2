/**
 * Public API of the confidentiality guard (pure: no I/O, runs in Node and in the browser).
 * The guard work replaces the placeholder implementations below; the types are the contract
 * the rest of the code base (routes, publishing, triage, web) builds on.
 */

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

export function checkText(_input: CheckInput): GuardResult {
  throw new Error("guard not implemented yet");
}

export function detectPersonalData(_text: string): PersonalDataSpan[] {
  throw new Error("guard not implemented yet");
}
