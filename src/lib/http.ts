/**
 * The one outbound HTTP client. Every call to a social network goes through here:
 *
 * - a timeout per attempt (AbortSignal),
 * - retries with exponential backoff + jitter on 429/502/503/504 and network errors for idempotent
 *   methods (POST/PATCH only on 429 or an explicit Retry-After), honouring Retry-After (seconds
 *   or HTTP date) with a cap,
 * - a private-address guard (SSRF): the host name is resolved and loopback, private, link-local,
 *   ULA, CGNAT and metadata addresses are refused unless allowed by configuration; redirects are
 *   followed by hand so every hop is checked,
 * - a call log without query strings, bodies or headers (so no tokens).
 *
 * 4xx other than 429 are returned to the caller: adapters know what a 401/403 means on their
 * network. After the last retry a 429 becomes `ChannelError("rate_limited")` and network trouble
 * or 5xx becomes `ChannelError("transient")`.
 */
import { lookup } from "node:dns/promises";
import { isIP } from "node:net";
import { ChannelError, type HttpClient, type HttpRequest, type HttpResponse } from "../channels/contract.ts";

export interface HttpCallLogEntry {
  method: string;
  /** Without query string. */
  url: string;
  status?: number | undefined;
  durationMs: number;
  error?: string | undefined;
}

export interface HttpClientOptions {
  /** Per attempt; default 15 s. */
  timeoutMs?: number;
  /** Extra attempts after the first; default 3. */
  retries?: number;
  /** Hosts on private addresses that may be reached anyway (lower-case host names or IPs), or "all". */
  allowPrivateHosts?: string[] | "all";
  onCall?: (entry: HttpCallLogEntry) => void;
  sleep?: (ms: number) => Promise<void>;
  userAgent?: string;
  /** Base backoff in ms; default 500. */
  backoffMs?: number;
  /** Longest wait between attempts, also for Retry-After; default 30 s. */
  maxWaitMs?: number;
  /** Maximum redirects followed; default 5. */
  maxRedirects?: number;
}

