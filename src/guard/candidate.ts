import type { GuardCategory } from "./index.ts";

/** A finding before explanations are attached. */
export interface Candidate {
  start: number;
  end: number;
  category: GuardCategory;
  rule: string;
  severity: "warn" | "block";
}
