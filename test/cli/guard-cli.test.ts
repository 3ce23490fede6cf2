import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { main } from "../../src/cli/main.ts";
import { runCli } from "./process.ts";

const ORG = fileURLToPath(new URL("../../src/guard/corpus/org.json", import.meta.url));

async function run(args: string[], input = "") {
  const stdin = new PassThrough();
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = "";
  let err = "";
  stdout.on("data", (d: Buffer) => (out += d.toString()));
  stderr.on("data", (d: Buffer) => (err += d.toString()));
  stdin.end(input);
  const code = await main(args, { stdin, stdout, stderr });
  return { code, out, err };
}

describe("spreekuur guard", () => {
  it("answers every JSON line with one line, errors per line, and goes on", async () => {
    const input = [
      JSON.stringify({ id: "1", text: "Hoi Marieke, bel 06-12345678." }),
      "{not json",
      JSON.stringify({ id: "3", text: 42 }),
      JSON.stringify({ id: "4", text: "Bel ons op 030-1234567." }),
      JSON.stringify({ id: "5", text: "Wat vervelend dat uw knieoperatie is uitgesteld.", inReplyTo: "Mijn knieoperatie is uitgesteld" }),
      JSON.stringify({ id: "6", text: "" }),
    ].join("\n");
    const { code, out, err } = await run(["guard", "--org", ORG, "--format", "jsonl"], input);
    const lines = out.trim().split("\n").map((l) => JSON.parse(l));
    expect(lines).toHaveLength(6);
    expect(lines[0]).toMatchObject({ id: "1", verdict: "block" });
    expect(lines[0].findings).toEqual([
      expect.objectContaining({ start: 4, end: 11, text: "Marieke", category: "person_name", severity: "block" }),
      expect.objectContaining({ start: 17, end: 28, text: "06-12345678", category: "phone" }),
    ]);
    expect(typeof lines[0].suggestion).toBe("string");
    expect(lines[1]).toMatchObject({ id: null, error: { code: "invalid_json" } });
    expect(lines[2]).toMatchObject({ id: "3", error: { code: "invalid_input" } });
    expect(lines[3]).toEqual({ id: "4", verdict: "ok", findings: [] });
    expect(lines[4].findings[0]).toMatchObject({ category: "individual_medical", text: "knieoperatie" });
    expect(lines[5]).toEqual({ id: "6", verdict: "ok", findings: [] });
    expect(code).toBe(1);
    expect(err).toMatch(/2 regel/);
  });

  it("prints a readable Dutch report for one text", async () => {
    const { code, out } = await run(["guard", "--org", ORG, "Beste mevrouw Bakker, uw uitslag is binnen."]);
    expect(code).toBe(0);
    expect(out).toMatch(/^Oordeel: GEBLOKKEERD/);
    expect(out).toContain('Naam: "mevrouw Bakker"');
    expect(out).toContain("Voorstel voor een veilig antwoord");
  });

  it("refuses a missing or invalid profile with exit code 2", async () => {
    expect((await run(["guard", "--org", "/nonexistent/org.json", "tekst"])).code).toBe(2);
    const dir = mkdtempSync(join(tmpdir(), "guard-org-"));
    writeFileSync(join(dir, "org.json"), JSON.stringify({ name: "X", phones: "030-1234567" }));
    const bad = await run(["guard", "--org", join(dir, "org.json"), "tekst"]);
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/phones/);
    expect((await run(["guard", "--format", "xml", "tekst"])).code).toBe(2);
  });

  it("works as a child process from the package bin (the CLI contract)", async () => {
    const result = await runCli(["guard", "--org", ORG, "--format", "jsonl"], {}, `${JSON.stringify({ id: "x", text: "Uw BSN 111222333." })}\n`);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ id: "x", verdict: "block", findings: [{ category: "bsn", text: "111222333" }] });
  });
});
