/**
 * The HTTP client handed to adapters: the shared wrapper with the installation's private-host
 * allow-list, and a call log that is written to `outbound_calls` (method, URL without query,
 * status, duration — never headers, bodies or tokens).
 */
import type { AppContext } from "../../lib/context.ts";
import { createHttpClient, type HttpCallLogEntry } from "../../lib/http.ts";
import { outboundCalls } from "../../store/schema.ts";
import type { HttpClient } from "../contract.ts";

export interface LoggedHttpClient {
  http: HttpClient;
  /** Writes the collected call log; call once the adapter call is done. */
  flush(): Promise<void>;
}

export function createChannelHttp(ctx: AppContext, channelId: string | null): LoggedHttpClient {
  const calls: HttpCallLogEntry[] = [];
  const http = createHttpClient({
    allowPrivateHosts: ctx.config.allowPrivateHosts,
    onCall: (entry) => calls.push(entry),
  });
  return {
    http,
    async flush() {
      if (calls.length === 0) {
        return;
      }
      const rows = calls.splice(0).map((entry) => ({
        channelId,
        method: entry.method,
        url: entry.url,
        status: entry.status ?? null,
        durationMs: Math.round(entry.durationMs),
        error: entry.error ?? null,
      }));
      await ctx.db.insert(outboundCalls).values(rows).catch(() => undefined);
    },
  };
}
