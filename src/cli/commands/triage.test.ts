import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { runCli } from "../../../test/cli/process.ts";
import { main } from "../main.ts";
import { visibilityOf } from "./triage.ts";

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

const CONTRACT_KEYS = ["id", "language", "intent", "sentiment", "topics", "urgency", "reasons", "pii"];

describe("spreekuur triage (in process)", () => {
  it("writes one line per input line, in order, with an error line for each bad one", async () => {
    const input = [
      JSON.stringify({ id: "a", text: "Al 45 minuten in de wacht bij de huisarts #schandalig" }),
      "{geen json",
      JSON.stringify({ id: "c", text: 7 }),
      JSON.stringify({ id: "d", text: "" }),
      JSON.stringify({ id: "e", text: "😀😀😀" }),
      JSON.stringify({ id: "f", text: "Mijn BSN is 111222333, bel me op 06-12345678" }),
      JSON.stringify({ id: "g", text: "Ich habe seit drei Tagen Fieber und brauche einen Termin" }),
      JSON.stringify({ id: "h", text: "mijn zus wil niet meer leven" }),
      "[1,2]",
    ].join("\n");
    const { code, out, err } = await run(["triage", "--format", "jsonl"], input);
    const lines = out.trim().split("\n").map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines).toHaveLength(9);
    expect(lines[0]).toMatchObject({ id: "a", intent: "complaint", language: "nl" });
    expect(Object.keys(lines[0] ?? {})).toEqual(expect.arrayContaining(CONTRACT_KEYS));
    expect(lines[1]).toMatchObject({ id: null, error: { code: "invalid_json" } });
    expect(lines[2]).toMatchObject({ id: "c", error: { code: "invalid_input" } });
    expect(lines[3]).toMatchObject({ id: "d", intent: "other", urgency: "low" });
    expect(lines[4]).toMatchObject({ id: "e", intent: "other", sentiment: "neutral", urgency: "low" });
    const pii = lines[5]?.pii as { category: string; start: number; end: number; text: string }[];
    expect(pii.map((p) => p.category).sort()).toEqual(["bsn", "phone"]);
    expect(pii[0]).toEqual({ start: expect.any(Number), end: expect.any(Number), text: expect.any(String), category: expect.any(String) });
    expect(String(lines[5]?.suggestedReply)).toMatch(/privé|persoonlijk|bericht/i);
    expect(lines[6]).toMatchObject({ id: "g", language: "other" });
    expect(lines[7]).toMatchObject({ id: "h", intent: "crisis", urgency: "critical" });
    expect(lines[8]).toMatchObject({ error: { code: "invalid_input" } });
    expect(code).toBe(1);
    expect(err).toContain("regel");
  });

  it("exits 0 when every line was classified", async () => {
    const { code, out } = await run(["triage", "--format", "jsonl"], `${JSON.stringify({ id: 1, text: "Top geholpen, dank!" })}\n`);
    expect(code).toBe(0);
    expect(JSON.parse(out)).toMatchObject({ id: 1, intent: "praise", sentiment: "positive" });
  });

  it("prints a Dutch report with reasons for one text, and rejects bad arguments", async () => {
    const report = await run(["triage", "ik zie het niet meer zitten"]);
    expect(report.code).toBe(0);
    expect(report.out).toMatch(/^Soort: Crisis/);
    expect(report.out).toContain("Waarom:");
    expect(report.out).toContain("0800-0113");
    const noText = await run(["triage"]);
    expect(noText.code).toBe(2);
    expect(noText.err).toContain("geef het bericht");
    const badFormat = await run(["triage", "--format", "xml", "hoi"]);
    expect(badFormat.code).toBe(2);
    const both = await run(["triage", "--format", "jsonl", "hoi"]);
    expect(both.code).toBe(2);
  });
});

describe("spreekuur triage (child process, clean-checkout contract)", () => {
  it("node bin/spreekuur.js triage --format jsonl answers every line", async () => {
    const input = [JSON.stringify({ id: 1, text: "Mijn man heeft pijn op de borst" }), "kapot", JSON.stringify({ id: 3, text: "Wanneer is de griepprik?" })].join("\n");
    const result = await runCli(["triage", "--format", "jsonl"], {}, input);
    const lines = result.stdout.trim().split("\n").map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatchObject({ id: 1, intent: "emergency", urgency: "critical" });
    expect(lines[1]).toMatchObject({ id: null, error: { code: "invalid_json" } });
    expect(lines[2]).toMatchObject({ id: 3, intent: "question", topics: ["vaccinatie"] });
    expect(result.code).toBe(1);
  });
});

describe("spreekuur triage --format jsonl: visibility", () => {
  it("reads the optional visibility field; bad values are errors", () => {
    expect(visibilityOf({ id: 1, text: "x" })).toBe("public");
    expect(visibilityOf({ id: 1, text: "x", visibility: "public" })).toBe("public");
    expect(visibilityOf({ id: 1, text: "x", visibility: "private" })).toBe("private");
    expect(() => visibilityOf({ id: 1, text: "x", visibility: "direct" })).toThrow(/"visibility" moet "public" of "private" zijn/);
  });

  it("warns about personal data on public lines only, and reports a bad visibility per line", async () => {
    const text = "Hallo, mijn BSN is 111222333, kunt u mijn inschrijving regelen?";
    const input = [
      JSON.stringify({ id: "pub", text }),
      JSON.stringify({ id: "priv", text, visibility: "private" }),
      JSON.stringify({ id: "bad", text, visibility: "dm" }),
    ].join("\n");
    const result = await runCli(["triage", "--format", "jsonl"], {}, input);
    const [pub, priv, bad] = result.stdout.trim().split("\n").map((l) => JSON.parse(l));
    expect(pub).toMatchObject({ id: "pub", urgency: "high", pii: [{ category: "bsn", text: "111222333" }] });
    expect(pub.suggestedReply).toContain("privébericht");
    expect(priv).toMatchObject({ id: "priv", pii: [{ category: "bsn", text: "111222333" }] });
    expect(priv.urgency).not.toBe("high");
    expect(priv.suggestedReply).toBeUndefined();
    expect(priv.reasons.join(" ")).not.toContain("openbaar gedeeld");
    expect(bad).toMatchObject({ id: "bad", error: { code: "invalid_input" } });
    expect(result.code).toBe(1);
  });
});
