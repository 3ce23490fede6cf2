import { count, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditEvents, memberships, organizations, users } from "../../src/store/schema.ts";
import { createTestApp, Session, signIn, type TestApp } from "../api-client.ts";
import { buildOrganisation, buildUser } from "../factories.ts";

describe("members, roles and bad input", () => {
  let t: TestApp;
  let orgId: string;
  let admin: Session;
  beforeAll(async () => {
    t = await createTestApp("pglite");
    orgId = (await buildOrganisation(t.database.db, { name: "Fysio Noord" })).id;
    const a = await buildUser(t.database.db, { orgId, role: "admin", email: "eva@fysionoord.nl", displayName: "Eva" });
    admin = await signIn(t.app, a.user.email, a.password);
  });
  afterAll(async () => t.close());

  const countRows = async () => {
    const [u] = await t.database.db.select({ n: count() }).from(users);
    const [m] = await t.database.db.select({ n: count() }).from(memberships);
    const [o] = await t.database.db.select({ n: count() }).from(organizations);
    return { users: u?.n, memberships: m?.n, organisations: o?.n };
  };

  it("lets an admin add, re-role and remove members, audited", async () => {
    const added = await admin.post("/api/organisation/members", {
      email: "Femke@FysioNoord.nl",
      displayName: "Femke",
      role: "webcare",
      password: "femke-wachtwoord-1",
    });
    expect(added.statusCode).toBe(201);
    const femke = added.json();
    expect(femke).toMatchObject({ email: "femke@fysionoord.nl", role: "webcare" });
    expect(JSON.stringify(femke)).not.toMatch(/password|hash/i);

    const dup = await admin.post("/api/organisation/members", { email: "femke@fysionoord.nl", displayName: "F", role: "webcare", password: "femke-wachtwoord-1" });
    expect(dup.statusCode).toBe(409);

    expect((await admin.patch(`/api/organisation/members/${femke.userId}`, { role: "reviewer" })).json().role).toBe("reviewer");
    const f = await signIn(t.app, "femke@fysionoord.nl", "femke-wachtwoord-1");
    const me = (await f.get("/api/me")).json();
    expect(me.role).toBe("reviewer");
    expect(me.abilities).toMatchObject({ overrideGuard: true, manageMembers: false, viewAudit: false });

    // A reviewer cannot manage members or read the audit log.
    expect((await f.get("/api/organisation/members")).statusCode).toBe(403);
    expect((await f.get("/api/audit")).json().code).toBe("forbidden");
    expect((await f.patch("/api/organisation", { name: "Overgenomen" })).statusCode).toBe(403);

    expect((await admin.delete(`/api/organisation/members/${femke.userId}`)).statusCode).toBe(204);
    // Removing the membership ends access at once, even for live sessions.
    expect((await f.get("/api/me")).statusCode).toBe(401);

    const actions = (await admin.get("/api/audit?limit=50")).json().events.map((e: { action: string }) => e.action);
    expect(actions).toEqual(expect.arrayContaining(["member.add", "member.role_change", "member.remove", "user.login"]));
  });

  it("never removes or demotes the last admin", async () => {
    const me = (await admin.get("/api/me")).json();
    const demote = await admin.patch(`/api/organisation/members/${me.user.id}`, { role: "webcare" });
    expect(demote.statusCode).toBe(409);
    expect((await admin.delete(`/api/organisation/members/${me.user.id}`)).json().code).toBe("conflict");
  });

  it("pages through the audit log", async () => {
    const first = (await admin.get("/api/audit?limit=2")).json();
    expect(first.events).toHaveLength(2);
    expect(first.nextBefore).toBe(first.events[1].id);
    const second = (await admin.get(`/api/audit?limit=2&before=${first.nextBefore}`)).json();
    expect(second.events[0].id).toBeLessThan(first.events[1].id);
    expect((await admin.get("/api/audit?limit=0")).json().code).toBe("validation");
  });

  it("answers malformed JSON, oversized bodies, unknown fields and wrong types with problem+json and writes nothing", async () => {
    const before = await countRows();
    const auditBefore = (await t.database.db.select({ n: count() }).from(auditEvents))[0]?.n;
    const headers = { cookie: admin.cookie ?? "", "x-csrf-token": admin.csrfToken ?? "", "content-type": "application/json" };

    const malformed = await t.app.inject({ method: "POST", url: "/api/organisation/members", headers, payload: '{"email": "x@y.nl",' });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.headers["content-type"]).toContain("application/problem+json");
    expect(malformed.json().code).toBe("malformed_json");

    const huge = await t.app.inject({
      method: "PATCH",
      url: "/api/organisation",
      headers,
      payload: JSON.stringify({ name: "x".repeat(t.ctx.config.bodyLimit + 10) }),
    });
    expect(huge.statusCode).toBe(413);
    expect(huge.json().code).toBe("payload_too_large");

    const unknown = await admin.post("/api/organisation/members", { email: "g@y.nl", displayName: "G", role: "webcare", password: "lang-genoeg-123", isAdmin: true });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().code).toBe("validation");
    expect(unknown.json().errors.length).toBeGreaterThan(0);

    const wrongType = await admin.patch("/api/organisation", { profile: { phones: "030 123" } });
    expect(wrongType.statusCode).toBe(400);
    expect(wrongType.json().errors[0].path).toContain("profile");

    const badRole = await admin.post("/api/organisation/members", { email: "h@y.nl", displayName: "H", role: "superuser", password: "lang-genoeg-123" });
    expect(badRole.json().code).toBe("validation");

    expect(await countRows()).toEqual(before);
    expect((await t.database.db.select({ n: count() }).from(auditEvents))[0]?.n).toBe(auditBefore);
    const [org] = await t.database.db.select().from(organizations).where(eq(organizations.id, orgId));
    expect(org?.name).toBe("Fysio Noord");
  });

  it("answers unknown API paths with a problem and serves health + OpenAPI", async () => {
    const s = new Session(t.app);
    const missing = await s.get("/api/does-not-exist");
    expect(missing.statusCode).toBe(404);
    expect(missing.json().code).toBe("not_found");
    expect((await s.get("/healthz")).json()).toEqual({ status: "ok", database: "pglite" });
    const doc = (await s.get("/api/openapi.json")).json();
    expect(doc.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(["/api/auth/login", "/api/organisation/members/{userId}", "/api/audit"]));
    expect(doc.paths["/api/auth/login"].post.requestBody).toBeDefined();
  });
});
