/**
 * Tells an organisation's admins that a channel needs reconnecting: always visible in the UI
 * (channel status), and by e-mail when SMTP_URL is set. Mail failures never break the caller.
 */
import { and, eq } from "drizzle-orm";
import nodemailer from "nodemailer";
import type { AppContext } from "../../lib/context.ts";
import { memberships, users } from "../../store/schema.ts";

export interface NotifyReconnectNeededOptions {
  orgId: string;
  channelName: string;
}

export async function notifyReconnectNeeded(ctx: AppContext, options: NotifyReconnectNeededOptions): Promise<number> {
  if (!ctx.config.smtpUrl) {
    return 0;
  }
  const admins = await ctx.db
    .select({ email: users.email })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.orgId, options.orgId), eq(memberships.role, "admin")));
  if (admins.length === 0) {
    return 0;
  }
  try {
    const transport = nodemailer.createTransport(ctx.config.smtpUrl);
    await transport.sendMail({
      from: ctx.config.mailFrom,
      to: admins.map((a) => a.email),
      subject: `Kanaal opnieuw verbinden: ${options.channelName}`,
      text:
        `Het kanaal "${options.channelName}" heeft geen toegang meer (de koppeling is ingetrokken of verlopen).\n\n` +
        `Verbind het opnieuw via Instellingen → Kanalen. Tot die tijd halen we geen berichten op en plaatsen we niets.\n`,
    });
    transport.close();
    return admins.length;
  } catch {
    return 0;
  }
}
