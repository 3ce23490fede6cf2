/**
 * Shared Meta Graph API helpers for the Facebook Page and Instagram adapters: base URLs (overridable
 * for tests), app keys, a small client that maps Meta's documented error bodies to channel errors
 * and watches the rate-limit usage headers, Graph timestamps, and the opaque poll cursor.
 *
 * Tokens travel in the Authorization header. `paging.next` URLs from Meta carry the token in the
 * query string; the call log drops query strings, so it never sees them.
 */
import { ChannelError, type FetchResult, type HttpClient, type HttpRequest, type HttpResponse, type NormalizedMessage } from "../contract.ts";

export const GRAPH_VERSION = "v21.0";
/** Pause polling this long after a throttle when Meta names no time to regain access. */
export const DEFAULT_RATE_PAUSE_MS = 15 * 60 * 1000;
/** Stop paging once any usage header reports at least this percentage of the quota used. */
export const USAGE_STOP_PERCENT = 90;

export interface MetaAppKeys {
  appId: string;
  appSecret: string;
  verifyToken: string;
  /** Versioned Graph base, e.g. https://graph.facebook.com/v21.0 */
  graphUrl: string;
  /** Facebook Login dialog, e.g. https://www.facebook.com/v21.0/dialog/oauth */
  oauthUrl: string;
}

/**
 * The Meta app keys. Both adapters use the same Facebook app (FACEBOOK_APP_ID, FACEBOOK_APP_SECRET,
 * FACEBOOK_WEBHOOK_VERIFY_TOKEN, FACEBOOK_GRAPH_URL, FACEBOOK_OAUTH_URL); the Instagram adapter
 * receives both the FACEBOOK_* and INSTAGRAM_* keys (its `envPrefixes`), and an INSTAGRAM_* key is
 * used only where the FACEBOOK_* one is missing.
 */
export function metaAppKeys(app: Record<string, string>): MetaAppKeys {
  const key = (name: string) => app[name] ?? app[name.replace(/^FACEBOOK_/, "INSTAGRAM_")] ?? "";
  const graphRoot = (key("FACEBOOK_GRAPH_URL") || "https://graph.facebook.com").replace(/\/+$/, "");
  return {
    appId: key("FACEBOOK_APP_ID"),
    appSecret: key("FACEBOOK_APP_SECRET"),
    verifyToken: key("FACEBOOK_WEBHOOK_VERIFY_TOKEN"),
    graphUrl: /\/v\d+\.\d+$/.test(graphRoot) ? graphRoot : `${graphRoot}/${GRAPH_VERSION}`,
    oauthUrl: key("FACEBOOK_OAUTH_URL") || `https://www.facebook.com/${GRAPH_VERSION}/dialog/oauth`,
  };
}

// ---------------------------------------------------------------------------------------------
// Errors and usage headers
// ---------------------------------------------------------------------------------------------

interface GraphErrorBody {
  message?: string;
  type?: string;
  code?: number;
  error_subcode?: number;
  error_user_msg?: string;
  fbtrace_id?: string;
}

const RATE_LIMIT_CODES = new Set([4, 17, 32, 341, 613]);
/** Subcodes of code 190 that mean "expired" rather than "revoked/changed". */
const EXPIRED_SUBCODES = new Set([463, 467]);

export interface GraphUsage {
  /** Highest percentage any usage header reported (call count, CPU time, total time). */
  percent: number;
  /** Longest `estimated_time_to_regain_access` in ms, 0 when not throttled. */
  regainMs: number;
}

function percentOf(value: unknown): number {
  if (!value || typeof value !== "object") {
    return 0;
  }
  const v = value as Record<string, unknown>;
  return Math.max(0, ...["call_count", "total_cputime", "total_time"].map((k) => (typeof v[k] === "number" ? (v[k] as number) : 0)));
}

/** Reads X-App-Usage, X-Page-Usage and X-Business-Use-Case-Usage (documented Graph rate-limit headers). */
export function parseUsage(headers: Headers): GraphUsage {
  const usage: GraphUsage = { percent: 0, regainMs: 0 };
  const json = (name: string): unknown => {
    const raw = headers.get(name);
    if (!raw) {
      return undefined;
    }
    try {
      return JSON.parse(raw) as unknown;
    } catch {
      return undefined;
    }
  };
  usage.percent = Math.max(percentOf(json("x-app-usage")), percentOf(json("x-page-usage")));
  const buc = json("x-business-use-case-usage");
  if (buc && typeof buc === "object") {
    for (const entries of Object.values(buc as Record<string, unknown>)) {
      for (const entry of Array.isArray(entries) ? entries : []) {
        usage.percent = Math.max(usage.percent, percentOf(entry));
        const minutes = (entry as { estimated_time_to_regain_access?: unknown }).estimated_time_to_regain_access;
        if (typeof minutes === "number" && minutes > 0) {
          usage.regainMs = Math.max(usage.regainMs, minutes * 60_000);
        }
      }
    }
  }
  return usage;
}

