/** `spreekuur channels list|poll` as a child process against a PostgreSQL test database. */
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connectWithCredentials } from "../../src/channels/service/connect-with-credentials.ts";
import { SecretBox } from "../../src/lib/secrets.ts";
import { createTestDatabase, type TestDatabase } from "../db.ts";
import { buildContext, buildOrganisation } from "../factories.ts";
import { runCli } from "../cli/process.ts";

let database: TestDatabase;
let env: NodeJS.ProcessEnv;
let slug: string;

beforeAll(async () => {
  database = await createTestDatabase("postgres");
  const key = randomBytes(32);
  const ctx = buildContext(database.db, { secrets: new SecretBox(key) });
  const org = await buildOrganisation(database.db);
  slug = org.slug;
  await connectWithCredentials(ctx, { orgId: org.id, actor: { kind: "cli", label: "cli" }, network: "sandbox", values: {} });
  env = { DATABASE_URL: database.url, SPREEKUUR_SECRET_KEY: key.toString("base64") };
});
afterAll(async () => {
  await database.close();
});

describe("spreekuur channels", () => {
  it("lists networks and channels", async () => {
    const result = await runCli(["channels", "list", "--org", slug], env);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("sandbox    ingesteld");
    expect(result.stdout).toContain("Sandbox – oefenomgeving");
  });

  it("polls, and a second poll finds nothing new", async () => {
    const first = await runCli(["channels", "poll", "--org", slug], env);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/sandbox Sandbox – oefenomgeving: [1-9]\d* nieuw, 0 al bekend/);
    const second = await runCli(["channels", "poll", "--org", slug], env);
    expect(second.stdout).toContain(": 0 nieuw");
  });

  it("fails clearly for an unknown organisation", async () => {
    const result = await runCli(["channels", "poll", "--org", "bestaat-niet"], env);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain("bestaat-niet");
  });
});
