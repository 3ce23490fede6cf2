import { generate } from "otplib";
import { count, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditEvents, organizations, sessions, users } from "../../src/store/schema.ts";
import { createTestApp, Session, signIn, type TestApp } from "../api-client.ts";
import { buildUser } from "../factories.ts";

const ADMIN = { email: "Anna@DeLinde.nl", displayName: "Anna de Vries", password: "lange-wachtwoord-123" };

describe("first-run setup, sign-in and sessions", () => {
  let t: TestApp;
  let clock = new Date("2026-11-22T09:00:00Z");
  beforeAll(async () => {
    t = await createTestApp("pglite", { now: () => clock });
  });
  afterAll(async () => t.close());

  it("reports setup needed, creates org + admin once, and signs the admin in", async () => {
    const s = new Session(t.app);
    expect((await s.get("/api/setup")).json()).toEqual({ needsSetup: true });

    const tooShort = await s.post("/api/setup", { organisation: { name: "De Linde" }, admin: { ...ADMIN, password: "kort" } });
    expect(tooShort.statusCode).toBe(400);
    expect(tooShort.headers["content-type"]).toContain("application/problem+json");
    expect(tooShort.json()).toMatchObject({ code: "validation", status: 400 });

    const created = await s.post("/api/setup", { organisation: { name: "Huisartsenpraktijk De Linde" }, admin: ADMIN });
    expect(created.statusCode).toBe(201);
    const me = created.json();
    expect(me).toMatchObject({
      user: { email: "anna@delinde.nl", displayName: "Anna de Vries", locale: "nl", totpEnabled: false },
      organisation: { name: "Huisartsenpraktijk De Linde", slug: "huisartsenpraktijk-de-linde", isDemo: false },
      role: "admin",
      abilities: { manageMembers: true, viewAudit: true, overrideGuard: true },
    });
    const cookie = created.cookies.find((c) => c.name === "spreekuur_session");
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: "Lax", path: "/" });

    const [stored] = await t.database.db.select().from(users).where(eq(users.email, "anna@delinde.nl"));
    expect(stored?.passwordHash).toMatch(/^\$argon2id\$/);

    expect((await s.get("/api/me")).statusCode).toBe(200);
    expect((await new Session(t.app).get("/api/setup")).json()).toEqual({ needsSetup: false });
    const again = await new Session(t.app).post("/api/setup", { organisation: { name: "Tweede" }, admin: { ...ADMIN, email: "x@y.nl" } });
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe("conflict");
    const [orgs] = await t.database.db.select({ n: count() }).from(organizations);
    expect(orgs?.n).toBe(1);
  });

  it("rejects wrong passwords with invalid_credentials and unknown users the same way", async () => {
    const wrong = await new Session(t.app).post("/api/auth/login", { email: ADMIN.email, password: "niet-het-wachtwoord" });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json().code).toBe("invalid_credentials");
    expect(wrong.cookies).toHaveLength(0);
    const unknown = await new Session(t.app).post("/api/auth/login", { email: "nobody@nowhere.nl", password: "whatever-123456" });
    expect(unknown.statusCode).toBe(401);
    expect(unknown.json().code).toBe("invalid_credentials");
  });

  it("requires the CSRF token on state-changing requests with a session", async () => {
    const anna = await signIn(t.app, ADMIN.email, ADMIN.password);
    const without = await anna.request("PATCH", "/api/me", { displayName: "Hacked" }, { "x-csrf-token": "" });
    expect(without.statusCode).toBe(403);
    expect(without.json().code).toBe("csrf");
    const forged = await anna.request("PATCH", "/api/me", { displayName: "Hacked" }, { "x-csrf-token": "forged-token" });
    expect(forged.statusCode).toBe(403);
    expect((await anna.get("/api/me")).json().user.displayName).toBe("Anna de Vries");
    const ok = await anna.patch("/api/me", { locale: "en" });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().user.locale).toBe("en");
  });

  it("refuses a cross-site login (login CSRF) and non-JSON bodies", async () => {
    const s = new Session(t.app);
    const crossSite = await s.request("POST", "/api/auth/login", { email: ADMIN.email, password: ADMIN.password }, { origin: "https://evil.example" });
    expect(crossSite.statusCode).toBe(403);
    expect(crossSite.json().code).toBe("csrf");
    const form = await t.app.inject({
      method: "POST",
      url: "/api/auth/login",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      payload: "email=a&password=b",
    });
    expect(form.statusCode).toBe(415);
    expect(form.json().code).toBe("unsupported_media_type");
  });

  it("locks an account after 5 failures within 15 minutes, then lets it in again", async () => {
    const { user, password } = await buildUser(t.database.db, { email: "bram@delinde.nl" });
    for (let i = 0; i < 5; i++) {
      const r = await new Session(t.app).post("/api/auth/login", { email: user.email, password: "fout-wachtwoord-xx" });
      expect(r.json().code).toBe("invalid_credentials");
    }
    const locked = await new Session(t.app).post("/api/auth/login", { email: user.email, password });
    expect(locked.statusCode).toBe(429);
    expect(locked.json().code).toBe("rate_limited");
    clock = new Date(clock.getTime() + 16 * 60_000);
    const later = await new Session(t.app).post("/api/auth/login", { email: user.email, password });
    expect(later.statusCode).toBe(200);
    const failures = await t.database.db.select().from(auditEvents).where(eq(auditEvents.action, "user.login_failed"));
    expect(failures.length).toBeGreaterThanOrEqual(5);
  });

  it("enrols TOTP, then requires the code at sign-in without creating a session", async () => {
    const { user, password } = await buildUser(t.database.db, { email: "carla@delinde.nl" });
    const carla = await signIn(t.app, user.email, password);
    const setup = await carla.post("/api/me/totp/setup");
    expect(setup.statusCode).toBe(200);
    const { secret, otpauthUrl } = setup.json<{ secret: string; otpauthUrl: string }>();
    expect(otpauthUrl).toMatch(/^otpauth:\/\/totp\/Spreekuur:/);
    const [row] = await t.database.db.select().from(users).where(eq(users.id, user.id));
    expect(row?.totpSecretEnc).not.toContain(secret);

    expect((await carla.post("/api/me/totp/enable", { code: "000000" })).json().code).toBe("validation");
    const epoch = Math.floor(clock.getTime() / 1000);
    const code = await generate({ secret, epoch });
    expect((await carla.post("/api/me/totp/enable", { code })).statusCode).toBe(204);

    const before = await t.database.db.select({ n: count() }).from(sessions).where(eq(sessions.userId, user.id));
    const needCode = await new Session(t.app).post("/api/auth/login", { email: user.email, password });
    expect(needCode.statusCode).toBe(401);
    expect(needCode.json().code).toBe("totp_required");
    const after = await t.database.db.select({ n: count() }).from(sessions).where(eq(sessions.userId, user.id));
    expect(after[0]?.n).toBe(before[0]?.n);

    const wrongCode = await new Session(t.app).post("/api/auth/login", { email: user.email, password, totp: "123456" === code ? "654321" : "123456" });
    expect(wrongCode.json().code).toBe("invalid_credentials");
    const withCode = await new Session(t.app).post("/api/auth/login", { email: user.email, password, totp: await generate({ secret, epoch }) });
    expect(withCode.statusCode).toBe(200);
    expect(withCode.json().user.totpEnabled).toBe(true);
  });

  it("logs out one session, or every session of the user", async () => {
    const { user, password } = await buildUser(t.database.db, { email: "dirk@delinde.nl" });
    const laptop = await signIn(t.app, user.email, password);
    const phone = await signIn(t.app, user.email, password);
    const tablet = await signIn(t.app, user.email, password);
    expect((await laptop.post("/api/auth/logout")).statusCode).toBe(204);
    expect((await laptop.get("/api/me")).statusCode).toBe(401);
    expect((await phone.get("/api/me")).statusCode).toBe(200);
    expect((await phone.post("/api/auth/logout-all")).statusCode).toBe(204);
    expect((await phone.get("/api/me")).json().code).toBe("unauthenticated");
    expect((await tablet.get("/api/me")).statusCode).toBe(401);
    const audit = await t.database.db.select().from(auditEvents).where(eq(auditEvents.actorUserId, user.id));
    expect(audit.map((e) => e.action)).toEqual(expect.arrayContaining(["user.login", "user.logout", "user.logout_all"]));
  });

  it("expires sessions after the TTL", async () => {
    const { user, password } = await buildUser(t.database.db);
    const s = await signIn(t.app, user.email, password);
    clock = new Date(clock.getTime() + (t.ctx.config.sessionTtlHours + 1) * 3_600_000);
    expect((await s.get("/api/me")).statusCode).toBe(401);
  });
});
