/**
 * Test factories: build rows with realistic defaults, creating missing parents. Generic over the
 * Drizzle `Db`, so they work on PGlite and PostgreSQL alike; other suites (channels, guard
 * routes, browser tests) use them too.
 */
import { randomBytes } from "node:crypto";
import { hashPassword } from "../src/accounts/passwords.ts";
import { loadConfig } from "../src/lib/config.ts";
import type { AppContext } from "../src/lib/context.ts";
import { SecretBox } from "../src/lib/secrets.ts";
import type { DbOrTx } from "../src/store/db.ts";
import { memberships, type OrganisationProfile, organizations, type Role, users } from "../src/store/schema.ts";

let counter = 0;
const next = () => `${Date.now().toString(36)}${(counter++).toString(36)}`;

/** One shared hash: argon2 is deliberately slow, and tests create many users. */
export const TEST_PASSWORD = "correct horse battery staple";
let testHash: Promise<string> | undefined;
const passwordHash = () => (testHash ??= hashPassword(TEST_PASSWORD));

export function buildProfile(overrides: Partial<OrganisationProfile> = {}): OrganisationProfile {
  return {
    phones: ["030 123 45 67"],
    emails: ["info@praktijk-test.nl"],
    websites: ["https://www.praktijk-test.nl"],
    addresses: ["Lindelaan 12, 3512 AB Utrecht"],
    staff: ["dokter Jansen"],
    outOfHoursPhone: "0900 450 12 12",
    ...overrides,
  };
}

export async function buildOrganisation(
  db: DbOrTx,
  overrides: Partial<typeof organizations.$inferInsert> = {},
): Promise<typeof organizations.$inferSelect> {
  const n = next();
  const [org] = await db
    .insert(organizations)
    .values({ name: `Praktijk ${n}`, slug: `praktijk-${n}`, profile: buildProfile(), ...overrides })
    .returning();
  if (!org) {
    throw new Error("no organisation row");
  }
  return org;
}

export interface BuildUserOptions {
  orgId?: string;
  role?: Role;
  email?: string;
  displayName?: string;
  /** Defaults to TEST_PASSWORD. */
  password?: string;
}

/** A user with a membership (creates an organisation when none is given). */
export async function buildUser(db: DbOrTx, options: BuildUserOptions = {}) {
  const orgId = options.orgId ?? (await buildOrganisation(db)).id;
  const n = next();
  const [user] = await db
    .insert(users)
    .values({
      email: options.email ?? `user-${n}@example.test`,
      displayName: options.displayName ?? `Gebruiker ${n}`,
      passwordHash: options.password ? await hashPassword(options.password) : await passwordHash(),
    })
    .returning();
  if (!user) {
    throw new Error("no user row");
  }
  await db.insert(memberships).values({ orgId, userId: user.id, role: options.role ?? "admin" });
  return { user, orgId, password: options.password ?? TEST_PASSWORD };
}

/** An application context for tests: fixed key, configurable clock. */
export function buildContext(db: AppContext["db"], overrides: Partial<AppContext> = {}): AppContext {
  return {
    db,
    config: loadConfig({}, { dataDir: "/nonexistent", publicUrl: "http://localhost:3000", allowPrivateHosts: "all" }),
    secrets: new SecretBox(randomBytes(32)),
    now: () => new Date(),
    ...overrides,
  };
}
