/** Creates an organisation (a practice, hospital or physiotherapy clinic) with a unique slug. */
import { eq, like } from "drizzle-orm";
import { recordEvent } from "../audit/record-event.ts";
import type { Actor } from "../lib/context.ts";
import { conflict, validation } from "../lib/errors.ts";
import type { DbOrTx } from "../store/db.ts";
import { type OrganisationProfile, organizations } from "../store/schema.ts";
import { emptyProfile, slugify } from "./profile.ts";

export interface CreateOrganisationOptions {
  name: string;
  /** Wanted slug; when omitted it is derived from the name and made unique. */
  slug?: string | undefined;
  kind?: string | undefined;
  profile?: OrganisationProfile | undefined;
  isDemo?: boolean;
  actor: Actor;
}

export type Organisation = typeof organizations.$inferSelect;

const SLUG = /^[a-z0-9](?:[a-z0-9-]{0,58}[a-z0-9])?$/;

export async function createOrganisation(db: DbOrTx, options: CreateOrganisationOptions): Promise<Organisation> {
  const name = options.name.trim();
  if (!name) {
    throw validation("De naam van de organisatie is leeg.", [{ path: "name", message: "required" }]);
  }
  let slug: string;
  if (options.slug !== undefined) {
    if (!SLUG.test(options.slug)) {
      throw validation(`Ongeldige slug "${options.slug}": alleen kleine letters, cijfers en streepjes.`, [
        { path: "slug", message: "invalid" },
      ]);
    }
    const taken = await db.select({ id: organizations.id }).from(organizations).where(eq(organizations.slug, options.slug));
    if (taken.length > 0) {
      throw conflict(`De slug "${options.slug}" is al in gebruik.`);
    }
    slug = options.slug;
  } else {
    slug = await uniqueSlug(db, slugify(name));
  }
  const [org] = await db
    .insert(organizations)
    .values({
      name,
      slug,
      kind: options.kind ?? "huisartsenpraktijk",
      profile: options.profile ?? emptyProfile(),
      isDemo: options.isDemo ?? false,
    })
    .returning();
  if (!org) {
    throw new Error("insert returned no row");
  }
  await recordEvent(db, {
    orgId: org.id,
    actor: options.actor,
    action: "organisation.create",
    targetType: "organisation",
    targetId: org.id,
    data: { name, slug },
  });
  return org;
}

async function uniqueSlug(db: DbOrTx, base: string): Promise<string> {
  const rows = await db
    .select({ slug: organizations.slug })
    .from(organizations)
    .where(like(organizations.slug, `${base}%`));
  const taken = new Set(rows.map((r) => r.slug));
  if (!taken.has(base)) {
    return base;
  }
  for (let n = 2; ; n++) {
    const candidate = `${base}-${n}`;
    if (!taken.has(candidate)) {
      return candidate;
    }
  }
}