/**
 * Maps a Graph error answer to a ChannelError, following Meta's error-handling guide:
 * 190/102 (463, 467 expired; 458, 459, 460, 464 or none: revoked/changed) → auth_expired /
 * auth_revoked; 4, 17, 32, 341, 613 and 80001–80014 (business use case) → rate_limited;
 * 1, 2 → transient; everything else → rejected.
 */
export function graphError(response: Pick<HttpResponse, "status" | "json" | "text" | "headers">, label: string, what: string): ChannelError {
  const error = (response.json as { error?: GraphErrorBody } | undefined)?.error;
  const code = typeof error?.code === "number" ? error.code : undefined;
  const subcode = typeof error?.error_subcode === "number" ? error.error_subcode : undefined;
  const networkCode = code === undefined ? undefined : subcode === undefined ? code : `${code}/${subcode}`;
  const detail = error?.error_user_msg || error?.message || response.text.slice(0, 200) || `HTTP ${response.status}`;
  const message = `${label}: ${what}: ${detail}`;
  const details = { status: response.status, ...(networkCode === undefined ? {} : { networkCode }) };
  if (code === 190 || code === 102) {
    return new ChannelError(subcode !== undefined && EXPIRED_SUBCODES.has(subcode) ? "auth_expired" : "auth_revoked", message, details);
  }
  if ((code !== undefined && (RATE_LIMIT_CODES.has(code) || (code >= 80001 && code <= 80014))) || response.status === 429) {
    const usage = parseUsage(response.headers);
    return new ChannelError("rate_limited", `${label} vraagt ons te wachten (${what}): ${detail}`, {
      ...details,
      retryAfterMs: usage.regainMs > 0 ? usage.regainMs : DEFAULT_RATE_PAUSE_MS,
    });
  }
  if (code === 1 || code === 2) {
    return new ChannelError("transient", message, details);
  }
  if (code === 10 && subcode === 2018278) {
    return new ChannelError("rejected", `${label}: een privébericht kan alleen binnen 24 uur na het laatste bericht van deze persoon (${detail})`, details);
  }
  if (code === 368) {
    return new ChannelError("rejected", `${label}: de pagina is tijdelijk geblokkeerd voor deze actie (${detail})`, details);
  }
  if (code === undefined && response.status === 401) {
    // Meta's token errors always carry code 190/102; a bare 401 (a proxy, an edge) is a hiccup.
    return new ChannelError("transient", message, details);
  }
  return new ChannelError("rejected", message, details);
}

// ---------------------------------------------------------------------------------------------
// Client
// ---------------------------------------------------------------------------------------------

export interface GraphPage<T> {
  data?: T[];
  paging?: { cursors?: { before?: string; after?: string }; next?: string; previous?: string };
}

/** One Graph conversation with a token: errors mapped, usage remembered for the caller. */
export class GraphClient {
  usage: GraphUsage = { percent: 0, regainMs: 0 };

  constructor(
    readonly http: HttpClient,
    readonly base: string,
    readonly token: string,
    readonly label: string,
  ) {}

  /** `path` is relative to the versioned base ("/me/accounts") or an absolute `paging.next` URL. */
  url(path: string): string {
    if (/^https?:\/\//.test(path)) {
      // Paging links come from responses: the token goes only to the Graph host itself.
      if (new URL(path).origin !== new URL(this.base).origin) {
        throw new ChannelError("rejected", `${this.label}: vervolgpagina op een andere host dan de Graph API geweigerd`);
      }
      return path;
    }
    return `${this.base}${path.startsWith("/") ? "" : "/"}${path}`;
  }

  async call<T>(what: string, request: Omit<HttpRequest, "url"> & { path: string }): Promise<T> {
    const { path, ...rest } = request;
    const response = await this.http.request({
      ...rest,
      url: this.url(path),
      headers: { ...(rest.headers ?? {}), ...(this.token ? { authorization: `Bearer ${this.token}` } : {}) },
    });
    const usage = parseUsage(response.headers);
    this.usage = { percent: Math.max(this.usage.percent, usage.percent), regainMs: Math.max(this.usage.regainMs, usage.regainMs) };
    if (response.status >= 400 || (response.json as { error?: unknown } | undefined)?.error) {
      throw graphError(response, this.label, what);
    }
    if (response.json === undefined) {
      throw new ChannelError("transient", `${this.label}: ${what}: onverwacht antwoord (geen JSON)`, { status: response.status });
    }
    return response.json as T;
  }

  get<T>(what: string, path: string, query?: HttpRequest["query"]): Promise<T> {
    return this.call<T>(what, { path, ...(query ? { query } : {}) });
  }

  post<T>(what: string, path: string, json: unknown): Promise<T> {
    return this.call<T>(what, { method: "POST", path, json });
  }

  delete<T>(what: string, path: string): Promise<T> {
    return this.call<T>(what, { method: "DELETE", path });
  }

  /** True when Meta reports the quota nearly used: stop paging and come back later. */
  get nearLimit(): boolean {
    return this.usage.percent >= USAGE_STOP_PERCENT || this.usage.regainMs > 0;
  }

