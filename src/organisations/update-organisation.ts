/** Changes an organisation's name, kind or public profile (admins only; audited with the changed fields). */
import { eq } from "drizzle-orm";
import { recordEvent } from "../audit/record-event.ts";
import type { Actor } from "../lib/context.ts";
import { notFound } from "../lib/errors.ts";
import type { Db } from "../store/db.ts";
import { type OrganisationProfile, organizations } from "../store/schema.ts";
import type { Organisation } from "./create-organisation.ts";

export interface UpdateOrganisationOptions {
  orgId: string;
  name?: string | undefined;
  kind?: string | undefined;
  profile?: OrganisationProfile | undefined;
  actor: Actor;
  now: Date;
}

export async function updateOrganisation(db: Db, options: UpdateOrganisationOptions): Promise<Organisation> {
  return db.transaction(async (tx) => {
    const changes: Partial<typeof organizations.$inferInsert> = { updatedAt: options.now };
    const changed: string[] = [];
    if (options.name !== undefined) {
      changes.name = options.name.trim();
      changed.push("name");
    }
    if (options.kind !== undefined) {
      changes.kind = options.kind;
      changed.push("kind");
    }
    if (options.profile !== undefined) {
      changes.profile = options.profile;
      changed.push("profile");
    }
    const [org] = await tx.update(organizations).set(changes).where(eq(organizations.id, options.orgId)).returning();
    if (!org) {
      throw notFound("Organisation");
    }
    await recordEvent(tx, {
      orgId: org.id,
      actor: options.actor,
      action: "organisation.update",
      targetType: "organisation",
      targetId: org.id,
      data: { fields: changed },
    });
    return org;
  });
}
