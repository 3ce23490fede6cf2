import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, Session, signIn, type TestApp } from "../api-client.ts";
import { buildOrganisation, buildProfile, buildUser } from "../factories.ts";

describe("POST /api/guard/check", () => {
  let t: TestApp;
  let session: Session;
  beforeAll(async () => {
    t = await createTestApp("pglite");
    const org = await buildOrganisation(t.database.db, { name: "Fysio Maas", profile: buildProfile({ phones: ["010-7654321"], staff: ["Joost Vermeer"] }) });
    const u = await buildUser(t.database.db, { orgId: org.id, role: "webcare" });
    session = await signIn(t.app, u.user.email, u.password);
  });
  afterAll(async () => t.close());

  it("checks with the signed-in organisation's own details allow-listed", async () => {
    const own = await session.post("/api/guard/check", { text: "Bel Joost Vermeer op 010-7654321." });
    expect(own.json()).toEqual({ verdict: "ok", findings: [] });
    const other = await session.post("/api/guard/check", { text: "Bel Karin Kuipers op 010-1112223." });
    expect(other.json().verdict).toBe("block");
    expect(other.json().findings.map((f: { category: string }) => f.category)).toEqual(["person_name", "phone"]);
  });

  it("rejects bad input and anonymous callers", async () => {
    expect((await session.post("/api/guard/check", { text: 1 })).json().code).toBe("validation");
    expect((await session.post("/api/guard/check", { text: "x".repeat(100_001) })).statusCode).toBe(400);
    expect((await new Session(t.app).post("/api/guard/check", { text: "hoi" })).statusCode).toBe(401);
  });
});
