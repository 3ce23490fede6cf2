import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ChannelError } from "../../src/channels/contract.ts";
import { createHttpClient, type HttpCallLogEntry, isPrivateAddress, parseRateLimitReset, parseRetryAfter } from "../../src/lib/http.ts";

type Handler = (req: IncomingMessage, res: ServerResponse, body: string) => void;

let server: Server;
let base: string;
const handlers = new Map<string, Handler>();
const hits = new Map<string, number>();

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = "";
    req.on("data", (c: Buffer) => (body += c.toString()));
    req.on("end", () => {
      const path = new URL(req.url ?? "/", "http://x").pathname;
      hits.set(path, (hits.get(path) ?? 0) + 1);
      const handler = handlers.get(path);
      if (!handler) {
        res.writeHead(404, { "content-type": "application/json" }).end('{"error":"not found"}');
        return;
      }
      handler(req, res, body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

function client(extra: Parameters<typeof createHttpClient>[0] = {}) {
  const waits: number[] = [];
  const calls: HttpCallLogEntry[] = [];
  const http = createHttpClient({
    allowPrivateHosts: ["127.0.0.1"],
    sleep: async (ms) => {
      waits.push(ms);
    },
    onCall: (entry) => calls.push(entry),
    ...extra,
  });
  return { http, waits, calls };
}

describe("createHttpClient", () => {
  it("sends JSON and parses the JSON answer, logging the URL without query string", async () => {
    handlers.set("/echo", (req, res, body) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ method: req.method, body: body ? (JSON.parse(body) as unknown) : null, q: req.url, ua: req.headers["user-agent"] }));
    });
    const { http, calls } = client();
    const response = await http.request({ method: "POST", url: `${base}/echo`, query: { access_token: "SECRET123", a: 1 }, json: { x: 1 } });
    expect(response.status).toBe(200);
    expect(response.json).toMatchObject({ method: "POST", body: { x: 1 }, q: "/echo?access_token=SECRET123&a=1" });
    expect(calls).toEqual([expect.objectContaining({ method: "POST", url: `${base}/echo`, status: 200 })]);
    expect(JSON.stringify(calls)).not.toContain("SECRET123");
  });

  it("retries 503 for GET with backoff and succeeds", async () => {
    let n = 0;
    handlers.set("/flaky", (_req, res) => {
      n++;
      if (n < 3) {
        res.writeHead(503).end("busy");
        return;
      }
      res.writeHead(200, { "content-type": "application/json" }).end('{"ok":true}');
    });
    const { http, waits } = client({ backoffMs: 100 });
    const response = await http.request({ url: `${base}/flaky` });
    expect(response.json).toEqual({ ok: true });
    expect(waits).toHaveLength(2);
    expect(waits[0]).toBeGreaterThanOrEqual(50);
    expect(waits[0]).toBeLessThanOrEqual(100);
    expect(waits[1]).toBeGreaterThanOrEqual(100);
    expect(waits[1]).toBeLessThanOrEqual(200);
  });

  it("honours Retry-After in seconds and as an HTTP date; a wait beyond the cap fails at once as rate_limited", async () => {
    let n = 0;
    handlers.set("/limited", (_req, res) => {
      n++;
      if (n === 1) {
        res.writeHead(429, { "retry-after": "2" }).end();
        return;
      }
      if (n === 2) {
        res.writeHead(429, { "retry-after": new Date(Date.now() + 3600_000).toUTCString() }).end();
        return;
      }
      res.writeHead(200, { "content-type": "application/json" }).end("{}");
    });
    const { http, waits } = client({ maxWaitMs: 10_000 });
    // First 429: wait 2 s and retry. Second: an hour is more than we sleep, so no retry now.
    const error = await http.request({ method: "POST", url: `${base}/limited`, json: {} }).catch((e: unknown) => e);
    expect(waits).toEqual([2000]);
    expect(error).toBeInstanceOf(ChannelError);
    expect(error).toMatchObject({ kind: "rate_limited", details: { status: 429 } });
    const retryAfterMs = (error as ChannelError).details.retryAfterMs ?? 0;
    expect(retryAfterMs).toBeGreaterThan(3590_000);
    expect(n).toBe(2);
    expect(parseRetryAfter("Wed, 21 Oct 2015 07:28:00 GMT", Date.parse("Wed, 21 Oct 2015 07:27:00 GMT"))).toBe(60_000);
    expect(parseRetryAfter("soon", 0)).toBeUndefined();
  });

  it("uses the rate-limit reset header when a 429 has no Retry-After", async () => {
    let n = 0;
    handlers.set("/reset", (_req, res) => {
      n++;
      if (n === 1) {
        res.writeHead(429, { "x-ratelimit-reset": new Date(Date.now() + 5000).toISOString() }).end('{"error":"Too many requests"}');
        return;
      }
      res.writeHead(200, { "content-type": "application/json" }).end("{}");
    });
    const { http, waits } = client();
    await http.request({ url: `${base}/reset` });
    expect(waits[0]).toBeGreaterThan(4000);
    expect(waits[0]).toBeLessThanOrEqual(5000);
    expect(parseRateLimitReset("1700000060", 1_700_000_000_000)).toBe(60_000);
    expect(parseRateLimitReset(null, 0)).toBeUndefined();
  });

  it("throws rate_limited with retryAfterMs after the last 429", async () => {
    handlers.set("/always429", (_req, res) => res.writeHead(429, { "retry-after": "7" }).end());
    const { http, waits } = client({ retries: 2 });
    const error = await http.request({ url: `${base}/always429` }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ChannelError);
    expect((error as ChannelError).kind).toBe("rate_limited");
    expect((error as ChannelError).details.retryAfterMs).toBe(7000);
    expect(waits).toEqual([7000, 7000]);
  });

  it("does not retry a POST on 503 without Retry-After, and classifies it transient", async () => {
    hits.delete("/post503");
    handlers.set("/post503", (_req, res) => res.writeHead(503).end("down"));
    const { http, waits } = client();
    const error = await http.request({ method: "POST", url: `${base}/post503`, json: {} }).catch((e: unknown) => e);
    expect((error as ChannelError).kind).toBe("transient");
    expect(hits.get("/post503")).toBe(1);
    expect(waits).toEqual([]);
  });

  it("returns 4xx other than 429 to the caller", async () => {
    handlers.set("/unauth", (_req, res) => res.writeHead(401, { "content-type": "application/json" }).end('{"error":"The access token is invalid"}'));
    const { http } = client();
    const response = await http.request({ url: `${base}/unauth`, headers: { authorization: "Bearer TOPSECRET" } });
    expect(response.status).toBe(401);
    expect(response.json).toEqual({ error: "The access token is invalid" });
  });

  it("times out a slow server and reports transient after retries, without the token", async () => {
    handlers.set("/slow", (_req, res) => {
      setTimeout(() => res.writeHead(200).end("late"), 500);
    });
    const { http, waits, calls } = client({ timeoutMs: 50, retries: 1 });
    const error = await http.request({ url: `${base}/slow`, query: { token: "TOPSECRET" }, headers: { authorization: "Bearer TOPSECRET" } }).catch((e: unknown) => e);
    expect((error as ChannelError).kind).toBe("transient");
    expect((error as ChannelError).message).toContain("timeout");
    expect((error as ChannelError).message).not.toContain("TOPSECRET");
    expect(waits).toHaveLength(1);
    expect(calls).toHaveLength(2);
    expect(calls[0]?.error).toContain("timeout");
    expect(JSON.stringify(calls)).not.toContain("TOPSECRET");
  });

  it("refuses loopback by default and redirects to a private address", async () => {
    const strict = createHttpClient({ sleep: async () => undefined });
    const refused = await strict.request({ url: `${base}/echo` }).catch((e: unknown) => e);
    expect((refused as ChannelError).kind).toBe("rejected");
    expect((refused as ChannelError).message).toContain("privé of lokaal");
    const viaName = await strict.request({ url: `${base.replace("127.0.0.1", "localhost")}/echo` }).catch((e: unknown) => e);
    expect((viaName as ChannelError).kind).toBe("rejected");

    // Allowed host redirects to another loopback address that is not allowed.
    hits.delete("/target");
    handlers.set("/redirect", (_req, res) => res.writeHead(302, { location: `${base.replace("127.0.0.1", "127.0.0.2")}/target` }).end());
    handlers.set("/target", (_req, res) => res.writeHead(200).end("reached"));
    const { http } = client();
    const redirected = await http.request({ url: `${base}/redirect` }).catch((e: unknown) => e);
    expect((redirected as ChannelError).kind).toBe("rejected");
    expect(hits.get("/target")).toBeUndefined();
  });

  it("follows a redirect within allowed hosts", async () => {
    handlers.set("/hop", (_req, res) => res.writeHead(301, { location: "/echo" }).end());
    const { http } = client();
    const response = await http.request({ url: `${base}/hop` });
    expect(response.status).toBe(200);
  });

  it("classifies addresses", () => {
    for (const a of ["127.0.0.1", "10.1.2.3", "172.16.0.1", "192.168.1.1", "169.254.169.254", "100.64.0.1", "::1", "fd00::1", "fe80::1", "::ffff:127.0.0.1", "0.0.0.0"]) {
      expect(isPrivateAddress(a), a).toBe(true);
    }
    for (const a of ["8.8.8.8", "145.97.39.155", "2a00:1450::1", "172.32.0.1"]) {
      expect(isPrivateAddress(a), a).toBe(false);
    }
  });
});
