/**
 * Starts an OAuth connect: runs the adapter's optional `prepare` (e.g. Mastodon app registration),
 * stores state + PKCE (S256) verifier encrypted in oauth_states for ten minutes, and returns the
 * network's authorisation URL.
 */
import { createHash, randomBytes } from "node:crypto";
import type { AppContext } from "../../lib/context.ts";
import { AppError } from "../../lib/errors.ts";
import { oauthStates } from "../../store/schema.ts";
import { ChannelError } from "../contract.ts";
import { getAdapter, requireConfigured } from "../registry.ts";
import { createChannelHttp } from "./channel-http.ts";

export const OAUTH_STATE_TTL_MS = 10 * 60 * 1000;

export interface StartOAuthConnectOptions {
  orgId: string;
  userId: string;
  network: string;
  /** Non-secret settings typed by the user (e.g. the Mastodon server). */
  settings: Record<string, unknown>;
  env?: NodeJS.ProcessEnv | undefined;
}

export function redirectUriFor(ctx: AppContext, network: string): string {
  return `${ctx.config.publicUrl.replace(/\/$/, "")}/api/channels/${network}/oauth/callback`;
}

export async function startOAuthConnect(ctx: AppContext, options: StartOAuthConnectOptions): Promise<{ authorizeUrl: string }> {
  const adapter = getAdapter(options.network);
  const app = requireConfigured(adapter, options.env);
  if (adapter.connect.type !== "oauth") {
    throw new AppError("validation", `${adapter.displayName} verbind je met een formulier, niet via OAuth.`);
  }
  const redirectUri = redirectUriFor(ctx, adapter.network);
  let prepared: Record<string, string> = {};
  if (adapter.connect.prepare) {
    const logged = createChannelHttp(ctx, null);
    try {
      prepared = await adapter.connect.prepare({ settings: options.settings, redirectUri, app, http: logged.http });
    } catch (error) {
      if (error instanceof ChannelError) {
        throw new AppError(error.kind === "rejected" ? "validation" : "channel_error", error.message);
      }
      throw error;
    } finally {
      await logged.flush();
    }
  }
  const state = randomBytes(24).toString("base64url");
  const verifier = adapter.connect.pkce ? randomBytes(48).toString("base64url") : undefined;
  const challenge = verifier ? createHash("sha256").update(verifier).digest("base64url") : undefined;
  await ctx.db.insert(oauthStates).values({
    state,
    orgId: options.orgId,
    userId: options.userId,
    network: adapter.network,
    codeVerifierEnc: ctx.secrets.encryptOptional(verifier),
    redirectUri,
    // Everything `prepare` returned may hold secrets (client_secret): kept encrypted as one value.
    data: { settings: options.settings, prepared: ctx.secrets.encrypt(JSON.stringify(prepared)) },
    expiresAt: new Date(ctx.now().getTime() + OAUTH_STATE_TTL_MS),
  });
  return {
    authorizeUrl: adapter.connect.authorizeUrl({ state, codeChallenge: challenge, redirectUri, settings: options.settings, app, prepared }),
  };
}
