import Fastify, { type FastifyInstance } from "fastify";
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from "fastify-type-provider-zod";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildOrganisation, buildProfile } from "../../../../test/factories.ts";
import { createTestDatabase, type TestDatabase } from "../../../../test/db.ts";
import type { AppContext } from "../../../lib/context.ts";
import type { AuthContext } from "../../auth-context.ts";
import { registerProblemHandlers } from "../../plugins/problem.ts";
import { triageRoutes } from "./routes.ts";

describe("POST /api/triage/classify", () => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let orgId = "";

  beforeAll(async () => {
    database = await createTestDatabase("pglite");
    const org = await buildOrganisation(database.db, {
      profile: buildProfile({ phones: ["010-7654321"], outOfHoursPhone: "0900-1112233" }),
    });
    orgId = org.id;
    app = Fastify().withTypeProvider<ZodTypeProvider>();
    app.setValidatorCompiler(validatorCompiler);
    app.setSerializerCompiler(serializerCompiler);
    registerProblemHandlers(app);
    app.decorate("ctx", { db: database.db, now: () => new Date() } as unknown as AppContext);
    app.decorateRequest("auth", null);
    app.addHook("onRequest", async (request) => {
      const who = request.headers["x-test-org"];
      request.auth =
        typeof who === "string"
          ? ({ sessionId: "s", userId: "u", email: "w@example.org", displayName: "Webcare", orgId: who, role: "webcare", csrfToken: "c" } as AuthContext)
          : null;
    });
    await app.register(triageRoutes, { prefix: "/api" });
    await app.ready();
  });
  afterAll(async () => {
    await app.close();
    await database.close();
  });

  const post = (payload: unknown, headers: Record<string, string> = { "x-test-org": orgId }) =>
    app.inject({ method: "POST", url: "/api/triage/classify", payload: payload as object, headers });

  it("classifies an emergency with the organisation's own huisartsenpost number", async () => {
    const res = await post({ text: "Mijn vader praat ineens raar en zijn mond hangt scheef" });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ intent: "emergency", urgency: "critical", language: "nl" });
    expect(body.suggestedReply).toContain("112");
    expect(body.suggestedReply).toContain("0900-1112233");
    expect(body.suggestedReply).not.toContain("mond");
    expect(body.reasons.length).toBeGreaterThan(0);
  });

  it("returns the TriageResult shape for an ordinary message", async () => {
    const res = await post({ text: "Kan ik een herhaalrecept ook via de app aanvragen?" });
    expect(res.json()).toMatchObject({ intent: "question", sentiment: expect.any(String), pii: expect.any(Array) });
    expect(res.json().topics).toEqual(expect.arrayContaining(["recept_medicatie", "digitale_dienst"]));
  });

  it("rejects bad input with a stable code and anonymous callers with 401", async () => {
    const wrongType = await post({ text: 42 });
    expect(wrongType.statusCode).toBe(400);
    expect(wrongType.json().code).toBe("validation");
    expect((await post({ text: "x".repeat(100_001) })).statusCode).toBe(400);
    expect((await post({ text: "hoi", extra: true })).json().code).toBe("validation");
    const anonymous = await post({ text: "hoi" }, {});
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.json().code).toBe("unauthenticated");
  });
});
