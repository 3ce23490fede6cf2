import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "../db.ts";
import { runCli, startServe, stop } from "./process.ts";

describe("spreekuur CLI (child processes)", () => {
  const dir = mkdtempSync(join(tmpdir(), "spreekuur-cli-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("serves /healthz on the embedded database, seeds the demo once, and refuses a second owner of the data dir", async () => {
    const dataDir = join(dir, "data");
    const first = await startServe(["--data-dir", dataDir, "--demo"]);
    try {
      const health = await fetch(`${first.url}/healthz`);
      expect(await health.json()).toEqual({ status: "ok", database: "pglite" });
      expect(first.output()).toMatch(/beheer@demo-delinde\.test\s+\S{23}/);
      expect(existsSync(join(dataDir, "spreekuur.lock"))).toBe(true);

      const second = await runCli(["serve", "--port", "0", "--data-dir", dataDir]);
      expect(second.code).not.toBe(0);
      expect(second.stderr.trim().split("\n")).toHaveLength(1);
      expect(second.stderr).toMatch(/in use by another Spreekuur process/);
      // The first process is unharmed.
      expect((await fetch(`${first.url}/healthz`)).status).toBe(200);
    } finally {
      expect(await stop(first.child)).toBe(0);
    }
    expect(existsSync(join(dataDir, "spreekuur.lock"))).toBe(false);

    const again = await startServe(["--data-dir", dataDir, "--demo"]);
    try {
      expect(again.output()).not.toMatch(/wachtwoorden/);
      const login = await fetch(`${again.url}/api/setup`);
      expect(await login.json()).toEqual({ needsSetup: false });
    } finally {
      await stop(again.child);
    }
  });

  it("runs several processes on one PostgreSQL database (DATABASE_URL)", async () => {
    const database = await createTestDatabase("postgres");
    const env = { DATABASE_URL: database.url ?? "", SPREEKUUR_KEY_FILE: join(dir, "pg-secret.key") };
    const a = await startServe([], env);
    const b = await startServe([], env).catch(async (error: unknown) => {
      await stop(a.child);
      throw error;
    });
    try {
      for (const url of [a.url, b.url]) {
        expect(await (await fetch(`${url}/healthz`)).json()).toEqual({ status: "ok", database: "postgres" });
      }
    } finally {
      await stop(a.child);
      await stop(b.child);
      await database.close();
    }
  });

  it("exits with one clear line when the database is unreachable", async () => {
    const result = await runCli(["serve", "--port", "0"], { DATABASE_URL: "postgres://spreekuur:geheim@127.0.0.1:1/none" });
    expect(result.code).not.toBe(0);
    const lines = result.stderr.trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/Cannot connect to PostgreSQL at postgres:\/\/spreekuur:\*\*\*@127\.0\.0\.1:1\/none/);
    expect(result.stderr).not.toContain("geheim");
  });

  it("creates an organisation from a profile file and adds users, with clear errors", async () => {
    const dataDir = join(dir, "orgs");
    const profile = join(dir, "profile.json");
    writeFileSync(profile, JSON.stringify({ phones: ["010 123 4567"], staff: ["dokter Bos"], outOfHoursPhone: "0900 1515" }));
    const created = await runCli(["org", "create", "--name", "Fysiotherapie Maas", "--kind", "fysiotherapie", "--profile", profile, "-d", dataDir]);
    expect(created.stderr).toBe("");
    expect(created.stdout).toContain("slug: fysiotherapie-maas");
    expect(created.code).toBe(0);

    const added = await runCli(["user", "add", "--org", "fysiotherapie-maas", "--email", "Joost@Maas.nl", "--name", "Joost", "--role", "webcare", "-d", dataDir]);
    expect(added.code).toBe(0);
    expect(added.stdout).toMatch(/joost@maas\.nl is nu webcare/);
    expect(added.stdout).toMatch(/Wachtwoord .*: \S{23}/);

    const dup = await runCli(["org", "create", "--name", "Andere", "--slug", "fysiotherapie-maas", "-d", dataDir]);
    expect(dup.code).toBe(2);
    expect(dup.stderr).toMatch(/al in gebruik/);

    const badRole = await runCli(["user", "add", "--org", "fysiotherapie-maas", "--email", "x@y.nl", "--name", "X", "--role", "boss", "-d", dataDir]);
    expect(badRole.code).not.toBe(0);
    expect(badRole.stderr).toMatch(/expected one of: admin, webcare, reviewer, trainee/);

    writeFileSync(profile, JSON.stringify({ phones: "010" }));
    const badProfile = await runCli(["org", "create", "--name", "Kapot", "--profile", profile, "-d", dataDir]);
    expect(badProfile.code).toBe(2);
    expect(badProfile.stderr).toMatch(/phones/);

    const unknownOrg = await runCli(["user", "add", "--org", "bestaat-niet", "--email", "x@y.nl", "--name", "X", "--role", "admin", "-d", dataDir]);
    expect(unknownOrg.code).toBe(2);
    expect(unknownOrg.stderr).toMatch(/not found/);

    const migrated = await runCli(["migrate", "-d", dataDir]);
    expect(migrated.code).toBe(0);
  });

  it("prints help for every command", async () => {
    for (const args of [["--help"], ["serve", "--help"], ["migrate", "--help"], ["org", "create", "--help"], ["user", "add", "--help"]]) {
      const result = await runCli(args);
      expect(result.code).toBe(0);
      expect(result.stdout).toMatch(/^Usage: spreekuur/);
    }
    const unknown = await runCli(["frobnicate"]);
    expect(unknown.code).not.toBe(0);
    expect(unknown.stderr).toMatch(/unknown command/);
  });
});
