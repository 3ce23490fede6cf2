/**
 * A tiny cookie-and-CSRF-aware client around `app.inject`, so API tests read like a browser
 * session: `const anna = await signIn(app, email, password); await anna.post("/api/...", body)`.
 */
import type { FastifyInstance, LightMyRequestResponse } from "fastify";
import { buildServer } from "../src/server/app.ts";
import { buildContext } from "./factories.ts";
import { createTestDatabase, type StoreKind, type TestDatabase } from "./db.ts";
import type { AppContext } from "../src/lib/context.ts";

export interface TestApp {
  app: FastifyInstance;
  database: TestDatabase;
  ctx: AppContext;
  close(): Promise<void>;
}

export async function createTestApp(kind: StoreKind = "pglite", ctxOverrides: Partial<AppContext> = {}): Promise<TestApp> {
  const database = await createTestDatabase(kind);
  const ctx = buildContext(database.db, ctxOverrides);
  const app = await buildServer({ ctx, database });
  await app.ready();
  return {
    app,
    database,
    ctx,
    async close() {
      await app.close();
      await database.close();
    },
  };
}

type Method = "GET" | "POST" | "PATCH" | "PUT" | "DELETE";

export class Session {
  cookie: string | undefined;
  csrfToken: string | undefined;
  constructor(readonly app: FastifyInstance) {}

  async request(method: Method, url: string, body?: unknown, headers: Record<string, string> = {}): Promise<LightMyRequestResponse> {
    const allHeaders: Record<string, string> = { ...headers };
    if (this.cookie) {
      allHeaders.cookie = this.cookie;
    }
    if (this.csrfToken && method !== "GET" && !("x-csrf-token" in allHeaders)) {
      allHeaders["x-csrf-token"] = this.csrfToken;
    }
    const response = await this.app.inject({
      method,
      url,
      headers: allHeaders,
      ...(body === undefined ? {} : { payload: body as object }),
    });
    const setCookie = response.cookies.find((c) => c.name === "spreekuur_session");
    if (setCookie) {
      this.cookie = setCookie.value ? `spreekuur_session=${setCookie.value}` : undefined;
    }
    if (response.statusCode < 300 && String(response.headers["content-type"] ?? "").includes("application/json")) {
      const json = response.json<{ csrfToken?: string }>();
      if (typeof json === "object" && json && typeof json.csrfToken === "string") {
        this.csrfToken = json.csrfToken;
      }
    }
    return response;
  }
  get = (url: string) => this.request("GET", url);
  post = (url: string, body?: unknown) => this.request("POST", url, body);
  patch = (url: string, body?: unknown) => this.request("PATCH", url, body);
  delete = (url: string) => this.request("DELETE", url);
}

export async function signIn(app: FastifyInstance, email: string, password: string): Promise<Session> {
  const session = new Session(app);
  const response = await session.post("/api/auth/login", { email, password });
  if (response.statusCode !== 200) {
    throw new Error(`sign-in failed: ${response.statusCode} ${response.body}`);
  }
  return session;
}