const RETRY_STATUSES = new Set([429, 502, 503, 504]);
const IDEMPOTENT = new Set(["GET", "PUT", "DELETE", "HEAD", "OPTIONS"]);
const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export function createHttpClient(options: HttpClientOptions = {}): HttpClient {
  const timeoutMs = options.timeoutMs ?? 15_000;
  const retries = options.retries ?? 3;
  const sleep = options.sleep ?? defaultSleep;
  const backoffMs = options.backoffMs ?? 500;
  const maxWaitMs = options.maxWaitMs ?? 30_000;
  const maxRedirects = options.maxRedirects ?? 5;
  const allow = options.allowPrivateHosts ?? [];
  const userAgent = options.userAgent ?? "Spreekuur/0.1 (+self-hosted)";

  async function attempt(method: string, url: URL, init: { headers: Headers; body: BodyInit | undefined }, timeout: number) {
    let current = url;
    let currentMethod = method;
    let body = init.body;
    for (let hop = 0; ; hop++) {
      await assertPublicHost(current, allow);
      const started = Date.now();
      let response: Response;
      try {
        response = await fetch(current, {
          method: currentMethod,
          headers: init.headers,
          body,
          redirect: "manual",
          signal: AbortSignal.timeout(timeout),
        });
      } catch (cause) {
        const error = describeFetchError(cause, timeout);
        options.onCall?.({ method: currentMethod, url: stripQuery(current), durationMs: Date.now() - started, error });
        throw new NetworkFailure(error);
      }
      options.onCall?.({ method: currentMethod, url: stripQuery(current), status: response.status, durationMs: Date.now() - started });
      const location = response.headers.get("location");
      if (response.status >= 300 && response.status < 400 && location) {
        await response.body?.cancel().catch(() => undefined);
        if (hop >= maxRedirects) {
          throw new ChannelError("rejected", `Too many redirects from ${stripQuery(url)}`);
        }
        const next = new URL(location, current);
        if (next.protocol !== "http:" && next.protocol !== "https:") {
          throw new ChannelError("rejected", `Redirect to an unsupported protocol ${next.protocol}`);
        }
        // Never carry credentials to another origin.
        if (next.origin !== current.origin) {
          init.headers.delete("authorization");
          init.headers.delete("cookie");
        }
        if (response.status === 303 || ((response.status === 301 || response.status === 302) && currentMethod === "POST")) {
          currentMethod = "GET";
          body = undefined;
          init.headers.delete("content-type");
        }
        current = next;
        continue;
      }
      return response;
    }
  }

  return {
    async request(request: HttpRequest): Promise<HttpResponse> {
      const method = request.method ?? "GET";
      const url = new URL(request.url);
      if (url.protocol !== "http:" && url.protocol !== "https:") {
        throw new ChannelError("rejected", `Unsupported protocol ${url.protocol}`);
      }
      for (const [key, value] of Object.entries(request.query ?? {})) {
        if (value !== undefined) {
          url.searchParams.append(key, String(value));
        }
      }
      const baseHeaders = new Headers(request.headers ?? {});
      if (!baseHeaders.has("user-agent")) {
        baseHeaders.set("user-agent", userAgent);
      }
      if (!baseHeaders.has("accept")) {
        baseHeaders.set("accept", "application/json");
      }
      let body: BodyInit | undefined;
      if (request.json !== undefined) {
        body = JSON.stringify(request.json);
        baseHeaders.set("content-type", "application/json");
      } else if (request.form !== undefined) {
        body = new URLSearchParams(request.form).toString();
        baseHeaders.set("content-type", "application/x-www-form-urlencoded");
      } else if (request.body !== undefined) {
        body = request.body as BodyInit;
      }
      const timeout = request.timeoutMs ?? timeoutMs;

      for (let attemptNo = 0; ; attemptNo++) {
        let response: Response;
        try {
          response = await attempt(method, url, { headers: new Headers(baseHeaders), body }, timeout);
        } catch (error) {
          if (error instanceof NetworkFailure) {
            if (IDEMPOTENT.has(method) && attemptNo < retries) {
              await sleep(backoff(attemptNo, backoffMs, maxWaitMs));
              continue;
            }
            throw new ChannelError("transient", `Network error calling ${stripQuery(url)}: ${error.message}`);
          }
          throw error;
        }
        if (RETRY_STATUSES.has(response.status)) {
          const retryAfter =
            parseRetryAfter(response.headers.get("retry-after"), Date.now()) ??
            (response.status === 429 ? parseRateLimitReset(response.headers.get("x-ratelimit-reset") ?? response.headers.get("x-rate-limit-reset"), Date.now()) : undefined);
          const mayRetry = IDEMPOTENT.has(method) || response.status === 429 || retryAfter !== undefined;
          // A wait longer than we are willing to sleep (X's 15-minute windows) is not worth retrying now:
          // fail at once with the wait attached, so a poll round is not blocked for minutes.
          const waitTooLong = retryAfter !== undefined && retryAfter > maxWaitMs;
          if (mayRetry && !waitTooLong && attemptNo < retries) {
            await response.body?.cancel().catch(() => undefined);
            await sleep(Math.min(retryAfter ?? backoff(attemptNo, backoffMs, maxWaitMs), maxWaitMs));
            continue;
          }
          const text = await response.text().catch(() => "");
          if (response.status === 429) {
            throw new ChannelError("rate_limited", `Rate limited by ${url.host}`, {
              status: 429,
              retryAfterMs: retryAfter ?? backoff(attemptNo, backoffMs, maxWaitMs),
            });
          }
          throw new ChannelError("transient", `${url.host} answered ${response.status}${text ? `: ${text.slice(0, 200)}` : ""}`, {
            status: response.status,
          });
        }
        if (response.status >= 500) {
          const text = await response.text().catch(() => "");
          throw new ChannelError("transient", `${url.host} answered ${response.status}${text ? `: ${text.slice(0, 200)}` : ""}`, {
            status: response.status,
          });
        }
        const text = await response.text();
        let json: unknown;
        if ((response.headers.get("content-type") ?? "").includes("json") && text.length > 0) {
          try {
            json = JSON.parse(text);
          } catch {
            json = undefined;
          }
        }
        return { status: response.status, headers: response.headers, json, text };
      }
    },
  };
}

