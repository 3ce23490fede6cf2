import { describe, expect, it } from "vitest";
import { runCli } from "./process.ts";

describe("spreekuur triage (child process)", () => {
  it("answers each JSON line, reports bad lines and goes on", async () => {
    const input = [
      JSON.stringify({ id: 1, text: "ik zie het niet meer zitten" }),
      "nope",
      JSON.stringify({ id: 3 }),
      JSON.stringify({ id: 4, text: "Hoe laat is de griepprik?" }),
    ].join("\n");
    const result = await runCli(["triage", "--format", "jsonl"], {}, input);
    const lines = result.stdout.trim().split("\n").map((l) => JSON.parse(l));
    expect(lines).toHaveLength(4);
    expect(lines[0]).toMatchObject({ id: 1, language: "nl", intent: "crisis", sentiment: "negative", urgency: "critical", pii: [] });
    expect(Object.keys(lines[0])).toEqual(expect.arrayContaining(["id", "language", "intent", "sentiment", "topics", "urgency", "reasons", "pii"]));
    expect(lines[1]).toMatchObject({ id: null, error: { code: "invalid_json" } });
    expect(lines[2]).toMatchObject({ id: 3, error: { code: "invalid_input" } });
    expect(lines[3]).toMatchObject({ id: 4, intent: "question", topics: ["vaccinatie"] });
    expect(result.code).toBe(1);
  });

  it("prints a readable report for one message", async () => {
    const result = await runCli(["triage", "mijn vader praat ineens raar en zijn mond hangt scheef"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Soort: Spoed/);
    expect(result.stdout).toContain("112");
  });
});
