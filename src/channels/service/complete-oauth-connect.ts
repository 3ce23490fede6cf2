/**
 * Finishes an OAuth connect: checks the state (exists, same network, not expired, used once),
 * exchanges the code (with the PKCE verifier) and stores every account the network returned as a
 * channel with encrypted credentials.
 */
import { and, eq } from "drizzle-orm";
import type { AppContext } from "../../lib/context.ts";
import { AppError } from "../../lib/errors.ts";
import { memberships, oauthStates, users } from "../../store/schema.ts";
import { ChannelError } from "../contract.ts";
import { getAdapter, requireConfigured } from "../registry.ts";
import { createChannelHttp } from "./channel-http.ts";
import { storeConnectedAccount } from "./store-connected-account.ts";

export interface CompleteOAuthConnectOptions {
  network: string;
  state: string;
  code: string;
  env?: NodeJS.ProcessEnv | undefined;
  /** When the callback arrives with a session, it must be the user who started the flow. */
  userId?: string | undefined;
}

export async function completeOAuthConnect(ctx: AppContext, options: CompleteOAuthConnectOptions) {
  const adapter = getAdapter(options.network);
  const app = requireConfigured(adapter, options.env);
  if (adapter.connect.type !== "oauth") {
    throw new AppError("validation", "Dit netwerk gebruikt geen OAuth.");
  }
  // Take the state exactly once.
  const [pending] = await ctx.db.delete(oauthStates).where(eq(oauthStates.state, options.state)).returning();
  if (!pending || pending.network !== adapter.network) {
    throw new AppError("validation", "De koppeling is verlopen of ongeldig. Probeer opnieuw te verbinden.");
  }
  if (pending.expiresAt.getTime() < ctx.now().getTime()) {
    throw new AppError("validation", "De koppeling is verlopen (meer dan 10 minuten). Probeer opnieuw te verbinden.");
  }
  if (options.userId && options.userId !== pending.userId) {
    throw new AppError("forbidden", "Deze koppeling is door iemand anders gestart.");
  }
  const [member] = await ctx.db
    .select({ label: users.displayName, role: memberships.role })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.orgId, pending.orgId), eq(memberships.userId, pending.userId)));
  if (member?.role !== "admin") {
    throw new AppError("forbidden", "Alleen een beheerder kan kanalen verbinden.");
  }
  const data = pending.data as { settings?: Record<string, unknown>; prepared?: string };
  const prepared = data.prepared ? (JSON.parse(ctx.secrets.decrypt(data.prepared)) as Record<string, string>) : {};
  const logged = createChannelHttp(ctx, null);
  let accounts;
  try {
    accounts = await adapter.connect.exchangeCode({
      code: options.code,
      codeVerifier: ctx.secrets.decryptOptional(pending.codeVerifierEnc) ?? undefined,
      redirectUri: pending.redirectUri,
      settings: data.settings ?? {},
      app,
      prepared,
      http: logged.http,
    });
  } catch (error) {
    if (error instanceof ChannelError) {
      throw new AppError("channel_error", error.message);
    }
    throw error;
  } finally {
    await logged.flush();
  }
  const actor = { kind: "user" as const, userId: pending.userId, label: member.label };
  const stored = [];
  for (const account of accounts) {
    stored.push(await storeConnectedAccount(ctx, { orgId: pending.orgId, actor, network: adapter.network, account }));
  }
  return { orgId: pending.orgId, channels: stored };
}