class NetworkFailure extends Error {}

function describeFetchError(cause: unknown, timeout: number): string {
  const error = cause as { name?: string; message?: string; cause?: { code?: string } };
  if (error.name === "TimeoutError" || error.name === "AbortError") {
    return `timeout after ${timeout} ms`;
  }
  return error.cause?.code ?? error.message ?? "network error";
}

function backoff(attemptNo: number, base: number, max: number): number {
  const exp = base * 2 ** attemptNo;
  return Math.min(max, exp / 2 + Math.random() * (exp / 2));
}

/** Retry-After in ms: delta seconds or an HTTP date; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null, now: number): number | undefined {
  if (!value) {
    return undefined;
  }
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) {
    return Number(trimmed) * 1000;
  }
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) {
    return undefined;
  }
  return Math.max(0, date - now);
}

/**
 * When a 429 carries no Retry-After, the rate-limit reset header tells when to come back:
 * epoch seconds (X: x-rate-limit-reset) or an ISO date (Mastodon: X-RateLimit-Reset).
 */
export function parseRateLimitReset(value: string | null, now: number): number | undefined {
  if (!value) {
    return undefined;
  }
  const trimmed = value.trim();
  const at = /^\d{9,}$/.test(trimmed) ? Number(trimmed) * 1000 : Date.parse(trimmed);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

export function stripQuery(url: URL | string): string {
  const u = new URL(url.toString());
  return `${u.origin}${u.pathname}`;
}

async function assertPublicHost(url: URL, allow: string[] | "all"): Promise<void> {
  if (allow === "all") {
    return;
  }
  const host = url.hostname.replace(/^\[|\]$/g, "").toLowerCase();
  if (allow.includes(host)) {
    return;
  }
  let addresses: string[];
  if (isIP(host)) {
    addresses = [host];
  } else {
    try {
      addresses = (await lookup(host, { all: true, verbatim: true })).map((entry) => entry.address);
    } catch {
      throw new ChannelError("transient", `Het adres ${host} is niet gevonden (DNS).`);
    }
  }
  for (const address of addresses) {
    if (allow.includes(address) || !isPrivateAddress(address)) {
      continue;
    }
    throw new ChannelError("rejected", `Verbinding met ${host} geweigerd: dit adres is privé of lokaal (zie SPREEKUUR_ALLOW_PRIVATE_HOSTS).`);
  }
}

/** True for loopback, private, link-local, CGNAT, ULA, unspecified and metadata addresses. */
export function isPrivateAddress(address: string): boolean {
  const v4mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (v4mapped?.[1]) {
    return isPrivateAddress(v4mapped[1]);
  }
  if (isIP(address) === 4) {
    const [a = 0, b = 0] = address.split(".").map(Number);
    return (
      a === 0 ||
      a === 10 ||
      a === 127 ||
      (a === 100 && b >= 64 && b <= 127) ||
      (a === 169 && b === 254) ||
      (a === 172 && b >= 16 && b <= 31) ||
      (a === 192 && b === 168) ||
      (a === 192 && b === 0) ||
      (a === 198 && (b === 18 || b === 19)) ||
      a >= 224
    );
  }
  const lower = address.toLowerCase();
  return (
    lower === "::" ||
    lower === "::1" ||
    lower.startsWith("fc") ||
    lower.startsWith("fd") ||
    /^fe[89ab]/.test(lower) ||
    lower.startsWith("ff") ||
    lower.startsWith("fd00:ec2")
  );
}
