/**
 * Builds the HTTP server (not listening): plugins, hooks, problem+json errors, the API routes of
 * every feature under /api, the OpenAPI document and — when built — the web app.
 *
 * Routes stay thin: parse with zod, check the session/role, call one domain function, present.
 */
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import fastifyCookie from "@fastify/cookie";
import fastifyRateLimit from "@fastify/rate-limit";
import fastifyStatic from "@fastify/static";
import fastifySwagger from "@fastify/swagger";
import Fastify, { type FastifyInstance, type FastifyServerOptions } from "fastify";
import {
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from "fastify-type-provider-zod";
import { AppError } from "../lib/errors.ts";
import type { AppContext } from "../lib/context.ts";
import type { Database } from "../store/db.ts";
import { registerProblemHandlers, sendProblem } from "./plugins/problem.ts";
import { registerSessionHooks } from "./plugins/session.ts";
import { auditRoutes } from "./routes/audit/routes.ts";
import { authRoutes } from "./routes/auth/routes.ts";
import { channelRoutes } from "./routes/channels/routes.ts";
import { guardRoutes } from "./routes/guard/routes.ts";
import { healthRoutes } from "./routes/health/routes.ts";
import { meRoutes } from "./routes/me/routes.ts";
import { organisationRoutes } from "./routes/organisation/routes.ts";
import { setupRoutes } from "./routes/setup/routes.ts";
import { triageRoutes } from "./routes/triage/routes.ts";

export interface BuildServerOptions {
  ctx: AppContext;
  database: Pick<Database, "kind">;
  logger?: FastifyServerOptions["logger"];
  /** Folder with the built web app (index.html + assets). Skipped when absent. */
  webRoot?: string | undefined;
}

const SECURITY_HEADERS: Record<string, string> = {
  "x-content-type-options": "nosniff",
  "x-frame-options": "DENY",
  "referrer-policy": "same-origin",
  "content-security-policy":
    "default-src 'self'; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'",
};

export async function buildServer(options: BuildServerOptions): Promise<FastifyInstance> {
  const { ctx } = options;
  const app = Fastify({
    logger: options.logger ?? false,
    bodyLimit: ctx.config.bodyLimit,
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.decorate("ctx", ctx);
  // Only JSON bodies at the top level; the channels plugin adds raw parsers for webhooks in its own scope.
  app.removeContentTypeParser("text/plain");

  registerProblemHandlers(app);
  await app.register(fastifyCookie);
  await app.register(fastifyRateLimit, {
    global: false,
    errorResponseBuilder: () => new AppError("rate_limited", "Te veel verzoeken. Probeer het over een minuut opnieuw."),
  });
  await app.register(fastifySwagger, {
    openapi: {
      openapi: "3.1.0",
      info: {
        title: "Spreekuur API",
        version: "0.1.0",
        description: "Social media for Dutch care providers, with a medical-secrecy guard.",
      },
      components: {
        securitySchemes: {
          session: { type: "apiKey", in: "cookie", name: "spreekuur_session" },
          csrf: { type: "apiKey", in: "header", name: "X-CSRF-Token" },
        },
      },
    },
    transform: jsonSchemaTransform,
  });
  registerSessionHooks(app);
  app.addHook("onSend", async (_request, reply, payload) => {
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) {
      if (!reply.hasHeader(name)) {
        reply.header(name, value);
      }
    }
    return payload;
  });

  await app.register(healthRoutes(options.database.kind));
  await app.register(
    async (api) => {
      await api.register(setupRoutes);
      await api.register(authRoutes);
      await api.register(meRoutes);
      await api.register(organisationRoutes);
      await api.register(auditRoutes);
      await api.register(guardRoutes);
      await api.register(triageRoutes);
      await api.register(channelRoutes);
      api.get("/openapi.json", { schema: { hide: true } }, async () => app.swagger());
    },
    { prefix: "/api" },
  );

  const webRoot = options.webRoot ? resolve(options.webRoot) : undefined;
  const hasWeb = webRoot !== undefined && existsSync(resolve(webRoot, "index.html"));
  if (hasWeb) {
    await app.register(fastifyStatic, {
      root: webRoot,
      wildcard: false,
      index: false,
      setHeaders: (res, path) => {
        res.setHeader(
          "cache-control",
          path.includes("/assets/") ? "public, max-age=31536000, immutable" : "no-cache",
        );
      },
    });
  }
  app.setNotFoundHandler(async (request, reply) => {
    const path = request.url.split("?")[0] ?? "/";
    if (hasWeb && (request.method === "GET" || request.method === "HEAD") && !path.startsWith("/api/") && path !== "/api") {
      // Client-side routes (/inbox, /instellingen/...) all load the SPA.
      return reply.header("cache-control", "no-cache").type("text/html; charset=utf-8").sendFile("index.html");
    }
    return sendProblem(reply, "not_found", `Niets gevonden op ${request.method} ${path}.`);
  });
  return app;
}
