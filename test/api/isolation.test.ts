/**
 * Organisation isolation through the HTTP API, on both stores: a user of org A can never read or
 * change anything of org B — not the profile, not the members, not the audit log — and ids of
 * B's users are "not found" to A (no hint that they exist).
 */
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { STORE_KINDS } from "../db.ts";
import { auditEvents, memberships, organizations } from "../../src/store/schema.ts";
import { createTestApp, signIn, type Session, type TestApp } from "../api-client.ts";
import { buildOrganisation, buildProfile, buildUser } from "../factories.ts";

describe.each(STORE_KINDS)("organisation isolation (%s)", (kind) => {
  let t: TestApp;
  let orgA: { id: string };
  let orgB: { id: string; name: string };
  let adminA: Session;
  let bUserId: string;
  let bAdminId: string;

  beforeAll(async () => {
    t = await createTestApp(kind);
    const db = t.database.db;
    orgA = await buildOrganisation(db, { name: "Praktijk Oost" });
    orgB = await buildOrganisation(db, {
      name: "Ziekenhuis West",
      profile: buildProfile({ phones: ["070 999 88 77"], staff: ["dokter Geheim"] }),
    });
    const a = await buildUser(db, { orgId: orgA.id, role: "admin", email: "admin-a@oost.nl" });
    const b = await buildUser(db, { orgId: orgB.id, role: "admin", email: "admin-b@west.nl" });
    const bWebcare = await buildUser(db, { orgId: orgB.id, role: "webcare", email: "webcare-b@west.nl" });
    bAdminId = b.user.id;
    bUserId = bWebcare.user.id;
    adminA = await signIn(t.app, a.user.email, a.password);
    const adminB = await signIn(t.app, b.user.email, b.password);
    await adminB.patch("/api/organisation", { profile: buildProfile({ phones: ["070 999 88 77"], staff: ["dokter Geheim"] }) });
  });
  afterAll(async () => t.close());

  it("shows A only its own organisation, members and audit events", async () => {
    const org = (await adminA.get("/api/organisation")).json();
    expect(org.id).toBe(orgA.id);
    expect(JSON.stringify(org)).not.toContain("Geheim");

    const members = (await adminA.get("/api/organisation/members")).json();
    expect(members.members.map((m: { email: string }) => m.email)).toEqual(["admin-a@oost.nl"]);

    const audit = (await adminA.get("/api/audit")).json();
    const bEvents = await t.database.db.select().from(auditEvents).where(eq(auditEvents.orgId, orgB.id));
    expect(bEvents.length).toBeGreaterThan(0);
    const ids = new Set(bEvents.map((e) => e.id));
    expect(audit.events.some((e: { id: number }) => ids.has(e.id))).toBe(false);
  });

  it("cannot change or remove B's members, even with their ids", async () => {
    const change = await adminA.patch(`/api/organisation/members/${bUserId}`, { role: "admin" });
    expect(change.statusCode).toBe(404);
    expect(change.json().code).toBe("not_found");
    const remove = await adminA.delete(`/api/organisation/members/${bAdminId}`);
    expect(remove.statusCode).toBe(404);
    const rows = await t.database.db.select().from(memberships).where(eq(memberships.orgId, orgB.id));
    expect(rows.map((r) => r.role).sort()).toEqual(["admin", "webcare"]);
  });

  it("cannot switch the session into B", async () => {
    const res = await adminA.post("/api/me/switch-organisation", { orgId: orgB.id });
    expect(res.statusCode).toBe(404);
    expect((await adminA.get("/api/organisation")).json().id).toBe(orgA.id);
  });

  it("changes only its own profile", async () => {
    const res = await adminA.patch("/api/organisation", { name: "Praktijk Oost-Centrum" });
    expect(res.statusCode).toBe(200);
    const [b] = await t.database.db.select().from(organizations).where(eq(organizations.id, orgB.id));
    expect(b?.name).toBe("Ziekenhuis West");
    expect(b?.profile.staff).toEqual(["dokter Geheim"]);
  });

  it("adding B's user by email to A makes them a member of A without touching B", async () => {
    const res = await adminA.post("/api/organisation/members", {
      email: "webcare-b@west.nl",
      displayName: "ignored",
      role: "trainee",
      password: "irrelevant-password",
    });
    expect(res.statusCode).toBe(201);
    const bRows = await t.database.db.select().from(memberships).where(eq(memberships.orgId, orgB.id));
    expect(bRows).toHaveLength(2);
    // The shared user now sees both organisations, and each session works in one at a time.
    const shared = await signIn(t.app, "webcare-b@west.nl", "correct horse battery staple");
    const me = (await shared.get("/api/me")).json();
    expect(me.memberships.map((m: { orgId: string }) => m.orgId).sort()).toEqual([orgA.id, orgB.id].sort());
  });
});
