/** Changes the signed-in user's display name or interface language. */
import { eq } from "drizzle-orm";
import type { AppContext } from "../lib/context.ts";
import { users } from "../store/schema.ts";

export async function updateUserPreferences(
  ctx: AppContext,
  options: { userId: string; displayName?: string | undefined; locale?: "nl" | "en" | undefined },
): Promise<void> {
  const changes: Partial<typeof users.$inferInsert> = { updatedAt: ctx.now() };
  if (options.displayName !== undefined) {
    changes.displayName = options.displayName.trim();
  }
  if (options.locale !== undefined) {
    changes.locale = options.locale;
  }
  await ctx.db.update(users).set(changes).where(eq(users.id, options.userId));
}
