/** Loads the organisation a request works in. */
import { eq } from "drizzle-orm";
import { notFound } from "../lib/errors.ts";
import type { DbOrTx } from "../store/db.ts";
import { organizations } from "../store/schema.ts";
import type { Organisation } from "./create-organisation.ts";

export async function getOrganisation(db: DbOrTx, orgId: string): Promise<Organisation> {
  const [org] = await db.select().from(organizations).where(eq(organizations.id, orgId));
  if (!org) {
    throw notFound("Organisation");
  }
  return org;
}

export async function findOrganisationBySlug(db: DbOrTx, slug: string): Promise<Organisation | undefined> {
  const [org] = await db.select().from(organizations).where(eq(organizations.slug, slug));
  return org;
}
