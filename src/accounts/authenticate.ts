/**
 * Password (and TOTP) sign-in with a per-account rate limit that lives in the database, so it
 * holds across several app processes: after 5 failed attempts for one email within 15 minutes,
 * further attempts are refused without checking the password until the window has passed.
 */
import { and, count, eq, gt } from "drizzle-orm";
import { recordEvent } from "../audit/record-event.ts";
import type { AppContext } from "../lib/context.ts";
import { AppError } from "../lib/errors.ts";
import { loginAttempts, users } from "../store/schema.ts";
import { normaliseEmail, type User } from "./create-user.ts";
import { dummyPasswordHash, verifyPassword } from "./passwords.ts";
import { verifyTotpCode } from "./totp.ts";

export const LOGIN_MAX_FAILURES = 5;
export const LOGIN_WINDOW_MS = 15 * 60_000;

export interface AuthenticateOptions {
  email: string;
  password: string;
  totp?: string | undefined;
  ip?: string | undefined;
}

export async function authenticate(ctx: AppContext, options: AuthenticateOptions): Promise<User> {
  const email = normaliseEmail(options.email);
  const now = ctx.now();
  const [failures] = await ctx.db
    .select({ n: count() })
    .from(loginAttempts)
    .where(
      and(
        eq(loginAttempts.email, email),
        eq(loginAttempts.success, false),
        gt(loginAttempts.createdAt, new Date(now.getTime() - LOGIN_WINDOW_MS)),
      ),
    );
  if ((failures?.n ?? 0) >= LOGIN_MAX_FAILURES) {
    throw new AppError("rate_limited", "Te veel mislukte pogingen. Probeer het over 15 minuten opnieuw.");
  }

  const [user] = await ctx.db.select().from(users).where(eq(users.email, email));
  const passwordOk = await verifyPassword(user?.passwordHash ?? (await dummyPasswordHash()), options.password);
  if (!user || !passwordOk) {
    await recordFailure(ctx, email, options.ip, "password");
    throw new AppError("invalid_credentials", "E-mailadres of wachtwoord klopt niet.");
  }
  if (user.totpEnabled) {
    if (!options.totp) {
      // Not a failure: the client asks for the second factor next. No session is created.
      throw new AppError("totp_required", "Vul de code uit uw authenticator-app in.");
    }
    const secret = user.totpSecretEnc ? ctx.secrets.decrypt(user.totpSecretEnc) : "";
    if (!(await verifyTotpCode(secret, options.totp, now))) {
      await recordFailure(ctx, email, options.ip, "totp");
      throw new AppError("invalid_credentials", "De code uit de authenticator-app klopt niet.");
    }
  }
  await ctx.db.transaction(async (tx) => {
    await tx.insert(loginAttempts).values({ email, ip: options.ip ?? null, success: true, createdAt: now });
    await tx.update(users).set({ lastLoginAt: now }).where(eq(users.id, user.id));
  });
  return user;
}

async function recordFailure(ctx: AppContext, email: string, ip: string | undefined, reason: string): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    await tx.insert(loginAttempts).values({ email, ip: ip ?? null, success: false, createdAt: ctx.now() });
    // Failed sign-ins are not tied to an organisation: the email may not even exist.
    await recordEvent(tx, {
      orgId: null,
      actor: { kind: "system", label: "login" },
      action: "user.login_failed",
      data: { email, reason, ip: ip ?? null },
    });
  });
}
