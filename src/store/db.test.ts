import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, STORE_KINDS, type TestDatabase } from "../../test/db.ts";
import { auditEvents, organizations } from "./schema.ts";

describe.each(STORE_KINDS)("store on %s", (kind) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase(kind);
  });
  afterAll(async () => {
    await database.close();
  });

  it("applies the migrations and stores an organisation", async () => {
    const [org] = await database.db
      .insert(organizations)
      .values({ slug: "de-linde", name: "Huisartsenpraktijk De Linde", profile: { phones: ["030-1234567"], emails: [], websites: [], addresses: [], staff: [] } })
      .returning();
    expect(org?.id).toMatch(/^[0-9a-f-]{36}$/);
    const rows = await database.db.select().from(organizations);
    expect(rows.map((r) => r.profile.phones)).toEqual([["030-1234567"]]);
  });

  it("keeps the audit log append-only", async () => {
    // Drizzle wraps the driver error; the database's own message is in `cause`.
    const appendOnly = { cause: { message: expect.stringMatching(/append-only/) } };
    await database.db.insert(auditEvents).values({ actorLabel: "test", action: "test.event" });
    await expect(database.db.execute(sql`UPDATE audit_events SET action = 'changed'`)).rejects.toMatchObject(appendOnly);
    await expect(database.db.execute(sql`DELETE FROM audit_events`)).rejects.toMatchObject(appendOnly);
    const rows = await database.db.select().from(auditEvents);
    expect(rows.map((r) => r.action)).toEqual(["test.event"]);
  });

  it("running the migrations twice is harmless", async () => {
    await database.migrate();
    const rows = await database.db.select().from(organizations);
    expect(rows).toHaveLength(1);
  });
});
