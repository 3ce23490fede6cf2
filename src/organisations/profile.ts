/**
 * The organisation profile schema: the practice's own public details. The guard allow-lists
 * everything here; reply suggestions point patients to the private channels listed here.
 * Shared by the HTTP routes, the CLI (`org create --profile`) and the demo seed.
 */
import { z } from "zod";
import type { OrganisationProfile } from "../store/schema.ts";

const item = z.string().trim().min(1).max(300);
const list = z.array(item).max(100);

export const OrganisationProfileSchema = z.strictObject({
  phones: list.default([]),
  emails: z.array(z.string().trim().toLowerCase().max(300).pipe(z.email())).max(100).default([]),
  websites: list.default([]),
  addresses: list.default([]),
  staff: list.default([]),
  econsultUrl: z.url().max(500).optional(),
  outOfHoursPhone: item.optional(),
});

export const ORGANISATION_KINDS = ["huisartsenpraktijk", "ziekenhuis", "fysiotherapie", "ggz", "apotheek", "anders"] as const;
export const OrganisationKindSchema = z.enum(ORGANISATION_KINDS);

export function emptyProfile(): OrganisationProfile {
  return { phones: [], emails: [], websites: [], addresses: [], staff: [] };
}

/** A URL-safe slug from a name: "Huisartsenpraktijk De Linde" → "huisartsenpraktijk-de-linde". */
export function slugify(name: string): string {
  const slug = name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 60);
  return slug || "organisatie";
}
