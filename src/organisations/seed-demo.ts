/**
 * The demo organisation for `spreekuur serve --demo`: a fictional GP practice with a realistic
 * profile and three accounts (admin, webcare, reviewer). Seeding is idempotent: the passwords are
 * returned only the first time, so they are printed exactly once.
 */
import { generatePassword } from "../accounts/passwords.ts";
import { createUser } from "../accounts/create-user.ts";
import { recordEvent } from "../audit/record-event.ts";
import type { AppContext } from "../lib/context.ts";
import { memberships, type Role } from "../store/schema.ts";
import { createOrganisation } from "./create-organisation.ts";
import { findOrganisationBySlug } from "./get-organisation.ts";

export const DEMO_SLUG = "demo-de-linde";

export interface DemoCredentials {
  organisation: string;
  accounts: { email: string; role: Role; password: string }[];
}

const DEMO_USERS: { email: string; displayName: string; role: Role }[] = [
  { email: "beheer@demo-delinde.test", displayName: "Sanne Visser (beheer)", role: "admin" },
  { email: "webcare@demo-delinde.test", displayName: "Yusuf Demir (webcare)", role: "webcare" },
  { email: "dokter@demo-delinde.test", displayName: "dokter Van Dijk", role: "reviewer" },
];

export async function seedDemo(ctx: AppContext): Promise<DemoCredentials | null> {
  if (await findOrganisationBySlug(ctx.db, DEMO_SLUG)) {
    return null;
  }
  return ctx.db.transaction(async (tx) => {
    const actor = { kind: "system" as const, label: "demo" };
    const org = await createOrganisation(tx, {
      name: "Huisartsenpraktijk De Linde (demo)",
      slug: DEMO_SLUG,
      kind: "huisartsenpraktijk",
      isDemo: true,
      actor,
      profile: {
        phones: ["030 234 56 78"],
        emails: ["assistente@demo-delinde.test"],
        websites: ["https://demo-delinde.test"],
        addresses: ["Lindelaan 12, 3581 AB Utrecht"],
        staff: ["dokter Van Dijk", "dokter Amrani", "praktijkondersteuner Lisa", "assistente Joyce"],
        econsultUrl: "https://demo-delinde.test/e-consult",
        outOfHoursPhone: "0900 450 12 12",
      },
    });
    const accounts: DemoCredentials["accounts"] = [];
    for (const spec of DEMO_USERS) {
      const password = generatePassword();
      const user = await createUser(tx, { email: spec.email, displayName: spec.displayName, password });
      await tx.insert(memberships).values({ orgId: org.id, userId: user.id, role: spec.role });
      accounts.push({ email: spec.email, role: spec.role, password });
    }
    await recordEvent(tx, { orgId: org.id, actor, action: "demo.seed", data: { accounts: accounts.length } });
    return { organisation: org.name, accounts };
  });
}
