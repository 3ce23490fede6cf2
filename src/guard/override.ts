/**
 * Who may publish a text the guard blocked: a reviewer (e.g. the doctor) or an admin, always with
 * a written reason. The publishing domain calls this and writes the audit event.
 */
import type { Verdict } from "./index.ts";

export type OverrideRole = "admin" | "webcare" | "reviewer" | "trainee";

export const MIN_OVERRIDE_REASON = 10;

export function canOverride(role: OverrideRole): boolean {
  return role === "admin" || role === "reviewer";
}

export type OverrideDecision = { allowed: true } | { allowed: false; reason: string };

export function evaluateOverride(input: { verdict: Verdict; role: OverrideRole; reason?: string | undefined }): OverrideDecision {
  if (input.verdict !== "block") {
    return { allowed: true };
  }
  if (!canOverride(input.role)) {
    return { allowed: false, reason: "Alleen een beoordelaar of beheerder mag een blokkade van de controle opheffen." };
  }
  const reason = input.reason?.trim() ?? "";
  if (reason.length < MIN_OVERRIDE_REASON) {
    return { allowed: false, reason: `Geef een reden van minstens ${MIN_OVERRIDE_REASON} tekens; die wordt vastgelegd in het auditlog.` };
  }
  return { allowed: true };
}
