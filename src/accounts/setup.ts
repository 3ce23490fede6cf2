/**
 * First-run setup: while no organisation exists, anyone who can reach the server may create the
 * first organisation and its admin. Afterwards setup is closed (409).
 */
import { count } from "drizzle-orm";
import { recordEvent } from "../audit/record-event.ts";
import type { AppContext } from "../lib/context.ts";
import { conflict } from "../lib/errors.ts";
import { createOrganisation, type Organisation } from "../organisations/create-organisation.ts";
import { memberships, organizations } from "../store/schema.ts";
import { createUser, type User } from "./create-user.ts";

export async function isSetupNeeded(ctx: AppContext): Promise<boolean> {
  const [row] = await ctx.db.select({ n: count() }).from(organizations);
  return (row?.n ?? 0) === 0;
}

export interface RunSetupOptions {
  organisation: { name: string; kind?: string | undefined };
  admin: { email: string; displayName: string; password: string; locale?: "nl" | "en" };
}

export async function runSetup(ctx: AppContext, options: RunSetupOptions): Promise<{ org: Organisation; user: User }> {
  return ctx.db.transaction(async (tx) => {
    // Serialise concurrent setup attempts: only the first one may create the organisation.
    await tx.execute("SELECT pg_advisory_xact_lock(727002)");
    const [existing] = await tx.select({ n: count() }).from(organizations);
    if ((existing?.n ?? 0) > 0) {
      throw conflict("Spreekuur is al ingericht. Log in met een bestaand account.");
    }
    const user = await createUser(tx, options.admin);
    const actor = { kind: "user" as const, userId: user.id, label: user.displayName };
    const org = await createOrganisation(tx, {
      name: options.organisation.name,
      kind: options.organisation.kind,
      actor,
    });
    await tx.insert(memberships).values({ orgId: org.id, userId: user.id, role: "admin" });
    await recordEvent(tx, { orgId: org.id, actor, action: "setup.complete", targetType: "user", targetId: user.id });
    return { org, user };
  });
}
