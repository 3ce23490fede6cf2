/**
 * Optional two-factor sign-in with time-based codes (RFC 6238) via otplib. The seed is stored
 * encrypted; it only counts once the user proved possession by entering a valid code.
 */
import { eq } from "drizzle-orm";
import { generateSecret, generateURI, verify } from "otplib";
import { recordEvent } from "../audit/record-event.ts";
import type { Actor, AppContext } from "../lib/context.ts";
import { AppError, validation } from "../lib/errors.ts";
import { users } from "../store/schema.ts";
import { verifyPassword } from "./passwords.ts";

export async function verifyTotpCode(secret: string, code: string, now: Date): Promise<boolean> {
  if (!secret || !/^\d{6}$/.test(code.trim())) {
    return false;
  }
  try {
    const result = await verify({
      secret,
      token: code.trim(),
      epoch: Math.floor(now.getTime() / 1000),
      // Accept the previous and next 30-second step: phone clocks drift.
      epochTolerance: 30,
    });
    return result.valid;
  } catch {
    return false;
  }
}

export interface EnrollTotpOptions {
  userId: string;
  email: string;
}

export async function enrollTotp(
  ctx: AppContext,
  options: EnrollTotpOptions,
): Promise<{ secret: string; otpauthUrl: string }> {
  const secret = generateSecret();
  await ctx.db
    .update(users)
    .set({ totpSecretEnc: ctx.secrets.encrypt(secret), updatedAt: ctx.now() })
    .where(eq(users.id, options.userId));
  return { secret, otpauthUrl: generateURI({ issuer: "Spreekuur", label: options.email, secret }) };
}

export interface EnableTotpOptions {
  userId: string;
  orgId: string;
  code: string;
  actor: Actor;
}

export async function enableTotp(ctx: AppContext, options: EnableTotpOptions): Promise<void> {
  const [user] = await ctx.db.select().from(users).where(eq(users.id, options.userId));
  if (!user?.totpSecretEnc) {
    throw validation("Start eerst het instellen van tweestapsverificatie.");
  }
  if (!(await verifyTotpCode(ctx.secrets.decrypt(user.totpSecretEnc), options.code, ctx.now()))) {
    throw validation("De code klopt niet. Controleer de tijd op uw telefoon en probeer opnieuw.", [
      { path: "code", message: "invalid code" },
    ]);
  }
  await ctx.db.transaction(async (tx) => {
    await tx.update(users).set({ totpEnabled: true, updatedAt: ctx.now() }).where(eq(users.id, options.userId));
    await recordEvent(tx, { orgId: options.orgId, actor: options.actor, action: "user.totp_enable" });
  });
}

export interface DisableTotpOptions {
  userId: string;
  orgId: string;
  password: string;
  actor: Actor;
}

export async function disableTotp(ctx: AppContext, options: DisableTotpOptions): Promise<void> {
  const [user] = await ctx.db.select().from(users).where(eq(users.id, options.userId));
  if (!user || !(await verifyPassword(user.passwordHash, options.password))) {
    throw new AppError("invalid_credentials", "Het wachtwoord klopt niet.");
  }
  await ctx.db.transaction(async (tx) => {
    await tx
      .update(users)
      .set({ totpEnabled: false, totpSecretEnc: null, updatedAt: ctx.now() })
      .where(eq(users.id, options.userId));
    await recordEvent(tx, { orgId: options.orgId, actor: options.actor, action: "user.totp_disable" });
  });
}
