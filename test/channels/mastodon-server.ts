/**
 * A local Mastodon server for tests: speaks the documented REST API subset Spreekuur uses
 * (apps, OAuth with PKCE, verify_credentials, notifications with Link pagination, statuses,
 * context, media, revoke), with X-RateLimit headers and `{"error": "..."}` bodies.
 * The user "approves" every authorisation request at once (302 back with a code).
 */
import { createHash, randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

interface Status {
  id: string;
  created_at: string;
  in_reply_to_id: string | null;
  visibility: "public" | "unlisted" | "private" | "direct";
  content: string;
  url: string;
  account: { id: string; username: string; acct: string; display_name: string; url: string };
  media_attachments: { id: string; type: string; url: string; description: string | null }[];
}

export interface MastodonTestServer {
  url: string;
  host: string;
  /** Everything our client posted as a status. */
  posted: Status[];
  statuses: Map<string, Status>;
  tokens: Set<string>;
  requests: { method: string; path: string; authorization?: string | undefined }[];
  addMention(input: { text: string; acct: string; displayName?: string; visibility?: Status["visibility"]; inReplyTo?: string }): Status;
  /** The next `count` requests get this status (e.g. 503, 429). */
  failNext(status: number, count?: number, headers?: Record<string, string>): void;
  revokeAll(): void;
  close(): Promise<void>;
}

const ME = { id: "1", username: "praktijk", display_name: "Huisartsenpraktijk De Linde" };

export async function startMastodonServer(): Promise<MastodonTestServer> {
  let nextId = 1000;
  const newId = () => String(nextId++);
  const apps = new Map<string, { secret: string; redirect: string }>();
  const codes = new Map<string, { clientId: string; challenge: string | null; redirect: string }>();
  const tokens = new Set<string>();
  const statuses = new Map<string, Status>();
  const notifications: { id: string; type: string; created_at: string; account: Status["account"]; status: Status }[] = [];
  const posted: Status[] = [];
  const requests: MastodonTestServer["requests"] = [];
  let failures: { status: number; headers: Record<string, string> }[] = [];
  let base = "";
  let host = "";

  const account = (username: string, name?: string) => ({
    id: username === ME.username ? ME.id : createHash("sha1").update(username).digest("hex").slice(0, 8),
    username: username.split("@")[0] ?? username,
    acct: username,
    display_name: name ?? username,
    url: `${base}/@${username}`,
  });

  function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
    res.writeHead(status, {
      "content-type": "application/json; charset=utf-8",
      "x-ratelimit-limit": "300",
      "x-ratelimit-remaining": "299",
      "x-ratelimit-reset": new Date(Date.now() + 300_000).toISOString(),
      ...headers,
    });
    res.end(JSON.stringify(body));
  }

  function authed(req: IncomingMessage, res: ServerResponse): boolean {
    const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? "")?.[1];
    if (!token || !tokens.has(token)) {
      send(res, 401, { error: "The access token is invalid" });
      return false;
    }
    return true;
  }

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const raw = Buffer.concat(chunks);
      const url = new URL(req.url ?? "/", base);
      const path = url.pathname;
      requests.push({ method: req.method ?? "GET", path, authorization: req.headers.authorization });
      const failure = failures.shift();
      if (failure) {
        send(res, failure.status, { error: `Simulated ${failure.status}` }, failure.headers);
        return;
      }
      const type = req.headers["content-type"] ?? "";
      const form = type.includes("x-www-form-urlencoded") ? Object.fromEntries(new URLSearchParams(raw.toString())) : {};
      const json = type.includes("json") && raw.length > 0 ? (JSON.parse(raw.toString()) as Record<string, unknown>) : {};

      if (req.method === "POST" && path === "/api/v1/apps") {
        if (!form.client_name || !form.redirect_uris) {
          send(res, 422, { error: "Validation failed: Name can't be blank, Redirect URI can't be blank" });
          return;
        }
        const clientId = randomBytes(8).toString("hex");
        const secret = randomBytes(16).toString("hex");
        apps.set(clientId, { secret, redirect: form.redirect_uris });
        send(res, 200, { id: newId(), name: form.client_name, redirect_uri: form.redirect_uris, client_id: clientId, client_secret: secret });
        return;
      }
      if (req.method === "GET" && path === "/oauth/authorize") {
        const clientId = url.searchParams.get("client_id") ?? "";
        const app = apps.get(clientId);
        const redirect = url.searchParams.get("redirect_uri") ?? "";
        if (!app || app.redirect !== redirect) {
          send(res, 400, { error: "invalid_client" });
          return;
        }
        const code = randomBytes(8).toString("hex");
        codes.set(code, { clientId, challenge: url.searchParams.get("code_challenge"), redirect });
        const back = new URL(redirect);
        back.searchParams.set("code", code);
        back.searchParams.set("state", url.searchParams.get("state") ?? "");
        res.writeHead(302, { location: back.toString() }).end();
        return;
      }
      if (req.method === "POST" && path === "/oauth/token") {
        const entry = codes.get(form.code ?? "");
        const app = apps.get(form.client_id ?? "");
        if (!entry || !app || app.secret !== form.client_secret || entry.redirect !== form.redirect_uri) {
          send(res, 400, { error: "invalid_grant", error_description: "The provided authorization grant is invalid" });
          return;
        }
        if (entry.challenge && createHash("sha256").update(form.code_verifier ?? "").digest("base64url") !== entry.challenge) {
          send(res, 400, { error: "invalid_grant", error_description: "PKCE verification failed" });
          return;
        }
        codes.delete(form.code ?? "");
        const token = `mastodon-token-${randomBytes(12).toString("hex")}`;
        tokens.add(token);
        send(res, 200, { access_token: token, token_type: "Bearer", scope: "read write", created_at: Math.floor(Date.now() / 1000) });
        return;
      }
      if (req.method === "POST" && path === "/oauth/revoke") {
        tokens.delete(form.token ?? "");
        send(res, 200, {});
        return;
      }
      if (!authed(req, res)) {
        return;
      }
      if (req.method === "GET" && path === "/api/v1/accounts/verify_credentials") {
        send(res, 200, account(ME.username, ME.display_name));
        return;
      }
      if (req.method === "GET" && path === "/api/v1/notifications") {
        const sinceId = url.searchParams.get("since_id");
        const maxId = url.searchParams.get("max_id");
        const limit = Math.min(Number(url.searchParams.get("limit") ?? 20), 40);
        const types = url.searchParams.getAll("types[]");
        const newest = [...notifications]
          .reverse()
          .filter((n) => (types.length === 0 || types.includes(n.type)) && (!sinceId || BigInt(n.id) > BigInt(sinceId)) && (!maxId || BigInt(n.id) < BigInt(maxId)));
        const page = newest.slice(0, limit);
        const headers: Record<string, string> = {};
        if (page.length === limit && newest.length > limit) {
          const next = new URL(`${base}/api/v1/notifications`);
          next.searchParams.set("max_id", page[page.length - 1]?.id ?? "");
          for (const t of types) {
            next.searchParams.append("types[]", t);
          }
          if (sinceId) {
            next.searchParams.set("since_id", sinceId);
          }
          next.searchParams.set("limit", String(limit));
          headers.link = `<${next.toString()}>; rel="next", <${base}/api/v1/notifications?min_id=${page[0]?.id ?? ""}>; rel="prev"`;
        }
        send(res, 200, page, headers);
        return;
      }
      const contextMatch = /^\/api\/v1\/statuses\/(\d+)\/context$/.exec(path);
      if (req.method === "GET" && contextMatch) {
        const ancestors: Status[] = [];
        let current = statuses.get(contextMatch[1] ?? "");
        if (!current) {
          send(res, 404, { error: "Record not found" });
          return;
        }
        while (current?.in_reply_to_id) {
          current = statuses.get(current.in_reply_to_id);
          if (current) {
            ancestors.unshift(current);
          }
        }
        send(res, 200, { ancestors, descendants: [] });
        return;
      }
      if (req.method === "POST" && path === "/api/v2/media") {
        const id = newId();
        send(res, 200, { id, type: "image", url: `${base}/media/${id}.png`, description: null });
        return;
      }
      if (req.method === "POST" && path === "/api/v1/statuses") {
        const text = typeof json.status === "string" ? json.status : "";
        if (!text && !Array.isArray(json.media_ids)) {
          send(res, 422, { error: "Validation failed: Text can't be blank" });
          return;
        }
        if ([...text].length > 500) {
          send(res, 422, { error: "Validation failed: Text character limit of 500 exceeded" });
          return;
        }
        const inReplyTo = typeof json.in_reply_to_id === "string" ? json.in_reply_to_id : null;
        if (inReplyTo && !statuses.has(inReplyTo)) {
          send(res, 404, { error: "Record not found" });
          return;
        }
        const id = newId();
        const status: Status = {
          id,
          created_at: new Date().toISOString(),
          in_reply_to_id: inReplyTo,
          visibility: (json.visibility as Status["visibility"] | undefined) ?? "public",
          content: `<p>${text.replace(/&/g, "&amp;").replace(/</g, "&lt;")}</p>`,
          url: `${base}/@${ME.username}/${id}`,
          account: account(ME.username, ME.display_name),
          media_attachments: ((json.media_ids as string[] | undefined) ?? []).map((m) => ({ id: m, type: "image", url: `${base}/media/${m}.png`, description: null })),
        };
        statuses.set(id, status);
        posted.push(status);
        send(res, 200, status);
        return;
      }
      const deleteMatch = /^\/api\/v1\/statuses\/(\d+)$/.exec(path);
      if (req.method === "DELETE" && deleteMatch) {
        const status = statuses.get(deleteMatch[1] ?? "");
        if (!status) {
          send(res, 404, { error: "Record not found" });
          return;
        }
        statuses.delete(status.id);
        send(res, 200, status);
        return;
      }
      send(res, 404, { error: "Record not found" });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  base = `http://127.0.0.1:${port}`;
  host = `127.0.0.1:${port}`;

  return {
    url: base,
    host,
    posted,
    statuses,
    tokens,
    requests,
    addMention(input) {
      const id = newId();
      const status: Status = {
        id,
        created_at: new Date().toISOString(),
        in_reply_to_id: input.inReplyTo ?? null,
        visibility: input.visibility ?? "public",
        content: `<p><span class="h-card"><a href="${base}/@praktijk" class="u-url mention">@<span>praktijk</span></a></span> ${input.text}</p>`,
        url: `${base}/@${input.acct}/${id}`,
        account: account(input.acct, input.displayName),
        media_attachments: [],
      };
      statuses.set(id, status);
      notifications.push({ id: newId(), type: "mention", created_at: status.created_at, account: status.account, status });
      return status;
    },
    failNext(status, count = 1, headers = {}) {
      failures = [...failures, ...Array.from({ length: count }, () => ({ status, headers }))];
    },
    revokeAll() {
      tokens.clear();
    },
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