  /**
   * Walks a paged edge: calls `onPage` for every page until it returns false, `paging.next` runs
   * out, `maxPages` is reached or the usage headers say stop. Returns false only when stopped for
   * the rate limit (the caller then keeps its cursor so nothing is skipped).
   */
  async walk<T>(what: string, path: string, query: HttpRequest["query"], maxPages: number, onPage: (items: T[]) => boolean | Promise<boolean>): Promise<boolean> {
    let next: string | undefined = path;
    let q: HttpRequest["query"] | undefined = query;
    for (let page = 0; next && page < maxPages; page++) {
      if (this.nearLimit) {
        return false;
      }
      const body: GraphPage<T> = await this.get<GraphPage<T>>(what, next, q);
      const goOn = await onPage(body.data ?? []);
      if (!goOn) {
        return true;
      }
      next = body.paging?.next;
      q = undefined;
    }
    return !this.nearLimit || next === undefined;
  }
}

// ---------------------------------------------------------------------------------------------
// Time and cursor
// ---------------------------------------------------------------------------------------------

/** Graph times: ISO 8601 with "+0000", or Unix seconds/milliseconds in webhooks. */
export function graphTime(value: unknown, fallback: Date): Date {
  if (typeof value === "number" && Number.isFinite(value)) {
    return new Date(value > 1e12 ? value : value * 1000);
  }
  if (typeof value === "string" && value) {
    const parsed = Date.parse(/[+-]\d{4}$/.test(value) ? `${value.slice(0, -2)}:${value.slice(-2)}` : value);
    if (!Number.isNaN(parsed)) {
      return new Date(parsed);
    }
  }
  return fallback;
}

export interface MetaCursor {
  /** Unix seconds of the newest item seen; items at or after it are fetched again (ingest de-duplicates). */
  since: number;
  /** Epoch ms before which polling makes no calls (Meta reported the quota used). */
  pauseUntil?: number | undefined;
}

export function parseCursor(cursor: string | null): MetaCursor {
  if (!cursor) {
    return { since: 0 };
  }
  try {
    const value = JSON.parse(cursor) as Partial<MetaCursor>;
    return {
      since: typeof value.since === "number" && value.since >= 0 ? value.since : 0,
      ...(typeof value.pauseUntil === "number" ? { pauseUntil: value.pauseUntil } : {}),
    };
  } catch {
    // An unreadable cursor starts over: ingest drops what we already have.
    return { since: 0 };
  }
}

/**
 * Seconds a time cursor stays behind the newest item seen, so an item that shows up in the API a
 * little late (eventual consistency, a tag added after posting) is still read; ingest skips the
 * ones already stored.
 */
export const CURSOR_OVERLAP_S = 300;

/** The next `since`: the newest item seen minus the overlap, never moving backwards. */
export function nextSince(previous: number, newest: number): number {
  return Math.max(previous, newest - CURSOR_OVERLAP_S);
}

export function formatCursor(cursor: MetaCursor): string {
  return JSON.stringify(cursor.pauseUntil ? { since: cursor.since, pauseUntil: cursor.pauseUntil } : { since: cursor.since });
}

/**
 * The end of a Facebook or Instagram poll: the items oldest first, and the next cursor. When a
 * source stopped early (quota nearly used), the position is kept (nothing skipped) and polling
 * pauses until Meta allows more; otherwise `since` moves to the newest item seen (with overlap).
 */
export function finishPoll(client: GraphClient, state: MetaCursor, now: Date, items: NormalizedMessage[], complete: boolean, warnings: string[]): FetchResult {
  items.sort((a, b) => a.sentAt.getTime() - b.sentAt.getTime());
  if (!complete) {
    const pause = client.usage.regainMs > 0 ? client.usage.regainMs : DEFAULT_RATE_PAUSE_MS;
    return { items, cursor: formatCursor({ since: state.since, pauseUntil: now.getTime() + pause }), warnings };
  }
  const newest = items.reduce((max, item) => Math.max(max, Math.floor(item.sentAt.getTime() / 1000)), state.since);
  return { items, cursor: formatCursor({ since: nextSince(state.since, newest) }), warnings };
}

/** Object ids of posts and comments are digits (posts of a page: "<page>_<post>"); message ids are not. */
export function isGraphObjectId(id: string | undefined): id is string {
  return id !== undefined && /^\d+(_\d+)*$/.test(id);
}

/**
 * Runs one optional inbound source (tags, Messenger/Direct, reviews). When Meta refuses it — a
 * permission unticked in the login dialog, message access switched off — the source is skipped
 * with a warning, so the other sources still arrive. Other failures stop the poll as usual.
 */
export async function optionalSource(label: string, what: string, warnings: string[], run: () => Promise<boolean>): Promise<boolean> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof ChannelError && error.kind === "rejected") {
      warnings.push(`${label}: ${what} overgeslagen (${error.message})`);
      return true;
    }
    throw error;
  }
}
