/** Creates a user account (no membership yet; see addMember). */
import { eq } from "drizzle-orm";
import { conflict } from "../lib/errors.ts";
import type { DbOrTx } from "../store/db.ts";
import { users } from "../store/schema.ts";
import { assertPasswordAcceptable, hashPassword } from "./passwords.ts";

export interface CreateUserOptions {
  email: string;
  displayName: string;
  password: string;
  locale?: "nl" | "en";
}

export type User = typeof users.$inferSelect;

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

export async function createUser(db: DbOrTx, options: CreateUserOptions): Promise<User> {
  assertPasswordAcceptable(options.password);
  const email = normaliseEmail(options.email);
  const existing = await db.select({ id: users.id }).from(users).where(eq(users.email, email));
  if (existing.length > 0) {
    throw conflict(`Er bestaat al een account met e-mailadres ${email}.`);
  }
  const [user] = await db
    .insert(users)
    .values({
      email,
      displayName: options.displayName.trim(),
      passwordHash: await hashPassword(options.password),
      locale: options.locale ?? "nl",
    })
    .returning();
  if (!user) {
    throw new Error("insert returned no row");
  }
  return user;
}

export async function findUserByEmail(db: DbOrTx, email: string): Promise<User | undefined> {
  const [user] = await db.select().from(users).where(eq(users.email, normaliseEmail(email)));
  return user;
}
