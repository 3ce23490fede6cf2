/**
 * The typed map of network adapters and the per-network configuration check.
 *
 * Only the channel service (src/channels/service) and publishing (src/publishing) look adapters
 * up here; publish/reply/private-message calls are made by src/publishing/publish-outbound-item.ts
 * alone (a test checks that), so nothing reaches a network without passing the guard.
 *
 * App keys of a network come from the environment variables that start with its upper-cased name
 * (FACEBOOK_APP_ID, BLUESKY_SERVICE_URL, SANDBOX_WEBHOOK_SECRET ...), or with one of the
 * adapter's `envPrefixes`. When one of the adapter's
 * `requiredEnv` keys is missing, the network is listed as "not configured" with the missing keys.
 */
import type { Network } from "../store/schema.ts";
import { NETWORKS } from "../store/schema.ts";
import { AppError } from "../lib/errors.ts";
import { blueskyAdapter } from "./bluesky/index.ts";
import type { ChannelAdapter } from "./contract.ts";
import { facebookAdapter } from "./facebook/index.ts";
import { instagramAdapter } from "./instagram/index.ts";
import { linkedinAdapter } from "./linkedin/index.ts";
import { mastodonAdapter } from "./mastodon/index.ts";
import { rssAdapter } from "./rss/index.ts";
import { sandboxAdapter } from "./sandbox/index.ts";
import { xAdapter } from "./x/index.ts";

/** The adapter of every network. */
export const ADAPTERS: Partial<Record<Network, ChannelAdapter>> = {
  facebook: facebookAdapter,
  instagram: instagramAdapter,
  mastodon: mastodonAdapter,
  bluesky: blueskyAdapter,
  rss: rssAdapter,
  sandbox: sandboxAdapter,
  x: xAdapter,
  linkedin: linkedinAdapter,
};

export interface NetworkStatus {
  network: Network;
  displayName: string;
  available: boolean;
  configured: boolean;
  missingEnv: string[];
  capabilities: ChannelAdapter["capabilities"] | null;
  limits: { maxLength: number; maxImages: number } | null;
  connect:
    | { type: "oauth" }
    | { type: "credentials"; fields: { name: string; label: { nl: string; en: string }; secret: boolean; placeholder?: string | undefined }[] }
    | null;
}

export function getAdapter(network: string): ChannelAdapter {
  const adapter = (NETWORKS as readonly string[]).includes(network) ? ADAPTERS[network as Network] : undefined;
  if (!adapter) {
    throw new AppError("not_found", `Onbekend netwerk: ${network}`);
  }
  return adapter;
}

/**
 * The installation-level keys of a network: every env var starting with `<NETWORK>_`, or with one
 * of the adapter's `envPrefixes` when it declares them.
 */
export function appKeysOf(network: Network, env: NodeJS.ProcessEnv = process.env): Record<string, string> {
  const prefixes = ADAPTERS[network]?.envPrefixes ?? [`${network.toUpperCase()}_`];
  const keys: Record<string, string> = {};
  for (const [key, value] of Object.entries(env)) {
    if (prefixes.some((prefix) => key.startsWith(prefix)) && value !== undefined && value !== "") {
      keys[key] = value;
    }
  }
  return keys;
}

export function missingEnvOf(adapter: ChannelAdapter, env: NodeJS.ProcessEnv = process.env): string[] {
  return adapter.requiredEnv.filter((key) => !env[key]);
}

/** Throws `not_configured` naming the missing env vars. */
export function requireConfigured(adapter: ChannelAdapter, env: NodeJS.ProcessEnv = process.env): Record<string, string> {
  const missing = missingEnvOf(adapter, env);
  if (missing.length > 0) {
    throw new AppError("not_configured", `${adapter.displayName} is niet ingesteld op deze installatie: ${missing.join(", ")} ontbreekt.`);
  }
  return appKeysOf(adapter.network, env);
}

export function listNetworks(env: NodeJS.ProcessEnv = process.env): NetworkStatus[] {
  return NETWORKS.map((network) => {
    const adapter = ADAPTERS[network];
    if (!adapter) {
      return { network, displayName: network, available: false, configured: false, missingEnv: [], capabilities: null, limits: null, connect: null };
    }
    const missingEnv = missingEnvOf(adapter, env);
    return {
      network,
      displayName: adapter.displayName,
      available: true,
      configured: missingEnv.length === 0,
      missingEnv,
      capabilities: adapter.capabilities,
      limits: { maxLength: adapter.limits.maxLength, maxImages: adapter.limits.maxImages },
      connect: adapter.connect.type === "oauth" ? { type: "oauth" } : { type: "credentials", fields: adapter.connect.fields },
    };
  });
}
