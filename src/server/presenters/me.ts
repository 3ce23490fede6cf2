/** The `Me` document: who is signed in, where, with which role and abilities. Whitelisted fields only. */
import { asc, eq } from "drizzle-orm";
import { abilitiesOf } from "../../accounts/abilities.ts";
import type { AppContext } from "../../lib/context.ts";
import { notFound } from "../../lib/errors.ts";
import { getOrganisation } from "../../organisations/get-organisation.ts";
import { memberships, organizations, users } from "../../store/schema.ts";
import type { AuthContext } from "../auth-context.ts";

export async function presentMe(ctx: AppContext, auth: Pick<AuthContext, "userId" | "orgId" | "csrfToken">) {
  const [user] = await ctx.db.select().from(users).where(eq(users.id, auth.userId));
  if (!user) {
    throw notFound("User");
  }
  const org = await getOrganisation(ctx.db, auth.orgId);
  const all = await ctx.db
    .select({ orgId: memberships.orgId, orgName: organizations.name, role: memberships.role })
    .from(memberships)
    .innerJoin(organizations, eq(organizations.id, memberships.orgId))
    .where(eq(memberships.userId, user.id))
    .orderBy(asc(organizations.name));
  const current = all.find((m) => m.orgId === org.id);
  if (!current) {
    throw notFound("Organisation");
  }
  return {
    user: {
      id: user.id,
      email: user.email,
      displayName: user.displayName,
      locale: user.locale === "en" ? ("en" as const) : ("nl" as const),
      totpEnabled: user.totpEnabled,
    },
    organisation: { id: org.id, name: org.name, slug: org.slug, isDemo: org.isDemo },
    role: current.role,
    memberships: all,
    csrfToken: auth.csrfToken,
    abilities: abilitiesOf(current.role),
  };
}

export type MeDocument = Awaited<ReturnType<typeof presentMe>>;
